"""to_halfwidth's replace-per-character form and the regex form of the zhconv skip test give
exactly what their plain definitions give."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from etl.extract.normalize import _FULLWIDTH, _conversion_triggers, _zhconv_changes, to_halfwidth

# text mixing ASCII, full-width forms, CJK (some traditional) and characters above U+FFFF
_CHARS = st.sampled_from(list("ab 1,（）：；！？　ＡＢ１２，公開资讯覆著显著幹什麼本份答行") + ["\U00020000", "\U0002a6a5", "𠮷"])


@given(st.text(_CHARS, max_size=40) | st.text(max_size=40))
def test_to_halfwidth_is_the_translation(text):
    assert to_halfwidth(text) == text.translate(_FULLWIDTH)


def test_to_halfwidth_by_hand():
    assert to_halfwidth("（三）不予公开，共　５件") == "(三)不予公开,共 5件"
    assert to_halfwidth("plain ascii") == "plain ascii"


def _changes_by_set(text: str) -> bool:
    """The definition: a converted character, or a phrase indexed by a character, in the text."""
    triggers = _conversion_triggers()
    chars = set(text)
    if not chars.isdisjoint(triggers.converted):
        return True
    return any(k in text for c in chars.intersection(triggers.phrases_at) for k, _ in triggers.phrases_at[c])


@settings(deadline=None)  # the first example loads zhconv's table
@given(st.text(_CHARS, max_size=40) | st.text(max_size=40))
def test_zhconv_skip_test_agrees_with_its_definition(text):
    assert _zhconv_changes(text) == _changes_by_set(text)


def test_zhconv_skip_test_sees_every_converted_character():
    triggers = _conversion_triggers()
    astral = [c for c in triggers.converted if c > "\uffff"]
    assert astral  # zhconv converts some characters above U+FFFF: the test must see them too
    for c in sorted(triggers.converted):
        assert _zhconv_changes(f"政府信息{c}公开"), c
    assert not _zhconv_changes("政府信息公开工作年度报告")
    assert _zhconv_changes("答覆申请人")  # 覆 alone is shared; the phrase 答覆 converts
    # every phrase is seen wherever it stands (looked for where its index character is)
    for phrases in triggers.phrases_at.values():
        for k, _ in phrases:
            assert _zhconv_changes(k) and _zhconv_changes(f"本年度{k}") and _zhconv_changes(f"{k}行"), k
