"""Fixtures for the dashboard tests: a real warehouse built by the project's loader, and a
factory of AppTests over it. The fixture database is described in dashboard_fixture_db.py."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
import dashboard_fixture_db as fx  # noqa: E402

import dashboard  # noqa: E402

APP = Path(dashboard.__file__).with_name("app.py")


@pytest.fixture(scope="session")
def fixture_db(tmp_path_factory) -> Path:
    return fx.build(tmp_path_factory.mktemp("dashboard") / "fixture.duckdb")


class Downloads:
    """Captures the bytes of every download button (AppTest keeps media files in a storage
    object it creates per run; this records those objects)."""

    def __init__(self) -> None:
        self.storages = []

    def content(self, button) -> bytes:
        name = button.proto.url.rsplit("/", 1)[-1]
        for storage in reversed(self.storages):
            try:
                return storage.get_file(name).content
            except Exception:  # noqa: BLE001 - not in this run's storage
                continue
        raise AssertionError(f"download {name} not found")


@pytest.fixture
def downloads(monkeypatch) -> Downloads:
    from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
    from streamlit.testing.v1 import app_test

    captured = Downloads()

    class Recording(MemoryMediaFileStorage):
        def __init__(self, endpoint):
            super().__init__(endpoint)
            captured.storages.append(self)

    monkeypatch.setattr(app_test, "MemoryMediaFileStorage", Recording)
    return captured


@pytest.fixture
def open_app(fixture_db, monkeypatch):
    """open_app(page, **query_params) → an AppTest that has run the page with those URL params."""
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("XXGK_DB", str(fixture_db))
    monkeypatch.delenv("XXGK_DEMO", raising=False)

    def _open(page: str | None = None, **params) -> AppTest:
        at = AppTest.from_file(str(APP), default_timeout=60)
        at.query_params = dict(params)
        at.run()  # the first run seeds the sidebar from the URL
        if page:
            at.switch_page(f"views/{page}.py")
            at.run()
        assert not at.exception, [e.value for e in at.exception]
        return at

    return _open
