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
