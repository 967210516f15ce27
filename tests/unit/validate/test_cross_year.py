"""cross_year_checks on hand-made warehouse rows."""
from __future__ import annotations

from etl.validate.cross_year import cross_year_checks

DIMS = ("natural_person", "commercial", "research", "social_org", "legal_service", "other_org", "total")


def _rep(rid, year, bureau="b1", preferred=True, template="t2021"):
    return {"report_id": rid, "bureau_id": bureau, "year": year, "is_preferred": preferred,
            "template": template, "status": "parsed"}


def _fig(rid, metric, value, dim=None, kind="number"):
    return {"report_id": rid, "metric": metric, "dimension": dim, "value": value, "value_kind": kind,
            "source_kind": "table"}


def _row(rid, metric, vals):
    return [_fig(rid, metric, v, d) for d, v in zip(DIMS, vals)]


def test_carry_over_per_column():
    reports = [_rep("a", 2022), _rep("b", 2023)]
    figures = _row("a", "t3.carried_forward", [3, 1, 0, 0, 0, 0, 4]) + _row("b", "t3.carried_over", [3, 0, 0, 0, 0, 0, 3])
    rows = {r["dimension"]: r for r in cross_year_checks(reports, figures) if r["rule"] == "cross_year.carry_over"}
    assert len(rows) == 7
    assert rows["natural_person"]["status"] == "pass"
    assert rows["total"]["status"] == "fail" and rows["total"]["report_id"] == "b"
    assert rows["total"]["detail"] == ("表三 column 总计: 2022 四、结转下年度继续办理 4, but 2023 二、上年结转 prints 3 "
                                       "(off by 1)")
    assert (rows["total"]["expected"], rows["total"]["found"]) == (4, 3)
    assert set(rows["total"]) == {"report_id", "rule", "status", "detail", "metric", "dimension", "expected", "found"}


def test_only_preferred_reports_of_consecutive_years_of_one_bureau():
    reports = [_rep("a", 2021), _rep("b", 2023), _rep("c", 2024, preferred=False), _rep("d", 2022, bureau="b2")]
    figures = (_row("a", "t3.carried_forward", [1] * 7) + _row("b", "t3.carried_over", [1] * 7)
               + _row("c", "t3.carried_over", [9] * 7) + _row("d", "t3.carried_over", [1] * 7))
    assert cross_year_checks(reports, figures) == []


def test_carry_over_not_assessable_when_a_cell_is_blank():
    reports = [_rep("a", 2022), _rep("b", 2023)]
    figures = [_fig("a", "t3.carried_forward", None, "total", "blank"), _fig("b", "t3.carried_over", 2.0, "total")]
    (row,) = cross_year_checks(reports, figures)
    assert row["status"] == "not_assessable"


def test_in_force_stock_is_a_warning():
    reports = [_rep("a", 2023), _rep("b", 2024)]
    figures = [_fig("a", "t2.normative_docs.in_force", 5.0), _fig("b", "t2.normative_docs.issued", 3.0),
               _fig("b", "t2.normative_docs.repealed", 0.0), _fig("b", "t2.normative_docs.in_force", 9.0),
               _fig("a", "t2.regulations.in_force", 0.0), _fig("b", "t2.regulations.issued", 0.0),
               _fig("b", "t2.regulations.repealed", 0.0), _fig("b", "t2.regulations.in_force", 0.0)]
    rows = {r["metric"]: r for r in cross_year_checks(reports, figures)}
    assert rows["t2.normative_docs.in_force"]["status"] == "warn"
    assert rows["t2.normative_docs.in_force"]["expected"] == 8 and rows["t2.normative_docs.in_force"]["found"] == 9
    assert rows["t2.regulations.in_force"]["status"] == "pass"
    assert all(r["rule"].startswith("cross_year.") for r in rows.values())


def test_in_force_stock_only_between_2021_template_reports():
    reports = [_rep("a", 2020, template="t2019"), _rep("b", 2021)]
    figures = [_fig("b", "t2.normative_docs.in_force", 9.0), _fig("b", "t2.normative_docs.issued", 1.0),
               _fig("b", "t2.normative_docs.repealed", 0.0)]
    assert cross_year_checks(reports, figures) == []


def test_the_corpus_pair_001_002(shared_corpus):
    """洪泽区 2023 → 2024 (read off the PDFs): 结转下年度 2023 = 0 = 上年结转 2024 in every column;
    行政规范性文件 in force 5 + 3 issued − 0 repealed = 8 = 2024 in force."""
    from etl.pipeline import extract_file
    results = [extract_file(str(shared_corpus / f), (shared_corpus / f).read_bytes())
               for f in ("001_huaian_hongzequ_2023.pdf", "002_huaian_hongzequ_2024.pdf")]
    reports = [dict(r.report, bureau_id="hongze", is_preferred=True) for r in results]
    rows = cross_year_checks(reports, [f for r in results for f in r.figures])
    carry = [r for r in rows if r["rule"] == "cross_year.carry_over"]
    assert len(carry) == 7 and {r["status"] for r in carry} == {"pass"}
    stock = {r["metric"]: r for r in rows if r["rule"] == "cross_year.in_force_stock"}
    assert stock["t2.normative_docs.in_force"]["status"] == "pass"
    assert stock["t2.normative_docs.in_force"]["found"] == 8


def test_the_figures_it_declares_reading_are_all_it_reads(shared_corpus):
    """The warehouse build keeps only METRICS_READ × SOURCE_KINDS_READ figures in memory for
    these checks: on the corpus pair, those alone must give exactly the same rows."""
    from etl.pipeline import extract_file
    from etl.validate.cross_year import METRICS_READ, SOURCE_KINDS_READ
    results = [extract_file(str(shared_corpus / f), (shared_corpus / f).read_bytes())
               for f in ("001_huaian_hongzequ_2023.pdf", "002_huaian_hongzequ_2024.pdf")]
    reports = [dict(r.report, bureau_id="hongze", is_preferred=True) for r in results]
    figures = [f for r in results for f in r.figures]
    kept = [f for f in figures if f["metric"] in METRICS_READ and f["source_kind"] in SOURCE_KINDS_READ]
    assert 0 < len(kept) < len(figures)
    full = cross_year_checks(reports, figures)
    assert len(full) == 9  # 7 columns of 表三 + 2 stocks of 表二
    assert cross_year_checks(reports, kept) == full
