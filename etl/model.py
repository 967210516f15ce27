"""The document model every reader yields and the extraction every extractor returns.

Readers know nothing about annual reports: they turn bytes into a `Document` of text lines
and table grids. Extractors are pure functions from a `Document` to figures, metadata and
checks. Nothing in this module does I/O.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True, slots=True)
class TextBlock:
    """One line (or paragraph) of running text, in reading order."""

    text: str
    page: int | None = None


@dataclass(frozen=True, slots=True)
class Table:
    """A table as a rectangular grid with row and column spans resolved.

    `rows[r][c]` is the text of the cell covering grid position (r, c): a merged cell's
    text appears in every position it covers. `origin[r][c]` is the (row, col) of the
    top-left position of that cell, so a consumer can tell a span copy (origin != (r, c))
    from a cell of its own.
    """

    rows: tuple[tuple[str, ...], ...]
    origin: tuple[tuple[tuple[int, int], ...], ...]
    page: int | None = None
    # the last page a table spanning a page break reaches (None when the same as `page`)
    page_end: int | None = None

    @property
    def n_rows(self) -> int:
        return len(self.rows)

    @property
    def n_cols(self) -> int:
        return len(self.rows[0]) if self.rows else 0

    def is_origin(self, r: int, c: int) -> bool:
        return self.origin[r][c] == (r, c)

    def row_cells(self, r: int) -> list[str]:
        """The cells of row r, without span copies from the left (row spans kept)."""
        return [self.rows[r][c] for c in range(self.n_cols) if self.origin[r][c][1] == c]


Block = TextBlock | Table


@dataclass(slots=True)
class Document:
    """What a reader makes of one file: blocks in reading order."""

    blocks: list[Block]
    source_format: str  # a key of vocab.SOURCE_FORMATS
    page_count: int | None = None
    # metadata the container states (HTML <title>, <meta name=PubDate>, PDF info dict ...)
    properties: dict[str, str] = field(default_factory=dict)
    # readers' remarks that end in `reports.error` when the file is otherwise readable
    warnings: list[str] = field(default_factory=list)
    # `text` is asked for by several extractors; blocks are not changed once a reader has
    # returned the document, so it is joined once
    _text: str | None = field(default=None, repr=False, compare=False)

    @property
    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]

    def lines(self) -> list[TextBlock]:
        """Every line of the document as text, tables flattened row by row (cells joined by a space)."""
        out: list[TextBlock] = []
        for b in self.blocks:
            if isinstance(b, TextBlock):
                out.append(b)
            else:
                for r in range(b.n_rows):
                    out.append(TextBlock(" ".join(c for c in b.row_cells(r) if c), b.page))
        return out

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = "\n".join(b.text for b in self.lines())
        return self._text


# A real report table has a few hundred grid positions; hostile markup (colspan=1000 on every
# cell of a long table) could ask for hundreds of millions.
MAX_GRID_POSITIONS = 200_000


class TableTooLarge(ValueError):
    """A table whose spans would cover more than MAX_GRID_POSITIONS grid positions."""


def make_table(cells: list[list[tuple[str, int, int]]], page: int | None = None,
               page_end: int | None = None) -> Table:
    """Build a `Table` from rows of (text, rowspan, colspan) cells as markup gives them.

    Spans are resolved the way browsers do: a cell occupies the next free grid position of
    its row; positions covered by a rowspan from above are skipped. Short rows are padded
    with empty cells so the grid is rectangular.
    """
    grid: dict[tuple[int, int], tuple[str, tuple[int, int]]] = {}
    n_rows = len(cells)
    for r, row in enumerate(cells):
        c = 0
        for text, rowspan, colspan in row:
            while (r, c) in grid:
                c += 1
            rowspan = max(1, min(rowspan, n_rows - r))
            colspan = max(1, min(colspan, 1000))
            if len(grid) + rowspan * colspan > MAX_GRID_POSITIONS:
                raise TableTooLarge(f"table too large (over {MAX_GRID_POSITIONS} cells once spans are resolved)")
            for dr in range(rowspan):
                for dc in range(colspan):
                    grid.setdefault((r + dr, c + dc), (text, (r, c)))
            c += colspan
    n_cols = max((c + 1 for (_, c) in grid), default=0)
    if n_rows * n_cols > MAX_GRID_POSITIONS:
        raise TableTooLarge(f"table too large ({n_rows} × {n_cols} cells once spans are resolved)")
    rows, origin = [], []
    for r in range(n_rows):
        rows.append(tuple(grid.get((r, c), ("", (r, c)))[0] for c in range(n_cols)))
        origin.append(tuple(grid.get((r, c), ("", (r, c)))[1] for c in range(n_cols)))
    return Table(tuple(rows), tuple(origin), page, page_end)


@dataclass(slots=True)
class Figure:
    """One extracted number (or a known-empty cell), with where it came from."""

    metric: str
    value: float | None
    value_kind: str  # vocab.VALUE_KINDS
    source_kind: str  # vocab.SOURCE_KINDS
    evidence: str
    raw_text: str | None = None
    dimension: str | None = None
    page: int | None = None
    unit: str | None = None  # the unit of `value` (the metric's unit after normalisation)
    # the same fact as another part of the document states it, (where, value), e.g.
    # ("统计表 主动公开信息数 本年度", 739.0): compared by etl.validate, not stored as a figure
    restated_as: tuple[str, float] | None = None


@dataclass(slots=True)
class Check:
    rule: str
    status: str  # vocab.CHECK_STATUSES
    detail: str
    metric: str | None = None  # the main cell the check is about, when there is one
    dimension: str | None = None
    expected: float | None = None
    found: float | None = None


@dataclass(slots=True)
class ReportMeta:
    bureau_name: str | None = None
    year: int | None = None
    template: str | None = None
    province: str | None = None
    city: str | None = None
    county: str | None = None
    admin_level: str | None = None
    bureau_type: str | None = None
    organ_kind: str | None = None  # 'government' or 'department' (deadline rule)
    region_code: str | None = None
    published_on: date | None = None
    title: str | None = None
    is_aggregate: bool | None = None  # a region-wide report aggregating subordinate organs


@dataclass(slots=True)
class Extraction:
    """Everything extracted from one document. `problems` make the report `partial`."""

    meta: ReportMeta
    figures: list[Figure] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
