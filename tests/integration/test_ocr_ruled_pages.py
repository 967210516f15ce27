"""A page with ruled tables is made upright from its ruling lines and detected only outside its
tables (etl.read.ocr._upright_by_grid): it must read as the whole-page path reads it, upside
down too, and a page the shortcut does not fit must go the whole-page way."""
from __future__ import annotations

import unicodedata

import numpy as np
import pytest

from etl.demo.generator import plan_corpus, render_report
from etl.model import Table, TextBlock
from etl.read import ocr, ocr_grid

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def table_page() -> np.ndarray:
    """Page 2 of a generated 2021 report (表二's end, a heading, 表四, prose), 150 dpi, grey."""
    import pypdfium2 as pdfium

    report = next(r for r in plan_corpus(60, 7)
                  if r.fmt == "pdf" and not r.scanned and r.fig.template == "t2021" and not r.quirks.planted)
    data, _ = render_report(report, 7)
    pdf = pdfium.PdfDocument(data)
    page = np.asarray(pdf[1].render(scale=150 / 72).to_pil().convert("L"))
    pdf.close()
    return np.ascontiguousarray(page)


def _content(page: ocr.OcrPage) -> list:
    """The page's blocks, texts compared up to full- and half-width punctuation and spaces: the
    two paths deskew by slightly different angles (ruling lines: 1.20°; text boxes: ~1.25°),
    and the recogniser then reads `（` or `(`, `，` or `,` now and then; digits must not differ."""
    def norm(text: str) -> str:
        return unicodedata.normalize("NFKC", text).replace(" ", "")

    return [("table", tuple(tuple(norm(c) for c in row) for row in b.rows)) if isinstance(b, Table) else norm(b.text)
            for b in page.blocks if isinstance(b, (Table, TextBlock))]


def test_the_ruled_page_reads_as_the_whole_page_path_reads_it(table_page, monkeypatch):
    skewed = ocr_grid.rotate(table_page, 1.2)
    assert ocr._upright_by_grid(skewed, np.zeros_like(skewed)) is not None  # the shortcut is taken
    fast = _content(ocr._read_page(skewed, 2))
    monkeypatch.setattr(ocr, "_upright_by_grid", lambda grey, stamp, ink=None: None)
    whole = _content(ocr._read_page(skewed, 2))
    assert sum(isinstance(b, tuple) for b in fast) == 2  # 表二's end and 表四
    assert "四、政府信息公开行政复议、行政诉讼情况" in fast  # the heading between the tables
    assert fast == whole


def test_an_upside_down_table_page_is_turned_back(table_page):
    turned = np.ascontiguousarray(np.rot90(table_page, 2))
    grey, boxes, _, ink, grids = ocr._upright_by_grid(turned, np.zeros_like(turned))
    assert np.abs(grey.astype(int) - table_page.astype(int)).mean() < 1
    assert len(grids) == 2 and boxes
    assert all(not ocr._in_any(q, grids) for q in boxes)


def test_a_page_without_ruled_tables_or_lying_goes_the_whole_page_way(table_page):
    prose = table_page.copy()
    prose[:1300] = 255  # only the prose under the tables left
    assert ocr._upright_by_grid(prose, np.zeros_like(prose)) is None
    side = np.ascontiguousarray(np.rot90(table_page))
    assert ocr._upright_by_grid(side, np.zeros_like(side)) is None
