"""Publication deadlines by era (formats.md §7), read off the regulations, not the code."""
from datetime import date

import pytest

from etl.metadata.deadlines import deadline_for


@pytest.mark.parametrize("year, kind, expected", [
    (2019, "department", date(2020, 1, 31)),  # 2019 regulation: departments by 31 January
    (2023, "government", date(2024, 3, 31)),  # governments by 31 March
    (2018, "department", date(2019, 3, 31)),  # before 2019: 31 March for all
    (2010, None, date(2011, 3, 31)),
    (2021, None, None),  # the era distinguishes kinds and the kind is unknown
    (None, "government", None),
])
def test_deadline_for(year, kind, expected):
    assert deadline_for(year, kind) == expected
