"""The plain-row fast path of `assign` (Region.plain, set by Stream.region) gives what the
general path gives: on random text lines and grid rows (plain numbers, leading zeros, letters
that look like digits, full-width digits, glued labels, money, marks, blanks), for every
stretch of the stream, the region read with the flag and the same region without it assign
alike, with and without a row identity, for counts and money."""
from __future__ import annotations

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from etl.extract.tables.assign import Assigned, assign
from etl.extract.tables.figures import row_figures
from etl.extract.tables.stream import _digits_reading, _words_reading, build_stream, is_plain_number
from etl.extract.tables.t3 import row_sum_holds
from etl.model import Document, TextBlock, make_table

_WORDS = ["0", "1", "7", "21", "100", "023", "00", "2O", "O", "l", "１２", "数量230", "5元", "2.5", "/", "—",
          "12345678901234", "1,200", "(一)予以公开", "1.其他", "申请", "㈠"]
_WORD = st.one_of(st.sampled_from(["0", "1", "21", "100"]), st.sampled_from(_WORDS))  # (plain ones often)
_LINE = st.lists(_WORD, min_size=0, max_size=9).map(" ".join)
_TEXT = st.lists(_LINE, min_size=1, max_size=4).map("\n".join).map(TextBlock)
_CELL = st.one_of(st.sampled_from(["", " "]), _WORD).map(lambda w: (w, 1, 1))
_TABLE = st.lists(st.lists(_CELL, min_size=1, max_size=9), min_size=1, max_size=3).map(make_table)
_BLOCKS = st.lists(st.one_of(_TEXT, _TABLE), min_size=1, max_size=3)


@settings(max_examples=400, deadline=None)
@given(_BLOCKS, st.data())
def test_plain_rows_assign_as_the_general_path(blocks, data):
    stream = build_stream(Document(blocks, "html"))
    n_text = len(stream.text)
    start = data.draw(st.integers(0, max(n_text - 1, 0)))
    end = data.draw(st.integers(start, n_text))
    reg = stream.region(start, end)
    general = replace(reg, plain=False)
    if reg.plain:
        assert all(is_plain_number(t.norm) or (not t.from_text and t.cell.kind == "blank") for t in reg.values)
        assert reg.blank_cells == sum(not t.norm for t in reg.values)
    # as many columns as the region has numbers (the fast path's case), as it has values, or any
    numbers = len(reg.values) - reg.blank_cells
    n = data.draw(st.sampled_from([max(numbers, 1), max(len(reg.values), 1), data.draw(st.integers(1, 8))]))
    for units in (["count"] * n, ["yuan"] * n):
        for identity in (None, row_sum_holds):
            got = assign(reg, units, identity=identity, page=5)
            assert got == assign(general, units, identity=identity, page=5)
            if got.plain_tokens is not None:  # figures straight from the tokens, as from the cells
                made = Assigned(got.cells, got.source_kind, got.problem, got.note, got.candidates)
                args = (["t3.granted"] * n, [f"d{k}" for k in range(n)], "evidence", 7)
                assert row_figures(got, *args) == row_figures(made, *args)
                assert got.first_printed() == made.first_printed()


def test_a_plain_row_is_flagged():
    stream = build_stream(Document([TextBlock("一、本年新收 21 0 0 0 0 0 21\n二、 0 0 023 0")], "txt"))
    assert stream.region(6, stream.text.index("\n")).plain
    assert not stream.region(stream.text.index("\n") + 1, len(stream.text)).plain  # `023`: run together


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet="0123456789 ", max_size=40) | st.lists(st.sampled_from(["0", "7", "00", "012", "2400",
                                                                                 "12345678901234", ""]))
       .map(" ".join))
def test_a_segment_of_digits_reads_as_word_by_word(segment):
    assert _digits_reading(segment) == _words_reading(segment)
