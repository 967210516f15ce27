"""Compare an ingested demo corpus with its ground truth: every figure, the metadata, the checks.

Used by tests/integration/test_demo_corpus.py (which wants zero mismatches) and bench/run.py
(which reports the share of figures right per format). Reads the warehouse; writes nothing.
"""
from __future__ import annotations

import json
import math
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import duckdb

META_FIELDS = ("bureau_name", "year", "template", "province", "city", "county", "admin_level", "organ_kind",
               "published_on", "published_late")


@dataclass
class Mismatch:
    file: str
    fmt: str
    kind: str  # wrong, missing, unexpected, meta, status, checks
    key: str
    expected: object
    found: object

    def __str__(self) -> str:
        return f"{self.file} [{self.kind}] {self.key}: expected {self.expected!r}, found {self.found!r}"


@dataclass
class Grade:
    figures_expected: int = 0
    figures_right: int = 0
    mismatches: list[Mismatch] = field(default_factory=list)
    right_by_format: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))

    def of_kind(self, *kinds: str) -> list[Mismatch]:
        return [m for m in self.mismatches if m.kind in kinds]


def load_truth(corpus: Path) -> dict[str, dict]:
    """Truth by report file name (zip members by their member name)."""
    return {t["file"]: t for t in (json.loads(p.read_text(encoding="utf-8"))
                                   for p in sorted((Path(corpus) / "truth").glob("*.json")))}


def _squash(label: str) -> str:
    return re.sub(r"\s+", "", label)


def _expected_figures(truth: dict) -> dict[tuple[str, str | None], object]:
    """(metric, dimension) → truth value: a number, None (blank cell) or 'NA' (/ — 无)."""
    out: dict[tuple[str, str | None], object] = {}
    for key, value in truth["cells"].items():
        metric, _, dim = key.partition("|")
        out[(metric, dim or None)] = value
    for key, value in truth["text"].items():
        if key == "text.proactive.by_category":
            for label, n in value.items():
                out[(key, _squash(label))] = n
        else:
            out[(key, None)] = value
    return out


def _same(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-6)


def grade(db: Path, corpus: Path) -> Grade:
    truths = load_truth(corpus)
    con = duckdb.connect(str(db), read_only=True)
    try:
        reports = con.sql(f"SELECT report_id, source_path, status, error, {', '.join(META_FIELDS)} "
                          "FROM reports").fetchall()
        figures = con.sql("SELECT report_id, metric, dimension, value, value_kind, source_kind, raw_text "
                          "FROM figures").fetchall()
        checks = con.sql("SELECT report_id, rule FROM checks WHERE status = 'fail'").fetchall()
        # files whose bytes are another file's: one report row stands for both (issue 9)
        copies = con.sql("SELECT source_path, duplicate_of_path FROM source_files "
                         "WHERE duplicate_of_path IS NOT NULL").fetchall()
    finally:
        con.close()
    by_report: dict[str, dict] = defaultdict(lambda: defaultdict(list))
    for rid, metric, dim, value, kind, source, raw in figures:
        if metric == "text.proactive.by_category" and dim is not None:
            dim = _squash(dim)
        by_report[rid][(metric, dim)].append((value, kind, source, raw))
    failing: dict[str, set[str]] = defaultdict(set)
    for rid, rule in checks:
        failing[rid].add(rule)
    g = Grade()
    status_of: dict[str, str] = {}  # file name → the status of its row (the files with a row)
    for rid, path, status, error, *meta in reports:
        name = PurePosixPath(path.split("!")[-1]).name
        truth = truths.get(name)
        if truth is None:
            continue
        status_of[name] = status
        fmt = truth["format"]
        file_label = f"{truth['archive']}!{name}" if truth.get("archive") else name
        if status != truth["expected_status"]:
            g.mismatches.append(Mismatch(file_label, fmt, "status", "status", truth["expected_status"],
                                         f"{status} ({error})" if error else status))
        if truth["expected_status"] == "failed":
            continue
        for fld, found in zip(META_FIELDS, meta):
            if fld == "published_on" and found is not None:
                found = found.isoformat()
            if found != truth[fld]:
                g.mismatches.append(Mismatch(file_label, fmt, "meta", fld, truth[fld], found))
        if failing[rid] != set(truth["failing_checks"]):
            g.mismatches.append(Mismatch(file_label, fmt, "checks", "failing rules", sorted(truth["failing_checks"]),
                                         sorted(failing[rid])))
        got = by_report[rid]
        expected = _expected_figures(truth)
        approx = set(truth.get("approximate", []))
        # cells the truth says are read as derived (issue 20: OCR-like letters, stray spaces)
        derived_ok = {tuple(k.partition("|")[::2]) for k in truth.get("derived_cells", [])}
        for key, want in expected.items():
            g.figures_expected += 1
            g.right_by_format[fmt][1] += 1
            rows = [r for r in got.get(key, []) if r[2] != "derived" or (key[0], key[1] or "") in derived_ok]
            values = [r[0] for r in rows if r[0] is not None]
            label = key[0] + (f"|{key[1]}" if key[1] else "")
            if want is None or want == "NA":
                ok = not values
                kind = "wrong"
            elif not values:
                ok, kind = False, "missing"
            else:
                ok = all(_same(v, float(want)) for v in values)
                kind = "wrong"
                if ok and key[0] in approx:
                    ok = any(r[1] == "approximate" for r in rows)
            if ok:
                g.figures_right += 1
                g.right_by_format[fmt][0] += 1
            else:
                g.mismatches.append(Mismatch(file_label, fmt, kind, label, want,
                                             [(r[0], r[1], r[3]) for r in rows] or None))
        for key, rows in got.items():
            if key in expected:
                continue
            stated = [r for r in rows if r[2] != "derived" and r[0] is not None]
            if stated:
                g.mismatches.append(Mismatch(file_label, fmt, "unexpected", key[0] + (f"|{key[1]}" if key[1] else ""),
                                             None, [(r[0], r[1], r[3]) for r in stated]))
    # A generated file can come out byte for byte the same as another (two scanned PDFs drawn
    # alike): it has no row of its own, and the row of the file it copies must have its status.
    copy_of = {PurePosixPath(p.split("!")[-1]).name: PurePosixPath(o.split("!")[-1]).name for p, o in copies}
    for name, truth in truths.items():
        if name in status_of:
            continue
        original = copy_of.get(name)
        if original in status_of and status_of[original] == truth["expected_status"]:
            continue
        found = f"{status_of[original]} (the row of {original}, whose bytes it has)" if original in status_of else None
        g.mismatches.append(Mismatch(name, truth["format"], "status", "report row", "present", found))
    return g
