"""表三 cells OCR could not read, given back by V1/V2/V3 only when the equations fix them
without any one of them and agree; every trap (a contradiction, a lone equation, a 0 in a row
with a blank, a cell of a page with a text layer) leaves the cell NULL.

The tables are written by hand below: 自然人 and 商业企业 columns hold the counts, the other
applicant columns 0, 总计 their sum; the outcome rows add up to （七）总计 and
一 + 二 = （七） + 四 holds in every column (checked by `test_the_hand_made_table_holds`)."""
from __future__ import annotations

import pytest

from etl.model import Figure
from etl.validate.ocr_derive import derive_unreadable, equations

DIMS = ("natural_person", "commercial", "research", "social_org", "legal_service", "other_org", "total")
OUTCOMES_2019 = ("t3.granted", "t3.partially_granted",
                 *(f"t3.denied.{k}" for k in ("state_secret", "law_prohibited", "security_stability", "third_party",
                                              "internal_affairs", "process_info", "enforcement_file", "admin_query")),
                 "t3.unavailable.not_held", "t3.unavailable.needs_creation", "t3.unavailable.unclear",
                 *(f"t3.not_processed.{k}" for k in ("complaint", "repeat", "publication", "mass_repeat",
                                                     "confirmation")),
                 "t3.other")

# (自然人, 商业企业) per row; 一 20+5, 二 2+1, outcomes add to （七） 19+5, 四 3+1
ROWS_2019 = {"t3.received_new": (20, 5), "t3.carried_over": (2, 1), "t3.granted": (9, 2),
             "t3.partially_granted": (3, 0), "t3.denied.third_party": (1, 1), "t3.unavailable.not_held": (4, 1),
             "t3.not_processed.repeat": (1, 0), "t3.other": (1, 1), "t3.total_processed": (19, 5),
             "t3.carried_forward": (3, 1)}


def _table(rows: dict[str, tuple[int, int]], outcomes=OUTCOMES_2019, page: int = 2) -> dict[tuple, Figure]:
    out = {}
    metrics = ["t3.received_new", "t3.carried_over", *outcomes, "t3.total_processed", "t3.carried_forward"]
    for m in metrics:
        a, b = rows.get(m, (0, 0))
        for dim, v in zip(DIMS, (a, b, 0, 0, 0, 0, a + b)):
            out[(m, dim)] = Figure(m, float(v), "number", "table", str(v), raw_text=str(v), dimension=dim, page=page)
    return out


def _unreadable(cells: dict, *keys) -> None:
    for k in keys:
        f = cells[k]
        f.value, f.value_kind, f.raw_text = None, "unreadable", "⍰"


def test_the_hand_made_table_holds():
    cells = _table(ROWS_2019)
    for eq in equations({m for m, _ in cells}):
        if all(k in cells for k in eq.coef):
            assert sum(c * cells[k].value for k, c in eq.coef.items()) == 0, eq.name


def test_one_unreadable_cell_is_given_by_its_row_and_its_column():
    cells = _table(ROWS_2019)
    _unreadable(cells, ("t3.granted", "natural_person"))
    checks = derive_unreadable(list(cells.values()), {2})
    f = cells[("t3.granted", "natural_person")]
    assert (f.value, f.value_kind, f.source_kind) == (9.0, "number", "derived")
    assert [c.rule for c in checks] == ["t3.ocr_derived"] and "page 2" in checks[0].detail
    assert "V2" in f.evidence and "V3" in f.evidence


def test_two_unreadable_cells_of_one_row_are_given_by_their_columns_and_the_row():
    cells = _table(ROWS_2019)
    _unreadable(cells, ("t3.unavailable.not_held", "natural_person"), ("t3.unavailable.not_held", "commercial"))
    derive_unreadable(list(cells.values()), {2})
    assert cells[("t3.unavailable.not_held", "natural_person")].value == 4.0
    assert cells[("t3.unavailable.not_held", "commercial")].value == 1.0


def test_a_total_cell_in_v1_v2_and_v3_is_given_back():
    cells = _table(ROWS_2019)
    _unreadable(cells, ("t3.total_processed", "total"))
    derive_unreadable(list(cells.values()), {2})
    assert cells[("t3.total_processed", "total")].value == 24.0


def test_a_misread_cell_the_equations_rest_on_leaves_the_cell_null():
    cells = _table(ROWS_2019)
    _unreadable(cells, ("t3.granted", "natural_person"))
    # printed 11: the row now gives 13 - 2 = 11, the column 9 (their mean, 10, is a whole number:
    # only the contradiction tells)
    cells[("t3.granted", "total")].value = 13.0
    assert derive_unreadable(list(cells.values()), {2}) == []
    assert cells[("t3.granted", "natural_person")].value_kind == "unreadable"


def test_a_cell_only_one_equation_fixes_stays_null():
    cells = _table(ROWS_2019)
    # the column's V3 cannot be used (another outcome cell of the column is unassignable):
    # only the row's V2 would give the cell, and nothing would check it
    _unreadable(cells, ("t3.granted", "commercial"))
    cells[("t3.partially_granted", "commercial")].value_kind = "unassignable"
    cells[("t3.partially_granted", "commercial")].value = None
    assert derive_unreadable(list(cells.values()), {2}) == []
    assert cells[("t3.granted", "commercial")].value is None


def test_cells_the_equations_fix_only_together_with_no_equation_to_spare_stay_null():
    cells = _table(ROWS_2019)
    # a 2 × 2 block: two rows and two columns, four equations for four cells, one of them
    # a combination of the others: the block is not fixed at all (adding k to the diagonal
    # and taking it from the other diagonal satisfies every equation)
    _unreadable(cells, ("t3.granted", "natural_person"), ("t3.granted", "commercial"),
                ("t3.partially_granted", "natural_person"), ("t3.partially_granted", "commercial"))
    assert derive_unreadable(list(cells.values()), {2}) == []


# a seal over a block: three columns of 表三's outcome rows; research and social_org are 0 throughout
SEALED_BLOCK = [(m, d) for m in ("t3.granted", "t3.partially_granted", "t3.denied.third_party")
                for d in ("natural_person", "research", "social_org")]


def test_a_sealed_block_is_given_back_by_the_zeros_its_vouched_totals_force():
    cells = _table(ROWS_2019)
    _unreadable(cells, *SEALED_BLOCK)
    # （七） of research and social_org reads 0, vouched by identities holding with every cell read:
    # their outcome cells are all 0. That leaves one unknown per row, natural_person's, and four
    # equations (three rows' V2, the column's V3) for those three cells: one to spare
    vouched = {("t3.total_processed", d) for d in DIMS}
    checks = derive_unreadable(list(cells.values()), {2}, vouched)
    for m, d in SEALED_BLOCK:
        f = cells[(m, d)]
        assert (f.value, f.value_kind, f.source_kind) == ({"natural_person": ROWS_2019[m][0]}.get(d, 0.0),
                                                         "number", "derived"), (m, d)
    zero = cells[("t3.granted", "research")]
    assert "never negative" in zero.evidence and "V3" in zero.evidence
    assert len([c for c in checks if c.rule == "t3.ocr_derived"]) == len(SEALED_BLOCK)


def test_a_sealed_block_stays_null_when_nothing_vouches_for_the_totals():
    # the same block: （七） reads 0 in research, but a 0 misread from a 1 there would make a 0 of
    # the cell that holds the 1, so without a holding identity behind （七） nothing is forced
    cells = _table(ROWS_2019)
    _unreadable(cells, *SEALED_BLOCK)
    assert derive_unreadable(list(cells.values()), {2}, set()) == []
    assert all(cells[k].value_kind == "unreadable" for k in SEALED_BLOCK)


def test_a_total_that_does_not_balance_forces_no_zero():
    # not_held reads 总计 5 and 自然人 4: the unreadable 商业企业 cell holds 1, and the other
    # unreadable cells of the row could hold it too; nothing is forced to 0
    cells = _table(ROWS_2019)
    row = [("t3.unavailable.not_held", d) for d in ("commercial", "research", "social_org")]
    _unreadable(cells, *row)
    cells[("t3.partially_granted", "research")].value_kind = "unassignable"  # the columns' V3 unusable
    cells[("t3.partially_granted", "research")].value = None
    cells[("t3.partially_granted", "social_org")].value_kind = "unassignable"
    cells[("t3.partially_granted", "social_org")].value = None
    vouched = {("t3.unavailable.not_held", "total")}
    derive_unreadable(list(cells.values()), {2}, vouched)
    assert all(cells[k].value_kind == "unreadable" for k in row)


def test_a_zero_in_a_row_that_prints_a_blank_stays_null():
    cells = _table(ROWS_2019)
    blank = cells[("t3.not_processed.repeat", "research")]
    blank.value, blank.value_kind, blank.raw_text = None, "blank", ""
    _unreadable(cells, ("t3.not_processed.repeat", "commercial"))  # 0 as printed, or blank: unknown
    assert derive_unreadable(list(cells.values()), {2}) == []


def _zeros_blank(cells: dict) -> None:
    """The table as reports print it that show every 0 as an empty cell."""
    for f in cells.values():
        if f.value == 0:
            f.value, f.value_kind, f.raw_text = None, "blank", ""


def test_a_zero_of_a_table_that_prints_its_zeros_blank_is_given_back_blank():
    """A seal over empty cells of such a table: the cells under it read as nothing, but the red
    may hide digits, so they are unreadable; the identities say they are 0, and the table prints
    a 0 as a blank cell, so that is what was printed (a held-out scan: 20 such cells NULL)."""
    cells = _table(ROWS_2019)
    _zeros_blank(cells)
    keys = [("t3.denied.state_secret", d) for d in ("natural_person", "research")] + [("t3.granted", "research")]
    _unreadable(cells, *keys)
    vouched = {("t3.total_processed", d) for d in DIMS} | {("t3.denied.state_secret", "total")}
    checks = derive_unreadable(list(cells.values()), {2}, vouched)
    for k in keys:
        f = cells[k]
        assert (f.value, f.value_kind, f.source_kind) == (None, "blank", "derived"), k
        assert "prints its zeros as blank cells" in f.evidence
    assert sorted((c.metric, c.dimension) for c in checks) == sorted(keys)
    # a cell the identities give a count other than 0 is a number, as before
    cells = _table(ROWS_2019)
    _zeros_blank(cells)
    _unreadable(cells, ("t3.granted", "natural_person"))
    derive_unreadable(list(cells.values()), {2})
    assert (cells[("t3.granted", "natural_person")].value, cells[("t3.granted", "natural_person")].value_kind) == (
        9.0, "number")


def test_a_zero_of_a_table_that_prints_both_zeros_and_blanks_stays_null_in_a_row_with_a_blank():
    cells = _table(ROWS_2019)
    for d in ("research", "social_org"):  # one row of blanks; every other row prints its 0s
        f = cells[("t3.denied.third_party", d)]
        f.value, f.value_kind, f.raw_text = None, "blank", ""
    _unreadable(cells, ("t3.denied.third_party", "legal_service"))
    vouched = {("t3.total_processed", d) for d in DIMS} | {("t3.denied.third_party", "total")}
    assert derive_unreadable(list(cells.values()), {2}, vouched) == []
    assert cells[("t3.denied.third_party", "legal_service")].value_kind == "unreadable"


def test_a_value_below_zero_or_between_whole_numbers_stays_null():
    cells = _table(ROWS_2019)
    _unreadable(cells, ("t3.granted", "natural_person"))
    cells[("t3.granted", "total")].value = 1.0  # the row gives 1 - 2 = -1 (and the column 9)
    cells[("t3.total_processed", "natural_person")].value = 1.0
    assert derive_unreadable(list(cells.values()), {2}) == []


def test_a_cell_of_a_page_with_a_text_layer_is_left_alone():
    cells = _table(ROWS_2019)
    _unreadable(cells, ("t3.granted", "natural_person"))
    assert derive_unreadable(list(cells.values()), {1}) == []
    assert cells[("t3.granted", "natural_person")].value is None


@pytest.mark.parametrize("subrow", ["t3.other.overdue_correction", "t3.other.misc"])
def test_2021_other_subrows_take_the_place_of_other_in_v3(subrow):
    outcomes = OUTCOMES_2019[:-1] + ("t3.other.overdue_correction", "t3.other.overdue_fee", "t3.other.misc")
    rows = {**{k: v for k, v in ROWS_2019.items() if k != "t3.other"}, subrow: (1, 1)}
    cells = _table(rows, outcomes)
    _unreadable(cells, (subrow, "commercial"))
    derive_unreadable(list(cells.values()), {2})
    assert cells[(subrow, "commercial")].value == 1.0


def _trusted(cells: dict) -> tuple[list[Figure], list]:
    from etl.model import Document, Extraction, ReportMeta, TextBlock
    from etl.validate import validate_extraction
    from etl.validate.ocr_trust import apply_ocr_trust

    extraction = Extraction(ReportMeta(), list(cells.values()))
    extraction.checks = validate_extraction(extraction)
    apply_ocr_trust(extraction, Document([TextBlock("x", 2)], "pdf", ocr_pages=[2]))
    return extraction.figures, extraction.checks


def test_a_misread_cell_is_found_where_its_failing_row_and_column_cross_and_given_back():
    """`9` read as `6`: its row's V2 and its column's V3 fail. Every other cell of the row and
    column lies in an identity that holds, so only this one is doubted (before, all 7 cells of
    the row and every OCR cell of the column were left NULL), and the identities give it back."""
    cells = _table(ROWS_2019)
    cells[("t3.granted", "natural_person")].value = 6.0
    figures, checks = _trusted(cells)
    changed = [(f.metric, f.dimension, f.value, f.source_kind) for f in figures if f.source_kind != "table"]
    assert changed == [("t3.granted", "natural_person", 9.0, "derived")]
    assert [c.rule for c in checks if c.rule.startswith(("t3.ocr", "ocr."))] == ["t3.ocr_derived"]
    assert all(c.status == "pass" for c in checks if c.rule in ("t3.row_sum", "t3.outcome_sum", "t3.balance"))


def test_a_failing_row_whose_every_cell_is_vouched_for_is_left_null_whole():
    """The row's total misprinted (or two cells misread so that each column still holds): no
    one cell explains it, so every OCR cell of the row is doubted, as before."""
    cells = _table(ROWS_2019)
    cells[("t3.granted", "total")].value = 12.0
    cells[("t3.total_processed", "total")].value = 25.0  # the 总计 column's V3 holds again
    cells[("t3.received_new", "total")].value = 26.0  # and its V1
    figures, checks = _trusted(cells)
    nulls = {(f.metric, f.dimension) for f in figures if f.value_kind == "unreadable"}
    assert {("t3.granted", d) for d in DIMS} <= nulls


def _trusted_with_seal(cells: dict, sealed: dict[tuple, tuple[int, int]]) -> tuple[list[Figure], list]:
    """apply_ocr_trust with the cells `sealed` maps (to their grid position) read under a seal."""
    from etl.model import Document, Extraction, ReportMeta, Table
    from etl.validate import validate_extraction
    from etl.validate.ocr_trust import apply_ocr_trust

    for key, (r, c) in sealed.items():
        cells[key].locator = f"table=0;row={r};col={c}"
    grid = Table((("x",) * 3,) * 3, tuple(tuple((r, c) for c in range(3)) for r in range(3)), 2,
                 sealed=frozenset(sealed.values()))
    extraction = Extraction(ReportMeta(), list(cells.values()))
    extraction.checks = validate_extraction(extraction)
    apply_ocr_trust(extraction, Document([grid], "pdf", ocr_pages=[2]))
    return extraction.figures, extraction.checks


def test_a_number_read_under_a_seal_that_no_identity_checks_is_left_null():
    """A `0` under the seal's ring read `70`: its row's total unreadable, its column's V3 not
    assessable (an outcome row unassignable), so no identity checks it. Two characters under a
    seal need a check; a single digit there (`0`) is kept as read."""
    cells = _table(ROWS_2019)
    seventy = cells[("t3.not_processed.mass_repeat", "legal_service")]
    seventy.value, seventy.raw_text = 70.0, "70"
    # (its column's total unreadable too: with （七） read as 0, V3 would fail on the bound, the
    # 70 alone exceeding it)
    _unreadable(cells, ("t3.not_processed.mass_repeat", "total"), ("t3.not_processed.mass_repeat", "commercial"),
                ("t3.total_processed", "legal_service"))
    for dim in ("legal_service", "social_org", "commercial"):
        f = cells[("t3.granted", dim)]
        f.value, f.value_kind = None, "unassignable"
    figures, checks = _trusted_with_seal(cells, {("t3.not_processed.mass_repeat", "legal_service"): (0, 0),
                                                 ("t3.not_processed.mass_repeat", "social_org"): (0, 1)})
    assert (seventy.value, seventy.value_kind) == (None, "unreadable")
    assert any("under a seal" in c.detail for c in checks if c.metric == "t3.not_processed.mass_repeat"
               and c.dimension == "legal_service")
    zero = cells[("t3.not_processed.mass_repeat", "social_org")]
    assert (zero.value, zero.value_kind) == (0.0, "number")


def test_a_number_read_under_a_seal_that_an_identity_checks_stands():
    cells = _table(ROWS_2019)  # granted 9 + 2 = 11: the row holds, and so does the column
    figures, _ = _trusted_with_seal(cells, {("t3.granted", "total"): (1, 1)})
    f = cells[("t3.granted", "total")]
    assert (f.value, f.value_kind, f.source_kind) == (11.0, "number", "table")


def test_cells_read_above_their_total_fail_the_identity_whatever_the_missing_cells_hold():
    """A `0` under a grey seal's ring read `1`, its row's total 0, two other cells of the row
    unreadable: V2 was not assessable, and the `1` was stored (a wrong cell). The cells are
    counts, so parts read adding up to more than the total fail V2 whatever the missing ones
    hold; the `1` is doubted, and the identities give back its 0."""
    cells = _table(ROWS_2019)
    one = cells[("t3.denied.state_secret", "research")]
    one.value, one.raw_text = 1.0, "1"
    _unreadable(cells, ("t3.denied.state_secret", "natural_person"), ("t3.denied.state_secret", "commercial"))
    from etl.model import Extraction, ReportMeta
    from etl.validate import validate_extraction

    checks = validate_extraction(Extraction(ReportMeta(), list(cells.values())))
    row = [c for c in checks if c.rule == "t3.row_sum" and c.metric == "t3.denied.state_secret"]
    assert [c.status for c in row] == ["fail"] and "cannot make up for it" in row[0].detail, row
    figures, _ = _trusted(cells)
    assert (one.value, one.source_kind) == (0.0, "derived")


def test_the_bound_leaves_an_identity_that_can_still_hold_not_assessable():
    cells = _table(ROWS_2019)
    _unreadable(cells, ("t3.granted", "natural_person"))  # 9 + 2 = 11: the parts read, 2, are below it
    from etl.model import Extraction, ReportMeta
    from etl.validate import validate_extraction

    checks = validate_extraction(Extraction(ReportMeta(), list(cells.values())))
    assert [c.status for c in checks if c.metric == "t3.granted" and c.rule == "t3.row_sum"] == ["not_assessable"]
    # V1 with （七） missing: 一 + 二 = 22 + 4 ... the right side read (四, 3) is below the left (22): may hold
    _unreadable(cells, ("t3.total_processed", "natural_person"))
    checks = validate_extraction(Extraction(ReportMeta(), list(cells.values())))
    assert [c.status for c in checks if c.rule == "t3.balance" and c.dimension == "natural_person"] == ["not_assessable"]
    # and 四 read as 30 (more than 一 + 二 = 22) fails it whatever （七） holds
    cells[("t3.carried_forward", "natural_person")].value = 30.0
    checks = validate_extraction(Extraction(ReportMeta(), list(cells.values())))
    v1 = [c for c in checks if c.rule == "t3.balance" and c.dimension == "natural_person"]
    assert [c.status for c in v1] == ["fail"] and "cannot make up for it" in v1[0].detail


def test_a_zero_read_clear_of_the_seal_may_stand_as_a_total_and_one_under_it_may_not():
    from etl.model import Extraction
    from etl.validate.ocr_trust import _clear_zeros

    cells = _table(ROWS_2019)
    figures = list(cells.values())
    clear = figures.index(cells[("t3.total_processed", "research")])
    under = figures.index(cells[("t3.total_processed", "social_org")])
    extraction = Extraction(None, figures=figures)  # (the report's meta is not read)
    got = _clear_zeros(extraction, sealed={under})
    assert ("t3.total_processed", "research") in got and ("t3.total_processed", "social_org") not in got
    assert ("t3.granted", "natural_person") not in got  # read 9, not 0
    assert figures[clear].value == 0
