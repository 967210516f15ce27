"""figures.bbox on the real PDFs (issue 22): the text pdfium finds inside a figure's box is the
figure as printed, and the rendered box region is not empty.

Hand-read values (from the PDFs, 表二/表三): 001 一、本年新收 自然人 21, （二）部分公开 自然人 4;
002 一、本年新收 自然人 95; 003 一、本年新收 自然人 3001, 总计 3119, （一）予以公开 总计 1362,
表二 规章 现行有效件数 11."""
from __future__ import annotations

import pypdfium2 as pdfium
import pytest

from etl.pipeline import extract_file

HAND_READ = {
    "001_huaian_hongzequ_2023.pdf": {("t3.received_new", "natural_person"): "21",
                                     ("t3.partially_granted", "natural_person"): "4"},
    "002_huaian_hongzequ_2024.pdf": {("t3.received_new", "natural_person"): "95"},
    "003_huaian_shi_2024.pdf": {("t3.received_new", "natural_person"): "3001", ("t3.received_new", "total"): "3119",
                                ("t3.granted", "total"): "1362", ("t2.regulations.in_force", None): "11"},
}


def _text_in_box(pdf: pdfium.PdfDocument, page_no: int, bbox) -> str:
    page = pdf[page_no - 1]
    assert page.get_rotation() == 0
    _, height = page.get_size()
    x0, y0, x1, y1 = bbox  # from the top-left of the page, y downwards
    text = page.get_textpage().get_text_bounded(left=x0, bottom=height - y1, right=x1, top=height - y0)
    return "".join(text.split())


def _has_ink(pdf: pdfium.PdfDocument, page_no: int, bbox) -> bool:
    page = pdf[page_no - 1]
    width, height = page.get_size()
    x0, y0, x1, y1 = bbox
    image = page.render(scale=2, crop=(x0, height - y1, width - x1, y0)).to_pil().convert("L")
    return image.getextrema()[0] < 128


@pytest.mark.parametrize("name", sorted(HAND_READ))
def test_box_text_is_the_figure(name, shared_corpus):
    data = (shared_corpus / name).read_bytes()
    result = extract_file(name, data)
    figures = {(f["metric"], f["dimension"]): f for f in result.figures}
    pdf = pdfium.PdfDocument(data)
    try:
        for key, printed in HAND_READ[name].items():
            f = figures[key]
            assert f["bbox"] is not None, key
            assert _text_in_box(pdf, f["page"], f["bbox"]) == printed, key
            assert _has_ink(pdf, f["page"], f["bbox"]), key
        table_cells = [f for f in result.figures if f["source_kind"] == "table" and f["raw_text"]]
        boxed = [f for f in table_cells if f["bbox"] is not None]
        assert len(boxed) >= 0.95 * len(table_cells) > 150
        for f in boxed[::7]:  # a sample over 表二, 表三 and 表四
            assert _text_in_box(pdf, f["page"], f["bbox"]) == "".join(f["raw_text"].split()), (f["metric"], f["dimension"])
            x0, y0, x1, y1 = f["bbox"]
            assert 0 <= x0 < x1 <= 612 and 0 <= y0 < y1 <= 850
    finally:
        pdf.close()


def test_locators_of_text_and_html_sources(shared_corpus):
    """Other sources get a locator that finds the cell: in a Markdown pipe table the grid
    position, in plain text the characters of the line."""
    md = extract_file("013.md", (shared_corpus / "013_shanghai_kewei_2024.md").read_bytes())
    located = [f for f in md.figures if f["locator"]]
    assert located and all(f["bbox"] is None for f in md.figures)
    assert all(f["locator"].startswith(("table=", "block=")) for f in located)
    txt = extract_file("001.txt", (shared_corpus / "001_huaian_hongzequ_2023.txt").read_bytes())
    cell = next(f for f in txt.figures if (f["metric"], f["dimension"]) == ("t3.received_new", "natural_person"))
    assert cell["locator"].startswith("block=") and cell["bbox"] is None


# prose figures as printed (read by hand off 003_huaian_shi_2024.pdf)
PROSE_003 = {"text.fees.collected_yuan": "收取政府信息公开信息处理费3940元",
             "text.litigation.total": "行政诉讼46件",
             "text.requests.received": "受理政府信息公开申请3119件"}


def test_prose_figures_get_the_box_of_their_words(shared_corpus):
    data = (shared_corpus / "003_huaian_shi_2024.pdf").read_bytes()
    figures = {f["metric"]: f for f in extract_file("003.pdf", data).figures if f["source_kind"] == "text"}
    pdf = pdfium.PdfDocument(data)
    try:
        for metric, printed in PROSE_003.items():
            f = figures[metric]
            assert f["raw_text"] == printed and f["locator"].startswith("block=")
            assert _text_in_box(pdf, f["page"], f["bbox"]) == printed, metric
    finally:
        pdf.close()
