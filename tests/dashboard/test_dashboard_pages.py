"""Every page of the dashboard in AppTest over the fixture warehouse.

Expected values are computed from the fixture's own formulas (dashboard_fixture_db), never
read back from the dashboard's queries."""
from __future__ import annotations

import io
import math
import statistics
from pathlib import Path

import dashboard_fixture_db as fx
import polars as pl
import pytest

import dashboard
from dashboard.i18n import PAGE_KEYS, UI

APP = Path(dashboard.__file__).with_name("app.py")

PAGES = ("overview", "proactive", "interpretation", "applications", "reviews", "bureau", "compare", "quality",
         "explore", "dictionary", "supervisor")
# charts each page draws with the default filters
CHARTS = {"overview": 1, "proactive": 3, "interpretation": 2, "applications": 4, "reviews": 2}


def organ(name: str) -> fx.Organ:
    return next(o for o in fx.ORGANS if o.name == name)


def expected_figures(names: set[str], years: set[int], *, problems: bool = True) -> int:
    """Rows of `figures` of the preferred reports of these organs and years."""
    n = 0
    for o, y in fx.organ_years():
        if o.name in names and y in years:
            if not problems and ((o.name, y) in fx.PARTIAL or (o.name, y) in fx.FAILED_CHECK):
                continue
            n += len(fx._report(o, y).figures)
    return n


# display-only tables carry no key in AppTest: they are told apart by their columns
TABLES = {"figures_table": {"metric", "evidence", "bureau_name"}, "dict_metrics": {"metric", "label_zh", "section"},
          "unpublished": {"problem"}, "ratio_table": {"peer_rank"}, "rates_table": {"disclosure_rate"},
          "t4_table": {"correction_rate"}, "bureau_metrics": {"label", "metric"},
          "bureau_evidence": {"evidence", "raw_text", "page"}, "bureau_checks": {"rule", "difference"},
          "compare_table": {"peer_median", "peers"}, "quality_checks": {"rule", "difference"},
          "quality_files": {"error", "status"}, "quality_dups": {"superseded_by"}, "sql_result": {"n"}}


def frame(at, key: str) -> pl.DataFrame:
    found = [d.value for d in at.dataframe if TABLES[key] <= set(d.value.columns)]
    assert found, f"no table {key} on the page"
    return pl.from_pandas(found[0])


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_without_error(open_app, page, lang):
    at = open_app(page, lang=lang)
    assert not at.exception
    assert not at.error, [e.value for e in at.error]
    title = UI[PAGE_KEYS[PAGES.index(page)]][0 if lang == "zh" else 1]
    assert at.title[0].value == title


@pytest.mark.parametrize("page,n", CHARTS.items())
def test_chart_pages_draw_their_charts(open_app, page, n):
    at = open_app(page)
    assert len(at.get("plotly_chart")) == n


def test_demo_label_only_in_demo_mode(open_app, monkeypatch):
    assert not any("demo data" in w.value or "演示数据" in w.value for w in open_app().warning)
    monkeypatch.setenv("XXGK_DEMO", "1")
    at = open_app(lang="en")
    assert any(w.value == "demo data (generated)" for w in at.sidebar.warning)


def test_no_database_says_how_to_start(monkeypatch, tmp_path):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("XXGK_DB", str(tmp_path / "absent.duckdb"))
    at = AppTest.from_file(str(APP), default_timeout=30).run()
    assert "xxgk dashboard --db FILE" in at.error[0].value


# ---------------------------------------------------------------------------------------- filters


def test_url_filters_narrow_the_data_page_and_its_downloads(open_app, downloads):
    at = open_app("explore", province="江苏省", years=["2021", "2022"])
    assert at.multiselect(key="province").value == ["江苏省"]
    jiangsu = {o.name for o in fx.ORGANS if o.province == "江苏省"}
    want = expected_figures(jiangsu, {2021, 2022})
    shown = frame(at, "figures_table")
    assert set(shown["bureau_name"]) == jiangsu and set(shown["year"]) == {2021, 2022}
    assert shown.height == want  # under the display limit here

    buttons = {b.proto.id.rsplit("-", 1)[-1]: b for b in at.get("download_button")}
    csv = pl.read_csv(io.BytesIO(downloads.content(buttons["figures_csv"])))
    parquet = pl.read_parquet(io.BytesIO(downloads.content(buttons["figures_parquet"])))
    for got in (csv, parquet):
        assert got.height == want
        assert set(got["bureau_name"]) == jiangsu and set(got["year"]) == {2021, 2022}
    # missing stays missing in the download: 2021+ has a blank 行政强制 cell per report
    blanks = parquet.filter(pl.col("metric") == "t2.coercion.decisions")
    assert blanks.height == 4 and blanks["value"].null_count() == 4


def test_bureau_filter_and_metric_filter(open_app):
    at = open_app("explore", bureau="南京市商务局", metrics="text.interpretations · 政策解读 N 篇/条/件")
    shown = frame(at, "figures_table")
    o = organ("南京市商务局")
    assert shown.sort("year")["value"].to_list() == [fx.plain_values(o, y)["text.interpretations"] for y in fx.YEARS]


def test_hiding_problem_reports_drops_partial_and_failed_check_reports(open_app):
    names = {o.name for o in fx.ORGANS}
    shown_all = frame(open_app("explore", years=["2020", "2021"]), "figures_table")
    shown_ok = frame(open_app("explore", years=["2020", "2021"], problems="false"), "figures_table")
    assert shown_all.height == expected_figures(names, {2020, 2021})
    assert shown_ok.height == expected_figures(names, {2020, 2021}, problems=False)
    pairs = set(zip(shown_ok["bureau_name"], shown_ok["year"]))
    assert ("濉溪县人民政府", 2020) not in pairs and ("淮北市商务局", 2021) not in pairs


def test_language_switch_uses_catalog_labels(open_app):
    at = open_app("dictionary", lang="en")
    cat = frame(at, "dict_metrics")
    assert cat.columns[:2] == ["metric", "label_en"]
    assert at.title[0].value == "Data dictionary"
    zh = open_app("dictionary")
    assert frame(zh, "dict_metrics").columns[:2] == ["metric", "label_zh"]


# ---------------------------------------------------------------------------------------- pages


def test_overview_counts_coverage_and_late_organs(open_app, downloads):
    at = open_app("overview")
    assert len(at.get("plotly_chart")) == 1
    button = next(b for b in at.get("download_button") if b.proto.id.endswith("coverage_csv"))
    cov = pl.read_csv(io.BytesIO(downloads.content(button)))
    assert cov.height == len(fx.ORGANS) * len(fx.YEARS)  # every organ × year, a missing one included
    states = {(r["bureau_name"], r["year"]): r["coverage"] for r in cov.iter_rows(named=True)}
    assert states[("合肥市商务局", 2018)] == "missing" and states[("南京市商务局", 2022)] == "late"
    assert states[("濉溪县人民政府", 2020)] == "partial"
    assert list(states.values()).count("parsed") == len(fx.ORGANS) * len(fx.YEARS) - 3
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["报告"] == f"{len(fx.organ_years()) + 1}"  # + the duplicate version
    assert metrics["机关"] == str(len(fx.ORGANS))
    assert metrics["年份"] == str(len(fx.YEARS))
    assert metrics["未通过校验"] == "1"
    at.selectbox(key="year").set_value(2022).run()
    late = frame(at, "unpublished")
    assert late["bureau_name"].to_list() == ["南京市商务局"] and late["problem"].to_list() == ["逾期"]
    at.selectbox(key="year").set_value(2018).run()
    missing = frame(at, "unpublished")
    assert missing["bureau_name"].to_list() == ["合肥市商务局"] and missing["problem"].to_list() == ["缺失"]


def test_hiding_problem_reports_does_not_make_them_missing_in_coverage(open_app, downloads):
    at = open_app("overview", problems="false")
    button = next(b for b in at.get("download_button") if b.proto.id.endswith("coverage_csv"))
    cov = pl.read_csv(io.BytesIO(downloads.content(button)))
    states = {(r["bureau_name"], r["year"]): r["coverage"] for r in cov.iter_rows(named=True)}
    assert states[("濉溪县人民政府", 2020)] == "partial" and states[("淮北市商务局", 2021)] == "parsed"
    assert list(states.values()).count("missing") == len(fx.MISSING)


def test_interpretation_ratio_ranks_only_within_peer_group(open_app):
    at = open_app("interpretation", peer="部门 · 商务", ratio_year="2023")  # the level in words (zh UI)
    table = frame(at, "ratio_table")
    assert set(table["bureau_name"]) == {o.name for o in fx.ORGANS if o.bureau_type == "商务"}
    by_name = {r["bureau_name"]: r for r in table.iter_rows(named=True)}
    for name in ("淮北市商务局", "合肥市商务局"):
        v = fx.plain_values(organ(name), 2023)
        want = v["text.interpretations"] / (v["t2.regulations.issued"] + v["t2.normative_docs.issued"])
        assert by_name[name]["ratio"] == pytest.approx(want)
        assert by_name[name]["interpretations"] == v["text.interpretations"]
    # zero denominator: NULL ratio, no rank, never 0
    assert by_name["南京市商务局"]["policy_documents"] == 0
    assert by_name["南京市商务局"]["ratio"] is None or math.isnan(by_name["南京市商务局"]["ratio"])
    assert by_name["合肥市商务局"]["peer_rank"] == 1 and by_name["淮北市商务局"]["peer_rank"] == 2
    assert set(table["peers_with_ratio"]) == {2}


def test_requests_rates_for_one_bureau(open_app):
    at = open_app("applications", bureau="合肥市商务局", years=["2021", "2022"])
    rates = frame(at, "rates_table").sort("year")
    for year, row in zip((2021, 2022), rates.iter_rows(named=True)):
        t = fx.t3_values(organ("合肥市商务局"), year)["total"]
        assert row["year"] == year
        assert row["disclosure_rate"] == pytest.approx((t["t3.granted"] + t["t3.partially_granted"])
                                                       / t["t3.total_processed"])
        assert row["denial_rate"] == pytest.approx(t["t3.denied.state_secret"] / t["t3.total_processed"])


def test_reviews_correction_rate_and_missing_years(open_app):
    at = open_app("reviews", bureau="淮北市商务局")
    table = frame(at, "t4_table").filter(pl.col("label") == "行政复议 总计").sort("year")
    assert table["year"].to_list() == list(range(2019, 2025))  # pre-2019 reports print no 表四
    for row in table.iter_rows(named=True):
        v = fx.plain_values(organ("淮北市商务局"), row["year"])
        if v["t4.review.total"]:
            assert row["correction_rate"] == pytest.approx(v["t4.review.corrected"] / v["t4.review.total"])
        else:  # no reviews: the rate is undefined, never 0
            assert row["correction_rate"] is None or math.isnan(row["correction_rate"])


def test_bureau_profile_shows_missing_as_missing_and_evidence_as_text(open_app):
    at = open_app("bureau", organ="濉溪县人民政府")
    wide = frame(at, "bureau_metrics")
    coercion = wide.filter(pl.col("metric") == "t2.coercion.decisions")
    assert coercion["2021"][0] is None or math.isnan(coercion["2021"][0])  # a blank cell, not 0
    assert wide.filter(pl.col("metric") == "t4.review.total")["2020"].is_null().all()  # partial: 表四 missing
    evidence = frame(at, "bureau_evidence")
    assert fx.HTML_EVIDENCE in evidence["evidence"].to_list()
    assert any("没有未通过的校验" in s.value for s in at.success)


def test_bureau_profile_lists_failed_check_with_cells(open_app):
    at = open_app("bureau", organ="淮北市商务局")
    checks = frame(at, "bureau_checks")
    row = checks.row(0, named=True)
    assert (row["year"], row["rule"], row["metric"], row["difference"]) == (2021, "t3.outcomes_sum", "t3.total_processed", -5)
    assert checks.height == 1


def test_compare_small_multiples_against_peer_median(open_app):
    at = open_app("compare", cmp=["淮北市商务局", "淮安市洪泽区人民政府"])
    assert len(at.get("plotly_chart")) == 1
    table = frame(at, "compare_table")
    row = table.filter((pl.col("bureau_name") == "淮北市商务局") & (pl.col("year") == 2021)).row(0, named=True)
    # 淮北 2021 prints a wrong 予以公开, not 本年新收: its value is the formula's
    assert row["value"] == fx.t3_values(organ("淮北市商务局"), 2021)["total"]["t3.received_new"]
    peers = [fx.t3_values(o, 2021)["total"]["t3.received_new"] for o in fx.ORGANS if o.bureau_type == "商务"]
    assert row["peer_median"] == pytest.approx(statistics.median(peers))
    county = table.filter((pl.col("bureau_name") == "淮安市洪泽区人民政府") & (pl.col("year") == 2018)).row(0, named=True)
    assert county["value"] is None or math.isnan(county["value"])  # pre-2019: no 表三


def test_compare_asks_for_two_bureaus(open_app):
    at = open_app("compare", cmp="淮北市商务局")
    assert any("至少选择 2 个" in i.value for i in at.info)


def test_quality_page_lists_cells_files_and_duplicates(open_app):
    at = open_app("quality")
    checks = frame(at, "quality_checks")
    total = fx.t3_values(organ("淮北市商务局"), 2021)["total"]["t3.total_processed"]
    assert checks.select("bureau_name", "year", "expected", "found").rows() == [("淮北市商务局", 2021, total + 5, total)]
    files = frame(at, "quality_files")
    # in the zh UI, the status and the reason in Chinese (from the reason codes)
    assert set(zip(files["status"], files["error"])) == {("失败", "没有文字层（扫描版 PDF）"), ("部分解析", "未找到表四")}
    dups = frame(at, "quality_dups")
    assert dups.select("bureau_name", "year").rows() == [fx.DUPLICATE]
    assert dups["file_name"][0].endswith("_copy.html")
    en = open_app("quality", lang="en")
    files = frame(en, "quality_files")
    assert set(zip(files["status"], files["error"])) == {("failed", "no text layer (scanned PDF)"),
                                                         ("partial", "表四 not found")}


def test_dictionary_lists_every_relation_and_metric(open_app):
    from etl.metadata.catalog import metrics
    from etl.metadata.schema import RELATIONS

    at = open_app("dictionary")
    labels = [e.label for e in at.expander]
    for rel in RELATIONS:
        assert any(label.startswith(f"`{rel.name}`") for label in labels)
    assert frame(at, "dict_metrics").height == len(metrics())


def test_sql_console_runs_a_select_and_refuses_a_write(open_app):
    at = open_app("explore")
    at.text_area(key="sql").set_value("SELECT count(*) AS n FROM reports WHERE status = 'failed'")
    submit = next(b for b in at.get("form_submit_button"))
    submit.click().run()
    assert frame(at, "sql_result")["n"].to_list() == [1]
    at.text_area(key="sql").set_value("DROP TABLE reports")
    next(b for b in at.get("form_submit_button")).click().run()
    assert any("DROP statements are not allowed" in e.value for e in at.error)


def test_replaced_database_is_seen_on_the_next_rerun(open_app, fixture_db, tmp_path, monkeypatch):
    import shutil

    from etl.load.warehouse import RunInfo, build_database

    db = tmp_path / "live.duckdb"
    shutil.copy(fixture_db, db)
    monkeypatch.setenv("XXGK_DB", str(db))
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(APP), default_timeout=60).run()
    assert {m.label: m.value for m in at.metric}["机关"] == str(len(fx.ORGANS))
    keep = [r for r in fx.results() if r.report.get("bureau_name") == "淮北市商务局"]
    build_database(db, keep, [], RunInfo("r2", fx.datetime(2026, 1, 2), "local", 1, "fixture", 9, 9, 0))
    at.run()
    assert {m.label: m.value for m in at.metric}["机关"] == "1"
