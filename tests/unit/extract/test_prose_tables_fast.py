"""categories_from_tables compacts only the two head cells it reads: checked against the
definition that compacts the whole head row first."""
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from etl.extract import prose
from etl.model import Document, make_table

_CELL = st.sampled_from(["信息类型", "信息 类型", "数量", "数 量", "", "规章", "5", "其他", " ", "合计"])


def _plain_head_matches(t) -> bool:
    head = [re.sub(r"\s+", "", c) for c in t.rows[0]] if t.rows else []
    return len(head) >= 2 and "信息类型" in head[0] and "数量" in head[1]


@settings(deadline=None, max_examples=300)
@given(st.lists(st.lists(_CELL, min_size=1, max_size=4), min_size=1, max_size=4))
def test_category_table_head_as_the_whole_row_compacted(rows):
    width = max(map(len, rows))
    table = make_table([[(c, 1, 1) for c in row + [""] * (width - len(row))] for row in rows])
    found = prose.categories_from_tables(Document([table], "html"))
    assert bool(found) <= _plain_head_matches(table)
    if _plain_head_matches(table) and any(prose.parse_number(r[1]) is not None and prose.squash_spaces(r[0])
                                          for r in table.rows[1:]):
        assert found
