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
- a 0 is given as the table prints its zeros: as a 0 where 表三 prints no blank cell, as a
  blank cell (NULL, value_kind blank) where it prints no 0 (the report's convention: a blank
  and a 0 add up the same, so the equations give the count, the other cells its printed form);
  where 表三 prints both, only in a row with no blank cell, as a 0; in a row with one it stays
  NULL (which was printed there, nothing tells).

Before that, counts are never negative: an equation whose unknown cells all stand on one side
and whose read cells already balance forces every one of those cells to 0 (a row read 总计 0, or
总计 equal to the applicant columns read). This is taken only when the cells on the other side
(the row's 总计, or the column's （七）) are vouched for by an identity that holds with every cell
read, so that a total misread low cannot make zeros of what is missing, or are a 0 read clear
of any seal (etl.validate.ocr_trust._clear_zeros). A seal over a block of
cells leaves more unknowns than equations; in the sparse rows of 表三 these zeros give most of
them back, and the cells they free can then solve the rest.

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


def derive_unreadable(figures: list[Figure], ocr_pages: set[int], vouched: set[Key] = frozenset()) -> list[Check]:
    """Fill, in place, the unreadable 表三 cells of OCR pages that the identities force (see
    the module doc); one `t3.ocr_derived` check per cell filled. `vouched`: the cells that an
    identity holding with every cell read vouches for, and the 0s read clear of a seal (only
    these may balance an equation into zeros)."""
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
    # how the table prints a 0: as `0`, or as an empty cell (a `/` says not applicable, not 0)
    zeros_printed = any(f.value_kind == "number" and f.value == 0 and f.source_kind == "table" for f in cells.values())
    zeros_blank = not zeros_printed and any(f.value_kind == "blank" for f in cells.values())
    # an equation is usable when each of its cells was read or is one of the unknowns
    usable = [e for e in equations({m for m, _ in cells})
              if any(k in unknown for k in e.coef) and all(k in known or k in unknown for k in e.coef)]
    checks: list[Check] = []

    def give_back(k: Key, v: int, evidence: str, why: str) -> None:
        if v == 0 and k[0] in blank_rows and not zeros_blank:
            return  # a blank and a 0 add up the same: the equations cannot tell which was printed
        f = cells[k]
        if v == 0 and zeros_blank:
            f.value, f.value_kind, f.source_kind = None, "blank", "derived"
            evidence += "; the table prints its zeros as blank cells"
        else:
            f.value, f.value_kind, f.source_kind = float(v), "number", "derived"
        f.evidence = f"{DERIVED_MARK}, given by the identities with the other cells as read: {evidence}"
        where = f"{k[0]}" + (f" [{k[1]}]" if k[1] else "") + (f" on page {f.page}" if f.page else "")
        checks.append(Check("t3.ocr_derived", "warn", f"{where}: OCR could not read it; {why}",
                            k[0], k[1], float(v), None))

    for k, e in _forced_zeros(unknown, usable, known, vouched).items():
        known[k] = 0.0
        unknown.discard(k)
        give_back(k, 0, f"counts are never negative, and {e.name} balances with the cells read, so "
                        f"every cell of it OCR could not read is 0", f"{e.name} balances without it: 0")
    usable = [e for e in usable if any(k in unknown for k in e.coef)]
    for group, eqs in _groups(unknown, usable):
        solved = _solve(group, eqs, known)
        if solved is None:
            continue
        names = "; ".join(e.name for e in eqs)
        for k, v in solved.items():
            give_back(k, v, f"{len(eqs)} equations for {len(group)} unknown cell{'s' if len(group) > 1 else ''} "
                            f"({names}) have the one solution {v}",
                      f"{len(eqs)} identities with the other cells as read give {v} ({names})")
    return checks


def _forced_zeros(unknown: set[Key], eqs: list[Equation], known: dict[Key, float],
                  vouched: set[Key]) -> dict[Key, Equation]:
    """The unknown cells that an equation forces to 0 (see the module doc), each with the
    equation, found until no equation forces more (a zero found makes its column's or row's
    equation one unknown shorter)."""
    forced: dict[Key, Equation] = {}
    changed = True
    while changed:
        changed = False
        for e in eqs:
            open_ = [k for k in e.coef if k in unknown and k not in forced]
            if not open_ or len({e.coef[k] > 0 for k in open_}) != 1:
                continue
            side = e.coef[open_[0]] > 0
            read = [k for k in e.coef if k not in unknown or k in forced]
            balance = sum(e.coef[k] * (0.0 if k in forced else known[k]) for k in read)
            totals = [k for k in read if (e.coef[k] > 0) != side and k not in forced]
            if abs(balance) <= _WHOLE and totals and all(k in vouched for k in totals):
                for k in open_:
                    forced[k] = e
                changed = True
    return forced


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
