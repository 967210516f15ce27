"""A figure in its non-paginated source (HTML, DOCX, text) by its locator (issue 22): the table
row with its neighbours and the cell marked, or the line of text with the figure marked.
Pure: the document is read by the caller."""
from __future__ import annotations

import html
from dataclasses import dataclass

from etl.model import Document, Table, TextBlock


@dataclass(frozen=True)
class Locator:
    table: int | None = None
    row: int | None = None
    col: int | None = None
    block: int | None = None
    chars: tuple[int, int] | None = None


def parse_locator(text: str | None) -> Locator | None:
    """`table=T;row=R;col=C` or `block=B;chars=S-E` (figures.locator); None when not one."""
    if not text:
        return None
    try:
        parts = dict(p.split("=", 1) for p in text.split(";"))
        if "table" in parts:
            return Locator(table=int(parts["table"]), row=int(parts["row"]), col=int(parts["col"]))
        if "block" in parts:
            start, end = parts["chars"].split("-")
            return Locator(block=int(parts["block"]), chars=(int(start), int(end)))
    except (KeyError, ValueError):
        return None
    return None


_MARK = "background:#ffe08a;outline:2px solid #c0392b;"
_CELL = "border:1px solid #999;padding:2px 6px;"


def table_row_html(table: Table, row: int, col: int, context: int = 1) -> str:
    """The row with `context` rows either side, the cell at (row, col) marked."""
    parts = ['<table style="border-collapse:collapse;font-size:0.9em">']
    for r in range(max(0, row - context), min(table.n_rows, row + context + 1)):
        cells = []
        for c, text in enumerate(table.rows[r]):
            if not table.is_origin(r, c) and table.origin[r][c][0] == r:
                continue  # a span copy from the left: its cell is shown once
            style = _CELL + (_MARK if (r, c) == (row, col) or table.origin[r][c] == table.origin[row][col] and r == row
                             else "")
            mark = ' data-marked="1"' if r == row and table.origin[r][c] == table.origin[row][col] else ""
            cells.append(f'<td style="{style}"{mark}>{html.escape(text)}</td>')
        parts.append("<tr>" + "".join(cells) + "</tr>")
    parts.append("</table>")
    return "".join(parts)


def text_html(block: TextBlock, start: int, end: int) -> str:
    text = block.text
    return (f'<p style="font-size:0.95em">{html.escape(text[:start])}'
            f'<mark style="{_MARK}" data-marked="1">{html.escape(text[start:end])}</mark>{html.escape(text[end:])}</p>')


def located_html(doc: Document, locator: Locator) -> str | None:
    """The HTML of the figure in place, or None when the locator does not fit the document."""
    if locator.table is not None:
        tables = doc.tables
        if locator.table >= len(tables):
            return None
        table = tables[locator.table]
        if not (0 <= locator.row < table.n_rows and 0 <= locator.col < table.n_cols):
            return None
        return table_row_html(table, locator.row, locator.col)
    if locator.block is not None and locator.block < len(doc.blocks):
        block = doc.blocks[locator.block]
        if isinstance(block, TextBlock) and locator.chars and locator.chars[1] <= len(block.text):
            return text_html(block, *locator.chars)
    return None


def evidence_html(evidence: str, raw_text: str | None) -> str:
    """The evidence (the row or sentence as printed) with the first occurrence of the figure marked."""
    if raw_text and raw_text in evidence:
        i = evidence.index(raw_text)
        return (f"<p>{html.escape(evidence[:i])}<mark style=\"{_MARK}\" data-marked=\"1\">{html.escape(raw_text)}</mark>"
                f"{html.escape(evidence[i + len(raw_text):])}</p>")
    return f"<p>{html.escape(evidence)}</p>"
