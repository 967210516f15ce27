"""The template identities V1-V5 and the 表二 heuristic H2 (formats.md §5), per report.

Blank and not-applicable cells are read as 0 in a sum when the equation has printed numbers
(formats.md H4) and the detail says so; a cell that is missing or could not be assigned
makes the rule not assessable for that row or column. Digits split by identity
(source_kind 'derived') get a check saying how they were split.
"""
from __future__ import annotations

from functools import cache
from typing import Iterable, NamedTuple

from etl.extract.tables.labels import label_map, layout, template_names
from etl.model import Check, Extraction, Figure

_TABLE_PREFIXES = ("t2.", "t3.", "t4.")
_SIGNED_SUFFIX = ".items_change"  # 2019 本年增/减 may be negative


class _Term(NamedTuple):
    label: str
    value: float | None  # None: missing or unassignable
    read_as_zero: bool = False


def _fmt(v: float | None) -> str:
    if v is None:
        return "?"
    return str(int(v)) if float(v).is_integer() else f"{v:g}"


@cache
def _row_labels() -> dict[str, str]:
    out: dict[str, str] = {}
    for name in template_names():
        for r in label_map(name).t3_rows:
            out.setdefault(r.metric, r.label)
        for r in label_map(name).t2_rows:
            for m in r.metrics:
                out.setdefault(m, r.label)
    return out


class _Cells:
    def __init__(self, figures: Iterable[Figure]):
        self.by_key: dict[tuple[str, str | None], Figure] = {}
        for f in figures:
            if f.metric.startswith(_TABLE_PREFIXES) and f.source_kind in ("table", "derived"):
                self.by_key.setdefault((f.metric, f.dimension), f)

    def has(self, metric: str) -> bool:
        return any(k[0] == metric for k in self.by_key)

    def term(self, label: str, metric: str, dim: str | None = None) -> _Term:
        f = self.by_key.get((metric, dim))
        if f is None or f.value_kind in ("unassignable", "approximate"):
            return _Term(label, None)
        if f.value_kind in ("blank", "not_applicable"):
            return _Term(label, 0.0, True)
        return _Term(label, f.value)


def _equation(rule: str, where: str, parts: list[_Term], total: _Term, *, metric: str,
              dimension: str | None, total_name: str) -> Check:
    """Check `total = sum(parts)` and say it in words."""
    terms = parts + [total]
    missing = [t.label for t in terms if t.value is None]
    if len(missing) == len(terms):
        return Check(rule, "not_assessable", f"{where}: cells missing or not readable", metric, dimension)
    if missing:
        return Check(rule, "not_assessable", f"{where}: {', '.join(missing)} missing or not readable",
                     metric, dimension)
    if total.read_as_zero:
        return Check(rule, "not_assessable", f"{where}: {total_name} is blank", metric, dimension)
    expected = sum(t.value for t in parts)
    lhs = " + ".join(f"{t.label} {_fmt(t.value)}" for t in parts)
    return _verdict(rule, where, terms, expected, total.value,
                    f"{lhs} = {_fmt(expected)}", f"{total_name} prints {_fmt(total.value)}",
                    metric=metric, dimension=dimension)


def _verdict(rule: str, where: str, terms: list[_Term], expected: float, found: float, lhs: str, rhs: str, *,
             metric: str, dimension: str | None) -> Check:
    """pass/fail; a failure that rests on reading blank cells as 0 is only a warn (formats.md
    H4: a sub-column left blank is likelier than a wrong source)."""
    blanks = [t.label for t in terms if t.read_as_zero]
    note = f" (blank cells read as 0: {', '.join(blanks)})" if blanks else ""
    if abs(expected - found) < 1e-6:
        return Check(rule, "pass", f"{where}: {lhs} = {rhs}{note}", metric, dimension, expected, found)
    status = "warn" if blanks else "fail"
    return Check(rule, status, f"{where}: {lhs}, but {rhs} (off by {_fmt(abs(expected - found))}){note}",
                 metric, dimension, expected, found)


def _v1(cells: _Cells) -> list[Check]:
    """V1: 一 + 二 = （七） + 四, per column (the note printed in the table's corner)."""
    lay = layout()
    out = []
    for dim, col in zip(lay.t3_columns, lay.t3_column_labels):
        a = cells.term("一、本年新收", "t3.received_new", dim)
        b = cells.term("二、上年结转", "t3.carried_over", dim)
        t = cells.term("（七）总计", "t3.total_processed", dim)
        d = cells.term("四、结转下年度继续办理", "t3.carried_forward", dim)
        where = f"表三 column {col}"
        terms = [a, b, t, d]
        missing = [x.label for x in terms if x.value is None]
        if missing or all(x.read_as_zero for x in terms):
            detail = (f"{where}: {', '.join(missing)} missing or not readable" if missing
                      else f"{where}: every cell is blank")
            out.append(Check("t3.balance", "not_assessable", detail, "t3.total_processed", dim))
            continue
        left, right = a.value + b.value, t.value + d.value
        out.append(_verdict("t3.balance", where, terms, a.value + b.value - d.value, t.value,
                            f"{a.label} {_fmt(a.value)} + {b.label} {_fmt(b.value)} = {_fmt(left)}",
                            f"{t.label} {_fmt(t.value)} + {d.label} {_fmt(d.value)} = {_fmt(right)}",
                            metric="t3.total_processed", dimension=dim))
    return out


def _v2(cells: _Cells, labels: dict[str, str]) -> list[Check]:
    lay = layout()
    metrics = list(dict.fromkeys(m for m, _ in cells.by_key if m.startswith("t3.")))
    out = []
    for m in metrics:
        parts = [cells.term(col, m, dim) for dim, col in zip(lay.t3_columns[:-1], lay.t3_column_labels[:-1])]
        total = cells.term(lay.t3_column_labels[-1], m, lay.t3_columns[-1])
        out.append(_equation("t3.row_sum", f"表三 row {labels.get(m, m)}", parts, total, metric=m,
                             dimension=lay.t3_columns[-1], total_name="总计"))
    return out


_OUTCOME_GROUPS = (
    ("（一）予以公开", ("t3.granted",)),
    ("（二）部分公开", ("t3.partially_granted",)),
    ("（三）不予公开", tuple(f"t3.denied.{k}" for k in ("state_secret", "law_prohibited", "security_stability",
                                                       "third_party", "internal_affairs", "process_info",
                                                       "enforcement_file", "admin_query"))),
    ("（四）无法提供", ("t3.unavailable.not_held", "t3.unavailable.needs_creation", "t3.unavailable.unclear")),
    ("（五）不予处理", tuple(f"t3.not_processed.{k}" for k in ("complaint", "repeat", "publication",
                                                          "mass_repeat", "confirmation"))),
)
_OTHER_SUBROWS = ("t3.other.overdue_correction", "t3.other.overdue_fee", "t3.other.misc")


def _group_term(cells: _Cells, label: str, metrics: tuple[str, ...], dim: str) -> _Term:
    terms = [cells.term(label, m, dim) for m in metrics]
    if any(t.value is None for t in terms):
        return _Term(label, None)
    return _Term(label, sum(t.value for t in terms), all(t.read_as_zero for t in terms))


def _v3(cells: _Cells) -> list[Check]:
    lay = layout()
    other = _OTHER_SUBROWS if any(cells.has(m) for m in _OTHER_SUBROWS) else ("t3.other",)
    out = []
    for dim, col in zip(lay.t3_columns, lay.t3_column_labels):
        parts = [_group_term(cells, label, ms, dim) for label, ms in _OUTCOME_GROUPS]
        parts.append(_group_term(cells, "（六）其他处理", other, dim))
        total = cells.term("（七）总计", "t3.total_processed", dim)
        out.append(_equation("t3.outcome_sum", f"表三 column {col}", parts, total, metric="t3.total_processed",
                             dimension=dim, total_name="（七）总计"))
    return out


def _v4(cells: _Cells) -> list[Check]:
    lay = layout()
    out = []
    for key, glabel in lay.t4_groups:
        parts = [cells.term(lbl, f"{key}.{c}") for c, lbl in zip(lay.t4_columns[:-1], lay.t4_column_labels[:-1])]
        total = cells.term(lay.t4_column_labels[-1], f"{key}.{lay.t4_columns[-1]}")
        out.append(_equation("t4.group_sum", f"表四 {glabel}", parts, total, metric=f"{key}.total",
                             dimension=None, total_name="总计"))
    return out


def _v5(cells: _Cells, labels: dict[str, str]) -> list[Check]:
    negative = [(k, f) for k, f in cells.by_key.items()
                if f.value is not None and f.value < 0 and not k[0].endswith(_SIGNED_SUFFIX)]
    if not cells.by_key:
        return []
    if not negative:
        return [Check("nonnegative", "pass", "every count and amount in 表二/表三/表四 is 0 or more")]
    shown = "; ".join(f"{labels.get(m, m)}{' ' + d if d else ''} prints {_fmt(f.value)}" for (m, d), f in negative[:5])
    (m, d), f = negative[0]
    return [Check("nonnegative", "fail", f"negative values where only counts or amounts ≥ 0 make sense: {shown}",
                  m, d, None, f.value)]


def _h2(cells: _Cells) -> list[Check]:
    """2019 表二: 本年新公开数量 ≤ 对外公开总数量 and (most of the time) ≤ 本年新制作数量."""
    out = []
    for key, label in (("t2.regulations", "规章"), ("t2.normative_docs", "规范性文件")):
        pub = cells.term("本年新公开数量", f"{key}.new_published")
        for other, olabel, rule in ((f"{key}.published_total", "对外公开总数量", "t2.published_within_total"),
                                    (f"{key}.new_made", "本年新制作数量", "t2.published_within_made")):
            o = cells.term(olabel, other)
            if pub.value is None or o.value is None or pub.read_as_zero or o.read_as_zero:
                out.append(Check(rule, "not_assessable", f"表二 {label}: 本年新公开数量 or {olabel} missing or blank",
                                 f"{key}.new_published"))
            elif pub.value <= o.value:
                out.append(Check(rule, "pass",
                                 f"表二 {label}: 本年新公开数量 {_fmt(pub.value)} ≤ {olabel} {_fmt(o.value)}",
                                 f"{key}.new_published", None, o.value, pub.value))
            else:
                out.append(Check(rule, "warn", f"表二 {label}: 本年新公开数量 {_fmt(pub.value)} is more than "
                                 f"{olabel} {_fmt(o.value)} (usually it is not)", f"{key}.new_published", None,
                                 o.value, pub.value))
    return out


def _splits(figures: Iterable[Figure], labels: dict[str, str]) -> list[Check]:
    """One warn per row whose cells were split out of digits run together."""
    rows: dict[str, list[Figure]] = {}
    for f in figures:
        if f.source_kind == "derived" and f.metric.startswith(_TABLE_PREFIXES):
            row = "表四" if f.metric.startswith("t4.") else labels.get(f.metric, f.metric)
            rows.setdefault(row, []).append(f)
    out = []
    for row, figs in rows.items():
        table = figs[0].metric.split(".")[0]
        identity = {"t3": "总计 = the six applicant columns", "t4": "each group's 总计 = the four results"}.get(table)
        how = f"the only split into numbers without leading zeros that satisfies {identity}" if identity else \
            "the only split into numbers without leading zeros"
        out.append(Check(f"{table}.digit_split", "warn",
                         f"{row}: digits printed run together ('{figs[0].evidence}') read as "
                         f"{' | '.join(f.raw_text or '?' for f in figs)}: {how}, assuming no cell was left blank",
                         figs[0].metric, figs[0].dimension))
    return out


def check_identities(extraction: Extraction) -> list[Check]:
    cells = _Cells(extraction.figures)
    if not cells.by_key:
        return []
    labels = _row_labels()
    checks: list[Check] = []
    if any(m.startswith("t3.") for m, _ in cells.by_key):
        checks += _v1(cells) + _v2(cells, labels) + _v3(cells)
    if any(m.startswith("t4.") for m, _ in cells.by_key):
        checks += _v4(cells)
    checks += _v5(cells, labels)
    if extraction.meta.template == "t2019" or any(m.endswith(".new_published") for m, _ in cells.by_key):
        checks += _h2(cells)
    checks += _splits(extraction.figures, labels)
    return checks
