"""表三 cells OCR could not read, given back by the template identities (issue 18).

A seal or noise over a few cells of 表三 leaves them NULL (`unreadable`), yet every cell of
表三 lies in two identities: its row's V2 (总计 = the six applicant columns) and its column's
V1 (一 + 二 = （七） + 四) or V3 (（七）总计 = the outcome rows). With the other cells as read,
the identities are linear equations in the unreadable cells. They are solved per group of
unreadable cells that share equations, and a group's values are taken only when

- the equations determine every cell of the group (one solution, none free), and still do
  without any one of them, and the solution satisfies all of them: then every equation is
  checked by the others, and a misread among the cells they rest on shows as a contradiction,
- every value is a whole number ≥ 0,
- no value is a 0 whose row prints a blank cell (a blank and a 0 add up the same, so the
  equations cannot tell them apart there).

A cell so solved is `derived` (value_kind number), its evidence says which equations forced
it, and a `t3.ocr_derived` check names it. Anything else stays NULL. Pure functions.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from etl.metadata.identities import V1_BALANCE
from etl.metadata.label_maps import layout
from etl.model import Check, Figure

# V3's outcome rows (formats.md §5.2), as etl.validate.identities checks them
_OUTCOMES = ("t3.granted", "t3.partially_granted",
             *(f"t3.denied.{k}" for k in ("state_secret", "law_prohibited", "security_stability", "third_party",
                                          "internal_affairs", "process_info", "enforcement_file", "admin_query")),
             "t3.unavailable.not_held", "t3.unavailable.needs_creation", "t3.unavailable.unclear",
             *(f"t3.not_processed.{k}" for k in ("complaint", "repeat", "publication", "mass_repeat",
                                                 "confirmation")))
_OTHER_SUBROWS = ("t3.other.overdue_correction", "t3.other.overdue_fee", "t3.other.misc")
_TABLE_KINDS = ("table", "derived")
# how far a solved value may lie from a whole number and still be one (floating-point noise)
_WHOLE = 1e-6
DERIVED_MARK = "scanned cell OCR could not read"

Key = tuple[str, str | None]


@dataclass(frozen=True)
class Equation:
    name: str  # V1 / V2 / V3 and where, in words
    coef: dict[Key, int]  # cell → coefficient; the coefficients times the values sum to 0
    check: tuple[str, str, str | None]  # (rule, metric, dimension) of the check etl.validate.identities makes of it


def equations(metrics: set[str]) -> list[Equation]:
    """V1, V2 and V3 over the 表三 cells of a report whose rows are `metrics`."""
    lay = layout()
    dims, labels = lay.t3_columns, lay.t3_column_labels
    out = []
    for dim, label in zip(dims, labels):
        out.append(Equation(f"V1 (一 + 二 = （七） + 四) in column {label}",
                            {(m, dim): c for m, c in V1_BALANCE.items()}, ("t3.balance", "t3.total_processed", dim)))
        other = _OTHER_SUBROWS if any(m in metrics for m in _OTHER_SUBROWS) else ("t3.other",)
        out.append(Equation(f"V3 (（七）总计 = the outcome rows) in column {label}",
                            {("t3.total_processed", dim): 1, **{(m, dim): -1 for m in _OUTCOMES + other}},
                            ("t3.outcome_sum", "t3.total_processed", dim)))
    for m in sorted(x for x in metrics if x.startswith("t3.")):
        out.append(Equation(f"V2 (总计 = the six applicant columns) in row {m}",
                            {**{(m, d): 1 for d in dims[:-1]}, (m, dims[-1]): -1}, ("t3.row_sum", m, dims[-1])))
    return out


def derive_unreadable(figures: list[Figure], ocr_pages: set[int]) -> list[Check]:
    """Fill, in place, the unreadable 表三 cells of OCR pages that the identities force (see
    the module doc); one `t3.ocr_derived` check per cell filled."""
    cells: dict[Key, Figure] = {}
    for f in figures:
        if f.source_kind in _TABLE_KINDS and f.metric.startswith("t3."):
            cells.setdefault((f.metric, f.dimension), f)
    unknown = {k for k, f in cells.items() if f.value_kind == "unreadable" and f.page in ocr_pages}
    if not unknown:
        return []
    known: dict[Key, float] = {}
    blank_rows: set[str] = set()
    for k, f in cells.items():
        if f.value_kind == "number" and f.value is not None:
            known[k] = f.value
        elif f.value_kind in ("blank", "not_applicable"):
            known[k] = 0.0
            blank_rows.add(k[0])
    # an equation is usable when each of its cells was read or is one of the unknowns
    usable = [e for e in equations({m for m, _ in cells})
              if any(k in unknown for k in e.coef) and all(k in known or k in unknown for k in e.coef)]
    checks: list[Check] = []
    for group, eqs in _groups(unknown, usable):
        solved = _solve(group, eqs, known)
        if solved is None:
            continue
        names = "; ".join(e.name for e in eqs)
        for k, v in solved.items():
            if v == 0 and k[0] in blank_rows:
                continue
            f = cells[k]
            f.value, f.value_kind, f.source_kind = float(v), "number", "derived"
            f.evidence = (f"{DERIVED_MARK}, given by the identities with the other cells as read: "
                          f"{len(eqs)} equations for {len(group)} unknown cell{'s' if len(group) > 1 else ''} "
                          f"({names}) have the one solution {v}")
            where = f"{k[0]}" + (f" [{k[1]}]" if k[1] else "") + (f" on page {f.page}" if f.page else "")
            checks.append(Check("t3.ocr_derived", "warn",
                                f"{where}: OCR could not read it; {len(eqs)} identities with the other cells as "
                                f"read give {v} ({names})", k[0], k[1], float(v), None))
    return checks


def _groups(unknown: set[Key], eqs: list[Equation]) -> list[tuple[list[Key], list[Equation]]]:
    """The unknowns linked by shared equations, each group with its equations."""
    parent = {k: k for k in unknown}

    def find(k: Key) -> Key:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for e in eqs:
        ks = [k for k in e.coef if k in unknown]
        for k in ks[1:]:
            parent[find(k)] = find(ks[0])
    out: dict[Key, tuple[list[Key], list[Equation]]] = {}
    for k in sorted(unknown, key=str):
        out.setdefault(find(k), ([], []))[0].append(k)
    for e in eqs:
        root = find(next(k for k in e.coef if k in unknown))
        out[root][1].append(e)
    return [g for g in out.values() if g[1]]


def _solve(group: list[Key], eqs: list[Equation], known: dict[Key, float]) -> dict[Key, int] | None:
    """The group's values when the equations determine them without any one of them, agree,
    and give whole numbers ≥ 0; None otherwise."""
    if len(eqs) <= len(group):
        return None
    index = {k: i for i, k in enumerate(group)}
    a = np.zeros((len(eqs), len(group)))
    b = np.zeros(len(eqs))
    for r, e in enumerate(eqs):
        for k, c in e.coef.items():
            if k in index:
                a[r, index[k]] = c
            else:
                b[r] -= c * known[k]
    if any(np.linalg.matrix_rank(np.delete(a, r, axis=0)) < len(group) for r in range(len(eqs))):
        return None  # some equation is the only one to fix a cell: nothing would check it
    x, *_ = np.linalg.lstsq(a, b, rcond=None)
    if not np.allclose(a @ x, b, atol=_WHOLE):
        return None  # the equations contradict each other: a cell they rest on is misread
    values = np.round(x)
    if np.any(np.abs(x - values) > _WHOLE) or np.any(values < 0):
        return None
    return {k: int(values[index[k]]) for k in group}
