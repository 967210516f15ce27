"""Small real PDFs drawn with reportlab for reader tests: ruled tables, scans, encryption."""
from __future__ import annotations

from io import BytesIO

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

FONT = "STSong-Light"  # a standard CJK font every PDF viewer (and pdfium) knows, not embedded
pdfmetrics.registerFont(UnicodeCIDFont(FONT))
PAGE = (595.0, 842.0)


def draw_table(c: canvas.Canvas, xs: list[float], ys: list[float],
               cells: list[tuple[int, int, int, int, list[str]]], *, open_top: bool = False,
               open_bottom: bool = False, filled_lines: bool = False, size: float = 9) -> None:
    """Draw a ruled table. `xs` are column boundaries, `ys` row boundaries from the top of
    the page downwards; each cell is (r0, c0, r1, c1, lines of text) in grid units.
    open_top/open_bottom leave out the table's outer top/bottom line (a page-break cut);
    filled_lines draws every line as a thin filled rectangle, as Word's PDF export does."""
    h = PAGE[1]

    def line(x0, y0, x1, y1):
        if (open_top and y0 == y1 == ys[0]) or (open_bottom and y0 == y1 == ys[-1]):
            return
        if filled_lines:
            c.rect(min(x0, x1) - 0.4, h - max(y0, y1) - 0.4, abs(x1 - x0) + 0.8, abs(y1 - y0) + 0.8,
                   stroke=0, fill=1)
        else:
            c.line(x0, h - y0, x1, h - y1)

    c.setFont(FONT, size)
    for r0, c0, r1, c1, lines in cells:
        x0, x1, y0, y1 = xs[c0], xs[c1], ys[r0], ys[r1]
        line(x0, y0, x1, y0)
        line(x0, y1, x1, y1)
        line(x0, y0, x0, y1)
        line(x1, y0, x1, y1)
        for k, text in enumerate(lines):
            c.drawString(x0 + 3, h - (y0 + 4 + size * 1.2 * (k + 1)), text)


def pdf_bytes(pages, *, encrypt=None, rotate: int = 0) -> bytes:
    """A PDF with one page per callable in `pages` (each draws on the canvas)."""
    buf = BytesIO()
    c = canvas.Canvas(buf, pagesize=PAGE, encrypt=encrypt)
    for draw in pages:
        if rotate:
            c.setPageRotation(rotate)
        draw(c)
        c.showPage()
    c.save()
    return buf.getvalue()


def text_at(x: float, top: float, text: str, size: float = 10):
    def draw(c: canvas.Canvas) -> None:
        c.setFont(FONT, size)
        c.drawString(x, PAGE[1] - top, text)
    return draw
