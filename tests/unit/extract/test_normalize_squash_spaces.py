r"""squash_spaces' fast path (a text with no space and only printable characters is returned as
it is) gives exactly what its plain definition, the regex substitution and strip, gives; and
"".join(text.split()) removes exactly what re.sub(r"\s+", "", text) removes."""
from __future__ import annotations

import sys

from hypothesis import given
from hypothesis import strategies as st

from etl.extract.normalize import _WS, squash_spaces


def _squashed_by_definition(text: str) -> str:
    return _WS.sub(" ", text).strip()


# every kind of whitespace and invisible space the definition touches, among CJK and ASCII
_CHARS = st.sampled_from(list("ab1,。公开 \t\n\r\x0b\x0c\x1c\x1f\x85\xa0\u1680\u2000\u2007\u200a\u200b"
                              "\u2028\u2029\u202f\u205f\u3000\ufeff（）"))


@given(st.text(_CHARS, max_size=30) | st.text(max_size=30))
def test_squash_spaces_is_its_definition(text):
    assert squash_spaces(text) == _squashed_by_definition(text)


def test_every_character_the_definition_changes_fails_the_fast_path():
    # the fast path's premise, for every code point: a character that the regex matches or
    # strip() removes is the ASCII space or not printable
    for cp in range(sys.maxunicode + 1):
        ch = chr(cp)
        if _WS.match(ch) or ch.strip() != ch:
            assert ch == " " or not ch.isprintable(), hex(cp)


def test_squash_spaces_by_hand():
    assert squash_spaces("  共 \u3000 5件\n") == "共 5件"
    assert squash_spaces("共5件。") == "共5件。"
    assert squash_spaces("共\u200b5件") == "共 5件"


# --- whitespace removed by "".join(text.split()), where the code once wrote re.sub(r"\s+", "", text)

def test_the_regex_whitespace_class_is_str_isspace():
    import re

    space = re.compile(r"\s")
    for cp in range(sys.maxunicode + 1):
        ch = chr(cp)
        assert bool(space.match(ch)) == ch.isspace(), hex(cp)


@given(st.text(_CHARS, max_size=30) | st.text(max_size=30))
def test_split_join_removes_what_the_regex_removes(text):
    import re

    assert "".join(text.split()) == re.sub(r"\s+", "", text)
