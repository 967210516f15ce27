"""Each renderer writes a file its format's own tools read back with the same tables and figures
(independently of the project's readers): lxml for HTML, python-docx for Word, pypdfium2 for PDF."""
from __future__ import annotations

import io
import random

import pytest

from etl.demo.content import compose
from etl.demo.generator import plan_corpus, render_report
from etl.demo.quirks import ReportQuirks


@pytest.fixture(scope="module")
def t2021_report():
    plan = plan_corpus(60, seed=2)
    r = next(r for r in plan if r.fig.template == "t2021" and not r.scanned)
    r.quirks = ReportQuirks()  # plain: no blanks, no stray spaces, no broken headers
    return r


def _render(r, fmt: str) -> tuple[bytes, dict]:
    r.fmt = fmt
    return render_report(r, seed=2)


def test_html_has_the_three_tables_with_the_2021_spans(t2021_report):
    import lxml.html

    data, truth = _render(t2021_report, "html")
    tables = lxml.html.fromstring(data).findall(".//table")
    assert len(tables) == 3
    t3 = tables[1]
    assert t3.xpath(".//td[@rowspan='22']")[0].text_content().strip() == "三、本年度办理结果"  # 21 rows + 总计 (028)
    assert len(t3.findall(".//tr")) == 3 + 2 + 21 + 1 + 1  # 28 rows, as in the real 028 page
    cells = [" ".join(td.text_content().split()) for td in tables[2].findall(".//tr")[-1].findall("td")]
    assert [int(c) for c in cells] == [truth["cells"][f"t4.{g}.{c}"] for g in ("review", "litigation_direct",
                                       "litigation_after_review") for c in ("upheld", "corrected", "other", "pending", "total")]


def test_docx_tables_read_back_with_python_docx(t2021_report):
    import docx

    data, truth = _render(t2021_report, "docx")
    d = docx.Document(io.BytesIO(data))
    assert len(d.tables) == 3
    row = next(r for r in d.tables[1].rows if r.cells[0].text == "一、本年新收政府信息公开申请数量")
    values = [c.text for c in row.cells[3:]]
    assert values == [str(truth["cells"][f"t3.received_new|{dim}"]) for dim in
                      ("natural_person", "commercial", "research", "social_org", "legal_service", "other_org", "total")]


def test_pdf_text_layer_holds_title_and_page_numbers(t2021_report):
    import pypdfium2 as pdfium

    data, truth = _render(t2021_report, "pdf")
    pdf = pdfium.PdfDocument(data)
    text = "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    assert len(pdf) >= 2
    assert f"{truth['bureau_name']}{truth['year']}年政府信息公开工作年度报告" in text.replace("\r\n", "")
    assert "- 1 -" in text and "- 2 -" in text


def test_scanned_pdf_has_no_text_layer():
    import pypdfium2 as pdfium

    from etl.demo.render_pdf import render_scanned_pdf

    pdf = pdfium.PdfDocument(render_scanned_pdf(1))
    assert len(pdf) == 3
    assert all(not pdf[i].get_textpage().get_text_range().strip() for i in range(len(pdf)))


def test_txt_prints_table_rows_as_space_separated_lines(t2021_report):
    data, truth = _render(t2021_report, "txt")
    lines = data.decode("utf-8").splitlines()
    total = next(line for line in lines if line.startswith("（七）总计"))
    assert total.split()[1:] == [str(truth["cells"][f"t3.total_processed|{d}"]) for d in
                                 ("natural_person", "commercial", "research", "social_org", "legal_service",
                                  "other_org", "total")]


def test_quirks_change_the_print_not_the_truth(t2021_report):
    plain = compose(t2021_report.organ, t2021_report.fig, ReportQuirks(), "html", random.Random(0))
    quirky = compose(t2021_report.organ, t2021_report.fig,
                     ReportQuirks({"stray_spaces", "broken_headers", "title_split"}), "html", random.Random(0))
    assert plain.cells == quirky.cells and plain.text == quirky.text
