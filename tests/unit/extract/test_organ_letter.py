"""The organ of a report sent inside a covering letter (etl.extract.organ_letter, issue 20),
on documents written for the test."""
from __future__ import annotations

import pytest

from etl.extract.organ_letter import is_generic_organ
from etl.extract.report import extract_report
from etl.extract.report_meta import extract_meta
from etl.model import Document, TextBlock

BODY = "县政府办：\n根据要求，现将我局2015年政府信息公开工作情况报告如下。\n一、概述\n2015年，我局主动公开政府信息120条。\n"


def doc(text: str) -> Document:
    return Document([TextBlock(t) for t in text.split("\n") if t.strip()], "txt")


@pytest.mark.parametrize("text", [
    "关于报送《平潭县交通运输局2015年政府信息公开工作情况》的函\n" + BODY,
    "关于报送2015年政府信息公开工作年度报告的函\n" + BODY + "附件：平潭县交通运输局2015年政府信息公开工作年度报告\n",
    "关于报送2015年政府信息公开工作年度报告的函\n" + BODY + "联系单位：平潭县交通运输局办公室，电话：0591-1234567\n",
    "关于报送平潭县交通运输局2015年政府信息公开工作年度报告的函\n" + BODY,
])
def test_organ_from_the_letter_title_attachment_or_contact_line(text):
    meta = extract_meta(doc(text))
    assert (meta.bureau_name, meta.year) == ("平潭县交通运输局", 2015)
    assert meta.organ_kind == "department"


def test_a_letter_that_names_no_organ_leaves_it_null_with_a_reason():
    d = doc("关于报送2015年政府信息公开工作年度报告的函\n" + BODY.replace("我局", "政府"))
    ex = extract_report(d)
    assert ex.meta.bureau_name is None and ex.meta.year == 2015
    assert any("organ not found" in p and "covering letter" in p for p in ex.problems)


def test_generic_words_are_never_an_organ():
    for word in ("政府", "我局", "本机关", "关于报送", "报送", "本单位", "县政府", "我委"):
        assert is_generic_organ(word), word
    for name in ("平潭县交通运输局", "淮北市商务局", "上海市科学技术委员会"):
        assert not is_generic_organ(name), name
    # a body that opens 我局2015年政府信息公开工作年度报告 names no organ either
    assert extract_meta(doc("我局2015年政府信息公开工作年度报告\n" + BODY)).bureau_name is None


def test_an_ordinary_report_is_not_a_letter():
    ex = extract_report(doc("淮北市商务局2018年政府信息公开工作年度报告\n" + BODY.replace("2015", "2018")))
    assert ex.meta.bureau_name == "淮北市商务局"
    assert not any("organ not found" in p for p in ex.problems)
