"""Word (.docx) with python-docx: paragraphs and ruled tables with merged cells."""
from __future__ import annotations

import io
from xml.sax.saxutils import escape

from etl.demo.content import Grid, ReportContent
from etl.model import make_table


_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_BORDERS = "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
                   for side in ("top", "left", "bottom", "right", "insideH", "insideV"))


def _runs(text: str) -> str:
    parts = [escape(p) for p in text.split("\n")]
    return "<w:r>" + "<w:br/>".join(f'<w:t xml:space="preserve">{p}</w:t>' for p in parts) + "</w:r>" if text else ""


def _table_xml(grid: Grid) -> str:
    """WordprocessingML for the grid: gridSpan for column spans, vMerge for row spans (written
    directly: python-docx's cell merging is quadratic and took a second per 表三)."""
    t = make_table(grid.rows)
    rows = []
    for r in range(t.n_rows):
        cells, c = [], 0
        while c < t.n_cols:
            o = t.origin[r][c]
            span = 1
            while c + span < t.n_cols and t.origin[r][c + span] == o:
                span += 1
            vspan = t.origin[r + 1][c] == o if r + 1 < t.n_rows else False
            props = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
            if o[0] < r:
                props += "<w:vMerge/>"
                body = "<w:p/>"
            else:
                props += '<w:vMerge w:val="restart"/>' if vspan else ""
                body = f"<w:p>{_runs(t.rows[r][c])}</w:p>"
            cells.append(f"<w:tc><w:tcPr>{props}</w:tcPr>{body}</w:tc>")
            c += span
        rows.append("<w:tr>" + "".join(cells) + "</w:tr>")
    grid_cols = "".join('<w:gridCol w:w="900"/>' for _ in range(t.n_cols))
    return (f'<w:tbl {_W}><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/>'
            f"<w:tblBorders>{_BORDERS}</w:tblBorders></w:tblPr><w:tblGrid>{grid_cols}</w:tblGrid>"
            + "".join(rows) + "</w:tbl>")


def render_docx(content: ReportContent, title: str) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import parse_xml
    from docx.oxml.ns import qn

    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = "仿宋_GB2312"
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "仿宋_GB2312")
    doc.core_properties.title = title
    doc.core_properties.author = "xxgk demo generator (演示数据)"
    for block in content.blocks:
        if isinstance(block, Grid):
            doc.element.body.insert(len(doc.element.body) - 1, parse_xml(_table_xml(block)))
            continue
        p = doc.add_paragraph()
        run = p.add_run(block.text)
        if block.kind in ("title", "heading"):
            run.bold = True
        if block.kind == "title":
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        elif block.kind == "signature":
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
