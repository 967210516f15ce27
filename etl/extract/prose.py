"""Figures stated in running text (text.* metrics), for every era.

The phrases are data (etl.extract.prose_phrases); this module decides which statement is the
report's figure:
- only this year's: a clause that speaks of 累计/历年/截至 (not 今年累计, 2019年累计) is a
  cumulative figure (text.proactive.cumulative for proactive disclosure, ignored otherwise);
  a clause naming another year or 上年/去年 is not this year's figure;
- the organ's own over a region's or a sub-unit's: clauses about 各单位/各乡镇/县直… are parts,
  not the total; between two statements of one metric the organ's own (我局, 区政府办…)
  beats a region-wide one (全市, 全区…), then the stronger phrase, then the first in the text;
- zeros stated in words (未收到…申请, 没有…收取任何费用) give 0 only when no number is stated;
- approximate numbers (500多条, 5500余条, 近千条) keep the stated value, value_kind approximate.
The pre-2019 statistics form (etl.extract.prose_stats_table) fills only the facts the narrative
does not state; where both state one, the narrative's figure stays and the form's value is
noted in its evidence for the check prose.stats_table (prose is what the prose says).
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from itertools import accumulate

from etl.extract.normalize import squash_spaces, to_halfwidth
from etl.extract.prose_numbers import NUMBER_PATTERN, number_from_match, parse_number
from etl.extract.prose_phrases import PHRASES, STATS_TABLE_LABELS as _STATS_LABELS, Phrase
from etl.extract.prose_stats_table import stats_table_figures
from etl.model import Document, Figure, ReportMeta, Table, TextBlock

_AFTER_SENTENCE_END = re.compile(r"(?<=[。！？!?])")
_SPACES = re.compile(r"\s+")
_SENTENCE_ENDS = "。！？!?"
_CLAUSE_BREAK = re.compile(r"[，；,;：:|（(）)]")
_PAGE_NUMBER = re.compile(r"^\s*[-—－]?\s*\d{1,3}\s*[-—－]?\s*$|^\s*第\s*\d+\s*页")
# crawler headers, not report text
_HEADER_LINE = re.compile(r"^\s*(?:标题|发布时间|发布日期|文号|发布机构|栏目|原文链接|本地目录|页面链接)\s*[:：]|^=+\s*正文")
# short heading lines (一、总体情况, （二）依申请公开情况) and one-cell-per-line table rows (`18 |`)
_STANDALONE_LINE = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)])[^。]{0,18}$|.*\|\s*$")
_CUMULATIVE = re.compile(r"累计|历年|截至|截止|至今|以来")
# 累计 that means "in total during the year" (2019年累计, 今年累计, 全年累计)
_YEAR_SCOPED_CUMULATIVE = re.compile(r"(?:本年|今年|全年|年度|当年|\d{4}年)(?:度)?(?:共)?累计")
_OTHER_PERIOD = re.compile(r"上年|去年|上一年|同比|上年度")
_YEAR_IN = re.compile(r"((?:19|20)\d{2})年")
_YEAR_VALUE = re.compile(r"((?:19|20)\d{2})年的?(\d+)")
_SUB_UNIT = re.compile(r"各单位|各乡镇|各部门|县直|区直|市直|各县|各区|乡镇")
_REGION_SCOPE = re.compile(r"全(?:省|市|区|县)|各级")
_ORGAN_SCOPE = re.compile(r"我(?:局|委|办|厅|院|署|中心)|本(?:机关|局|委|办|单位|部门)|(?:区|市|县)政府办|办公室")
_CATEGORY_ITEM = re.compile(r"^(?:其中|包括|主要有|分别为|主要类别有)?(?P<label>[^\d]{2,40}?)(?:共)?" + NUMBER_PATTERN + r"条$")
_COMPILED: list[tuple[Phrase, re.Pattern]] = [
    (p, re.compile(p.pattern.replace("{N}", NUMBER_PATTERN))) for p in PHRASES
]
_FEE_FACTORS = {"元": 1.0, "万元": 10_000.0}


@dataclass(slots=True)
class Sentence:
    raw: str  # as printed (spaces squashed), for evidence
    compact: str  # half-width, no whitespace: what phrases are matched against
    page: int | None


@dataclass(slots=True)
class _Candidate:
    figure: Figure
    rank: tuple


def prose_sentences(doc: Document) -> list[Sentence]:
    """The running text of the document as sentences. Lines are joined without a separator
    (PDF lines break inside words); tables, page numbers and crawler headers are left out."""
    pieces: list[tuple[str, int | None]] = []
    for b in doc.blocks:
        if isinstance(b, Table):
            pieces.append(("。", b.page))  # a table ends the sentence before it
            continue
        if _PAGE_NUMBER.match(b.text) or _HEADER_LINE.match(b.text):
            continue
        if _STANDALONE_LINE.match(b.text):
            # a heading or a table cell line is a sentence of its own
            pieces += [("。", b.page), (b.text, b.page), ("。", b.page)]
            continue
        pieces.append((b.text, b.page))
    out: list[Sentence] = []
    buf, page = "", None
    for text, pg in pieces:
        for part in _AFTER_SENTENCE_END.split(text):
            if not part:
                continue
            if not buf or buf.isspace():  # (= `not buf.strip()`, without the copy)
                page = pg
            buf += part
            if part[-1] in _SENTENCE_ENDS:
                _emit(out, buf, page)
                buf = ""
    _emit(out, buf, page)
    return out


def _emit(out: list[Sentence], buf: str, page: int | None) -> None:
    raw = squash_spaces(buf).lstrip("。")
    if raw:
        out.append(Sentence(raw, _SPACES.sub("", to_halfwidth(buf)), page))


def _clause_prefix(text: str, start: int) -> str:
    """The text from the start of the clause holding position `start` up to it."""
    cut = max((m.end() for m in _CLAUSE_BREAK.finditer(text, 0, start)), default=0)
    return text[cut:start]


def _evidence(s: Sentence, m: re.Match) -> str:
    if len(s.raw) <= 300:
        return s.raw
    # a long sentence (a whole crawled page): a window around the match in compact form
    return s.compact[max(0, m.start() - 120):m.end() + 60]


def _scope_rank(prefix: str) -> int:
    if _ORGAN_SCOPE.search(prefix):
        return 0
    if _REGION_SCOPE.search(prefix):
        return 2
    return 1


def _this_year(prefix: str, year: int | None) -> bool:
    if _OTHER_PERIOD.search(prefix):
        return False
    years = {int(y) for y in _YEAR_IN.findall(prefix)}
    return not (year and years and years != {year})


def _is_cumulative(prefix: str) -> bool:
    return bool(_CUMULATIVE.search(prefix)) and not _YEAR_SCOPED_CUMULATIVE.search(prefix)


def _phrase_candidates(sentences: list[Sentence], meta: ReportMeta) -> list[_Candidate]:
    out = []
    # the phrases of this template, chosen once rather than per sentence (same order)
    phrases = [(p, rx) for p, rx in _COMPILED if not p.templates or meta.template in p.templates]
    # A phrase is tried only on the sentences that a match in the sentences joined overlaps:
    # text after a match can only undo it through `$` or a lookahead, which no phrase uses,
    # and the line break keeps a lookbehind from seeing the previous sentence as its own
    # text, so a sentence's own match is found in the joined text, or one that began earlier
    # runs into it (tests/unit/extract/test_prose_phrases_prefilter.py).
    everything = "\n".join(s.compact for s in sentences)
    starts = list(accumulate((len(s.compact) + 1 for s in sentences[:-1]), initial=0))
    tried = [(p, rx, _sentences_overlapped(rx, everything, starts)) for p, rx in phrases]
    tried = [(p, rx, where) for p, rx, where in tried if where]
    for order, s in enumerate(sentences):
        for p, rx, where in tried:
            if order not in where:
                continue
            if p.need and not any(w in s.compact for w in p.need):
                continue
            for m in rx.finditer(s.compact):
                if any(w in m.group(0) for w in p.reject):
                    continue
                prefix = _clause_prefix(s.compact, m.start())
                if any(w in prefix for w in p.reject):
                    continue
                out += _from_match(p, m, s, prefix, meta, order)
    return out


def _sentences_overlapped(rx: re.Pattern, text: str, starts: list[int]) -> set[int]:
    """The indices of the sentences (beginning at `starts` in `text`) that a match overlaps."""
    out: set[int] = set()
    for m in rx.finditer(text):
        first, last = bisect_right(starts, m.start()) - 1, bisect_right(starts, m.end() - 1) - 1
        out.update(range(first, last + 1))
    return out


def _from_match(p: Phrase, m: re.Match, s: Sentence, prefix: str, meta: ReportMeta,
                order: int) -> list[_Candidate]:
    metric = p.metric
    rank_scope = _scope_rank(prefix)
    if p.kind in ("zero", "zero_review_litigation"):
        metrics = [metric]
        if p.kind == "zero_review_litigation":
            what = m.group("what")
            metrics = [k for k, w in (("text.review.total", "行政复议"), ("text.litigation.total", "行政诉讼"))
                       if w in what]
        return [_Candidate(Figure(k, 0.0, "number", "text", _evidence(s, m), m.group(0), page=s.page),
                           (p.priority, rank_scope, order)) for k in metrics]
    if p.kind == "by_year":
        for y, num in _YEAR_VALUE.findall(m.group(0)):
            if meta.year and int(y) == meta.year:
                fig = Figure(metric, float(num), "number", "text", _evidence(s, m), m.group(0), page=s.page)
                return [_Candidate(fig, (p.priority, rank_scope, order))]
        return []  # no number for the report year: the other years' numbers are not this year's
    n = number_from_match(m)
    if n is None:
        return []
    if metric == "text.proactive.total":
        if _SUB_UNIT.search(prefix) or prefix.endswith("应") or prefix.endswith("其他"):
            return []  # a part (各乡镇主动公开…) or a category (其他应主动公开政府信息856条)
    if _is_cumulative(prefix):
        if metric != "text.proactive.total":
            return []
        metric = "text.proactive.cumulative"
    elif not _this_year(prefix, meta.year):
        return []
    value = n.value
    if metric == "text.fees.collected_yuan" and "unit" in m.groupdict() and m.group("unit"):
        value = round(value * _FEE_FACTORS[m.group("unit")], 6)
    fig = Figure(metric, value, n.value_kind, "text", _evidence(s, m), n.raw, page=s.page)
    return [_Candidate(fig, (p.priority, rank_scope, order))]


def _best(cands: list[_Candidate]) -> list[Figure]:
    by_metric: dict[str, _Candidate] = {}
    for c in cands:
        cur = by_metric.get(c.figure.metric)
        if cur is None or c.rank < cur.rank:
            by_metric[c.figure.metric] = c
    return [c.figure for c in by_metric.values()]


# --- proactive disclosure by category ---------------------------------------------------

# sentences that list the categories of this year's proactive disclosures
_CATEGORY_LIST = re.compile(r"主要类别|主动公开的\d+条政府信息中")
# (one pattern for every total, the number compared after the match: a pattern per total
# missed re's cache and was compiled for every report)
_TOTAL_THEN_LIST = re.compile(r"政府信息(\d+)条[,，]?[(（]?其中")


def _category_items(s: Sentence, start: int) -> list[Figure]:
    """`label N条` items of a list that starts at `start` in the sentence."""
    out = []
    text = s.compact[start:]
    for seg in re.split(r"[，；,;：:(（)）。]", text):
        m = _CATEGORY_ITEM.match(seg)
        if not m or "政府信息中" in seg or "占" in m.group("label"):
            continue
        n = number_from_match(m)
        label = m.group("label").strip("、")
        if n is None or len(label) < 2 or re.search(r"\d", label):
            continue
        out.append(Figure("text.proactive.by_category", n.value, n.value_kind, "text",
                          _evidence_text(s), n.raw, dimension=label, page=s.page))
    return out


def _evidence_text(s: Sentence) -> str:
    return s.raw if len(s.raw) <= 500 else s.raw[:500]


def categories_from_prose(sentences: list[Sentence], total: float | None) -> list[Figure]:
    """Category counts from the sentence that lists them: one that names 主要类别 or restates
    the total (在…网站主动公开的425条政府信息中，机构职能…148条，…), else the sentence of the
    chosen total when the list follows it (共公布政府信息2599条，(其中机构职能类信息25条，…).
    Other lists (重点领域 subsets of another count) are not categories of the total."""
    for s in sentences:
        m = _CATEGORY_LIST.search(s.compact)
        if m:
            items = _category_items(s, m.start())
            if len(items) >= 2:
                return items
    if total is not None:
        digits = str(int(total))
        for s in sentences:
            m = next((m for m in _TOTAL_THEN_LIST.finditer(s.compact) if m.group(1) == digits), None)
            if m:
                items = _category_items(s, m.end())
                if len(items) >= 2:
                    return items
    return []


def categories_from_tables(doc: Document) -> list[Figure]:
    """A small `信息类型 | 数量` table: as a Table block, or as text lines printed one cell per
    line with a trailing ` |` (000)."""
    for t in doc.tables:
        head = [re.sub(r"\s+", "", c) for c in t.rows[0]] if t.rows else []
        if len(head) >= 2 and "信息类型" in head[0] and "数量" in head[1]:
            out = []
            for r in range(1, t.n_rows):
                label, value = squash_spaces(t.rows[r][0]), parse_number(t.rows[r][1])
                if label and value is not None:
                    out.append(Figure("text.proactive.by_category", value.value, value.value_kind, "text",
                                      f"{label} | {t.rows[r][1]}", value.raw, dimension=label, page=t.page))
            if out:
                return out
    cells = [(b.text.strip().rstrip("|").strip(), b.page) for b in doc.blocks
             if isinstance(b, TextBlock) and b.text.rstrip().endswith("|")]
    for i in range(len(cells) - 1):
        if cells[i][0].replace(" ", "") == "信息类型" and cells[i + 1][0].replace(" ", "") == "数量":
            out = []
            rest = cells[i + 2:]
            for j in range(0, len(rest) - 1, 2):
                label, value = squash_spaces(rest[j][0]), parse_number(rest[j + 1][0])
                if not label or value is None or parse_number(label) is not None:
                    break
                out.append(Figure("text.proactive.by_category", value.value, value.value_kind, "text",
                                  f"{label} | {rest[j + 1][0]}", value.raw, dimension=label, page=rest[j][1]))
            if out:
                return out
    return []


def _merge_stats_table(figures: list[Figure], doc: Document, meta: ReportMeta) -> list[Figure]:
    """Pre-2019 statistics-form rows for the facts the narrative does not state; for the ones
    it does, the narrative figure stays and the form's value is kept as its restatement
    (compared by etl.validate.prose_vs_table, rule prose.stats_table)."""
    if meta.template != "pre2019":
        return figures
    table_figs, skipped = stats_table_figures(doc.text, meta.year)
    by_metric = {f.metric: f for f in figures if f.dimension is None}
    for t in table_figs:
        prose = by_metric.get(t.metric)
        if prose is None:
            figures.append(t)
        else:
            label = t.evidence.split(" ")[0]
            prose.restated_as = (f"统计表 {label} 本年度", t.value)
    for reason in skipped:
        metric = next((m for lbl, m in _STATS_LABELS.items() if f"row {lbl}:" in reason), None)
        if metric and metric not in by_metric and all(f.metric != metric for f in figures):
            figures.append(Figure(metric, None, "unassignable", "table", reason, None))
    return figures


def extract_prose(doc: Document, meta: ReportMeta) -> list[Figure]:
    sentences = prose_sentences(doc)
    figures = _best(_phrase_candidates(sentences, meta))
    total = next((f.value for f in figures if f.metric == "text.proactive.total"), None)
    figures += categories_from_tables(doc) or categories_from_prose(sentences, total)
    return _merge_stats_table(figures, doc, meta)
