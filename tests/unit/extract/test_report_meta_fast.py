"""The shortcuts of report_meta against their plain definitions: title candidates made one at a
time, and the date regexes run only on lines holding a word every match holds."""
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from etl.extract import report_meta
from etl.model import Document, TextBlock


def _plain_title_candidates(doc: Document) -> list[str]:
    out = []
    if doc.properties.get("meta:ArticleTitle"):
        out.append(doc.properties["meta:ArticleTitle"])
    lines = [b.text for b in doc.blocks if isinstance(b, TextBlock)][:60]
    out += [m.group(1) for line in lines if (m := report_meta._CRAWLER_TITLE.match(line))]
    if doc.properties.get("title"):
        out += re.split(r"[_|]| - ", doc.properties["title"])[:1]
    lines = [ln for ln in lines[:40] if not report_meta._PAGE_NUMBER.match(ln) and ln.strip()]
    for i, line in enumerate(lines):
        out.append(line)
        # (joined with the next only when it may start a title: an organ's name or the title's
        # words, and no navigation or `field:` line: 发布单位：区卫生局 + 某市某区卫生局2016年…)
        if i + 1 < len(lines) and report_meta._may_start_title(line):
            out.append(line.strip() + lines[i + 1].strip())
    return out


_LINE = st.lists(st.sampled_from(["标题：", "某市财政局", "首页>", "发布单位:", "2021年", "政府信息公开", "工作年度报告", " ", "- 3 -", "12",
                                  "发布时间:", "2022-01-15", "二〇二二年一月十日", "日", "时间", "日期：", "　", "报告", "年报", "工作", "年度", "的"]),
                 max_size=5).map("".join)


@settings(deadline=None, max_examples=300)
@given(st.lists(_LINE, max_size=70), st.sampled_from([{}, {"meta:ArticleTitle": "某局2020年政府信息公开工作年度报告"},
                                                      {"title": "某局2020年报告_首页"}]))
def test_title_candidates_as_the_plain_list(lines, properties):
    doc = Document([TextBlock(t) for t in lines], "txt", properties=dict(properties))
    assert list(report_meta._title_candidates(doc)) == _plain_title_candidates(doc)


@settings(deadline=None, max_examples=300)
@given(_LINE)
def test_every_date_match_holds_the_word_the_lines_are_chosen_by(line):
    m = report_meta._DATE.search(line)
    assert m is None or "日" in line
    m = report_meta._CRAWLER_DATE.search(line)
    assert m is None or "时间" in line or "日期" in line
    for rx in (report_meta._ORGAN_FIRST, report_meta._WORDS_THEN_YEAR, report_meta._YEAR_FIRST):
        m = rx.search(report_meta.compact(line))
        assert m is None or ("报" in line and "年" in line)
