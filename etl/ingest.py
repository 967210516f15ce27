"""`xxgk ingest`: discover files, reuse unchanged extractions, extract the rest, publish."""
from __future__ import annotations

import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from etl.engines.limits import Limits
from etl.engines.sources import Source, discover
from etl.load.warehouse import RunInfo, build_database, load_previous
from etl.pipeline import FileResult, _base_report, sha256_hex
from etl.version import extractor_version


@dataclass
class IngestSummary:
    files_seen: int
    files_skipped: int
    files_extracted: int
    files_reused: int
    duplicates: int
    parsed: int
    partial: int
    failed: int
    figures: int
    checks_failed: int
    seconds: float
    top_failures: list[tuple[str, int]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)


def _reason_class(error: str) -> str:
    """Group failure reasons for the summary (strip file-specific numbers and names)."""
    return error.split(" (")[0].split(":")[0] if error else "unknown"


def ingest(paths: list[str], db: Path, *, workers: int = 1, engine: str = "local", scheduler: str | None = None,
           limits: Limits = Limits(), progress: Callable[[int, int], None] | None = None) -> IngestSummary:
    started = time.perf_counter()
    started_at = datetime.now(timezone.utc).replace(tzinfo=None)
    version = extractor_version()
    found = discover(paths)
    previous = load_previous(Path(db), version)

    results: dict[str, FileResult] = {}  # by sha256
    source_rows: list[dict] = []
    first_path: dict[str, str] = {}
    todo: list[tuple[Source, str]] = []
    reused = duplicates = 0
    for src, reason in found.broken_archives:
        data = Path(src.fs_path).read_bytes()
        sha = sha256_hex(data)
        rep = _base_report(src.source_path, data, sha)
        rep["error"] = reason
        results.setdefault(sha, FileResult(rep))
        first_path.setdefault(sha, src.source_path)
        source_rows.append(_source_row(src.source_path, sha, len(data), None))
    for src in found.sources:
        try:
            data = src.read_bytes()
        except Exception as exc:  # noqa: BLE001 - unreadable member: a failed row, not a crash
            data = b""
            sha = sha256_hex(f"unreadable:{src.source_path}".encode())
            rep = _base_report(src.source_path, data, sha)
            rep["error"] = f"could not read file: {exc}"
            results[sha] = FileResult(rep)
            first_path[sha] = src.source_path
            source_rows.append(_source_row(src.source_path, sha, 0, None))
            continue
        sha = sha256_hex(data)
        if sha in first_path:
            duplicates += 1
            source_rows.append(_source_row(src.source_path, sha, len(data), first_path[sha]))
            continue
        first_path[sha] = src.source_path
        source_rows.append(_source_row(src.source_path, sha, len(data), None))
        if sha in previous:
            prev = previous[sha]
            prev.report["source_path"] = src.source_path
            results[sha] = prev
            reused += 1
        else:
            todo.append((src, sha))

    total = len(todo)
    done = 0

    def on_done(n: int) -> None:
        nonlocal done
        done += n
        if progress:
            progress(done, total)

    if engine == "dask":
        from etl.engines.dask_engine import run_dask

        extracted = run_dask(todo, limits, workers=workers, scheduler=scheduler, on_done=on_done)
    else:
        from etl.engines.local import run_local

        extracted = run_local(todo, limits, workers, on_done)
    for res in extracted:
        results[res.report["sha256"]] = res

    ordered = [results[sha] for sha in sorted(results, key=lambda s: results[s].report["source_path"])]
    for row in source_rows:
        row["report_id"] = results[row["sha256"]].report["report_id"]
    run = RunInfo(uuid.uuid4().hex[:12], started_at, engine, workers, version,
                  files_seen=len(found.sources) + len(found.broken_archives),
                  files_extracted=len(extracted), files_skipped=len(found.skipped))
    summary = build_database(Path(db), ordered, source_rows, run)
    failures = Counter(_reason_class(r.report.get("error") or "") for r in ordered if r.report["status"] == "failed")
    return IngestSummary(
        files_seen=run.files_seen, files_skipped=len(found.skipped), files_extracted=len(extracted),
        files_reused=reused, duplicates=duplicates, parsed=summary["parsed"], partial=summary["partial"],
        failed=summary["failed"], figures=summary["figures"], checks_failed=summary["checks_failed"],
        seconds=time.perf_counter() - started, top_failures=failures.most_common(5),
        skipped=[(s.path, s.reason) for s in found.skipped],
    )


def _source_row(path: str, sha: str, size: int, duplicate_of: str | None) -> dict:
    return {"source_path": path, "sha256": sha, "report_id": None, "file_size_bytes": size,
            "duplicate_of_path": duplicate_of}
