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

import csv
import hashlib
import io
import os
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from etl.model import Extraction, Figure, ReportMeta
from etl.validate import validate_extraction

COLUMNS = ("sha256", "metric", "dimension", "value", "reason", "reviewer", "corrected_at")
_SHA256 = re.compile(r"[0-9a-f]{64}")
# Checks the stored figures cannot recompute (they compare with a value the extractor read from
# a local statistics form and did not store as a figure): kept as they were.
KEPT_RULES = ("prose.stats_table",)


class CorrectionsError(ValueError):
    """A corrections file that cannot be used; the message names the file and the line."""


@dataclass(frozen=True)
class Correction:
    line: int  # line number in the file (the header is line 1)
    sha256: str
    metric: str
    dimension: str | None
    value: float | None  # None: the cell is blank
    reason: str
    reviewer: str
    corrected_at: datetime


@dataclass(frozen=True)
class CorrectionsFile:
    path: str
    sha256: str
    rows: tuple[Correction, ...]


def _parse_value(text: str) -> float | None:
    text = text.strip().replace(",", "")
    if not text:
        return None
    value = float(text)  # ValueError for anything that is not a number
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError(f"not a finite number: {text!r}")
    return value


def _parse_when(text: str) -> datetime:
    text = text.strip()
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).replace(tzinfo=None)
    except ValueError:
        return datetime.combine(date.fromisoformat(text), datetime.min.time())


def parse_corrections(data: bytes, path: str = "corrections") -> CorrectionsFile:
    """The rows of a corrections file, or CorrectionsError naming the first bad line."""
    sha = hashlib.sha256(data).hexdigest()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CorrectionsError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise CorrectionsError(f"{path}, line 1: empty file (the header {','.join(COLUMNS)} is required)") from None
    except csv.Error as exc:
        raise CorrectionsError(f"{path}, line 1: {exc}") from None
    if tuple(h.strip() for h in header) != COLUMNS:
        raise CorrectionsError(f"{path}, line 1: the header must be {','.join(COLUMNS)}, found {','.join(header)}")
    rows: list[Correction] = []
    seen: dict[tuple[str, str, str | None], int] = {}
    while True:
        try:
            fields = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise CorrectionsError(f"{path}, line {reader.line_num}: {exc}") from None
        line = reader.line_num
        if not any(f.strip() for f in fields):
            continue  # blank line
        if len(fields) != len(COLUMNS):
            raise CorrectionsError(f"{path}, line {line}: {len(fields)} fields, expected {len(COLUMNS)} ({','.join(COLUMNS)})")
        sha256, metric, dimension, value, reason, reviewer, corrected_at = (f.strip() for f in fields)
        sha256 = sha256.lower()
        if not _SHA256.fullmatch(sha256):
            raise CorrectionsError(f"{path}, line {line}: sha256 must be 64 hexadecimal digits, found {sha256!r}")
        if not metric:
            raise CorrectionsError(f"{path}, line {line}: metric is empty")
        try:
            number = _parse_value(value)
        except ValueError:
            raise CorrectionsError(f"{path}, line {line}: value must be a number or empty (blank), found {value!r}") from None
        if not reason:
            raise CorrectionsError(f"{path}, line {line}: reason is empty (say why the cell is corrected)")
        if not reviewer:
            raise CorrectionsError(f"{path}, line {line}: reviewer is empty")
        try:
            when = _parse_when(corrected_at)
        except ValueError:
            raise CorrectionsError(f"{path}, line {line}: corrected_at must be an ISO date or time, "
                                   f"found {corrected_at!r}") from None
        key = (sha256, metric, dimension or None)
        if key in seen:
            raise CorrectionsError(f"{path}, line {line}: the same cell is corrected on line {seen[key]}")
        seen[key] = line
        rows.append(Correction(line, sha256, metric, dimension or None, number, reason, reviewer, when))
    return CorrectionsFile(path, sha, tuple(rows))


def read_corrections(path: str | Path) -> CorrectionsFile:
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise CorrectionsError(f"{path}: cannot read the corrections file ({exc.strerror or exc})") from None
    return parse_corrections(data, str(path))


def correction_line(sha256: str, metric: str, dimension: str | None, value: float | None, reason: str,
                    reviewer: str, corrected_at: datetime | date | str) -> str:
    """One row of a corrections file (CSV, with its line break), as the review page exports it."""
    out = io.StringIO()
    when = corrected_at.isoformat() if isinstance(corrected_at, (date, datetime)) else corrected_at
    number = "" if value is None else (str(int(value)) if float(value).is_integer() else repr(float(value)))
    csv.writer(out, lineterminator="\n").writerow([sha256, metric, dimension or "", number, reason, reviewer, when])
    return out.getvalue()


HEADER_LINE = ",".join(COLUMNS) + "\n"


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
            con.executemany("INSERT INTO checks (report_id, rule, status, detail, metric, dimension, expected, found) "
                            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                            [(rid, c.rule, c.status, c.detail, c.metric, c.dimension, c.expected, c.found)
                             for c in checks])
        fails[rid] = con.execute(f"SELECT count(*) FROM checks WHERE report_id = ? AND status = 'fail' "
                                 "AND rule NOT LIKE 'cross_year.%'", [rid]).fetchone()[0]
    return fails


def append_correction(path: str | Path, line: str) -> None:
    """Append one correction line (correction_line) to the file, writing the header first
    when the file is new or empty. Locked, so two dashboard sessions do not interleave."""
    import fcntl

    parse_corrections((HEADER_LINE + line).encode(), "the new line")  # raises before touching the file
    path = Path(path)
    with open(path, "a+b") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            fh.seek(0, 2)
            if fh.tell() == 0:
                fh.write(HEADER_LINE.encode())
            else:
                fh.seek(-1, 2)
                if fh.read(1) != b"\n":
                    fh.write(b"\n")
            fh.write(line.encode("utf-8"))
            fh.flush()
            os.fsync(fh.fileno())
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)
