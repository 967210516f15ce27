"""The PDF reader keeps the text pages it built for the box lookups of extraction (issue 20,
speed): a file is opened by pdfium once, not again to find the boxes of the figures read from
lines of text, and the geometry closes the document when extraction is done with it."""
from __future__ import annotations

import pypdfium2 as pdfium

import etl.read.pdf as pdf_reader
from etl.pipeline import extract_file
from etl.read.pdf import read_pdf


def _count_opens(monkeypatch) -> list[int]:
    opened: list[int] = []
    real = pdfium.PdfDocument

    def counting(*args, **kwargs):
        opened.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(pdf_reader.pdfium, "PdfDocument", counting)
    return opened


def test_a_report_is_opened_once_and_its_prose_and_line_figures_still_get_boxes(shared_corpus, monkeypatch):
    data = (shared_corpus / "001_huaian_hongzequ_2023.pdf").read_bytes()
    opened = _count_opens(monkeypatch)
    result = extract_file("001.pdf", data)
    assert len(opened) == 1
    boxed_from_lines = [f for f in result.figures if f["bbox"] is not None and f["locator"].startswith("block=")]
    assert boxed_from_lines, "figures read from lines of text (prose) keep their boxes"
    for f in boxed_from_lines:
        x0, y0, x1, y1 = f["bbox"]
        assert 0 <= x0 < x1 <= 612 and 0 <= y0 < y1 <= 850


def test_the_geometry_answers_from_the_reader_s_pages_then_closes_the_document(shared_corpus, monkeypatch):
    data = (shared_corpus / "002_huaian_hongzequ_2024.pdf").read_bytes()
    opened = _count_opens(monkeypatch)
    document = read_pdf(data)
    line = next(b for b in document.blocks if getattr(b, "chars", None) is not None and len(b.text) > 4)
    first = line.chars if isinstance(line.chars, int) else line.chars[0]
    box = document.geometry.box(line.page, [first, first + 1])
    assert box is not None and box[0] < box[2] and box[1] < box[3]
    assert len(opened) == 1  # (no second parse of the file for the box)
    pdf = document.geometry._pdf
    document.geometry.close()
    assert document.geometry.box(line.page, [first]) is None
    assert pdf.raw is None  # pdfium's document is closed


def test_pdfium_calls_without_argument_conversion_answer_as_the_bindings_do(shared_corpus):
    import ctypes

    import pypdfium2.raw as pdfium_c

    from etl.read import pdf_geometry

    pdf = pdfium.PdfDocument((shared_corpus / "003_huaian_shi_2024.pdf").read_bytes())
    try:
        textpage = pdf[0].get_textpage()
        raw = textpage.raw
        n = pdfium_c.FPDFText_CountChars(raw)
        assert n > 300
        typed = [ctypes.c_double() for _ in range(4)]
        untyped = [ctypes.c_double() for _ in range(4)]
        for i in range(n):
            assert pdf_geometry.get_char_box(raw, i, *map(ctypes.byref, untyped)) == \
                pdfium_c.FPDFText_GetCharBox(raw, i, *typed)
            assert [d.value for d in untyped] == [d.value for d in typed]
            assert pdf_geometry._is_generated(raw, i) == pdfium_c.FPDFText_IsGenerated(raw, i)
            assert pdf_geometry._char_angle(raw, i) == pdfium_c.FPDFText_GetCharAngle(raw, i)
    finally:
        pdf.close()
