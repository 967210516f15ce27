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
