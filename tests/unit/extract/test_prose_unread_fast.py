"""prose_unread's word-group test in plain loops against the definition it replaces."""
from hypothesis import given, settings
from hypothesis import strategies as st

from etl.extract.prose_unread import _MENTIONS, _holds_every_group

_WORDS = sorted({w for groups, others in _MENTIONS.values() for g in groups for w in g} | {"其他", "年", "5件"})


@settings(deadline=None, max_examples=500)
@given(st.lists(st.sampled_from(_WORDS), max_size=6).map("".join), st.sampled_from(list(_MENTIONS)))
def test_holds_every_group_as_all_any(text, metric):
    groups = _MENTIONS[metric][0]
    assert _holds_every_group(text, groups) == all(any(w in text for w in g) for g in groups)
