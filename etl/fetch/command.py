"""`xxgk fetch`: options → a run, with a progress line per host and a summary. Exit codes:
0 done, 1 stopped (run again to resume), 2 a start URL that is unreachable or not a list page."""
from __future__ import annotations

import signal
import sys
import threading
from pathlib import Path

from rich.console import Console
from rich.live import Live
from rich.table import Table

from etl.fetch.crawl import FetchOptions, FetchSummary, HostStats, bad_start_urls, fetch

COLUMNS = ("pages", "items", "documents", "unchanged", "bytes", "requests", "retries", "robots_skipped",
           "skipped_items", "problems")
HEADERS = {"documents": "docs", "unchanged": "same", "requests": "reqs", "retries": "retry",
           "robots_skipped": "robots", "skipped_items": "skip", "problems": "probl"}


def host_label(origin: str) -> str:
    """`http://127.0.0.1:8001` → `127.0.0.1:8001`, `https://www.x.gov.cn:443` → `https://www.x.gov.cn`."""
    scheme, rest = origin.split("://", 1)
    host, _, port = rest.rpartition(":")
    default = {"http": "80", "https": "443"}.get(scheme)
    return (host if port == default else rest) if scheme == "http" else (f"https://{host}" if port == default
                                                                        else origin)


def say(console: Console, text: str, style: str | None = None) -> None:
    """One line as it is: no markup, no highlighting, never wrapped (an error stays one line)."""
    console.print(text, markup=False, soft_wrap=True, highlight=False, style=style)


def read_urls_file(path: Path) -> list[str]:
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return [ln.strip() for ln in lines if ln.strip() and not ln.lstrip().startswith("#")]


def hosts_table(hosts: list[HostStats], title: str) -> Table:
    t = Table(title=title, box=None)
    t.add_column("host", no_wrap=True)
    for c in COLUMNS:
        t.add_column(HEADERS.get(c, c), justify="right")
    t.add_column("")
    for h in hosts:
        t.add_row(host_label(h.origin), *(str(getattr(h, c)) for c in COLUMNS), "done" if h.done else "…")
    return t


def run_fetch_command(urls: list[str], into: Path, opts: FetchOptions, console: Console) -> int:
    if problems := bad_start_urls(urls):
        say(console, f"error: {problems[0]}")
        return 2
    if not urls:
        say(console, "error: no start URL (give URLs or --urls-file)")
        return 2
    stop = threading.Event()

    def on_signal(signum, frame):  # noqa: ARG001
        stop.set()

    previous = {s: signal.signal(s, on_signal) for s in (signal.SIGINT, signal.SIGTERM)}
    live_hosts: dict[str, HostStats] = {}
    try:
        if console.is_terminal:
            with Live(hosts_table([], "fetching"), console=console, refresh_per_second=4, transient=True) as live:
                def progress(stats: HostStats) -> None:
                    live_hosts[stats.origin] = stats
                    live.update(hosts_table(list(live_hosts.values()), "fetching"))

                summary = fetch(urls, into, opts, stop=stop, progress=progress, argv=" ".join(sys.argv[1:]))
        else:
            def progress(stats: HostStats) -> None:
                if stats.done:
                    say(console, f"{stats.origin}: {stats.pages} pages, {stats.items} items, {stats.documents} "
                                 f"documents, {stats.bytes} bytes, {stats.retries} retries, "
                                 f"{stats.robots_skipped} skipped by robots")

            summary = fetch(urls, into, opts, stop=stop, progress=progress, argv=" ".join(sys.argv[1:]))
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
    return report(summary, into, opts, console)


def report(summary: FetchSummary, into: Path, opts: FetchOptions, console: Console) -> int:
    console.print(hosts_table(summary.hosts, f"fetch → {into}" + (" (dry run)" if opts.dry_run else "")))
    if opts.dry_run:
        for h in summary.hosts:
            for item in h.would_fetch:
                say(console, f"  would fetch {item.url}  {item.title}  {item.date or ''}")
    skipped = [e for e in summary.events if e[2] == "skipped"]
    for origin, url, kind, reason in skipped[:10]:
        say(console, f"  skipped: {url}: {reason}", style="dim")
    if len(skipped) > 10:
        say(console, f"  … {len(skipped) - 10} more items skipped (table events)", style="dim")
    problems = [e for e in summary.events if e[2] in ("problem", "robots")]
    for origin, url, kind, reason in problems[:20]:
        say(console, f"  {kind}: {url}: {reason}", style="dim")
    if len(problems) > 20:
        say(console, f"  … {len(problems) - 20} more in {into}/.xxgk-fetch/state.sqlite (table events)")
    say(console, f"{sum(h.documents for h in summary.hosts)} documents saved, "
                 f"{sum(h.unchanged for h in summary.hosts)} unchanged, in {summary.seconds:.1f} s"
                 + (" (resumed an interrupted run)" if summary.resumed else ""))
    if summary.interrupted:
        say(console, "stopped: run the same command again to resume")
        return 1
    if summary.start_errors:
        for e in summary.start_errors:
            say(console, f"error: {e}")
        return 2
    return 0
