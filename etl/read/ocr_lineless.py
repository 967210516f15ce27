"""Tables without ruling lines on a scanned page (issue 18): the grid from the page's ink.

Many county offices print 表三 without borders (or with only a top and bottom rule, as Word's
plain-table styles do), and a scan can lose faint lines. The ruled path (etl.read.ocr_grid)
finds no grid there; this module builds one from the layout of the ink instead:

- text lines (strips) from the gaps of the page's vertical projection (ruling lines and
  specks of noise taken out first); a strip is *tabular* when its ink falls in at least two
  runs separated by a column gap;
- a table region: consecutive strips, at least three of them tabular, ended by a line of
  larger print (a heading) or by running text that is not tabular;
- the label column: the table's last row (a body row) starts with a run much wider than its
  others, the left-most wide column; everything left of its right edge is label;
- value columns: the runs right of it in the rows that print the most runs, two rows agreeing
  run by run (a header over several columns prints fewer and does not count);
- rows: the strips of the value columns' ink, one per printed row; a line of label ink beside
  no value is a row of its own (blank values) only when it stands as far from its neighbours
  as rows stand apart (otherwise it is a wrapped label's or a group label's line).

The cells are then read from their crops by the ruled path's own reader (`ocr._read_cells`),
so blank versus inked is decided from the pixels and the trust rules (confidence threshold,
ink touching the crop's edge) apply unchanged. Where the geometry cannot say which column a
value is in (its ink straddles a column boundary) the cells it covers are UNREADABLE, never
moved to a neighbour; a row with a single value centred across the value columns is one merged
cell (表二's 本年处理决定数量), which a row of several columns cannot take (unassignable).

Pure geometry on numpy images here; the recogniser is only called through `read_tables`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import cv2
import numpy as np

from etl.read import ocr_grid
from etl.read.ocr_grid import Cell, Grid

# a gap between two runs of ink in a line that is a column gap, as a share of the page width
# (0.022 of an A4 page is 13 pt: more than the widest gap between characters of a line of
# text, a full-width comma's included, less than the paper between two columns of numbers)
_COLUMN_GAP_SHARE = 0.022
# table print is one height: a line of print taller than this many times a line of the
# page's tabular strips (and shorter than two lines) is a heading or running text that ends a
# region; so is a strip that is not tabular and taller than this
_PRINT_RATIO = 1.35
_TWO_LINES = 1.8
_MIN_TABULAR_STRIPS = 3
# a header's text (Chinese characters or words), which may span columns; a value's may not
_HEADER_TEXT = re.compile(r"[\u4e00-\u9fffA-Za-z]{2,}")
# blobs of ink smaller than this are scan noise, not print
_SPECK = 8


@dataclass(frozen=True, slots=True)
class LinelessTable:
    """A table found without ruling lines: its inferred grid (column 0 the labels, then the
    value columns) and the cells whose ink straddles a column boundary (unreadable)."""

    grid: Grid
    straddling: frozenset[tuple[int, int]]  # (row, col) of cells whose value cannot be placed


def _print_only(ink: np.ndarray, grids: list[Grid]) -> np.ndarray:
    """The page's ink without the ruled tables, without ruling lines (a plain table's top and
    bottom rules, what is left of faint lines) and without specks of scan noise."""
    clean = ink.copy()
    for g in grids:
        x0, y0, x1, y1 = g.bbox
        clean[max(y0 - 4, 0):y1 + 5, max(x0 - 4, 0):x1 + 5] = 0
    ocr_grid.erase_lines(clean)
    # a speck grows with the resolution (a seal's edge left after its red is dropped, JPEG
    # noise); a printed `1` of table print is several times larger at any resolution
    ocr_grid.drop_specks(clean, max(_SPECK, (clean.shape[1] / 100) ** 2 / 8))
    return clean


@dataclass(slots=True)
class _Strip:
    y0: int
    y1: int
    runs: list[tuple[int, int]]
    # the height of its tallest run that is a single line of print (no paper row inside it)
    tallest_line: int = 0

    @property
    def tabular(self) -> bool:
        return len(self.runs) >= 2

    @property
    def height(self) -> int:
        return self.y1 - self.y0


def _strips(clean: np.ndarray, gap: int) -> list[_Strip]:
    out = []
    for y0, y1 in ocr_grid.runs(clean.any(axis=1), 1):
        if y1 - y0 < 4:
            continue
        runs = ocr_grid.runs(clean[y0:y1].any(axis=0), gap)
        lines = [ocr_grid.runs(clean[y0:y1, a:b].any(axis=1), 1) for a, b in runs]
        tallest = max((ls[0][1] - ls[0][0] for ls in lines if len(ls) == 1), default=0)
        out.append(_Strip(y0, y1, runs, tallest))
    return out


def _regions(strips: list[_Strip]) -> list[list[_Strip]]:
    """Runs of consecutive strips that are table print: at least _MIN_TABULAR_STRIPS tabular
    strips, cut at a line of larger print (a heading) and at a strip that is neither tabular
    nor of table print's height (running text), and where the paper between two strips is
    more than three lines."""
    tabular = [s.height for s in strips if s.tabular]
    if len(tabular) < _MIN_TABULAR_STRIPS:
        return []
    # a single text line's height in table print: the lower half of the tabular strips (a
    # strip beside a wrapped label is two or three lines tall)
    line = float(np.percentile(tabular, 25))
    regions, current = [], []
    for s in strips:
        # a run that is one line of print taller than table print is larger print (a
        # heading), tabular or not; a strip is also tall beside a wrapped label (two lines,
        # which may touch in a blurred scan) or where a group label sits lower than its row's
        # label, but each of its lines is table print
        larger = _PRINT_RATIO * line < s.tallest_line < _TWO_LINES * line
        fits = not larger and (s.tabular or s.height <= _PRINT_RATIO * line)
        near = not current or s.y0 - current[-1].y1 <= 3 * line
        if fits and near:
            current.append(s)
            continue
        regions.append(current)
        current = [s] if s.tabular and not larger else []
    regions.append(current)
    out = []
    for r in regions:
        while r and not r[-1].tabular:
            r = r[:-1]
        while r and not r[0].tabular:
            r = r[1:]
        if sum(s.tabular for s in r) >= _MIN_TABULAR_STRIPS:
            out.append(r)
    return out


def _columns(region: list[_Strip], gap: int) -> tuple[int | None, list[tuple[int, int]]]:
    """(right edge of the label column or None, [x0, x1) of the value columns left to right).

    The label column: the table's last row (a body row: totals, or the values of 表四) starts
    with a run of ink much wider than its others, the left-most wide column; everything left
    of its right edge is label (the group labels of a tall merged cell too). The value
    columns: the runs right of it in the rows that print the most of them, at least two such
    rows agreeing run by run (a header spanning several columns prints fewer runs and does
    not count); failing that, the last row's own runs when no row prints more."""
    tabular = [s for s in region if s.tabular]
    last = tabular[-1].runs
    widths = [b - a for a, b in last[1:]]
    label = last[0][1] if widths and last[0][1] - last[0][0] > 2 * float(np.median(widths)) + gap else None
    rows = [[r for r in s.runs if label is None or r[0] > label] for s in tabular]
    for k in sorted({len(r) for r in rows if len(r) >= 2}, reverse=True):
        same = [r for r in rows if len(r) == k]
        agreeing = [r for r in same if _aligned(r, same[0], gap)]
        if len(agreeing) >= 2:
            return label, [(min(r[i][0] for r in agreeing), max(r[i][1] for r in agreeing)) for i in range(k)]
    # no two rows agree (表四's one row of values under its headers, a table's first row at
    # the foot of a page): the last row's own runs, when no row prints more
    if len(rows[-1]) >= 2 and len(rows[-1]) == max(len(r) for r in rows):
        return label, list(rows[-1])
    return label, []


def _aligned(a: list[tuple[int, int]], b: list[tuple[int, int]], gap: int) -> bool:
    """Two rows' runs lie one over the other, run by run (centres within a column gap)."""
    return all(abs((p + q) / 2 - (r + t) / 2) <= gap for (p, q), (r, t) in zip(a, b))


def _boundaries(cols: list[tuple[int, int]], gap: int, right: int) -> list[int]:
    """x of the column boundaries: the label column's right edge, then one between each two
    value columns (the middle of the paper between them), then the last column's right."""
    edges = [max(cols[0][0] - gap // 2, 0)]
    for (_, b), (c, _) in zip(cols, cols[1:]):
        edges.append((b + c) // 2)
    edges.append(min(cols[-1][1] + gap, right))
    return edges


def _rows(clean: np.ndarray, y0: int, y1: int, x_label: int, x0: int, x1: int) -> list[tuple[int, int]]:
    """[top, bottom) of each table row: one per strip of value ink; a line of label ink beside
    no value is a row of its own (its values blank) only when it stands as far from the rows
    above and below as rows stand apart."""
    values = [(y0 + a, y0 + b) for a, b in ocr_grid.runs(clean[y0:y1, x_label:x1].any(axis=1), 1)]
    labels = [(y0 + a, y0 + b) for a, b in ocr_grid.runs(clean[y0:y1, x0:x_label].any(axis=1), 1)]
    rows = [list(v) for v in values]
    alone = []
    for a, b in labels:
        hit = [r for r in rows if a < r[1] and b > r[0]]
        if hit:
            continue  # beside a value: inside that row's band or cut at its boundary below
        alone.append((a, b))
    gaps = [c - b for (_, b), (c, _) in zip(values, values[1:]) if c > b]
    typical = float(np.median(gaps)) if gaps else 0.0
    for a, b in alone:
        up = min((a - r[1] for r in rows if r[1] <= a), default=10**9)
        down = min((r[0] - b for r in rows if r[0] >= b), default=10**9)
        if min(up, down) >= 0.6 * typical:
            rows.append([a, b])
        # else: a line of a wrapped label, or of a group label over several rows (三、本年度
        # 办理结果) squeezed between two rows: inside its neighbours' crops, never a row
    rows.sort()
    return [(a, b) for a, b in rows]


def _cut_rows(rows: list[tuple[int, int]], top: int, bottom: int) -> list[tuple[int, int]]:
    """Row bands → crop boxes' [top, bottom): each boundary in the middle of the paper
    between two rows (where rows overlap, the middle of the overlap)."""
    cuts = [max(top - 6, 0)]
    for (_, b), (c, _) in zip(rows, rows[1:]):
        cuts.append((b + c) // 2)
    cuts.append(bottom + 6)
    return list(zip(cuts, cuts[1:]))


def find_tables(ink: np.ndarray, grids: list[Grid]) -> list[LinelessTable]:
    """The tables of a binarised, upright page that have no usable ruling grid (outside the
    `grids` the ruled path found), each with its inferred grid."""
    clean = _print_only(ink, grids)
    h, w = clean.shape
    gap = max(int(_COLUMN_GAP_SHARE * w), 8)
    out = []
    for region in _regions(_strips(clean, gap)):
        label, cols = _columns(region, gap)
        if not cols:
            continue
        top, bottom = region[0].y0, region[-1].y1
        left = min(s.runs[0][0] for s in region)
        edges = _boundaries(cols, gap, w)
        if label is None or left >= edges[0]:
            left = edges[0]  # no label column (表四: values from the left edge)
        elif label > edges[0]:
            continue  # labels run into the first value column: no column boundary to trust
        bands = _cut_rows(_rows(clean, top, bottom, edges[0], left, edges[-1]), top, bottom)
        table = _grid(clean, bands, max(left - gap // 2, 0), edges, gap)
        if table is not None:
            out.append(table)
    return out


def _grid(clean: np.ndarray, bands: list[tuple[int, int]], left: int, edges: list[int], gap: int) -> LinelessTable | None:
    """The cells of each row: the label column, then one cell per value column, except where
    a run of ink covers several columns (one merged cell: a header, or a value under a header
    over the same columns; otherwise marked straddling, unreadable unless it reads as words)
    or a row holds one value centred across all value columns (one merged cell)."""
    n_values = len(edges) - 1
    cells: list[Cell] = []
    straddling: set[tuple[int, int]] = set()
    # per value column, the columns that the nearest ink above it covered: a run over several
    # columns under a header over exactly those columns is their merged cell (表二 2019's
    # `本年增/减` over `+1`), not a value of unknown column
    above: dict[int, tuple[int, ...]] = {}
    for r, (y0, y1) in enumerate(bands):
        if edges[0] - left > gap:
            cells.append(Cell(r, 0, 1, 1, (left, y0, edges[0], y1)))
        runs = [(edges[0] + a, edges[0] + b) for a, b in ocr_grid.runs(clean[y0:y1, edges[0]:edges[-1]].any(axis=0), gap)]
        covered = [[k for k in range(n_values) if a < edges[k + 1] - 1 and b > edges[k] + 1] for a, b in runs]
        if len(runs) == 1 and n_values > 1 and _centred(runs[0], edges):
            cells.append(Cell(r, 1, 1, n_values, (edges[0], y0, edges[-1], y1)))
            continue
        spans = {ks[0]: ks for ks in covered if len(ks) > 1}
        k = 0
        while k < n_values:
            if k in spans:
                ks = spans[k]
                cells.append(Cell(r, k + 1, 1, len(ks), (edges[ks[0]], y0, edges[ks[-1] + 1], y1)))
                if any(above.get(j) != tuple(ks) for j in ks):
                    straddling.add((r, k + 1))
                k = ks[-1] + 1
                continue
            cells.append(Cell(r, k + 1, 1, 1, (edges[k], y0, edges[k + 1], y1)))
            k += 1
        for ks in covered:
            above.update({j: tuple(ks) for j in ks})
    if not cells:
        return None
    bbox = (left, bands[0][0], edges[-1], bands[-1][1])
    return LinelessTable(Grid(bbox, len(bands), n_values + 1, tuple(cells)), frozenset(straddling))


def _centred(run: tuple[int, int], edges: list[int]) -> bool:
    """Is a lone run centred across all the value columns (and not inside the first or the last
    column, where it would be that column's value)?"""
    mid, span_mid = (run[0] + run[1]) / 2, (edges[0] + edges[-1]) / 2
    width = edges[-1] - edges[0]
    return abs(mid - span_mid) <= 0.08 * width and edges[1] < mid < edges[-2]


def read_tables(grey: np.ndarray, ink: np.ndarray, stamp: np.ndarray, tables: list[LinelessTable],
                page_no: int, page) -> list[tuple[int, "Table"]]:
    """(top, Table) of each lineless table, its cells read from their crops as the ruled
    path reads them (`page`: the ocr.OcrPage whose confidences and unreadable count grow).
    A cell whose ink straddles a column boundary is a merged cell when it reads as words (a
    header over several columns) and UNREADABLE in every column it covers otherwise (a value,
    a `/`, `+1`: which column is not known; read as `/` it would even pass for not applicable)."""
    from etl.model import make_table
    from etl.read import ocr

    out = []
    for table in tables:
        grid = table.grid
        read = ocr._drop_cut_labels(grid, ink, ocr._read_cells(grey, ink, stamp, [c.box for c in grid.cells]))
        rows: list[list[tuple[str, int, int]]] = [[] for _ in range(grid.n_rows)]
        for cell, (text, conf) in zip(grid.cells, read):
            if (cell.row, cell.col) in table.straddling and text and not _HEADER_TEXT.search(text):
                # which of its columns the value belongs to is not known: none of them
                rows[cell.row] += [(ocr.UNREADABLE, 1, 1)] * cell.colspan
                page.unreadable += cell.colspan
                continue
            if conf is not None:
                page.confidences.append((text, conf))
            if text == ocr.UNREADABLE:
                page.unreadable += 1
            rows[cell.row].append((text, cell.rowspan, cell.colspan))
        out.append((grid.bbox[1], make_table(rows, page_no)))
    return out
