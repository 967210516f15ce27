"""Grading what OCR read of a generated scan against the generator's truth, cell by cell:
right, NULL with a reason (unreadable / unassignable), wrong, or missing."""
from __future__ import annotations

from collections import Counter

from etl.demo.grading import _expected_figures, _same

NULL_KINDS = {"unreadable", "unassignable"}
TABLE_PREFIXES = ("t2.", "t3.", "t4.")


def grade_cells(figures: list[dict], truth: dict) -> tuple[Counter, list[str]]:
    """(counts of right / null / wrong / missing over the truth's table cells, the wrong ones
    in words). `figures` are FileResult.figures rows."""
    got = {(f["metric"], f["dimension"]): f for f in figures}
    counts: Counter = Counter()
    wrong = []
    for key, expected in _expected_figures(truth).items():
        if not key[0].startswith(TABLE_PREFIXES):
            continue
        f = got.get(key)
        if f is None:
            counts["missing"] += 1
            continue
        kind, value = f["value_kind"], f["value"]
        if kind in NULL_KINDS:
            counts["null"] += 1
        elif (expected is None and kind == "blank") or (expected == "NA" and kind == "not_applicable") or (
                isinstance(expected, (int, float)) and value is not None and _same(value, expected)):
            counts["right"] += 1
        else:
            counts["wrong"] += 1
            wrong.append(f"{key}: expected {expected!r}, read {value!r} ({kind}, {f['raw_text']!r})")
    return counts, wrong
