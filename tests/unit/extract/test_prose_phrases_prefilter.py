"""The whole-text prefilter of prose.py is only sound while no phrase can be undone by text
after its match (`$`, a lookahead) or crosses a line break on purpose."""
import re

from etl.extract.prose_phrases import PHRASES


def test_no_phrase_uses_end_anchor_or_lookahead():
    for p in PHRASES:
        assert "$" not in p.pattern and "(?=" not in p.pattern and "(?!" not in p.pattern, p.pattern
        assert "\\Z" not in p.pattern and "\\b" not in p.pattern, p.pattern
        assert not re.search(r"\(\?<[=!][^)]*\\n", p.pattern), p.pattern
