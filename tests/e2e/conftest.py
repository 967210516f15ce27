"""A real `xxgk dashboard` server over the fixture warehouse, and headless Chromium.

The server runs on a free port (never 8501) in its own process group, which the fixture
ends at teardown. Chromium is Debian's (/usr/bin/chromium), driven by Playwright; nothing is
downloaded."""
from __future__ import annotations

from pathlib import Path

import pytest

from e2e_browser import CHROMIUM, CHROMIUM_ARGS, EAGER_ROWS, dashboard_server, fx  # noqa: E402


@pytest.fixture(scope="session")
def e2e_db(tmp_path_factory) -> Path:
    return fx.build(tmp_path_factory.mktemp("e2e") / "fixture.duckdb")


@pytest.fixture(scope="session")
def server(e2e_db, tmp_path_factory):
    with dashboard_server(e2e_db, tmp_path_factory.mktemp("server") / "server.log",
                          {"XXGK_DEMO": "1", "XXGK_EAGER_DOWNLOAD_ROWS": str(EAGER_ROWS)}) as url:
        yield url


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
