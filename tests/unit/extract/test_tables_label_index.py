"""The label index gives what the stream's own label searches give, for any window inside it."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from etl.extract.tables.label_index import LabelIndex
from etl.extract.tables.stream import CELL, Span, Stream

# labels as the templates print them, and some that overlap themselves or each other (a match
# starting inside another match of the same label is where finditer and "every start" differ)
ANCHORS = ["1.属于国家秘密", "属于国家秘密", "(一)予以公开", "3.其他", "其他", "一一", "1.1", "公开公开", "开公"]
ALPHABET = list("1.属于国家秘密(一)予以公开3其他、,") + [" ", "\n", CELL, "“", "”", "0", "2"]


def _stream(text: str) -> Stream:
    return Stream(text, text, range(len(text)), [None] * len(text))


def _row_on_line_plain(stream: Stream, rows: list[tuple[str, ...]], start: int, end: int):
    """detached_rows._row_on_line as it was: every row's find_all, the match that ends last."""
    best = None
    for i, anchors in enumerate(rows):
        for hit in stream.find_all(anchors, start, end):
            if best is None or hit.end > best[1].end:
                best = (i, hit)
    return best


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(ALPHABET + ANCHORS), max_size=40), st.data())
def test_the_index_agrees_with_the_stream_in_every_window(pieces, data):
    text = "".join(pieces)
    stream = _stream(text)
    lo = data.draw(st.integers(0, len(text)))
    hi = data.draw(st.integers(lo, len(text)))
    index = LabelIndex(text, lo, hi)
    rows = data.draw(st.lists(st.lists(st.sampled_from(ANCHORS), min_size=1, max_size=3).map(tuple),
                              min_size=1, max_size=5))
    for _ in range(5):
        start = data.draw(st.integers(lo, hi))
        end = data.draw(st.integers(start, hi))
        for anchors in rows:
            assert index.find(anchors, start, end) == stream.find(anchors, start, end)
            assert index.find_all(anchors, start, end) == stream.find_all(anchors, start, end)
        assert index.last_row_in(rows, start, end) == _row_on_line_plain(stream, rows, start, end)


def test_overlapping_matches_of_one_label():
    text = "一一一 公开公开公开"
    index = LabelIndex(text, 0, len(text))
    # finditer takes 一一 at 0, then goes on from 2: the match at 1 is not its
    assert index.find_all(["一一"], 0, len(text)) == [Span(0, 2)]
    assert index.find_all(["一一"], 1, len(text)) == [Span(1, 3)]
    assert index.find(["开公"], 0, len(text)) == Span(5, 7)
    # a match cut by the window's end is no match
    assert index.find(["公开公开"], 4, 7) is None and index.find(["公开公开"], 4, 8) == Span(4, 8)
