"""One polite request: paced per origin, redirects followed hop by hop (each hop paced and checked
against robots and the origin), retries with backoff, a size cap and a total time limit."""
from __future__ import annotations

import ssl
import threading
import time
from dataclasses import dataclass, field
from typing import Callable
from urllib.parse import urljoin, urlsplit

import httpx

from etl.fetch.politeness import RETRY_STATUSES, OriginPacer, backoff_seconds, retry_after_seconds

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
_TLS: ssl.SSLContext | None = None
_TLS_LOCK = threading.Lock()


def shared_tls_context() -> ssl.SSLContext:
    """One TLS context for every host's client: each context loads the CA bundle (~0.5 MiB), which
    made memory grow with the number of hosts."""
    global _TLS
    with _TLS_LOCK:
        if _TLS is None:
            import certifi

            _TLS = ssl.create_default_context(cafile=certifi.where())
        return _TLS


def origin_of(url: str) -> str:
    """scheme://host:port, the unit of politeness (127.0.0.1:8001 and :8002 are two sites)."""
    parts = urlsplit(url)
    port = parts.port or {"http": 80, "https": 443}.get(parts.scheme, 0)
    return f"{parts.scheme}://{(parts.hostname or '').lower()}:{port}"


@dataclass
class Fetched:
    url: str
    final_url: str
    status: int | None = None
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    error: str | None = None  # why there is no usable answer (timed out, too large, redirect loop …)
    robots_blocked: bool = False

    @property
    def ok(self) -> bool:
        return self.error is None and self.status is not None and 200 <= self.status < 300

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")


@dataclass
class HttpCounters:
    requests: int = 0
    retries: int = 0
    bytes: int = 0


class PoliteClient:
    """All requests to one origin. Not shared between threads: one origin, one thread."""

    def __init__(self, origin: str, pacer: OriginPacer, user_agent: str, timeout: float, max_bytes: int,
                 max_retries: int = 3, backoff_base: float = 1.0, backoff_cap: float = 60.0,
                 max_redirects: int = 5, allowed: Callable[[str], bool] | None = None):
        self.origin = origin
        self.pacer = pacer
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.max_retries = max_retries
        self.backoff_base = backoff_base
        self.backoff_cap = backoff_cap
        self.max_redirects = max_redirects
        self.allowed = allowed or (lambda url: True)
        self.counters = HttpCounters()
        self._client = httpx.Client(headers={"User-Agent": user_agent}, follow_redirects=False,
                                    timeout=httpx.Timeout(timeout), trust_env=False, verify=shared_tls_context())

    def close(self) -> None:
        self._client.close()

    def request(self, url: str, method: str = "GET", data: dict | None = None,
                headers: dict[str, str] | None = None, check_robots: bool = True) -> Fetched:
        current, seen = url, {url}
        for _hop in range(self.max_redirects + 1):
            if origin_of(current) != self.origin:
                return Fetched(url, current, error=f"redirected to another origin ({origin_of(current)})")
            if check_robots and not self.allowed(current):
                return Fetched(url, current, error="disallowed by robots.txt", robots_blocked=True)
            got = self._with_retries(url, current, method, data, headers)
            location = got.headers.get("location")
            if got.error or got.status not in REDIRECT_STATUSES or not location:
                return got
            nxt = urljoin(current, location.strip())
            if urlsplit(nxt).scheme not in ("http", "https"):
                return Fetched(url, current, got.status, got.headers, error=f"redirect to a {urlsplit(nxt).scheme}: link")
            if nxt in seen:
                return Fetched(url, current, got.status, got.headers, error="redirect loop")
            seen.add(nxt)
            if got.status == 303 or (got.status in (301, 302) and method == "POST"):
                method, data = "GET", None
            current = nxt
        return Fetched(url, current, error=f"more than {self.max_redirects} redirects")

    def _with_retries(self, url: str, current: str, method: str, data: dict | None,
                      headers: dict[str, str] | None) -> Fetched:
        got = Fetched(url, current, error="not requested")
        for attempt in range(self.max_retries + 1):
            if not self.pacer.start():
                return Fetched(url, current, error="stopped")
            self.counters.requests += 1
            got = self._once(url, current, method, data, headers)
            timed_out = (got.error or "").startswith("timed out")
            retryable = got.status in RETRY_STATUSES or timed_out or (got.error or "").startswith("connection")
            # a page that never answers is asked once more, not max_retries times (each try costs --timeout)
            if not retryable or attempt == self.max_retries or (timed_out and attempt >= 1):
                return got
            asked = retry_after_seconds(got.headers.get("retry-after"))
            if asked is not None and asked > self.backoff_cap:  # asking again sooner would be rude
                got.error = f"HTTP {got.status}, Retry-After {asked:g} s is longer than this run waits"
                return got
            self.counters.retries += 1
            self.pacer.hold(backoff_seconds(attempt, self.backoff_base, self.backoff_cap, asked))
        return got

    def _once(self, url: str, current: str, method: str, data: dict | None,
              headers: dict[str, str] | None) -> Fetched:
        deadline = time.monotonic() + self.timeout
        try:
            with self._client.stream(method, current, data=data, headers=headers) as r:
                self.pacer.answered()
                hdrs = {k.lower(): v for k, v in r.headers.items()}
                declared = hdrs.get("content-length", "")
                if declared.isdigit() and int(declared) > self.max_bytes:
                    return Fetched(url, current, r.status_code, hdrs, error=self._too_large())
                chunks, size = [], 0
                for chunk in r.iter_bytes():
                    size += len(chunk)
                    if size > self.max_bytes:
                        return Fetched(url, current, r.status_code, hdrs, error=self._too_large())
                    if time.monotonic() > deadline:
                        return Fetched(url, current, r.status_code, hdrs,
                                       error=f"timed out after {self.timeout:g} s (body still arriving)")
                    if self.pacer.stop.is_set():
                        return Fetched(url, current, r.status_code, hdrs, error="stopped")
                    chunks.append(chunk)
                self.counters.bytes += size
                return Fetched(url, current, r.status_code, hdrs, b"".join(chunks))
        except httpx.TimeoutException:
            self.pacer.answered()
            return Fetched(url, current, error=f"timed out after {self.timeout:g} s")
        except httpx.TransportError as e:
            self.pacer.answered()
            return Fetched(url, current, error=f"connection failed: {type(e).__name__}")
        except httpx.HTTPError as e:  # a malformed answer (bad headers, broken encoding)
            self.pacer.answered()
            return Fetched(url, current, error=f"bad HTTP answer: {type(e).__name__}")

    def _too_large(self) -> str:
        return f"larger than the size cap ({self.max_bytes / 1048576:g} MB)"
