"""Who, where, when: organ, region, year, publication date of one report.

- Title: the page's article title (HTML `meta:ArticleTitle`), a crawler's `标题:` line, else
  the first lines of the text (one line, or two joined: PDFs break titles over lines).
- A report inside a covering letter (关于报送《…局2015年…》的函): the organ from the letter's
  title, attachment line or contact line (etl.extract.organ_letter); generic words (政府, 我局,
  关于报送) are never an organ name.
- Organ and year from the title (淮北市商务局2018年度… or 2024年上海市科委…); the title's
  year is the statistics year and wins over any date in the text; without a title, the
  statistics period (统计期限自2011年1月1日…) gives the year.
- Region from the gazetteer (etl.metadata.regions); kind and type from etl.organs.
- published_on: `meta:PubDate`, a crawler's 发布时间/时间 line, else the last full date of the
  year after the report year in the text (the date under the signature).
- is_aggregate: a title naming only a region, a preamble saying the report was compiled
  from subordinate organs' reports, or a government's prose figure stated for 全市/全区/全县.
"""
from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from itertools import islice
from typing import Iterator

from etl.extract.normalize import compact, squash_spaces, to_halfwidth
from etl.organs import admin_level_of_kind, bureau_type, is_region_name, organ_kind
from etl.extract.organ_letter import letter_title, organ_from_letter
from etl.extract.organ_name import compiler_organ, ends_like_an_organ, organ_of_title, publisher_organ
from etl.extract.prose_numbers import chinese_to_int
from etl.keys import expand_abbreviation
from etl.metadata.regions import resolve_region
from etl.model import Document, ReportMeta, TextBlock

_CJK = r"\u4e00-\u9fff"
_REPORT_WORDS = r"(?:政府信息公开|政务公开|信息公开)(?:工作)?(?:年度)?(?:工作)?(?:的)?(?:报告|年报)"
_ORGAN_FIRST = re.compile(
    rf"(?P<organ>[{_CJK}（）()]{{2,40}}?)(?P<year>(?:19|20)\d{{2}})年度?(?:的)?{_REPORT_WORDS}")
_WORDS_THEN_YEAR = re.compile(
    rf"(?P<organ>[{_CJK}（）()]{{2,40}}?)(?:政府信息公开|政务公开)(?:工作)?(?P<year>(?:19|20)\d{{2}})年度?(?:年度)?(?:报告|年报)")
_YEAR_FIRST = re.compile(rf"(?P<year>(?:19|20)\d{{2}})年度?(?P<organ>[{_CJK}（）()]{{2,30}}?){_REPORT_WORDS}")
# words that show a "title" match is really navigation or a sentence, not an organ name
_NOT_ORGAN = re.compile(r"政府信息公开|年报|首页|当前位置|无障碍|长者模式|关怀模式|登录|报告|根据|本机关|简称|我(?:局|委|办|区|市|县)")
_CRAWLER_TITLE = re.compile(r"^\s*标\s*题\s*(?:[:：]|\s)\s*(.+)$")  # (标题: … / 标      题 …)
_TITLE_START_WORDS = re.compile(r"(?:19|20)\d{2}\s*年")
_NAVIGATION = re.compile(r"[>›»|:：]|当前位置|您的位置|首页|模式|无障碍|繁体|繁體|简体|登录|English")
# without a title or a statistics period: a report named with its year (认真编制了2016年度政府信息公开
# 年度报告), else the preamble's own statement of the year: 现将我办2022年度
# 政府信息公开情况报告如下 / 现公布我局2022年政府信息公开工作年度报告 / 2019年，我局政府信息公开工作…
_YEAR_OF_REPORT = re.compile(rf"((?:19|20)\d{{2}})年度?(?:的)?{_REPORT_WORDS}")
_PREAMBLE_YEAR = re.compile(r"(?:(?:现将|(?:现|特)(?:向社会)?(?:予)?公布|现公开)[^。]{0,12}?|^)((?:19|20)\d{2})年度?[,，]?"
                            r"(?:我|本)?[^。，,]{0,12}?(?:政府信息公开|政务公开|信息公开)(?:工作)?")
_CRAWLER_DATE = re.compile(r"(?:^|(?<=\s))(?:发布时间|发布日期|时间)\s*[:：]\s*((?:19|20)\d{2})[-/年.](\d{1,2})[-/月.](\d{1,2})")
_DATE = re.compile(r"([○〇零一二三四五六七八九\d]{4})\s*年\s*([一二三四五六七八九十\d]{1,3})\s*月\s*([一二三四五六七八九十\d]{1,3})\s*日")
_PERIOD_YEAR = re.compile(r"(?:统计(?:期限|时限|周期|时间)|所列数据)[^。]{0,12}?((?:19|20)\d{2})\s*年\s*1\s*月\s*1\s*日")
_PAGE_NUMBER = re.compile(r"^\s*[-—－]?\s*\d{1,3}\s*[-—－]?\s*$")
# a date preceded by these words is a period bound, not a signature date
_PERIOD_WORDS = re.compile(r"(?:至|起|自|截至|截止|到)\s*$")
# what may follow a signature date in text that lost its lines: nothing, or the attachments
_END_OR_ATTACHMENT = re.compile(r"\s*(?:附件|\Z)")
# preamble phrases saying the report compiles the reports of subordinate organs
_AGGREGATE_PREAMBLE = (
    re.compile(r"汇总[^。]{0,20}各[^。]{0,6}(?:单位|部门)"),
    re.compile(r"以及[^。]{0,40}各[^。]{0,10}(?:部门|乡镇人民政府|单位)的政府信息公开(?:工作)?年度报告编制"),
)
# a prose figure stated for the whole region (全市共受理…, 全区主动公开…)
_REGION_WIDE_FIGURE = re.compile(r"全(?:省|市|区|县)(?:共|累计)?(?:受理|收到|主动公开|公开|发布)[^。，；]{0,20}?\d")


def _title_candidates(doc: Document) -> Iterator[str]:
    """The candidates in the order they are tried, made one at a time: the title is nearly always
    among the first, and making all ~80 (two per line of the first 40) cost more than reading it."""
    art = doc.properties.get("meta:ArticleTitle")
    if art:
        yield art
    lines = _first_text_lines(doc, 60)
    for line in lines:
        m = _CRAWLER_TITLE.match(line)
        if m:
            yield m.group(1)
    if doc.properties.get("title"):
        yield from re.split(r"[_|]| - ", doc.properties["title"])[:1]
    # each of the first 40 lines but page numbers and blank ones, then it joined with the next
    # when it may be a title's first part (a title broken over two PDF lines: 洪泽区人民政府 |
    # 2023 年政府信息公开…): not a portal's navigation or field line (首页>…>部委, 发布单位：…) or
    # a panel's value (主动公开, 服务对象, 主题颜色) standing above the title line
    kept = (ln for ln in lines[:40] if ln.strip() and not _PAGE_NUMBER.match(ln))
    line = next(kept, None)
    while line is not None:
        yield line
        following = next(kept, None)
        if following is not None and _may_start_title(line):
            yield line.strip() + following.strip()
        line = following


def _may_start_title(line: str) -> bool:
    """Whether a line may be the first part of a title broken over two lines: an organ's name
    (its ending says so) or the start of the title's words with its year (2024 年上海市科委政府信息公开
    工作 | 年度报告; not a portal's 文件类信息公开 above the title line)."""
    text = line.strip()
    if _NAVIGATION.search(text):
        return False
    return bool(ends_like_an_organ(text) or _TITLE_START_WORDS.search(text))


def _first_text_lines(doc: Document, n: int) -> list[str]:
    """The texts of the document's first `n` text blocks (without a list of all of them first)."""
    return list(islice((b.text for b in doc.blocks if isinstance(b, TextBlock)), n))


def find_title(doc: Document) -> tuple[str, str, int] | None:
    """(title as printed, organ, year) of the first candidate that reads as a report title."""
    for cand in _title_candidates(doc):
        # (every match holds a year's 年 and 报告 or 年报: the three regexes, slow to fail on a
        # long line, are tried only on candidates holding both; a report inside a covering
        # letter has no such line and tried them on every one of its ~80 candidates)
        if "报" not in cand or "年" not in cand:
            continue
        t = compact(cand)
        for rx in (_ORGAN_FIRST, _WORDS_THEN_YEAR, _YEAR_FIRST):
            m = rx.search(t)
            if m and not _NOT_ORGAN.search(m.group("organ")):
                organ = organ_of_title(m.group("organ"))
                if organ is None:
                    continue  # (关于报送2015年…报告的函, 我局2015年…, 认真编制了2016年度…: no organ named)
                title = re.sub(r"(?<=\d)\s+(?=年)|(?<=[\u4e00-\u9fff])\s+(?=\d)", "", squash_spaces(cand))
                return title, organ, int(m.group("year"))
    return None


def _to_int(text: str) -> int | None:
    """`2013`, `二○一三` (digit by digit), `二十` → int."""
    t = to_halfwidth(text)
    return int(t) if t.isdigit() else chinese_to_int(text)


def _date_of(m: re.Match, year: int) -> date | None:
    y, mo, d = (_to_int(g) for g in m.groups())
    if y != year + 1 or not mo or not d:
        return None
    try:
        return date(y, mo, d)
    except ValueError:
        return None


def _signature_date(doc: Document, year: int | None) -> date | None:
    """The date under the signature: a full date of the year after the report year on a line of
    its own (after the signing organ, or with it on the line), or at the very end of the text or
    right before its 附件 in text that lost its lines. A date inside a sentence
    (自2020年3月1日起施行) is not one."""
    if year is None:
        return None
    found = None
    for b in doc.blocks:
        if not isinstance(b, TextBlock):
            continue
        # (a date holds 日: the regex, tried at every character, runs only on lines with one)
        m = _DATE.search(b.text) if "日" in b.text else None
        if m and not b.text[m.end():].strip() and not re.search(r"[，。；,;：:]", b.text[:m.start()]):
            found = _date_of(m, year) or found
    if found:
        return found
    text = doc.text
    for m in _DATE.finditer(text):
        if _PERIOD_WORDS.search(text[max(0, m.start() - 4):m.start()]):
            continue
        # only whitespace, or 附件, after the date (a match, not a copy of the rest per date)
        if _END_OR_ATTACHMENT.match(text, m.end()):
            found = _date_of(m, year) or found
    return found


def find_published_on(doc: Document, year: int | None) -> date | None:
    pub = doc.properties.get("meta:PubDate") or doc.properties.get("meta:pubdate")
    texts = [pub] if pub else []
    texts += _first_text_lines(doc, 60)
    for t in texts:
        # (a match holds 时间 or 日期: the regex, which opens with a lookbehind and is tried at
        # every character, is run only on the lines that hold one)
        if "时间" not in t and "日期" not in t and t != pub:
            continue
        m = _CRAWLER_DATE.search(t if t != pub else f"时间:{pub}")
        if m:
            try:
                d = date(*(int(g) for g in m.groups()))
            except ValueError:
                continue
            if year is None or d.year >= year:  # not a date of the statistics period
                return d
    return _signature_date(doc, year)


def find_statistics_year(text: str) -> int | None:
    m = _PERIOD_YEAR.search(text)
    return int(m.group(1)) if m else None


def detect_aggregate(organ: str | None, kind: str | None, text: str) -> bool | None:
    """True for a region-wide report; False for a department's own report; None when a
    government's report gives no sign either way."""
    if organ and is_region_name(organ):
        return True
    head = text[:3000]
    if any(rx.search(head) for rx in _AGGREGATE_PREAMBLE):
        return True
    if kind == "department":
        return False
    if kind == "government" and _REGION_WIDE_FIGURE.search("".join(text.split())):  # (= re.sub(r"\s+", "", text))
        return True
    return None


def extract_meta(doc: Document) -> ReportMeta:
    meta = ReportMeta()
    found = find_title(doc)
    text = doc.text
    if found:
        meta.title, organ, meta.year = found
        meta.bureau_name = expand_abbreviation(organ)
    else:
        meta.year = find_statistics_year(text) or _preamble_year(doc)
        opening = _first_text_lines(doc, 20)
        meta.bureau_name = publisher_organ(opening) or compiler_organ(opening[:10])
    # a report inside a covering letter (关于报送《…局2015年…》的函): the letter names the organ
    letter = organ_from_letter(doc)
    if letter is not None:
        meta.bureau_name = expand_abbreviation(letter[0])
    if meta.year is None:
        meta.year = _letter_year(doc)
    name = meta.bureau_name
    if name:
        region = resolve_region(name)
        if region:
            meta.province, meta.city, meta.county = region.province, region.city, region.county
            meta.region_code = region.code
        meta.organ_kind = organ_kind(name)
        meta.bureau_type = bureau_type(name)
        if meta.organ_kind == "department" or admin_level_of_kind(name) == "department":
            meta.admin_level = "department"  # a 局/委/办, or a government's general office
        elif meta.organ_kind == "government":
            meta.admin_level = _government_level(name, region.level if region else None)
    meta.published_on = find_published_on(doc, meta.year)
    meta.is_aggregate = detect_aggregate(name, meta.organ_kind, text)
    return meta


def _preamble_year(doc: Document) -> int | None:
    """The year the preamble says the report is about, for a text without a title (a crawler's
    copy of the body): the first such statement in the first 30 lines."""
    lines = [compact(line) for line in _first_text_lines(doc, 30)]
    # (the preamble's own statement only near the top: 2012年，我局的政府信息公开工作… in a section
    # on problems further down a 2013 report repeats last year's words)
    for rx, within in ((_YEAR_OF_REPORT, 30), (_PREAMBLE_YEAR, 12)):
        for line in lines[:within]:
            m = rx.search(line)
            if m:
                return int(m.group(1))
    return None


def _letter_year(doc: Document) -> int | None:
    title = letter_title(doc)
    m = re.search(r"((?:19|20)\d{2})年", title or "")
    return int(m.group(1)) if m else None


def _government_level(name: str, region_level: str | None) -> str | None:
    """The level of a government: a 乡/镇/街道 below its county, else its region's level, else
    what the name's ending says (…县人民政府 is a county government even when the gazetteer
    misses the county; metadata/government_levels.csv). …市 stays unknown: a city or a county-level city."""
    if re.search(r"(?:乡|镇|街道)(?:人民政府|办事处)$", name):
        return "township"
    if region_level is not None:
        return region_level
    m = re.search(r"(.+?)(?:人民政府|政府)$", name)
    if m:
        for ending, level in _government_endings():
            if m.group(1).endswith(ending):
                return level
    return None


@lru_cache(maxsize=1)
def _government_endings() -> list[tuple[str, str]]:
    import csv
    from pathlib import Path

    path = Path(__file__).resolve().parent.parent / "metadata" / "government_levels.csv"
    with path.open(encoding="utf-8") as fh:
        rows = [(r["ending"], r["admin_level"]) for r in csv.DictReader(fh)]
    return sorted(rows, key=lambda r: len(r[0]), reverse=True)
