"""The supervisor page (dashboard/views/supervisor.py) with AppTest, over a database ingested
with a roster: coverage counts, the scorecard with links to the bureau page, the filters in the
address, the XLSX download, English labels."""
from __future__ import annotations

import io
import sys
from pathlib import Path

import openpyxl
import pytest

import dashboard

APP = Path(dashboard.__file__).with_name("app.py")
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "integration"))
from test_supervisor_coverage import REPORTS, ROSTER, _report  # noqa: E402


@pytest.fixture(scope="module")
def roster_db(tmp_path_factory) -> Path:
    from etl.ingest import ingest
    from etl.load.roster import read_roster

    root = tmp_path_factory.mktemp("svpage")
    folder = root / "reports"
    folder.mkdir()
    for name, organ, year, signed in REPORTS:
        (folder / name).write_text(_report(organ, year, signed), encoding="utf-8")
    (root / "roster.csv").write_text(ROSTER, encoding="utf-8")
    db = root / "sv.duckdb"
    ingest([str(folder)], db, workers=1, roster=read_roster(root / "roster.csv"))
    return db


@pytest.fixture
def open_page(roster_db, monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("XXGK_DB", str(roster_db))
    monkeypatch.delenv("XXGK_DEMO", raising=False)

    def _open(**params) -> AppTest:
        at = AppTest.from_file(str(APP), default_timeout=60)
        at.query_params = dict(params)
        at.run()
        at.switch_page("views/supervisor.py")
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        return at

    return _open


def _metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_coverage_counts_for_2021(open_page):
    at = open_page(sv_year="2021")
    # 2021: 淮北市商务局 late, 淮北市人民政府 late, 洪泽区 published (no date), 财政局 missing
    assert _metrics(at) == {"按时报送": "1", "逾期报送": "2", "未报送": "1"}
    assert at.title[0].value == "政务公开监督"
    # the roster's level codes in words in the table
    coverage = next(d.value for d in at.dataframe if "层级" in d.value.columns)
    assert set(coverage["层级"]) == {"部门", "市级", "县级"}


def test_scorecard_rows_and_links(open_page):
    at = open_page(sv_year="2021")
    frames = [d.value for d in at.dataframe]
    card = next(f for f in frames if "link" in f.columns)
    rows = {r["organ"]: r for r in card.to_dict("records")}
    assert set(rows) == {"淮北市商务局", "淮北市人民政府", "洪泽区人民政府", "财政局", "淮北市教育局"}
    assert rows["财政局"]["status"] == "未报送" and not isinstance(rows["财政局"]["link"], str)  # no report: no link
    assert rows["淮北市商务局"]["link"].startswith("/bureau?organ=")
    assert rows["淮北市商务局"]["days_after_deadline"] == 15


def test_filters_from_the_address(open_page):
    at = open_page(sv_year="2020", sv_level="department")
    # 2020 departments: 淮北市商务局 on time, 财政局 missing
    assert _metrics(at) == {"按时报送": "1", "逾期报送": "0", "未报送": "1"}


def test_xlsx_download(open_page, monkeypatch):
    from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
    from streamlit.testing.v1 import app_test

    stores = []

    class Recording(MemoryMediaFileStorage):
        def __init__(self, endpoint):
            super().__init__(endpoint)
            stores.append(self)

    monkeypatch.setattr(app_test, "MemoryMediaFileStorage", Recording)
    at = open_page(sv_year="2021")
    button = next(b for b in at.get("download_button") if "XLSX" in b.proto.label)
    name = button.proto.url.rsplit("/", 1)[-1]
    content = next(s.get_file(name).content for s in reversed(stores) if _has(s, name))
    book = openpyxl.load_workbook(io.BytesIO(content))
    organs = [r[2] for r in book.worksheets[0].iter_rows(min_row=2, values_only=True)]
    assert sorted(organs) == sorted(["淮北市商务局", "淮北市人民政府", "洪泽区人民政府", "财政局", "淮北市教育局"])


def _has(storage, name) -> bool:
    try:
        storage.get_file(name)
        return True
    except Exception:  # noqa: BLE001
        return False


def test_english_labels(open_page):
    at = open_page(sv_year="2021", lang="en")
    assert at.title[0].value == "Supervisor"
    assert _metrics(at) == {"Published on time": "1", "Published late": "2", "Missing": "1"}
