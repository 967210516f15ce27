"""Several run-together 表三 rows resolved at once by the table's column identities (issue 20).

t3_columns resolves a row when every other row of an equation (V1, V3) was read. When two or
more rows of the same equation ran together, none of them can be resolved alone; here the
candidate splits of those rows are searched together: every combination (one candidate per
row) is tried against every column of every equation whose other rows were read, and a row is
resolved only when all the combinations that satisfy them give it the same split. The search
is bounded: when the product of the candidates is larger than MAX_COMBINATIONS, nothing is
resolved and the rows' problems say so. Pure functions.
"""
from __future__ import annotations

import math
from itertools import product
from typing import Sequence

from etl.extract.tables.assign import Assigned, Cell
from etl.extract.tables.t3_columns import _equations, _known

MAX_COMBINATIONS = 20_000


def _components(pending: list[str], eqs: list[tuple[str, dict[str, int]]]) -> list[tuple[list[str], list]]:
    """Groups of pending rows linked by a usable equation, each with its equations."""
    groups: list[tuple[set[str], list]] = []
    for eq in eqs:
        members = {m for m in eq[1] if m in pending}
        if len(members) < 1:
            continue
        joined = [g for g in groups if g[0] & members]
        rows, used = set(members), [eq]
        for g in joined:
            rows |= g[0]
            used = g[1] + used
            groups.remove(g)
        groups.append((rows, used))
    return [([m for m in pending if m in rows], used) for rows, used in groups]


def _search(rows: list[str], eqs: list, cands: dict[str, list[list[int]]],
            known: dict[str, list[int]]) -> list[tuple[int, ...]] | None:
    """The combinations (one candidate index per row) that satisfy every equation in every
    column; None when there are too many to try."""
    if math.prod(len(cands[m]) for m in rows) > MAX_COMBINATIONS:
        return None
    n = len(next(iter(cands.values()))[0])
    # each equation's constant part (the rows as read) per column, once
    fixed = [(coef, [sum(c * known[m][col] for m, c in coef.items() if m in known) for col in range(n)])
             for _, coef in eqs]
    fits = []
    for combo in product(*(range(len(cands[m])) for m in rows)):
        chosen = {m: cands[m][k] for m, k in zip(rows, combo)}
        if all(const[col] + sum(c * chosen[m][col] for m, c in coef.items() if m in chosen) == 0
               for coef, const in fixed for col in range(n)):
            fits.append(combo)
    return fits


def resolve_jointly(rows: dict[str, Assigned], required: Sequence[str]) -> dict[str, Assigned]:
    """The rows (by metric) whose candidate splits, searched together with the other unresolved
    rows of their equations, leave exactly one split; and, for rows left unresolved because the
    search was too large, their assignment with the problem saying so."""
    eqs_all = _equations(required, set(rows))
    known = {m: v for m, a in rows.items() if (v := _known(a)) is not None}
    pending = [m for m, a in rows.items() if a.candidates and m not in known]
    # an equation is usable when each of its rows was read or has candidates
    eqs = [(name, coef) for name, coef in eqs_all
           if all(m in known or m in pending for m in coef) and any(m in pending for m in coef)]
    out: dict[str, Assigned] = {}
    for group, group_eqs in _components(pending, eqs):
        if len(group) < 2:
            continue  # one row alone: t3_columns has already tried it
        cands = {m: rows[m].candidates for m in group}
        fits = _search(group, group_eqs, cands, known)
        names = " and ".join(name for name, _ in group_eqs)
        if fits is None:
            size = math.prod(len(cands[m]) for m in group)
            for m in group:
                a = rows[m]
                out[m] = Assigned(a.cells, "", f"{a.problem} ({size} combinations with the candidates of the other "
                                              f"rows of {names}: too many to search)", None, a.candidates)
            continue
        for i, m in enumerate(group):
            chosen = {combo[i] for combo in fits}
            if len(chosen) != 1:
                continue
            split = cands[m][chosen.pop()]
            a = rows[m]
            others = [o for o in group if o != m]
            cells = [Cell(float(v), "number", str(v), c.page) for v, c in zip(split, a.cells)]
            note = (f"digits run together: {len(a.candidates)} splits fit the row sum "
                    f"({'; '.join(' '.join(map(str, c)) for c in a.candidates[:5])}); searched together with the "
                    f"candidates of {len(others)} other run-together row{'s' if len(others) != 1 else ''} "
                    f"({', '.join(others)}), the only one that also satisfies {names} with the other rows as "
                    f"read is {' | '.join(map(str, split))}")
            out[m] = Assigned(cells, "derived", None, note)
    return out
