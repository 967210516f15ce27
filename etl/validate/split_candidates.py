"""One check per run-together row the report could not resolve, carrying its candidate
splits (issue 20): `t2.split_candidates` / `t3.split_candidates`, status not_assessable.
The detail lists them in words and in JSON (etl.split_candidates), which the
warehouse reads back at every load to try the same organ's adjacent reports
(etl.load.cross_report). The stored figures do not carry the candidates, so a revalidation
from them keeps these checks as they are (etl.load.corrections.KEPT_RULES)."""
from __future__ import annotations

from typing import Iterable

from etl.split_candidates import SplitRow, encode
from etl.model import Check, Figure

RULES = ("t2.split_candidates", "t3.split_candidates")
_SHOWN = 5


def split_candidate_checks(figures: Iterable[Figure]) -> list[Check]:
    out = []
    for f in figures:
        row = f.split_candidates
        # (None for nearly every figure: the plain test passes it by before isinstance's call)
        if row is None or not isinstance(row, SplitRow):
            continue
        table = f.metric.split(".")[0]
        rule = f"{table}.split_candidates"
        if rule not in RULES:
            continue
        shown = " / ".join(" ".join(map(str, s)) for s in row.splits[:_SHOWN])
        more = ", …" if len(row.splits) > _SHOWN else ""
        words = (f"{row.evidence[:120]}: digits run together, {len(row.splits)} candidate splits ({shown}{more}) "
                 f"left unassignable; kept for the same organ's adjacent reports")
        out.append(Check(rule, "not_assessable", encode(row, words), f.metric, f.dimension))
    return out
