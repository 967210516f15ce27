"""表三 from degraded flattened text (issue 20): rows printed with no digits, OCR-like
characters, stray spaces inside numbers. Inputs written by hand; every reading that is not
certain must stay NULL with its reason."""
from __future__ import annotations

from tables_helpers import DIMS, T2_2021, T4_TEXT, run, t3_text, text_doc

REPEAT = "2.重复申请 0 0 0 0 0 0 0"
COMPLAINT = "1.信访举报投诉类申请 1 0 0 0 0 0 1"
RECEIVED = "一、本年新收政府信息公开申请数量 21 2 0 0 1 1 25"


def _run(t3: str):
    return run(text_doc(T2_2021 + t3 + T4_TEXT))


def _row(cells, metric):
    return [(cells[f"{metric}|{d}"].value, cells[f"{metric}|{d}"].value_kind) for d in DIMS]


def test_a_row_printed_without_digits_is_a_blank_row():
    cells, problems, figures = _run(t3_text().replace(REPEAT, "2.重复申请"))
    assert problems == []
    assert _row(cells, "t3.not_processed.repeat") == [(None, "blank")] * 7
    assert cells["t3.not_processed.repeat|total"].source_kind == "table"


def test_no_blank_row_when_numbers_may_be_printed_away_from_their_labels():
    # the row after it has 14 numbers: its own and (perhaps) the blank-looking row's
    text = t3_text().replace(REPEAT, "2.重复申请").replace(
        "3.要求提供公开出版物 0 0 0 0 0 0 0", "3.要求提供公开出版物 0 0 0 0 0 0 0\n0 0 0 0 0 0 0")
    cells, problems, _ = _run(text)
    assert _row(cells, "t3.not_processed.repeat") == [(None, "unassignable")] * 7
    assert any("2.重复申请" in p and "no numbers" in p for p in problems)


def test_no_blank_row_when_another_row_cannot_be_read():
    text = t3_text().replace(REPEAT, "2.重复申请").replace(COMPLAINT, "1.信访举报投诉类申请 1 0 0 0 0 1")
    cells, problems, _ = _run(text)
    assert _row(cells, "t3.not_processed.repeat") == [(None, "unassignable")] * 7


def test_letters_that_look_like_digits_are_read_where_the_row_identity_holds():
    text = t3_text().replace(REPEAT, "2.重复申请 O 0 0 0 o 0 0").replace(COMPLAINT, "1.信访举报投诉类申请 l 0 0 0 0 0 1")
    cells, problems, _ = _run(text)
    assert problems == []
    assert [v for v, _ in _row(cells, "t3.not_processed.complaint")] == [1, 0, 0, 0, 0, 0, 1]
    assert [v for v, _ in _row(cells, "t3.not_processed.repeat")] == [0] * 7
    f = cells["t3.not_processed.complaint|natural_person"]
    assert f.source_kind == "derived" and "'l'" in f.evidence and "identity holds" in f.evidence
    assert cells["t3.granted|total"].source_kind == "table"  # clean rows stay printed cells


def test_lookalike_letters_where_the_identity_fails_stay_empty():
    # `l` read as 1 would make 1 + 0 … = 2 false: not read
    cells, problems, _ = _run(t3_text().replace(COMPLAINT, "1.信访举报投诉类申请 l 0 0 0 0 0 2"))
    assert _row(cells, "t3.not_processed.complaint") == [(None, "unassignable")] * 7
    assert any("look like digits" in p for p in problems)


def test_full_width_digits_and_numbers_on_the_next_line():
    text = t3_text().replace(COMPLAINT, "1.信访举报投诉类申请\n１ ０ ０ ０ ０ ０ １")
    cells, problems, _ = _run(text)
    assert problems == [] and [v for v, _ in _row(cells, "t3.not_processed.complaint")] == [1, 0, 0, 0, 0, 0, 1]


def test_a_stray_space_inside_a_number_is_joined_only_when_one_joining_fits():
    # `2 3` for 23: 23 + 0 … = 23 is the only joining that gives the total (2|30 gives 32,
    # joining zeros gives a leading zero)
    cells, problems, _ = _run(t3_text().replace(RECEIVED, "一、本年新收政府信息公开申请数量 2 3 0 0 0 0 0 23"))
    assert [v for v, _ in _row(cells, "t3.received_new")] == [23, 0, 0, 0, 0, 0, 23]
    f = cells["t3.received_new|natural_person"]
    assert f.source_kind == "derived" and "space printed inside a number" in f.evidence
    # `2 1 2 0 0 1 1 25`: 21|2|… and 2|1|20|… both fit: both listed, nothing read
    cells, problems, _ = _run(t3_text().replace(RECEIVED, "一、本年新收政府信息公开申请数量 2 1 2 0 0 1 1 25"))
    assert _row(cells, "t3.received_new") == [(None, "unassignable")] * 7
    assert any("21 2 0 0 1 1 25" in p and "2 1 20 0 1 1 25" in p for p in problems)


# --- run-together digits resolved by the column identities of 表三 ---------------------------

def test_run_together_row_resolved_by_the_column_balance():
    # `2120011 25`: 21|2|0|0|1|1 and 2|1|20|0|1|1 (…) both sum to 25; only the first gives
    # 一 + 二 = （七） + 四 in every column with the other rows as read
    cells, problems, _ = _run(t3_text().replace(RECEIVED, "一、本年新收政府信息公开申请数量 2120011 25"))
    assert problems == []
    assert [v for v, _ in _row(cells, "t3.received_new")] == [21, 2, 0, 0, 1, 1, 25]
    f = cells["t3.received_new|total"]
    assert f.source_kind == "derived" and "V1" in f.evidence


def test_run_together_outcome_row_resolved_by_the_outcome_sum():
    # （一）予以公开 `10 1 0 0 0 0 11` printed `1010000 11`: 10|1|0|0|0|0 and 1|0|10|0|0|0 both
    # sum to 11; only the first makes （七）总计 = the outcome rows in every column
    cells, problems, _ = _run(t3_text().replace("（一）予以公开 10 1 0 0 0 0 11", "（一）予以公开 1010000 11"))
    assert problems == []
    assert [v for v, _ in _row(cells, "t3.granted")] == [10, 1, 0, 0, 0, 0, 11]
    f = cells["t3.granted|natural_person"]
    assert f.source_kind == "derived" and "V3" in f.evidence


def test_run_together_row_stays_empty_when_another_row_of_its_equation_is_unread():
    text = t3_text().replace(RECEIVED, "一、本年新收政府信息公开申请数量 2120011 25").replace(
        "二、上年结转政府信息公开申请数量 2 0 0 0 0 0 2", "二、上年结转政府信息公开申请数量 2 0 0 0 0 2")
    cells, problems, _ = _run(text)
    assert _row(cells, "t3.received_new") == [(None, "unassignable")] * 7
    # the reason lists the candidate splits
    assert any("21 2 0 0 1 1 25" in p and "2 1 20 0 1 1 25" in p for p in problems)


def test_run_together_row_stays_empty_when_no_candidate_fits_the_columns():
    # the other rows as printed do not balance with any split: nothing is forced
    text = t3_text().replace(RECEIVED, "一、本年新收政府信息公开申请数量 2120011 25").replace(
        "四、结转下年度继续办理 2 0 0 0 0 1 3", "四、结转下年度继续办理 2 0 0 0 1 0 3")
    cells, _, _ = _run(text)
    assert _row(cells, "t3.received_new") == [(None, "unassignable")] * 7


def test_each_derived_reading_gets_a_warning_naming_its_rule():
    from etl.model import Extraction, ReportMeta
    from etl.validate.identities import check_identities

    cases = [(COMPLAINT, "1.信访举报投诉类申请 l 0 0 0 0 0 1", "t3.lookalike_digits"),
             (RECEIVED, "一、本年新收政府信息公开申请数量 2120011 25", "t3.column_split"),
             (RECEIVED, "一、本年新收政府信息公开申请数量 2 3 0 0 0 0 0 23", "t3.joined_number")]
    for old, new, rule in cases:
        _, _, figures = _run(t3_text().replace(old, new))
        warns = [c for c in check_identities(Extraction(ReportMeta(template="t2021"), figures))
                 if c.rule.endswith(("digit_split", "lookalike_digits", "joined_number", "column_split"))]
        assert [(c.rule, c.status) for c in warns] == [(rule, "warn")], new
        assert "[" in warns[0].detail  # the rule that forced the reading, in words
