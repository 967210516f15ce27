"""Benchmark `xxgk fetch` on local fixture portals: N hosts × R reports at --delay D.

    .venv/bin/python bench/fetch.py                       # 50 hosts × 20 reports at 0.2 s
    .venv/bin/python bench/fetch.py --write-docs          # also records the results in docs/benchmarks.md
    .venv/bin/python bench/fetch.py --hosts 2 --reports 2 --delay 0.05 --memory-hosts ""   # a smoke run

The floor is politeness itself: a host cannot be collected faster than its request count × the
delay, so the whole collection is measured against the busiest host's bound (hosts run in
parallel). The fixture portals run in a separate process (tests/fetch/portal.py), the collector in
another, so its peak RSS is its own; memory is measured for several host counts. A re-run on the
same folder sends conditional requests only (304) and is measured against its own bound.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def portal_routes(host: int, reports: int) -> dict:
    from tests.fetch.portal import Page
    from tests.fetch.sites import pdf, trs_article, trs_li, trs_list_page

    per_page = 10
    pages = max(1, -(-reports // per_page))
    routes = {"/robots.txt": Page(b"User-agent: *\nDisallow: /admin/\n", "text/plain")}
    for p in range(pages):
        items = [trs_li(f"./t{host}_{k}.html", f"第{host}号机关{2000 + k}年政府信息公开工作年度报告", "2021-01-28")
                 for k in range(p * per_page, min(reports, (p + 1) * per_page))]
        routes[f"/col/{'index' if p == 0 else f'index_{p}'}.html"] = Page(
            trs_list_page(items, pages, p).encode("utf-8"))
    for k in range(reports):
        routes[f"/col/t{host}_{k}.html"] = Page(trs_article(
            f"第{host}号机关{2000 + k}年政府信息公开工作年度报告",
            f'<p>附件：<a href="./P020{host:03d}{k:04d}.pdf">报告.pdf</a></p>').encode("utf-8"))
        routes[f"/col/P020{host:03d}{k:04d}.pdf"] = Page(pdf(f"host {host} report {k}" + " " * 20_000),
                                                        "application/pdf")
    return routes


def serve(hosts: int, reports: int) -> None:
    """Start the portals, print their start URLs, and on end of stdin print what each one saw."""
    from tests.fetch.portal import Portal

    portals = [Portal(portal_routes(h, reports)).__enter__() for h in range(hosts)]
    print(json.dumps([p.url("/col/index.html") for p in portals]), flush=True)
    for line in sys.stdin:  # "log" asks for the request logs so far; end of input stops
        if line.strip() == "log":
            print(json.dumps([{"origin": p.origin, "requests": len(p.log),
                               "min_gap": min(p.gaps(), default=None)} for p in portals]), flush=True)
    for p in portals:
        p.close()


def crawl(urls_file: Path, into: Path, delay: float) -> None:
    from etl.fetch.crawl import FetchOptions, fetch

    urls = json.loads(urls_file.read_text())
    began = time.perf_counter()
    summary = fetch(urls, into, FetchOptions(delay=delay, timeout=10))
    print(json.dumps({"seconds": time.perf_counter() - began, "start_errors": summary.start_errors,
                      "hosts": [{"origin": h.origin, "requests": h.requests, "documents": h.documents,
                                 "unchanged": h.unchanged, "retries": h.retries, "min_gap": h.min_gap}
                                for h in summary.hosts]}))


def run_crawl(urls: list[str], into: Path, delay: float) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(urls, f)
    proc = subprocess.Popen([sys.executable, __file__, "--crawl", f.name, "--into", str(into), "--delay", str(delay)],
                            stdout=subprocess.PIPE, text=True, cwd=ROOT)
    out = proc.stdout.read()
    _pid, status, usage = os.wait4(proc.pid, 0)
    os.unlink(f.name)
    if status != 0:
        raise SystemExit(f"crawl failed ({status}): {out}")
    result = json.loads(out.strip().splitlines()[-1])
    result["max_rss_mib"] = usage.ru_maxrss / 1024
    busiest = max(h["requests"] for h in result["hosts"])
    result["bound"] = busiest * delay
    result["ratio"] = result["seconds"] / result["bound"]
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--hosts", type=int, default=50)
    ap.add_argument("--reports", type=int, default=20)
    ap.add_argument("--delay", type=float, default=0.2)
    ap.add_argument("--memory-hosts", default="1,10,25", help="Extra runs for memory against host count.")
    ap.add_argument("--write-docs", action="store_true")
    ap.add_argument("--json", action="store_true", help="Print the results as JSON (for the smoke test).")
    ap.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--crawl", type=Path, help=argparse.SUPPRESS)
    ap.add_argument("--into", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.serve:
        return serve(args.hosts, args.reports)
    if args.crawl:
        return crawl(args.crawl, args.into, args.delay)

    server = subprocess.Popen([sys.executable, __file__, "--serve", "--hosts", str(args.hosts),
                               "--reports", str(args.reports)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              text=True, cwd=ROOT)
    try:
        urls = json.loads(server.stdout.readline())
        work = Path(tempfile.mkdtemp(prefix="xxgk-bench-fetch-"))
        full = run_crawl(urls, work / "all", args.delay)
        server.stdin.write("log\n")
        server.stdin.flush()
        log_full = json.loads(server.stdout.readline())
        rerun = run_crawl(urls, work / "all", args.delay)
        memory = {args.hosts: full["max_rss_mib"]}
        for n in [int(x) for x in args.memory_hosts.split(",") if x.strip()]:
            if n < args.hosts:
                memory[n] = run_crawl(urls[:n], work / f"mem{n}", args.delay)["max_rss_mib"]
    finally:
        server.stdin.close()
        server.wait(timeout=30)
    results = {
        "hosts": args.hosts, "reports": args.reports, "delay": args.delay,
        "documents": sum(h["documents"] for h in full["hosts"]),
        "requests_busiest_host": max(h["requests"] for h in full["hosts"]),
        "full_seconds": full["seconds"], "full_bound": full["bound"], "full_ratio": full["ratio"],
        "min_gap_any_host": min(h["min_gap"] for h in log_full if h["min_gap"] is not None),
        "min_gap_client": min(h["min_gap"] for h in full["hosts"] if h["min_gap"] is not None),
        "rerun_seconds": rerun["seconds"], "rerun_bound": rerun["bound"], "rerun_ratio": rerun["ratio"],
        "rerun_downloaded": sum(h["documents"] for h in rerun["hosts"]),
        "rerun_unchanged": sum(h["unchanged"] for h in rerun["hosts"]),
        "retries": sum(h["retries"] for h in full["hosts"]),
        "max_rss_mib_by_hosts": dict(sorted(memory.items())),
    }
    if args.json:
        print(json.dumps(results))
    else:
        print(render(results))
    if args.write_docs:
        write_docs(render(results))


def render(r: dict) -> str:
    mem = ", ".join(f"{n} hosts {mib:.0f} MiB" for n, mib in r["max_rss_mib_by_hosts"].items())
    return "\n".join([
        f"{r['hosts']} hosts × {r['reports']} reports at --delay {r['delay']} s ({platform.python_version()}, "
        f"{os.cpu_count()} cores, {time.strftime('%Y-%m-%d')}):",
        "",
        "| measure | value | bound (busiest host's requests × delay) | ratio |",
        "| --- | --- | --- | --- |",
        f"| whole collection ({r['documents']} documents, {r['requests_busiest_host']} requests on the busiest host) "
        f"| {r['full_seconds']:.2f} s | {r['full_bound']:.2f} s | {r['full_ratio']:.3f} |",
        f"| re-run, unchanged sites ({r['rerun_unchanged']} answered 304, {r['rerun_downloaded']} downloaded) "
        f"| {r['rerun_seconds']:.2f} s | {r['rerun_bound']:.2f} s | {r['rerun_ratio']:.3f} |",
        "",
        f"Smallest gap between two request starts on one host: {r['min_gap_client']:.3f} s as the collector's "
        f"pacer started them, {r['min_gap_any_host']:.3f} s as the portals' logs saw them arrive "
        f"(delay {r['delay']} s); retries: {r['retries']}.",
        f"Peak RSS of the collector process: {mem}.",
    ])


def write_docs(text: str) -> None:
    path = ROOT / "docs" / "benchmarks.md"
    doc = path.read_text(encoding="utf-8")
    head = "## Collecting: `xxgk fetch` on local fixture portals"
    body = (f"{head}\n\n`bench/fetch.py`: each host serves a TRS column (two list pages), 20 article pages "
            f"and 20 PDF attachments from a separate process; the collector runs in its own process.\n\n{text}\n")
    if head in doc:
        start = doc.index(head)
        end = doc.find("\n## ", start + len(head))
        doc = doc[:start] + body + (doc[end + 1:] if end != -1 else "")
    else:
        doc = doc.rstrip("\n") + "\n\n" + body
    path.write_text(doc, encoding="utf-8")


if __name__ == "__main__":
    main()
