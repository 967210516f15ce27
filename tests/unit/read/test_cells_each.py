"""join_wrapped_each (the readers' one test for a whole row of cells) against join_wrapped of
each cell."""
from __future__ import annotations

from hypothesis import given, settings, strategies as st

from etl.read.cells import join_wrapped, join_wrapped_each

_TEXT = st.text(alphabet="a1 \n\t\u3000\u00a0\ufeff\u200b商业企业，", max_size=8)


@settings(max_examples=1000, deadline=None)
@given(st.lists(_TEXT, max_size=8))
def test_each_is_join_wrapped_of_each(texts):
    assert join_wrapped_each(list(texts)) == [join_wrapped(t) for t in texts]
