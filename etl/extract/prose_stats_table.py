"""The pre-2019 local statistics form (附件 政府信息公开情况统计表), as crawled pages flatten it:
`指标名称 计量单位 2012年度 历年累计 主动公开信息数 条 739 4359 …` (space-separated) or with the
cells run together: `主动公开信息数条20263542其中：1.网站公开条…`.

Each row gives this year's value and the cumulative value. Space-separated rows are read as they
are. Run-together digits are read only when exactly one split is possible (two numbers without
leading zeros, the cumulative one not below the yearly one: `00` → 0|0, `07` → 0|7, `22` → 2|2);
otherwise (`20263542`, `2121`) the row is skipped — wrong numbers are worse than missing ones.
The item number of the next row glued to the digits (`…数条18182.传真…`) is dropped first.

Variants (issue 20): a letter-spaced header (指 标 名 称 单 位), a single value column
(年末统计 / 统计数 / 本年度: this year's value only), and other row labels (受理政府信息公开申请总数,
否决公开答复总数: etl.extract.prose_phrases.STATS_TABLE_LABELS).

Figures are text.* metrics (the same facts the narrative states) with source_kind 'table';
etl.extract.prose keeps the narrative's figure when both state one, and the disagreement is a check.
"""
from __future__ import annotations

import re

from etl.extract.prose_phrases import STATS_TABLE_LABELS
from etl.model import Figure

def _spaced(word: str) -> str:
    """A header word as crawlers print it, letter-spaced or not (指 标 名 称)."""
    return r"\s*".join(word)


_NAME_UNIT = _spaced("指标名称") + r"\s*(?:" + _spaced("计量") + r"\s*)?" + _spaced("单位") + r"\s*"
_ONE_COLUMN = "|".join(_spaced(w) for w in ("年末统计", "统计数", "本年度", "本年"))
# the form's layouts, as data: (header, columns). Two columns: this year, cumulative; one column:
# this year only (年末统计 / 统计数 / 本年度 with no 历年累计 beside it).
_LAYOUTS: tuple[tuple[re.Pattern, int], ...] = (
    (re.compile(_NAME_UNIT + r"((?:19|20)\d{2})\s*年\s*度?\s*" + _spaced("历年累计")), 2),
    (re.compile(_NAME_UNIT + r"(?:((?:19|20)\d{2})\s*年\s*度?\s*(?:" + _ONE_COLUMN + r")?|(?:" + _ONE_COLUMN
                + r"))(?!\s*[度历累])"), 1),
)
_ROW = re.compile(r"(?P<label>[^\d\s]+?)\s*(?P<unit>条|件|元|个)\s*(?P<digits>\d[\d ]*)(?P<next>[.．、])?")


def split_run_together(digits: str) -> tuple[int, int] | None:
    """The one split of run-together digits into (this year, cumulative), or None when there is
    not exactly one."""
    found = []
    for i in range(1, len(digits)):
        a, b = digits[:i], digits[i:]
        if (len(a) > 1 and a[0] == "0") or (len(b) > 1 and b[0] == "0"):
            continue
        if int(b) >= int(a):
            found.append((int(a), int(b)))
    return found[0] if len(found) == 1 else None


def _single_value(digits: str, glued_item_number: bool) -> int | None:
    """One column: the row's number; a glued item number (`182.` = 18, then row 2.) is dropped
    only when it is a single digit from 2 to 9 (a later sub-row's number)."""
    parts = digits.split()
    if len(parts) == 2 and glued_item_number:
        return int(parts[0])
    if len(parts) != 1:
        return None
    run = parts[0]
    if glued_item_number:
        if len(run) < 2 or run[-1] not in "23456789":
            return None
        run = run[:-1]
    return None if len(run) > 1 and run[0] == "0" else int(run)


def _values(digits: str, glued_item_number: bool) -> tuple[int, int] | None:
    parts = digits.split()
    if len(parts) == 2:
        a, b = (int(p) for p in parts)
        return (a, b) if b >= a else None
    if len(parts) == 3 and glued_item_number:  # `0 0 2.` : the 2 numbers the next row
        a, b = int(parts[0]), int(parts[1])
        return (a, b) if b >= a else None
    if len(parts) != 1:
        return None
    run = parts[0][:-1] if glued_item_number else parts[0]
    return split_run_together(run) if len(run) >= 2 else None


def stats_table_figures(text: str, year: int | None) -> tuple[list[Figure], list[str]]:
    """Figures from the statistics form in `text` (the report's running text) and the rows
    skipped with their reason. Only a form whose first value column is the report year."""
    m, columns = next(((m, cols) for rx, cols in _LAYOUTS if (m := rx.search(text))), (None, 0))
    if not m or year is None or (m.group(1) or (columns == 1 and str(year))) != str(year):
        return [], []  # no form, or the form of another year
    figures: list[Figure] = []
    skipped: list[str] = []
    seen: set[str] = set()
    for row in _ROW.finditer(text, m.end()):
        label = re.sub(r"^[其中：:、,，.．\s]+|\s+", "", row.group("label"))
        label = re.sub(r"^(?:其中[:：])?\d*[.、．]?", "", label)
        metric = STATS_TABLE_LABELS.get(label)
        if metric is None or metric in seen:
            continue
        seen.add(metric)
        digits = row.group("digits").strip()
        if columns == 1:
            value = _single_value(digits, bool(row.group("next")))
        else:
            values = _values(digits, bool(row.group("next")))
            value = None if values is None else values[0]
        evidence = f"{label} {row.group('unit')} {digits}"
        if value is None:
            skipped.append(f"statistics table row {label}: digits {digits!r} cannot be split with certainty")
            continue
        figures.append(Figure(metric, float(value), "number", "table", evidence, digits))
    return figures, skipped
