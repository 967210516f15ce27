"""A process that has read ruled PDFs (their grids are labelled with OpenCV) can still fork
workers that use OpenCV (round 18). OpenCV's thread pool, once started, leaves a forked child
locks with no threads behind them: the child's first `cv2.setNumThreads` (every OCR page
calls it) waits forever. So the ETL never starts the pool (etl.read.opencv_threads)."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.unit.read.pdf_factory import draw_table, pdf_bytes

CHILD_USES_OPENCV = textwrap.dedent('''
    import os, sys
    from etl.read.pdf import read_pdf
    data = open(sys.argv[1], "rb").read()
    for _ in range(3):
        assert read_pdf(data).tables, "the ruled table was read"
    pid = os.fork()
    if pid == 0:  # as an ingest worker forked after the loading process read files
        import cv2
        from etl.read.opencv_threads import one_thread
        with one_thread():
            cv2.connectedComponents(cv2.UMat(8, 8, cv2.CV_8U).get())
        os._exit(0)
    _, status = os.waitpid(pid, 0)
    print("child exited", status)
''')


@pytest.mark.skipif(not hasattr(os, "fork"), reason="os.fork exists on POSIX systems only (not on Windows)")
def test_a_forked_worker_can_use_opencv_after_the_parent_read_ruled_pdfs(tmp_path):
    # a grid the size of a 2021 表三 (OpenCV labels small pictures on one thread anyway)
    xs, ys = [40 + 40 * c for c in range(13)], [100 + 20 * r for r in range(31)]
    cells = [(r, c, r + 1, c + 1, [str(r * 12 + c)]) for r in range(30) for c in range(12)]
    pdf = tmp_path / "ruled.pdf"
    pdf.write_bytes(pdf_bytes([lambda c: draw_table(c, xs, ys, cells)]))
    proc = subprocess.Popen([sys.executable, "-c", CHILD_USES_OPENCV, str(pdf)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, cwd=Path(__file__).resolve().parents[2],
                            start_new_session=True)
    try:
        out, err = proc.communicate(timeout=60)  # (~2 s when it works)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)  # the parent and its hung child
        proc.communicate()
        pytest.fail("the forked child hung in OpenCV: the parent had started OpenCV's thread pool")
    assert proc.returncode == 0, err
    assert "child exited 0" in out
