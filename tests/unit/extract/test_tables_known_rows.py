"""KnownRows (extract_t3's row readings taken again by the detached-rows placement) gives only
what reading the line's stretch itself would: on random text lines and grid rows, for any row
region extract_t3 might have read and any stretch of a line the placement might ask for, a
reading it returns is the one `assign` makes of that stretch."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from etl.extract.tables.assign import assign
from etl.extract.tables.known_rows import KnownRows
from etl.extract.tables.stream import build_stream
from etl.extract.tables.t3 import row_sum_holds
from etl.model import Document, TextBlock, make_table

_WORDS = ["0", "3", "21", "023", "2O", "l", "/", "数量", "数量7", "公开", "1.其他", "(一)予以公开", "5元", "1.5"]
_WORD = st.one_of(st.sampled_from(["0", "1", "12", "申请数量", "事务信息"]), st.sampled_from(_WORDS))
_LINE = st.lists(_WORD, min_size=1, max_size=9).map(lambda ws: "".join(w + (" " if i % 3 else "") for i, w in enumerate(ws)))
_TEXT = st.lists(_LINE, min_size=1, max_size=3).map("\n".join).map(TextBlock)
_CELL = st.one_of(st.just(""), _WORD).map(lambda w: (w, 1, 1))
_TABLE = st.lists(st.lists(_CELL, min_size=1, max_size=8), min_size=1, max_size=3).map(make_table)
UNITS = ["count"] * 7


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.one_of(_TEXT, _TABLE), min_size=1, max_size=2), st.data())
def test_a_known_reading_is_the_stretch_s_own(blocks, data):
    stream = build_stream(Document(blocks, "html"))
    text = stream.text
    n = len(text)
    if not n:
        return
    start = data.draw(st.integers(0, n - 1))
    first_line_end = text.find("\n", start)
    first_line_end = n if first_line_end < 0 else first_line_end
    # a row's region: to its label's line end, to a little after (the next label's line), or on
    end = data.draw(st.one_of(st.just(max(first_line_end, start + 1)), st.integers(start + 1, n)))
    reg = stream.region(start, end)
    if not reg.values and not reg.dirty:
        return
    known = KnownRows()
    known.add(stream, start, end, reg, assign(reg, UNITS, identity=row_sum_holds, page=None))
    # a stretch of a line, as the placement asks: from a label's end to the line's end (mostly
    # on the region's first line, where a reading can be taken)
    at = data.draw(st.one_of(st.integers(start, min(start + 12, n - 1)), st.integers(0, n - 1)))
    line_start = text.rfind("\n", 0, at) + 1
    line_end = text.find("\n", at)
    line_end = n if line_end < 0 else line_end
    if at >= line_end:
        return
    grid = text.startswith("\x1f", line_start)
    got = known.get(stream, at, line_end, grid)
    if got is not None:
        assert got == assign(stream.region(at, line_end), UNITS, identity=row_sum_holds, page=None)
    numbers = known.get_numbers(stream, at, line_end, grid)
    if numbers is not None:
        # the placement takes the line as a row without reading it: the line's own reading has
        # a value (so it is no label text) and a value that is not a blank cell
        assert numbers is got
        line = stream.region(line_start, line_end)
        assert line.values and (grid or any(t.norm for t in line.values))
        assert not grid or not all(t.cell.kind == "blank" for t in line.values)


def _taken_later(doc: Document, label: str, short: str) -> tuple:
    """A row read from the end of `short` (extract_t3's first label match), asked for from the
    end of `label` (the placement's match that ends last) on the same line."""
    stream = build_stream(doc)
    line = stream.text.index(label)
    row_start, start = line + len(short), line + len(label)
    line_end = stream.text.index("\n", line)
    end = stream.text.index("二、")  # the next label's start
    reg = stream.region(row_start, end)
    known = KnownRows()
    known.add(stream, row_start, end, reg, assign(reg, UNITS, identity=row_sum_holds))
    grid = stream.text.startswith("\x1f", stream.text.rfind("\n", 0, line) + 1)
    return known.get(stream, start, line_end, grid), assign(stream.region(start, line_end), UNITS, identity=row_sum_holds)


def test_a_row_read_from_a_shorter_label_match_is_taken():
    label, short = "一、本年新收政府信息公开申请数量", "一、本年新收"
    got, own = _taken_later(Document([TextBlock(f"{label} 6 1 0 0 2 0 9\n二、上年结转 0 0 0 0 0 0 0")], "txt"),
                            label, short)
    assert got is not None and got == own and [c.value for c in got.cells] == [6, 1, 0, 0, 2, 0, 9]
    table = make_table([[(label, 1, 1)] + [(v, 1, 1) for v in "6100209"], [("二、上年结转", 1, 1)] + [("0", 1, 1)] * 7])
    got, own = _taken_later(Document([table], "md"), label, short)
    assert got is not None and got == own


def test_a_row_whose_numbers_follow_the_cut_word_is_not_taken():
    # `数量7`: the piece of a word after the longer match holds a number the row's reading does not
    label, short = "一、本年新收政府信息公开申请数量", "一、本年新收"
    got, _ = _taken_later(Document([TextBlock(f"{label}7 6 1 0 0 2 0 9\n二、上年结转 0 0 0 0 0 0 0")], "txt"),
                          label, short)
    assert got is None
