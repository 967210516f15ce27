"""Issue 23 on the dashboard: the zh UI is Chinese throughout, charts say what they show, trends
do not mislead, the quality page lists each failed check once, peer groups never form a "?"
group, and the compare page opens with two organs."""
from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import polars as pl
import pytest

import dashboard_fixture_db as fx
from dashboard import trends

# every page of the app, including pages added later
PAGES = tuple(sorted(p.stem for p in (Path(__file__).resolve().parents[2] / "dashboard" / "views").glob("*.py")
                     if p.stem != "__init__"))
CJK = re.compile(r"[\u4e00-\u9fff]")
# words that stay as they are in the Chinese UI: format names, SQL, ids
ALLOWED_ASCII = {"SHA", "PDF", "CSV", "XLSX", "Parquet", "SQL", "SELECT", "ZIP", "HTML", "Word", "Language", "English"}
# coded values that must never reach a zh cell
RAW_CODES = {"natural_person", "commercial", "social_org", "legal_service", "other_org", "parsed", "partial",
             "failed", "not_assessable", "unassignable", "not_applicable", "department", "government", "pass",
             "fail"}


def english_words(text: str) -> set[str]:
    text = re.sub(r"`[^`]*`", "", text or "")  # a command to type (`xxgk ingest …`) stays as typed
    return {w for w in re.findall(r"[A-Za-z]{3,}", text) if w not in ALLOWED_ASCII}


@pytest.mark.parametrize("page", PAGES)
def test_zh_pages_have_chinese_widgets_headers_cells_and_charts(open_app, page):
    at = open_app(page)
    for kind in ("multiselect", "selectbox"):
        for w in at.get(kind):
            assert CJK.search(w.proto.label) or w.proto.label.startswith("语言"), (kind, w.proto.label)
            if w.proto.placeholder:
                assert CJK.search(w.proto.placeholder), (kind, w.proto.placeholder)
    for w in at.multiselect:
        assert w.proto.placeholder, f"multiselect {w.proto.label} would say 'Choose options'"
    for d in at.dataframe:
        if d.proto.id.endswith("sql_result"):
            continue
        assert d.proto.placeholder == "—"
        labels = json.loads(d.proto.columns or "{}")
        for col in d.value.columns:
            label = labels.get(col, {}).get("label", col)
            assert CJK.search(label) or label.isdigit() or label in ("SHA-256",), (page, col, label)
        frame = pl.from_pandas(d.value)
        for col, dt in frame.schema.items():
            if dt == pl.Utf8 and col not in ("metric", "evidence", "raw_text", "source_path", "file_name",
                                             "report_id", "bureau_id", "sha256", "title", "other_files",
                                             "column", "code"):  # the dictionary names columns and codes
                values = set(frame[col].drop_nulls().to_list())
                assert not values & RAW_CODES, (page, col, values & RAW_CODES)
                assert "None" not in values
    for chart in at.get("plotly_chart"):
        layout = json.loads(chart.proto.spec)["layout"]
        title = (layout.get("title") or {}).get("text", "")
        assert CJK.search(title), (page, "chart without a Chinese title", title)
        axis = layout.get("xaxis", {}).get("title", {}).get("text", "") or layout.get("yaxis", {}).get("title", {}).get("text", "")
        assert CJK.search(axis), (page, "chart without axis titles", title)
    if page != "dictionary":  # the data dictionary's descriptions are the metadata's (English) text
        for element in list(at.info) + list(at.caption) + list(at.subheader) + list(at.title) + list(at.success):
            assert not english_words(element.value), (page, element.value)


def test_en_pages_keep_english(open_app):
    at = open_app("applications", lang="en")
    chart = json.loads(at.get("plotly_chart")[0].proto.spec)["layout"]
    assert chart["xaxis"]["title"]["text"] == "Year" and "(count)" in chart["title"]["text"]


def test_trends_default_to_the_balanced_panel_and_count_the_organs():
    # organ C reports only in 2021 and is large: the plain sum jumps, the balanced panel does not
    df = pl.DataFrame({"bureau_id": ["A", "A", "B", "B", "C"], "year": [2020, 2021, 2020, 2021, 2021],
                       "metric": ["m"] * 5, "value": [10.0, 12.0, 20.0, 22.0, 1000.0]})
    assert trends.DEFAULT_MODE == "balanced"
    balanced = trends.aggregate(df, "balanced")
    assert balanced.select("year", "value", "organs").rows() == [(2020, 30.0, 2), (2021, 34.0, 2)]
    plain = trends.aggregate(df, "sum")
    assert plain.select("year", "value", "organs").rows() == [(2020, 30.0, 2), (2021, 1034.0, 3)]
    median = trends.aggregate(df, "median")
    assert median.select("year", "value", "organs").rows() == [(2020, 15.0, 2), (2021, 22.0, 3)]
    assert trends.organs_per_year(plain) == "2020: 2 · 2021: 3"
    assert trends.reports_behind(df) == 5
    with pytest.raises(ValueError):
        trends.aggregate(df, "mean")


def test_trend_pages_offer_the_three_ways_and_say_how_many_organs(open_app):
    at = open_app("applications")
    radio = at.radio(key="agg")
    assert radio.value == "balanced" and set(radio.options) == {"平衡面板之和（每个所选年度都有报告的机关）", "每个机关的中位数",
                                                                "全部机关之和（机关集合逐年变化）"}
    assert any(c.value.startswith("每个点背后的机关数") for c in at.caption)
    hover = json.loads(at.get("plotly_chart")[0].proto.spec)["data"][0]["hovertemplate"]
    assert "机关数=" in hover and "organs" not in hover  # each point says how many organs it rests on
    radio.set_value("median").run()
    assert not at.exception


def test_compare_opens_on_the_two_organs_with_most_years(open_app):
    at = open_app("compare")
    picked = at.multiselect(key="cmp").value
    assert len(picked) == 2
    assert at.get("plotly_chart"), "the compare page opened empty"


def _extra_results() -> list:
    """The fixture plus a second full file of the failing organ-year (same failed check) and an
    organ whose admin level nobody can tell (某某市人民政府: a city or a county-level city)."""
    from etl.pipeline import report_id_for, sha256_hex

    out = fx.results()
    organ = next(o for o in fx.ORGANS if o.name == "淮北市商务局")
    second = fx._report(organ, 2021)
    path = second.report["source_path"].replace(".html", "_更正前.html")
    sha = sha256_hex(path.encode())
    rid = report_id_for(sha)
    second.report.update(source_path=path, file_name=Path(path).name, sha256=sha, report_id=rid,
                         published_on=second.report["published_on"].replace(day=1))
    second.figures = [dict(f, report_id=rid) for f in second.figures]
    second.checks = [dict(c, report_id=rid) for c in second.checks]
    out.append(second)
    unknown = fx._report(replace(organ, name="某某市人民政府", admin_level=None, bureau_type="人民政府",
                                 organ_kind="government"), 2022)
    out.append(unknown)
    return out


def test_quality_lists_each_failed_check_once_and_the_unknown_levels(tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from etl.load.warehouse import RunInfo, build_database

    res = _extra_results()
    db = tmp_path / "extra.duckdb"
    sources = [{"source_path": r.report["source_path"], "sha256": r.report["sha256"], "report_id": r.report["report_id"],
                "file_size_bytes": r.report["file_size_bytes"], "duplicate_of_path": None} for r in res]
    build_database(db, res, sources, RunInfo("t", datetime(2026, 1, 1), "local", 1, "t", len(res), len(res), 0))
    monkeypatch.setenv("XXGK_DB", str(db))
    at = AppTest.from_file(str(Path(__file__).resolve().parents[2] / "dashboard" / "app.py"), default_timeout=60)
    at.run()
    at.switch_page("views/quality.py")
    at.run()
    assert not at.exception
    tables = [pl.from_pandas(d.value) for d in at.dataframe]
    checks = next(t for t in tables if "other_files" in t.columns)
    assert checks.filter(pl.col("bureau_name") == "淮北市商务局").height == 1  # once, not once per file
    row = checks.filter(pl.col("bureau_name") == "淮北市商务局").row(0, named=True)
    assert row["other_files"].endswith("_更正前.html") or row["file_name"].endswith("_更正前.html")
    unknown = next(t for t in tables if "first_year" in t.columns)
    assert unknown["bureau_name"].to_list() == ["某某市人民政府"]
    # and it forms no "?" group on the interpretation page
    at.switch_page("views/interpretation.py")
    at.run()
    groups = at.selectbox(key="peer").options
    assert groups and not any("?" in g or g.startswith("某") for g in groups)
