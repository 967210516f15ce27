"""The corrections file's format: one reviewer's fix to a cell per CSV row (PUDL's manual
fixes as data), parsed strictly (a bad line is named), and written one line at a time by the
dashboard's review page. Applying the corrections to a build is etl.load.corrections'.

    sha256,metric,dimension,value,reason,reviewer,corrected_at
    <64 hex of the source file>,t3.received_new,total,125,printed 152 in the PDF is a typo,王审核,2026-12-06

- `dimension` empty: the figure has no dimension; `value` empty: the cell is blank.

Depends on nothing else of etl, so the dashboard can write a line without importing the loader.
"""
from __future__ import annotations

import csv
import hashlib
import io
import os
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

COLUMNS = ("sha256", "metric", "dimension", "value", "reason", "reviewer", "corrected_at")
_SHA256 = re.compile(r"[0-9a-f]{64}")


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
