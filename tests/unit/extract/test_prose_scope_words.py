"""_scope_rank tries _ORGAN_SCOPE only on a clause holding one of _ORGAN_SCOPE_WORDS: every
match of the regex holds one, so the prefilter never hides an organ's own statement."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from etl.extract import prose

_PIECES = st.sampled_from(["我", "本", "局", "委", "办", "厅", "院", "署", "中心", "机关", "单位", "部门", "区", "市",
                           "县", "政府", "政府办", "办公室", "全市", "各级", "共", "受理", "，", "12"])


@given(st.lists(_PIECES, max_size=10).map("".join) | st.text(max_size=20))
def test_every_organ_scope_match_holds_one_of_the_words(text):
    m = prose._ORGAN_SCOPE.search(text)
    if m:
        assert any(w in m.group(0) for w in prose._ORGAN_SCOPE_WORDS)


def _scope_rank_by_definition(prefix: str) -> int:
    if prose._ORGAN_SCOPE.search(prefix):
        return 0
    if prose._REGION_SCOPE.search(prefix):
        return 2
    return 1


@given(st.lists(_PIECES, max_size=10).map("".join))
def test_scope_rank_is_its_definition(prefix):
    assert prose._scope_rank(prefix) == _scope_rank_by_definition(prefix)


def test_each_branch_of_the_pattern_by_hand():
    for text, rank in (("我局共", 0), ("本单位", 0), ("县政府办", 0), ("办公室", 0), ("全市共", 2), ("共", 1)):
        assert prose._scope_rank(text) == rank
