"""How OCR readings of table cells are trusted, on readings made up here: a number's
confidence among number characters, and label fragments a page break cut."""
from __future__ import annotations

import cv2
import numpy as np

from etl.read import ocr, ocr_engine, ocr_grid
from etl.read.ocr_grid import Cell, Grid


def _probs(steps: list[dict[str, float]]) -> np.ndarray:
    """(time × classes) probabilities: each step's named characters, the rest on blank."""
    characters, _ = ocr_engine._charset()
    index = {c: i for i, c in enumerate(characters)}
    out = np.zeros((len(steps), len(characters)), np.float32)
    for t, step in enumerate(steps):
        for ch, p in step.items():
            out[t, index[ch]] = p
        out[t, 0] = 1 - sum(step.values())
    return out


def _decode(probs: np.ndarray, short: bool) -> tuple[str, float]:
    """One line's reading: a batch of one."""
    return ocr_engine._decode_batch(probs[None], short)[0]


def test_a_digit_doubted_only_against_letters_is_sure_among_number_characters():
    probs = _probs([{"1": 0.5, "l": 0.3, "I": 0.15}, {}])
    text, conf = _decode(probs, short=True)
    assert text == "1" and conf > 0.9
    # a line of running text keeps the recogniser's own probability
    assert _decode(probs, short=False) == ("1", 0.5)


def test_a_digit_doubted_against_another_digit_stays_doubtful():
    text, conf = _decode(_probs([{"1": 0.5, "7": 0.45}]), short=True)
    assert text == "1" and conf < ocr.DIGIT_CONFIDENCE


def test_a_reading_with_letters_keeps_its_own_probability():
    text, conf = _decode(_probs([{"l": 0.6, "1": 0.3}]), short=True)
    assert text == "l" and abs(conf - 0.6) < 1e-6


def _grid() -> tuple[Grid, np.ndarray]:
    """Two rows: a label column and two value columns; the page ends under the last row."""
    cells = tuple(Cell(r, c, 1, 1, (10 + 100 * c, 10 + 40 * r, 110 + 100 * c, 50 + 40 * r))
                  for r in range(2) for c in range(3))
    ink = np.zeros((100, 330), np.uint8)
    ink[80:91, 30:90] = 255  # the top of a label's characters at the bottom of the last row's label cell
    ink[80:91, 130:190] = 255  # the same in a value cell
    return Grid((10, 10, 310, 90), 2, 3, cells), ink


def test_a_label_fragment_cut_by_the_page_is_read_as_empty_a_value_cell_never():
    grid, ink = _grid()
    read = [("1.本机关", 0.99), ("3", 0.99), ("0", 0.99), ("7 t \\T*LL", 0.6), ("7 t", 0.6), ("0", 0.99)]
    out = ocr._drop_cut_labels(grid, ink, read)
    assert out[3] == ("", 0.6)  # the label column's fragment
    assert out[4] == ("7 t", 0.6)  # a value column's cell is left to the trust rules
    assert out[:3] == read[:3] and out[5] == read[5]


def test_a_sure_label_or_one_clear_of_the_edge_is_kept():
    grid, ink = _grid()
    read = [("1.本机关", 0.99), ("3", 0.99), ("0", 0.99), ("（四）无法提供", 0.97), ("0", 0.99), ("0", 0.99)]
    assert ocr._drop_cut_labels(grid, ink, read) == read
    ink[80:91] = 0
    ink[70:74, 30:90] = 255  # ink inside the cell, not at its bottom edge
    read[3] = ("7 t \\T*LL", 0.6)
    assert ocr._drop_cut_labels(grid, ink, read) == read


def test_a_stray_glyph_in_a_cell_is_unreadable_not_text():
    """PP-OCRv6 read a `0` under a red seal as `θ`: passed on as text it made the whole 表三
    row unassignable (7 cells NULL); as UNREADABLE only that cell is NULL."""
    crop = np.zeros((40, 40), np.uint8)  # the cell's ink mask
    crop[10:30, 18:22] = 255  # an upright stroke away from the crop's edges
    for glyph in ("θ", "Ø", "○"):
        assert ocr._verdict(glyph, 0.95, crop) == ocr.UNREADABLE
    # digits (also full-width), words, not-applicable marks and the letters the extractor
    # reads as digits (O, l) stay as read
    for text in ("０", "〇", "无", "—", "／", "O", "l", "其他"):
        assert ocr._verdict(text, 0.95, crop) == text


def _t2_grid(rows: list[list[str]]) -> tuple[Grid, list[tuple[str, float]]]:
    """A ruled table of one-column cells, read as `rows` (confidence 0.9 each)."""
    cells = tuple(Cell(r, c, 1, 1, (100 * c, 40 * r, 100 * c + 100, 40 * r + 40))
                  for r in range(len(rows)) for c in range(len(rows[0])))
    return Grid((0, 0, 100 * len(rows[0]), 40 * len(rows)), len(rows), len(rows[0]), cells), \
        [(t, 0.9) for row in rows for t in row]


def test_a_misread_in_a_value_column_is_unreadable_so_its_row_keeps_its_other_values():
    """表二 under a seal: `日` and `小` where 本年增/减 printed digits made the extractor drop
    both rows (`1 number for 3 columns`); `0.` and `I` are no numbers either."""
    grid, read = _t2_grid([["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"],
                           ["行政许可", "26", "小", "37"],
                           ["其他对外管理服务事项", "14", "0.", "23"],
                           ["行政处罚", "40", "日", "67"],
                           ["行政强制", "9", "+3", "I"],
                           ["行政事业性收费", "0", "0", "/"]])
    out = [t for t, _ in ocr._foreign_in_values(grid, read)]
    U = ocr.UNREADABLE
    assert out == ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量",
                   "行政许可", "26", U, "37",
                   "其他对外管理服务事项", "14", U, "23",
                   "行政处罚", "40", U, "67",
                   "行政强制", "9", "+3", U,
                   "行政事业性收费", "0", "0", "/"]


def test_label_columns_keep_their_words_where_other_rows_print_values():
    """A real 表三 (corpus 001 rasterised): labels start at different columns from row to row;
    a column that is mostly labels is no value column, though two rows print values there."""
    grid, read = _t2_grid([["一、本年新收", "12", "3", "15"],
                           ["二、上年结转", "0", "1", "1"],
                           ["（三）不予公开", "1.属于国家秘密", "0", "0"],
                           ["（三）不予公开", "2.其他法律", "0", "0"],
                           ["（三）不予公开", "3.危及", "0", "0"],
                           ["（四）无法提供", "1.不掌握", "1", "1"]])
    assert ocr._foreign_in_values(grid, read) == read


def test_a_value_cell_spanning_rows_is_unreadable():
    """A seal erased the line between two rows: the one cell read `0Aq4：0` or `11` is no
    single row's value."""
    grid, read = _t2_grid([["一", "1", "2"], ["二", "0", "0"], ["三", "3", "4"], ["四", "5", "6"]])
    cells = list(grid.cells)
    cells[4] = Cell(1, 1, 2, 1, (100, 40, 200, 120))  # 二's first value spans 三's
    del cells[7]
    read = [r for k, r in enumerate(read) if k != 7]
    read[4] = ("11", 0.95)
    grid = Grid(grid.bbox, 4, 3, tuple(cells))
    out = ocr._foreign_in_values(grid, read)
    assert out[4] == (ocr.UNREADABLE, 0.95) and out[:4] + out[5:] == read[:4] + read[5:]


def test_a_sub_or_superscript_digit_makes_a_cell_unreadable():
    """A grey seal's ring beside a `0` was read `1₀`, which NFKC turns into 10: a wrong cell.
    A raised or lowered digit is no printed number."""
    crop = np.zeros((40, 40), np.uint8)
    crop[10:30, 12:28] = 255
    for text in ("1₀", "₀", "2³", "¹0"):
        assert ocr._verdict(text, 0.99, crop) == ocr.UNREADABLE
    assert ocr._verdict("10", 0.99, crop) == "10"
    assert ocr._verdict("①政策", 0.99, crop) == "①政策"  # a circled list number in a label stays


def test_a_not_applicable_mark_that_runs_out_of_its_cell_is_doubtful():
    """A printed slash keeps clear of its cell's lines; the arc of a seal scanned in grey
    crosses the cell from line to line and was read `/` (not applicable) for a `0` or a `1`."""
    ink = np.zeros((60, 120), np.uint8)
    stamp = np.zeros_like(ink)
    box = (0, 0, 60, 60)
    cv2.line(ink, (20, 48), (34, 12), 255, 3)  # a printed slash, clear of the lines
    crop, _ = ocr_grid.cell_ink(ink, box, reach=True)
    assert not ocr._doubtful_mark("/", ink, stamp, box, crop)
    ink[:] = 0
    cv2.line(ink, (18, 59), (40, 0), 255, 3)  # an arc's stretch from the bottom line to the top
    crop, _ = ocr_grid.cell_ink(ink, box, reach=True)
    assert ocr._doubtful_mark("/", ink, stamp, box, crop)
    ink[:] = 0
    cv2.line(ink, (20, 48), (34, 12), 255, 3)
    stamp[30:40, 25:35] = 255  # the printed slash under a seal
    assert ocr._doubtful_mark("/", ink, stamp, box, ocr_grid.cell_ink(ink, box, reach=True)[0])
    # a backslash or a dash as well: the ring across an empty cell was read `\\`
    assert ocr._doubtful_mark("\\", ink, stamp, box, ocr_grid.cell_ink(ink, box, reach=True)[0])
    stamp[:] = 0
    ink[:] = 0
    cv2.line(ink, (5, 2), (55, 20), 255, 3)  # an arc's stretch across the cell's top
    crop, _ = ocr_grid.cell_ink(ink, box, reach=True)
    assert ocr._doubtful_mark("—", ink, stamp, box, crop) and ocr._doubtful_mark("\\", ink, stamp, box, crop)
    ink[:] = 0
    cv2.line(ink, (20, 30), (40, 30), 255, 2)  # a printed dash
    assert not ocr._doubtful_mark("—", ink, stamp, box, ocr_grid.cell_ink(ink, box, reach=True)[0])
    assert ocr._STROKE_MARKS >= {"/", "\\", "—", "-"} and "无" not in ocr._STROKE_MARKS
