"""A real `xxgk dashboard` server over the fixture warehouse, and headless Chromium.

The server runs on a free port (never 8501) in its own process group, which the fixture
ends at teardown. Chromium is Debian's (/usr/bin/chromium), driven by Playwright; nothing is
downloaded."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from e2e_browser import CHROMIUM, CHROMIUM_ARGS, EAGER_ROWS, fx  # noqa: E402


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def e2e_db(tmp_path_factory) -> Path:
    return fx.build(tmp_path_factory.mktemp("e2e") / "fixture.duckdb")


@pytest.fixture(scope="session")
def server(e2e_db, tmp_path_factory):
    port = _free_port()
    assert port != 8501
    xxgk = Path(sys.executable).with_name("xxgk")
    log = (tmp_path_factory.mktemp("server") / "server.log").open("w")
    proc = subprocess.Popen([str(xxgk), "dashboard", "--db", str(e2e_db), "--port", str(port)],
                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
                            env={**os.environ, "XXGK_DEMO": "1", "XXGK_EAGER_DOWNLOAD_ROWS": str(EAGER_ROWS)})
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.read().strip() == b"ok":
                    break
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            log.flush()
            pytest.fail(f"the dashboard server did not start: {Path(log.name).read_text()[-2000:]}")
        time.sleep(0.3)
    yield url
    os.killpg(proc.pid, signal.SIGTERM)  # the server and the streamlit child it started
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
    log.close()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is missing at {CHROMIUM}: the e2e tests need Debian's chromium package")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1440, "height": 2000}, accept_downloads=True,
                                  locale="zh-CN")
    pg = context.new_page()
    dialogs: list[str] = []
    pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    pg.dialogs = dialogs
    yield pg
    context.close()
