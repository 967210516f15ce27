"""Publication deadlines of the annual reports by era (formats.md §7), as data.

Shared fact: the pipeline derives `reports.deadline_on` from it, the demo generator writes its
truth (`published_late`) from it, and `v_coverage` applies it in SQL (`deadline_sql`) to roster
organs that published nothing, so the rule is written once.
"""
from __future__ import annotations

from datetime import date

# (first report year of the era, organ kind or None for every kind, month, day of the next year)
# Since report year 2019 (the 2019 regulation), departments by 31 January and governments by
# 31 March; before that, 31 March for all.
DEADLINES: tuple[tuple[int, str | None, int, int], ...] = (
    (2019, "department", 1, 31),
    (2019, "government", 3, 31),
    (0, None, 3, 31),
)


def deadline_for(year: int | None, organ_kind: str | None) -> date | None:
    """The last day to publish the report of `year` for an organ of `organ_kind`; None when the
    year is unknown, or when the year's era distinguishes kinds and the kind is unknown."""
    if year is None:
        return None
    era = max(since for since, _, _, _ in DEADLINES if since <= year)
    for since, kind, month, day in DEADLINES:
        if since == era and kind in (None, organ_kind):
            return date(year + 1, month, day)
    return None


def deadline_sql(year: str, kind: str) -> str:
    """The same rule as deadline_for, as a SQL expression over the columns `year` and `kind`
    (NULL where deadline_for gives None)."""
    starts = sorted({since for since, _, _, _ in DEADLINES})
    whens = []
    for since in reversed(starts):
        later = [s for s in starts if s > since]
        era = f"{year} >= {since}" + (f" AND {year} < {later[0]}" if later else "")
        for s, k, month, day in DEADLINES:
            if s == since:
                who = f" AND {kind} = '{k}'" if k is not None else ""
                whens.append(f"WHEN {era}{who} THEN make_date({year} + 1, {month}, {day})")
    return "CASE " + " ".join(whens) + " END"
