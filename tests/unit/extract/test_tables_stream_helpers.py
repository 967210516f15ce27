"""The pure helpers behind the table stream's fast paths give what the slow forms give."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from etl.extract.numbers import CellValue
from etl.extract.tables.stream import (
    _COMMON_RANGES, _TEXT_WORD, CELL, _expanded_positions, _grid_lines_and_rows, _may_change, _read_grid_cell,
    read_text_segment, _read_text_word, _TextValue, _TextWord, norm_char,
)
from etl.model import make_table


def test_a_character_left_untranslated_maps_to_itself():
    # _may_change is built from what norm_char does; every character it lets through must
    # come out of norm_char unchanged (those outside the common ranges are never let through)
    pattern = _may_change()
    chars = ["\n", CELL] + [chr(cp) for lo, hi in _COMMON_RANGES for cp in range(lo, hi + 1)]
    for c in chars:
        if not pattern.match(c):
            assert norm_char(c) == c, repr(c)
    for c in "，（）【】[]\u3000\t\xa0①㈠開資":  # ones that change are all caught
        assert norm_char(c) != c and pattern.match(c), repr(c)
    assert pattern.match("\U0001d400")  # outside the common ranges: always translated


def test_expanded_positions_point_back_to_the_source_character():
    # ㈠ → (一) is three characters from one; ① → 1 and 項 → 项 are one for one
    assert _expanded_positions("①項㈠ 5\n") == [0, 1, 2, 2, 2, 3, 4, 5]
    assert _expanded_positions("㈠㈠") == [0, 0, 0, 1, 1, 1]


def test_read_grid_cell():
    assert _read_grid_cell(" 12 ") == ("12", "12", 4, CellValue(12.0, "number", "12"), False, False)
    assert _read_grid_cell("１２") == ("12", "１２", 2, CellValue(12.0, "number", "12"), False, False)
    assert _read_grid_cell("") == ("", "", 0, CellValue(None, "blank", ""), False, False)
    # two numbers a PDF grid merged into one cell: digits, not a value
    assert _read_grid_cell("1 0") == ("1 0", "1 0", 3, None, True, False)
    # a numbered label piece: label text, not dirty
    assert _read_grid_cell("1.属于国家秘密") == ("1.属于国家秘密", "1.属于国家秘密", 8, None, False, True)
    assert _read_grid_cell("（一）予以公开") == ("(一)予以公开", "（一）予以公开", 7, None, False, True)


def test_read_text_word():
    number = CellValue(230.0, "number", "230")
    assert _read_text_word("230") == _TextWord(False, (_TextValue(0, 3, "230", number),))
    assert _read_text_word("/") == _TextWord(False, (_TextValue(0, 1, "/", CellValue(None, "not_applicable", "/")),))
    # a number glued to label text is a value; a numbering mark is part of the label
    assert _read_text_word("申请数量230") == _TextWord(True, (_TextValue(4, 7, "230", number),))
    assert _read_text_word("2.其他") == _TextWord(True, ())
    # `3.5,` cannot be read with certainty: the word is dirty
    assert _read_text_word("3.5,") == _TextWord(False, (_TextValue(0, 3, "3.5", None),))


def test_grid_lines_leave_out_span_copies_and_squash_spaces():
    # row 0: a label spanning two rows and a cell with spaces; row 1: the span copy is left out
    table = make_table([[("三、办理结果", 2, 1), ("（一） 予以\n公开", 1, 1), ("5", 1, 1)],
                        [("（二）部分公开", 1, 1), ("", 1, 1)]])
    assert _grid_lines_and_rows(table)[0] == [f"{CELL}三、办理结果{CELL}（一） 予以 公开{CELL}5\n",
                                  f"{CELL}（二）部分公开{CELL}\n"]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=list("0123456789 .,、/—OlI申请数量（四）\u3000") + [CELL, "\t"], max_size=30))
def test_a_text_segment_reads_as_its_words_one_by_one(segment):
    labels, values = [], []
    for m in _TEXT_WORD.finditer(segment):
        word = _read_text_word(m.group())
        if word.label:
            labels.append(m.start())
        for v in word.values:
            values.append((m.start() + v.start, m.start() + v.end, v.text, v.cell, m.start(), m.end()))
    assert read_text_segment(segment) == (tuple(labels), tuple(values))
