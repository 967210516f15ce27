"""The local engine: worker processes on this machine, each extracting whole files.

Why not `ProcessPoolExecutor`: a pool cannot kill one worker that hangs inside a C call
(pdfium on a pathological PDF ignores SIGALRM until it returns), and when a worker dies
(segfault, `os._exit`, the OOM killer) it breaks the whole pool and loses every pending file.
Here each worker is a process of our own with a pipe:

- the parent sends it a batch of files and the worker answers file by file, so the parent
  always knows which file a worker is on and since when;
- a file that runs past its time limit gets the worker killed (SIGKILL) and is marked
  `failed` with "time limit exceeded"; the rest of its batch goes back in the queue;
- when a worker dies, the file it was on is tried once more alone in a fresh process and the
  files of its batch not yet done are queued again one by one, so only the culprit ends
  `failed` ("worker process died ...") and nothing else is lost.

Inside the worker a soft limit (SIGALRM, see limits.py) ends most slow files cleanly first;
the hard kill a few seconds later is the backstop for code that does not return to Python.

An ingest keeps one `LocalPool` for all its chunks: a fresh worker pays for its first files
(importing a reader, compiling the HTML pass, filling the caches of checks and places: a
2021 HTML page cost ~40 ms instead of 5 as a worker's first, and ~0.9 ms more for its next
50), which a pool per chunk of 500 files would pay 20 times in 10,000 files.
A worker is replaced after `WORKER_MAX_FILES` files, so what a long run leaves in one process
(memory held by its allocator after a large file, under the worker's memory cap) stays bounded.
"""
from __future__ import annotations

import gc
import multiprocessing as mp
import os
import signal
import time
from collections import deque
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from typing import Callable, Iterable

from etl.engines.limits import FileTimeout, Limits, cap_memory, count_pages, time_limit
from etl.engines.sources import Source
from etl.model import FileResult
from etl.pipeline import extract_file, failed_result, sha256_hex, summarise_exception
from etl.read import ReadError, format_of

# Extra time a worker gets past the soft limit before it is killed.
HARD_KILL_GRACE_SECONDS = 5.0
# Files per batch sent to a worker: amortises the pipe round trip for small text files while
# keeping cores balanced and the progress bar moving.
MAX_BATCH = 16
# Files a worker extracts before it is replaced by a fresh one (see the module docstring).
WORKER_MAX_FILES = 5000

Extract = Callable[[Source, str, Limits], FileResult]


def _failed(source: Source, sha: str, error: str, size: int = 0) -> FileResult:
    return failed_result(source.source_path, sha, error, size)


def extract_source(source: Source, sha: str, limits: Limits) -> FileResult:
    """Read one source from disk and extract it within the limits. Never raises."""
    try:
        size = source.size()
    except (OSError, ReadError) as exc:
        return _failed(source, sha, f"could not read file: {exc}")
    if size > limits.max_file_bytes:
        return _failed(source, sha, f"file too large ({human_size(size)}; limit {human_size(limits.max_file_bytes)})",
                       size)
    try:
        data = source.read_bytes()
    except (OSError, ReadError) as exc:
        return _failed(source, sha, f"could not read file: {exc}", size)
    if sha256_hex(data) != sha:
        # the file was rewritten since it was hashed: its row would not match its bytes
        return _failed(source, sha, "file changed during the run (it is read again next run)", len(data))
    try:
        with time_limit(limits.timeout_seconds):
            # count pages first where that is cheap, so a 10,000-page file is not read to the end
            pages = count_pages(format_of(source.source_path.split("!")[-1]), data)
            result = None if (pages or 0) > limits.max_pages else extract_file(source.source_path, data, sha)
    except FileTimeout:
        return _failed(source, sha, time_limit_reason(limits), len(data))
    if result is not None:
        pages = result.report.get("page_count")
    if result is None or (pages and pages > limits.max_pages):
        result = _failed(source, sha, f"too many pages ({pages}; limit {limits.max_pages})", len(data))
        result.report["page_count"] = pages
    return result


def human_size(n: int) -> str:
    return f"{n / 1024 ** 2:.1f} MB" if n >= 1024 ** 2 else f"{n / 1024:.1f} KB"


def time_limit_reason(limits: Limits) -> str:
    return f"time limit exceeded (extraction took longer than {limits.timeout_seconds:g} s)"


# --- the worker process -----------------------------------------------------------------------

def _worker_main(conn: Connection, extract: Extract, limits: Limits) -> None:
    """Receive batches of (index, source, sha) and answer ("done", index, FileResult) per file."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    # Everything inherited from the parent (in a large run, its rows for every report so far)
    # goes to the permanent generation: the worker's collections then never walk it, and
    # walking it would also copy its pages into the worker (fork shares them until written).
    gc.freeze()
    # Collections far apart: a worker's caches (lines read, labels compiled) grow to ~100,000
    # tracked objects over a run, and every full collection walks them all. With the default
    # thresholds (700, 10, 10) one worker spent 0.44 s of 15.2 s CPU collecting over the 959
    # files of corpus-1000-0, 0.27 s of it in 7 full collections; what one file leaves behind
    # is freed by reference counting, not by the collector. Measured in turns with the default
    # on one core (bench/lockstep_ab.py, 4 rounds): 2021-template txt reports 1.12-1.18x
    # faster, the others 0.98-1.05x.
    gc.set_threshold(10_000, 50, 50)
    cap_memory(limits.max_memory_mb)
    while True:
        try:
            msg = conn.recv()
        except (EOFError, OSError):
            return
        if msg is None:
            return
        items, last = msg
        for index, source, sha in items:
            try:
                result = extract(source, sha, limits)
            except BaseException as exc:  # noqa: BLE001 - one file must not end the worker
                result = _failed(source, sha, summarise_exception(exc))
            try:
                conn.send(("done", index, result))
            except Exception as exc:  # noqa: BLE001 - e.g. a result that cannot be pickled
                conn.send(("done", index, _failed(source, sha, summarise_exception(exc))))
        if last:
            return


# A tiny report, extracted once in the parent before workers are forked: the first extraction
# in a process loads dictionaries (zhconv, cn2an, region names) for most of a second; done
# here, every worker inherits them instead of paying for them (and against its time limit).
# Read as HTML too, which imports the HTML reader and compiles its XSLT pass (~35 ms a
# worker otherwise). The PDF and Word readers are left to the workers that meet such a file:
# importing pypdfium2 and python-docx here would add their memory to the loading process.
_WARM_UP_TEXT = "某某市某某局2023年政府信息公开工作年度报告\n一、总体情况\n本年新收政府信息公开申请数量 1 0 0 0 0 0 1\n"
_WARM_UP_FILES = (("warm-up.txt", _WARM_UP_TEXT.encode("utf-8")),
                  ("warm-up.html", f"<html><body><p>{_WARM_UP_TEXT}</p><table><tr><td>1</td></tr></table></body></html>"
                   .encode("utf-8")))
_warmed = False


def _warm_up() -> None:
    global _warmed
    if _warmed:
        return
    _warmed = True
    for name, data in _WARM_UP_FILES:
        try:
            extract_file(name, data)
        except Exception:  # noqa: BLE001 - warming up is an optimisation only
            pass


def _context() -> mp.context.BaseContext:
    # fork: starting a worker costs milliseconds, so a killed worker is cheap to replace
    methods = mp.get_all_start_methods()
    return mp.get_context("fork" if "fork" in methods else "spawn")


@dataclass
class _Worker:
    process: mp.process.BaseProcess
    conn: Connection
    batch: list[int] = field(default_factory=list)  # indices of todo still to be answered
    file_started: float = 0.0
    retry: bool = False  # running one file again after a worker died on it
    files_sent: int = 0  # over its life, for WORKER_MAX_FILES

    @property
    def busy(self) -> bool:
        return bool(self.batch)


def _death_reason(exitcode: int | None) -> str:
    if exitcode is None:
        return "worker process died while reading this file"
    if exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        hint = ", e.g. out of memory" if -exitcode == signal.SIGKILL else ""
        return f"worker process died while reading this file (killed by {name}{hint})"
    return f"worker process died while reading this file (exit code {exitcode})"


class LocalPool:
    """Worker processes with per-file deadlines (see the module docstring), kept from one
    `run` to the next. Use it as a context manager: leaving it stops the workers."""

    def __init__(self, limits: Limits, workers: int, extract: Extract = extract_source):
        self.limits, self.extract = limits, extract
        self.n_workers = max(1, workers)
        # with no time limit and one worker, files run in this process (handy under a debugger)
        self.in_process = workers <= 1 and limits.timeout_seconds <= 0
        self.workers: list[_Worker] = []
        self.ctx = _context()
        hard = limits.timeout_seconds + max(HARD_KILL_GRACE_SECONDS, limits.timeout_seconds * 0.1)
        self.hard_limit = hard if limits.timeout_seconds > 0 else None
        if not self.in_process and self.ctx.get_start_method() == "fork":
            _warm_up()
        # the state of the current run
        self.todo: list[tuple[Source, str]] = []
        self.results: dict[int, FileResult] = {}
        self.queue: deque[tuple[list[int], bool]] = deque()
        self.on_done: Callable[[int], None] = lambda n: None

    def __enter__(self) -> LocalPool:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        for w in list(self.workers):
            self._stop(w, kill=not w.process.is_alive() or w.busy)

    def run(self, todo: list[tuple[Source, str]],
            on_done: Callable[[int], None] = lambda n: None) -> list[FileResult]:
        """Extract every (source, sha256); results in the order of `todo`."""
        if self.in_process:
            return self._run_here(todo, on_done)
        self.todo, self.on_done, self.results = todo, on_done, {}
        self.queue = deque((batch, False) for batch in batches(len(todo), self.n_workers))
        try:
            self._run()
        except BaseException:
            self.close()
            raise
        for w in list(self.workers):  # after a whole run every worker is idle; never keep one that is not
            if w.busy or not w.process.is_alive():
                self._stop(w, kill=True)
        missing = [i for i in range(len(todo)) if i not in self.results]
        for i in missing:  # cannot happen; never lose a file silently if it does
            source, sha = todo[i]
            self._finish(i, _failed(source, sha, "worker process failed (no result returned)"))
        return [self.results[i] for i in range(len(todo))]

    def _run_here(self, todo: list[tuple[Source, str]], on_done: Callable[[int], None]) -> list[FileResult]:
        out = []
        for source, sha in todo:
            try:
                out.append(self.extract(source, sha, self.limits))
            except Exception as exc:  # noqa: BLE001
                out.append(_failed(source, sha, summarise_exception(exc)))
            on_done(1)
        return out

    # each file ends here exactly once
    def _finish(self, index: int, result: FileResult) -> None:
        if index not in self.results:
            self.results[index] = result
            self.on_done(1)

    def _start_worker(self) -> _Worker:
        parent, child = self.ctx.Pipe()
        proc = self.ctx.Process(target=_worker_main, args=(child, self.extract, self.limits), daemon=True)
        proc.start()
        child.close()
        w = _Worker(proc, parent)
        self.workers.append(w)
        return w

    def _idle_worker(self) -> _Worker | None:
        for w in list(self.workers):
            if not w.busy and not w.retry:
                if w.files_sent < WORKER_MAX_FILES:
                    return w
                self._stop(w)  # replaced by a fresh one (the caller starts it)
        return None

    def _dispatch(self) -> None:
        while self.queue:
            batch, retry = self.queue[0]
            idle = self._idle_worker()
            if retry or idle is None:
                # a retry always gets a fresh process of its own
                if len(self.workers) >= self.n_workers:
                    if idle is None:
                        return
                    self._stop(idle)
                idle = self._start_worker()
            self.queue.popleft()
            items = [(i, *self.todo[i]) for i in batch]
            try:
                idle.conn.send((items, retry))
            except (OSError, ValueError):
                self.queue.appendleft((batch, retry))
                self._stop(idle)
                continue
            idle.batch, idle.retry, idle.file_started = list(batch), retry, time.monotonic()
            idle.files_sent += len(batch)

    def _stop(self, w: _Worker, kill: bool = False) -> None:
        if w not in self.workers:
            return
        if kill:
            w.process.kill()
        else:
            try:
                w.conn.send(None)
            except (OSError, ValueError):
                w.process.kill()
        w.process.join(timeout=5)
        if w.process.is_alive():
            w.process.kill()
            w.process.join()
        w.conn.close()
        self.workers.remove(w)

    def _receive(self, w: _Worker) -> bool:
        """Take every message the worker has sent; False when its pipe is closed (it died)."""
        try:
            while w.conn.poll():
                kind, index, result = w.conn.recv()
                self._finish(index, result)
                if index in w.batch:
                    w.batch.remove(index)
                w.file_started = time.monotonic()
        except (EOFError, OSError):
            return False
        if w.retry and not w.batch:
            self._stop(w)
        return True

    def _handle_death(self, w: _Worker) -> None:
        self._receive(w)  # answers sent just before it died
        w.process.join(timeout=5)
        exitcode = w.process.exitcode
        remaining, was_retry = list(w.batch), w.retry
        self._stop(w, kill=True)
        if not remaining:
            return
        culprit, rest = remaining[0], remaining[1:]
        if was_retry:
            source, sha = self.todo[culprit]
            self._finish(culprit, _failed(source, sha, _death_reason(exitcode)))
        else:
            self.queue.appendleft(([culprit], True))
        # the files it had not started yet, one by one in fresh processes
        for i in reversed(rest):
            self.queue.appendleft(([i], True))

    def _handle_timeout(self, w: _Worker) -> None:
        self._stop(w, kill=True)
        culprit, rest = w.batch[0], w.batch[1:]
        source, sha = self.todo[culprit]
        self._finish(culprit, _failed(source, sha, time_limit_reason(self.limits)))
        if rest:
            self.queue.appendleft((rest, False))

    def _run(self) -> None:
        while len(self.results) < len(self.todo):
            self._dispatch()
            busy = [w for w in self.workers if w.busy]
            if not busy:
                if not self.queue:
                    break
                continue
            timeout = None
            if self.hard_limit is not None:
                now = time.monotonic()
                timeout = max(0.0, min(w.file_started + self.hard_limit for w in busy) - now)
            waitables = {}
            for w in busy:
                waitables[w.conn] = w
                waitables[w.process.sentinel] = w
            ready = wait(list(waitables), timeout=timeout)
            handled = set()
            for obj in ready:
                w = waitables[obj]
                if id(w) in handled or w not in self.workers:
                    continue
                handled.add(id(w))
                alive = self._receive(w)
                if w not in self.workers:
                    continue
                if not alive or (not w.process.is_alive() and w.batch):
                    self._handle_death(w)
            if self.hard_limit is not None:
                now = time.monotonic()
                for w in [w for w in self.workers if w.busy and now - w.file_started > self.hard_limit]:
                    self._receive(w)
                    if w in self.workers and w.busy:
                        self._handle_timeout(w)


def batches(n_files: int, n_workers: int) -> list[list[int]]:
    """The indices 0..n_files-1 in batches of up to MAX_BATCH, each at most a quarter of what
    is left per worker: the batches shrink to one file at the end of a run, so the workers
    finish it together instead of one waiting for the other's last 16 files (which an ingest
    of many chunks paid once per chunk)."""
    out, i = [], 0
    while i < n_files:
        size = max(1, min(MAX_BATCH, (n_files - i) // (n_workers * 4)))
        out.append(list(range(i, min(i + size, n_files))))
        i += size
    return out


def run_local(todo: list[tuple[Source, str]], limits: Limits, workers: int,
              on_done: Callable[[int], None] = lambda n: None, *,
              extract: Extract = extract_source) -> list[FileResult]:
    """Extract every (source, sha256) with a pool of its own; results in the order of `todo`.

    Files run in worker processes that can be killed, so the time limit holds even inside C
    code. Only with no time limit (`timeout_seconds <= 0`) and one worker do they run in this
    process (handy under a debugger)."""
    if not todo:
        return []
    with LocalPool(limits, workers, extract) as pool:
        return pool.run(todo, on_done)


def default_workers() -> int:
    return max(1, os.cpu_count() or 1)


def iter_chunks(items: list, n: int) -> Iterable[list]:
    for i in range(0, len(items), n):
        yield items[i:i + n]
