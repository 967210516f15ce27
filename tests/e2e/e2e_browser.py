"""Settings shared by the e2e conftest and tests (a module, not conftest: `from conftest import`
would pick whichever conftest Python imported first)."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "dashboard"))
import dashboard_fixture_db as fx  # noqa: E402,F401  (the fixture warehouse of the AppTests)

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
# downloads above this many rows are written only when clicked (so the deferred path is tested too)
EAGER_ROWS = 100
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def dashboard_server(db: Path, log_path: Path, env: dict[str, str]):
    """`xxgk dashboard --db DB` on a free port (never 8501) in its own process group, with these
    environment variables added; yields its URL once healthy, ends the group afterwards."""
    port = _free_port()
    assert port != 8501
    xxgk = Path(sys.executable).with_name("xxgk")
    log = log_path.open("w")
    proc = subprocess.Popen([str(xxgk), "dashboard", "--db", str(db), "--port", str(port)],
                            stdout=log, stderr=subprocess.STDOUT, start_new_session=True, env={**os.environ, **env})
    url = f"http://127.0.0.1:{port}"
    try:
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
                pytest.fail(f"the dashboard server did not start: {log_path.read_text()[-2000:]}")
            time.sleep(0.3)
        yield url
    finally:
        os.killpg(proc.pid, signal.SIGTERM)  # the server and the streamlit child it started
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
        log.close()
