"""PDF with reportlab's built-in CJK font (STSong-Light, no font file needed): ruled tables with
merged cells, labels that wrap inside narrow cells, '- N -' page numbers in the footer. Also the
'scanned' PDF: page images only, no text layer."""
from __future__ import annotations

import io
import random

from etl.demo.content import Grid, Para, ReportContent
from etl.model import make_table

FONT = "STSong-Light"
_COL_WIDTHS = {"t2": [150, 115, 115, 115], "t3": [30, 62, 150] + [36] * 7, "t4": [33] * 15, "categories": [300, 120]}
_styles: dict | None = None
# How a table's lines are drawn (issue 18, lineless scans): `grid` rules every cell; `none`
# draws no line at all (a county office's borderless 表三); `plain` only the table's top and
# bottom rules, as Word's plain-table styles do; `faint` every line but too light (and too
# thin) to survive a scan's binarisation.
TABLE_RULES = {
    "grid": [("GRID", (0, 0), (-1, -1), 0.5, "black")],
    "none": [],
    "plain": [("LINEABOVE", (0, 0), (-1, 0), 1.0, "black"), ("LINEBELOW", (0, -1), (-1, -1), 1.0, "black")],
    "faint": [("GRID", (0, 0), (-1, -1), 0.25, "#e4e4e4")],
}


def _ensure_styles() -> dict:
    global _styles
    if _styles is None:
        from reportlab.lib.styles import ParagraphStyle
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.cidfonts import UnicodeCIDFont

        pdfmetrics.registerFont(UnicodeCIDFont(FONT))
        base = dict(fontName=FONT, wordWrap="CJK")
        _styles = {
            "title": ParagraphStyle("title", fontSize=16, leading=24, alignment=1, spaceAfter=6, **base),
            "heading": ParagraphStyle("heading", fontSize=12, leading=20, spaceBefore=6, **base),
            "body": ParagraphStyle("body", fontSize=11, leading=18, firstLineIndent=22, **base),
            "caption": ParagraphStyle("caption", fontSize=10, leading=16, alignment=1, **base),
            "signature": ParagraphStyle("signature", fontSize=11, leading=18, alignment=2, **base),
            "cell": ParagraphStyle("cell", fontSize=8, leading=10, alignment=1, **base),
        }
    return _styles


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\n", "<br/>")


def _table(grid: Grid, styles: dict, rules: str = "grid"):
    from reportlab.platypus import Paragraph, Table, TableStyle

    t = make_table(grid.rows)
    data = [[Paragraph(_esc(t.rows[r][c]), styles["cell"]) if t.is_origin(r, c) and t.rows[r][c] else ""
             for c in range(t.n_cols)] for r in range(t.n_rows)]
    commands = [*TABLE_RULES[rules], ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 2), ("RIGHTPADDING", (0, 0), (-1, -1), 2)]
    done = set()
    for r in range(t.n_rows):
        for c in range(t.n_cols):
            o = t.origin[r][c]
            if o in done:
                continue
            done.add(o)
            r1, c1 = o
            while r1 + 1 < t.n_rows and t.origin[r1 + 1][o[1]] == o:
                r1 += 1
            while c1 + 1 < t.n_cols and t.origin[o[0]][c1 + 1] == o:
                c1 += 1
            if (r1, c1) != o:
                commands.append(("SPAN", (o[1], o[0]), (c1, r1)))
    widths = _COL_WIDTHS.get(grid.kind)
    return Table(data, colWidths=widths, style=TableStyle(commands), repeatRows=0)


def _footer(canvas, doc) -> None:
    canvas.saveState()
    canvas.setFont(FONT, 10)
    canvas.drawCentredString(doc.pagesize[0] / 2, 30, f"- {doc.page} -")
    canvas.restoreState()


def render_pdf(content: ReportContent, title: str, rules: str = "grid") -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    styles = _ensure_styles()
    story = []
    for block in content.blocks:
        if isinstance(block, Para):
            story.append(Paragraph(_esc(block.text), styles[block.kind]))
        else:
            story += [Spacer(1, 4), _table(block, styles, rules), Spacer(1, 6)]
    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, leftMargin=50, rightMargin=50, topMargin=60, bottomMargin=60,
                            title=title, author="xxgk demo generator", subject="演示数据 demo data",
                            invariant=1)
    doc.build(story, onFirstPage=_footer, onLaterPages=_footer)
    return buf.getvalue()


def render_scanned_pdf(seed: int, pages: int = 3) -> bytes:
    """A PDF of 'page images': grey bars where text lines would be, a ruled table, no text layer."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas as pdfcanvas

    rng = random.Random(seed)
    buf = io.BytesIO()
    c = pdfcanvas.Canvas(buf, pagesize=A4, invariant=1)
    width, height = A4
    for _ in range(pages):
        c.setFillGray(0.96)
        c.rect(0, 0, width, height, stroke=0, fill=1)  # the paper tone of a scan
        c.setFillGray(0.35)
        y = height - 80
        while y > 300:
            c.rect(70, y, rng.uniform(300, 455), 7, stroke=0, fill=1)
            y -= 20
        c.setStrokeGray(0.2)
        for i in range(9):
            c.line(70, 280 - i * 24, 525, 280 - i * 24)
        for x in (70, 230, 330, 430, 525):
            c.line(x, 280, x, 88)
        c.showPage()
    c.save()
    return buf.getvalue()
