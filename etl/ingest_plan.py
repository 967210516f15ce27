"""`xxgk ingest --dry-run`: what an ingest would read, reuse and skip, without extracting.

The same decisions as etl/ingest.py (discovery, one row per distinct content, reuse by sha256 +
extractor version + format), made on the hashes alone; the database is only read.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from etl.engines.sources import discover
from etl.ingest import _representatives, _reusable
from etl.version import extractor_version


@dataclass
class IngestPlan:
    extract: list[str] = field(default_factory=list)  # new or changed files: would be extracted
    reuse: list[str] = field(default_factory=list)  # unchanged since the last run: rows kept
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (path, the identical file kept)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, why: not a report format …)
    unreadable: list[tuple[str, str]] = field(default_factory=list)  # (path, why): would be failed rows


def _previous(db: Path, version: str) -> dict[str, dict]:
    if not db.is_file():
        return {}
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        cur = con.execute("SELECT sha256, source_path, file_format, status, error FROM reports "
                          "WHERE extractor_version = ?", [version])
        names = [d[0] for d in cur.description]
        return {row[0]: dict(zip(names, row)) for row in cur.fetchall()}
    finally:
        con.close()


def plan_ingest(paths: list[str], db: Path) -> IngestPlan:
    found = discover(paths)
    previous = _previous(Path(db), extractor_version())
    plan = IngestPlan(skipped=[(s.path, s.reason) for s in found.skipped],
                      unreadable=[(src.source_path, reason) for src, reason in found.broken_archives])
    hashed = []
    for src in found.sources:
        try:
            hashed.append((src, src.sha256(), src.size()))
        except Exception as exc:  # noqa: BLE001 - the ingest makes a failed row of it; so says the plan
            plan.unreadable.append((src.source_path, f"could not read file: {exc}"))
    representative = _representatives(hashed)
    for src, sha, _ in hashed:
        kept = representative[sha]
        if src is not kept:
            plan.duplicates.append((src.source_path, kept.source_path))
        elif sha in previous and _reusable(previous[sha], src):
            plan.reuse.append(src.source_path)
        else:
            plan.extract.append(src.source_path)
    return plan


def print_plan(plan: IngestPlan, db: Path, console, limit: int = 20) -> None:
    console.print(f"dry run: nothing extracted, {db} unchanged")
    sections = (("would extract", [(p, "") for p in plan.extract]), ("would reuse (unchanged)", [(p, "") for p in plan.reuse]),
                ("identical copies", plan.duplicates), ("unreadable (failed rows)", plan.unreadable),
                ("skipped", plan.skipped))
    for title, rows in sections:
        console.print(f"{title}: {len(rows)}")
        for path, why in rows[:limit]:
            console.print(f"  {path}" + (f"  ({why})" if why else ""), markup=False, highlight=False)
        if len(rows) > limit:
            console.print(f"  … and {len(rows) - limit} more")
