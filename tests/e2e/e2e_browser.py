"""Settings shared by the e2e conftest and tests (a module, not conftest: `from conftest import`
would pick whichever conftest Python imported first)."""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "dashboard"))
import dashboard_fixture_db as fx  # noqa: E402,F401  (the fixture warehouse of the AppTests)

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
# downloads above this many rows are written only when clicked (so the deferred path is tested too)
EAGER_ROWS = 100
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
