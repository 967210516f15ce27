"""Run-together 表三 rows resolved by the table's column identities (issue 20).

A row whose digits ran together (`2120011 25`) may admit several splits that satisfy its
own row sum (V2). The columns of 表三 obey two more identities, per applicant column:
V1  一、本年新收 + 二、上年结转 = （七）总计 + 四、结转下年度
V3  （七）总计 = the outcome rows (予以公开 … （六）其他处理)
When every other row of such an equation was read, the equation gives the row's value in
every column, and the candidates that do not match are dropped. A row is resolved only when
exactly one candidate is left; the cells are then `derived` and the note names the equation.
Resolved rows may resolve others in turn. Pure functions.
"""
from __future__ import annotations

from typing import Sequence

from etl.extract.tables.assign import Assigned, Cell
from etl.metadata.identities import V1_BALANCE, V1_NAME

_OUTCOME_PREFIXES = ("t3.granted", "t3.partially_granted", "t3.denied.", "t3.unavailable.", "t3.not_processed.")
_OTHER_SUBROWS = ("t3.other.overdue_correction", "t3.other.overdue_fee", "t3.other.misc")


def _equations(required: Sequence[str], present: set[str]) -> list[tuple[str, dict[str, int]]]:
    """The column equations (name, metric → coefficient, summing to 0) the table can use:
    V3 only when every outcome row of the template and the （六） row(s) were found."""
    eqs = [(V1_NAME, dict(V1_BALANCE))]
    outcomes = [m for m in required if m.startswith(_OUTCOME_PREFIXES)]
    other = list(_OTHER_SUBROWS) if all(m in present for m in _OTHER_SUBROWS) else ["t3.other"]
    if outcomes and all(m in present for m in outcomes + other):
        eqs.append(("V3 (（七）总计 = the outcome rows)",
                    {"t3.total_processed": 1, **{m: -1 for m in outcomes + other}}))
    return eqs


def _known(a: Assigned) -> list[int] | None:
    """The row's values when every cell is a whole number (blank cells count as 0, as the
    identity checks read them)."""
    out = []
    for c in a.cells:
        if c.kind == "blank" or c.kind == "not_applicable":
            out.append(0)
        elif c.value is not None and float(c.value).is_integer():
            out.append(int(c.value))
        else:
            return None
    return out


def resolve_by_columns(rows: dict[str, Assigned], required: Sequence[str]) -> dict[str, Assigned]:
    """The rows (by metric) that the column identities resolve, as their new assignment."""
    eqs = _equations(required, set(rows))
    resolved: dict[str, Assigned] = {}
    changed = True
    while changed:
        changed = False
        current = {**rows, **resolved}
        for metric, a in current.items():
            if a.candidates is None or metric in resolved:
                continue
            left = a.candidates
            used = []
            for name, coef in eqs:
                if metric not in coef:
                    continue
                others = {m: _known(current[m]) if m in current else None for m in coef if m != metric}
                if any(v is None for v in others.values()):
                    continue
                n = len(left[0])
                # coef[metric] * x + Σ coef[m] * v[m] = 0 → x = -Σ / coef[metric]
                forced = [-sum(coef[m] * v[col] for m, v in others.items()) * coef[metric] for col in range(n)]
                left = [c for c in left if c == forced]
                used.append(name)
            if len(left) == 1 and used:
                cells = [Cell(float(v), "number", str(v), c.page) for v, c in zip(left[0], a.cells)]
                note = (f"digits run together: {len(a.candidates)} splits fit the row sum "
                        f"({'; '.join(' '.join(map(str, c)) for c in a.candidates[:5])}); the only one that also "
                        f"satisfies {' and '.join(used)} with the other rows as read is {' | '.join(map(str, left[0]))}")
                resolved[metric] = Assigned(cells, "derived", None, note)
                changed = True
    return resolved
