"""Statements in the text that the phrases could not read with certainty (issue 20).

When no phrase gives a figure but a clause plainly speaks of it with a number
(全年各渠道收到的申请中，涉及政府信息公开的17件), the figure is not guessed: it is stored as
NULL (value_kind `unassignable`) with the clause and its numbers as evidence, so that
etl.validate.prose_vs_table can still say in words that the text states something the table
may not (prose.* checks), instead of the table value standing unchallenged.

Pure functions over etl.extract.prose sentences; no I/O.
"""
from __future__ import annotations

import re

from etl.model import Figure

_CLAUSE = re.compile(r"[^，。；,;！!？?]+")
_YEAR = re.compile(r"((?:19|20)\d{2})年")
_COUNT = re.compile(r"(\d+)(?:件|条|起|宗)")

# metric → (words the clause must hold: every group one of its words), words that make it
# another fact. Only facts that prose_vs_table compares with a table cell.
# a part of the region or the organ (各乡镇报送的…) is not the figure the table states
_PARTS = ("各乡镇", "各单位", "各部门", "县直", "区直", "市直", "各县", "各区", "其中")
_MENTIONS: dict[str, tuple[tuple[tuple[str, ...], ...], tuple[str, ...]]] = {
    "text.requests.received": ((("申请",), ("收到", "受理", "接到", "接收", "办理"), ("信息公开", "依申请", "公开政府信息")),
                               ("复议", "诉讼", "结转", "上年", "去年", "答复", "办结", "投诉", "举报", "累计", "同比")),
    "text.review.total": ((("行政复议",), ("信息公开",)),
                          ("诉讼", "上年", "去年", "纠错", "累计", "同比")),
    "text.litigation.total": ((("行政诉讼",), ("信息公开",)),
                              ("复议", "上年", "去年", "败诉", "累计", "同比")),
}


def _holds_every_group(text: str, groups: tuple[tuple[str, ...], ...]) -> bool:
    """`all(any(w in text for w in g) for g in groups)`, in plain loops: it is asked of every
    sentence for each metric, and the two generators cost more than the tests."""
    for group in groups:
        for word in group:
            if word in text:
                break
        else:
            return False
    return True


def unread_mentions(sentences, stated: set[str], year: int | None) -> list[Figure]:
    """An unassignable figure per metric not in `stated` that a clause mentions with a count.
    `sentences` are etl.extract.prose.Sentence (compact text matched); a sentence naming
    another year than `year` speaks of that year, not of this report's."""
    out = []
    for metric, (groups, others) in _MENTIONS.items():
        if metric in stated:
            continue
        for s in sentences:
            # (the words of every group somewhere in the sentence first: most sentences have none)
            if not _holds_every_group(s.compact, groups):
                continue
            if any(int(y) != year for y in _YEAR.findall(s.compact)):
                continue
            hit = next((c.group(0) for c in _CLAUSE.finditer(s.compact)
                        if _COUNT.search(c.group(0)) and all(any(w in c.group(0) for w in g) for g in groups)
                        and not any(w in c.group(0) for w in others + _PARTS)), None)
            if hit:
                numbers = ", ".join(n for n in _COUNT.findall(hit))
                out.append(Figure(metric, None, "unassignable", "text",
                                  f"the text mentions this figure but no phrase reads it with certainty: "
                                  f"“{hit}” (numbers {numbers})", hit, page=s.page))
                break
    return out

