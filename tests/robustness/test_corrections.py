"""Corrections as data (issue 22): applied after extraction and before the checks, listed with
their status, kept over reruns and extractor versions, and a malformed file publishes nothing.

The extracted values are read by hand off ../shared/corpus/001_huaian_hongzequ_2023.txt, 表三:
一、本年新收 自然人 21 … 总计 21; 二、上年结转 0 everywhere; (二)部分公开 自然人 4, 总计 4."""
from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

import etl
from etl.ingest import ingest
from etl.corrections_file import HEADER_LINE, CorrectionsError, correction_line, parse_corrections

REPORT = "001_huaian_hongzequ_2023.txt"


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture()
def src(tmp_path, shared_corpus) -> Path:
    d = tmp_path / "in"
    d.mkdir()
    shutil.copy(shared_corpus / REPORT, d / REPORT)
    return d


def _write(path: Path, *lines: str) -> Path:
    path.write_text(HEADER_LINE + "".join(lines), encoding="utf-8")
    return path


def _one(db: Path, sql: str, params=()):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


def _cell(db: Path, metric: str, dim: str | None):
    return _one(db, "SELECT value, value_kind, extracted_value, extracted_value_kind, corrected FROM figures "
                    "WHERE metric = ? AND dimension IS NOT DISTINCT FROM ?", [metric, dim])


def _check(db: Path, rule: str, metric: str, dim: str | None):
    return _one(db, "SELECT status, expected, found FROM checks WHERE rule = ? AND metric = ? "
                    "AND dimension IS NOT DISTINCT FROM ?", [rule, metric, dim])


def test_applied_unmatched_obsolete_and_checks_recomputed(tmp_path, src):
    db = tmp_path / "x.duckdb"
    sha = _sha(src / REPORT)
    plain = ingest([str(src)], db)
    assert _cell(db, "t3.received_new", "natural_person") == [(21.0, "number", 21.0, "number", False)]
    assert [s for s, *_ in _check(db, "t3.row_sum", "t3.received_new", "total")] == ["pass"]
    fails_before = plain.checks_failed
    all_checks = "SELECT * FROM checks ORDER BY ALL"
    checks_before = _one(db, all_checks)
    corr = _write(tmp_path / "corrections.csv",
                  correction_line(sha, "t3.received_new", "natural_person", 20, "typo check", "tester", "2026-12-06"),
                  correction_line(sha, "t3.partially_granted", "total", 4, "already right", "tester", "2026-12-06"),
                  correction_line("0" * 64, "t3.granted", "total", 1, "no such report", "tester", "2026-12-06"),
                  correction_line(sha, "t3.no_such_metric", "total", 1, "no such cell", "tester", "2026-12-06T10:00:00"))
    summary = ingest([str(src)], db, corrections=corr)
    assert summary.files_extracted == 0  # a new corrections file re-validates without re-extracting
    assert summary.corrections_applied == 1
    assert _cell(db, "t3.received_new", "natural_person") == [(20.0, "number", 21.0, "number", True)]
    assert _one(db, "SELECT line, status, extracted_value FROM corrections ORDER BY line") == [
        (2, "applied", 21.0), (3, "obsolete", 4.0), (4, "unmatched", None), (5, "unmatched", None)]
    # the identity 总计 = Σ columns now breaks on the corrected row: expected 20 (the sum), found 21
    assert _check(db, "t3.row_sum", "t3.received_new", "total") == [("fail", 20.0, 21.0)]
    assert summary.checks_failed > fails_before
    assert _one(db, "SELECT corrections_sha256, corrections_applied FROM ingest_runs ORDER BY started_at") == [
        (None, 0), (_sha(corr), 1)]
    # the reports row counts the new failures too
    assert _one(db, "SELECT checks_failed FROM reports")[0][0] == _one(
        db, "SELECT count(*) FROM checks WHERE status = 'fail'")[0][0]
    # the API serves the corrected value with its flag, and the extracted one on request
    served = etl.figures(db, metric="t3.received_new", dimension="natural_person")
    assert served.select("value", "corrected", "extracted_value").rows() == [(20.0, True, 21.0)]
    read = etl.figures(db, metric="t3.received_new", dimension="natural_person", extracted=True)
    assert read.select("value", "corrected").rows() == [(21.0, True)]

    # a rerun with the same file keeps the correction; without the file it is undone
    again = ingest([str(src)], db, corrections=corr)
    assert again.files_extracted == 0
    assert _cell(db, "t3.received_new", "natural_person") == [(20.0, "number", 21.0, "number", True)]
    assert _check(db, "t3.row_sum", "t3.received_new", "total") == [("fail", 20.0, 21.0)]
    undone = ingest([str(src)], db)
    assert _cell(db, "t3.received_new", "natural_person") == [(21.0, "number", 21.0, "number", False)]
    assert [s for s, *_ in _check(db, "t3.row_sum", "t3.received_new", "total")] == ["pass"]
    assert undone.checks_failed == fails_before
    assert _one(db, all_checks) == checks_before  # checks computed again from stored figures = the extractor's
    assert _one(db, "SELECT count(*) FROM corrections")[0][0] == 0


def test_a_correction_that_repairs_an_identity(tmp_path, src):
    """Correct the 总计 of a row to a wrong value, then a second file corrects 自然人 to match:
    the row sum passes again on corrected values alone."""
    db = tmp_path / "x.duckdb"
    sha = _sha(src / REPORT)
    broken = _write(tmp_path / "a.csv",
                    correction_line(sha, "t3.received_new", "total", 25, "test", "tester", "2026-12-06"))
    ingest([str(src)], db, corrections=broken)
    assert _check(db, "t3.row_sum", "t3.received_new", "total") == [("fail", 21.0, 25.0)]
    repaired = _write(tmp_path / "b.csv",
                      correction_line(sha, "t3.received_new", "total", 25, "test", "tester", "2026-12-06"),
                      correction_line(sha, "t3.received_new", "natural_person", 25, "test", "tester", "2026-12-06"))
    ingest([str(src)], db, corrections=repaired)
    assert [s for s, *_ in _check(db, "t3.row_sum", "t3.received_new", "total")] == ["pass"]


def test_a_blank_correction(tmp_path, src):
    db = tmp_path / "x.duckdb"
    sha = _sha(src / REPORT)
    corr = _write(tmp_path / "c.csv",
                  correction_line(sha, "t3.carried_over", "natural_person", None, "blank in the PDF", "t", "2026-12-06"))
    ingest([str(src)], db, corrections=corr)
    assert _cell(db, "t3.carried_over", "natural_person") == [(None, "blank", 0.0, "number", True)]


def test_corrections_survive_an_extractor_version_change(tmp_path, src, monkeypatch):
    db = tmp_path / "x.duckdb"
    sha = _sha(src / REPORT)
    corr = _write(tmp_path / "c.csv",
                  correction_line(sha, "t3.received_new", "natural_person", 20, "typo", "tester", "2026-12-06"))
    ingest([str(src)], db, corrections=corr)
    import etl.ingest as ingest_module
    import etl.pipeline as pipeline_module

    monkeypatch.setattr(ingest_module, "extractor_version", lambda: "next-version")
    monkeypatch.setattr(pipeline_module, "extractor_version", lambda: "next-version")
    again = ingest([str(src)], db, corrections=corr)
    assert again.files_extracted == 1
    assert _one(db, "SELECT DISTINCT extractor_version FROM reports") == [("next-version",)]
    assert _cell(db, "t3.received_new", "natural_person") == [(20.0, "number", 21.0, "number", True)]


@pytest.mark.parametrize("line, message", [
    ("nothex,t3.granted,total,1,r,t,2026-12-06\n", "line 2: sha256 must be 64 hexadecimal digits"),
    ("{sha},t3.granted,total,12x,r,t,2026-12-06\n", "line 2: value must be a number or empty"),
    ("{sha},t3.granted,total,1,r,t\n", "line 2: 6 fields, expected 7"),
    ("{sha},t3.granted,total,1,,t,2026-12-06\n", "line 2: reason is empty"),
    ("{sha},t3.granted,total,1,r,t,yesterday\n", "line 2: corrected_at must be an ISO date"),
    ("{sha},t3.granted,total,1,r,t,2026-12-06\n{sha},t3.granted,total,2,r,t,2026-12-06\n",
     "line 3: the same cell is corrected on line 2"),
])
def test_malformed_rows_name_their_line(line, message):
    with pytest.raises(CorrectionsError, match=message):
        parse_corrections((HEADER_LINE + line.format(sha="a" * 64)).encode(), "c.csv")


def test_a_wrong_header_is_line_1():
    with pytest.raises(CorrectionsError, match="line 1: the header must be"):
        parse_corrections(b"sha,metric\n", "c.csv")


def test_a_malformed_file_publishes_nothing_and_exits_2(tmp_path, src, project_root):
    db = tmp_path / "x.duckdb"
    ingest([str(src)], db)
    before = db.read_bytes()
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER_LINE + correction_line(_sha(src / REPORT), "t3.granted", "total", 1, "r", "t", "2026-12-06")
                   + "abc,t3.granted,total,1,r,t,2026-12-06\n", encoding="utf-8")
    with pytest.raises(CorrectionsError):
        ingest([str(src)], db, corrections=bad)
    assert db.read_bytes() == before
    cli = subprocess.run([sys.executable, "-m", "etl.cli", "ingest", str(src), "--db", str(db), "--corrections", str(bad)],
                         capture_output=True, text=True, cwd=project_root)
    assert cli.returncode == 2
    assert "line 3" in cli.stderr and "sha256" in cli.stderr and len(cli.stderr.strip().splitlines()) == 1
    assert db.read_bytes() == before
    assert not list(tmp_path.glob(".x.duckdb.*"))


def test_cross_year_checks_and_views_read_corrected_values(tmp_path, shared_corpus):
    """Hand-read: 001 (洪泽区 2023) 四、结转下年度继续办理 自然人 0; 002 (洪泽区 2024) 二、上年结转 自然人 0
    and 一、本年新收 总计 95. Correcting 2024's 上年结转 自然人 to 3 breaks the carry-over between the years."""
    src = tmp_path / "in"
    src.mkdir()
    for name in ("001_huaian_hongzequ_2023.txt", "002_huaian_hongzequ_2024.txt"):
        shutil.copy(shared_corpus / name, src / name)
    db = tmp_path / "x.duckdb"
    ingest([str(src)], db)
    carry = ("SELECT status, expected, found FROM checks WHERE rule = 'cross_year.carry_over' "
             "AND dimension = 'natural_person'")
    assert _one(db, carry) == [("pass", 0.0, 0.0)]
    sha = _sha(src / "002_huaian_hongzequ_2024.txt")
    corr = _write(tmp_path / "c.csv",
                  correction_line(sha, "t3.carried_over", "natural_person", 3, "test", "t", "2026-12-06"),
                  correction_line(sha, "t3.received_new", "total", 96, "test", "t", "2026-12-06"))
    ingest([str(src)], db, corrections=corr)
    assert _one(db, carry) == [("fail", 0.0, 3.0)]
    # the views serve corrected values
    assert _one(db, "SELECT received_new FROM v_report_t3_totals v JOIN reports r USING (report_id) "
                    "WHERE r.sha256 = ?", [sha]) == [(96.0,)]


def test_checks_recomputed_from_stored_figures_equal_the_extractors(tmp_path, shared_corpus):
    """What a correction's re-validation starts from: for every report of the corpus, the checks
    computed again from its stored figures are the checks the extraction computed."""
    from collections import Counter

    from etl.load.corrections import KEPT_RULES, _stored_figures
    from etl.model import Extraction, ReportMeta
    from etl.validate import validate_extraction

    src = tmp_path / "in"
    src.mkdir()
    for p in shared_corpus.iterdir():
        if p.suffix in (".txt", ".md", ".html", ".pdf"):
            shutil.copy(p, src / p.name)
    db = tmp_path / "x.duckdb"
    ingest([str(src)], db, workers=2)
    con = duckdb.connect(str(db), read_only=True)
    compared = 0
    for rid, template in con.execute("SELECT report_id, template FROM reports WHERE status <> 'failed'").fetchall():
        stored = Counter(con.execute(
            "SELECT rule, status, detail, metric, dimension, expected, found FROM checks WHERE report_id = ? "
            f"AND rule NOT LIKE 'cross_year.%' AND rule NOT IN ({', '.join('?' * len(KEPT_RULES))})",
            [rid, *KEPT_RULES]).fetchall())
        again = Counter((c.rule, c.status, c.detail, c.metric, c.dimension, c.expected, c.found)
                        for c in validate_extraction(Extraction(ReportMeta(template=template), _stored_figures(con, rid)))
                        if c.rule not in KEPT_RULES)
        assert again == stored, rid
        compared += 1
    con.close()
    assert compared >= 14
