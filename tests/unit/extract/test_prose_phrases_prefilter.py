"""The whole-text prefilter of prose.py is only sound while no phrase can be undone by text
after its match (`$`, a lookahead) or crosses a line break on purpose."""
import re

from etl.extract.prose_phrases import PHRASES


def test_no_phrase_uses_end_anchor_or_lookahead():
    for p in PHRASES:
        assert "$" not in p.pattern and "(?=" not in p.pattern and "(?!" not in p.pattern, p.pattern
        assert "\\Z" not in p.pattern and "\\b" not in p.pattern, p.pattern
        assert not re.search(r"\(\?<[=!][^)]*\\n", p.pattern), p.pattern


# --- the prefilter itself: a phrase is tried only on the sentences a joined-text match overlaps

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from etl.extract import prose  # noqa: E402
from etl.model import ReportMeta  # noqa: E402


def test_sentences_overlapped_by_hand():
    rx = re.compile(r"申请\d+件")
    text = "收到申请\n3件。\n申请5件\n无"  # sentences start at 0, 5, 9, 14
    # 申请\n3件 does not match (\d after the line break is not next to 申请); 申请5件 lies in sentence 2
    assert prose._sentences_overlapped(rx, text, [0, 5, 9, 14]) == {2}
    rx = re.compile(r"申请[^。]{0,3}件")
    assert prose._sentences_overlapped(rx, text, [0, 5, 9, 14]) == {0, 1, 2}  # 申请\n3件 spans 0 and 1


def _candidates_trying_every_sentence(sentences, meta):
    """The definition: every phrase of the template tried on every sentence."""
    out = []
    phrases = [(p, rx) for p, rx in prose._COMPILED if not p.templates or meta.template in p.templates]
    for order, s in enumerate(sentences):
        for p, rx in phrases:
            if not prose.sentence_allows(p, sentences, order):
                continue
            for m in rx.finditer(s.compact):
                prefix = prose._clause_prefix(s.compact, m.start())
                if prose.match_allowed(p, m, s.compact, prefix):
                    out += prose._from_match(p, m, s, prefix, meta, order)
    return out


# pieces of the phrases, numbers and punctuation, so that sentences hold matches, near-matches
# and matches cut by a sentence end
_PIECES = st.sampled_from(["主动公开政府信息", "公开政府信息", "受理", "收到", "政府信息公开申请", "申请", "答复", "行政复议",
                           "行政诉讼", "未收到", "信息公开", "共", "12", "3", "一百", "件", "条", "，", "（", "）",
                           "结转", "2019年", "上年", "全市", "我局", "解读", "收取", "费用", "0元", "部分公开", "不予公开",
                           # (openings of the scan groups' phrases)
                           "没有", "无", "有", "涉及", "发生", "同意公开", "予以公开", "发布", "政策解读", "暂不", "收费",
                           "接到", "依申请公开", "免于公开"])


@settings(deadline=None, max_examples=300)
@given(st.lists(st.lists(_PIECES, max_size=8).map("".join), max_size=6),
       st.sampled_from(["pre2019", "t2019", "t2021"]))
def test_prefilter_finds_what_trying_every_sentence_finds(compacts, template):
    sentences = [prose.Sentence(c, c, None) for c in compacts]
    meta = ReportMeta(year=2019, template=template)
    fast = prose._phrase_candidates(sentences, meta)
    slow = _candidates_trying_every_sentence(sentences, meta)
    assert [(c.figure, c.rank) for c in fast] == [(c.figure, c.rank) for c in slow]


def test_each_scan_group_is_one_alternation_of_its_phrases():
    groups = {p.scan_group for p in PHRASES if p.scan_group}
    assert groups == set(prose._GROUP_SCANS) and len(groups) >= 2
    for group, rx in prose._GROUP_SCANS.items():
        members = [p for p in PHRASES if p.scan_group == group]
        assert rx.pattern.count("|(?:") >= len(members) - 1


@settings(deadline=None, max_examples=300)
@given(st.lists(_PIECES, max_size=10).map("".join))
def test_a_scan_group_matches_wherever_one_of_its_phrases_does(text):
    for p, rx in prose._COMPILED:
        if p.scan_group is not None:
            for m in rx.finditer(text):
                assert prose._GROUP_SCANS[p.scan_group].match(text, m.start()), (p.pattern, text)
