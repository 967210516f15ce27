"""Prose figures against the table cells they restate (like with like only), and prose
category counts against the prose total (formats.md §5.3 H3: a heuristic, so `warn`, not `fail`).

Rules (one Check each when the prose states the figure):
- `prose.requests_received`: text.requests.received vs 表三 row 一 (t3.received_new, 总计). When
  the sentence speaks of carried-over requests too (结转/上年), it is compared with 新收 + 上年结转.
- `prose.requests_answered`: text.requests.answered vs 表三 (七)总计 (t3.total_processed, 总计).
- `prose.review_total`: text.review.total vs 表四 行政复议 总计.
- `prose.litigation_total`: text.litigation.total vs 表四 直接起诉 总计 + 复议后起诉 总计.
- `prose.stats_table` (pre2019): the narrative figure vs the same row of the local statistics form
  (etl.extract.prose_stats_table), noted in the figure's evidence by the extractor.
- `prose.categories_sum` (any template): the categories listed in the prose vs the prose total.
A statement the text makes but no phrase reads (a NULL text figure, etl.extract.prose_unread) is
compared too: `warn` when none of its numbers equals the table value, so a missed prose figure
never leaves the table value unchallenged.
A disagreement is `warn`: the prose may speak for another scope (the organ's office vs the
whole region) — the detail says which scope the sentence names. Approximate prose figures
(5500余条) and missing table cells give `not_assessable`.
"""
from __future__ import annotations

import re

from etl.model import Check, Extraction, Figure

# a count in an unread clause's raw text (the clause etl.extract.prose_unread stored as evidence)
_COUNT = re.compile(r"(\d+)(?:件|条|起|宗)")


def mentioned_numbers(figure: Figure) -> list[float]:
    """The numbers of the clause of an unread mention (for the wording of a check)."""
    return [float(n) for n in _COUNT.findall(figure.raw_text or "")]

_TABLE_TEMPLATES = ("t2019", "t2021")
# right after the stated number: （含上年结转18件） — the figure includes carried-over requests
_INCLUDES_CARRIED_OVER = re.compile(r"^[（(]?(?:含|包括|其中)[^）)，。；]{0,12}?(?:结转|上年)")
_SCOPE_WORDS = re.compile(r"全(?:省|市|区|县)|各级|我(?:局|委|办|区|市|县)|本(?:机关|局|委|办|单位)|(?:区|市|县)政府办")

# rule id, prose metric, the table cells whose sum it restates, what a reader calls them
_RULES: tuple[tuple[str, str, tuple[tuple[str, str | None], ...], str], ...] = (
    ("prose.requests_received", "text.requests.received", (("t3.received_new", "total"),),
     "表三 一、本年新收 总计"),
    ("prose.requests_answered", "text.requests.answered", (("t3.total_processed", "total"),),
     "表三 （七）总计"),
    ("prose.review_total", "text.review.total", (("t4.review.total", None),), "表四 行政复议 总计"),
    ("prose.litigation_total", "text.litigation.total",
     (("t4.litigation_direct.total", None), ("t4.litigation_after_review.total", None)),
     "表四 行政诉讼 总计 (直接起诉 + 复议后起诉)"),
)


def _fmt(v: float | None) -> str:
    return "—" if v is None else (str(int(v)) if float(v).is_integer() else str(v))


def _table_value(figs: dict[tuple[str, str | None], Figure], cells) -> float | None:
    values = [figs.get(c) for c in cells]
    if any(f is None or f.value is None for f in values):
        return None
    return sum(f.value for f in values)


def _scope(evidence: str) -> str:
    words = list(dict.fromkeys(_SCOPE_WORDS.findall(evidence or "")))
    return f"the sentence speaks for {'/'.join(words)}" if words else "the sentence names no scope"


def _unread(rule: str, prose: Figure, table_value: float | None, what: str) -> Check:
    """A statement the text makes that no phrase read (etl.extract.prose_unread): the table value
    is not confirmed by the text, and when none of the clause's numbers equals it, the check
    says that they may disagree."""
    clause = prose.raw_text or ""
    numbers = mentioned_numbers(prose)
    if table_value is None:
        return Check(rule, "not_assessable", f"the text mentions “{clause}” but its figure was not read with "
                     f"certainty, and {what} was not read either", prose.metric, None, None, None)
    if table_value in numbers:
        return Check(rule, "not_assessable", f"the text mentions “{clause}”, not read with certainty; one of its "
                     f"numbers equals {what} {_fmt(table_value)}", prose.metric, None, table_value, None)
    return Check(rule, "warn", f"the text mentions “{clause}” (numbers {', '.join(_fmt(n) for n in numbers)}), "
                 f"not read with certainty, while {what} = {_fmt(table_value)}: the table value is not confirmed "
                 f"by the text and may disagree with it", prose.metric, None, table_value, None)


def _compare(rule: str, prose: Figure, table_value: float | None, what: str, extra: str = "") -> Check:
    if prose.value is None:
        return _unread(rule, prose, table_value, what)
    if table_value is None:
        return Check(rule, "not_assessable", f"prose states {_fmt(prose.value)} but {what} was not read",
                     prose.metric, None, None, prose.value)
    if prose.value_kind == "approximate":
        return Check(rule, "not_assessable",
                     f"prose states an approximate {prose.raw_text}; {what} = {_fmt(table_value)}",
                     prose.metric, None, table_value, prose.value)
    if prose.value == table_value:
        return Check(rule, "pass", f"prose {_fmt(prose.value)} = {what} {_fmt(table_value)}",
                     prose.metric, None, table_value, prose.value)
    detail = (f"prose says {_fmt(prose.value)} ({prose.raw_text}) but {what} = {_fmt(table_value)}; "
              f"{_scope(prose.evidence)}, the table may cover another scope{extra}")
    return Check(rule, "warn", detail, prose.metric, None, table_value, prose.value)


def _includes_carried_over(prose: Figure) -> bool:
    """Whether the received figure's own phrase counts carried-over requests too: the words
    right after it say so (申请859件（含上年结转18件）), or the phrase names 结转 itself."""
    evidence = re.sub(r"\s+", "", prose.evidence or "")
    raw = re.sub(r"\s+", "", prose.raw_text or "")
    if not raw or raw not in evidence:
        return False
    after = evidence[evidence.index(raw) + len(raw):]
    return "结转" in raw or bool(_INCLUDES_CARRIED_OVER.match(after))


# the table metrics the rules read (with 上年结转, which a received figure may include)
_CELL_METRICS = frozenset({m for _, _, cells, _ in _RULES for m, _ in cells} | {"t3.carried_over"})


def _table_checks(extraction: Extraction, prose: dict[str, Figure]) -> list[Check]:
    if not any(metric in prose for _, metric, _, _ in _RULES):
        return []
    # (only the cells the rules read: the figures of every other cell were indexed for nothing)
    table = {(f.metric, f.dimension): f for f in extraction.figures
             if f.metric in _CELL_METRICS and f.source_kind != "text"}
    out = []
    for rule, metric, cells, what in _RULES:
        p = prose.get(metric)
        if p is None:
            continue
        extra = ""
        if metric == "text.requests.received" and _includes_carried_over(p):
            cells = cells + (("t3.carried_over", "total"),)
            what = "表三 一、本年新收 + 二、上年结转 总计 (the sentence includes carried-over requests)"
        elif metric == "text.requests.received":
            new = _table_value(table, cells)
            both = _table_value(table, cells + (("t3.carried_over", "total"),))
            if new is not None and both is not None and both != new and p.value == both:
                extra = f"; it equals 新收 + 上年结转 ({_fmt(both)}), so it likely counts carried-over requests too"
        out.append(_compare(rule, p, _table_value(table, cells), what, extra))
    return out


def _categories_check(extraction: Extraction, prose: dict[str, Figure]) -> list[Check]:
    total = prose.get("text.proactive.total")
    cats = [f for f in extraction.figures if f.metric == "text.proactive.by_category" and f.value is not None]
    if total is None or not cats:
        return []
    s = sum(f.value for f in cats)
    rule = "prose.categories_sum"
    if total.value_kind == "approximate" or any(f.value_kind == "approximate" for f in cats):
        return [Check(rule, "not_assessable", "approximate figures: categories not summed against the total",
                      "text.proactive.by_category", None, total.value, s)]
    if s == total.value:
        return [Check(rule, "pass", f"{len(cats)} categories sum to the stated total {_fmt(s)}",
                      "text.proactive.by_category", None, total.value, s)]
    return [Check(rule, "warn",
                  f"the {len(cats)} categories listed in the prose sum to {_fmt(s)}, the prose total is "
                  f"{_fmt(total.value)} (difference {_fmt(total.value - s)}): recorded as printed",
                  "text.proactive.by_category", None, total.value, s)]


def _stats_table_checks(prose: dict[str, Figure]) -> list[Check]:
    out = []
    for p in prose.values():
        if p.restated_as is not None:
            where, value = p.restated_as
            out.append(_compare("prose.stats_table", p, value, where))
    return out


def check_prose_vs_table(extraction: Extraction) -> list[Check]:
    prose = {f.metric: f for f in extraction.figures if f.source_kind == "text" and f.dimension is None}
    out: list[Check] = []
    if extraction.meta.template in _TABLE_TEMPLATES:
        out += _table_checks(extraction, prose)
    out += _stats_table_checks(prose)
    out += _categories_check(extraction, prose)
    return out
