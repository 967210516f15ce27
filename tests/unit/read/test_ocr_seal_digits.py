"""A lone digit glued to a word in a cell a seal lies over is a stroke of the seal, not text:
`政诉讼1` and `1结果纠正` in a 表四 header left the whole table unassignable (a corpus PDF with a
grey seal over 表四). Numbering, amounts and values are left as read."""
from __future__ import annotations

import pytest

from etl.read.ocr import _SEAL_DIGIT


@pytest.mark.parametrize("read, kept", [("政诉讼1", "政诉讼"), ("1结果纠正", "结果纠正")])
def test_a_seal_stroke_read_as_a_digit_beside_a_word_is_dropped(read, kept):
    assert _SEAL_DIGIT.sub("", read) == kept


@pytest.mark.parametrize("read", ["3.其他", "5万元", "168.02万元", "12", "0", "第2次", "2、重复申请"])
def test_numbering_amounts_and_values_are_kept(read):
    assert _SEAL_DIGIT.sub("", read) == read
