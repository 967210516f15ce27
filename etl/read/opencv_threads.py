"""OpenCV kept on the calling thread: its pool of worker threads is never started.

Two reasons. Speed: with its default pool of a thread per core, a page's opening, dilation and
blurs cost about twice the CPU time for the same pixels (the second thread spins while the
first works, and on a machine whose cores are all busy with workers it only takes time from
the others). Forks: ingest forks its workers from the loading process, and a process that
forks after OpenCV has started its pool leaves the child a copy of the pool's locks with no
threads behind them; the child's first `cv2.setNumThreads` then waits forever (round 18: a
forked test worker hung this way once the PDF reader labelled its grids with OpenCV outside
this block). Every OpenCV call of the ETL that may run in parallel is made inside `one_thread()`.
"""
from __future__ import annotations

from contextlib import contextmanager

import cv2


@contextmanager
def one_thread():
    """OpenCV on the calling thread alone inside the block."""
    before = cv2.getNumThreads()
    cv2.setNumThreads(1)
    try:
        yield
    finally:
        cv2.setNumThreads(before)
