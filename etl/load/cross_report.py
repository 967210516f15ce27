"""Run-together rows resolved by the same organ's adjacent reports, at every load (issue 20).

A report whose row ran together and that several splits fit keeps the row unassignable, with
the candidates in its `t2/t3.split_candidates` check (etl.validate.split_candidates). After
all reports are in the build (and after the corrections), this pass:

1. withdraws what it derived at an earlier load (cells copied from the live database): they
   go back to unassignable with the row's printed evidence, so nothing it derived outlives
   the report that forced it;
2. for each row with candidates, reads the same bureau's preferred reports of the year before
   and the year after (their cells as served now, none of them derived by this pass) and keeps
   the candidates that satisfy the identities between two years:
   - 表三 carry-over: 四、结转下年度 (y-1) = 二、上年结转 (y), per applicant column;
   - 2021 表二 stock and flow: 现行有效件数 (y-1) + 本年制发件数 (y) − 本年废止件数 (y) =
     现行有效件数 (y), for 规章 and 行政规范性文件;
   a row is resolved only when exactly one candidate is left: its cells become `derived`, the
   evidence names the identity and the other report (rule t2/t3.cross_report_split).

Because it starts from the stored candidates every time, a rerun gives the same result and a
changed neighbour re-derives or withdraws the split. A row with a corrected cell is left to
the correction.
"""
from __future__ import annotations

from collections import defaultdict
from typing import Callable, NamedTuple

import polars as pl

from etl.metadata.identities import V1_BALANCE, V1_NAME
from etl.metadata.reasons import error_columns, is_notice
from etl.split_candidates import SplitRow, decode
from etl.validate.split_candidates import RULES as CANDIDATE_RULES

_STOCKS = ("t2.regulations", "t2.normative_docs")
_T2_LABELS = {"t2.regulations": "规章", "t2.normative_docs": "行政规范性文件"}
_FLOW = ("issued", "repealed", "in_force")
_EVIDENCE_LIMIT = 500  # as the pipeline stores it
_DERIVED_HERE = "source_kind = 'derived' AND extracted_value_kind = 'unassignable'"


class Pending(NamedTuple):
    report_id: str
    row: SplitRow


class Constraint(NamedTuple):
    """What an adjacent report says of a candidate: `fits(split)`; `identity` and `other` in
    words for the evidence."""

    fits: Callable[[tuple[int, ...]], bool]
    identity: str
    other: dict  # the adjacent report's reports row


def _candidate_rows(con) -> list[Pending]:
    rules = ", ".join(f"'{r}'" for r in CANDIDATE_RULES)
    out = []
    for rid, detail in con.execute(f"SELECT report_id, detail FROM checks WHERE rule IN ({rules}) "
                                   "ORDER BY report_id, rowid").fetchall():
        row = decode(detail or "")
        if row is not None:
            out.append(Pending(rid, row))
    return out


def withdraw(con, pending: list[Pending]) -> set[str]:
    """Put the cells this pass derived at an earlier load back to unassignable (a corrected
    cell keeps the reviewer's value, but no longer says it was derived). Returns the reports."""
    touched = {rid for (rid,) in con.execute(f"SELECT DISTINCT report_id FROM figures WHERE {_DERIVED_HERE}")
               .fetchall()}
    if not touched:
        return set()
    rows = [(None, None, p.row.evidence[:_EVIDENCE_LIMIT], p.report_id, m, d) for p in pending
            if p.report_id in touched for m, d in p.row.cells]
    _update_cells(con, rows, "source_kind = 'table', evidence = c.evidence",
                  f"figures.{_DERIVED_HERE.replace(' AND ', ' AND figures.')}")
    # any left (their candidates check gone): still not derived
    con.execute(f"UPDATE figures SET source_kind = 'table' WHERE {_DERIVED_HERE}")
    con.execute("UPDATE figures SET value = NULL, value_kind = 'unassignable', raw_text = NULL "
                "WHERE extracted_value_kind = 'unassignable' AND value_kind <> 'unassignable' AND NOT corrected")
    return touched


def _served(con, report_ids: set[str]) -> dict[str, dict[tuple[str, str | None], tuple[float | None, str, bool]]]:
    """(value, value_kind, corrected) of the table cells these reports serve, by (metric, dimension)."""
    out: dict[str, dict] = defaultdict(dict)
    if not report_ids:
        return out
    ids = sorted(report_ids)
    for rid, m, d, v, vk, corrected in con.execute(
            f"SELECT report_id, metric, dimension, value, value_kind, corrected FROM figures WHERE report_id IN "
            f"({', '.join('?' * len(ids))}) AND (metric LIKE 't2.%' OR metric LIKE 't3.%') "
            "AND source_kind IN ('table', 'derived') ORDER BY rowid", ids).fetchall():
        out[rid].setdefault((m, d), (v, vk, corrected))
    return out


def _known(cells: dict, keys) -> list[int] | None:
    """The cells' whole-number values (blank and not-applicable read as 0, as the identity
    checks read them); None when any is missing, unassignable or not a whole number."""
    out = []
    for key in keys:
        v, vk, _ = cells.get(key, (None, "absent", False))
        if vk in ("blank", "not_applicable"):
            out.append(0)
        elif vk == "number" and v is not None and float(v).is_integer():
            out.append(int(v))
        else:
            return None
    return out


def _constraints(p: Pending, rep: dict, prev: dict | None, nxt: dict | None, served: dict) -> list[Constraint]:
    metrics = [m for m, _ in p.row.cells]
    out: list[Constraint] = []
    # 表三: this row and the other report's row that must print the same numbers
    for mine, theirs, other in (("t3.carried_over", "t3.carried_forward", prev),
                                ("t3.carried_forward", "t3.carried_over", nxt)):
        if other is None or any(m != mine for m in metrics):
            continue
        forced = _known(served.get(other["report_id"], {}), [(theirs, d) for _, d in p.row.cells])
        if forced is not None:
            earlier, later = (other, rep) if other is prev else (rep, other)
            out.append(Constraint(lambda s, f=tuple(forced): s == f,
                                  f"{earlier['year']} 四、结转下年度继续办理 = {later['year']} 二、上年结转 "
                                  f"({' '.join(map(str, forced))})", other))
    key = next((k for k in _STOCKS if metrics == [f"{k}.{c}" for c in _FLOW]), None)
    if key is not None and rep.get("template") == "t2021":
        label = _T2_LABELS[key]
        if prev is not None and prev.get("template") == "t2021":
            stock = _known(served.get(prev["report_id"], {}), [(f"{key}.in_force", None)])
            if stock is not None:
                out.append(Constraint(lambda s, k=stock[0]: k + s[0] - s[1] == s[2],
                                      f"表二 {label}: {prev['year']} 现行有效件数 {stock[0]} + 本年制发件数 − "
                                      f"本年废止件数 = {rep['year']} 现行有效件数", prev))
        if nxt is not None and nxt.get("template") == "t2021":
            flow = _known(served.get(nxt["report_id"], {}), [(f"{key}.{c}", None) for c in _FLOW])
            if flow is not None:
                was = flow[2] - flow[0] + flow[1]
                out.append(Constraint(lambda s, w=was: s[2] == w,
                                      f"表二 {label}: {rep['year']} 现行有效件数 + {nxt['year']} 本年制发件数 "
                                      f"{flow[0]} − 本年废止件数 {flow[1]} = {nxt['year']} 现行有效件数 {flow[2]}",
                                      nxt))
    return out


def _note(p: Pending, split: tuple[int, ...], used: list[Constraint]) -> str:
    listed = "; ".join(" ".join(map(str, s)) for s in p.row.splits[:5]) + ("; …" if len(p.row.splits) > 5 else "")
    whom = " and ".join(f"{c.identity} with the same organ's report of {c.other['year']} ({c.other['report_id']})"
                        for c in used)
    return (f"{p.row.evidence[:200]} [digits run together: {len(p.row.splits)} candidate splits ({listed}); the only "
            f"one that satisfies {whom} is {' | '.join(map(str, split))}]")


def resolve(con, reports: list[dict], pending: list[Pending]) -> set[Pending]:
    """Resolve what the adjacent reports force; returns the rows resolved."""
    if not pending:
        return set()
    by_id = {r["report_id"]: r for r in reports}
    by_bureau: dict[str, dict[int, dict]] = defaultdict(dict)
    for rep in reports:  # the reports the cross-year checks compare (etl.validate.cross_year)
        if rep.get("is_preferred") and rep.get("bureau_id") and rep.get("year") and rep.get("status") != "failed":
            by_bureau[rep["bureau_id"]].setdefault(rep["year"], rep)
    neighbours = {}
    for p in pending:
        rep = by_id.get(p.report_id)
        if rep is None or not rep.get("bureau_id") or not rep.get("year"):
            continue
        years = by_bureau.get(rep["bureau_id"], {})
        neighbours[p.report_id] = (rep, years.get(rep["year"] - 1), years.get(rep["year"] + 1))
    ids = {r["report_id"] for rep_prev_next in neighbours.values() for r in rep_prev_next if r is not None}
    served = _served(con, ids)  # read before anything is resolved: no split feeds another
    done: dict[Pending, tuple[tuple[int, ...], list[Constraint]]] = {}
    updates = []
    for p in pending:
        if p.report_id not in neighbours:
            continue
        rep, prev, nxt = neighbours[p.report_id]
        own = served.get(p.report_id, {})
        if any(own.get(c, (None, "absent", False))[1] != "unassignable" or own[c][2] for c in p.row.cells):
            continue  # read after all, or corrected: not this pass's to decide
        used = _constraints(p, rep, prev, nxt, served)
        if not used:
            continue
        left = [s for s in p.row.splits if all(c.fits(s) for c in used)]
        if len(left) != 1:
            continue
        note = _note(p, left[0], used)[:_EVIDENCE_LIMIT]
        updates += [(float(v), str(v), note, p.report_id, m, d) for (m, d), v in zip(p.row.cells, left[0])]
        done[p] = (left[0], used)
    updates += _chained_by_balance(pending, done, served)
    _update_cells(con, updates, "value = c.value, value_kind = 'number', source_kind = 'derived', "
                                "raw_text = c.raw_text, evidence = c.evidence",
                  "figures.value_kind = 'unassignable' AND NOT figures.corrected")
    return set(done)


def _update_cells(con, rows: list[tuple], assignments: str, condition: str) -> None:
    """UPDATE figures from rows (value, raw_text, evidence, report_id, metric, dimension) in
    one statement (a statement per cell costs a millisecond each at 100,000 reports)."""
    if not rows:
        return
    cells = pl.DataFrame(rows, schema={"value": pl.Float64, "raw_text": pl.Utf8, "evidence": pl.Utf8,
                                       "report_id": pl.Utf8, "metric": pl.Utf8, "dimension": pl.Utf8}, orient="row")
    con.register("_split_cells", cells.to_arrow())
    try:
        con.execute(f"UPDATE figures SET {assignments} FROM _split_cells c WHERE figures.report_id = c.report_id "
                    f"AND figures.metric = c.metric AND figures.dimension IS NOT DISTINCT FROM c.dimension "
                    f"AND {condition}")
    finally:
        con.unregister("_split_cells")


_V1 = V1_BALANCE  # per applicant column: 一 + 二 − （七） − 四 = 0


def _chained_by_balance(pending: list[Pending], done: dict, served: dict) -> list[tuple]:
    """A 表三 row of V1 still open in a report where another row of V1 was just resolved by
    an adjacent report: when every other row of V1 is now known, V1 gives this row in every
    column, and it is resolved when exactly one of its candidates matches (its evidence names
    the adjacent report too: withdrawn with it). Adds to `done`; returns the figure updates."""
    updates = []
    changed = True
    while changed:
        changed = False
        rows = {(p.report_id, p.row.cells[0][0]): p for p in pending if p.row.cells[0][0] in _V1}
        for (rid, metric), p in rows.items():
            if p in done or not any(q in done and q.report_id == rid for q in rows.values()):
                continue
            if any(served.get(rid, {}).get(c, (None, "absent", False))[1] != "unassignable" for c in p.row.cells):
                continue
            dims = [d for _, d in p.row.cells]
            known = {}
            for other in _V1:
                if other == metric:
                    continue
                q = rows.get((rid, other))
                known[other] = (list(done[q][0]) if q in done else None) if q is not None else \
                    _known(served.get(rid, {}), [(other, d) for d in dims])
            if any(v is None for v in known.values()):
                continue
            forced = tuple(-sum(_V1[o] * v[c] for o, v in known.items()) * _V1[metric] for c in range(len(dims)))
            left = [s for s in p.row.splits if s == forced]
            if len(left) != 1:
                continue
            via = [(q, done[q][1]) for q in rows.values() if q in done and q.report_id == rid]
            whom = "; ".join(f"{q.row.cells[0][0]} as derived with the same organ's report of {c.other['year']} "
                             f"({c.other['report_id']})" for q, used in via for c in used)
            listed = "; ".join(" ".join(map(str, s)) for s in p.row.splits[:5])
            note = (f"{p.row.evidence[:200]} [digits run together: {len(p.row.splits)} candidate splits ({listed}); "
                    f"the only one that satisfies {V1_NAME} with {whom} is {' | '.join(map(str, forced))}]")
            updates += [(float(v), str(v), note[:_EVIDENCE_LIMIT], rid, m, d) for (m, d), v in zip(p.row.cells, forced)]
            done[p] = (forced, [c for _, used in via for c in used])
            changed = True
    return updates


def restate_reports(reports: list[dict], pending: list[Pending], resolved: set[Pending]) -> None:
    """The reports rows' error and status as the served cells now stand: a resolved row's
    problem line leaves `error` (the report is `parsed` when nothing else is left), an open
    row's is there (the report `partial`). Lines of other problems are kept as they are."""
    by_id = {r["report_id"]: r for r in reports}
    rows: dict[str, list[Pending]] = defaultdict(list)
    for p in pending:
        if p.row.problem and p.report_id in by_id:
            rows[p.report_id].append(p)
    for rid, ps in rows.items():
        rep = by_id[rid]
        if rep.get("status") not in ("parsed", "partial"):
            continue
        mine = {p.row.problem for p in ps}
        others = [x for x in (rep.get("error") or "").split("; ") if x and x not in mine]
        still_open = [p.row.problem for p in ps if p not in resolved]
        error = "; ".join(dict.fromkeys(others + still_open)) or None
        if error != rep.get("error"):
            rep["error"] = error
            rep["error_code"], rep["error_reasons"] = error_columns(error)
        if still_open:
            rep["status"] = "partial"
        elif all(is_notice(x) for x in others):  # (notices, such as 繁体 read as 简体, are no problem)
            rep["status"] = "parsed"


def resolve_across_reports(con, reports: list[dict]) -> set[str]:
    """The whole pass over a build (`con` selects it): withdraw, then resolve. Returns the
    reports whose served cells may have changed (to be validated again)."""
    before = _derived_here(con)
    pending = _candidate_rows(con)
    withdraw(con, pending)
    restate_reports(reports, pending, resolve(con, reports, pending))
    # only the reports whose derived cells differ from the build's start: a rerun that derives
    # the same cells again changes nothing (and validates nothing again)
    return {row[0] for row in before ^ _derived_here(con)}


def _derived_here(con) -> set[tuple]:
    return set(con.execute(f"SELECT report_id, metric, dimension, value, evidence FROM figures WHERE {_DERIVED_HERE}")
               .fetchall())
