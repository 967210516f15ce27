"""The document model every reader yields and the extraction every extractor returns.

Readers know nothing about annual reports: they turn bytes into a `Document` of text lines
and table grids. Extractors are pure functions from a `Document` to figures, metadata and
checks. Nothing in this module does I/O.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from operator import itemgetter


@dataclass(frozen=True, slots=True)
class TextBlock:
    """One line (or paragraph) of running text, in reading order."""

    text: str
    page: int | None = None
    # paginated sources: where each character of `text` is on its page, as the reader can look
    # it up again (Document.geometry): for PDF the pdfium character index of the first
    # character (an int, when the line's characters are consecutive) or of every character
    chars: int | tuple[int, ...] | None = None


# A box on a page: x0, y0, x1, y1 in PDF points (1/72 inch) from the top-left corner of the
# page as displayed (its /Rotate applied, crop box origin), y growing downwards.
Box = tuple[float, float, float, float]


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
    # paginated sources: boxes[r][c] is the Box of the cell covering grid position (r, c)
    boxes: tuple[tuple[Box | None, ...], ...] | None = None
    # scanned tables (etl.read.ocr): the grid positions of cells whose reading a seal's red
    # ink lay over; a number read there is kept only where an identity that holds checks it
    sealed: frozenset[tuple[int, int]] = frozenset()

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
        return [text for c, (text, (_, oc)) in enumerate(zip(self.rows[r], self.origin[r])) if oc == c]


Block = TextBlock | Table

# The text of a table cell that holds ink a reader could not read with confidence (an OCR'd
# digit below the confidence threshold, or cut by the crop's edge): stored as NULL, `unreadable`.
UNREADABLE_CELL = "\u2370"  # ⍰
# what a table prints in a cell that does not apply (a value of its own: not_applicable)
NOT_APPLICABLE_MARKS = frozenset({"/", "／", "—", "——", "-", "--", "－", "–", "无", "不适用", "\\", "、"})



def _table_lines(table: Table) -> list[str]:
    """A table's rows as lines: each row's cells without span copies from the left
    (`row_cells`), non-empty ones joined by a space. A row that has no such copy, which the
    columns of its origins tell (three C-level passes), is joined as it is."""
    columns = _columns(table.n_cols)
    return [" ".join(filter(None, row)) if tuple(map(_second, origin)) == columns
            else " ".join(filter(None, table.row_cells(r)))
            for r, (row, origin) in enumerate(zip(table.rows, table.origin))]


_second = itemgetter(1)


@lru_cache(maxsize=256)
def _columns(n_cols: int) -> tuple[int, ...]:
    return tuple(range(n_cols))


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
    # paginated sources: looks up the boxes of characters (TextBlock.chars) once extraction
    # asks for them (etl.read.pdf.PdfGeometry); closed by whoever extracts the document
    geometry: object | None = field(default=None, repr=False, compare=False)
    # OCR provenance (etl.read.ocr): the pages read from their images, and (page, text,
    # confidence 0-1) of every cell and line OCR read there
    ocr_pages: list[int] = field(default_factory=list)
    ocr_texts: list[tuple[int, str, float]] = field(default_factory=list)
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
                out += [TextBlock(line, b.page) for line in _table_lines(b)]
        return out

    @property
    def text(self) -> str:
        """`lines()` joined by line breaks (built from the strings: no TextBlock per table row)."""
        if self._text is None:
            parts: list[str] = []
            for b in self.blocks:
                if isinstance(b, TextBlock):
                    parts.append(b.text)
                else:
                    parts += _table_lines(b)
            self._text = "\n".join(parts)
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
    # (each row's columns by zip: three C-level passes instead of a generator over its cells)
    return table_from_columns([tuple(zip(*row)) if row else ((), (), ()) for row in cells], page, page_end)


# a row of a table in columns: the texts of its cells, their row spans and their column spans
RowColumns = tuple[Sequence[str], Sequence[int], Sequence[int]]


def table_from_columns(rows: list[RowColumns], page: int | None = None, page_end: int | None = None) -> Table:
    """make_table of rows given as their columns (texts, rowspans, colspans), as a reader that
    has them at hand passes them: no tuple per cell to build and take apart again."""
    n_rows = len(rows)
    # texts[r][c]: the text of the cell covering (r, c), _FREE where nothing does yet (texts,
    # not (text, origin) pairs: most positions are their own origin, and a row is made a
    # tuple as it is); copied[r]: {c: origin} of row r's positions that a cell starting at
    # another position covers
    texts: list[list] = [[] for _ in range(n_rows)]
    copied: dict[int, dict[int, tuple[int, int]]] = {}
    filled = 0
    # whether a cell spanning positions has come yet: until then only the grid's size is
    # checked, at the end (the positions filled are counted from the first span on; they
    # only grow, so a table too large is refused with the same words either way)
    spanned = False
    for r, (row_texts, rowspans, colspans) in enumerate(rows):
        line, c = texts[r], 0
        n_cells = len(row_texts)
        if rowspans.count(1) == n_cells == colspans.count(1) and _FREE not in line:
            # single cells after the run of positions a cell above covers, if any (most rows:
            # those of a table whose spans are in its header, and those beside a tall cell
            # on the left, as in the 2021 表三): in one step
            if spanned and filled + n_cells > MAX_GRID_POSITIONS:
                raise TableTooLarge(f"table too large (over {MAX_GRID_POSITIONS} cells once spans are resolved)")
            line.extend(row_texts)
            filled += n_cells
            continue
        spanned = True
        for text, rowspan, colspan in zip(row_texts, rowspans, colspans):
            while c < len(line) and line[c] is not _FREE:
                c += 1
            if rowspan == 1 and colspan == 1:  # most cells: one position, free by the loop above
                if filled + 1 > MAX_GRID_POSITIONS:
                    raise TableTooLarge(f"table too large (over {MAX_GRID_POSITIONS} cells once spans are resolved)")
                if c == len(line):
                    line.append(text)
                else:
                    line[c] = text
                filled += 1
                c += 1
                continue
            rowspan = max(1, min(rowspan, n_rows - r))
            colspan = max(1, min(colspan, 1000))
            if filled + rowspan * colspan > MAX_GRID_POSITIONS:
                raise TableTooLarge(f"table too large (over {MAX_GRID_POSITIONS} cells once spans are resolved)")
            origin = (r, c)
            for r2 in range(r, r + rowspan):
                target = texts[r2]
                if len(target) < c + colspan:
                    target.extend([_FREE] * (c + colspan - len(target)))
                for k in range(c, c + colspan):
                    if target[k] is _FREE:  # a position already covered keeps its first cell
                        target[k] = text
                        if r2 != r or k != c:
                            copied.setdefault(r2, {})[k] = origin
                        filled += 1
            c += colspan
    n_cols = max(map(len, texts), default=0)
    if n_rows * n_cols > MAX_GRID_POSITIONS:
        raise TableTooLarge(f"table too large ({n_rows} × {n_cols} cells once spans are resolved)")
    rows = []
    for line in texts:
        if len(line) < n_cols:
            line.extend([_FREE] * (n_cols - len(line)))
        # a position no cell covers is an empty cell of its own
        rows.append(tuple(["" if text is _FREE else text for text in line]) if _FREE in line else tuple(line))
    origin = _own_grid(n_rows, n_cols)
    if copied:
        origin = list(origin)
        for r, row_copies in copied.items():
            row_origins = list(origin[r])
            for k, cell_origin in row_copies.items():
                row_origins[k] = cell_origin
            origin[r] = tuple(row_origins)
        origin = tuple(origin)
    return Table(tuple(rows), origin, page, page_end)


# what make_table's grid holds where no cell has been placed yet (not None, nor any text)
_FREE = object()


@lru_cache(maxsize=256)
def _own_grid(n_rows: int, n_cols: int) -> tuple[tuple[tuple[int, int], ...], ...]:
    """The origins of a grid whose positions each hold a cell of their own."""
    return tuple(own_origins(r, n_cols) for r in range(n_rows))


@lru_cache(maxsize=1024)
def own_origins(r: int, n_cols: int) -> tuple[tuple[int, int], ...]:
    """The origins of row r's positions when each holds a cell of its own (no span copy).
    Shared between tables: most rows are such rows, and a tuple per position cost more than
    the rest of make_table."""
    return tuple((r, c) for c in range(n_cols))


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
    # where it was printed (issue 22): a Box on `page` for paginated sources, and a locator
    # for any source (`table=2;row=5;col=3` or `block=12;chars=30-33`, blocks counted from 0)
    bbox: Box | None = None
    locator: str | None = None
    # (position in the extractor's character stream, length as printed): turned into bbox
    # and locator by the extractor that made the stream, not stored
    printed_at: tuple[int, int] | None = None
    # a run-together row left unassignable with several candidate splits (issue 20): an
    # etl.split_candidates.SplitRow on the row's first cell, turned into the
    # report's split_candidates check (etl.validate.split_candidates), not stored itself
    split_candidates: object | None = None


@dataclass(frozen=True, slots=True)  # (frozen: identical checks are shared between reports, see validate.identities)
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
    # (section, sampled shingle hash) of the running text, for the text-reuse measure (issue 21;
    # etl/extract/shingles.py)
    shingles: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class FileResult:
    """The rows one input file contributes to the warehouse (a reports row, its figures and
    checks as column dicts): what the pipeline returns and the loader writes."""

    report: dict
    figures: list[dict] = field(default_factory=list)
    checks: list[dict] = field(default_factory=list)
    shingles: list[tuple[int, int]] = field(default_factory=list)  # (section, hash): text_shingles (issue 21)

