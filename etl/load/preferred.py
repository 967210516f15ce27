"""Choosing the preferred version when several files report the same organ and year.

Rule (documented in reports.is_preferred): parsed before partial before failed, then more
figures, then the later publication date, then the later file name. The others point to the
preferred one in `superseded_by` and show on the data-quality page.
"""
from __future__ import annotations

from collections import defaultdict
from datetime import date

_STATUS_RANK = {"parsed": 2, "partial": 1, "failed": 0}


def _rank(rep: dict) -> tuple:
    return (_STATUS_RANK.get(rep["status"], 0), rep.get("figure_count") or 0,
            rep.get("published_on") or date.min, rep["source_path"])


def mark_preferred(reports: list[dict]) -> None:
    groups: dict[tuple, list[dict]] = defaultdict(list)
    for rep in reports:
        rep["is_preferred"], rep["superseded_by"] = True, None
        if rep.get("bureau_id") and rep.get("year") and rep["status"] != "failed":
            groups[(rep["bureau_id"], rep["year"])].append(rep)
    for reps in groups.values():
        if len(reps) < 2:
            continue
        best = max(reps, key=_rank)
        for rep in reps:
            if rep is not best:
                rep["is_preferred"], rep["superseded_by"] = False, best["report_id"]
