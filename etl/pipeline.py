"""One file's bytes → its warehouse rows. Pure apart from the clock: the same function runs in
the local process pool and on Dask workers.

Every file ends in exactly one state (parsed, partial, failed) with a reason; an exception in
a reader or extractor becomes a `failed` row, never a crashed run.
"""
from __future__ import annotations

import time
import traceback
from dataclasses import asdict
from datetime import datetime, timezone
from functools import cache
from pathlib import PurePosixPath

from etl.extract.report import extract_report
from etl.keys import report_id_for, sha256_hex  # noqa: F401  (re-exported: the engines import them from here)
from etl.metadata import vocab
from etl.metadata.catalog import metric as catalog_metric, metrics as catalog_metrics
from etl.metadata.deadlines import deadline_for
from etl.metadata.reasons import check_columns, error_columns
from etl.metadata.schema import REPORTS
from etl.model import Extraction, FileResult
from etl.read import ReadError, format_of, path_name, read_document
from etl.validate import validate_extraction
from etl.version import extractor_version

# Markers without which a readable file is not an annual report on information disclosure.
_REPORT_MARKERS = ("信息公开", "政务公开", "資訊公開", "信息公開", "资讯公开")


def file_name_of(source_path: str) -> str:
    """The file name part of a source path (an archive member's own name)."""
    return path_name(source_path.split("!")[-1])


def base_report(source_path: str, data: bytes, sha: str) -> dict:
    """A reports row with the file's facts filled in and status `failed` until extraction
    says otherwise. Every column of the schema is a key (None until set), so a row has the
    same keys whichever engine made it (the Dask engine's rows come back from Parquet with all)."""
    name = file_name_of(source_path)
    return dict.fromkeys(REPORTS.column_names) | {
        "report_id": report_id_for(sha), "source_path": source_path, "file_name": name,
        "file_format": format_of(name), "file_size_bytes": len(data), "sha256": sha,
        "status": "failed", "error": None, "template": None, "year": None, "title": None,
        "bureau_name": None, "bureau_id": None, "bureau_type": None, "organ_kind": None,
        "province": None, "city": None, "county": None, "admin_level": None, "region_code": None,
        "is_aggregate": None, "published_on": None, "deadline_on": None, "published_late": None,
        "page_count": None, "read_method": None, "figure_count": 0, "checks_failed": 0, "is_preferred": True,
        "superseded_by": None, "extractor_version": extractor_version(), "extract_seconds": None,
        "extract_cpu_seconds": None,
        "ingested_at": datetime.now(timezone.utc).replace(tzinfo=None),
        "source_url": None, "fetched_at": None, "published_on_from": None,  # set by ingest from xxgk fetch
    }


def failed_result(source_path: str, sha: str, error: str, size: int = 0) -> FileResult:
    """The quarantine row of a file that could not be extracted, with the reason."""
    report = base_report(source_path, b"", sha)
    report["file_size_bytes"], report["error"] = size, error
    report["error_code"], report["error_reasons"] = error_columns(error)
    return FileResult(report)


def summarise_exception(exc: BaseException) -> str:
    """The `reports.error` of a file whose extraction raised: the exception and where (the
    local engine says the same of one that escaped its extract function)."""
    frame = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
    where = f" in {PurePosixPath(frame.filename).name}:{frame.lineno}" if frame else ""
    return f"extractor error: {type(exc).__name__}: {str(exc)[:200]}{where}"


@cache
def _units() -> dict[str, str]:
    """metric → its unit, for every metric of the catalog (the same as catalog_metric(key).unit,
    a dict lookup instead of two calls per distinct metric of each report)."""
    return {key: m.unit for key, m in catalog_metrics().items()}


def _rows_from_extraction(report: dict, ex: Extraction, ocr_confidence: list[float | None] | None = None) -> FileResult:
    m = ex.meta
    vocab.require(vocab.TEMPLATES, m.template)
    vocab.require(vocab.ADMIN_LEVELS, m.admin_level)
    vocab.require(vocab.ORGAN_KINDS, m.organ_kind)
    deadline = deadline_for(m.year, m.organ_kind)
    report.update(
        template=m.template, year=m.year, title=m.title, bureau_name=m.bureau_name,
        bureau_type=m.bureau_type, organ_kind=m.organ_kind, province=m.province, city=m.city,
        county=m.county, admin_level=m.admin_level, region_code=m.region_code,
        is_aggregate=m.is_aggregate, published_on=m.published_on, deadline_on=deadline,
        published_late=(m.published_on > deadline) if (m.published_on and deadline) else None,
        published_on_from="report" if m.published_on else None,
    )
    rid = report["report_id"]
    # every code is checked against its vocabulary once per report (a report repeats a few
    # codes over hundreds of figures)
    for code in {f.value_kind for f in ex.figures}:
        vocab.require(vocab.VALUE_KINDS, code, nullable=False)
    for code in {f.source_kind for f in ex.figures}:
        vocab.require(vocab.SOURCE_KINDS, code, nullable=False)
    for code in {f.dimension for f in ex.figures if f.dimension is not None and f.metric.startswith("t3.")}:
        vocab.require(vocab.DIMENSIONS_T3, code)
    units = _units()
    try:
        figures = [{
            "report_id": rid, "metric": f.metric, "dimension": f.dimension, "value": f.value,
            "value_kind": f.value_kind, "raw_text": f.raw_text, "source_kind": f.source_kind,
            "unit": units[f.metric], "page": f.page, "evidence": (f.evidence or "")[:500],
            # the served value may be changed later by a correction (etl.load.corrections)
            "extracted_value": f.value, "extracted_value_kind": f.value_kind, "corrected": False,
            "bbox": f.bbox, "locator": f.locator, "ocr_confidence": conf,
        } for f, conf in zip(ex.figures, ocr_confidence or [None] * len(ex.figures))]
    except KeyError:  # a metric the catalog does not know: raised as the catalog raises it
        for key in {f.metric for f in ex.figures}:
            catalog_metric(key)
        raise
    for code in {c.status for c in ex.checks}:
        vocab.require(vocab.CHECK_STATUSES, code, nullable=False)
    for code in {c.rule for c in ex.checks}:
        vocab.require(vocab.RULES, code, nullable=False)
    checks = []
    for c in ex.checks:
        detail_code, detail_params = check_columns(c.rule, c.status, c.metric, c.dimension, c.expected, c.found)
        checks.append({"report_id": rid, "rule": c.rule, "status": c.status, "detail": c.detail,
                       "metric": c.metric, "dimension": c.dimension, "expected": c.expected,
                       "found": c.found, "detail_code": detail_code, "detail_params": detail_params})
    report["figure_count"] = len(figures)
    report["checks_failed"] = sum(c["status"] == "fail" for c in checks)
    if ex.problems:
        report["status"], report["error"] = "partial", "; ".join(dict.fromkeys(ex.problems))
    else:
        report["status"], report["error"] = "parsed", None
    return FileResult(report, figures, checks, list(ex.shingles))


def extract_file(source_path: str, data: bytes, sha: str | None = None) -> FileResult:
    """Read and extract one file. Never raises for a bad file: returns a failed row instead."""
    started = (time.perf_counter(), time.thread_time())
    sha = sha or sha256_hex(data)
    report = base_report(source_path, data, sha)
    try:
        doc = read_document(report["file_name"], data)
        report["page_count"] = doc.page_count
        report["read_method"] = "ocr" if doc.ocr_pages and len(doc.ocr_pages) >= (doc.page_count or 0) else (
            "mixed" if doc.ocr_pages else "text")
        try:
            extraction = extract_report(doc) if any(mk in doc.text for mk in _REPORT_MARKERS) else None
        finally:
            if doc.geometry is not None:  # (the reader's PDF, kept open for box lookups)
                doc.geometry.close()
        if extraction is None:
            report["error"] = "no annual-report content found"
            result = FileResult(report)
        else:
            extraction.checks = validate_extraction(extraction)  # validation runs after extraction
            confidences = None
            if doc.ocr_pages:  # scanned pages: OCR cells must hold the identities (issue 18)
                from etl.validate.ocr_trust import apply_ocr_trust, ocr_confidences

                apply_ocr_trust(extraction, doc)
                confidences = ocr_confidences(extraction.figures, doc)
            m = extraction.meta
            if m.bureau_name is None and m.year is None and not extraction.figures:
                report["error"] = "no annual-report content found (no organ, year or figures)"
                return _finish(FileResult(report), started)
            result = _rows_from_extraction(report, extraction, confidences)
            if doc.warnings:
                extra = "; ".join(doc.warnings)
                result.report["error"] = f"{result.report['error']}; {extra}" if result.report["error"] else extra
    except ReadError as exc:
        report["error"] = str(exc)
        result = FileResult(report)
    except Exception as exc:  # noqa: BLE001 - a bug on one file must not stop the run
        report["status"], report["error"] = "failed", summarise_exception(exc)
        result = FileResult(report)
    return _finish(result, started)


def _finish(result: FileResult, started: tuple[float, float]) -> FileResult:
    wall, cpu = started
    # the reason codes travel with the row (both engines), so the loader finds them set
    result.report["error_code"], result.report["error_reasons"] = error_columns(result.report["error"])
    result.report["extract_seconds"] = round(time.perf_counter() - wall, 6)
    result.report["extract_cpu_seconds"] = round(time.thread_time() - cpu, 6)
    return result


def result_to_dict(result: FileResult) -> dict:
    return asdict(result)
