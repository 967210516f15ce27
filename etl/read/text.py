"""Plain text and Markdown. Markdown pipe tables become Table grids; other lines are TextBlocks.

A run of consecutive pipe lines is one table, its delimiter rows (`|---|`) dropped. Third-party
PDF-to-Markdown converters write "half tables" (013): a delimiter after almost every row and
rows of different widths. Such a run stays one table with its rows as written, padded on
the right with empty cells, and with nothing moved: the table extractor sees the rows exactly
as printed and decides (rows wider or narrower than the table's columns are its problem to
report, never to guess).
"""
from __future__ import annotations

import re

from etl.model import Block, Document, TextBlock, table_from_columns
from etl.read.cells import join_wrapped, join_wrapped_each
from etl.read.encoding import decode_text_with_warnings

_PIPE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_PIPE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")
_CELL_BREAK = re.compile(r"<br\s*/?>", re.I)
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
# Word's conditional-comment markers left in text by copy-paste from Word-made web pages
_WORD_RESIDUE = re.compile(r"<!--\[(?:if [^\]]*|endif)\]-->|<!\[(?:if [^\]]*|endif)\]>")


def _lines(data: bytes) -> tuple[list[str], list[str]]:
    text, warnings = decode_text_with_warnings(data)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "[if" in text or "[endif" in text:
        text = _WORD_RESIDUE.sub("", text)
    return text.split("\n"), warnings


def read_txt(data: bytes) -> Document:
    lines, warnings = _lines(data)
    blocks: list[Block] = [TextBlock(line.strip()) for line in lines if line.strip()]
    return Document(blocks, "txt", warnings=warnings)


def _split_pipe_row(line: str) -> list[str]:
    inner = line.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") and not inner.endswith("\\|") else inner
    if "\\" not in inner and "<" not in inner and "*" not in inner:
        # (most rows) no escaped pipe, <br> or bold to undo: the cells' texts as they are, each
        # row's cells tested at once (tests/unit/read/test_text_pipe_rows.py)
        return join_wrapped_each(inner.split("|"))
    cells = _UNESCAPED_PIPE.split(inner)
    return [join_wrapped(_CELL_BREAK.sub("\n", c).replace("\\|", "|").replace("**", "")) for c in cells]


def read_markdown(data: bytes) -> Document:
    blocks: list[Block] = []
    run: list[list[str]] = []

    def flush() -> None:
        if run:
            # (a pipe table has no spans: each row's columns given as they are)
            blocks.append(table_from_columns([(row, (1,) * len(row), (1,) * len(row)) for row in run]))
            run.clear()

    lines, warnings = _lines(data)
    for line in lines:
        if _PIPE_ROW.match(line):
            if not _PIPE_RULE.match(line):
                run.append(_split_pipe_row(line))
            continue
        flush()
        text = _HEADING.sub("", line).strip()
        if text:
            blocks.append(TextBlock(text))
    flush()
    return Document(blocks, "md", warnings=warnings)
