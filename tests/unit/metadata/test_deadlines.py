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


def test_the_sql_rule_of_v_coverage_is_deadline_for():
    """v_coverage applies the rule in SQL to organs that published nothing: the same dates (and
    NULLs) as deadline_for for every era and kind."""
    import duckdb

    from etl.metadata.deadlines import deadline_sql

    cases = [(y, k) for y in (2007, 2018, 2019, 2020, 2025) for k in ("department", "government", None)]
    con = duckdb.connect()
    for year, kind in cases:
        got = con.execute(f"SELECT {deadline_sql('y', 'k')} FROM (SELECT ?::INTEGER AS y, ?::VARCHAR AS k)",
                          [year, kind]).fetchone()[0]
        assert got == deadline_for(year, kind), (year, kind)
