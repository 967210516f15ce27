"""The Markdown reader's whole-row split of a pipe row (etl.read.text._split_pipe_row) against
the plain per-cell definition it shortcuts: split on unescaped pipes, then each cell's <br>,
escaped pipes and bold undone and its text squashed and joined (etl.read.cells.join_wrapped)."""
from __future__ import annotations

import re

from hypothesis import given, settings, strategies as st

from etl.read.cells import join_wrapped
from etl.read.text import _split_pipe_row, read_markdown


def _per_cell(line: str) -> list[str]:
    inner = line.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") and not inner.endswith("\\|") else inner
    cells = re.split(r"(?<!\\)\|", inner)
    return [join_wrapped(re.sub(r"<br\s*/?>", "\n", c, flags=re.I).replace("\\|", "|").replace("**", ""))
            for c in cells]


_PIECES = st.sampled_from(["|", " | ", "\\|", "\\", "<br>", "<BR/>", "<", "**", "*", " ", "  ", "\u3000", "\t",
                           "\u00a0", "\u200b", "0", "12", "1,234", "自然人", "商业\n企业", "总计", "a b"])


@settings(max_examples=2000, deadline=None)
@given(st.lists(_PIECES, max_size=14))
def test_split_is_the_per_cell_definition(pieces):
    line = "|" + "".join(pieces).replace("\n", "") + "|"
    assert _split_pipe_row(line) == _per_cell(line)


def test_plain_rows_take_the_whole_row_split():
    # the common row, and rows each holding one thing only the per-cell path undoes
    assert _split_pipe_row("| （一）予以公开 | 12 | 0 |  |") == ["（一）予以公开", "12", "0", ""]
    assert _split_pipe_row("| a \\| b | 2 |") == ["a | b", "2"]
    assert _split_pipe_row("| 商业<br>企业 | **3** |") == ["商业企业", "3"]
    assert _split_pipe_row("| 本年  新收 | 1\u3000 |") == ["本年 新收", "1"]


def test_a_pipe_table_keeps_its_rows_as_written():
    doc = read_markdown("标题\n| 申请人 | 自然人 |\n|---|---|\n| 新收 | 5 |\n| 结转 |\n".encode())
    (table,) = doc.tables
    assert [list(r) for r in table.rows] == [["申请人", "自然人"], ["新收", "5"], ["结转", ""]]
