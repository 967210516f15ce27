"""The candidate splits of a run-together row that the report itself could not resolve, kept
for the warehouse (issue 20).

A row whose digits ran together and that several splits fit (its own identity, the other
rows of its table) stays unassignable; its candidates go into the report's
`t2.split_candidates` / `t3.split_candidates` check (status not_assessable), whose detail is
words followed by the candidates in JSON. At every load, etl.load.cross_report reads them
back and may resolve the row with the same organ's adjacent reports. Pure functions.
"""
from __future__ import annotations

import json
from typing import NamedTuple, Sequence

MARKER = " candidates="  # the JSON starts after this in the check's detail


class SplitRow(NamedTuple):
    """A row's cells (metric, dimension) and its candidate splits (one value per cell)."""

    cells: tuple[tuple[str, str | None], ...]
    splits: tuple[tuple[int, ...], ...]
    evidence: str  # the row as printed (the cells' evidence, put back when a split is withdrawn)
    problem: str = ""  # the report's problem line for the row (reports.error), while it is unresolved


def make_split_row(metrics: Sequence[str], dimensions: Sequence[str | None], splits: Sequence[Sequence[int]],
                   evidence: str, problem: str = "") -> SplitRow:
    return SplitRow(tuple(zip(metrics, dimensions)), tuple(tuple(int(v) for v in s) for s in splits), evidence,
                    problem)


def encode(row: SplitRow, words: str) -> str:
    """The check's detail: `words`, then the row's candidates as JSON."""
    data = {"cells": [list(c) for c in row.cells], "splits": [list(s) for s in row.splits], "evidence": row.evidence,
            "problem": row.problem}
    return f"{words}{MARKER}{json.dumps(data, ensure_ascii=False, separators=(',', ':'))}"


def decode(detail: str) -> SplitRow | None:
    """The row a check's detail carries; None when it carries none (or not in this form)."""
    at = detail.find(MARKER)
    if at < 0:
        return None
    try:
        data = json.loads(detail[at + len(MARKER):])
        cells = tuple((m, d) for m, d in data["cells"])
        splits = tuple(tuple(int(v) for v in s) for s in data["splits"])
    except (ValueError, KeyError, TypeError):
        return None
    if not splits or any(len(s) != len(cells) for s in splits):
        return None
    return SplitRow(cells, splits, str(data.get("evidence", "")), str(data.get("problem", "")))
