"""Row labels whose numbering mark OCR left out or misread: `(一)予以公开` read `一)予以公开`
(seen on a generated scan once the recogniser's padding changed), `2.重复申请` read `2重复申请`.
Each such row has an anchor without its mark (etl/metadata/templates/*.toml), so its cells are
still found; the label's own words place it."""
from __future__ import annotations

import pytest

from tables_helpers import DIMS, T2_2021, T3_2021_ROWS, t3_text, text_doc

from etl.extract.tables import extract_tables
from etl.extract.template import detect_template

MARKS_LOST = {
    "（一）予以公开": ("一)予以公开", "t3.granted"),
    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）": ("二）部分公开（区分处理的，只计这一情形，不计其他情形）", "t3.partially_granted"),
    "2.重复申请": ("2重复申请", "t3.not_processed.repeat"),
}


@pytest.mark.parametrize("printed", list(MARKS_LOST), ids=[m for _, m in MARKS_LOST.values()])
def test_a_row_whose_numbering_mark_was_lost_is_still_read(printed):
    read, metric = MARKS_LOST[printed]
    rows = [(read if label == printed else label, values) for label, values in T3_2021_ROWS]
    doc = text_doc(T2_2021 + t3_text(rows))
    figures, _ = extract_tables(doc, detect_template(doc))
    got = {f.dimension: f.value for f in figures if f.metric == metric}
    assert got == dict(zip(DIMS, dict(T3_2021_ROWS)[printed])), got
