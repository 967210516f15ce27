"""Extract functions that misbehave on purpose, for the worker-pool tests.

Each behaves like `etl.engines.local.extract_source` except for files whose name asks for a
fault: `segfault` (a real SIGSEGV in C), `exit` (os._exit in the middle), `sigkill` (what the
OOM killer does), `hang` (a hang the soft SIGALRM limit cannot end, like a long C call),
`raise` (an exception escaping the extract function).
"""
from __future__ import annotations

import ctypes
import faulthandler
import os
import signal
import time

from etl.engines.limits import Limits
from etl.engines.local import extract_source
from etl.engines.sources import Source


def faulty_extract(source: Source, sha: str, limits: Limits):
    name = os.path.basename(source.fs_path)
    if "segfault" in name:
        # the crash is the point: don't let pytest's faulthandler (inherited through fork)
        # print a "Fatal Python error" traceback for it into the test output
        faulthandler.disable()
        ctypes.string_at(0)
    if "exit" in name:
        os._exit(3)
    if "sigkill" in name:
        os.kill(os.getpid(), signal.SIGKILL)
    if "hang" in name:
        # SIGALRM blocked: the soft limit cannot fire, as inside a long pdfium call
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})
        time.sleep(3600)
    if "raise" in name:
        raise RuntimeError("boom")
    return extract_source(source, sha, limits)


def flaky_extract(source: Source, sha: str, limits: Limits):
    """Dies on a file the first time only (a marker file records the first attempt): the
    retry in a fresh process succeeds, as after an out-of-memory kill caused by a neighbour."""
    marker = source.fs_path + ".attempted"
    if "flaky" in source.fs_path and not os.path.exists(marker):
        open(marker, "w").close()
        os._exit(9)
    return extract_source(source, sha, limits)


def greedy_extract(source: Source, sha: str, limits: Limits):
    """Asks for 64 GB on a file named `greedy`, as a decompression bomb would."""
    if "greedy" in os.path.basename(source.fs_path):
        hoard = [bytearray(1024 * 1024 * 1024) for _ in range(64)]
        return hoard  # never reached
    return extract_source(source, sha, limits)


def pid_extract(source: Source, sha: str, limits: Limits):
    """extract_source, with the worker's process id in the row's title (the pool tests ask
    which process read a file)."""
    result = extract_source(source, sha, limits)
    result.report["title"] = str(os.getpid())
    return result


def gc_extract(source: Source, sha: str, limits: Limits):
    """extract_source, with the worker's garbage-collection thresholds in the row's title."""
    import gc

    result = extract_source(source, sha, limits)
    result.report["title"] = repr(gc.get_threshold())
    return result
