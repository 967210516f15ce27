"""The notebook API (`etl.connect`, `etl.figures` …) returns what a direct SQL query returns,
and the numbers written by hand into the handmade database (tests/integration/conftest.py)."""
from __future__ import annotations

import subprocess
import sys

import duckdb
import polars as pl
import pytest

import etl
from etl.metadata.schema import RELATIONS


@pytest.fixture()
def con(handmade_db):
    c = etl.connect(handmade_db)
    yield c
    c.close()


def _by_bureau_year(df: pl.DataFrame, column: str = "value") -> dict[tuple[str, int], float | None]:
    return {(r["bureau_name"], r["year"]): r[column] for r in df.iter_rows(named=True)}


def test_exact_metric_and_preferred_versions(con):
    got = etl.figures(con, metric="t3.received_new", dimension="total")
    # hand values: 95 in 2023, 120 in 2024; the superseded partial copy (999) is not preferred
    assert _by_bureau_year(got) == {("淮安市洪泽区人民政府", 2023): 95.0, ("淮安市洪泽区人民政府", 2024): 120.0}
    every = etl.figures(con, metric="t3.received_new", dimension="total", preferred=False)
    assert sorted(every["value"].to_list()) == [95.0, 120.0, 999.0]


def test_figures_equal_direct_sql(con, handmade_db):
    sql = """SELECT r.report_id, f.metric, f.dimension, f.value FROM figures f JOIN reports r USING (report_id)
             WHERE r.is_preferred AND f.metric LIKE 't3.%' AND r.year BETWEEN 2023 AND 2024
               AND (r.province LIKE '%淮安%' OR r.city LIKE '%淮安%' OR r.county LIKE '%淮安%')
             ORDER BY ALL"""
    with duckdb.connect(str(handmade_db), read_only=True) as raw:
        expected = raw.sql(sql).fetchall()
    api = etl.figures(handmade_db, metric="t3.", region="淮安", year=(2023, 2024), bureau="洪泽")
    got = sorted(api.select("report_id", "metric", "dimension", "value").rows(), key=lambda r: tuple(map(str, r)))
    assert got == sorted(expected, key=lambda r: tuple(map(str, r)))
    assert len(got) == 8 + 6  # 8 t3 rows in 2023, 6 in 2024, counted in conftest.handmade_results


def test_filters(con):
    assert set(etl.figures(con, bureau="商务局")["metric"]) == {"text.proactive.total", "text.requests.received"}
    assert etl.figures(con, region="安徽").height == 2
    assert etl.figures(con, year=2017).height == 2
    assert etl.figures(con, year=range(2023, 2025)).height == etl.figures(con, year=[2023, 2024]).height == 22
    assert etl.figures(con, template="pre2019").height == 2
    assert etl.figures(con, metric="t4.*.total")["metric"].to_list() == [
        "t4.review.total", "t4.litigation_after_review.total", "t4.litigation_direct.total", "t4.review.total"]
    assert etl.figures(con, metric=["t4.review.total", "text."]).height == 2 + 3  # review 2023+2024; 3 text figures
    assert etl.figures(con, dimension="natural_person")["value"].to_list() == [90.0]
    assert etl.figures(con, bureau="不存在的机关").is_empty()


def test_blank_and_not_applicable_stay_null(con):
    f = etl.figures(con, metric=["t4.review.total", "t2.regulations.issued"], year=2023)
    assert {(r["metric"], r["value"], r["value_kind"]) for r in f.iter_rows(named=True)} == {
        ("t4.review.total", None, "blank"), ("t2.regulations.issued", None, "not_applicable")}


def test_long_frame_has_report_metadata_and_labels(con):
    f = etl.figures(con, metric="t3.total_processed", year=2024)
    row = f.row(0, named=True)
    assert (row["province"], row["city"], row["county"], row["template"]) == ("江苏省", "淮安市", "洪泽区", "t2021")
    assert row["label_en"] and row["label_zh"] and row["report_status"] == "parsed"
    assert row["bureau_id"] is not None


def test_wide(con):
    w = etl.wide(con)
    assert w.height == 3  # three preferred reports with figures
    hz = {r["year"]: r for r in w.filter(pl.col("bureau_name") == "淮安市洪泽区人民政府").iter_rows(named=True)}
    assert hz[2023]["t3.received_new"] == 95.0 and hz[2024]["t3.received_new"] == 120.0
    assert hz[2023]["t3.total_processed"] == 100.0 and hz[2023]["t4.review.total"] is None
    assert hz[2024]["t4.review.total"] == 3.0 and hz[2023]["text.interpretations"] == 12.0
    # metric columns follow the catalog order: t2 before t3 before t4 before text
    metric_cols = [c for c in w.columns if "." in c]
    assert metric_cols.index("t2.normative_docs.issued") < metric_cols.index("t3.received_new") \
        < metric_cols.index("t4.review.total") < metric_cols.index("text.interpretations")
    by_dim = etl.wide(con, metric="t3.received_new", dimension=None)
    assert by_dim.filter(pl.col("year") == 2023).row(0, named=True)["t3.received_new:natural_person"] == 90.0


def test_wide_never_picks_one_of_two_disagreeing_values(db_builder, tmp_path):
    build, result, fig = db_builder
    twice = result("handmade/twice.txt", {"bureau_name": "某某县人民政府", "year": 2022, "template": "t2021"}, [
        fig("t3.received_new", 5.0, dimension="total"), fig("t3.received_new", 7.0, dimension="total"),
        fig("text.interpretations", 3.0, source="text"), fig("text.interpretations", 3.0, source="text"),
    ], [])
    w = etl.wide(build(tmp_path / "twice.duckdb", [twice])).row(0, named=True)
    assert w["t3.received_new"] is None and w["text.interpretations"] == 3.0


def test_check_summary_counts_each_report_once_with_its_worst_outcome(db_builder, tmp_path):
    build, result, _ = db_builder

    def row_sum(status):
        return {"rule": "t3.row_sum", "status": status, "detail": "row", "metric": None, "dimension": None,
                "expected": None, "found": None}

    a = result("handmade/a.txt", {"bureau_name": "甲县人民政府", "year": 2022}, [], [row_sum("pass"), row_sum("pass"), row_sum("fail")])
    b = result("handmade/b.txt", {"bureau_name": "乙县人民政府", "year": 2022}, [], [row_sum("pass"), row_sum("not_assessable")])
    c = result("handmade/c.txt", {"bureau_name": "丙县人民政府", "year": 2022}, [], [row_sum("pass"), row_sum("pass")])
    got = etl.query(build(tmp_path / "summary.duckdb", [a, b, c]), "SELECT * FROM v_check_summary").rows(named=True)
    assert got == [{"rule": "t3.row_sum", "reports": 3, "passed": 1, "failed": 1, "warned": 0, "not_assessable": 1,
                    "failing_checks": 1, "fail_share": 0.5}]


def test_checks_and_reports(con):
    failed = etl.checks(con, status="fail")
    assert failed.select("year", "rule", "expected", "found").rows() == [(2024, "t3.balance", 120.0, 118.0)]
    assert etl.checks(con, rule="t3.").height == 2
    assert etl.reports(con).height == 3 and etl.reports(con, preferred=False).height == 4
    assert etl.reports(con, status="partial", preferred=False)["source_path"].to_list() == ["handmade/hongze_2024_copy.txt"]


def test_views_agree_with_the_figures(con):
    by = {(r["bureau_name"], r["year"]): r for r in etl.query(con, "SELECT * FROM v_bureau_year").iter_rows(named=True)}
    hz23 = by[("淮安市洪泽区人民政府", 2023)]
    assert (hz23["requests_received"], hz23["requests_processed"], hz23["disclosure_rate"]) == (95.0, 100.0, 0.7)
    assert hz23["reviews"] is None and hz23["lawsuits"] is None and hz23["interpretations"] == 12.0
    hz24 = by[("淮安市洪泽区人民政府", 2024)]
    assert (hz24["requests_received"], hz24["reviews"], hz24["lawsuits"]) == (120.0, 3.0, 2.0)
    assert by[("淮北市商务局", 2017)]["requests_received"] == 15.0  # pre2019: the prose count
    assert len(by) == 3
    summary = {r["rule"]: r for r in etl.query(con, "SELECT * FROM v_check_summary").iter_rows(named=True)}
    assert (summary["t3.balance"]["passed"], summary["t3.balance"]["failed"], summary["t3.balance"]["fail_share"]) == (1, 1, 0.5)


def test_tables_lists_every_relation_with_row_counts(con):
    t = etl.tables(con)
    assert t["name"].to_list() == [r.name for r in RELATIONS]
    for name, n in t.select("name", "rows").rows():
        assert n == con.sql(f"SELECT count(*) FROM {name}").fetchall()[0][0]
    assert etl.metrics(con, metric="t3.received_new")["label_zh"].to_list()[0].startswith("一、本年新收")


def test_connection_is_read_only_and_default_path(handmade_db, monkeypatch):
    con = etl.connect(handmade_db)
    with pytest.raises(duckdb.Error):
        con.execute("DELETE FROM figures")
    con.close()
    monkeypatch.setenv("XXGK_DB", str(handmade_db))
    assert etl.reports().height == 3  # no argument: $XXGK_DB
    monkeypatch.setenv("XXGK_DB", str(handmade_db.parent / "missing.duckdb"))
    with pytest.raises(FileNotFoundError, match="xxgk ingest"):
        etl.connect()
    from etl.cli import DEFAULT_DEMO_DB
    assert etl.DEFAULT_DB == DEFAULT_DEMO_DB


def test_api_matches_sql_on_extracted_reports(research_db):
    """On a database with real extraction output: the frames match SQL counts and values."""
    with duckdb.connect(str(research_db), read_only=True) as raw:
        n_reports = raw.sql("SELECT count(*) FROM reports").fetchall()[0][0]
        n_figures = raw.sql("SELECT count(*) FROM figures JOIN reports USING (report_id) WHERE is_preferred").fetchall()[0][0]
        total = raw.sql("SELECT sum(value) FROM figures JOIN reports USING (report_id) WHERE is_preferred").fetchall()[0][0]
        n_checks = raw.sql("SELECT count(*) FROM checks").fetchall()[0][0]
    assert etl.reports(research_db, preferred=False).height == n_reports > 10
    f = etl.figures(research_db)
    assert f.height == n_figures and f["value"].sum() == pytest.approx(total)
    assert etl.checks(research_db, preferred=False).height == n_checks


def test_import_etl_stays_light():
    code = "import sys, etl; print(sorted(m for m in ('duckdb', 'polars', 'pyarrow') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
