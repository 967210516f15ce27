"""identities._group_reading in one loop against the definition it replaces (same sum, in the
same order, same verdict on blank and unreadable cells)."""
from hypothesis import given, settings
from hypothesis import strategies as st

from etl.validate.identities import _READ_AS_ZERO, _UNREADABLE, _Cells, _group_reading

_METRICS = ("t3.denied.state_secret", "t3.denied.law_prohibited", "t3.denied.third_party", "t3.granted")
_READINGS = st.one_of(st.just(_UNREADABLE), st.just(_READ_AS_ZERO),
                      st.tuples(st.one_of(st.floats(allow_nan=False, allow_infinity=False), st.integers(-5, 5), st.just(-0.0)),
                                st.just(False)))


def _plain(cells: _Cells, metrics, dim):
    readings = [cells.readings.get((m, dim), _UNREADABLE) for m in metrics]
    if _UNREADABLE in readings:
        return _UNREADABLE
    return (sum([value for value, _ in readings]), all([read_as_zero for _, read_as_zero in readings]))


@settings(deadline=None, max_examples=500)
@given(st.dictionaries(st.tuples(st.sampled_from(_METRICS), st.sampled_from(["natural_person", "total"])), _READINGS),
       st.lists(st.sampled_from(_METRICS), min_size=1, max_size=4).map(tuple))
def test_group_reading_as_the_plain_sum(readings, metrics):
    cells = _Cells([])
    cells.readings = readings
    got, want = _group_reading(cells, metrics, "total"), _plain(cells, metrics, "total")
    assert got == want and repr(got) == repr(want) and type(got[0]) is type(want[0])
