"""Rows printed with no digits in flattened text: a label followed directly by the next label.

Such a row is a row left blank (its cells NULL, value_kind `blank`, so coverage counts them),
not a row whose numbers are missing, but only when nothing in the table suggests that numbers
were printed away from their labels: every other row of the table has exactly one value per
column and was read without a problem. Otherwise the row stays unassignable with its reason.
Grid rows are not concerned: a blank grid cell is already read as blank.
"""
from __future__ import annotations

from etl.extract.tables.assign import Assigned, Cell
from etl.extract.tables.stream import CELL, Region, Span, Stream


def is_printed_without_digits(stream: Stream, hit: Span, reg: Region) -> bool:
    """The row's region holds no value, no stray digits and no grid cell."""
    return (not reg.values and not reg.dirty
            and CELL not in stream.text[hit.start:reg.start] and CELL not in stream.text[reg.start:_end(stream, reg)])


def _end(stream: Stream, reg: Region) -> int:
    nl = stream.text.find("\n", reg.start)
    return len(stream.text) if nl < 0 else nl


def rows_without_digits_are_blank(rows: list[tuple[Region, Assigned]], n_columns: int) -> bool:
    """Whether the table's rows without digits can be taken as blank: at least one row was read
    and every row that has values was read cleanly from exactly one value per column."""
    with_values = [(reg, a) for reg, a in rows if reg.values or reg.dirty]
    return bool(with_values) and all(a.ok and len(reg.values) == n_columns for reg, a in with_values)


def blank_row(n_columns: int, page: int | None) -> Assigned:
    return Assigned([Cell(None, "blank", None, page) for _ in range(n_columns)], "table")
