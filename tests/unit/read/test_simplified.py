"""Reports printed in traditional characters are read as simplified, character for character
(etl.read.simplified); the documents are written for the test."""
from __future__ import annotations

from etl.model import Document, TextBlock
from etl.pipeline import extract_file
from etl.read.simplified import is_traditional, simplified, simplified_document

TRADITIONAL = ("根據《中華人民共和國政府信息公開條例》要求，現公布某縣衛生局2016年政府信息公開工作年度報告。\n"
               "一、主動公開政府信息情況\n2016年，我局共主動公開政府信息88條。\n"
               "二、依申請公開政府信息情況\n2016年，我局共收到政府信息公開申請3件。\n"
               "三、收費情況\n2016年，我局未收取任何政府信息公開費用。\n"
               "四、行政復議和行政訴訟情況\n2016年，未發生因政府信息公開引起的行政復議和行政訴訟。\n")


def test_a_traditional_report_gives_its_figures_organ_and_year():
    result = extract_file("report.txt", TRADITIONAL.encode())
    got = {f["metric"]: f["value"] for f in result.figures}
    assert got == {"text.proactive.total": 88, "text.requests.received": 3, "text.fees.collected_yuan": 0,
                   "text.review.total": 0, "text.litigation.total": 0}
    assert (result.report["bureau_name"], result.report["year"]) == ("某县卫生局", 2016)
    assert "traditional characters" in result.report["error"]  # said, not silent
    # the evidence is the text as read (simplified), at the same offsets as printed
    assert any(f["evidence"] == "2016年，我局共主动公开政府信息88条。" for f in result.figures)


def test_each_block_keeps_its_length_and_tables_are_converted_too():
    from etl.model import make_table

    table = make_table([[("申請類別", 1, 1), ("數量", 1, 1)], [("當面申請", 1, 1), ("3", 1, 1)]])
    doc = Document([TextBlock(line) for line in TRADITIONAL.splitlines()] + [table], "txt")
    out = simplified_document(doc)
    assert out is not doc
    assert [len(b.text) for b in out.blocks[:-1]] == [len(b.text) for b in doc.blocks[:-1]]
    assert out.blocks[0].text.startswith("根据《中华人民共和国政府信息公开条例》")
    assert out.blocks[-1].rows == (("申请类别", "数量"), ("当面申请", "3"))
    assert simplified("條例　報告") == "条例　报告"
    assert simplified("主動公開政府資訊606條") == "主动公开政府信息606条"  # (a big5 gateway's 資訊 for 信息)


def test_a_simplified_report_with_a_few_traditional_characters_is_left_as_printed():
    text = "2016年，我局主动公开政府信息88条（含《關於某事的通知》）。" * 3
    doc = Document([TextBlock(text)], "txt")
    assert not is_traditional(text)
    assert simplified_document(doc) is doc
