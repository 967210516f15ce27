"""Which OCR confidence a figure gets: the text it was read from, else the lowest on its page,
never that of a cell OCR could not read (found by the sealed test scan: a prose total got 0.0,
the confidence of a cell whose two readings disagreed)."""
from __future__ import annotations

from etl.model import UNREADABLE_CELL, Document, Figure, TextBlock
from etl.validate.ocr_trust import ocr_confidences


def _figure(raw: str, page: int = 1) -> Figure:
    return Figure("text.proactive.total", 160.0, "approximate", "text", raw, raw_text=raw, page=page)


def test_a_figure_gets_the_confidence_of_its_text_or_the_pages_lowest_but_not_an_unreadable_cells():
    doc = Document([TextBlock("x", 1)], "pdf", ocr_pages=[1],
                   ocr_texts=[(1, "共主动公开政府信息160多条", 0.97), (1, "12", 0.95), (1, UNREADABLE_CELL, 0.0)])
    assert ocr_confidences([_figure("160多条"), _figure("没有这句")], doc) == [0.97, 0.95]
