"""Which listed items are annual disclosure reports: the rule is data (`etl/metadata/fetch_titles.csv`)."""
from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

VOCABULARY = Path(__file__).resolve().parent.parent / "metadata" / "fetch_titles.csv"
RULES = ("wrapper", "skip", "keep", "column", "in_column")


@dataclass(frozen=True)
class TitleRule:
    rule: str
    pattern: re.Pattern
    why: str


@dataclass(frozen=True)
class Verdict:
    keep: bool
    reason: str


@lru_cache(maxsize=1)
def title_rules(path: Path = VOCABULARY) -> tuple[TitleRule, ...]:
    rules = []
    with open(path, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            if row["rule"] not in RULES:
                raise ValueError(f"{path.name}: unknown rule {row['rule']!r} (one of {', '.join(RULES)})")
            rules.append(TitleRule(row["rule"], re.compile(row["pattern"]), row["why"]))
    return tuple(rules)


def normalise_title(title: str) -> str:
    """Full-width letters and digits to half width, whitespace removed (titles break lines anywhere)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", title or ""))


def classify_title(title: str, in_report_column: bool = False) -> Verdict:
    """Keep or skip a listed item by its title. In a column of annual reports (`is_report_column`),
    titles such as 2020年度报告 or 2020年度 are reports too; skip rules apply everywhere."""
    text = normalise_title(title)
    if not text:
        return Verdict(False, "no title")
    rules = title_rules()
    for r in rules:
        if r.rule == "wrapper" and (m := r.pattern.search(text)):
            inner = classify_title(m.group("inner"), in_report_column)
            return Verdict(inner.keep, f"{r.why}: {inner.reason}")
    for r in rules:
        if r.rule == "skip" and r.pattern.search(text):
            return Verdict(False, r.why)
    for r in rules:
        if r.rule == "keep" and r.pattern.search(text):
            return Verdict(True, r.why)
    if in_report_column:
        for r in rules:
            if r.rule == "in_column" and r.pattern.search(text):
                return Verdict(True, r.why)
    return Verdict(False, "not an annual disclosure report")


def is_report_column(heading: str) -> bool:
    """Whether a list page's <title> names a column of annual disclosure reports."""
    text = normalise_title(heading)
    return bool(text) and any(r.rule == "column" and r.pattern.search(text) for r in title_rules())


_YEAR = re.compile(r"((?:19|20)\d{2})\s*年")


def title_year(title: str) -> int | None:
    """The first year printed in the title (the statistics year of a report), None when none is."""
    m = _YEAR.search(normalise_title(title))
    return int(m.group(1)) if m else None


def best_title(text: str, title_attr: str | None) -> str:
    """The link text, or its `title=` when the text is cut short (…, ...) or missing."""
    text = (text or "").strip()
    attr = (title_attr or "").strip()
    if attr and (not text or text.endswith(("…", "...", "..")) or len(attr) > len(text)):
        return attr
    return text
