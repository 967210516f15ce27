"""The template identities V1-V5 and the 表二 heuristic H2 (formats.md §5), per report.

Blank and not-applicable cells are read as 0 in a sum when the equation has printed numbers
(formats.md H4) and the detail says so; a cell that is missing or could not be assigned
makes the rule not assessable for that row or column. Digits split by identity
(source_kind 'derived') get a check saying how they were split.
"""
from __future__ import annotations

from functools import cache, lru_cache
from typing import Iterable, Sequence

from etl.metadata.label_maps import label_map, layout, template_names
from etl.metadata.identities import V1_BALANCE
from etl.model import Check, Extraction, Figure
from etl.validate.ocr_derive import DERIVED_MARK

_TABLE_PREFIXES = ("t2.", "t3.", "t4.")
_SIGNED_SUFFIX = ".items_change"  # 2019 本年增/减 may be negative

# How a cell reads in an equation: (value, read_as_zero). A blank or not-applicable cell reads
# as 0 (read_as_zero); a missing cell, or one that could not be assigned, has no value and
# reads as _UNREADABLE exactly (so `_UNREADABLE in readings` asks whether any has no value).
Reading = tuple[float | None, bool]
_UNREADABLE: Reading = (None, False)
_READ_AS_ZERO: Reading = (0.0, True)


# Cached: a report prints ~300 numbers in check details, mostly the same few small counts.
# Equal values give equal text (1 and 1.0 both give "1"), so the cache cannot change one.
@lru_cache(maxsize=4096)
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


# how a cell of each value_kind reads; any other kind reads as its value
_READING_OF_KIND = {"unassignable": _UNREADABLE, "approximate": _UNREADABLE,
                    "blank": _READ_AS_ZERO, "not_applicable": _READ_AS_ZERO}


class _Cells:
    """The cells of 表二/表三/表四 (table and derived figures; the first figure of a
    (metric, dimension) is the cell), indexed in one pass over the figures."""

    def __init__(self, figures: Iterable[Figure]):
        by_key: dict[tuple[str, str | None], Figure] = {}
        readings: dict[tuple[str, str | None], tuple[float | None, bool]] = {}
        metrics: dict[str, None] = {}
        derived: list[Figure] = []
        reading_of_kind = _READING_OF_KIND.get
        for f in figures:
            # (the source kind first: two comparisons of interned strings, cheaper than the
            # method call that tests the prefix)
            source_kind = f.source_kind
            if (source_kind == "table" or source_kind == "derived") and f.metric.startswith(_TABLE_PREFIXES):
                key = (f.metric, f.dimension)
                if key not in by_key:
                    by_key[key] = f
                    reading = reading_of_kind(f.value_kind)
                    readings[key] = (f.value, False) if reading is None else reading
                    metrics[f.metric] = None
                if source_kind == "derived":
                    derived.append(f)
        self.by_key = by_key
        self.readings = readings  # each cell as an equation reads it, (value, read_as_zero)
        self.metrics = metrics  # the metrics with a cell, in the order of their first cell
        self.derived = derived  # every derived figure, in order (also the repeated ones)

    def reading(self, metric: str, dim: str | None = None) -> Reading:
        return self.readings.get((metric, dim), _UNREADABLE)


def _equation(rule: str, where: str, labels: Sequence[str], readings: list[Reading], total_label: str,
              total: Reading, *, metric: str, dimension: str | None, total_name: str) -> Check:
    """Check `total = sum(parts)` and say it in words: part i is called labels[i] and reads
    as readings[i]."""
    if _UNREADABLE in readings or total == _UNREADABLE:
        missing = [label for label, (value, _) in zip(labels, readings) if value is None]
        if total[0] is None:
            missing.append(total_label)
        if len(missing) == len(readings) + 1:
            return Check(rule, "not_assessable", f"{where}: cells missing or not readable", metric, dimension)
        read = sum([value for value, _ in readings if value is not None])
        if total[0] is not None and not total[1] and read > total[0] + 1e-6:
            # the parts read already exceed the total, and the missing ones are counts (≥ 0):
            # no value of theirs can make it hold (a `0` under a seal read `1` by a total of 0)
            return Check(rule, "fail", f"{where}: the cells read add up to {_fmt(read)}, more than {total_name} "
                         f"prints ({_fmt(total[0])}); {_cannot_make_up(missing)}", metric, dimension, read, total[0])
        return Check(rule, "not_assessable", f"{where}: {', '.join(missing)} missing or not readable",
                     metric, dimension)
    found, total_is_blank = total
    if total_is_blank:
        return Check(rule, "not_assessable", f"{where}: {total_name} is blank", metric, dimension)
    expected = sum([value for value, _ in readings])
    lhs, blanks = _parts_in_words(tuple(labels), tuple(readings))
    return _verdict(rule, where, blanks, expected, found, f"{lhs} = {_fmt(expected)}",
                    f"{total_name} prints {_fmt(found)}", metric=metric, dimension=dimension)


# Cached: most rows and columns of a report's tables repeat from report to report (all
# zeros, or a count in one column), and joining the text costs more than the rest of a check.
# Equal readings give equal text, so the cache cannot change one.
@lru_cache(maxsize=4096)
def _parts_in_words(labels: tuple[str, ...], readings: tuple[Reading, ...]) -> tuple[str, tuple[str, ...]]:
    """(`自然人 1 + 商业企业 0 + …`, the labels of the parts read as 0)"""
    text = " + ".join([f"{label} {_fmt(value)}" for label, (value, _) in zip(labels, readings)])
    return text, tuple(label for label, (_, read_as_zero) in zip(labels, readings) if read_as_zero)


def _verdict(rule: str, where: str, blanks: Sequence[str], expected: float, found: float, lhs: str, rhs: str, *,
             metric: str, dimension: str | None) -> Check:
    """pass/fail; a failure that rests on reading blank cells as 0 (`blanks` names them) is only a
    warn (formats.md H4: a sub-column left blank is likelier than a wrong source)."""
    note = f" (blank cells read as 0: {', '.join(blanks)})" if blanks else ""
    if abs(expected - found) < 1e-6:
        return Check(rule, "pass", f"{where}: {lhs} = {rhs}{note}", metric, dimension, expected, found)
    status = "warn" if blanks else "fail"
    return Check(rule, status, f"{where}: {lhs}, but {rhs} (off by {_fmt(abs(expected - found))}){note}",
                 metric, dimension, expected, found)


# V1's cells in the order the equation prints them: 一 + 二 = （七） + 四
_BALANCE_LABELS = ("一、本年新收", "二、上年结转", "（七）总计", "四、结转下年度继续办理")
_BALANCE_METRICS = tuple(V1_BALANCE)  # 一, 二, （七）, 四


def _v1(cells: _Cells) -> list[Check]:
    """V1: 一 + 二 = （七） + 四, per column (the note printed in the table's corner)."""
    lay = layout()
    readings = cells.readings
    return [_balance_check(dim, col, tuple([readings.get((metric, dim), _UNREADABLE)
                                            for metric in _BALANCE_METRICS]))
            for dim, col in zip(lay.t3_columns, lay.t3_column_labels)]


# The checks are cached by what they are computed from: most columns and rows of a report's
# tables read as other reports' do (all zeros, or one count), and a check's text cost more than
# looking it up. (Checks are frozen, so a shared one cannot be changed under another report.
# 2,048 of each kind, a few MB: 6,000 reports made ~15,000 distinct checks, ~15 MB, and the
# ones that repeat are few.)
@lru_cache(maxsize=2048)
def _balance_check(dim: str, col: str, readings: tuple[Reading, ...]) -> Check:
    where = f"表三 column {col}"
    missing = [label for label, (value, _) in zip(_BALANCE_LABELS, readings) if value is None]
    if missing:
        bound = _balance_bound(where, dim, missing, readings)
        if bound is not None:
            return bound
    if missing or all(read_as_zero for _, read_as_zero in readings):
        detail = (f"{where}: {', '.join(missing)} missing or not readable" if missing
                  else f"{where}: every cell is blank")
        return Check("t3.balance", "not_assessable", detail, "t3.total_processed", dim)
    (a, _), (b, _), (t, _), (d, _) = readings
    blanks = [label for label, (_, read_as_zero) in zip(_BALANCE_LABELS, readings) if read_as_zero]
    return _verdict("t3.balance", where, blanks, a + b - d, t,
                    f"一、本年新收 {_fmt(a)} + 二、上年结转 {_fmt(b)} = {_fmt(a + b)}",
                    f"（七）总计 {_fmt(t)} + 四、结转下年度继续办理 {_fmt(d)} = {_fmt(t + d)}",
                    metric="t3.total_processed", dimension=dim)


def _balance_bound(where: str, dim: str, missing: list[str], readings: tuple[Reading, ...]) -> Check | None:
    """V1 failing whatever its missing cells hold: they all sit on one side (一 + 二, or
    （七） + 四), and that side's cells read already exceed the other, whole, side. Missing
    cells are counts, ≥ 0, so they can only widen the gap. None when V1 could still hold."""
    values = [value for value, _ in readings]
    left, right = values[:2], values[2:]
    for short, long_, short_name, long_name in ((left, right, "一 + 二", "（七） + 四"),
                                                (right, left, "（七） + 四", "一 + 二")):
        if None not in short and any(v is None for v in long_):
            read = sum(v for v in long_ if v is not None)
            if read > sum(short) + 1e-6:
                return Check("t3.balance", "fail",
                             f"{where}: {long_name} read adds up to {_fmt(read)}, more than {short_name} "
                             f"({_fmt(sum(short))}); {_cannot_make_up(missing)}", "t3.total_processed", dim,
                             sum(short), read)
    return None


def _cannot_make_up(missing: list[str]) -> str:
    """The end of a check that fails with cells missing (_equation, _balance_bound)."""
    return f"{', '.join(missing)} missing or not readable cannot make up for it (no count is below 0)"


def _v2(cells: _Cells, labels: dict[str, str]) -> list[Check]:
    lay = layout()
    part_dims, part_labels = lay.t3_columns[:-1], lay.t3_column_labels[:-1]
    total_dim, total_label = lay.t3_columns[-1], lay.t3_column_labels[-1]
    readings = cells.readings
    return [_row_sum_check(m, labels.get(m, m), part_labels,
                           tuple([readings.get((m, dim), _UNREADABLE) for dim in part_dims]),
                           total_label, readings.get((m, total_dim), _UNREADABLE), total_dim)
            for m in cells.metrics if m.startswith("t3.")]


@lru_cache(maxsize=2048)  # (see _balance_check)
def _row_sum_check(m: str, label: str, part_labels: tuple[str, ...], parts: tuple[Reading, ...], total_label: str,
                   total: Reading, total_dim: str) -> Check:
    return _equation("t3.row_sum", f"表三 row {label}", part_labels, parts, total_label, total,
                     metric=m, dimension=total_dim, total_name="总计")


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
_OTHER_LABEL = "（六）其他处理"
_OTHER_SUBROWS = ("t3.other.overdue_correction", "t3.other.overdue_fee", "t3.other.misc")


def _group_reading(cells: _Cells, metrics: tuple[str, ...], dim: str) -> Reading:
    """The sum of the group's cells: read as 0 when every one is, unreadable when one is.
    (One loop: asked 42 times a report, three list comprehensions cost twice as much. The
    values are added in the order of `metrics`, from 0, as sum() adds them.)"""
    get = cells.readings.get
    total = 0
    every_zero = True
    for m in metrics:
        value, read_as_zero = get((m, dim), _UNREADABLE)
        if value is None and read_as_zero is False:  # (== _UNREADABLE)
            return _UNREADABLE
        total += value
        if not read_as_zero:
            every_zero = False
    return total, every_zero


def _v3(cells: _Cells) -> list[Check]:
    lay = layout()
    other = _OTHER_SUBROWS if any(m in cells.metrics for m in _OTHER_SUBROWS) else ("t3.other",)
    groups = [metrics for _, metrics in _OUTCOME_GROUPS] + [other]
    group_labels = tuple(label for label, _ in _OUTCOME_GROUPS) + (_OTHER_LABEL,)
    return [_outcome_sum_check(dim, col, group_labels,
                               tuple([_group_reading(cells, metrics, dim) for metrics in groups]),
                               cells.reading("t3.total_processed", dim))
            for dim, col in zip(lay.t3_columns, lay.t3_column_labels)]


@lru_cache(maxsize=2048)  # (see _balance_check)
def _outcome_sum_check(dim: str, col: str, group_labels: tuple[str, ...], parts: tuple[Reading, ...],
                       total: Reading) -> Check:
    return _equation("t3.outcome_sum", f"表三 column {col}", group_labels, parts, "（七）总计", total,
                     metric="t3.total_processed", dimension=dim, total_name="（七）总计")


def _v4(cells: _Cells) -> list[Check]:
    lay = layout()
    readings = cells.readings
    return [_group_sum_check(key, glabel,
                             tuple([readings.get((metric, None), _UNREADABLE) for metric in part_metrics]),
                             readings.get((total_metric, None), _UNREADABLE))
            for (key, glabel), part_metrics, total_metric in zip(lay.t4_groups, *_t4_metrics())]


@cache
def _t4_metrics() -> tuple[list[tuple[str, ...]], list[str]]:
    """The metrics of each 表四 group's parts, and of its total."""
    lay = layout()
    return ([tuple(f"{key}.{c}" for c in lay.t4_columns[:-1]) for key, _ in lay.t4_groups],
            [f"{key}.{lay.t4_columns[-1]}" for key, _ in lay.t4_groups])


@lru_cache(maxsize=2048)  # (see _balance_check)
def _group_sum_check(key: str, glabel: str, parts: tuple[Reading, ...], total: Reading) -> Check:
    lay = layout()
    return _equation("t4.group_sum", f"表四 {glabel}", lay.t4_column_labels[:-1], parts,
                     lay.t4_column_labels[-1], total, metric=f"{key}.total", dimension=None, total_name="总计")


def _v5(cells: _Cells, labels: dict[str, str]) -> list[Check]:
    negative = [(k, f) for k, f in cells.by_key.items()
                if f.value is not None and f.value < 0 and not k[0].endswith(_SIGNED_SUFFIX)]
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
        pub, pub_is_blank = cells.reading(f"{key}.new_published")
        for other, olabel, rule in ((f"{key}.published_total", "对外公开总数量", "t2.published_within_total"),
                                    (f"{key}.new_made", "本年新制作数量", "t2.published_within_made")):
            o, o_is_blank = cells.reading(other)
            if pub is None or o is None or pub_is_blank or o_is_blank:
                out.append(Check(rule, "not_assessable", f"表二 {label}: 本年新公开数量 or {olabel} missing or blank",
                                 f"{key}.new_published"))
            elif pub <= o:
                out.append(Check(rule, "pass",
                                 f"表二 {label}: 本年新公开数量 {_fmt(pub)} ≤ {olabel} {_fmt(o)}",
                                 f"{key}.new_published", None, o, pub))
            else:
                out.append(Check(rule, "warn", f"表二 {label}: 本年新公开数量 {_fmt(pub)} is more than "
                                 f"{olabel} {_fmt(o)} (usually it is not)", f"{key}.new_published", None,
                                 o, pub))
    return out


# derived readings other than a split of a digit run (etl.extract.tables.assign / t3_columns):
# (rule suffix, the words of the note the extractor puts in the figure's evidence)
_OTHER_DERIVED_READINGS = (("lookalike_digits", "letters that look like digits"),
                           ("joined_number", "a space printed inside a number"),
                           ("column_split", "the only one that also satisfies"),
                           # (issue 20) forced at load by an adjacent report: etl.load.cross_report
                           ("cross_report_split", "with the same organ's report"),
                           # (issue 18) a row whose label OCR misread, placed by its position:
                           # etl.extract.tables.misread_labels.MARK
                           ("misread_label", "found nowhere"))


def _splits(derived: list[Figure], labels: dict[str, str]) -> list[Check]:
    """One warn per row whose cells were split out of digits run together."""
    rows: dict[str, list[Figure]] = {}
    for f in derived:
        if f.evidence.startswith(DERIVED_MARK):
            continue  # a scanned cell given back by the identities: etl.validate.ocr_trust names it
        row = "表四" if f.metric.startswith("t4.") else labels.get(f.metric, f.metric)
        rows.setdefault(row, []).append(f)
    out = []
    for row, figs in rows.items():
        table = figs[0].metric.split(".")[0]
        reading = next((r for r, marker in _OTHER_DERIVED_READINGS if marker in (figs[0].evidence or "")), None)
        if reading is not None:
            # (issue 20) lookalike letters, a space inside a number, a split forced by the
            # columns: the evidence carries the rule that forced the reading
            out.append(Check(f"{table}.{reading}", "warn", f"{row}: {figs[0].evidence}", figs[0].metric,
                             figs[0].dimension))
            continue
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
    if any(m.startswith("t3.") for m in cells.metrics):
        checks += _v1(cells) + _v2(cells, labels) + _v3(cells)
    if any(m.startswith("t4.") for m in cells.metrics):
        checks += _v4(cells)
    checks += _v5(cells, labels)
    if extraction.meta.template == "t2019" or any(m.endswith(".new_published") for m in cells.metrics):
        checks += _h2(cells)
    checks += _splits(cells.derived, labels)
    return checks
