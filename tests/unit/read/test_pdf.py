"""PDF reader on PDFs drawn in the test: table grids, page breaks, rotation, scans, encryption."""
from __future__ import annotations

import pytest
from reportlab.lib.pdfencrypt import StandardEncryption

from pdf_factory import PAGE, draw_table, pdf_bytes, text_at
from etl.model import Table, TextBlock
from etl.read import ReadError, read_document
from etl.read.pdf import read_pdf

XS = [60, 200, 260, 320, 380]
YS = [150, 190, 215, 240, 265]
# a 4-row table: a header cell wrapped over two lines, a header spanning three columns,
# a label spanning two rows, and blank cells
CELLS = [
    (0, 0, 1, 1, ["信息内容"]),
    (0, 1, 1, 4, ["本年制发", "件数"]),
    (1, 0, 3, 1, ["行政许可"]),
    (1, 1, 2, 2, ["12"]), (1, 2, 2, 3, []), (1, 3, 2, 4, ["3"]),
    (2, 1, 3, 2, []), (2, 2, 3, 3, ["7730.28"]), (2, 3, 3, 4, ["0"]),
    (3, 0, 4, 1, ["合计 total"]), (3, 1, 4, 2, ["12"]), (3, 2, 4, 3, ["1"]), (3, 3, 4, 4, ["41"]),
]
EXPECTED_ROWS = (
    ("信息内容", "本年制发件数", "本年制发件数", "本年制发件数"),
    ("行政许可", "12", "", "3"),
    ("行政许可", "", "7730.28", "0"),
    ("合计 total", "12", "1", "41"),
)


def _page(**kw):
    def draw(c):
        text_at(60, 100, "二、主动公开政府信息情况")(c)
        draw_table(c, XS, YS, CELLS, **kw)
        text_at(60, 320, "三、表后的正文")(c)
    return draw


def _only_table(doc) -> Table:
    assert len(doc.tables) == 1
    return doc.tables[0]


def test_ruled_table_becomes_a_grid_in_reading_order():
    doc = read_pdf(pdf_bytes([_page()]))
    table = _only_table(doc)
    assert table.rows == EXPECTED_ROWS and table.page == 1
    assert table.origin[0][3] == (0, 1) and table.origin[2][0] == (1, 0)  # spans known as spans
    assert [b.text if isinstance(b, TextBlock) else "TABLE" for b in doc.blocks] == [
        "二、主动公开政府信息情况", "TABLE", "三、表后的正文"]
    assert doc.page_count == 1 and doc.source_format == "pdf" and doc.warnings == []


def test_lines_drawn_as_thin_filled_boxes_are_rulings():
    assert _only_table(read_pdf(pdf_bytes([_page(filled_lines=True)]))).rows == EXPECTED_ROWS


@pytest.mark.parametrize("turn", [90, -90, 180])
def test_rotated_page_does_not_scramble_the_table(turn):
    # the whole page drawn turned on the sheet (a landscape table printed sideways)
    def turned(c):
        w, h = PAGE
        c.translate(w / 2, h / 2)
        c.rotate(turn)
        c.scale(0.6, 0.6)  # keep the turned drawing on the sheet
        c.translate(-w / 2, -h / 2)
        _page()(c)
    for rotate in (0, 270):  # with and without /Rotate to display it upright
        doc = read_pdf(pdf_bytes([turned], rotate=rotate))
        assert _only_table(doc).rows == EXPECTED_ROWS


def test_table_cut_by_a_page_break_keeps_its_cut_rows():
    top = [(0, 0, 1, 1, ["项目"]), (0, 1, 1, 2, ["数量"]), (1, 0, 2, 1, ["甲"]), (1, 1, 2, 2, ["5"])]
    rest = [(0, 0, 1, 1, ["乙"]), (0, 1, 1, 2, ["6"]), (1, 0, 2, 1, ["丙"]), (1, 1, 2, 2, [])]
    doc = read_pdf(pdf_bytes([
        lambda c: draw_table(c, [60, 200, 300], [700, 740, 800], top, open_bottom=True),
        lambda c: draw_table(c, [60, 200, 300], [60, 100, 140], rest, open_top=True),
    ]))
    first, second = doc.tables
    assert (first.page, first.rows) == (1, (("项目", "数量"), ("甲", "5")))
    assert (second.page, second.rows) == (2, (("乙", "6"), ("丙", "")))
    assert not [b for b in doc.blocks if isinstance(b, TextBlock)]  # nothing read twice


def test_page_without_rulings_is_plain_text_lines():
    doc = read_pdf(pdf_bytes([text_at(60, 100, "第一行"), text_at(60, 100, "第二页")]))
    assert [(b.text, b.page) for b in doc.blocks] == [("第一行", 1), ("第二页", 2)]
    assert doc.tables == []


def test_scan_without_text_layer_is_refused():
    def scan(c):
        from reportlab.lib.utils import ImageReader
        from PIL import Image
        c.drawImage(ImageReader(Image.new("L", (200, 100), 128)), 50, 500, 400, 200)
    with pytest.raises(ReadError, match=r"no text layer \(scanned PDF\)"):
        read_pdf(pdf_bytes([scan]))


def test_partly_scanned_pdf_reads_its_scanned_page_by_ocr():
    def scan(c):
        from reportlab.lib.utils import ImageReader
        from PIL import Image
        c.drawImage(ImageReader(Image.new("L", (200, 100), 128)), 50, 500, 400, 200)
    doc = read_pdf(pdf_bytes([text_at(60, 100, "正文"), scan]))
    assert doc.text == "正文" and doc.page_count == 2
    assert doc.ocr_pages == [2]  # (a grey rectangle: OCR finds nothing there, and says so)
    assert doc.warnings == ["page 2: scanned, OCR found no text"]


def test_encrypted_pdf_with_empty_user_password_is_read():
    data = pdf_bytes([_page()], encrypt=StandardEncryption("", ownerPassword="owner"))
    assert b"/Encrypt" in data
    assert _only_table(read_pdf(data)).rows == EXPECTED_ROWS


def test_password_protected_pdf_is_refused():
    data = pdf_bytes([_page()], encrypt=StandardEncryption("secret", ownerPassword="owner"))
    with pytest.raises(ReadError, match="^password-protected PDF$"):
        read_pdf(data)


@pytest.mark.parametrize("cut", [0.5, 0.95])
def test_truncated_pdf_is_refused_with_a_reason(cut):
    data = pdf_bytes([_page()])
    with pytest.raises(ReadError, match="truncated or damaged PDF"):
        read_pdf(data[: int(len(data) * cut)])


def test_not_a_pdf_is_refused():
    with pytest.raises(ReadError, match="not a PDF"):
        read_pdf(b"<html><body>404 Not Found</body></html>")


def test_read_document_dispatches_pdf():
    assert _only_table(read_document("a/b.PDF", pdf_bytes([_page()]))).rows == EXPECTED_ROWS


def test_broken_ruling_falls_back_without_losing_text():
    # the inner lines stop half-way: the region they leave is L-shaped, not a cell
    def draw(c):
        h = PAGE[1]
        for x0, y0, x1, y1 in [(60, 100, 300, 100), (60, 200, 300, 200), (60, 100, 60, 200), (300, 100, 300, 200),
                               (180, 100, 180, 150), (60, 150, 180, 150)]:
            c.line(x0, h - y0, x1, h - y1)
        text_at(70, 130, "左上")(c)
        text_at(200, 130, "右上")(c)
        text_at(70, 180, "左下")(c)
    doc = read_pdf(pdf_bytes([draw]))
    assert {"左上", "右上", "左下"} <= set(doc.text.split("\n")) | set(" ".join(doc.text.split()).split(" "))
    assert doc.tables == []  # a single cell is no table


def test_table_drawn_inside_a_form_xobject():
    # some PDF printers wrap the whole page (or each table) in a form XObject, moved by a matrix
    def draw(c):
        c.beginForm("tbl")
        draw_table(c, [x - 40 for x in XS], [y + 30 for y in YS], CELLS)
        c.endForm()
        c.saveState()
        c.translate(40, -30)
        c.doForm("tbl")
        c.restoreState()
    table = _only_table(read_pdf(pdf_bytes([draw])))
    assert table.rows == EXPECTED_ROWS


def test_two_column_text_beside_a_table_keeps_the_table_whole():
    # a two-column page written column by column, as layout programs do
    def draw(c):
        for side, x in (("左", 60), ("右", 320)):
            for k in range(3):
                text_at(x, 100 + 15 * k, f"{side}栏第{k + 1}行")(c)
        draw_table(c, XS, [y + 50 for y in YS], CELLS)
    doc = read_pdf(pdf_bytes([draw]))
    assert _only_table(doc).rows == EXPECTED_ROWS
    lines = [b.text for b in doc.blocks if isinstance(b, TextBlock)]
    assert lines == ["左栏第1行", "左栏第2行", "左栏第3行", "右栏第1行", "右栏第2行", "右栏第3行"]


def test_a_failure_in_table_geometry_keeps_the_page_text(monkeypatch):
    import etl.read.pdf as pdf_module

    def broken(*args):
        raise ValueError("odd geometry")
    monkeypatch.setattr(pdf_module, "find_tables", broken)
    doc = read_pdf(pdf_bytes([_page()]))
    assert doc.tables == [] and "二、主动公开政府信息情况" in doc.text and "7730.28" in doc.text
    assert doc.warnings == ["page 1: tables not read (ValueError: odd geometry)"]


def test_text_layer_of_unmapped_glyphs_is_refused():
    # fonts embedded without a Unicode map come out as private-use characters, not text
    data = pdf_bytes([text_at(60, 100, "".join(chr(0xE000 + i) for i in range(30)))])
    with pytest.raises(ReadError, match=r"text layer cannot be decoded \(fonts without a Unicode map\)"):
        read_pdf(data)
