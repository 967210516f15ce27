"""Checks across years of the same bureau (run over the whole warehouse at build time).

Only preferred reports are compared, and only a bureau's reports of consecutive years:
- cross_year.carry_over: 表三 四、结转下年度继续办理 of year y-1 = 二、上年结转 of year y, per
  applicant column (an identity between two reports: fail when it breaks);
- cross_year.in_force_stock: 2021 表二 现行有效件数(y) = 现行有效件数(y-1) + 本年制发件数(y) −
  本年废止件数(y) (heuristic H1: documents get revised and organs restructured, so warn).
The check row belongs to the later year's report.
"""
from __future__ import annotations

from collections import defaultdict

from etl.metadata.label_maps import layout

_STOCKS = (("t2.regulations", "规章"), ("t2.normative_docs", "行政规范性文件"))
# The only figures these checks read (the warehouse build keeps just these in memory).
METRICS_READ = ("t3.carried_forward", "t3.carried_over",
                *(f"{key}.{c}" for key, _ in _STOCKS for c in ("in_force", "issued", "repealed")))
SOURCE_KINDS_READ = ("table", "derived")


def _fmt(v: float | None) -> str:
    if v is None:
        return "?"
    return str(int(v)) if float(v).is_integer() else f"{v:g}"


def _row(report_id: str, rule: str, status: str, detail: str, metric: str | None = None,
         dimension: str | None = None, expected: float | None = None, found: float | None = None) -> dict:
    return {"report_id": report_id, "rule": rule, "status": status, "detail": detail, "metric": metric,
            "dimension": dimension, "expected": expected, "found": found}


_ABSENT = object()


class ReportValues:
    """The cells of one report these checks read, as a mapping (metric, dimension) → value
    (None when the cell is not a number) that keeps one list slot per cell a check can read:
    a warehouse build keeps one of these for every report until its global passes, and a dict
    of ~20 entries cost three times as much."""

    __slots__ = ("_slots",)

    def __init__(self) -> None:
        self._slots = [_ABSENT] * len(_KEYS)

    def set(self, key: tuple[str, str | None], value: float | None) -> None:
        i = _INDEX.get(key)
        if i is not None:  # a cell no check reads is not kept
            self._slots[i] = value

    def get(self, key: tuple[str, str | None], default=None):
        i = _INDEX.get(key)
        v = self._slots[i] if i is not None else _ABSENT
        return default if v is _ABSENT else v

    def __contains__(self, key: tuple[str, str | None]) -> bool:
        i = _INDEX.get(key)
        return i is not None and self._slots[i] is not _ABSENT


# every (metric, dimension) a check reads: 表三's carry-over rows per applicant column, 表二's stocks
_KEYS = (*((m, dim) for m in ("t3.carried_forward", "t3.carried_over") for dim in layout().t3_columns),
         *((f"{key}.{c}", None) for key, _ in _STOCKS for c in ("in_force", "issued", "repealed")))
_INDEX = {key: i for i, key in enumerate(_KEYS)}
Values = dict[str, ReportValues]


def add_values(out: Values, figures) -> None:
    """Add the figures (dicts) these checks read to `out` (report_id → its ReportValues).
    Figures of other metrics or source kinds are ignored."""
    add_value_rows(out, ((f["report_id"], f["metric"], f.get("dimension"), f.get("value"), f.get("value_kind"))
                         for f in figures
                         if f.get("source_kind") in SOURCE_KINDS_READ and f.get("metric") in METRICS_READ))


def add_value_rows(out: Values, rows) -> None:
    """Add (report_id, metric, dimension, value, value_kind) rows of figures these checks read
    (as SQL selects them) to `out`; a later row of the same cell replaces an earlier one."""
    for rid, metric, dimension, value, value_kind in rows:
        values = out.get(rid)
        if values is None:
            values = out[rid] = ReportValues()
        values.set((metric, dimension), value if value_kind == "number" else None)


def _values(figures: list[dict]) -> Values:
    out: Values = {}
    add_values(out, figures)
    return out


def _carry_over(prev_rep: dict, cur_rep: dict, vals: dict) -> list[dict]:
    lay = layout()
    pv, cv = vals.get(prev_rep["report_id"], {}), vals.get(cur_rep["report_id"], {})
    out = []
    y0, y1 = prev_rep["year"], cur_rep["year"]
    for dim, col in zip(lay.t3_columns, lay.t3_column_labels):
        k_prev, k_cur = ("t3.carried_forward", dim), ("t3.carried_over", dim)
        if k_prev not in pv and k_cur not in cv:
            continue
        a, b = pv.get(k_prev), cv.get(k_cur)
        where = f"表三 column {col}: {y0} 四、结转下年度继续办理"
        if a is None or b is None:
            out.append(_row(cur_rep["report_id"], "cross_year.carry_over", "not_assessable",
                            f"{where} {_fmt(a)} vs {y1} 二、上年结转 {_fmt(b)}: a cell is missing, blank or unreadable",
                            "t3.carried_over", dim, a, b))
        elif a == b:
            out.append(_row(cur_rep["report_id"], "cross_year.carry_over", "pass",
                            f"{where} {_fmt(a)} = {y1} 二、上年结转 {_fmt(b)}", "t3.carried_over", dim, a, b))
        else:
            out.append(_row(cur_rep["report_id"], "cross_year.carry_over", "fail",
                            f"{where} {_fmt(a)}, but {y1} 二、上年结转 prints {_fmt(b)} (off by {_fmt(abs(a - b))})",
                            "t3.carried_over", dim, a, b))
    return out


def _in_force(prev_rep: dict, cur_rep: dict, vals: dict) -> list[dict]:
    if prev_rep.get("template") != "t2021" or cur_rep.get("template") != "t2021":
        return []
    pv, cv = vals.get(prev_rep["report_id"], {}), vals.get(cur_rep["report_id"], {})
    out = []
    y0, y1 = prev_rep["year"], cur_rep["year"]
    for key, label in _STOCKS:
        stock0 = pv.get((f"{key}.in_force", None))
        issued, repealed, stock1 = (cv.get((f"{key}.{c}", None)) for c in ("issued", "repealed", "in_force"))
        if (f"{key}.in_force", None) not in cv:
            continue
        if None in (stock0, issued, repealed, stock1):
            out.append(_row(cur_rep["report_id"], "cross_year.in_force_stock", "not_assessable",
                            f"表二 {label}: a cell of {y0} 现行有效件数 or {y1} 本年制发/废止/现行有效件数 is missing",
                            f"{key}.in_force"))
            continue
        expected = stock0 + issued - repealed
        detail = (f"表二 {label}: {y0} 现行有效件数 {_fmt(stock0)} + {y1} 本年制发件数 {_fmt(issued)} − "
                  f"本年废止件数 {_fmt(repealed)} = {_fmt(expected)}")
        if expected == stock1:
            out.append(_row(cur_rep["report_id"], "cross_year.in_force_stock", "pass",
                            f"{detail} = {y1} 现行有效件数 {_fmt(stock1)}", f"{key}.in_force", None, expected, stock1))
        else:
            out.append(_row(cur_rep["report_id"], "cross_year.in_force_stock", "warn",
                            f"{detail}, but {y1} 现行有效件数 prints {_fmt(stock1)} "
                            f"(off by {_fmt(abs(expected - stock1))}; "
                            f"revisions or a restructured organ can explain it)", f"{key}.in_force", None,
                            expected, stock1))
    return out


def cross_year_checks(reports: list[dict], figures: list[dict] | None = None, *,
                      values: Values | None = None) -> list[dict]:
    """Check rows comparing each preferred report with the same bureau's previous year, from
    the figures (or their `values`, as add_values collects them)."""
    by_bureau: dict[str, dict[int, dict]] = defaultdict(dict)
    for rep in reports:
        if rep.get("is_preferred") and rep.get("bureau_id") and rep.get("year") and rep.get("status") != "failed":
            by_bureau[rep["bureau_id"]].setdefault(rep["year"], rep)
    vals = values if values is not None else _values(figures or [])
    out: list[dict] = []
    for years in by_bureau.values():
        for y, cur in sorted(years.items()):
            prev = years.get(y - 1)
            if prev is None:
                continue
            out += _carry_over(prev, cur, vals)
            out += _in_force(prev, cur, vals)
    return out
