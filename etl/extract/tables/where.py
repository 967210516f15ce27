"""Where each table figure was printed (issue 22): a locator for any source and, for paginated
sources, the box on its page (etl.model.Box), so a reviewer can be shown the figure in place.

Locators (blocks and tables counted from 0 in the document's reading order):
- `table=T;row=R;col=C`: grid position (R, C) of the document's T-th table;
- `block=B;chars=S-E`: characters [S, E) of the document's B-th block, a line of text.
"""
from __future__ import annotations

from operator import attrgetter

from etl.extract.tables.stream import Stream
from etl.model import Document, Figure, Table

_printed_at = attrgetter("printed_at")


def _table_numbers(doc: Document) -> dict[int, int]:
    numbers, n = {}, 0
    for i, block in enumerate(doc.blocks):
        if isinstance(block, Table):
            numbers[i] = n
            n += 1
    return numbers


def locate_figures(figures: list[Figure], stream: Stream, doc: Document) -> None:
    """Fill `locator` and `bbox` of the figures that know where they were printed."""
    tables = None
    geometry = doc.geometry
    for f, place in zip(figures, stream.places(list(map(_printed_at, figures)))):
        if place is None:
            continue
        index, block, row, col, start, end = place  # (Stream.locate_each's Location, flat)
        if start is None:  # (a grid position: a table's)
            if tables is None:
                tables = _table_numbers(doc)
            f.locator = f"table={tables[index]};row={row};col={col}"
            if block.boxes is not None and row is not None and col is not None:
                f.bbox = block.boxes[row][col]
            continue
        f.locator = f"block={index};chars={start}-{end}"
        if block.chars is not None and geometry is not None and block.page is not None and end > start:
            indices = (range(block.chars + start, block.chars + end) if isinstance(block.chars, int)
                       else block.chars[start:end])
            f.bbox = geometry.box(block.page, list(indices))
            if f.bbox is not None:
                f.page = block.page
