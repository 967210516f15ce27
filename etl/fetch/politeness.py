"""Per-origin pacing: one request in flight, at least `delay` seconds between request starts, backoff."""
from __future__ import annotations

import email.utils
import threading
import time
from dataclasses import dataclass, field

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})


@dataclass
class OriginPacer:
    """Holds one origin's clock. `start()` blocks until the next request may begin, and returns False
    when the run is stopping; `answered()` is called when its answer begins. Every request (each
    redirect hop, each retry) goes through both, so two request starts are at least `delay` apart,
    as seen by us and by the server."""
    delay: float
    stop: threading.Event = field(default_factory=threading.Event)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _next_start: float = 0.0
    _last_start: float = float("-inf")
    _last_answer: float = float("-inf")
    requests: int = 0
    min_gap: float = float("inf")  # the smallest gap between two starts so far (for the benchmark)

    def raise_delay(self, seconds: float | None) -> None:
        """Crawl-delay from robots.txt: only ever slower than asked, never faster."""
        if seconds and seconds > self.delay:
            with self._lock:
                self.delay = float(seconds)
                self._next_start = max(self._next_start, self._last_start + self.delay,
                                       self._last_answer + self.delay)

    def answered(self) -> None:
        """The previous request's answer has begun (or it failed): the next one starts no sooner
        than `delay` from now too. The server saw the previous request arrive before it answered, so
        the gap in the server's own log is at least `delay` however late our start or its log was
        (with starts alone, a few milliseconds of scheduling jitter showed as gaps under the delay)."""
        with self._lock:
            self._last_answer = time.monotonic()
            self._next_start = max(self._next_start, self._last_answer + self.delay)

    def hold(self, seconds: float) -> None:
        """No request before `seconds` from now (Retry-After, backoff)."""
        with self._lock:
            self._next_start = max(self._next_start, time.monotonic() + seconds)

    def start(self) -> bool:
        while True:
            with self._lock:
                now = time.monotonic()
                wait = self._next_start - now
                if wait <= 0:
                    self.min_gap = min(self.min_gap, now - self._last_start)
                    self._last_start = now
                    self._next_start = now + self.delay
                    self.requests += 1
                    return not self.stop.is_set()
            if self.stop.wait(min(wait, 0.5)):
                return False


def retry_after_seconds(value: str | None, now: float | None = None) -> float | None:
    """Retry-After as seconds: an integer, or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - (now if now is not None else time.time()))


def backoff_seconds(attempt: int, base: float, cap: float, retry_after: float | None = None) -> float:
    """Exponential backoff (base, 2·base, 4·base …), at least what Retry-After asks, at most `cap`."""
    wait = base * (2 ** attempt)
    if retry_after is not None:
        wait = max(wait, retry_after)
    return min(wait, cap)
