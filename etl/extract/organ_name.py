"""An organ's name as a report prints it, cleaned of the words around it, and where to find one
when the title was lost. Pure functions over strings; etl.extract.report_meta decides when each
is asked.

Real crawled reports put words before and after the name that a title regex takes along: the
preamble's verbs (现公布区统计局2023年…报告, 由某街道编制的2014年度…报告, 编制发布…), a cited notice
(《某市人民政府办公室关于做好2023年…年度报告编制工作的通知》, another organ's document), a page
heading joined with the title line (北京市某区民政局 + 某区民政局2009年… says the name twice), or a
sentence's words that end as no organ does (认真编制了2016年度…报告). In round 19 these gave
junk organ names to ~1 in 4 of 224 real reports; each rule here has an invented test
(tests/unit/extract/test_report_meta.py).
"""
from __future__ import annotations

import re
from typing import Sequence

from etl.extract.normalize import compact
from etl.extract.organ_letter import is_generic_organ
from etl.organs import organ_kind

_CJK = r"\u4e00-\u9fff"
# a preamble's verb before the organ (现公布区统计局2023年…报告, 特编制…, 编制发布…, 由…)
_ANNOUNCING = re.compile(r"^(?:(?:现|特|兹)(?:予|将|此)?(?:向社会)?)?(?:编制|公布|公开|发布|印发)(?:并?(?:公布|公开|发布))?(?:了)?|^由")
# …and the preamble's words after it (由西城区某街道编制的2014年度…报告)
_COMPILED_BY = re.compile(r"(?:汇总)?(?:编制|制作|编写|编印)?(?:而成)?的$")
# how an organ's name ends (a 街道, 镇 or 筹备处 the gazetteer of organ kinds does not know included):
# a title match ending otherwise is a sentence's words (认真编制了2016年度…报告), not a name
_ORGAN_ENDING = re.compile(r"(?:镇|乡|街道|办事处|处|所|站|中心|委员会|委|会|局|办|院|厅|部|署|队|社|团|馆|室|区|县|市|州|盟|旗|"
                           r"省|村|政府|公司|集团)$")
# a portal's publisher field (发布机构：中原区审计局), the organ when no title names one
_PUBLISHER = re.compile(r"(?:^|[|｜\s])(?:发布机构|发文机关|发布单位|信息来源|来源单位)\s*[:：]\s*"
                        rf"(?P<organ>[{_CJK}（）()]{{3,40}})")
# the preamble's compiler, for a text whose title was lost (由四川省发展和改革委员会编制。)
_COMPILED_BY_ORGAN = re.compile(rf"由(?P<organ>[{_CJK}（）()]{{3,30}}?)(?:负责)?(?:汇总)?编制")
# an office that compiled a region's report from others' (由市政府办公厅综合各区…编制): the report is the region's
_COMPILING_OFFICE = re.compile(r"办公室|办公厅|综合|汇总|各")


def ends_like_an_organ(text: str) -> bool:
    return bool(_ORGAN_ENDING.search(text))


def organ_of_title(raw: str) -> str | None:
    """The organ's name in what a title regex took before (or after) the year, or None when it
    names none: a generic word (我局, 政府), a cited notice (…关于做好…), words that end as no organ
    does."""
    organ = _COMPILED_BY.sub("", _ANNOUNCING.sub("", re.sub(r"关于$", "", raw))).strip("（）()")
    if is_generic_organ(organ) or "关于" in organ or not (organ_kind(organ) or ends_like_an_organ(organ)):
        return None
    return said_once(organ)


def said_once(organ: str) -> str:
    """The organ's name said once: a page's heading line and its title line joined repeat it
    (北京市某区民政局 + 某区民政局2009年…年报 → 北京市某区民政局某区民政局, or 区卫生局 +
    某市某区卫生局2016年… → 区卫生局某市某区卫生局): the longer of the two names."""
    for k in range(len(organ) // 2, 2, -1):
        if organ[:-k].endswith(organ[-k:]):
            return organ[:-k]
    for k in range(3, len(organ) // 2 + 1):
        if organ[k:].endswith(organ[:k]):
            return organ[k:]
    return organ


def publisher_organ(lines: Sequence[str]) -> str | None:
    """The organ a portal's publisher field names (发布机构：…) in these lines (a page whose title
    was lost); None when it names none (a generic word, a region alone)."""
    for line in lines:
        m = _PUBLISHER.search(line)
        if m:
            name = m.group("organ")
            return None if is_generic_organ(name) or organ_kind(name) is None else name
    return None


def compiler_organ(lines: Sequence[str]) -> str | None:
    """The organ the preamble says compiled the report (由四川省发展和改革委员会编制) in these lines,
    for a text without a title; not an office that compiled a region's report from others'."""
    for line in lines:
        m = _COMPILED_BY_ORGAN.search(compact(line))
        if m:
            name = m.group("organ")
            if not is_generic_organ(name) and organ_kind(name) and not _COMPILING_OFFICE.search(name):
                return name
    return None
