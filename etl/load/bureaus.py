"""Grouping reports into bureaus: the same organ over years is one bureau."""
from __future__ import annotations

import hashlib
from collections import Counter, defaultdict

from etl.keys import bureau_key


def _bureau_id(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]


def assign_bureaus(reports: list[dict]) -> None:
    """Set `bureau_id` on every report that names an organ (in place)."""
    ids: dict[tuple, str] = {}  # the same organ reports every year: work its key out once
    for rep in reports:
        if rep.get("bureau_name"):
            names = (rep["bureau_name"], rep.get("province"), rep.get("city"), rep.get("county"))
            if names not in ids:
                ids[names] = _bureau_id(bureau_key(*names))
            rep["bureau_id"] = ids[names]


def bureau_rows(reports: list[dict]) -> tuple[list[dict], list[dict]]:
    """Rows of `bureaus` and `bureau_names` from the reports (after assign_bureaus)."""
    by_id: dict[str, list[dict]] = defaultdict(list)
    for rep in reports:
        if rep.get("bureau_id"):
            by_id[rep["bureau_id"]].append(rep)
    bureaus, names = [], []
    for bid, reps in sorted(by_id.items()):
        counts = Counter(r["bureau_name"] for r in reps)
        # the fullest name (most region prefixes), then the most used
        canonical = max(counts, key=lambda n: (len(n), counts[n], n))
        latest = max(reps, key=lambda r: (r.get("year") or 0))
        years = [r["year"] for r in reps if r.get("year")]
        bureaus.append({
            "bureau_id": bid, "bureau_name": canonical,
            **{k: latest.get(k) for k in ("bureau_type", "organ_kind", "province", "city", "county", "admin_level")},
            "first_year": min(years) if years else None, "last_year": max(years) if years else None,
            "report_count": len(reps),
        })
        names += [{"bureau_id": bid, "name_variant": n, "report_count": c} for n, c in sorted(counts.items())]
    return bureaus, names
