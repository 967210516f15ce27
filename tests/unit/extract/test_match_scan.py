"""match_scan.match_spans gives exactly pattern.finditer's spans: on every prose phrase, on the
shared corpus's prose, and on generated texts made of the phrases' own words."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etl.extract.match_scan import _twin, match_spans
from etl.extract.prose import _COMPILED, prose_sentences
from etl.read import read_document

CORPUS = Path(__file__).resolve().parents[3] / ".." / "shared" / "corpus"


def _spans(rx: re.Pattern, text: str) -> list[tuple[int, int]]:
    return [m.span() for m in rx.finditer(text)]


def test_the_phrases_without_a_prefix_of_their_own_get_a_twin_and_the_others_do_not():
    twins = {rx.pattern for _, rx in _COMPILED if _twin(rx) is not None}
    # a lookbehind first, an optional group first, an alternation whose first branch opens
    # with a group: sre tries these at every position
    assert any(p.startswith("(?<!重点)") for p in twins)
    assert any(p.startswith("(?:同意)?部分公开") for p in twins)
    # a literal or a set of literals first: sre finds the start itself
    assert not any(p.startswith(("主动", "解读", "(?:受理|收到|接到)")) for p in twins)


@pytest.mark.parametrize("pattern, text, spans", [
    (r"(?<!重点)政府信息主动公开\d+条", "重点政府信息主动公开3条，政府信息主动公开45条", [(13, 24)]),
    (r"(?:同意)?部分公开\d*", "同意部分公开2部分公开部分公开7同意", [(0, 7), (7, 11), (11, 16)]),
    (r"(?:未|没有)收到申请|没有依申请", "没有收到申请没有依申请未收到申请", [(0, 6), (6, 11), (11, 16)]),
    (r"(?<!公开)(?<!处理)答复(?:数)?\d+", "公开答复3处理答复4答复数5答复", [(10, 14)]),
])
def test_match_spans_by_hand(pattern, text, spans):
    rx = re.compile(pattern)
    assert _twin(rx) is not None
    assert list(match_spans(rx, text)) == spans == _spans(rx, text)


@pytest.mark.parametrize("pattern", [r"a*", r"(?:ab)?", r"\w+x", r"[^a]b", r"(?i)ab", r"(a)\1"])
def test_patterns_whose_first_character_cannot_be_told_are_scanned_as_they_are(pattern):
    rx = re.compile(pattern)
    assert _twin(rx) is None
    for text in ("", "aab abx ABab", "xbab"):
        assert list(match_spans(rx, text)) == _spans(rx, text)


def _prose_texts() -> list[str]:
    out = []
    for path in sorted(CORPUS.glob("*.txt"))[:12]:
        sentences = prose_sentences(read_document(path.name, path.read_bytes()))
        out.append("\n".join(s.compact for s in sentences))
    return out


def test_every_phrase_on_the_corpus_prose():
    texts = _prose_texts()
    assert texts
    matched = 0
    for _, rx in _COMPILED:
        for text in texts:
            want = _spans(rx, text)
            matched += len(want)
            assert list(match_spans(rx, text)) == want, rx.pattern
    assert matched > 20  # (the corpus holds the phrases: the comparison is not of empty lists)


# words the phrases are made of, so that generated texts hold near-matches and overlaps
_WORDS = ["重点", "领域", "政府信息主动", "公开", "发布", "同意", "部分公开", "答复", "处理", "未", "没有",
          "收到申请公开政府信息", "没有依申请公开", "信息的情况", "数", "为", "共", "3", "12", "件", "条", "，", "。", "\n"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), max_size=30))
def test_every_phrase_on_generated_texts(words):
    text = "".join(words)
    for _, rx in _COMPILED:
        assert list(match_spans(rx, text)) == _spans(rx, text), (rx.pattern, text)
