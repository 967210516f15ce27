"""A figure in its non-paginated source (HTML, DOCX, text) by its locator (issue 22): the table
row with its neighbours and the cell to mark, or the line of text split around the figure.
Pure: the document is read by the caller, and the page draws the result (never as HTML)."""
from __future__ import annotations

from dataclasses import dataclass

from etl.model import Document, TextBlock


@dataclass(frozen=True)
class Locator:
    table: int | None = None
    row: int | None = None
    col: int | None = None
    block: int | None = None
    chars: tuple[int, int] | None = None


@dataclass(frozen=True)
class RowContext:
    """Rows of a table around the figure's row, span copies from the left blanked; the
    figure's cell is rows[marked[0]][marked[1]]."""

    rows: list[list[str]]
    marked: tuple[int, int]


@dataclass(frozen=True)
class TextContext:
    before: str
    marked: str
    after: str


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


def located(doc: Document, loc: Locator, context: int = 1) -> RowContext | TextContext | None:
    """The figure in place, or None when the locator does not fit the document."""
    if loc.table is not None:
        tables = doc.tables
        if loc.table >= len(tables):
            return None
        table = tables[loc.table]
        if not (0 <= loc.row < table.n_rows and 0 <= loc.col < table.n_cols):
            return None
        first = max(0, loc.row - context)
        rows = [[text if table.origin[r][c][1] == c else "" for c, text in enumerate(table.rows[r])]
                for r in range(first, min(table.n_rows, loc.row + context + 1))]
        return RowContext(rows, (loc.row - first, table.origin[loc.row][loc.col][1]))
    if loc.block is not None and loc.block < len(doc.blocks):
        block = doc.blocks[loc.block]
        if isinstance(block, TextBlock) and loc.chars and loc.chars[1] <= len(block.text):
            start, end = loc.chars
            return TextContext(block.text[:start], block.text[start:end], block.text[end:])
    return None


def evidence_context(evidence: str, raw_text: str | None) -> TextContext:
    """The evidence (the row or sentence as printed) split around the first occurrence of the figure."""
    if raw_text and raw_text in evidence:
        i = evidence.index(raw_text)
        return TextContext(evidence[:i], raw_text, evidence[i + len(raw_text):])
    return TextContext(evidence, "", "")
