"""The HTML reader's fast paths, checked against the plain definitions they replace:
table_from_columns on each table's rows (TableShape reuses a grid per shape), squash() of each
part between line markers (squash_parts), join_wrapped() of each cell, and the spans of cells
as the page writes them (the XSLT pass tests a row before its cells)."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from etl.model import TextBlock, table_from_columns
from etl.read.cells import join_wrapped, squash, squash_parts
from etl.read.html import _MARKERS, _blocks, _span
from etl.read.table_shape import TableShape

LINE, ROW, CELL = _MARKERS
SETTINGS = settings(max_examples=300, deadline=None)

# texts with what squash and join_wrapped act on: spaces of every kind, line breaks, CJK
_TEXT = st.text(alphabet="a1 \n\t\u3000\u00a0\ufeff商业企业，", max_size=8)
# span attributes as written, numbers or not
_SPAN = st.sampled_from(["", "", "", "1", "2", "3", " 2;", "0", "-1", "x", "1000000"])
_CELLS = st.lists(st.tuples(_TEXT, _SPAN, _SPAN), max_size=5)  # a row: (text, rowspan, colspan)
_TABLE = st.lists(_CELLS, max_size=6)


def _plain_blocks(marked: str) -> list:
    """_blocks as first written: each part between line markers on its own, a table's rows one
    by one into table_from_columns."""
    blocks = []
    for part in marked.split(LINE):
        if not part.startswith(ROW):
            if squash(part):
                blocks.append(TextBlock(squash(part)))
            continue
        rows = []
        for tr in part.split(ROW)[1:]:
            fields = tr.split(CELL)
            if len(fields) > 1:
                rows.append(([join_wrapped(t) for t in fields[3::3]], tuple(map(_span, fields[1::3])),
                             tuple(map(_span, fields[2::3]))))
        if rows:
            blocks.append(table_from_columns(rows))
    return blocks


def _marked_table(rows) -> str:
    """A table as _STYLESHEET writes it."""
    return LINE + "".join(ROW + "".join(f"{CELL}{rs}{CELL}{cs}{CELL}{text}" for text, rs, cs in row)
                          for row in rows) + LINE


@SETTINGS
@given(st.lists(st.one_of(_TEXT.map(lambda t: LINE + t + LINE), _TEXT, _TABLE.map(_marked_table)), max_size=8))
def test_blocks_as_the_parts_read_one_by_one(pieces):
    marked = "".join(pieces)
    assert _blocks(marked, _MARKERS) == _plain_blocks(marked)


@SETTINGS
@given(st.lists(st.lists(st.tuples(st.integers(1, 3), st.integers(1, 3)), min_size=1, max_size=4), max_size=5),
       st.data())
def test_a_table_shape_places_texts_as_table_from_columns_does(spans, data):
    texts = [[data.draw(_TEXT) for _ in row] for row in spans]
    rows = [(row_texts, tuple(rs for rs, _ in row), tuple(cs for _, cs in row))
            for row_texts, row in zip(texts, spans)]
    shape = TableShape([(rowspans, colspans) for _, rowspans, colspans in rows])
    assert shape.cells == sum(map(len, texts))
    assert shape.table([t for row in texts for t in row]) == table_from_columns(rows)


@SETTINGS
@given(st.lists(_TEXT, max_size=8))
def test_squash_parts_is_squash_of_each_part(parts):
    text = LINE.join(parts)
    assert squash_parts(text, LINE) == [squash(p) for p in text.split(LINE) if squash(p)]


# a cell as the page writes it: tag, text, rowspan and colspan attributes (None: absent)
_HTML_CELL = st.tuples(st.sampled_from(["td", "th"]), st.sampled_from(["1", "甲", "x2", ""]),
                       st.sampled_from([None, None, None, "1", "2", "3", "x"]),
                       st.sampled_from([None, None, None, "1", "2", "3", " 2;"]))


def _attr(name: str, value: str | None) -> str:
    return "" if value is None else f" {name}='{value}'"


@SETTINGS
@given(st.lists(st.lists(_HTML_CELL, max_size=5), min_size=1, max_size=6))
def test_a_tables_cells_and_spans_as_the_page_gives_them(rows):
    # rows with and without spanned cells side by side (the pass tests a row before its cells)
    html = "<table>" + "".join(
        "<tr>" + "".join(f"<{tag}{_attr('rowspan', rs)}{_attr('colspan', cs)}>{text}</{tag}>"
                         for tag, text, rs, cs in row) + "</tr>" for row in rows) + "</table>"
    from etl.read.html import read_html

    tables = read_html(f"<html><body>{html}</body></html>".encode()).tables
    expected = [([text for _, text, _, _ in row], tuple(_span(rs or "") for _, _, rs, _ in row),
                 tuple(_span(cs or "") for _, _, _, cs in row)) for row in rows if row]
    assert tables == ([table_from_columns(expected)] if expected else [])
