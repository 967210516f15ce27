"""Assigning a row's values to its columns: exact counts, blank grid cells, digit runs."""
from __future__ import annotations

from etl.extract.numbers import parse_cell
from etl.extract.tables.assign import assign, splits_of
from etl.extract.tables.stream import Region, Token
from etl.extract.tables.t3 import row_sum_holds
from etl.extract.tables.t4 import group_sums_hold


def _text(*tokens):
    return Region(values=[Token(t, t, parse_cell(t, unit="yuan"), 3, True) for t in tokens])


def _grid(*cells):
    return Region(values=[Token(c, c, parse_cell(c, unit="yuan"), 3, False) for c in cells])


def test_splits_without_leading_zeros():
    assert splits_of("000", 3) == [["0", "0", "0"]]
    assert splits_of("023", 2) == [["0", "23"]]
    assert sorted(splits_of("350", 2)) == [["3", "50"], ["35", "0"]]
    assert splits_of("00", 1) == []


def test_exact_count_is_assigned_in_order():
    a = assign(_text("21", "0", "0", "0", "0", "0", "21"), ["count"] * 7)
    assert a.ok and a.source_kind == "table" and [c.value for c in a.cells] == [21, 0, 0, 0, 0, 0, 21]
    assert {c.page for c in a.cells} == {3}


def test_unique_split_under_the_row_identity_is_derived():
    a = assign(_text("230", "000023"), ["count"] * 7, identity=row_sum_holds)
    assert a.source_kind == "derived" and [c.value for c in a.cells] == [23, 0, 0, 0, 0, 0, 23]
    assert "assumes no cell was left blank" in a.note


def test_run_together_token_with_a_leading_zero_is_never_one_number():
    a = assign(_text("23", "0", "00", "0", "023"), ["count"] * 7, identity=row_sum_holds)
    assert [c.value for c in a.cells] == [23, 0, 0, 0, 0, 0, 23]
    b = assign(_text("0", "0", "0", "0", "0", "0", "00"), ["count"] * 7, identity=row_sum_holds)
    assert not b.ok  # 8 zeros for 7 cells


def test_t4_run_of_fifteen_digits():
    a = assign(_text("0" * 15), ["count"] * 15, identity=group_sums_hold)
    assert a.source_kind == "derived" and [c.value for c in a.cells] == [0] * 15


def test_ambiguous_split_is_refused():
    a = assign(_text("350"), ["count", "count"])
    assert not a.ok and {c.kind for c in a.cells} == {"unassignable"}
    assert "2 possible splits" in a.problem


def test_fewer_numbers_than_columns():
    a = assign(_text("3", "1", "0", "0", "0", "4"), ["count"] * 7, identity=row_sum_holds)
    assert a.problem == "6 numbers ('3 1 0 0 0 4') for 7 columns, cells left empty"


def test_decimal_in_a_count_column_is_refused():
    a = assign(_text("12.5"), ["count"])
    assert not a.ok and "not a whole number" in a.problem


def test_money_column_takes_decimals():
    a = assign(_text("7730.28"), ["wan_yuan"])
    assert a.ok and a.cells[0].value == 7730.28


def test_blank_grid_cells_at_one_end_are_dropped():
    left = assign(_grid("", "5", "0", "0", "0", "0", "0", "5"), ["count"] * 7)
    assert [c.value for c in left.cells] == [5, 0, 0, 0, 0, 0, 5]
    right = assign(_grid("1", "0", "0", "0", "0", "0", "", ""), ["count"] * 7)
    assert [c.kind for c in right.cells][-1] == "blank" and right.cells[0].value == 1


def test_blank_grid_cells_at_both_ends_are_ambiguous():
    a = assign(_grid("", "1", "0", "0", "0", "0", "1", ""), ["count"] * 7)
    assert not a.ok


def test_dirty_digits_refuse_the_row():
    r = _text("21", "0")
    r.dirty.append("21件")
    assert not assign(r, ["count"] * 2).ok


def test_a_run_together_row_reads_the_same_when_its_split_search_is_cached():
    # the search is cached by (runs, columns, identity): a second reading of the same runs, at
    # other positions and pages, gets its own cells and the same note
    first = assign(_text("2120011", "25"), ["count"] * 7, identity=row_sum_holds)
    again = assign(Region(values=[Token(t, t, parse_cell(t, unit="yuan"), 9, True, 40 + 8 * i)
                                  for i, t in enumerate(("2120011", "25"))]), ["count"] * 7, identity=row_sum_holds)
    assert (first.problem, first.note, first.candidates) == (again.problem, again.note, again.candidates)
    assert [(c.value, c.kind, c.raw) for c in first.cells] == [(c.value, c.kind, c.raw) for c in again.cells]
    assert {c.page for c in again.cells} <= {9} and {c.page for c in first.cells} <= {3}
    one = assign(_text("2100000", "21"), ["count"] * 7, identity=row_sum_holds)
    assert one.ok and one.source_kind == "derived" and [c.at for c in one.cells][0] == (0, 2)
