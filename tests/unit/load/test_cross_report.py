"""The load-time pass over adjacent reports (issue 20, etl.load.cross_report), on hand-made
rows in an in-memory build: which candidate the other report forces, and the traps where it
must force none."""
from __future__ import annotations

import duckdb
import pytest

from etl.load import ddl
from etl.load.cross_report import resolve_across_reports
from etl.split_candidates import encode, make_split_row

DIMS = ("natural_person", "commercial", "research", "social_org", "legal_service", "other_org", "total")
NORMATIVE = ["t2.normative_docs.issued", "t2.normative_docs.repealed", "t2.normative_docs.in_force"]


@pytest.fixture()
def con():
    c = duckdb.connect(":memory:")
    for stmt in ddl.table_statements():
        c.execute(stmt)
    yield c
    c.close()


def _report(rid, year, bureau="b1", preferred=True, template="t2021"):
    return {"report_id": rid, "year": year, "bureau_id": bureau, "is_preferred": preferred, "status": "partial",
            "template": template}


def _cells(con, rid, cells, values=None, *, corrected=False):
    """Figures for `cells` ((metric, dim)): printed `values`, or unassignable when None."""
    for i, (m, d) in enumerate(cells):
        v = None if values is None else float(values[i])
        kind = "unassignable" if values is None else "number"
        con.execute("INSERT INTO figures (report_id, metric, dimension, value, value_kind, source_kind, evidence, "
                    "extracted_value, extracted_value_kind, corrected, unit) VALUES (?, ?, ?, ?, ?, 'table', 'printed', ?, "
                    "?, ?, 'count')", [rid, m, d, v, kind, v, kind, corrected])


def _run_together(con, rid, metrics, dims, splits, evidence="row as printed"):
    cells = list(zip(metrics, dims))
    _cells(con, rid, cells)
    row = make_split_row(metrics, dims, splits, evidence)
    con.execute("INSERT INTO checks (report_id, rule, status, detail, metric) VALUES (?, ?, 'not_assessable', ?, ?)",
                [rid, f"{metrics[0].split('.')[0]}.split_candidates", encode(row, "words"), metrics[0]])


def _served(con, rid, metric):
    return [r for r in con.execute("SELECT value, value_kind, source_kind FROM figures WHERE report_id = ? AND "
                                   "metric LIKE ? ORDER BY rowid", [rid, metric + "%"]).fetchall()]


T3_TWO = [[12, 1, 0, 0, 0, 0, 13], [1, 2, 10, 0, 0, 0, 13]]


def test_last_years_carried_forward_row_written_later_resolves_it(con):
    # the earlier year's 四 ran together; the later year's 二 (printed) forces it
    _run_together(con, "r22", ["t3.carried_forward"] * 7, DIMS, T3_TWO)
    _cells(con, "r23", [("t3.carried_over", d) for d in DIMS], [1, 2, 10, 0, 0, 0, 13])
    touched = resolve_across_reports(con, [_report("r22", 2022), _report("r23", 2023)])
    assert touched == {"r22"}
    assert _served(con, "r22", "t3.carried_forward") == [(v, "number", "derived") for v in (1, 2, 10, 0, 0, 0, 13)]
    ev = con.execute("SELECT DISTINCT evidence FROM figures WHERE report_id = 'r22'").fetchall()
    assert len(ev) == 1 and "with the same organ's report of 2023 (r23)" in ev[0][0]


def test_two_candidates_that_both_fit_stay_unassignable(con):
    # `2115`: 2|1|15 and 2|11|5; with 14 in force last year both give 14 + issued − repealed = in force
    _run_together(con, "r23", NORMATIVE, [None] * 3, [[2, 1, 15], [2, 11, 5], [21, 1, 5]])
    _cells(con, "r22", [("t2.normative_docs.in_force", None)], [14])
    assert resolve_across_reports(con, [_report("r22", 2022), _report("r23", 2023)]) == set()
    assert _served(con, "r23", "t2.normative_docs") == [(None, "unassignable", "table")] * 3


def test_the_stock_of_the_next_year_resolves_the_earlier_row(con):
    # 2022 `3120` (3|1|20, 3|12|0, 31|2|0); 2023 prints 2 issued, 1 repealed, 21 in force: 2022 had 20
    _run_together(con, "r22", NORMATIVE, [None] * 3, [[3, 1, 20], [3, 12, 0], [31, 2, 0]])
    _cells(con, "r23", [(m, None) for m in NORMATIVE], [2, 1, 21])
    assert resolve_across_reports(con, [_report("r22", 2022), _report("r23", 2023)]) == {"r22"}
    assert _served(con, "r22", "t2.normative_docs") == [(3.0, "number", "derived"), (1.0, "number", "derived"),
                                                        (20.0, "number", "derived")]


def test_no_stock_identity_across_the_2019_layout(con):
    _run_together(con, "r21", NORMATIVE, [None] * 3, [[3, 1, 20], [3, 12, 0], [31, 2, 0]])
    _cells(con, "r20", [("t2.normative_docs.in_force", None)], [18])
    reports = [_report("r20", 2020, template="t2019"), _report("r21", 2021)]
    assert resolve_across_reports(con, reports) == set()


def test_other_bureaus_years_apart_and_unpreferred_versions_force_nothing(con):
    _run_together(con, "r23", ["t3.carried_over"] * 7, DIMS, T3_TWO)
    for rid in ("other", "gap", "dup"):
        _cells(con, rid, [("t3.carried_forward", d) for d in DIMS], [12, 1, 0, 0, 0, 0, 13])
    reports = [_report("r23", 2023), _report("other", 2022, bureau="b2"), _report("gap", 2021),
               _report("dup", 2022, preferred=False)]
    assert resolve_across_reports(con, reports) == set()


def test_a_neighbour_row_that_was_not_read_forces_nothing(con):
    _run_together(con, "r23", ["t3.carried_over"] * 7, DIMS, T3_TWO)
    _cells(con, "r22", [("t3.carried_forward", d) for d in DIMS])  # unassignable itself
    assert resolve_across_reports(con, [_report("r22", 2022), _report("r23", 2023)]) == set()


def test_a_corrected_cell_is_left_to_the_correction(con):
    _run_together(con, "r23", ["t3.carried_over"] * 7, DIMS, T3_TWO)
    con.execute("UPDATE figures SET value = 12, value_kind = 'number', corrected = true WHERE report_id = 'r23' "
                "AND dimension = 'natural_person'")
    _cells(con, "r22", [("t3.carried_forward", d) for d in DIMS], [12, 1, 0, 0, 0, 0, 13])
    assert resolve_across_reports(con, [_report("r22", 2022), _report("r23", 2023)]) == set()
    assert _served(con, "r23", "t3.carried_over")[1] == (None, "unassignable", "table")


def test_rerun_is_idempotent_and_a_changed_neighbour_withdraws_the_split(con):
    _run_together(con, "r23", ["t3.carried_over"] * 7, DIMS, T3_TWO, evidence="二、上年结转 1210000 13")
    _cells(con, "r22", [("t3.carried_forward", d) for d in DIMS], [12, 1, 0, 0, 0, 0, 13])
    reports = [_report("r22", 2022), _report("r23", 2023)]
    assert resolve_across_reports(con, reports) == {"r23"}
    state = con.execute("SELECT * FROM figures ORDER BY ALL").fetchall()
    assert resolve_across_reports(con, reports) == set()  # nothing changed: nothing to validate again
    assert con.execute("SELECT * FROM figures ORDER BY ALL").fetchall() == state
    con.execute("UPDATE figures SET value = 5 WHERE report_id = 'r22' AND dimension IN ('natural_person', 'total')")
    con.execute("UPDATE figures SET value = 0 WHERE report_id = 'r22' AND dimension = 'commercial'")
    assert resolve_across_reports(con, reports) == {"r23"}
    assert _served(con, "r23", "t3.carried_over") == [(None, "unassignable", "table")] * 7
    assert {e for (e,) in con.execute("SELECT evidence FROM figures WHERE report_id = 'r23'").fetchall()} == \
        {"二、上年结转 1210000 13"}


def test_the_report_row_says_parsed_once_its_only_problem_is_resolved_and_partial_again_when_withdrawn(con):
    problem = "表三 row 二、上年结转政府信息公开申请数量: digits run together ('1210000 13') for 7 columns: …"
    _cells(con, "r23", [("t3.carried_over", d) for d in DIMS])
    row = make_split_row(["t3.carried_over"] * 7, DIMS, T3_TWO, "二、上年结转 1210000 13", problem)
    con.execute("INSERT INTO checks (report_id, rule, status, detail, metric) VALUES ('r23', 't3.split_candidates', "
                "'not_assessable', ?, 't3.carried_over')", [encode(row, "words")])
    _cells(con, "r22", [("t3.carried_forward", d) for d in DIMS], [12, 1, 0, 0, 0, 0, 13])
    reports = [_report("r22", 2022), {**_report("r23", 2023), "error": problem}]
    resolve_across_reports(con, reports)
    assert (reports[1]["status"], reports[1]["error"], reports[1]["error_code"]) == ("parsed", None, None)
    con.execute("UPDATE figures SET value = 11 WHERE report_id = 'r22' AND dimension = 'natural_person'")
    resolve_across_reports(con, reports)
    assert (reports[1]["status"], reports[1]["error"]) == ("partial", problem)
    assert reports[1]["error_code"] == "row_digits_run_together"


def test_a_row_resolved_by_last_year_lets_the_balance_resolve_its_partner(con):
    # 2023: 二 and 四 both ran together and trade between them (12|1 with 12|1|…|1, or 1|2|10 with
    # 1|2|10|…|1); 2022's 四 picks 二, then 一 + 二 = （七） + 四 picks 四
    _run_together(con, "r23", ["t3.carried_over"] * 7, DIMS, T3_TWO)
    _run_together(con, "r23", ["t3.carried_forward"] * 7, DIMS, [[12, 1, 0, 0, 0, 1, 14], [1, 2, 10, 0, 0, 1, 14]])
    _cells(con, "r23", [("t3.received_new", d) for d in DIMS], [21, 2, 0, 0, 1, 1, 25])
    _cells(con, "r23", [("t3.total_processed", d) for d in DIMS], [21, 2, 0, 0, 1, 0, 24])
    _cells(con, "r22", [("t3.carried_forward", d) for d in DIMS], [12, 1, 0, 0, 0, 0, 13])
    reports = [_report("r22", 2022), _report("r23", 2023)]
    assert resolve_across_reports(con, reports) == {"r23"}
    assert _served(con, "r23", "t3.carried_forward") == [(v, "number", "derived") for v in (12, 1, 0, 0, 0, 1, 14)]
    (ev,) = con.execute("SELECT DISTINCT evidence FROM figures WHERE report_id = 'r23' "
                        "AND metric = 't3.carried_forward'").fetchone()
    assert "V1" in ev and "t3.carried_over as derived with the same organ's report of 2022 (r22)" in ev
    # without 一 read, the balance cannot say: 四 stays open while 二 is resolved
    con.execute("UPDATE figures SET value = NULL, value_kind = 'unassignable' WHERE report_id = 'r23' "
                "AND metric = 't3.received_new' AND dimension = 'total'")
    resolve_across_reports(con, reports)
    assert _served(con, "r23", "t3.carried_over")[0] == (12.0, "number", "derived")
    assert _served(con, "r23", "t3.carried_forward") == [(None, "unassignable", "table")] * 7


def test_a_notice_left_in_the_error_does_not_keep_a_resolved_report_partial():
    from etl.load.cross_report import Pending, restate_reports
    from etl.split_candidates import make_split_row

    problem = "表二 row 行政规范性文件: digits run together ('1203') for 3 columns: 2 possible splits, cells left empty"
    notice = "printed in traditional characters: read as simplified, character for character"
    for others, status in (([notice], "parsed"), (["表四: not found", notice], "partial")):
        rep = {"report_id": "r1", "status": "partial", "error": "; ".join([problem, *others])}
        row = Pending("r1", make_split_row(["t2.normative_docs.issued"], [None], [[1]], "1203", problem))
        restate_reports([rep], [row], {row})
        assert (rep["status"], rep["error"]) == (status, "; ".join(others))
