"""Publication deadlines of the annual reports by era (formats.md §7), as data.

Shared fact: the pipeline derives `reports.deadline_on` from it and the demo generator writes its
truth (`published_late`) from it, so neither side reads the other's code.
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
