"""The review and report pages (issue 22) in AppTest, over a warehouse ingested from the real
reports in ../shared/corpus with a corrections file.

Hand-read values (003_huaian_shi_2024.pdf, 表三): 一、本年新收 自然人 3001, 总计 3119;
（一）予以公开 总计 1362 (corrected below to 1300, which breaks the row's identity 总计 = Σ columns:
1288 + 21 + 0 + 0 + 50 + 3 = 1362)."""
from __future__ import annotations

import hashlib
import re
import shutil
from pathlib import Path

import duckdb
import pytest

from etl.metadata.reasons import catalog

import dashboard
from etl.ingest import ingest
from etl.corrections_file import HEADER_LINE, correction_line, read_corrections

APP = Path(dashboard.__file__).with_name("app.py")
FILES = ("001_huaian_hongzequ_2023.pdf", "003_huaian_shi_2024.pdf", "028_pingtan_shiyanqu_2022.html",
         "001_huaian_hongzequ_2023.txt")


@pytest.fixture(scope="module")
def review_db(tmp_path_factory, shared_corpus) -> tuple[Path, dict[str, str]]:
    root = tmp_path_factory.mktemp("review")
    src = root / "in"
    src.mkdir()
    for name in FILES:
        shutil.copy(shared_corpus / name, src / name)
    sha = hashlib.sha256((src / "003_huaian_shi_2024.pdf").read_bytes()).hexdigest()
    corrections = root / "corrections.csv"
    corrections.write_text(HEADER_LINE + correction_line(sha, "t3.granted", "total", 1300, "test", "tester",
                                                          "2026-12-06"), encoding="utf-8")
    db = root / "review.duckdb"
    ingest([str(src)], db, corrections=corrections)
    con = duckdb.connect(str(db), read_only=True)
    ids = dict(con.execute("SELECT file_name, report_id FROM reports").fetchall())
    con.close()
    return db, ids


@pytest.fixture
def open_review(review_db, monkeypatch, tmp_path):
    from streamlit.testing.v1 import AppTest

    db, _ = review_db
    monkeypatch.setenv("XXGK_DB", str(db))
    monkeypatch.setenv("XXGK_PAGE_CACHE", str(tmp_path / "pages"))
    monkeypatch.delenv("XXGK_CORRECTIONS", raising=False)

    def _open(page: str, **params):
        at = AppTest.from_file(str(APP), default_timeout=60)
        at.query_params = dict(params)
        at.run()
        at.switch_page(f"views/{page}.py")
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        return at

    return _open


# tables show a rule by its name in the UI language (the zh UI by default)
ROW_SUM = catalog()["rule.t3.row_sum"].zh


def test_review_of_a_pdf_figure_shows_its_page_with_the_box(open_review, review_db, tmp_path):
    _, ids = review_db
    at = open_review("review", report=ids["003_huaian_shi_2024.pdf"], metric="t3.received_new", dim="natural_person")
    assert [m.value for m in at.metric][:3] == ["3001", "3001", "3001"]  # served, extracted, as printed
    images = at.image
    assert len(images) == 2  # the band around the box, and the whole page in the expander
    cached = list((tmp_path / "pages").glob("*.png"))
    assert len(cached) == 1 and cached[0].name.endswith("-p4-x2.png")  # 表三 is on page 4
    # the row's identity involves the cell: t3.row_sum of 一、本年新收 (总计 3119)
    checks = [d.value for d in at.dataframe if "rule" in d.value.columns][0]
    assert ROW_SUM in set(checks["rule"])


def test_a_corrected_failing_cell(open_review, review_db):
    _, ids = review_db
    at = open_review("review", report=ids["003_huaian_shi_2024.pdf"], metric="t3.granted", dim="total")
    assert [m.value for m in at.metric][:3] == ["1300", "1362", "1362"]
    assert any("corrections file" in i.value or "更正文件" in i.value for i in at.info)
    checks = [d.value for d in at.dataframe if "rule" in d.value.columns][0]
    row_sum = checks[checks["rule"] == ROW_SUM]
    assert list(row_sum["status"]) == ["未通过"] and list(row_sum["expected"]) == [1362.0]


def test_review_of_an_html_figure_shows_its_row_with_the_cell(open_review, review_db):
    _, ids = review_db
    at = open_review("review", report=ids["028_pingtan_shiyanqu_2022.html"], metric="t3.received_new", dim="total")
    assert len(at.image) == 0
    rows = [d.value for d in at.dataframe if "1" in d.value.columns and "rule" not in d.value.columns]
    assert rows, "no table row shown"
    raw = next(m.value for m in at.metric[2:3])
    assert any(raw in set(map(str, col)) for col in rows[0].to_dict("list").values())


def _links(at, rid: str) -> dict[tuple[str, str | None], object]:
    out = {}
    for p in at.get("page_link"):
        if p.proto.page != "review":
            continue
        q = dict(part.split("=", 1) for part in p.proto.query_string.split("&"))
        assert q["report"] == rid
        out[(q["metric"], q.get("dim"))] = p.proto
    return out


def test_report_page_prints_the_three_tables_with_links_and_marks(open_review, review_db):
    _, ids = review_db
    rid = ids["003_huaian_shi_2024.pdf"]
    at = open_review("report", report=rid)
    assert [m.value for m in at.markdown if m.value.startswith("#### ")] == ["#### 表二", "#### 表三", "#### 表四"]
    shown = [m.value.replace("\\", "") for m in at.markdown]  # (labels are markdown-escaped)
    for label in ("申请人情况", "自然人", "一、本年新收政府信息公开申请数量", "（三）不予公开", "1.属于国家秘密",
                  "行政复议", "复议后起诉", "结果纠正", "本年制发件数"):
        assert any(label in v for v in shown), label
    links = _links(at, rid)
    assert links[("t3.received_new", "natural_person")].label == "3,001"  # hand-read 3001
    assert links[("t3.received_new", "total")].label == "3,119"
    assert links[("t2.regulations.in_force", None)].label == "11"
    # the corrected 予以公开 总计 fails its row sum: red, the expected value on hover, the 改 mark
    fail = links[("t3.granted", "total")]
    assert fail.label.startswith(":red[**1,300**]") and "改" in fail.label
    assert "expected 1,362" in fail.help
    # 表四 15 cells; 表三 (2021): 一 二 （一）（二） （三）1-8 （四）1-3 （五）1-5 （六）1-3 （七） 四 = 25 rows × 7;
    # 表二 (2021): 规章 3, 行政规范性文件 3, 行政许可 1, 行政处罚 1, 行政强制 1, 行政事业性收费 1
    assert len(links) == 15 + 25 * 7 + 10


def test_report_page_in_two_clicks_from_the_bureau_page(open_review, review_db):
    """Bureau page → (click 1) the report as printed → (click 2) a cell's review with its page image."""
    _, ids = review_db
    con = duckdb.connect(str(review_db[0]), read_only=True)
    bureau = con.execute("SELECT bureau_name FROM reports WHERE report_id = ?", [ids["003_huaian_shi_2024.pdf"]]).fetchall()[0][0]
    con.close()
    at = open_review("bureau", organ=bureau)
    links = [p for p in at.get("page_link") if p.proto.page == "report"]
    assert any(f"report={ids['003_huaian_shi_2024.pdf']}" in p.proto.query_string for p in links)


def test_correction_line_download_and_append(open_review, review_db, monkeypatch, tmp_path):
    _, ids = review_db
    target = tmp_path / "mine.csv"
    monkeypatch.setenv("XXGK_CORRECTIONS", str(target))
    at = open_review("review", report=ids["003_huaian_shi_2024.pdf"], metric="t3.received_new", dim="total")
    inputs = at.text_input
    inputs[0].input("3120")
    inputs[1].input("the PDF prints 3119; test")
    inputs[2].input("tester")
    at.button[0].click()  # the form's submit button
    at.run()
    line = at.code[0].value
    assert line.split(",")[1:4] == ["t3.received_new", "total", "3120"]
    append = [b for b in at.button if "追加" in b.label or "Append" in b.label]
    append[0].click()
    at.run()
    rows = read_corrections(target).rows
    assert len(rows) == 1 and rows[0].value == 3120.0 and rows[0].metric == "t3.received_new"


def test_without_a_configured_file_there_is_no_append_button(open_review, review_db):
    _, ids = review_db
    at = open_review("review", report=ids["003_huaian_shi_2024.pdf"], metric="t3.received_new", dim="total")
    at.text_input[0].input("3120")
    at.text_input[1].input("r")
    at.text_input[2].input("t")
    at.button[0].click()
    at.run()
    assert at.code and not [b for b in at.button if "追加" in b.label or "Append" in b.label]


def test_quality_page_counts_corrected_cells(open_review):
    at = open_review("quality")
    corrected = [d.value for d in at.dataframe if "corrected_cells" in d.value.columns]
    assert corrected and list(corrected[0]["corrected_cells"]) == [1]
    # each failing check opens its figure's review page
    failing = [d.value for d in at.dataframe if {"rule", "review"} <= set(d.value.columns)][0]
    row = failing[(failing["rule"] == ROW_SUM) & (failing["metric"] == "t3.granted")]
    assert list(row["review"]) == [f"review?report={row['report_id'].iloc[0]}&metric=t3.granted&dim=total"]


@pytest.mark.parametrize("page", ["review", "report"])
def test_pages_without_an_address_offer_a_report_to_choose(open_review, page):
    at = open_review(page)
    assert not at.error
    options = at.selectbox[0].options
    assert any("003_huaian_shi_2024.pdf" in o for o in options)
