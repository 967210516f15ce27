"""Stream.locate_each (lines of a table looked up, the CELLs before a value counted) gives what
the plain definition gives: every cell's start in the stream, the last one at or before."""
from __future__ import annotations

from bisect import bisect_right

from hypothesis import given, settings
from hypothesis import strategies as st

from etl.extract.tables.stream import _PAGE_NUMBER, _SPACE, CELL, Location, _squashed_cell, build_stream
from etl.model import Document, Table, TextBlock, make_table


def _pieces_plain(block: TextBlock | Table) -> tuple[list[int], list[tuple]]:
    """Where each piece of a block starts in its stream lines: a table's own cells (row, col),
    a text block's lines (offset in its text,)."""
    starts, pieces, at = [], [], 0
    if isinstance(block, Table):
        for r, (row, origin) in enumerate(zip(block.rows, block.origin)):
            cols = [c for c, o in enumerate(origin) if o == (r, c)]
            if not cols:
                continue
            cells = [row[c] for c in cols]
            if _SPACE.search("".join(cells)):
                cells = [_squashed_cell(cell) for cell in cells]
            at += 1  # the CELL before the first cell
            for c, cell in zip(cols, cells):
                starts.append(at)
                pieces.append((r, c))
                at += len(cell) + 1  # the cell and the CELL (or line break) after it
        return starts, pieces
    offset = 0
    for line in block.text.split("\n"):
        if line.strip() and not _PAGE_NUMBER.match(line):
            starts.append(at)
            pieces.append((offset,))
            at += len(line) + 1
        offset += len(line) + 1
    return starts, pieces


def _locate_plain(stream, pos: int, length: int) -> Location | None:
    if not 0 <= pos < len(stream.to_orig) or not stream.block_starts:
        return None
    o = stream.to_orig[pos]
    k = bisect_right(stream.block_starts, o) - 1
    if k < 0:
        return None
    index, block = stream.blocks[k]
    starts, pieces = _pieces_plain(block)
    local = o - stream.block_starts[k]
    i = bisect_right(starts, local) - 1
    if i < 0:
        return None
    if isinstance(block, Table):
        return Location(index, block, *pieces[i])
    start = pieces[i][0] + local - starts[i]
    return Location(index, block, None, None, (start, min(start + length, len(block.text))))


_TEXT = st.text(alphabet=list("一二3 \n-页") + [CELL, "\u3000", "㈠"], max_size=12)
_CELL = st.tuples(st.text(alphabet=list("一2 \n") + [CELL, "㈠"], max_size=4), st.integers(1, 3), st.integers(1, 3))
_TABLE = st.lists(st.lists(_CELL, min_size=0, max_size=4), min_size=1, max_size=5).map(make_table)
_BLOCKS = st.lists(st.one_of(_TEXT.map(TextBlock), _TABLE), max_size=6)


@settings(max_examples=300, deadline=None)
@given(_BLOCKS, st.lists(st.integers(1, 4), min_size=1, max_size=3))
def test_locate_each_agrees_with_the_plain_definition(blocks, lengths):
    stream = build_stream(Document(blocks, "html"))
    ats = [(pos, lengths[pos % len(lengths)]) for pos in range(-1, len(stream.text) + 2)]
    assert list(stream.locate_each(ats)) == [_locate_plain(stream, *at) for at in ats]
    # the same in another order (the block of the previous one is tried first)
    assert list(stream.locate_each(ats[::-1] + [None])) == [_locate_plain(stream, *at) for at in ats[::-1]] + [None]
