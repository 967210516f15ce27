"""Chart builders: missing stays missing, report text is escaped before Plotly sees it."""
from __future__ import annotations

import polars as pl

from dashboard import charts


def test_lines_keep_gaps_for_missing_values():
    df = pl.DataFrame({"year": [2019, 2020, 2021], "value": [3.0, None, 5.0], "s": ["a", "a", "a"]})
    fig = charts.lines(df, "year", "value", "s")
    assert list(fig.data[0].y) == [3.0, None, 5.0] and fig.data[0].connectgaps is False


def test_report_text_is_escaped_in_charts():
    df = pl.DataFrame({"year": [2020, 2020], "value": [1.0, 2.0], "dimension": ["<i>其他</i>", "<a href='x'>y</a>"]})
    fig = charts.bars(df, "year", "value", "dimension")
    assert [t.name for t in fig.data] == ["&lt;i&gt;其他&lt;/i&gt;", "&lt;a href='x'&gt;y&lt;/a&gt;"]
    cov = pl.DataFrame({"bureau_name": ["<b>局</b>"], "year": [2020], "coverage": ["parsed"], "report_id": ["r"]})
    fig = charts.coverage_matrix(cov, {"parsed": "parsed"}, None)
    assert list(fig.data[0].y) == ["&lt;b&gt;局&lt;/b&gt;"]
    sm = pl.DataFrame({"bureau_name": ["<b>A</b>", "B"], "year": [2020, 2020], "value": [1.0, None],
                       "peer_median": [2.0, 2.0]})
    fig = charts.small_multiples(sm, "t", "median", "value")
    assert [a.text for a in fig.layout.annotations] == ["&lt;b&gt;A&lt;/b&gt;", "B"]
