"""Ingest with a roster: the roster table, v_coverage (published / late / missing, deadlines per
era and organ kind, no date → never late), v_roster_gaps, and reruns (same roster: nothing
extracted; changed roster: rebuilt without extracting; no --roster: the roster is kept)."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pytest

from etl.ingest import ingest
from etl.load.roster import read_roster


def _report(organ: str, year: int, signed: str | None) -> str:
    date_line = ""
    if signed:
        y, m, d = signed.split("-")
        date_line = f"{int(y)}年{int(m)}月{int(d)}日\n"
    return (f"{organ}{year}年政府信息公开工作年度报告\n\n"
            f"本报告依据《中华人民共和国政府信息公开条例》编制。统计期限自{year}年1月1日至12月31日。\n\n"
            f"一、总体情况\n{year}年，本机关认真落实政府信息公开工作要求。\n\n{organ}\n{date_line}")


# (file, organ as signed, year, signature date or None)
REPORTS = [
    ("a2018.txt", "淮北市商务局", 2018, "2019-03-15"),  # department, pre-2019 era: 3月31日 → on time
    ("a2020.txt", "淮北市商务局", 2020, "2021-01-20"),  # department since 2019: 1月31日 → on time
    ("a2021.txt", "淮北市商务局", 2021, "2022-02-15"),  # → 15 days late
    ("g2020.txt", "淮北市人民政府", 2020, "2021-03-01"),  # government: 3月31日 → on time
    ("g2021.txt", "淮北市人民政府", 2021, "2022-04-02"),  # → 2 days late
    ("h2021.txt", "洪泽区人民政府", 2021, None),  # no date printed: published, never late
    ("x2021.txt", "淮北市教育局", 2021, "2022-01-10"),  # publishes, not in the roster
]
ROSTER = ("organ,region,level,from_year,to_year\n"
          "淮北市商务局,,department,,\n"
          "淮北市人民政府,,city,2020,\n"
          "洪泽区人民政府,江苏省淮安市,county,2021,2021\n"
          "财政局,安徽省淮北市,department,2020,2021\n"
          "淮北市商务局,,department,,\n")  # a duplicate row


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("sup")
    folder = root / "reports"
    folder.mkdir()
    for name, organ, year, signed in REPORTS:
        (folder / name).write_text(_report(organ, year, signed), encoding="utf-8")
    roster_path = root / "roster.csv"
    roster_path.write_bytes(ROSTER.encode("gbk"))
    db = root / "sup.duckdb"
    summary = ingest([str(folder)], db, workers=1, roster=read_roster(roster_path))
    return root, folder, roster_path, db, summary


def _rows(db: Path, sql: str) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_roster_table_and_matches(built):
    _, _, roster_path, db, _ = built
    rows = _rows(db, "SELECT roster_row, organ, bureau_id IS NOT NULL, matched_by, bureau_name FROM roster ORDER BY roster_row")
    assert [(r[0], r[1], r[2]) for r in rows] == [
        (2, "淮北市商务局", True), (3, "淮北市人民政府", True), (4, "洪泽区人民政府", True), (5, "财政局", False)]
    assert rows[2][4] == "洪泽区人民政府"
    (path, sha), = _rows(db, "SELECT roster_path, roster_sha256 FROM ingest_runs ORDER BY started_at DESC LIMIT 1")
    assert path == str(roster_path) and sha == read_roster(roster_path).sha256


def test_coverage_statuses_and_deadlines(built):
    db = built[3]
    got = {(o, y): (s, p, d, late) for o, y, s, p, d, late in _rows(
        db, "SELECT organ, year, status, published_on, deadline, days_after_deadline FROM v_coverage")}
    assert got[("淮北市商务局", 2018)] == ("published", date(2019, 3, 15), date(2019, 3, 31), -16)
    assert got[("淮北市商务局", 2020)] == ("published", date(2021, 1, 20), date(2021, 1, 31), -11)
    assert got[("淮北市商务局", 2021)] == ("late", date(2022, 2, 15), date(2022, 1, 31), 15)
    assert got[("淮北市人民政府", 2020)] == ("published", date(2021, 3, 1), date(2021, 3, 31), -30)
    assert got[("淮北市人民政府", 2021)] == ("late", date(2022, 4, 2), date(2022, 3, 31), 2)
    assert got[("洪泽区人民政府", 2021)] == ("published", None, date(2022, 3, 31), None)
    assert got[("财政局", 2020)] == ("missing", None, date(2021, 1, 31), None)
    assert got[("财政局", 2021)] == ("missing", None, date(2022, 1, 31), None)
    # years: those of the database (2018, 2020, 2021) within each row's range
    assert sorted(y for o, y in got if o == "淮北市商务局") == [2018, 2020, 2021]
    assert sorted(y for o, y in got if o == "淮北市人民政府") == [2020, 2021]
    assert sorted(y for o, y in got if o == "洪泽区人民政府") == [2021]
    assert len(got) == 8


def test_roster_gaps(built):
    db = built[3]
    gaps = _rows(db, "SELECT kind, name FROM v_roster_gaps ORDER BY kind, name")
    assert gaps == [("roster_unmatched", "财政局"), ("unlisted_publisher", "淮北市教育局")]


def test_scorecard_on_time(built):
    db = built[3]
    got = dict(((n, y), (t, d)) for n, y, t, d in _rows(
        db, "SELECT bureau_name, year, on_time, days_after_deadline FROM v_scorecard"))
    assert got[("淮北市商务局", 2021)] == (False, 15)
    assert got[("淮北市商务局", 2020)] == (True, -11)
    assert got[("洪泽区人民政府", 2021)] == (None, None)
    assert len(got) == len(REPORTS)


def test_rerun_same_roster_extracts_nothing_and_changed_roster_rebuilds(built, tmp_path):
    import shutil

    root, folder, roster_path, shared_db, _ = built
    db = tmp_path / "copy.duckdb"  # (the other tests read the shared database)
    shutil.copy(shared_db, db)
    before = _rows(db, "SELECT * FROM report_indicators ORDER BY report_id")
    again = ingest([str(folder)], db, workers=1, roster=read_roster(roster_path))
    assert again.files_extracted == 0
    assert _rows(db, "SELECT * FROM report_indicators ORDER BY report_id") == before and len(before) == len(REPORTS)
    assert _rows(db, "SELECT count(*) FROM roster") == [(4,)]
    # no --roster: the database keeps the roster it had (and says which file it came from)
    kept = ingest([str(folder)], db, workers=1)
    assert kept.files_extracted == 0
    assert _rows(db, "SELECT count(*) FROM roster WHERE bureau_id IS NOT NULL") == [(3,)]
    assert _rows(db, "SELECT roster_path FROM ingest_runs ORDER BY started_at DESC LIMIT 1") == [(str(roster_path),)]
    # a changed roster: matched again, nothing extracted
    changed = root / "roster2.xlsx"
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["organ"])
    book.active.append(["淮北市教育局"])
    book.save(changed)
    rerun = ingest([str(folder)], db, workers=1, roster=read_roster(changed))
    assert rerun.files_extracted == 0
    assert _rows(db, "SELECT organ, matched_by FROM roster") == [("淮北市教育局", "key")]
    # no year range: every year of the database (2018, 2020, 2021); it published only for 2021
    assert sorted(_rows(db, "SELECT year, status FROM v_coverage")) == [
        (2018, "missing"), (2020, "missing"), (2021, "published")]


# --- the 通报 export -----------------------------------------------------------------------------

def _cli(*args: str):
    from typer.testing import CliRunner

    from etl.cli import app

    return CliRunner().invoke(app, list(args))


def test_scorecard_xlsx_reads_back(built, tmp_path):
    import openpyxl

    db = built[3]
    out = tmp_path / "tb.xlsx"
    res = _cli("scorecard", "--db", str(db), "--year", "2021", "--out", str(out))
    assert res.exit_code == 0, res.output
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["2021年度通报", "指标说明"]
    sheet = book["2021年度通报"]
    header = [c.value for c in sheet[1]]
    assert header[:9] == ["排名", "同级分组", "单位", "地区", "报送情况", "发布日期", "法定期限", "逾期天数", "得分"]
    rows = {r[header.index("单位")]: dict(zip(header, r)) for r in sheet.iter_rows(min_row=2, values_only=True)}
    # every roster organ of 2021 and the one publisher not in the roster
    assert set(rows) == {"淮北市商务局", "淮北市人民政府", "洪泽区人民政府", "财政局", "淮北市教育局"}
    assert rows["财政局"]["报送情况"] == "未报送" and rows["财政局"]["得分"] is None
    assert rows["财政局"]["存在问题"] == "未报送年度报告" and rows["财政局"]["排名"] is None
    assert rows["淮北市商务局"]["报送情况"] == "逾期报送" and rows["淮北市商务局"]["逾期天数"] == 15
    assert "逾期15天公开" in rows["淮北市商务局"]["存在问题"]
    assert rows["淮北市人民政府"]["逾期天数"] == 2
    assert rows["洪泽区人民政府"]["报送情况"] == "按时报送" and rows["洪泽区人民政府"]["发布日期"] is None
    assert rows["淮北市教育局"]["报送情况"] == "不在名单"
    assert sheet.freeze_panes == "D2"
    assert len(sheet.conditional_formatting) >= 2
    defs = [r[1] for r in book["指标说明"].iter_rows(min_row=2, values_only=True) if r and r[1]]
    assert {"on_time", "text_reuse_prev", "frozen_figures", "grant_rate", "score", "deadline"} <= set(defs)


def test_scorecard_roster_only_csv_and_weights(built, tmp_path):
    import csv

    db = built[3]
    out = tmp_path / "tb.csv"
    weights = tmp_path / "w.toml"
    weights.write_text("[weights]\non_time = 1\n", encoding="utf-8")
    res = _cli("scorecard", "--db", str(db), "--year", "2021", "--out", str(out), "--roster-only", "--weights", str(weights))
    assert res.exit_code == 0, res.output
    with out.open(encoding="utf-8-sig") as fh:
        rows = {r["单位"]: r for r in csv.DictReader(fh)}
    assert set(rows) == {"淮北市商务局", "淮北市人民政府", "洪泽区人民政府", "财政局"}
    # on time alone: late reports score 0, a report without a date has no score
    assert rows["淮北市商务局"]["得分"] == "0.0" and rows["洪泽区人民政府"]["得分"] == ""


@pytest.mark.parametrize("text, words", [("[weights]\nspeed = 1\n", "unknown indicator 'speed'"),
                                         ("[weights]\non_time = -1\n", "must be a number ≥ 0"),
                                         ("[weights]\ndispute_rate = 1\n", "reported, not scored")])
def test_bad_weights_say_why(built, tmp_path, text, words):
    weights = tmp_path / "w.toml"
    weights.write_text(text, encoding="utf-8")
    res = _cli("scorecard", "--db", str(built[3]), "--year", "2021", "--out", str(tmp_path / "x.csv"),
               "--weights", str(weights))
    assert res.exit_code == 2 and words in res.output.replace("\n", "")


def test_ingest_with_unknown_roster_column_exits_2(tmp_path):
    roster = tmp_path / "r.csv"
    roster.write_text("organ,regoin\n淮北市商务局,安徽\n", encoding="utf-8")
    res = _cli("ingest", str(tmp_path), "--db", str(tmp_path / "x.duckdb"), "--roster", str(roster))
    assert res.exit_code == 2
    assert "unknown column(s) regoin" in res.output.replace("\n", "")
    assert not (tmp_path / "x.duckdb").exists()
