"""Provenance of collected files (`xxgk fetch` state in a folder given to `xxgk ingest`):
reports.source_url / fetched_at, published_on from the list date when the report prints none,
and the source_versions rows (every collected version of every document)."""
from __future__ import annotations

from datetime import date, datetime, timezone

from etl.keys import report_id_for


def _timestamp(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        t = datetime.fromisoformat(text)
    except ValueError:
        return None
    return t.astimezone(timezone.utc).replace(tzinfo=None) if t.tzinfo else t


def _date(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def apply_provenance(reports: list[dict], records: dict[str, dict]) -> None:
    """Set source_url, fetched_at and (when the report states none) published_on on the
    reports rows, in place. Rows without a record keep NULLs (files given by hand)."""
    for rep in reports:
        rec = records.get(rep["source_path"])
        if rep.get("published_on_from") == "list_page":  # a reused row: its list date is set again below
            rep["published_on"] = rep["published_on_from"] = rep["published_late"] = None
        rep["source_url"] = rep["fetched_at"] = None
        if rec is None:
            continue
        rep["source_url"] = rec["url"]
        rep["fetched_at"] = _timestamp(rec["fetched_at"])
        listed = _date(rec.get("list_date"))
        if rep.get("published_on") is None and listed is not None:
            rep["published_on"] = listed
            rep["published_on_from"] = "list_page"
            if rep.get("deadline_on") is not None:
                rep["published_late"] = listed > rep["deadline_on"]


def source_version_rows(records: dict[str, dict]) -> list[dict]:
    rows = []
    for source_path, rec in sorted(records.items()):
        rows.append({
            "url": rec["url"], "version": rec["version"], "source_path": source_path, "sha256": rec["sha256"],
            "report_id": report_id_for(rec["sha256"]) if rec.get("sha256") else None,
            "fetched_at": _timestamp(rec["fetched_at"]), "first_seen": _timestamp(rec.get("first_seen")),
            "changed": bool(rec.get("changed")), "etag": rec.get("etag"), "last_modified": rec.get("last_modified"),
            "content_type": rec.get("content_type"), "final_url": rec.get("final_url"),
            "list_page": rec.get("list_page"), "article_url": rec.get("article"), "listed_title": rec.get("title"),
            "list_date": _date(rec.get("list_date")), "http_status": rec.get("status"), "note": rec.get("note")})
    return rows
