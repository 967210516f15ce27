"""SIGTERM a running `xxgk fetch`: it stops within seconds, and the next run resumes without
downloading again what the first one saved."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from etl.fetch.crawl import fetch
from etl.fetch.state import read_provenance
from tests.fetch.portal import Page, Portal
from tests.fetch.sites import pdf, trs_li, trs_list_page

ROOT = Path(__file__).resolve().parents[2]


def many_reports_site(n: int) -> dict:
    items = [trs_li(f"./P0202101{i:04d}.pdf", f"第{i}单位{2000 + i % 24}年政府信息公开工作年度报告", "2021-01-28")
             for i in range(n)]
    routes = {"/robots.txt": Page(b"User-agent: *\nAllow: /\n", "text/plain"),
              "/col/index.html": Page(trs_list_page(items, 1, 0).encode("utf-8"))}
    for i in range(n):
        routes[f"/col/P0202101{i:04d}.pdf"] = Page(pdf(f"report {i}"), "application/pdf")
    return routes


def test_sigterm_stops_within_seconds_and_the_next_run_resumes(tmp_path, opts):
    with Portal(many_reports_site(40)) as portal:
        cmd = [sys.executable, "-m", "etl.cli", "fetch", portal.url("/col/index.html"), "--into", str(tmp_path),
               "--delay", "0.1", "--timeout", "2"]
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                env={**os.environ, "PYTHONPATH": str(ROOT)})
        deadline = time.monotonic() + 30
        while len(portal.requests("/col/P02")) < 8 and time.monotonic() < deadline:
            time.sleep(0.05)
        asked = len(portal.requests("/col/P02", "GET"))
        proc.send_signal(signal.SIGTERM)
        signalled = time.monotonic()
        out, _ = proc.communicate(timeout=15)
        assert time.monotonic() - signalled < 5, "stopped within seconds"
        assert proc.returncode == 1, out.decode()
        assert b"resume" in out
        first = {r["url"] for r in read_provenance(tmp_path)}
        # The portal logs a request when it arrives, so the last one asked may still have been in flight
        # when the signal came; the fetcher drops an unfinished download rather than keep half of it.
        assert asked - 1 <= len(first) < 40, (asked, len(first))
        assert first <= {portal.url(r.path) for r in portal.log}, "only what was asked for is saved"
        assert not list(tmp_path.rglob("*.part"))
        n_before = len(portal.log)

        opts.delay = 0.02
        summary = fetch([portal.url("/col/index.html")], tmp_path, opts)
        assert summary.resumed and not summary.interrupted
        again = [r for r in portal.log[n_before:] if portal.url(r.path) in first]
        assert again == [], "what the stopped run saved is not asked for again in the resumed run"
        saved = read_provenance(tmp_path)
        assert len(saved) == 40 and len({r["url"] for r in saved}) == 40
        for r in saved:
            i = int(r["url"][-8:-4])
            assert (tmp_path / r["path"]).read_bytes() == pdf(f"report {i}")
