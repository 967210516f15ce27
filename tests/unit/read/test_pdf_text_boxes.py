"""Boxes of figures read from lines of PDF text (a 表三 printed without rulings, issue 22): the
characters' boxes are looked up again by their pdfium index, and the box holds the figure."""
from __future__ import annotations

import pypdfium2 as pdfium
import pytest

from etl.pipeline import extract_file
from tests.unit.read.pdf_factory import FONT, PAGE, pdf_bytes

LINE_HEIGHT = 13.0
LINES_PER_PAGE = 55


def _pages(lines: list[str]):
    def page(chunk):
        def draw(c):
            c.setFont(FONT, 10)
            for k, text in enumerate(chunk):
                c.drawString(40, PAGE[1] - 40 - LINE_HEIGHT * (k + 1), text)
        return draw
    return [page(lines[i:i + LINES_PER_PAGE]) for i in range(0, len(lines), LINES_PER_PAGE)]


def test_a_figure_in_a_line_of_text_gets_the_box_of_its_characters(shared_corpus):
    lines = [ln for ln in (shared_corpus / "001_huaian_hongzequ_2023.txt").read_text(encoding="utf-8").splitlines()
             if ln.strip()]
    data = pdf_bytes(_pages(lines))
    result = extract_file("r.pdf", data)
    figures = {(f["metric"], f["dimension"]): f for f in result.figures}
    # 一、本年新收政府信息公开申请数量 21 0 0 0 0 0 21 (read by hand off the text)
    f = figures[("t3.received_new", "natural_person")]
    assert f["locator"].startswith("block=") and f["bbox"] is not None
    pdf = pdfium.PdfDocument(data)
    page = pdf[f["page"] - 1]
    x0, y0, x1, y1 = f["bbox"]
    assert page.get_textpage().get_text_bounded(left=x0 - 0.5, bottom=PAGE[1] - y1 - 0.5, right=x1 + 0.5,
                                                 top=PAGE[1] - y0 + 0.5).strip() == "21"
    # the line is where it was drawn: its baseline LINE_HEIGHT × k below the top margin
    k = lines.index(next(ln for ln in lines if ln.startswith("一、本年新收"))) % LINES_PER_PAGE
    baseline = 40 + LINE_HEIGHT * (k + 1)
    assert baseline - 12 < y0 < y1 <= baseline + 3
    pdf.close()


def test_a_rotated_page_gives_the_box_as_displayed(shared_corpus):
    """/Rotate 90 (clockwise): a point (x, y) of PDF user space is displayed at (y, x) from the
    top-left corner, so a character's user box (l, b, r, t) is displayed as (b, l, t, r)."""
    lines = [ln for ln in (shared_corpus / "001_huaian_hongzequ_2023.txt").read_text(encoding="utf-8").splitlines()
             if ln.strip()]
    data = pdf_bytes(_pages(lines), rotate=90)
    f = next(f for f in extract_file("r.pdf", data).figures
             if (f["metric"], f["dimension"]) == ("t3.received_new", "natural_person"))
    pdf = pdfium.PdfDocument(data)
    textpage = pdf[f["page"] - 1].get_textpage()
    text = textpage.get_text_range()
    label = "一、本年新收政府信息公开申请数量"
    start = text.index(label) + len(label)
    start += len(text[start:]) - len(text[start:].lstrip())
    assert text[start:start + 2] == "21"  # read by hand: the row's first cell
    boxes = [textpage.get_charbox(i) for i in (start, start + 1)]  # (l, b, r, t) in user space
    l, b = min(x[0] for x in boxes), min(x[1] for x in boxes)
    r, t = max(x[2] for x in boxes), max(x[3] for x in boxes)
    assert f["bbox"] == pytest.approx((b, l, t, r), abs=0.05)
    pdf.close()
