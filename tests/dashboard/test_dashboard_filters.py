"""Filters become fixed SQL with parameters; bureau labels stay unique for the URL."""
from __future__ import annotations

import polars as pl

from dashboard.filters import Filters, where_reports
from dashboard.sidebar import bureau_labels


def test_filter_values_are_parameters_never_sql_text():
    evil = "安徽省'); DROP TABLE reports; --"
    sql, params = where_reports(Filters(2019, 2021, provinces=(evil,), bureaus=("b1",), include_problems=False))
    assert evil not in sql and "DROP" not in sql
    assert params == [[evil], ["b1"], 2019, 2021]
    assert "r.status = 'parsed' AND r.checks_failed = 0" in sql and "r.is_preferred" in sql


def test_bureau_labels_are_unique_when_names_repeat():
    opts = pl.DataFrame({"bureau_id": ["aaaaaa1", "bbbbbb2", "cccccc3"], "bureau_name": ["商务局", "商务局", "财政局"],
                         "province": ["安徽省", "江苏省", "安徽省"], "city": ["淮北市", "南京市", None]})
    labels = bureau_labels(opts)
    assert len(set(labels.values())) == 3
    assert labels["cccccc3"] == "财政局" and labels["aaaaaa1"].startswith("商务局 [安徽省淮北市")
