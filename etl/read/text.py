"""Plain text and Markdown. Markdown pipe tables become Table grids; other lines are TextBlocks."""
from __future__ import annotations

import re

from etl.model import Document, TextBlock, make_table
from etl.read.encoding import decode_text

_PIPE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_PIPE_RULE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")


def _lines(data: bytes) -> list[str]:
    text = decode_text(data).replace("\r\n", "\n").replace("\r", "\n")
    return text.split("\n")


def read_txt(data: bytes) -> Document:
    blocks = [TextBlock(line) for line in _lines(data) if line.strip()]
    return Document(blocks, "txt")


def _split_pipe_row(line: str) -> list[str]:
    inner = line.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") else inner
    return [c.strip() for c in inner.split("|")]


def read_markdown(data: bytes) -> Document:
    """Markdown: runs of `| a | b |` lines become one table (the `---` rule row dropped)."""
    blocks: list = []
    run: list[list[str]] = []

    def flush() -> None:
        if run:
            blocks.append(make_table([[(c, 1, 1) for c in row] for row in run]))
            run.clear()

    for line in _lines(data):
        if _PIPE_ROW.match(line):
            if not _PIPE_RULE.match(line):
                run.append(_split_pipe_row(line))
            continue
        flush()
        if line.strip():
            blocks.append(TextBlock(line))
    flush()
    return Document(blocks, "md")
