"""check_bytes: recognises files that are not what their name says, and never rejects a real report."""
from __future__ import annotations

import random

import pytest

from badcorpus import ERROR_404, ERROR_GBK, PDF_001, _docx, _pdf, _zip
from etl.read import ReadError
from etl.read.sniff import check_bytes, describe, name_fits


def _reason(name: str, data: bytes) -> str | None:
    try:
        check_bytes(name, data)
    except ReadError as exc:
        return str(exc)
    return None


def test_every_real_report_passes(shared_corpus):
    for path in sorted(shared_corpus.glob("*.*")):
        assert _reason(path.name, path.read_bytes()) is None, path.name


PDF = PDF_001.read_bytes()
RNG = random.Random(1)


@pytest.mark.parametrize("name, data, reason", [
    ("a.pdf", b"", "empty file"),
    ("a.txt", b"\r\n \t\n", "empty file"),
    ("a.pdf", b"\x00" * 100, "empty file (only zero bytes"),
    ("a.pdf", ERROR_404, "not a PDF (an HTML error page saved as .pdf)"),
    ("a.pdf", ERROR_GBK, "not a PDF (an HTML error page saved as .pdf)"),
    ("a.pdf", "<html><head><title>2023年政府信息公开工作年度报告</title></head><body>x</body></html>".encode(),
     "not a PDF (an HTML page saved as .pdf)"),
    ("a.pdf", b"MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=x\r\n",
     "not a PDF (a web archive (MHTML) saved as .pdf)"),
    ("a.pdf", "政府信息公开工作年度报告\n一、总体情况\n".encode(), "not a PDF (a text file saved as .pdf)"),
    ("a.pdf", b"\x89PNG\r\n\x1a\n" + bytes(100), "not a PDF (a PNG image saved as .pdf)"),
    ("a.pdf", b"Rar!\x1a\x07\x00" + bytes(100), "not a PDF (a RAR archive saved as .pdf)"),
    ("a.pdf", _zip({"xl/workbook.xml": b"<x/>"}), "not a PDF (an Excel .xlsx workbook saved as .pdf)"),
    ("a.pdf", _zip({"Doc_0/Document.xml": b"<x/>", "OFD.xml": b"<x/>"}), "not a PDF (an OFD document saved as .pdf)"),
    ("a.pdf", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "WordDocument".encode("utf-16-le") + bytes(100),
     "not a PDF (a Word 97-2003 .doc document saved as .pdf)"),
    ("a.pdf", PDF[: len(PDF) // 3], "truncated PDF"),
    ("a.pdf", b"%PDF-1.7\n1 0 obj\n<<", "truncated PDF"),
    ("a.pdf", _pdf(["x"], user_password="pw"), "password-protected PDF"),
    ("a.txt", PDF, "not a text file (a PDF document saved as .txt)"),
    ("a.md", RNG.randbytes(4000), "not a text file (binary content)"),
    ("a.txt", ERROR_404, "not a report (an HTML error page saved as .txt)"),
    ("a.txt", "年度报告".encode() * 10 + b"\x00" * 2048, "incomplete download"),
    ("a.html", PDF, "not an HTML page (a PDF document saved as .html)"),
    ("a.htm", RNG.randbytes(4000), "not an HTML page (binary content)"),
    ("a.html", ERROR_GBK, "not a report (an HTML error page)"),
    ("a.docx", PDF, "not a Word file (a PDF document saved as .docx)"),
    ("a.docx", _zip({"a.txt": b"x"}), "not a Word file (a ZIP archive without a Word document inside"),
    ("a.docx", _docx(["年度报告"] * 30)[:2000], "truncated or damaged Word file"),
    ("a.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptedPackage".encode("utf-16-le") + bytes(100),
     "password-protected Word file"),
    ("a.doc", PDF, "not a Word file (a PDF document saved as .doc)"),
    ("a.doc", ERROR_404, "not a Word file (an HTML error page saved as .doc)"),
    ("a.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "Workbook".encode("utf-16-le") + bytes(100),
     "not a Word file (an Excel .xls workbook saved as .doc)"),
])
def test_wrong_or_damaged_bytes_get_a_reason(name, data, reason):
    got = _reason(name, data)
    assert got is not None and got.startswith(reason), got


@pytest.mark.parametrize("name, data", [
    ("a.pdf", PDF[:-7]),  # only the %%EOF marker lost: pdfium reads it whole
    ("a.pdf", b"\xef\xbb\xbf" + PDF),  # junk before the header (allowed within 1024 bytes)
    ("a.pdf", _pdf(["政府信息公开"], owner_password="o")),  # no printing, but opens without a password
    ("a.txt", "政府信息公开".encode("utf-16")),
    ("a.txt", "政府信息公开工作年度报告\n".encode("utf-16-le") * 20),  # UTF-16 without BOM: text, not binary
    ("a.txt", "政府信息公开工作年度报告\x07\n".encode("gb18030") * 20),  # a stray control character
    ("a.txt", b"<html><body>2023\xe5\xb9\xb4</body></html>"),  # a saved web page named .txt: the reader decides
    ("a.doc", b"<html xmlns:w='urn:schemas-microsoft-com:office:word'><body>x</body></html>"),  # Word "web page" .doc
    ("a.doc", b"{\\rtf1\\ansi x}"),
    ("a.doc", _docx(["x"])),  # a .docx named .doc: Word opens it
    ("a.docx", _docx(["x"])),
    ("a.html", "<p>年度报告</p>".encode()),
])
def test_readable_bytes_pass(name, data):
    assert _reason(name, data) is None


def test_describe_names_common_formats():
    assert describe(PDF) == "a PDF document"
    assert describe(_docx(["x"])) == "a Word .docx document"
    assert describe(b"GIF89a" + bytes(10)) == "a GIF image"
    assert describe(RNG.randbytes(3000)) is None


def test_name_fits():
    assert name_fits("x.pdf", PDF) and not name_fits("x.txt", PDF) and not name_fits("x.wps", PDF)
