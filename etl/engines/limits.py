"""Per-file limits, all configurable (`xxgk ingest --max-file-mb --max-pages --timeout`).

The time limit is enforced twice: softly inside the worker with SIGALRM (`time_limit`),
which ends slow Python code cleanly, and hard by the parent killing the worker process
(etl/engines/local.py), for C code such as pdfium that does not return to Python.
"""
from __future__ import annotations

import signal
from contextlib import contextmanager
from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    max_file_bytes: int = 100 * 1024 * 1024
    max_pages: int = 500
    timeout_seconds: float = 120.0  # 0 or less: no time limit
    # memory a worker may add to what it has when it starts (0: no limit). A file that needs
    # more (a table with absurd spans, a decompression bomb inside a PDF) fails with
    # MemoryError instead of pushing the machine into the OOM killer.
    max_memory_mb: int = 4096


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


def cap_memory(extra_mb: int) -> None:
    """Limit this process's address space to its current size plus `extra_mb` (Linux; a no-op
    where the resource module or /proc is missing)."""
    if extra_mb <= 0:
        return
    try:
        import resource

        with open("/proc/self/status") as fh:
            vm_kb = next(int(line.split()[1]) for line in fh if line.startswith("VmSize:"))
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        limit = vm_kb * 1024 + extra_mb * 1024 * 1024
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    except (ImportError, OSError, StopIteration, ValueError):
        pass


def count_pages(file_format: str | None, data: bytes) -> int | None:
    """The page count when it is cheap to know before reading (PDF: from the page tree),
    so the page limit is applied before a huge document is read. None otherwise."""
    if file_format != "pdf" or b"%PDF-" not in data[:1024]:
        return None
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        return None  # the reader gives the reason
    try:
        return len(pdf)
    finally:
        pdf.close()
