"""Hosts in parallel, one thread per origin; within an origin, one request at a time, paced.

Per origin: robots.txt first, then each start (column) page and its pagination, the kept items'
article pages and their attachments. Every problem becomes an event with a reason (and, for a
document, its provenance), never an exception out of the run."""
from __future__ import annotations

import re
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable
from urllib.parse import urljoin, urlsplit

from etl.fetch import store
from etl.fetch.attachments import document_links, is_document_url, link_scheme_problem
from etl.fetch.http import Fetched, PoliteClient, origin_of
from etl.fetch.lists import ListedItem, ListError, json_total_pages, looks_like_html, other_pages, \
    parse_dataproxy_answer, parse_hanweb_get_answer, parse_json_list, parse_list_page
from etl.fetch.politeness import OriginPacer
from etl.fetch.robots import Robots, robots_from_response
from etl.fetch.state import FetchState, utc_now
from etl.fetch.titles import classify_title, is_report_column, title_year

CONTACT_URL = "https://github.com/xxgk-project/xxgk"
DEFAULT_USER_AGENT = f"xxgk/0.1 (+{CONTACT_URL}; annual disclosure reports research collector)"
UNRELATED = frozenset({"not an annual disclosure report", "no title"})
# a link to a column rather than to a report: a directory, an index page, a Hanweb column
_COLUMN_URL = re.compile(r"/$|/index(?:_\d+)?\.s?html?$|/col/col\d+/|[?&](?:columnid|colid|channelid)=", re.I)


@dataclass
class FetchOptions:
    delay: float = 1.0
    timeout: float = 30.0
    user_agent: str = DEFAULT_USER_AGENT
    since: int | None = None
    max_pages: int = 50           # list pages (and dataproxy/JSON calls) per start URL
    max_doc_bytes: int = 50 * 1024 * 1024
    dry_run: bool = False
    max_retries: int = 3
    backoff_base: float | None = None  # default: the delay (so backoff scales with politeness)
    backoff_cap: float = 60.0
    max_redirects: int = 5
    parallel_hosts: int = 64
    max_crawl_delay: float = 60.0  # a host asking for more is skipped with the reason, not crawled for days


@dataclass
class HostStats:
    origin: str
    pages: int = 0
    items: int = 0
    documents: int = 0
    unchanged: int = 0
    changed: int = 0
    bytes: int = 0
    requests: int = 0
    retries: int = 0
    robots_skipped: int = 0
    skipped_items: int = 0
    duplicates: int = 0
    problems: int = 0
    min_gap: float | None = None  # smallest gap between two request starts, as the pacer granted them
    done: bool = False
    start_errors: list[str] = field(default_factory=list)
    would_fetch: list[ListedItem] = field(default_factory=list)


@dataclass
class FetchSummary:
    hosts: list[HostStats]
    seconds: float
    interrupted: bool
    resumed: bool
    events: list[tuple]

    @property
    def start_errors(self) -> list[str]:
        return [e for h in self.hosts for e in h.start_errors]


class HostCrawler:
    def __init__(self, origin: str, starts: list[str], opts: FetchOptions, state: FetchState, root: Path,
                 stop: threading.Event, progress: Callable[[HostStats], None]):
        self.origin, self.starts, self.opts, self.state, self.root = origin, starts, opts, state, root
        self.stop, self.progress = stop, progress
        self.stats = HostStats(origin)
        self.pacer = OriginPacer(opts.delay, stop)
        self.robots = Robots(allow_all=True)
        self.client = PoliteClient(origin, self.pacer, opts.user_agent, opts.timeout, opts.max_doc_bytes,
                                   opts.max_retries, opts.backoff_base if opts.backoff_base is not None
                                   else max(opts.delay, 0.05), opts.backoff_cap, opts.max_redirects,
                                   allowed=lambda url: self.robots.allowed(url))
        self.seen_items: set[str] = set()
        self.seen_docs: set[str] = set()
        self.list_pages: set[str] = set()  # never saved as items (a column linking to itself)

    # -- bookkeeping ----------------------------------------------------------------------------
    def _event(self, url: str, kind: str, reason: str, item: ListedItem | None = None) -> None:
        if self.stop.is_set() and reason.endswith("stopped"):  # not a problem of the page: the run was stopped
            return
        if kind in ("problem", "start"):
            self.stats.problems += 1
        self.state.event(self.origin, url, kind, reason, item.list_page if item else None,
                         item.title if item else None)

    def _get(self, url: str, **kw) -> Fetched:
        got = self.client.request(url, **kw)
        c = self.client.counters
        self.stats.requests, self.stats.retries, self.stats.bytes = c.requests, c.retries, c.bytes
        self.stats.min_gap = self.pacer.min_gap if self.pacer.min_gap != float("inf") else None
        if got.robots_blocked:
            self.stats.robots_skipped += 1
        self.progress(self.stats)
        return got

    # -- the run --------------------------------------------------------------------------------
    def run(self) -> HostStats:
        try:
            self._read_robots()
            if self.robots.disallow_all:
                for s in self.starts:
                    self.stats.start_errors.append(f"{s}: {self.robots.note}")
                    self._event(s, "start", self.robots.note)
                return self.stats
            for start in self.starts:
                if self.stop.is_set():
                    break
                self._crawl_list(start)
        except Exception as e:  # a bug must not end the other hosts' crawl: reported, not raised
            self._event(self.origin, "problem", f"crawler error: {type(e).__name__}: {e}")
        finally:
            self.client.close()
            self.stats.done = True
            self.progress(self.stats)
        return self.stats

    def _read_robots(self) -> None:
        got = self._get(urljoin(self.origin + "/", "/robots.txt"), check_robots=False)
        status = None if got.error and got.status is None else got.status
        if (got.error or "").startswith("redirected to another origin"):
            status = 404  # we never follow it there: as good as no robots.txt here (RFC 9309 allows either)
        if got.error and got.error.startswith("larger"):
            status = 200
            got.body = b""
        self.robots = robots_from_response(status, got.body, self.opts.user_agent)
        if status is None:
            self.robots.note = f"host unreachable ({got.error})"
        elif (got.error or "").startswith("redirected to another origin"):
            self.robots.note = f"robots.txt {got.error}: read as no robots.txt"
        asked = self.robots.crawl_delay()
        if asked is not None and asked > self.opts.max_crawl_delay:
            self.robots.disallow_all = True
            self.robots.note = (f"robots.txt asks for Crawl-delay {asked:g} s, more than the "
                                f"{self.opts.max_crawl_delay:g} s this run waits: the host is skipped")
        else:
            self.pacer.raise_delay(asked)
        if self.robots.note not in ("robots.txt read",):
            self._event(got.url, "robots", self.robots.note)

    def _crawl_list(self, start: str) -> None:
        queue, seen, calls = deque([start]), {start}, 0
        if start.endswith("/"):
            seen.add(start + "index.html")
        self.list_pages |= seen
        while queue and not self.stop.is_set():
            page_url = queue.popleft()
            if calls >= self.opts.max_pages:
                self._event(page_url, "problem", f"--max-pages {self.opts.max_pages} reached: the rest of the "
                            "list is not followed (a pagination loop or calendar trap?)")
                break
            calls += 1
            got = self._get(page_url)
            if not got.ok:
                reason = got.error or f"HTTP {got.status}"
                if page_url == start:
                    self.stats.start_errors.append(f"{start}: {reason}")
                    self._event(start, "start", reason)
                else:
                    self._event(page_url, "problem", f"list page: {reason}")
                continue
            if not looks_like_html(got.body) and "html" not in got.content_type:
                if page_url == start:
                    self.stats.start_errors.append(f"{start}: not a list page (the answer is not HTML)")
                    self._event(start, "start", "not a list page (the answer is not HTML)")
                continue
            listing = parse_list_page(got.final_url, got.body, got.content_type)
            self.list_pages.add(got.final_url)
            in_column = is_report_column(listing.heading)
            reportish = [i for i in listing.items if classify_title(i.title, in_column).reason not in UNRELATED]
            if not reportish and not listing.has_list_structure and listing.refresh \
                    and origin_of(listing.refresh) == self.origin and listing.refresh not in seen:
                # a column page that forwards by <meta refresh> to where the list is (a redirect hop)
                seen.add(listing.refresh)
                self.list_pages.add(listing.refresh)
                queue.appendleft(listing.refresh)
                if page_url == start:
                    start = listing.refresh
                continue
            if page_url == start and not reportish and not listing.has_list_structure:
                reason = "not a list page (no report links, pagination or list script)"
                self.stats.start_errors.append(f"{start}: {reason}")
                self._event(start, "start", reason)
                return
            self.stats.pages += 1
            for nxt in listing.pages:
                if origin_of(nxt) == self.origin and nxt not in seen:
                    seen.add(nxt)
                    self.list_pages.add(nxt)
                    queue.append(nxt)
            self._items(listing.items, in_column)
            budget = lambda: not self.stop.is_set() and calls < self.opts.max_pages  # noqa: E731
            proxy_failed = False
            for req in listing.proxy_requests:
                if not budget():
                    break
                calls += 1
                answer = self._get(req.url, method="POST", data=req.form)
                try:
                    if not answer.ok:
                        raise ListError(f"dataproxy: {answer.error or f'HTTP {answer.status}'}")
                    self._items(parse_dataproxy_answer(req.url, answer.body, got.final_url, answer.content_type),
                                in_column)
                    self.stats.pages += 1
                except ListError as e:
                    self._event(req.url, "problem", str(e))
                    proxy_failed = True
                    break
            if listing.hanweb_get and proxy_failed:
                # newer jpage proxies answer GET ?page=N with <totalpage>: the <nextgroup> link's form
                calls = self._hanweb_get_pages(listing.hanweb_get, got.final_url, in_column, calls)
            apis = deque(listing.json_apis)
            while apis and budget():
                api = apis.popleft()
                calls += 1
                answer = self._get(api)
                if not answer.ok:
                    self._event(api, "problem", f"JSON list: {answer.error or f'HTTP {answer.status}'}")
                    continue
                try:
                    self._items(parse_json_list(api, answer.body, got.final_url), in_column)
                    self.stats.pages += 1
                except ListError as e:
                    self._event(api, "problem", str(e))
                    continue
                first_call = api in listing.json_apis  # only the script's own call counts the pages
                for nxt in other_pages(api, json_total_pages(answer.body) or 0) if first_call else ():
                    if nxt not in seen:
                        seen.add(nxt)
                        apis.append(nxt)
            if calls >= self.opts.max_pages and (queue or apis):
                self._event(page_url, "problem", f"--max-pages {self.opts.max_pages} reached: the rest of the "
                            "list is not followed (a pagination loop or calendar trap?)")
                break

    def _hanweb_get_pages(self, template: str, list_page: str, in_column: bool, calls: int) -> int:
        page_no, total = 1, None
        while not self.stop.is_set() and calls < self.opts.max_pages and (total is None or page_no <= total):
            numbered = other_pages(template, page_no) if page_no > 1 else [template]
            if not numbered:  # the link has no page parameter to count with
                break
            url = numbered[-1]
            calls += 1
            answer = self._get(url)
            try:
                if not answer.ok:
                    raise ListError(f"dataproxy: {answer.error or f'HTTP {answer.status}'}")
                items, stated = parse_hanweb_get_answer(answer.body, list_page, answer.content_type)
            except ListError as e:
                self._event(url, "problem", str(e))
                break
            self.stats.pages += 1
            self._items(items, in_column)
            total = stated if stated is not None else (page_no if not items else None)
            if total is None and not items:
                break
            page_no += 1
        return calls

    def _items(self, items: list[ListedItem], in_column: bool = False) -> None:
        for item in items:
            if self.stop.is_set():
                return
            verdict = classify_title(item.title, in_column)
            if item.url in self.seen_items:  # listed twice (or on every page, like a footer link)
                self.stats.duplicates += int(verdict.keep)
                continue
            self.seen_items.add(item.url)
            if verdict.keep and (item.url in self.list_pages or (title_year(item.title) is None
                                                                 and _COLUMN_URL.search(item.url))):
                verdict = verdict.__class__(False, "a link to a column (a list page), not a report")
            if not verdict.keep:
                if verdict.reason not in UNRELATED:
                    self.stats.skipped_items += 1
                    self._event(item.url, "skipped", verdict.reason, item)
                continue
            year = title_year(item.title)
            if self.opts.since and year and year < self.opts.since:
                self._event(item.url, "skipped", f"before --since {self.opts.since}", item)
                continue
            if problem := self._link_problem(item.url):
                self._event(item.url, "problem", problem, item)
                continue
            self.stats.items += 1
            if self.opts.dry_run:
                self.stats.would_fetch.append(item)
                continue
            if is_document_url(item.url):
                self._document(item.url, item, role="document")
                continue
            article = self._document(item.url, item, role="article")
            if article is None:
                continue
            body, content_type, served_from = article
            if store.sniff(body) not in ("html", "unknown"):  # the listed link served a file, not a page
                continue
            for link in document_links(served_from, body, content_type):
                if self.stop.is_set():
                    return
                if problem := self._link_problem(link.url):
                    self._event(link.url, "problem", f"attachment: {problem}", item)
                    continue
                self._document(link.url, item, role="attachment", article=item.url)

    def _link_problem(self, url: str) -> str | None:
        if problem := link_scheme_problem(url):
            return problem
        if origin_of(url) != self.origin:
            return f"on another origin ({origin_of(url)}): not fetched"
        if not self.robots.allowed(url):
            self.stats.robots_skipped += 1
            return "disallowed by robots.txt"
        return None

    def _document(self, url: str, item: ListedItem, role: str, article: str | None = None
                  ) -> tuple[bytes, str, str] | None:
        """Fetch (conditionally) and save one document; its bytes, Content-Type and the URL it was
        served from (after redirects), or None."""
        if url in self.seen_docs:
            return None
        self.seen_docs.add(url)
        known = self.state.known(url)
        if known and known.checked_run == self.state.run_id:  # saved or checked earlier in this (resumed) run
            return self._stored(known)
        headers = {}
        if known and known.etag:
            headers["If-None-Match"] = known.etag
        if known and known.last_modified:
            headers["If-Modified-Since"] = known.last_modified
        got = self._get(url, headers=headers or None)
        if got.status == 304 and known:
            self.stats.unchanged += 1
            self.state.checked(url, got.headers.get("etag"), got.headers.get("last-modified"))
            return self._stored(known)
        if not got.ok:
            self._event(url, "problem", f"{role}: {got.error or f'HTTP {got.status}'}", item)
            return None
        sha = store.sha256_hex(got.body)
        etag, modified = got.headers.get("etag"), got.headers.get("last-modified")
        if known and known.sha256 == sha:
            self.stats.unchanged += 1
            self.state.checked(url, etag, modified)
            return got.body, got.content_type, got.final_url
        version = known.version + 1 if known else 1
        relpath = store.relative_path(url, got.content_type, version, got.headers.get("content-disposition"))
        try:
            store.write_document(self.root, relpath, got.body)
        except (OSError, ValueError) as e:
            self._event(url, "problem", f"{role}: not saved ({e})", item)
            return None
        note = store.content_problem(url, got.content_type, got.body)
        if note:
            self._event(url, "problem", f"{role}: {note}", item)
        now = utc_now()
        self.state.saved({
            "path": relpath, "url": url, "version": version, "final_url": got.final_url,
            "list_page": item.list_page, "article": article, "role": role, "title": item.title,
            "list_date": item.date, "fetched_at": now, "status": got.status, "etag": etag,
            "last_modified": modified, "content_type": got.content_type, "sha256": sha, "size": len(got.body),
            "first_seen": known.first_seen if known else now, "changed": int(known is not None), "note": note})
        self.stats.documents += 1
        self.stats.changed += int(known is not None)
        return got.body, got.content_type, got.final_url

    def _stored(self, known) -> tuple[bytes, str, str] | None:
        try:
            return store.safe_target(self.root, known.path).read_bytes(), "", known.final_url or known.url
        except (OSError, ValueError):
            return None


def group_by_origin(urls: list[str]) -> dict[str, list[str]]:
    groups: dict[str, list[str]] = {}
    for url in urls:
        groups.setdefault(origin_of(url), [])
        if url not in groups[origin_of(url)]:
            groups[origin_of(url)].append(url)
    return groups


def bad_start_urls(urls: list[str]) -> list[str]:
    return [f"{u}: not an http(s) URL" for u in urls if urlsplit(u).scheme not in ("http", "https")
            or not urlsplit(u).hostname]


def fetch(urls: list[str], root: Path, opts: FetchOptions, stop: threading.Event | None = None,
          progress: Callable[[HostStats], None] | None = None, argv: str = "",
          grace_seconds: float = 3.0) -> FetchSummary:
    """Collect from every start URL's origin, origins in parallel. Returns when all hosts are done,
    or within `grace_seconds` of `stop` being set (the state is consistent at any moment)."""
    began = time.monotonic()
    stop = stop or threading.Event()
    root = Path(root)
    root.mkdir(parents=True, exist_ok=True)
    store.remove_partials(root)
    state = FetchState(root, argv)
    progress = progress or (lambda stats: None)
    slots = threading.BoundedSemaphore(max(1, opts.parallel_hosts))
    crawlers = [HostCrawler(o, starts, opts, state, root, stop, progress)
                for o, starts in group_by_origin(urls).items()]

    def run(crawler: HostCrawler) -> None:
        with slots:
            if not stop.is_set():
                crawler.run()
            crawler.stats.done = True

    threads = [threading.Thread(target=run, args=(c,), daemon=True, name=f"fetch {c.origin}") for c in crawlers]
    for t in threads:
        t.start()
    stopped_at = None
    while any(t.is_alive() for t in threads):
        if stop.is_set():
            stopped_at = stopped_at or time.monotonic()
            if time.monotonic() - stopped_at > grace_seconds:
                break
        for t in threads:
            t.join(0.1)
            if stop.is_set():
                break
    interrupted = stop.is_set()
    if not interrupted:
        state.finish()
    events = state.events()
    resumed = state.resumed
    state.close()
    return FetchSummary([c.stats for c in crawlers], time.monotonic() - began, interrupted, resumed, events)
