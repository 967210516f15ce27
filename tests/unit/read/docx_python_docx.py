"""The .docx reader as it was before issue 20 (python-docx), kept unchanged as the reference the
lxml reader (etl/read/docx.py) is compared with in test_docx_lxml.py.

Word .docx: paragraphs and tables in body order, merged cells resolved once.

python-docx's `table.cell(r, c)` repeats a merged cell in every grid position it covers;
here the body XML is walked instead and each `w:tc` becomes one cell whose column span is
its `w:gridSpan` and whose row span counts the `w:vMerge` continuation cells below it.
Headers and footers are other parts of the package and are never read. Word does not store
page breaks of its layout, so blocks have no page number.
"""
from __future__ import annotations

import zipfile
import zlib
from io import BytesIO

from etl.model import Block, Document, TextBlock, make_table
from etl.read import ReadError
from etl.read.cells import join_wrapped, squash

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
# never text: the fallback copy of a text box, and tracked deletions and moved-away text
_SKIP = {_MC_FALLBACK, f"{_W}del", f"{_W}moveFrom"}


def _val(el, path: str) -> str | None:
    found = el.find(path)
    return None if found is None else found.get(f"{_W}val", "")


def _int_val(el, path: str, default: int = 1, minimum: int = 1) -> int:
    v = _val(el, path)
    try:
        return max(minimum, int(v)) if v else default
    except ValueError:
        return default


def _text_of(el, skip_tables: bool) -> str:
    """The text of a paragraph or cell: runs, tabs as spaces, line breaks as newlines.
    Deleted and moved-away revisions, field instructions and the fallback copy of text boxes
    are left out;
    with skip_tables, so is the text of nested tables (they are read as tables)."""
    parts: list[str] = []

    def walk(node) -> None:
        tag = node.tag
        if not isinstance(tag, str) or tag in _SKIP or (skip_tables and tag == f"{_W}tbl"):
            return
        if tag == f"{_W}t":
            parts.append(node.text or "")
        elif tag in (f"{_W}tab", f"{_W}ptab"):
            parts.append(" ")
        elif tag in (f"{_W}br", f"{_W}cr"):
            parts.append("\n")
        elif tag == f"{_W}p" and parts and parts[-1] != "\n":
            parts.append("\n")
        for child in node:
            walk(child)

    walk(el)
    return "".join(parts)


def _cell_text(tc) -> str:
    # paragraphs and breaks inside a cell are layout: 商业⏎企业 is the label 商业企业
    return join_wrapped(_text_of(tc, skip_tables=True))


def _table_cells(tbl) -> list[list[tuple[str, int, int]]]:
    """Rows of (text, rowspan, colspan) for make_table, vertical merges counted."""
    # first pass: each row's cells at their grid columns
    grid_rows: list[list[tuple[int, int, str | None, str]]] = []  # (col, colspan, vmerge, text)
    for tr in tbl.findall(f"{_W}tr"):
        col = _int_val(tr, f"{_W}trPr/{_W}gridBefore", default=0, minimum=0)
        row = [(0, col, None, "")] if col else []  # cells skipped before the row's first cell
        for tc in tr.iter(f"{_W}tc"):
            if next(tc.iterancestors(f"{_W}tbl")) is not tbl:
                continue  # a nested table's cell
            span = _int_val(tc, f"{_W}tcPr/{_W}gridSpan")
            vmerge = _val(tc, f"{_W}tcPr/{_W}vMerge")
            if vmerge is not None and vmerge not in ("restart",):
                vmerge = "continue"  # <w:vMerge/> without a value continues the cell above
            if _val(tc, f"{_W}tcPr/{_W}hMerge") == "continue" and row:
                c0, s0, v0, t0 = row[-1]  # legacy horizontal merge: widen the cell on the left
                row[-1] = (c0, s0 + span, v0, t0)
                col += span
                continue
            row.append((col, span, vmerge, _cell_text(tc)))
            col += span
        grid_rows.append(row)
    # second pass: row spans from continuation cells below a restart
    continues = [{c for c, _, v, _ in row if v == "continue"} for row in grid_rows]
    out: list[list[tuple[str, int, int]]] = []
    for r, row in enumerate(grid_rows):
        cells = []
        for c, span, vmerge, text in row:
            if vmerge == "continue" and r > 0 and _starts_above(grid_rows, r, c):
                continue  # covered by the row span of the cell above
            rowspan = 1
            while r + rowspan < len(grid_rows) and c in continues[r + rowspan]:
                rowspan += 1
            cells.append((text, rowspan, span))
        out.append(cells)
    return out


def _starts_above(grid_rows, r: int, c: int) -> bool:
    """Whether a cell in the row above starts at the same grid column (the continuation
    cell then belongs to it; the rowspan count of that cell includes this row)."""
    return any(col == c for col, _, _, _ in grid_rows[r - 1])


def _body_blocks(body) -> list[Block]:
    blocks: list[Block] = []

    def walk(container) -> None:
        for el in container:
            tag = el.tag
            if tag == f"{_W}p":
                for line in _text_of(el, skip_tables=True).split("\n"):
                    line = squash(line)
                    if line:
                        blocks.append(TextBlock(line))
            elif tag == f"{_W}tbl":
                rows = _table_cells(el)
                if rows:
                    blocks.append(make_table(rows))
                # nested tables follow their parent, as tables of their own
                for inner in el.iter(f"{_W}tbl"):
                    if inner is not el and next(inner.iterancestors(f"{_W}tbl")) is el:
                        walk([inner])
            elif tag in (f"{_W}sdt", f"{_W}sdtContent", f"{_W}customXml", f"{_W}ins", f"{_W}smartTag"):
                walk(el)
    walk(body)
    return blocks


def read_docx(data: bytes) -> Document:
    # (the reader's first step, a legacy .doc named .docx handed to LibreOffice, is left out:
    # the comparison is about .docx packages)
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from lxml import etree

    # a damaged package fails in many ways below python-docx: bad zip, bad deflate stream,
    # bad XML, missing parts, parts of the wrong type
    damaged = (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError, etree.XMLSyntaxError,
               zlib.error, EOFError, OSError, NotImplementedError, AttributeError, TypeError)
    try:
        document = docx.Document(BytesIO(data))
        body = document.element.body
        blocks = _body_blocks(body)
    except damaged as exc:
        raise ReadError(f"not a readable .docx ({type(exc).__name__}: {exc})"[:300]) from None
    props: dict[str, str] = {}
    try:
        core = document.core_properties
        fields = (("title", core.title), ("docx:author", core.author), ("docx:created", core.created),
                  ("docx:modified", core.modified), ("docx:last_modified_by", core.last_modified_by))
    except damaged:
        fields = ()  # damaged document properties are no reason to lose the text
    for key, value in fields:
        if value:
            props[key] = str(value).strip()
    return Document(blocks, "docx", properties=props)
