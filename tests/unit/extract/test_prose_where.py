"""Where prose figures were printed (etl/extract/prose_where.py): the compacted page text and
the locator of a figure, on invented lines with full-width characters and odd spaces."""
from __future__ import annotations

import re

from etl.extract.normalize import to_halfwidth
from etl.extract.prose_where import _PageText, locate_prose_figures
from etl.model import Document, Figure, Table, TextBlock

LINES = [
    TextBlock("一、总体情况", page=1),
    TextBlock("本年度主动公开政府信息\u3000１２３条，\t其中\u00a0文件 45 件。", page=1),
    Table((("a", "1"),), (((0, 0), (0, 1)),), page=1),
    TextBlock("   ", page=2),
    TextBlock("收到申请（含网上）\u2003７件。", page=2),
]


def test_page_text_is_each_blocks_text_half_width_without_whitespace():
    doc = Document(list(LINES), "pdf")
    for pages in ((1,), (2,), (1, 2), (3,)):
        text = _PageText(doc, pages)
        want = [(i, re.sub(r"\s", "", to_halfwidth(b.text))) for i, b in enumerate(LINES)
                if isinstance(b, TextBlock) and b.page in pages]
        want = [(i, t) for i, t in want if t]
        assert text.text == "".join(t for _, t in want)
        assert text.blocks == [i for i, _ in want]
        assert text.starts == [sum(len(t) for _, t in want[:k]) for k in range(len(want))]


def test_a_prose_figure_is_located_in_its_line_as_printed():
    doc = Document(list(LINES), "pdf")
    figures = [Figure("text.proactive.total", 123.0, "number", "text", "本年度主动公开政府信息123条", "123", page=1),
               Figure("text.requests.received", 7.0, "number", "text", "收到申请(含网上)7件。", "7", page=2)]
    locate_prose_figures(figures, doc)
    # 本年度主动公开政府信息 is 11 characters, then the ideographic space: １２３ is at 12-15
    assert figures[0].locator == "block=1;chars=12-15"
    assert LINES[1].text[12:15] == "１２３"
    # 收到申请（含网上） is 9 characters, then an em space: ７ at 10
    assert figures[1].locator == "block=4;chars=10-11"
