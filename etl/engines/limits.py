"""Per-file limits, all configurable (`xxgk ingest --max-file-mb/--timeout`)."""
from __future__ import annotations

import signal
from contextlib import contextmanager
from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    max_file_bytes: int = 100 * 1024 * 1024
    max_pages: int = 500
    timeout_seconds: float = 120.0


class FileTimeout(Exception):
    pass


@contextmanager
def time_limit(seconds: float):
    """Raise FileTimeout in this (main) thread after `seconds`, on Unix; a no-op elsewhere."""
    if seconds <= 0 or not hasattr(signal, "setitimer"):
        yield
        return

    def _raise(signum, frame):
        raise FileTimeout(f"extraction took longer than {seconds:g} s (time limit)")

    try:
        old = signal.signal(signal.SIGALRM, _raise)
    except ValueError:  # not the main thread (e.g. a Dask worker thread)
        yield
        return
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
