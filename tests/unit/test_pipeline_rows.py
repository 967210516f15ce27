"""The warehouse rows of an extraction: the unit of each figure comes from one metric → unit map
of the catalog (pipeline._units), which must give what catalog.metric(key).unit gives, and a
metric the catalog does not know still fails the file with the catalog's own error."""
from __future__ import annotations

import pytest

from etl import pipeline
from etl.metadata.catalog import metric as catalog_metric, metrics
from etl.model import Extraction, Figure, ReportMeta


def test_the_unit_map_is_the_catalogs_unit_of_every_metric():
    units = pipeline._units()
    assert units.keys() == metrics().keys()
    for key in metrics():
        assert units[key] == catalog_metric(key).unit


def _rows(figures):
    report = pipeline.base_report("x.txt", b"", "0" * 64)
    return pipeline._rows_from_extraction(report, Extraction(ReportMeta(template="t2021"), figures))


def test_each_figure_row_carries_its_metrics_unit():
    keys = list(metrics())[:40]
    result = _rows([Figure(k, 1.0, "number", "text", "e", "1") for k in keys])
    assert [(r["metric"], r["unit"]) for r in result.figures] == [(k, catalog_metric(k).unit) for k in keys]


def test_an_unknown_metric_raises_the_catalogs_error():
    with pytest.raises(KeyError) as raised:
        _rows([Figure(next(iter(metrics())), 1.0, "number", "text", "e", "1"),
               Figure("t9.nothing", 1.0, "number", "text", "e", "1")])
    with pytest.raises(KeyError) as by_catalog:
        catalog_metric("t9.nothing")
    assert str(raised.value) == str(by_catalog.value)
    assert raised.traceback[-1].path.name == "catalog.py"


def test_a_file_with_an_unknown_metric_fails_naming_it(monkeypatch):
    monkeypatch.setattr(pipeline, "extract_report", lambda doc: Extraction(
        ReportMeta(year=2021, template="t2021"), [Figure("t9.nothing", 1.0, "number", "text", "e", "1")]))
    result = pipeline.extract_file("r.txt", "政府信息公开工作年度报告\n".encode())
    assert result.report["status"] == "failed"
    assert "t9.nothing" in result.report["error"] and "catalog.py" in result.report["error"]
