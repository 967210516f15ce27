"""Choosing the preferred version when several files report the same organ and year.

Collections hold the same report twice in different files (the portal page and the attached
PDF), and revised reports next to the originals they replace. Every file keeps its row; one
per organ and year is preferred (`is_preferred`), the others point to it (`superseded_by`)
and show on the data-quality page. Failed files take no part.

The rule, in order (the first difference decides):
1. a file that calls itself a correction (更正, 修订, 勘误 ... in its title or file name) before
   one that does not: a published correction replaces the original;
1b. of two versions `xxgk fetch` collected from one URL, the later download (a document
   altered after publication: the portal now serves the new one);
2. the later publication: a file published more than `SAME_PUBLICATION_DAYS` before the newest
   of the group is an earlier edition. A file without a known date counts as current (there
   is no evidence that it is older); dates a few days apart (the portal page and its PDF)
   count as the same publication;
3. parsed before partial;
4. more complete tables: more figures with a number, then more figure rows in all;
5. fewer failed checks;
6. the later source path, so the choice is the same on every run.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from datetime import date, timedelta

_STATUS_RANK = {"parsed": 2, "partial": 1, "failed": 0}
SAME_PUBLICATION_DAYS = 7
_CORRECTION = re.compile(r"更正|修订|修正|勘误|更新版|修改版|重新发布|corrected|revised", re.I)


def is_correction(rep: dict) -> bool:
    return bool(_CORRECTION.search(f"{rep.get('title') or ''} {rep.get('file_name') or ''}"))


def _rank(rep: dict, newest: date | None, numbers: Counter, latest_download: dict | None = None) -> tuple:
    published = rep.get("published_on")
    current = published is None or newest is None or published >= newest - timedelta(days=SAME_PUBLICATION_DAYS)
    url = rep.get("source_url")
    latest_of_url = not url or not latest_download or rep.get("fetched_at") is None \
        or rep["fetched_at"] >= latest_download[url]
    return (is_correction(rep), latest_of_url, current, _STATUS_RANK.get(rep["status"], 0), numbers[rep["report_id"]],
            rep.get("figure_count") or 0, -(rep.get("checks_failed") or 0), rep["source_path"])


def mark_preferred(reports: list[dict], figures: list[dict] | None = None, *, numbers: Counter | None = None) -> None:
    """Set `is_preferred` and `superseded_by` on every report (in place). `figures` (the
    figures rows), or `numbers` (report_id → figures with a number, counted without holding
    the rows), lets completeness count numbers rather than rows."""
    if numbers is None:
        numbers = Counter(f["report_id"] for f in figures or () if f.get("value") is not None)
    groups: dict[tuple, list[dict]] = defaultdict(list)
    for rep in reports:
        rep["is_preferred"], rep["superseded_by"] = True, None
        if rep.get("bureau_id") and rep.get("year") and rep["status"] != "failed":
            groups[(rep["bureau_id"], rep["year"])].append(rep)
    for reps in groups.values():
        if len(reps) < 2:
            continue
        dates = [r["published_on"] for r in reps if r.get("published_on")]
        newest = max(dates) if dates else None
        latest_download: dict = {}
        for r in reps:
            if r.get("source_url") and r.get("fetched_at") is not None:
                latest_download[r["source_url"]] = max(r["fetched_at"], latest_download.get(r["source_url"], r["fetched_at"]))
        best = max(reps, key=lambda r: _rank(r, newest, numbers, latest_download))
        for rep in reps:
            if rep is not best:
                rep["is_preferred"], rep["superseded_by"] = False, best["report_id"]
