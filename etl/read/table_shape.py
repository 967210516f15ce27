"""A table's grid worked out once per shape and reused for every table of that shape.

A table's shape is what `etl.model.table_from_columns` resolves the spans from: how many cells
each row has and their row and column spans. Which grid position each cell's text lands in
depends on the shape alone, never on the texts, so the grid can be worked out on the cells'
numbers (their places in reading order) and the texts put in by C-level lookups. Reports
written from a template repeat a few table shapes; resolving spans cell by cell in Python cost
more than the rest of reading a table.
"""
from __future__ import annotations

from collections.abc import Sequence
from operator import itemgetter
from typing import Callable

from etl.model import Table, table_from_columns


class TableShape:
    """Where each cell's text goes in the grid of a table of one shape."""

    __slots__ = ("cells", "origin", "_row_getters")

    def __init__(self, spans: Sequence[tuple[Sequence[int], Sequence[int]]]):
        """`spans`: the rowspans and colspans of each row's cells (every row has a cell)."""
        columns, numbered = [], 0
        for rowspans, colspans in spans:
            columns.append((range(numbered, numbered + len(rowspans)), rowspans, colspans))
            numbered += len(rowspans)
        # the grid of the cells' numbers; a position no cell covers holds "" there
        grid = table_from_columns(columns)
        self.cells = numbered
        self.origin = grid.origin
        # such a position takes the text after the last cell's, which table() makes ""
        self._row_getters = tuple(_getter([numbered if i == "" else i for i in row]) for row in grid.rows)

    def table(self, texts: list[str]) -> Table:
        """table_from_columns of rows of this shape whose cells' texts, in reading order, are
        `texts` (one per cell; the list is extended by one "")."""
        texts.append("")
        return Table(tuple([get(texts) for get in self._row_getters]), self.origin)


def _getter(indices: list[int]) -> Callable[[list[str]], tuple[str, ...]]:
    """A function giving the tuple of a list's items at `indices` (itemgetter gives an item
    rather than a tuple of one)."""
    if len(indices) == 1:
        only = indices[0]
        return lambda texts: (texts[only],)
    return itemgetter(*indices)
