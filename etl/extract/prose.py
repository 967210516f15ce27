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
from functools import lru_cache
from itertools import accumulate

from etl.extract.line_memo import LineMemo
from etl.extract.match_scan import match_spans
from etl.extract.normalize import compact_each, squash_spaces, to_halfwidth
from etl.extract.prose_numbers import NUMBER_PATTERN, number_from_match, parse_number
from etl.extract.prose_phrases import PHRASES, STATS_TABLE_LABELS as _STATS_LABELS, Phrase
from etl.extract.prose_stats_table import stats_table_figures
from etl.extract.prose_unread import unread_mentions
from etl.model import Document, Figure, ReportMeta, Table, TextBlock

_AFTER_SENTENCE_END = re.compile(r"(?<=[。！？!?])")
_SPACES = re.compile(r"\s+")
_SENTENCE_ENDS = "。！？!?"
_SENTENCE_END = re.compile(r"[。！？!?]")
_CLAUSE_ENDERS = "，。；,;！!？?（(."  # (a crawler's `.` for 。 ends a clause too: 未收到依申请公开事项.)
_CLAUSE_BREAK = re.compile(r"[，；,;：:|（(）)]")
_PAGE_NUMBER = re.compile(r"^\s*[-—－]?\s*\d{1,3}\s*[-—－]?\s*$|^\s*第\s*\d+\s*页")
# crawler headers, not report text
_HEADER_LINE = re.compile(r"^\s*(?:标题|发布时间|发布日期|文号|发布机构|栏目|原文链接|本地目录|页面链接)\s*[:：]|^=+\s*正文")
# a line left out of the prose: a page number or a crawler header (the two tried in one match)
_SKIPPED_LINE = re.compile(f"(?:{_PAGE_NUMBER.pattern})|(?:{_HEADER_LINE.pattern})")
# short heading lines (一、总体情况, （二）依申请公开情况) and one-cell-per-line table rows (`18 |`)
# a heading line (五、收费情况, （三）政府信息公开的收费及减免情况): the sentences below it stand under it
_HEADING_LINE = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)])[^。，,|]{0,40}$")
_STANDALONE_LINE = re.compile(r"^\s*(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)])[^。]{0,18}$|.*\|\s*$")
_CUMULATIVE = re.compile(r"累计|历年|截至|截止|至今|以来|目前\w{0,6}总计")
# 累计 that means "in total during the year" (2019年累计, 今年累计, 全年累计)
_YEAR_SCOPED_CUMULATIVE = re.compile(r"(?:本年|今年|全年|年度|当年|\d{4}年)(?:度)?(?:共)?累计")
# a sentence that opens with its year (2022年，…): a 累计 later in it is that year's total
_LEAD_YEAR = re.compile(r"^(?:[一二三四五六七八九十]+、)?(?:[^,，。:：\d]{1,12}[:：])?"
                        r"(?:((?:19|20)\d{2})年(?:度)?[,，]|全年|本年度?|今年|一年(?:以)?来[,，]?)")
_EVER = re.compile(r"历年|截至|截止|至今|以来|成立|建站|开通|年底|年末|为止")
# a sentence that opens with a date reached (截至2018年12月31日，…), and the words that still make
# its clause this year's (全年, 本年…)
_UP_TO_LEAD = re.compile(r"^(?:截至|截止|到)[^，,。]{0,20}[,，]")
_THIS_YEAR_WORDS = re.compile(r"全年|本年|今年|年内|当年|\d{4}年(?:度)?(?:共|全年)")
_OTHER_PERIOD = re.compile(r"上年|去年|上一年|同比|上年度")
# what makes the part a 其中 lists this year's (累计…，其中本年度/2019年主动公开…)
_THIS_YEAR_PART = re.compile(r"全年|本年|今年|年内|当年|(?:19|20)\d{2}年")
# a clause 2019年以来 (or 今年以来) right before the one of a 累计: since the start of that year
_SINCE_YEAR = re.compile(r"(?:((?:19|20)\d{2})年度?|今年|本年度?)以来[,，]$")
_YEAR_IN = re.compile(r"((?:19|20)\d{2})年")
# a template's fill-in note left in the sentence: its numbers may be the template's, not the organ's
_PLACEHOLDER = re.compile(r"请(?:根据|按|结合)?(?:实际)?(?:情况)?填写|[×X]{2}条")
_YEAR_VALUE = re.compile(r"((?:19|20)\d{2})年的?(\d+)")
_SUB_UNIT = re.compile(r"各单位|各乡镇|各部门|县直|区直|市直|各县|各区|乡镇")
_REGION_SCOPE = re.compile(r"全(?:省|市|区|县)|各级")
_ORGAN_SCOPE = re.compile(r"我(?:局|委|办|厅|院|署|中心)|本(?:机关|局|委|办|单位|部门)|(?:区|市|县)政府办|办公室")
# a word every match of _ORGAN_SCOPE holds: sre has no first character to scan for in that
# pattern (its third branch opens with a group) and tries it at every position, ~10 times the
# cost of these substring tests on a clause
_ORGAN_SCOPE_WORDS = ("我", "本", "政府办", "办公室")
_SUB_ITEMS = re.compile(r"[(（][^()（）]*\d+条[^()（）]*[)）]")
_CHANNEL_LABEL = re.compile(r"^(?:其中)?(?:通过|在|经|利用|依托|借助)|(?:公开|发布|公布|推送|刊登)$|网站|微博|微信|公众号|报纸|"
                            r"电视|广播|新媒体|客户端|公开栏|公示栏|揭示板|抖音|头条|快手|视频号|小程序|"
                            # (an activity, not a category: 创新发布音视频解读1条, 开展政策宣讲3场)
                            r"^(?:创新|开展|召开|举办|组织|制作|发布|更新|主动向)|报送")
_LIST_OPENER = r"(?:其中|信息类别包括|类别包括|主要包括|包括|主要有|分别为|主要类别有)"
_CATEGORY_ITEM = re.compile(r"^" + _LIST_OPENER + r"?(?P<label>[^\d]{2,40}?)(?:共)?" + NUMBER_PATTERN + r"条$")
# an item printed without its unit (其他类 70): a category label (…类) and a bare number
_BARE_CATEGORY_ITEM = re.compile(r"^" + _LIST_OPENER + r"?(?P<label>[^\d]{1,20}?类)" + NUMBER_PATTERN + r"$")
# document types counted in 件 right after 主动公开 (规章5件、行政规范性文件23件), not 场/项 lists
_DOC_TYPE_LIST = re.compile(r"主动公开(?:了)?(?=[^\d，。；]{1,12}\d+件、)")
_DOC_TYPE_ITEM = re.compile(r"^(?P<label>[^\d]{0,8}(?:规章|规范性文件|政策文件|文件))" + NUMBER_PATTERN + r"件$")
# items of a list are separated by punctuation, or by 、 right after a unit (规章5件、文件23件)
_ITEM_SEPARATOR = re.compile(r"[，；,;：:(（)）。]|(?<=[条件])、")
_COMPILED: list[tuple[Phrase, re.Pattern]] = [
    (p, re.compile(p.pattern.replace("{N}", NUMBER_PATTERN))) for p in PHRASES
]


def _group_scans() -> dict[str, re.Pattern]:
    """Each scan group's phrases as one alternation (their group names dropped: `{N}` names
    its parts, and a name may appear once in a pattern; no phrase refers back to one)."""
    named = re.compile(r"\(\?P<\w+>")
    members: dict[str, list[str]] = {}
    for p, rx in _COMPILED:
        if p.scan_group is not None:
            if "(?P=" in rx.pattern or "(?(" in rx.pattern:
                raise ValueError(f"phrase {p.pattern!r} refers back to a group: it cannot be scanned in a group")
            members.setdefault(p.scan_group, []).append(named.sub("(?:", rx.pattern))
    return {group: re.compile("|".join(f"(?:{pattern})" for pattern in patterns))
            for group, patterns in members.items()}


_GROUP_SCANS = _group_scans()
_FEE_FACTORS = {"元": 1.0, "万元": 10_000.0}


@dataclass(slots=True)
class Sentence:
    raw: str  # as printed (spaces squashed), for evidence
    compact: str  # half-width, no whitespace: what phrases are matched against
    page: int | None
    heading: str = ""  # the last heading line above the sentence (compact), '' when none


@dataclass(slots=True)
class _Candidate:
    figure: Figure
    rank: tuple


def prose_sentences(doc: Document) -> list[Sentence]:
    """The running text of the document as sentences. Lines are joined without a separator
    (PDF lines break inside words); tables, page numbers and crawler headers are left out."""
    # (buf, page, heading) of each sentence; made into Sentences at the end, in one pass
    found: list[tuple[str, int | None, str]] = []
    buf, page = "", None
    heading = ""
    for b in doc.blocks:
        pg = b.page
        for text, line_heading, parts in _TABLE_PIECES if isinstance(b, Table) else _pieces_of(b.text):
            if line_heading is not None:
                found.append((buf, page, heading))
                buf, heading = "", line_heading
                found.append((text, pg, heading))
                continue
            for part in parts:
                if not buf or buf.isspace():  # (= `not buf.strip()`, without the copy)
                    page = pg
                buf += part
                if part[-1] in _SENTENCE_ENDS:
                    found.append((buf, page, heading))
                    buf = ""
    found.append((buf, page, heading))
    return _sentences(found)


_Piece = tuple[str, str | None, tuple[str, ...]]  # a line, its heading key when it is a heading, its parts


def _piece(text: str) -> _Piece:
    """A line as the sentences take it: a heading (it starts a section), or the parts that
    the sentence ends in it cut it into."""
    if _HEADING_LINE.match(text):
        return text, _SPACES.sub("", to_halfwidth(text)), ()
    # (a line without a sentence end is one part: the split's regex, tried at every character,
    # is skipped for it)
    parts = _AFTER_SENTENCE_END.split(text) if _SENTENCE_END.search(text) else (text,)
    return text, None, tuple(part for part in parts if part)


_STOP = _piece("。")
_TABLE_PIECES = (_STOP,)  # a table ends the sentence before it


def _pieces_of(line: str) -> tuple[_Piece, ...]:
    """What a text line gives the sentences: nothing (a page number, a crawler header), a
    sentence of its own (a heading, a table cell line), or its text. Kept by line: most lines
    repeat from report to report."""
    pieces = _LINE_PIECES.get(line)
    if pieces is None:
        if _SKIPPED_LINE.match(line):
            pieces = ()
        elif _STANDALONE_LINE.match(line):
            pieces = (_STOP, _piece(line), _STOP)
        else:
            pieces = (_piece(line),)
        _LINE_PIECES.keep(line, pieces)
    return pieces


_LINE_PIECES: LineMemo[tuple[_Piece, ...]] = LineMemo()


def _sentences(found: list[tuple[str, int | None, str]]) -> list[Sentence]:
    """The Sentence of each (text as joined, page, heading), those with no text left out."""
    out: list[Sentence] = []
    for (text, page, heading), compact in zip(found, compact_each([text for text, _, _ in found])):
        raw = squash_spaces(text).lstrip("。") if text else ""
        if raw:
            out.append(Sentence(raw, compact, page, heading))
    return out


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
    if any(w in prefix for w in _ORGAN_SCOPE_WORDS) and _ORGAN_SCOPE.search(prefix):
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


@lru_cache(maxsize=None)  # (a handful of templates, and None)
def _phrases_of(template: str | None) -> tuple[tuple[Phrase, re.Pattern], ...]:
    """The phrases of this template, in order: chosen once per template, not per report."""
    return tuple((p, rx) for p, rx in _COMPILED if not p.templates or template in p.templates)


def _phrase_candidates(sentences: list[Sentence], meta: ReportMeta) -> list[_Candidate]:
    out = []
    phrases = _phrases_of(meta.template)
    # A phrase is tried only on the sentences that a match in the sentences joined overlaps:
    # text after a match can only undo it through `$` or a lookahead, which no phrase uses,
    # and the line break keeps a lookbehind from seeing the previous sentence as its own
    # text, so a sentence's own match is found in the joined text, or one that began earlier
    # runs into it (tests/unit/extract/test_prose_phrases_prefilter.py).
    # The phrases of a scan group are tried on the sentences that a match of the group's
    # alternation overlaps: where one of them matches, the alternation matches too (or a match
    # of it that began earlier runs into the place), so those sentences hold every sentence
    # where one of the group matches; each phrase is then matched on them as on any other.
    everything = "\n".join(s.compact for s in sentences)
    starts = list(accumulate((len(s.compact) + 1 for s in sentences[:-1]), initial=0))
    group_where: dict[str, set[int]] = {}
    tried: list[tuple[Phrase, re.Pattern]] = []
    at: list[tuple[int, int]] = []  # (sentence, index in `tried`) of each pair to try
    for p, rx in phrases:
        if p.scan_group is None:
            where = _sentences_overlapped(rx, everything, starts)
        elif p.scan_group in group_where:
            where = group_where[p.scan_group]
        else:
            where = group_where[p.scan_group] = _sentences_overlapped(_GROUP_SCANS[p.scan_group], everything,
                                                                      starts)
        if where:
            tried.append((p, rx))
            at.extend([(order, len(tried) - 1) for order in where])
    # (each sentence, and in it each phrase in order, as a loop over every sentence and every
    # phrase would take them; the few (sentence, phrase) pairs to try are sorted instead of
    # passing ~900 pairs a report to try ~50 of them)
    at.sort()
    for order, which in at:
        p, rx = tried[which]
        if not sentence_allows(p, sentences, order):
            continue
        s = sentences[order]
        for m in rx.finditer(s.compact):
            prefix = _clause_prefix(s.compact, m.start())
            if match_allowed(p, m, s.compact, prefix):
                out += _from_match(p, m, s, prefix, meta, order)
    return out


def sentence_allows(p: Phrase, sentences: list[Sentence], order: int) -> bool:
    """The sentence-level conditions of a phrase: words it needs, the heading it must stand
    under, words around it that give it another meaning."""
    s = sentences[order]
    # (the heading the sentence stands under counts: 四、因政府信息公开申请行政复议、提起行政诉讼的情况 then
    # 未出现申请行政复议、提起行政诉讼的情况 is about disclosure)
    if p.need and not any(w in s.compact or w in s.heading for w in p.need):
        return False
    if p.heading and not re.search(p.heading, s.heading):
        return False
    return not (p.reject_context and _context_rejects(p, sentences, order))


def match_allowed(p: Phrase, m: re.Match, compact: str, prefix: str) -> bool:
    """The conditions on one match: no rejected word in it or before it in its clause, nothing
    right after it that makes it another figure, and the clause ending with it when the phrase
    must be the subject (未收到政府信息公开申请，… but not 未收到对…申请答复不满的投诉)."""
    if any(w in m.group(0) or w in prefix for w in p.reject):
        return False
    if p.reject_before and re.search(p.reject_before, prefix):
        return False
    after = compact[m.end():m.end() + 14]
    if p.reject_after and any(w in after for w in p.reject_after):
        return False
    return not (p.clause_end and after and after[0] not in _CLAUSE_ENDERS)


def _context_rejects(p: Phrase, sentences: list[Sentence], order: int) -> bool:
    """Whether the sentence, or the opening of the next one (不收取费用。但是…), has a word that
    makes the phrase mean something else."""
    nxt = sentences[order + 1].compact[:4] if order + 1 < len(sentences) else ""
    return any(w in sentences[order].compact or nxt.startswith(w) for w in p.reject_context)


def _lead_year(s: Sentence, m: re.Match, year: int | None) -> str | None:
    """'this' when the sentence opens with the report year (or 全年/本年) and says nothing of
    an earlier start (截至, 以来…) before the match; 'other' when it opens with another year."""
    before = s.compact[:m.start()]
    lead = _LEAD_YEAR.match(before)  # (a label may come first: 公开主要内容：2010年，…)
    if not lead:
        return None
    if lead.group(1) and year and int(lead.group(1)) != year:
        return "other"
    return None if _EVER.search(before, lead.end()) else "this"


def _a_part(sentence: str, at: int, prefix: str) -> bool:
    """Whether the statement at `at` is one channel of those a 其中 before it lists (主动公开政府信息
    53393条，其中市政府门户网站5200条，…，政务新媒体主动公开政府信息19002条 / 其中，通过官方网站主动公开
    政府信息910条；通过政务微博…). Not a part without a channel (发布信息4583条，其中主动公开各类政府信息
    2107条: the proactive total), nor one that names this year (累计…，其中2019年主动公开…)."""
    k = sentence.rfind("其中", 0, at)
    return k >= 0 and not _THIS_YEAR_PART.search(sentence, k, at) and bool(_CHANNEL_LABEL.search(prefix))


def _since_this_year(before_clause: str, year: int | None) -> bool:
    """Whether the clause before the match's says "since the start of the report year"
    (2019年以来，…累计主动公开… in a 2019 report): its 累计 is that year's total."""
    m = _SINCE_YEAR.search(before_clause)
    return bool(m) and (m.group(1) is None or (year is not None and int(m.group(1)) == year))


def _sentences_overlapped(rx: re.Pattern, text: str, starts: list[int]) -> set[int]:
    """The indices of the sentences (beginning at `starts` in `text`) that a match overlaps."""
    out: set[int] = set()
    for start, end in match_spans(rx, text):  # (= rx.finditer(text), see match_scan)
        first, last = bisect_right(starts, start) - 1, bisect_right(starts, end - 1) - 1
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
            metrics = [k for k, w in (("text.review.total", "复议"), ("text.litigation.total", "诉讼")) if w in what]
        return [_Candidate(Figure(k, 0.0, "number", "text", _evidence(s, m), m.group(0), page=s.page),
                           (p.priority, rank_scope, order)) for k in metrics]
    if p.kind == "by_year":
        for y, num in _YEAR_VALUE.findall(m.group(0)):
            if meta.year and int(y) == meta.year:
                fig = Figure(metric, float(num), "number", "text", _evidence(s, m), m.group(0), page=s.page)
                return [_Candidate(fig, (p.priority, rank_scope, order))]
        return []  # no number for the report year: the other years' numbers are not this year's
    n = number_from_match(m)
    if n is None or _PLACEHOLDER.search(s.compact):
        return []  # (a template's note left in: 23条(请根据实际情况填写) may be the template's number)
    if metric == "text.proactive.total":
        if _SUB_UNIT.search(prefix) or prefix.endswith("应") or prefix.endswith("其他") or _a_part(s.compact, m.start(), prefix):
            # a part (各乡镇主动公开…), a category (其他应主动公开政府信息856条), or one of the parts
            # listed after 其中 (其中，通过官方网站主动公开政府信息910条；通过政务微博…)
            return []
    lead = _lead_year(s, m, meta.year)
    if lead == "other":
        return []  # 2021年，…累计主动公开… in a 2022 report: another year's statement
    if _is_cumulative(prefix) and not (lead == "this" and not _EVER.search(prefix)) \
            and not _since_this_year(s.compact[:m.start() - len(prefix)], meta.year):
        if metric != "text.proactive.total":
            return []
        metric = "text.proactive.cumulative"
    elif not _this_year(prefix, meta.year):
        return []
    elif _UP_TO_LEAD.match(s.compact[:m.start()]) and not _THIS_YEAR_WORDS.search(prefix):
        return []  # 截至2018年12月31日，我局主动公开…: to a date, the year's or all years'? not said
    value = n.value
    if metric == "text.fees.collected_yuan" and "unit" in m.groupdict() and m.group("unit"):
        value = round(value * _FEE_FACTORS[m.group("unit")], 6)
    fig = Figure(metric, value, n.value_kind, "text", _evidence(s, m), n.raw, page=s.page)
    return [_Candidate(fig, (p.priority, rank_scope, order))]


def _alike(rank: tuple) -> tuple:
    priority, scope, order = rank
    return priority, scope == 2, order  # (2: region-wide, 全市…; 0 and 1: the organ own or unscoped)


def _best(cands: list[_Candidate]) -> list[Figure]:
    """Each metric's best statement. Two statements of one metric that rank alike (the same
    phrase strength and scope, in one sentence) with different numbers give none: 通过门户网站
    主动公开政府信息23300条，通过省政府网站主动公开政府信息137条 names two channels, not the total (the
    metric is then reported as mentioned but not read, etl.extract.prose_unread)."""
    by_metric: dict[str, _Candidate] = {}
    for c in cands:
        cur = by_metric.get(c.figure.metric)
        if cur is None or c.rank < cur.rank:
            by_metric[c.figure.metric] = c
    # (alike: the same phrase strength in the same sentence, the organ's own and an unscoped
    # clause counting as one scope: 我局通过门户网站主动公开…233条，通过省政府网站主动公开…13条 says 我局 once)
    torn: dict[str, _Candidate] = {}  # metric → another number its best statement's sentence gives alike
    for c in cands:
        best = by_metric[c.figure.metric]
        if c.figure.value != best.figure.value and _alike(c.rank) == _alike(best.rank):
            torn.setdefault(c.figure.metric, c)
    out = []
    for metric, c in by_metric.items():
        f = c.figure
        if metric in torn:
            other = torn[metric].figure
            f = Figure(metric, None, "unassignable", "text",
                       f"one sentence states two numbers for this figure ({f.raw_text} / {other.raw_text}), none of "
                       f"them said to be the whole: {f.evidence}"[:500], None, page=f.page)
        out.append(f)
    return out


# --- proactive disclosure by category ---------------------------------------------------

# sentences that list the categories of this year's proactive disclosures
_CATEGORY_LIST = re.compile(r"主要类别|信息类别包括|主动公开的(?:\d+条)?(?:政府)?信息中")
# (one pattern for every total, the number compared after the match: a pattern per total
# missed re's cache and was compiled for every report)
_TOTAL_THEN_LIST = re.compile(r"政府信息(\d+)条[,，]?[(（]?" + _LIST_OPENER)
# a sentence that ends with the total, its list in the next sentence (…政府信息120条。其中，…)
_TOTAL_ENDS = re.compile(r"政府信息(\d+)条[。；;]?$")
_STARTS_LIST = re.compile(r"^" + _LIST_OPENER + r"[,，:：]?")


def _category_items(s: Sentence, start: int) -> list[Figure]:
    """`label N条` items of a list that starts at `start` in the sentence. Counts in brackets are
    an item's own parts (法定主动公开内容99条(其中:履职依据1条,机构职能8条…), 网站公开65条(公告公示3条)),
    not items of the list: left out."""
    out, bare = [], []
    text = _SUB_ITEMS.sub("", s.compact[start:])
    for seg in _ITEM_SEPARATOR.split(text):
        m = _CATEGORY_ITEM.match(seg)
        into = out
        if not m:
            m, into = _BARE_CATEGORY_ITEM.match(seg), bare
        if (not m or "政府信息中" in seg or "占" in m.group("label") or _CHANNEL_LABEL.search(m.group("label"))
                or "决定数" in m.group("label")):
            continue  # (通过政府网站公开280条: a channel; 行政许可类处理决定数4条: a count of decisions)
        n = number_from_match(m)
        label = m.group("label").strip("、")
        if n is None or len(label) < 2 or re.search(r"\d", label):
            continue
        into.append(Figure("text.proactive.by_category", n.value, n.value_kind, "text",
                           _evidence_text(s), n.raw, dimension=label, page=s.page))
    # a bare number is an item only in a list whose other items carry their unit
    return out + bare if len(out) >= 2 else out


def _doc_type_items(s: Sentence) -> list[Figure]:
    """规章5件、行政规范性文件23件 right after 主动公开: counts of document types (not 场/项)."""
    m = _DOC_TYPE_LIST.search(s.compact)
    if not m:
        return []
    out = []
    for seg in _ITEM_SEPARATOR.split(s.compact[m.end():]):
        item = _DOC_TYPE_ITEM.match(seg)
        if not item:
            break
        n = number_from_match(item)
        if n is None:
            break
        out.append(Figure("text.proactive.by_category", n.value, n.value_kind, "text",
                          _evidence_text(s), n.raw, dimension=item.group("label"), page=s.page))
    return out if len(out) >= 2 else []


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
        # (both ways of stating the total hold 政府信息<total>条: the other sentences are passed by)
        stated = f"政府信息{digits}条"
        for i, s in enumerate(sentences):
            if stated not in s.compact:
                continue
            m = next((m for m in _TOTAL_THEN_LIST.finditer(s.compact) if m.group(1) == digits), None)
            if m:
                items = _category_items(s, m.end())
                if len(items) >= 2:
                    return items
            ends = _TOTAL_ENDS.search(s.compact)
            if ends and ends.group(1) == digits and i + 1 < len(sentences):
                nxt = sentences[i + 1]
                opener = _STARTS_LIST.match(nxt.compact)
                if opener:
                    items = _category_items(nxt, opener.end())
                    if len(items) >= 2:
                        return items
    for s in sentences:
        items = _doc_type_items(s)
        if items:
            return items
    return []


def categories_from_tables(doc: Document) -> list[Figure]:
    """A small `信息类型 | 数量` table: as a Table block, or as text lines printed one cell per
    line with a trailing ` |` (000)."""
    for t in doc.tables:
        # (only the first two cells of the head are read: the rest were compacted for nothing)
        head = t.rows[0] if t.rows else ()
        if len(head) >= 2 and "信息类型" in _SPACES.sub("", head[0]) and "数量" in _SPACES.sub("", head[1]):
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
    figures = _merge_stats_table(figures, doc, meta)
    # what the text states but no phrase reads: NULL with the clause, for the prose.* checks
    return figures + unread_mentions(sentences, {f.metric for f in figures}, meta.year)
