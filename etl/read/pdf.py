"""PDF: text per page with pypdfium2. (Table geometry from character boxes: see issue 5.)"""
from __future__ import annotations

from etl.model import Document, TextBlock
from etl.read import ReadError


def read_pdf(data: bytes) -> Document:
    import pypdfium2 as pdfium

    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise ReadError("not a PDF")
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise ReadError(f"unreadable PDF ({exc})") from None
    try:
        blocks = []
        chars = 0
        for i in range(len(pdf)):
            page = pdf[i]
            text = page.get_textpage().get_text_range()
            chars += len(text.strip())
            for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
                if line.strip():
                    blocks.append(TextBlock(line, i + 1))
        if chars == 0:
            raise ReadError("no text layer (scanned PDF)")
        return Document(blocks, "pdf", page_count=len(pdf))
    finally:
        pdf.close()
