"""Corrections as data: a reviewer's fixes to cells, kept in a CSV next to the code (the PUDL
model of manual fixes), applied at every build after extraction and before the checks.

The file (one row per correction, UTF-8, header required)::

    sha256,metric,dimension,value,reason,reviewer,corrected_at
    <64 hex of the source file>,t3.received_new,total,125,printed 152 in the PDF is a typo,王审核,2026-12-06

- `dimension` empty: the figure has no dimension; `value` empty: the cell is blank.
- Each row ends in the `corrections` table with a status: `applied` (the served value changed),
  `unmatched` (no report with that sha256, or no such cell in it: listed, the run goes on) or
  `obsolete` (the extractor already reads the corrected value).

Corrections are applied to the database being built, whatever way its figures arrived (newly
extracted, copied from the live database, or the live file copied whole): every previously
corrected figure is first put back to what the extractor read, so a correction removed from the
file is undone and a changed file re-validates without extracting anything again. The reports
whose served figures change get their own checks computed again (etl.validate) from the stored
figures; the cross-year checks, which run afterwards, read the corrected values too.
"""
from __future__ import annotations

from collections import Counter

# the file's format: etl.corrections_file (the dashboard writes lines without the loader)
from etl.corrections_file import CorrectionsFile
from etl.metadata.reasons import check_columns
from etl.model import Extraction, Figure, ReportMeta
from etl.validate import validate_extraction

# Checks the stored figures cannot recompute, kept as they were: prose.stats_table compares with a
# value the extractor read from a local statistics form and did not store as a figure;
# ocr.unreadable names a scanned cell OCR could not read (its reason is in the page images)
KEPT_RULES = ("prose.stats_table", "ocr.unreadable")
# t2/t3.split_candidates carry a run-together row's candidate splits, which the stored figures
# do not (etl.validate.split_candidates; issue 20)
KEPT_RULES += ("t2.split_candidates", "t3.split_candidates")

# -- applying them to a build ------------------------------------------------------------------

def _same(extracted_value: float | None, extracted_kind: str, value: float | None) -> bool:
    """Does the extractor already read what the correction says?"""
    if value is None:
        return extracted_kind in ("blank", "not_applicable")
    return extracted_kind == "number" and extracted_value == value


def apply_corrections(con, corrections: CorrectionsFile | None, report_of_sha: dict[str, str]) -> tuple[list[dict], set[str]]:
    """Undo the corrections the build's figures carry, apply `corrections`, and return the
    `corrections` table's rows and the report ids whose served figures changed either way.

    `con` is a connection whose current catalog is the build; `report_of_sha` maps the sha256
    of every report in the build to its report_id."""
    touched = {rid for (rid,) in con.execute("SELECT DISTINCT report_id FROM figures WHERE corrected").fetchall()}
    if touched:
        con.execute("UPDATE figures SET value = extracted_value, value_kind = extracted_value_kind, corrected = false "
                    "WHERE corrected")
    rows: list[dict] = []
    for c in (corrections.rows if corrections else ()):
        rid = report_of_sha.get(c.sha256)
        row = {"line": c.line, "sha256": c.sha256, "report_id": rid, "metric": c.metric, "dimension": c.dimension,
               "value": c.value, "reason": c.reason, "reviewer": c.reviewer, "corrected_at": c.corrected_at,
               "status": "unmatched", "extracted_value": None, "extracted_value_kind": None, "detail": None}
        rows.append(row)
        if rid is None:
            row["detail"] = "no report in this database has that sha256"
            continue
        found = con.execute(
            "SELECT extracted_value, extracted_value_kind FROM figures WHERE report_id = ? AND metric = ? "
            "AND dimension IS NOT DISTINCT FROM ? ORDER BY rowid LIMIT 1", [rid, c.metric, c.dimension]).fetchall()
        if not found:
            row["detail"] = "the report has no figure for that metric and dimension"
            continue
        row["extracted_value"], row["extracted_value_kind"] = found[0]
        if _same(*found[0], c.value):
            row["status"], row["detail"] = "obsolete", "the extractor already reads this value"
            continue
        row["status"] = "applied"
        con.execute("UPDATE figures SET value = ?, value_kind = ?, corrected = true WHERE report_id = ? AND metric = ? "
                    "AND dimension IS NOT DISTINCT FROM ?",
                    [c.value, "blank" if c.value is None else "number", rid, c.metric, c.dimension])
        touched.add(rid)
    return rows, touched


def _stored_figures(con, report_id: str) -> list[Figure]:
    return [Figure(metric=m, value=v, value_kind=vk, source_kind=sk, evidence=ev or "", raw_text=raw, dimension=d,
                   page=p)
            for m, d, v, vk, sk, raw, ev, p in con.execute(
                "SELECT metric, dimension, value, value_kind, source_kind, raw_text, evidence, page FROM figures "
                "WHERE report_id = ? ORDER BY rowid", [report_id]).fetchall()]


def revalidate(con, report_ids: set[str], templates: dict[str, str | None]) -> Counter:
    """Compute the own checks of these reports again from their stored (served) figures and
    replace them in the build. Returns the failed checks per report."""
    fails: Counter = Counter()
    for rid in sorted(report_ids):
        extraction = Extraction(ReportMeta(template=templates.get(rid)), _stored_figures(con, rid))
        checks = [c for c in validate_extraction(extraction) if c.rule not in KEPT_RULES]
        kept = ", ".join(f"'{r}'" for r in KEPT_RULES)
        con.execute(f"DELETE FROM checks WHERE report_id = ? AND rule NOT LIKE 'cross_year.%' AND rule NOT IN ({kept})",
                    [rid])
        if checks:
            con.executemany("INSERT INTO checks (report_id, rule, status, detail, metric, dimension, expected, found, "
                            "detail_code, detail_params) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            [(rid, c.rule, c.status, c.detail, c.metric, c.dimension, c.expected, c.found,
                              *check_columns(c.rule, c.status, c.metric, c.dimension, c.expected, c.found))
                             for c in checks])
        fails[rid] = con.execute("SELECT count(*) FROM checks WHERE report_id = ? AND status = 'fail' "
                                 "AND rule NOT LIKE 'cross_year.%'", [rid]).fetchone()[0]
    return fails
