"""Several files for one organ and year: all kept, one preferred by the documented rule."""
from __future__ import annotations

import shutil
from datetime import date

import duckdb

from etl.ingest import ingest
from etl.load.preferred import mark_preferred


def _rep(rid: str, **kw) -> dict:
    row = {"report_id": rid, "source_path": f"in/{rid}.txt", "file_name": f"{rid}.txt", "status": "parsed",
           "bureau_id": "b1", "year": 2023, "published_on": None, "figure_count": 10, "checks_failed": 0,
           "title": None}
    row.update(kw)
    return row


def _preferred(reports: list[dict], figures: list[dict] | None = None) -> str:
    mark_preferred(reports, figures)
    chosen = [r for r in reports if r["is_preferred"]]
    assert len(chosen) == 1
    for r in reports:
        assert r["superseded_by"] == (None if r is chosen[0] else chosen[0]["report_id"])
    return chosen[0]["report_id"]


def test_a_correction_replaces_the_original_even_when_less_complete():
    reps = [_rep("orig", figure_count=90, published_on=date(2024, 1, 20)),
            _rep("fix", figure_count=60, status="partial", title="2023年政府信息公开工作年度报告（更正）",
                 published_on=date(2024, 1, 25))]
    assert _preferred(reps) == "fix"


def test_correction_marked_in_the_file_name_only():
    assert _preferred([_rep("a"), _rep("b", file_name="2023年报修订版.pdf")]) == "b"


def test_a_later_edition_wins():
    reps = [_rep("old", published_on=date(2024, 1, 10), figure_count=99),
            _rep("new", published_on=date(2024, 3, 1), figure_count=50)]
    assert _preferred(reps) == "new"


def test_the_page_and_its_pdf_a_few_days_apart_are_one_publication_and_completeness_decides():
    reps = [_rep("html", published_on=date(2024, 1, 22), figure_count=40),
            _rep("pdf", published_on=date(2024, 1, 19), figure_count=88)]
    assert _preferred(reps) == "pdf"


def test_an_unknown_date_is_not_evidence_of_being_older():
    reps = [_rep("dated", published_on=date(2024, 1, 22), figure_count=40),
            _rep("undated", figure_count=88)]
    assert _preferred(reps) == "undated"


def test_parsed_before_partial_then_numbers_then_fewer_failed_checks():
    assert _preferred([_rep("partial", status="partial", figure_count=99), _rep("parsed", figure_count=10)]) == "parsed"
    figures = [{"report_id": "a", "value": 1.0}] * 5 + [{"report_id": "b", "value": None}] * 9 + \
        [{"report_id": "b", "value": 2.0}] * 3
    # b has more rows, a has more numbers: numbers count first
    assert _preferred([_rep("a", figure_count=5), _rep("b", figure_count=12)], figures) == "a"
    assert _preferred([_rep("a", checks_failed=3), _rep("b", checks_failed=1)]) == "b"


def test_failed_files_and_files_without_organ_or_year_take_no_part():
    reps = [_rep("ok"), _rep("bad", status="failed"), _rep("noyear", year=None), _rep("noorgan", bureau_id=None)]
    mark_preferred(reps)
    assert all(r["is_preferred"] and r["superseded_by"] is None for r in reps)


def test_the_choice_does_not_depend_on_input_order():
    a = [_rep("x", figure_count=10), _rep("y", figure_count=10)]
    b = [dict(r) for r in reversed(a)]
    assert _preferred(a) == _preferred(b) == "y"  # the later source path


def test_ingest_keeps_both_versions_and_prefers_the_correction(tmp_path, shared_corpus):
    src = tmp_path / "in"
    src.mkdir()
    original = (shared_corpus / "024_pingtan_shiyanqu_2022.txt").read_bytes()
    (src / "024_report.txt").write_bytes(original)
    (src / "024_report_更正.txt").write_bytes(original + "\n（本报告为更正版）\n".encode())
    shutil.copy(shared_corpus / "028_pingtan_shiyanqu_2022.html", src / "028_report.html")
    db = tmp_path / "xxgk.duckdb"
    ingest([str(src)], db, workers=2)
    con = duckdb.connect(str(db), read_only=True)
    rows = con.sql("SELECT file_name, status, bureau_id, year, is_preferred, superseded_by, report_id "
                   "FROM reports ORDER BY file_name").fetchall()
    con.close()
    assert [r[0] for r in rows] == ["024_report.txt", "024_report_更正.txt", "028_report.html"]
    by_name = {r[0]: r for r in rows}
    orig, fix = by_name["024_report.txt"], by_name["024_report_更正.txt"]
    assert orig[1] != "failed" and orig[2] is not None and (orig[2], orig[3]) == (fix[2], fix[3])
    assert fix[4] is True and orig[4] is False and orig[5] == fix[6]
    # every organ-year has exactly one preferred report; the others point to it
    groups: dict = {}
    for r in rows:
        if r[1] != "failed" and r[2] and r[3]:
            groups.setdefault((r[2], r[3]), []).append(r)
    for members in groups.values():
        preferred = [r for r in members if r[4]]
        assert len(preferred) == 1
        assert all(r[5] == preferred[0][6] for r in members if r is not preferred[0])
