"""The SQL console is read-only and cannot reach files, the network, extensions or settings;
report text is never rendered as HTML."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from dashboard import connect, console

DASHBOARD = Path(__file__).resolve().parents[2] / "dashboard"

# (statement, words the refusal must contain)
REFUSED = [
    ("SELECT * FROM read_csv('/etc/passwd')", "cannot read files"),
    ("SELECT * FROM read_text('/etc/passwd')", "cannot read files"),
    ("SELECT * FROM '/etc/passwd'", "/etc/passwd does not exist"),  # replacement scans are off
    ("SELECT * FROM glob('/etc/*')", "cannot read files"),
    ("SELECT * FROM read_csv('https://example.com/x.csv')", "cannot read files"),
    ("COPY reports TO '/tmp/xxgk_leak.csv'", "COPY statements are not allowed"),
    ("ATTACH '/tmp/other.duckdb' AS other", "ATTACH statements are not allowed"),
    ("INSTALL httpfs", "statements are not allowed"),
    ("LOAD httpfs", "statements are not allowed"),
    ("SET enable_external_access = true", "SET statements are not allowed"),
    ("RESET lock_configuration", "statements are not allowed"),
    ("PRAGMA enable_profiling", "PRAGMA statements are not allowed"),
    ("INSERT INTO reports (report_id) VALUES ('x')", "INSERT statements are not allowed"),
    ("CREATE TABLE x AS SELECT 1", "CREATE statements are not allowed"),
    ("DROP TABLE reports", "DROP statements are not allowed"),
    ("DELETE FROM figures", "DELETE statements are not allowed"),
    ("UPDATE reports SET year = 0", "UPDATE statements are not allowed"),
    ("EXPORT DATABASE '/tmp/xxgk_export'", "statements are not allowed"),
    ("SELECT 1; DROP TABLE reports", "Exactly one statement"),
]


@pytest.mark.parametrize("sql,reason", REFUSED)
def test_console_refuses_with_a_clear_message(fixture_db, sql, reason):
    res = console.run_query(str(fixture_db), sql)
    assert res.frame is None
    assert reason in res.error


# The connection itself refuses these even when the statement check is bypassed (second layer).
LOCKED = [
    ("SELECT * FROM read_csv('/etc/passwd')", "file system operations are disabled"),
    ("COPY reports TO '/tmp/xxgk_leak.csv'", "file system operations are disabled"),
    ("ATTACH '/tmp/xxgk_other.duckdb' AS other", "file system operations are disabled"),
    ("INSTALL httpfs", "disabled"),
    ("LOAD httpfs", "disabled"),
    ("SET enable_external_access = true", "configuration has been locked"),
    ("SET lock_configuration = false", "configuration has been locked"),
    ("INSERT INTO reports (report_id) VALUES ('x')", "read-only"),
    ("CREATE TABLE xxgk.main.x AS SELECT 1", "read-only"),
    ("DROP TABLE reports", "read-only"),
]


@pytest.mark.parametrize("sql,reason", LOCKED)
def test_connection_itself_is_locked_down(fixture_db, sql, reason):
    con = connect.open_readonly(str(fixture_db))
    try:
        res = console.execute(con, sql)
    finally:
        con.close()
    assert res.frame is None
    assert reason in res.error
    assert not Path("/tmp/xxgk_leak.csv").exists()


def test_console_answers_a_select_with_a_row_limit(fixture_db):
    res = console.run_query(str(fixture_db), "SELECT * FROM range(20000)", max_rows=1000)
    assert res.error is None and res.truncated and res.frame.height == 1000
    res = console.run_query(str(fixture_db), "SELECT count(*) AS n FROM bureaus")
    assert res.frame["n"].to_list() == [6] and not res.truncated


def test_console_stops_a_long_query(fixture_db):
    res = console.run_query(str(fixture_db), "SELECT count(*) FROM range(1000000000000) a", timeout=0.5)
    assert res.frame is None and "longer than 0.5 s" in res.error
    assert res.seconds < 5


def test_console_does_not_change_the_database(fixture_db):
    before = fixture_db.stat().st_mtime_ns
    for sql, _ in REFUSED:
        console.run_query(str(fixture_db), sql)
    assert fixture_db.stat().st_mtime_ns == before
    assert console.run_query(str(fixture_db), "SELECT count(*) AS n FROM reports").frame["n"][0] > 0


def test_no_html_rendering_of_data():
    """unsafe_allow_html and st.html are not used at all (report text is always escaped); the
    only markdown-rendering calls with data use fixed interface text or numbers."""
    offenders = []
    for path in DASHBOARD.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for m in re.finditer(r"unsafe_allow_html|st\.html\(|components\.html|\.html\(", text):
            offenders.append(f"{path.relative_to(DASHBOARD)}:{text[:m.start()].count(chr(10)) + 1}")
    assert offenders == []
