"""The grid of a table without ruling lines, from the ink alone (etl.read.ocr_lineless): pages
drawn here as blocks of ink where words and numbers would be, so the geometry is known
exactly. (Reading the cells is the ruled path's; graded on scans in
tests/integration/test_ocr_lineless.py.)"""
from __future__ import annotations

import numpy as np

from etl.read.ocr_lineless import find_tables

W, H = 1241, 1754  # A4 at 150 dpi
LINE = 14  # a line of table print
LABEL = (150, 420)
VALUES = [(560, 580), (700, 712), (840, 866)]  # three value columns


def _page(rows: list[tuple[int, list[tuple[int, int]], int]]) -> np.ndarray:
    """Ink (255 on 0) with a run of glyphs per (top, [(x0, x1), ...], height): blocks 11 px
    wide, 3 px apart, as characters print (a solid bar would be a ruling line)."""
    ink = np.zeros((H, W), np.uint8)
    for top, runs, height in rows:
        for x0, x1 in runs:
            for x in range(x0, x1, 14):
                ink[top:top + height, x:min(x + 11, x1)] = 255
    return ink


def _table_rows(top: int, n: int, pitch: int = 36) -> list:
    return [(top + k * pitch, [LABEL, *VALUES], LINE) for k in range(n)]


def _prose(top: int, n: int) -> list:
    return [(top + k * 34, [(100, 1140)], 22) for k in range(n)]


def test_rows_columns_and_the_label_column_from_the_ink():
    ink = _page(_prose(100, 3) + _table_rows(300, 6) + _prose(560, 2))
    table, = find_tables(ink, [])
    g = table.grid
    assert (g.n_rows, g.n_cols) == (6, 4) and not table.straddling
    assert 300 - 20 < g.bbox[1] <= 300 and 300 + 5 * 36 + LINE <= g.bbox[3] < 560  # no prose inside
    for r in range(6):
        row = sorted((c for c in g.cells if c.row == r), key=lambda c: c.col)
        assert [c.col for c in row] == [0, 1, 2, 3]
        top = 300 + r * 36
        for c, (x0, x1) in zip(row, [LABEL, *VALUES]):
            bx0, by0, bx1, by1 = c.box
            # each cell's box holds its block with paper round it (the crop's margin is 4 px)
            assert bx0 + 4 < x0 and x1 < bx1 - 4 and by0 + 4 < top and top + LINE < by1 - 4


def test_a_value_over_a_column_boundary_is_marked_straddling_not_placed():
    rows = _table_rows(300, 6)
    rows[3] = (rows[3][0], [LABEL, VALUES[0], (760, 800)], LINE)  # over columns 2 and 3's boundary
    table, = find_tables(_page(rows), [])
    assert table.straddling == {(3, 2)}
    cell = next(c for c in table.grid.cells if (c.row, c.col) == (3, 2))
    assert cell.colspan == 2


def test_a_lone_value_centred_across_the_value_columns_is_one_merged_cell():
    rows = _table_rows(300, 6)
    rows[2] = (rows[2][0], [LABEL, (703, 709)], LINE)  # 表二's 本年处理决定数量 over three columns
    table, = find_tables(_page(rows), [])
    merged = [c for c in table.grid.cells if c.row == 2 and c.col > 0]
    assert [(c.col, c.colspan) for c in merged] == [(1, 3)]


def test_a_label_with_blank_values_is_a_row_of_its_own():
    rows = _table_rows(300, 6)
    rows[4] = (rows[4][0], [LABEL], LINE)
    table, = find_tables(_page(rows), [])
    assert table.grid.n_rows == 6
    assert [c.col for c in table.grid.cells if c.row == 4] == [0, 1, 2, 3]


def test_a_wrapped_label_line_joins_its_row():
    rows = _table_rows(300, 6, pitch=48)
    rows.append((rows[2][0] + LINE + 4, [LABEL], LINE))  # the label's second line, under the values
    table, = find_tables(_page(rows), [])
    assert table.grid.n_rows == 6


def test_a_heading_of_larger_print_between_two_tables_parts_them():
    heading = [(560, [(100, 300), (360, 600)], 21)]  # one line 1.5 times table print, with a gap
    ink = _page(_table_rows(300, 6) + heading + _table_rows(620, 5))
    tables = find_tables(ink, [])
    assert [t.grid.n_rows for t in tables] == [6, 5]


def test_prose_alone_is_no_table():
    assert find_tables(_page(_prose(100, 20)), []) == []
