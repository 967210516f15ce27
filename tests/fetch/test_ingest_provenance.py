"""fetch → ingest → dashboard: provenance lands in reports and source_versions, the later version
is preferred, and the bureau page shows the source link and the version history."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pytest

from etl.fetch.crawl import FetchOptions, fetch
from etl.ingest import ingest
from tests.fetch.portal import Page, Portal
from tests.fetch.sites import trs_li, trs_list_page

CORPUS = Path(__file__).resolve().parents[2] / ".." / "shared" / "corpus"
REPORT = CORPUS / "000_huaibei_shangwuju_2018.txt"
TITLE = "淮北市商务局2018年政府信息公开工作年度报告"


@pytest.fixture(scope="module")
def round_trip(tmp_path_factory):
    """A portal serves the report, then replaces it (one more sentence); two fetches, one ingest."""
    tmp = tmp_path_factory.mktemp("round_trip")
    original = REPORT.read_bytes()
    state = {"doc": Page(original, "text/plain; charset=utf-8")}
    routes = {
        "/robots.txt": Page(b"", "text/plain"),
        "/xxgk/ndbg/index.html": Page(trs_list_page([trs_li("./201901/P020190130.txt", TITLE, "2019-01-30")], 1, 0)
                                      .encode("utf-8")),
        "/xxgk/ndbg/201901/P020190130.txt": lambda req: state["doc"].answer(req),
    }
    into = tmp / "collected"
    opts = FetchOptions(delay=0.05, timeout=0.5, max_retries=1)
    with Portal(routes) as portal:
        fetch([portal.url("/xxgk/ndbg/index.html")], into, opts)
        state["doc"] = Page(original + "\n发布后调整了一处文字。\n".encode("utf-8"), "text/plain; charset=utf-8",
                            last_modified="Tue, 05 Mar 2019 08:00:00 GMT")
        fetch([portal.url("/xxgk/ndbg/index.html")], into, opts)
        url = portal.url("/xxgk/ndbg/201901/P020190130.txt")
    db = tmp / "x.duckdb"
    summary = ingest([str(into)], db, workers=1)
    return summary, db, url


def test_fetched_versions_into_the_warehouse(round_trip):
    summary, db, url = round_trip
    assert summary.files_seen == 2 and not any(".xxgk-fetch" in path for path, _ in summary.skipped)
    con = duckdb.connect(str(db), read_only=True)
    rows = con.execute("SELECT r.source_url, r.fetched_at IS NOT NULL, r.is_preferred, v.version, v.changed, "
                       "r.published_on, r.published_on_from, r.year, r.bureau_name FROM reports r "
                       "JOIN source_versions v USING (report_id) ORDER BY v.version").fetchall()
    assert [(r[0], r[1], r[2], r[3], r[4]) for r in rows] == [(url, True, False, 1, False), (url, True, True, 2, True)]
    assert rows[0][7] == rows[1][7] == 2018 and rows[0][8] == "淮北市商务局"
    for published_on, source in ((r[5], r[6]) for r in rows):
        assert source in ("report", "list_page")
        if source == "list_page":
            assert published_on == date(2019, 1, 30)
    assert con.execute("SELECT count(*) FROM source_versions WHERE changed").fetchone() == (1,)
    assert con.execute("SELECT list_date, listed_title FROM source_versions WHERE version = 1").fetchone() == \
        (date(2019, 1, 30), TITLE)
    assert con.execute("SELECT count(*) FROM reports WHERE source_path LIKE '%.xxgk-fetch%'").fetchone() == (0,)


def test_bureau_page_shows_source_link_and_versions(round_trip, monkeypatch):
    import dashboard
    from streamlit.testing.v1 import AppTest

    _summary, db, url = round_trip
    monkeypatch.setenv("XXGK_DB", str(db))
    monkeypatch.delenv("XXGK_DEMO", raising=False)
    at = AppTest.from_file(str(Path(dashboard.__file__).with_name("app.py")), default_timeout=60)
    at.run()
    at.switch_page("views/bureau.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    shown = next(d.value for d in at.dataframe if "source_url" in d.value.columns and "version" in d.value.columns)
    assert list(shown["source_url"]) == [url, url] and list(shown["version"]) == [1, 2]
    assert list(shown["changed"]) == [False, True] and list(shown["is_preferred"]) == [False, True]
