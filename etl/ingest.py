"""`xxgk ingest`: discover files, reuse unchanged extractions, extract the rest, publish."""
from __future__ import annotations

import os
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from etl.engines.limits import Limits
from etl.engines.sources import Source, discover
from etl.corrections_file import read_corrections
from etl.load.warehouse import Build, RunInfo
from etl.model import FileResult
from etl.pipeline import failed_result, file_name_of, sha256_hex
from etl.read import ReadError, format_of
from etl.read.sniff import name_fits
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
    corrections_applied: int = 0


def _reason_class(error: str) -> str:
    """Group failure reasons for the summary (strip file-specific numbers and names)."""
    return error.split(" (")[0].split(":")[0] if error else "unknown"


# New extractions are written into the database being built this many files at a time, so
# the ingest holds at most two chunks of figures in memory (one being loaded while the next is
# extracted), not the whole corpus. (Smaller chunks do not lower the peak: with 250 files the
# loading process of a 10,000-report ingest peaked at 454-465 MiB, with 500 at 404-407 MiB.)
EXTRACT_CHUNK_FILES = 500


def ingest(paths: list[str], db: Path, *, workers: int = 1, engine: str = "local", scheduler: str | None = None,
           limits: Limits = Limits(), progress: Callable[[int, int], None] | None = None,
           staging: str | Path | None = None, roster=None, corrections: str | Path | None = None) -> IngestSummary:
    """`roster` (an etl.load.roster.Roster, issue 21): the organs that must report; None keeps the
    roster of the live database, if it has one. `corrections`: a corrections file
    (etl.load.corrections), read before anything is built: a malformed one raises
    CorrectionsError and nothing is published."""
    started = time.perf_counter()
    corrections_file = read_corrections(corrections) if corrections is not None else None
    started_at = datetime.now(timezone.utc).replace(tzinfo=None)
    version = extractor_version()
    found = discover(paths)
    # scanned pages' OCR is cached beside the database (etl.read.ocr_cache): a re-extraction
    # after an extractor change costs no OCR (set before the workers fork or start)
    os.environ.setdefault("XXGK_OCR_CACHE", str(Path(db).resolve().parent / "ocr-cache"))
    build = Build(Path(db), attach_previous=True)
    build.roster = roster
    build.corrections = corrections_file
    try:
        return _ingest(build, found, started, started_at, version, db, workers=workers, engine=engine,
                       scheduler=scheduler, limits=limits, progress=progress, staging=staging, paths=list(paths))
    except BaseException:
        build.abort()
        raise


def _ingest(build: Build, found, started: float, started_at: datetime, version: str, db: Path, *, workers: int,
            engine: str, scheduler: str | None, limits: Limits, progress: Callable[[int, int], None] | None,
            staging: str | Path | None, paths: list[str] = ()) -> IngestSummary:
    previous = build.previous_reports(version)

    failed_early: list[FileResult] = []  # files that could not be read: failed rows, no extraction
    reused_reports: list[dict] = []
    report_of: dict[str, tuple[str, str]] = {}  # sha256 → (source_path of its row, report_id)
    source_rows: list[dict] = []
    first_path: dict[str, str] = {}
    todo: list[tuple[Source, str]] = []
    reused = duplicates = 0
    for src, reason in found.broken_archives:
        sha, size = _hash_or_placeholder(src)
        if sha in first_path:
            duplicates += 1
            source_rows.append(_source_row(src.source_path, sha, size, first_path[sha]))
            continue
        failed = failed_result(src.source_path, sha, reason, size)
        rep = failed.report
        failed_early.append(failed)
        report_of[sha] = (rep["source_path"], rep["report_id"])
        first_path[sha] = src.source_path
        source_rows.append(_source_row(src.source_path, sha, size, None))
    hashed: list[tuple[Source, str, int]] = []
    for src in found.sources:
        try:
            hashed.append((src, src.sha256(), src.size()))
        except Exception as exc:  # noqa: BLE001 - unreadable file or member: a failed row, not a crash
            # no bytes to hash: a stable placeholder hash of the path keeps the row and its id
            sha = sha256_hex(f"unreadable:{src.source_path}".encode())
            reason = str(exc) if isinstance(exc, ReadError) else f"could not read file: {exc}"
            failed = failed_result(src.source_path, sha, reason)
            rep = failed.report
            failed_early.append(failed)
            report_of[sha] = (rep["source_path"], rep["report_id"])
            first_path[sha] = src.source_path
            source_rows.append(_source_row(src.source_path, sha, 0, None))
    representative = _representatives(hashed)
    for src, sha, size in hashed:
        rep_src = representative[sha]
        if src is not rep_src:
            duplicates += 1
            source_rows.append(_source_row(src.source_path, sha, size, rep_src.source_path))
            continue
        first_path[sha] = src.source_path
        source_rows.append(_source_row(src.source_path, sha, size, None))
        prev = previous.get(sha)
        if prev is not None and _reusable(prev, src):
            if prev["source_path"] != src.source_path:  # the same bytes, moved or renamed
                prev["source_path"] = src.source_path
                prev["file_name"] = file_name_of(src.source_path)
            reused_reports.append(prev)
            report_of[sha] = (prev["source_path"], prev["report_id"])
            reused += 1
        else:
            todo.append((src, sha))
    del previous

    build.add_reused(reused_reports)  # first: it may start the build as a copy of the live file
    build.add_extracted(failed_early)
    extracted = 0

    def take(results: list[FileResult]) -> None:
        nonlocal extracted
        for res in results:
            report_of[res.report["sha256"]] = (res.report["source_path"], res.report["report_id"])
        build.add_extracted(results)
        extracted += len(results)

    total = len(todo)
    done = 0

    def on_done(n: int) -> None:
        nonlocal done
        done += n
        if progress:
            progress(done, total)

    if engine == "dask":
        from etl.engines.dask_engine import run_dask

        # the Parquet partitions go next to the database unless told otherwise: that folder is
        # on the shared storage a cluster's workers can see when the database is
        staging = staging or os.environ.get("XXGK_STAGING") or Path(db).resolve().parent / f".{Path(db).name}.staging"
        results = run_dask(todo, limits, workers=workers, scheduler=scheduler, on_done=on_done, staging=staging)
        for i in range(0, len(results), EXTRACT_CHUNK_FILES):
            take(results[i:i + EXTRACT_CHUNK_FILES])
        del results
    else:
        from etl.engines.local import LocalPool

        # chunk by chunk, the same worker processes serving every chunk: a chunk's rows go into
        # the database (in a thread) while the workers extract the next one
        if todo:
            with LocalPool(limits, workers) as pool, ThreadPoolExecutor(1, "xxgk-load") as loader:
                loading = None
                for i in range(0, len(todo), EXTRACT_CHUNK_FILES):
                    results = pool.run(todo[i:i + EXTRACT_CHUNK_FILES], on_done)
                    if loading is not None:
                        loading.result()  # (raises what the load raised)
                    loading = loader.submit(take, results)
                    del results
                if loading is not None:
                    loading.result()

    order = [rid for _, rid in sorted(report_of.values())]
    for row in source_rows:
        row["report_id"] = report_of[row["sha256"]][1]
    run = RunInfo(uuid.uuid4().hex[:12], started_at, engine, workers, version,
                  files_seen=len(found.sources) + len(found.broken_archives),
                  files_extracted=extracted, files_skipped=len(found.skipped))
    _add_provenance(build, found_paths=paths)  # xxgk fetch (issue 19)
    run.corrections_sha256 = build.corrections.sha256 if build.corrections else None
    summary = build.finish(source_rows, run, order)
    # by reason code (the loader set them while writing the rows); a sentence without a code of its own by its words
    failures = Counter(r.get("error_code") if r.get("error_code") not in (None, "other") else _reason_class(r.get("error") or "")
                       for r in map(build.reports.get, order) if r["status"] == "failed")
    return IngestSummary(
        files_seen=run.files_seen, files_skipped=len(found.skipped), files_extracted=extracted,
        files_reused=reused, duplicates=duplicates, parsed=summary["parsed"], partial=summary["partial"],
        failed=summary["failed"], figures=summary["figures"], checks_failed=summary["checks_failed"],
        seconds=time.perf_counter() - started, top_failures=failures.most_common(5),
        skipped=[(s.path, s.reason) for s in found.skipped],
        corrections_applied=summary.get("corrections_applied") or 0,
    )


# Failures that depend on the run (its limits, the machine, a file being written) rather than
# on the bytes: a file that failed so is extracted again by the next run, not reused.
RUN_DEPENDENT_ERRORS = ("time limit exceeded", "worker process", "file too large", "too many pages",
                        "could not read file", "file changed during the run", "extractor error")


def _reusable(prev_report: dict, src: Source) -> bool:
    """A previous row can stand for this file: same bytes (the caller checked), read as the
    same format, and not a failure that another run could avoid."""
    name = src.source_path.split("!")[-1]
    if prev_report.get("file_format") != format_of(name):
        return False
    if prev_report["status"] == "failed" and (prev_report.get("error") or "").startswith(RUN_DEPENDENT_ERRORS):
        return False
    return True


def _representatives(hashed: list[tuple[Source, str, int]]) -> dict[str, Source]:
    """For each distinct content, the path whose reports row stands for it: the first in
    sorted order whose extension fits the bytes. (The same PDF saved as `a.pdf` and `a.txt`
    is one report, read as the PDF it is, whatever the sort order says.)"""
    by_sha: dict[str, list[Source]] = {}
    for src, sha, _ in hashed:
        by_sha.setdefault(sha, []).append(src)
    chosen = {}
    for sha, srcs in by_sha.items():
        chosen[sha] = srcs[0]
        if len(srcs) > 1 and len({format_of(s.source_path.split("!")[-1]) for s in srcs}) > 1:
            try:
                data = srcs[0].read_bytes()
            except (OSError, ReadError):
                continue
            chosen[sha] = next((s for s in srcs if name_fits(s.source_path.split("!")[-1], data)), srcs[0])
    return chosen


def _hash_or_placeholder(src: Source) -> tuple[str, int]:
    try:
        return src.sha256(), src.size()
    except (OSError, ReadError):
        return sha256_hex(f"unreadable:{src.source_path}".encode()), 0


def _source_row(path: str, sha: str, size: int, duplicate_of: str | None) -> dict:
    return {"source_path": path, "sha256": sha, "report_id": None, "file_size_bytes": size,
            "duplicate_of_path": duplicate_of}


def _add_provenance(build: Build, found_paths: list[str]) -> None:
    """`xxgk fetch` provenance of collected files (issue 19): reports.source_url, fetched_at,
    published_on from the list date when the report prints none, and the source_versions rows."""
    from etl.load.provenance import apply_provenance, source_version_rows

    records = _collected(found_paths)
    apply_provenance(list(build.reports.values()), records)
    build.source_versions = source_version_rows(records)


def _collected(paths: list[str]) -> dict[str, dict]:
    """source_path (as `ingest` labels it: the given folder joined with the file's path under it)
    → provenance record, for every given folder that `xxgk fetch` collected into. Read here, not
    in `load`, which knows nothing of the fetch state's format."""
    from etl.fetch.state import read_provenance

    found: dict[str, dict] = {}
    for given in paths:
        if Path(given).is_dir():
            for rec in read_provenance(Path(given)):
                found[os.path.join(given, rec["path"])] = rec
    return found
