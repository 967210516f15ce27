"""A report printed in traditional characters (a portal's 繁體 version, a mirror site's copy, a
Guangdong township's page), read as simplified: every phrase, label and organ word of the
extractors is written in simplified characters, and such a report gave no figure, organ or
year at all (5 of 93 real crawled reports in round 19).

The conversion is character for character (zhconv's single-character table), so every block
keeps its length: the offsets that locate a figure (etl.extract.prose_where, the table
stream's own) point at the same characters of the printed text. It runs after the reader, for
every format (etl.read.read_document). A document is converted only
when it is plainly traditional: a simplified report may hold a stray traditional character (a
name, a quoted title), which is left as printed.
"""
from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from etl.model import Document, Table, TextBlock

# How much of the text the test looks at, and how many traditional-only characters there make
# a traditional document: a traditional preamble of 1,000 characters holds ~150 (條例, 資訊,
# 報告, 開…), a simplified one none or a few
_SAMPLE_CHARS = 3000
_TRADITIONAL_AT_LEAST = 20


@lru_cache(maxsize=1)
def _table() -> dict[int, str]:
    """zhconv's zh-cn conversion of each single character it converts to another single one
    (the characters etl.extract.normalize.to_simplified changes wherever they stand)."""
    from zhconv.zhconv import getdict

    return {ord(k): v for k, v in getdict("zh-cn").items() if len(k) == 1 and len(v) == 1 and k != v}


@lru_cache(maxsize=1)
def _traditional_char() -> re.Pattern:
    return re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_table()) if c <= 0xFFFF) + "]")


def is_traditional(text: str) -> bool:
    """Whether the text is printed in traditional characters (judged on its opening)."""
    return len(_traditional_char().findall(text, 0, _SAMPLE_CHARS)) >= _TRADITIONAL_AT_LEAST


# beijing.gov.cn's and big5.www.gov.cn's big5 gateways rewrite 信息 as 資訊 (资讯 once simplified):
# put back here and in table labels (etl.extract.normalize.to_simplified)
GATEWAY_REWRITES = (("資訊", "信息"), ("资讯", "信息"))


def simplified(text: str) -> str:
    """The text with each traditional-only character replaced by its simplified form (same length),
    and a big5 gateway's 資訊 for 信息 put back."""
    text = text.translate(_table())
    for rewritten, word in GATEWAY_REWRITES:
        text = text.replace(rewritten, word)
    return text


def simplified_document(doc: Document) -> Document:
    """The document read as simplified when it is printed in traditional characters, with a
    warning saying so (it ends in `reports.error`); else the document itself."""
    if not is_traditional(doc.text):
        return doc
    blocks = [replace(b, text=simplified(b.text)) if isinstance(b, TextBlock) else
              replace(b, rows=tuple(tuple(simplified(c) for c in row) for row in b.rows)) if isinstance(b, Table)
              else b for b in doc.blocks]
    return replace(doc, blocks=blocks, properties={k: simplified(v) for k, v in doc.properties.items()},
                   warnings=[*doc.warnings, "printed in traditional characters: read as simplified, character for "
                                            "character"], _text=None)
