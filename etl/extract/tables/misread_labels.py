"""How much a label OCR printed looks like a template row's label: the share of the row label's
characters (Chinese characters and the digits of its numbering) found in the printed text in
the same order. Rows whose label no anchor finds (`(一)予拟公开`, `行政许间`) are placed by
their position only when the printed label looks like the one row missing there
(etl.extract.tables.detached_rows for 表三, etl.extract.tables.t2 for 表二). Pure functions."""
from __future__ import annotations

import re

# a printed label is taken for a template row's, misread, when it holds at least this share of
# the row label's characters in order (`(一)予拟公开` for （一）予以公开: 4 of 5; `(七)总t星g` for
# （七）总计: 2 of 3; `行政许间` for 行政许可: 3 of 4; `规康` for 规章, 1 of 2, is not)
LIKENESS = 0.6
# a 表二 label printed where the template prints its row, the one row missing between its found
# neighbours, is taken with this share (`规康` for 规章 between 表二's first block header and
# 行政规范性文件; etl.extract.tables.t2)
LIKENESS_IN_PLACE = 0.5
# the words of the evidence of every row so placed (etl.validate.identities names its check by them)
MARK = "found nowhere"


def has_han(text: str) -> bool:
    """Does the text hold a Chinese character (what tells a label from a number)?"""
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def _characters(text: str) -> list[str]:
    return [ch for ch in text if "\u4e00" <= ch <= "\u9fff" or ch.isdigit()]


def label_part(printed: str) -> str:
    """A printed row up to its number cells: the cells (` | `) with a Chinese character or no
    digit, each up to the first number after a space (a text row: `(一)予拟公开 10 1 0`). Cell by
    cell: a sub-row's numbering in a cell of its own (`(四）无法提供 | 1.本机关…`) is no number."""
    parts = printed.split(" | ")
    label = [p for p in parts if not any(ch.isdigit() for ch in p) or has_han(p)]
    if not label:
        return _NUMBERS_AFTER.split(printed, maxsplit=1)[0]
    out = []
    for part in label:
        if not part.strip() or "\u2370" in part:
            break  # a blank or unreadable cell: the number cells have begun
        head, *numbers = _NUMBERS_AFTER.split(part, maxsplit=1)
        out.append(head)
        if numbers:
            break
    return " | ".join(out)


_NUMBERS_AFTER = re.compile(r"\s+(?=[\d\u2370])")


def likeness(label: str, printed: str) -> float:
    """The longest common subsequence of the label's characters and the printed label's, ÷ the
    label's. A sub-row's label is taken whole and by its own part (after its parent's, which a
    table prints in a merged cell of its own): `8.属于行政查海事项` holds 8 of the 9 characters of
    8.属于行政查询事项 but only 8 of the 14 of （三）不予公开 8.属于行政查询事项."""
    own = label.rsplit(" ", 1)[-1]
    return max(_share(label, printed), _share(own, printed)) if own != label else _share(label, printed)


def _share(label: str, printed: str) -> float:
    a, b = _characters(label), _characters(printed)
    if not a:
        return 0.0
    prev = [0] * (len(b) + 1)
    for x in a:
        cur = [0]
        for j, y in enumerate(b):
            cur.append(prev[j] + 1 if x == y else max(prev[j + 1], cur[j]))
        prev = cur
    return prev[-1] / len(a)
