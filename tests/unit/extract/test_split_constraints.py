"""Several run-together 表三 rows resolved together by the column identities (issue 20).
Rows written by hand: V1 is 一 + 二 = （七） + 四 in every column."""
from __future__ import annotations

from etl.extract.tables import split_constraints
from etl.extract.tables.assign import Assigned, Cell
from etl.extract.tables.split_constraints import resolve_jointly

V1_ROWS = ["t3.received_new", "t3.carried_over", "t3.total_processed", "t3.carried_forward"]


def _read(values):
    return Assigned([Cell(float(v), "number", str(v), 1) for v in values], "table")


def _run_together(*candidates):
    return Assigned([Cell(None, "unassignable", None, 1)] * 7, "", "digits run together", None,
                    [list(c) for c in candidates])


# （七） and 四 as read: 一 + 二 must be 23 2 0 0 1 1 27
TOTAL = _read([21, 2, 0, 0, 1, 0, 24])
FORWARD = _read([2, 0, 0, 0, 0, 1, 3])


def test_two_run_together_rows_of_one_equation_resolved_together():
    rows = {"t3.received_new": _run_together([21, 2, 0, 0, 1, 1, 25], [2, 1, 20, 0, 1, 1, 25]),
            "t3.carried_over": _run_together([2, 0, 0, 0, 0, 0, 2], [1, 1, 0, 0, 0, 0, 2]),
            "t3.total_processed": TOTAL, "t3.carried_forward": FORWARD}
    got = resolve_jointly(rows, V1_ROWS)
    assert [c.value for c in got["t3.received_new"].cells] == [21, 2, 0, 0, 1, 1, 25]
    assert [c.value for c in got["t3.carried_over"].cells] == [2, 0, 0, 0, 0, 0, 2]
    a = got["t3.carried_over"]
    assert a.ok and a.source_kind == "derived"
    # the note names the equation and carries the marker the identity checks read as column_split
    assert "V1" in a.note and "the only one that also satisfies" in a.note and "t3.received_new" in a.note


def test_two_combinations_that_both_fit_leave_both_rows_unassignable():
    # 21|2 with 2|0 and 22|1 with 1|1 both give 23 2 …: nothing is forced
    rows = {"t3.received_new": _run_together([21, 2, 0, 0, 1, 1, 25], [22, 1, 0, 0, 1, 1, 25]),
            "t3.carried_over": _run_together([2, 0, 0, 0, 0, 0, 2], [1, 1, 0, 0, 0, 0, 2]),
            "t3.total_processed": TOTAL, "t3.carried_forward": FORWARD}
    assert resolve_jointly(rows, V1_ROWS) == {}


def test_a_row_the_combinations_agree_on_is_resolved_while_the_other_stays_open():
    # 四 ran together too: only one 一 fits whatever 二 and 四 are, but 二/四 trade 1 between them
    rows = {"t3.received_new": _run_together([21, 2, 0, 0, 1, 1, 25], [2, 1, 20, 0, 1, 1, 25]),
            "t3.carried_over": _run_together([2, 0, 0, 0, 0, 0, 2], [3, 0, 0, 0, 0, 0, 3]),
            "t3.total_processed": TOTAL,
            "t3.carried_forward": _run_together([2, 0, 0, 0, 0, 1, 3], [3, 0, 0, 0, 0, 1, 4])}
    got = resolve_jointly(rows, V1_ROWS)
    assert set(got) == {"t3.received_new"}
    assert [c.value for c in got["t3.received_new"].cells] == [21, 2, 0, 0, 1, 1, 25]


def test_no_combination_fits_resolves_nothing():
    rows = {"t3.received_new": _run_together([20, 3, 0, 0, 1, 1, 25], [2, 1, 20, 0, 1, 1, 25]),
            "t3.carried_over": _run_together([2, 0, 0, 0, 0, 0, 2], [1, 1, 0, 0, 0, 0, 2]),
            "t3.total_processed": TOTAL, "t3.carried_forward": FORWARD}
    assert resolve_jointly(rows, V1_ROWS) == {}


def test_a_search_too_large_gives_up_and_says_so(monkeypatch):
    monkeypatch.setattr(split_constraints, "MAX_COMBINATIONS", 3)
    rows = {"t3.received_new": _run_together([21, 2, 0, 0, 1, 1, 25], [2, 1, 20, 0, 1, 1, 25]),
            "t3.carried_over": _run_together([2, 0, 0, 0, 0, 0, 2], [1, 1, 0, 0, 0, 0, 2]),
            "t3.total_processed": TOTAL, "t3.carried_forward": FORWARD}
    got = resolve_jointly(rows, V1_ROWS)
    assert set(got) == {"t3.received_new", "t3.carried_over"}
    for a in got.values():
        assert not a.ok and "4 combinations" in a.problem and "too many to search" in a.problem
        assert len(a.candidates) == 2  # still listed for a later constraint (another year's report)


def test_an_equation_with_a_row_neither_read_nor_split_is_not_used():
    rows = {"t3.received_new": _run_together([21, 2, 0, 0, 1, 1, 25], [2, 1, 20, 0, 1, 1, 25]),
            "t3.carried_over": _run_together([2, 0, 0, 0, 0, 0, 2], [1, 1, 0, 0, 0, 0, 2]),
            "t3.total_processed": TOTAL,
            "t3.carried_forward": Assigned([Cell(None, "unassignable", None, 1)] * 7, "", "6 numbers")}
    assert resolve_jointly(rows, V1_ROWS) == {}


def _table_printing(*printed: tuple[str, str]):
    """A 2021 表三 with 二 = 12 1 0 0 0 0 13 and 四 = 12 1 0 0 0 1 14 (V1 holds), rows
    printed as `printed` ((as in the table, as printed)), through the extractor."""
    from tables_helpers import T2_2021, T3_2021_ROWS, T4_TEXT, run, t3_text, text_doc

    rows = dict(T3_2021_ROWS)
    rows["二、上年结转政府信息公开申请数量"] = [12, 1, 0, 0, 0, 0, 13]
    rows["四、结转下年度继续办理"] = [12, 1, 0, 0, 0, 1, 14]
    text = t3_text(list(rows.items()))
    for old, new in printed:
        text = text.replace(old, new)
    return run(text_doc(T2_2021 + text + T4_TEXT))


def test_two_run_together_rows_of_a_printed_table_resolved_together():
    """Through the 表三 extractor: 一 printed `2120011 25` and 二 `1210000 13`, each with two splits
    that fit its row sum; neither can be resolved while the other is unread, together only
    21|2|0|0|1|1 and 12|1|0|0|0|0 give 一 + 二 = （七） + 四 in every column."""
    cells, problems, _ = _table_printing(
        ("一、本年新收政府信息公开申请数量 21 2 0 0 1 1 25", "一、本年新收政府信息公开申请数量 2120011 25"),
        ("二、上年结转政府信息公开申请数量 12 1 0 0 0 0 13", "二、上年结转政府信息公开申请数量 1210000 13"))
    assert problems == []
    dims = ("natural_person", "commercial", "research", "social_org", "legal_service", "other_org", "total")
    assert [cells[f"t3.received_new|{d}"].value for d in dims] == [21, 2, 0, 0, 1, 1, 25]
    assert [cells[f"t3.carried_over|{d}"].value for d in dims] == [12, 1, 0, 0, 0, 0, 13]
    f = cells["t3.carried_over|total"]
    assert f.source_kind == "derived" and "searched together" in f.evidence and "V1" in f.evidence


def test_two_run_together_rows_that_trade_between_them_stay_unassignable_with_their_candidates():
    from etl.validate.split_candidates import split_candidate_checks

    # 二 and 四 both run together: 12|1 with 12|1|…|1 and 1|2|10 with 1|2|10|…|1 both balance
    cells, problems, figures = _table_printing(
        ("二、上年结转政府信息公开申请数量 12 1 0 0 0 0 13", "二、上年结转政府信息公开申请数量 1210000 13"),
        ("四、结转下年度继续办理 12 1 0 0 0 1 14", "四、结转下年度继续办理 1210001 14"))
    assert cells["t3.carried_over|total"].value_kind == "unassignable"
    assert cells["t3.carried_forward|total"].value_kind == "unassignable"
    assert len(problems) == 2
    kept = split_candidate_checks(figures)
    assert [(c.rule, c.metric) for c in kept] == [("t3.split_candidates", "t3.carried_over"),
                                                  ("t3.split_candidates", "t3.carried_forward")]
    assert "12 1 0 0 0 0 13" in kept[0].detail and "1 2 10 0 0 0 13" in kept[0].detail
