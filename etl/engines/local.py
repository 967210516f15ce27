"""The local engine: one process per core, each extracting whole files."""
from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor, as_completed
from typing import Callable, Iterable

from etl.engines.limits import FileTimeout, Limits, time_limit
from etl.engines.sources import Source
from etl.pipeline import FileResult, _base_report, extract_file
from etl.read import ReadError


def extract_source(source: Source, sha: str, limits: Limits) -> FileResult:
    """Read one source from disk and extract it within the limits. Never raises."""
    try:
        data = source.read_bytes()
    except (OSError, ReadError) as exc:
        report = _base_report(source.source_path, b"", sha)
        report["error"] = f"could not read file: {exc}"
        return FileResult(report)
    if len(data) > limits.max_file_bytes:
        report = _base_report(source.source_path, data, sha)
        report["error"] = f"file too large ({len(data) / 1e6:.1f} MB; limit {limits.max_file_bytes / 1e6:.0f} MB)"
        return FileResult(report)
    try:
        with time_limit(limits.timeout_seconds):
            result = extract_file(source.source_path, data, sha)
    except FileTimeout as exc:
        report = _base_report(source.source_path, data, sha)
        report["error"] = str(exc)
        return FileResult(report)
    pages = result.report.get("page_count")
    if pages and pages > limits.max_pages:
        report = _base_report(source.source_path, data, sha)
        report["error"] = f"too many pages ({pages}; limit {limits.max_pages})"
        report["page_count"] = pages
        return FileResult(report)
    return result


def _extract_batch(batch: list[tuple[Source, str]], limits: Limits) -> list[FileResult]:
    return [extract_source(s, sha, limits) for s, sha in batch]


def run_local(todo: list[tuple[Source, str]], limits: Limits, workers: int,
              on_done: Callable[[int], None] = lambda n: None) -> list[FileResult]:
    """Extract every (source, sha256); results in the order of `todo`."""
    if not todo:
        return []
    if workers <= 1 or len(todo) < 4:
        out = []
        for item in todo:
            out.append(extract_source(*item, limits))
            on_done(1)
        return out
    # batches amortise process round trips for small text files, and stay small enough
    # that the progress bar moves and cores stay balanced
    size = max(1, min(64, len(todo) // (workers * 8) or 1))
    batches = [todo[i:i + size] for i in range(0, len(todo), size)]
    results: dict[int, list[FileResult]] = {}
    with ProcessPoolExecutor(max_workers=workers) as pool:
        futures = {pool.submit(_extract_batch, b, limits): i for i, b in enumerate(batches)}
        for fut in as_completed(futures):
            i = futures[fut]
            try:
                results[i] = fut.result()
            except Exception as exc:  # noqa: BLE001 - a dead worker must not lose files
                results[i] = [_worker_died(s, sha, exc) for s, sha in batches[i]]
            on_done(len(batches[i]))
    return [r for i in range(len(batches)) for r in results[i]]


def _worker_died(source: Source, sha: str, exc: BaseException) -> FileResult:
    report = _base_report(source.source_path, b"", sha)
    report["error"] = f"worker process failed ({type(exc).__name__}: {exc})"
    return FileResult(report)


def default_workers() -> int:
    return max(1, os.cpu_count() or 1)


def iter_chunks(items: list, n: int) -> Iterable[list]:
    for i in range(0, len(items), n):
        yield items[i:i + n]
