"""Template detection from column labels (never the year) and the label maps as data."""
from __future__ import annotations

from tables_helpers import T2_2021, T4_TEXT, t3_text, text_doc

from etl.metadata.label_maps import label_map, layout, template_names
from etl.extract.template import detect_template
from etl.metadata.catalog import metric as catalog_metric
from etl.metadata.vocab import DIMENSIONS_T3, TEMPLATES

T2_2019_TEXT = """第二十条第（一）项
信息内容 本年新制作数量 本年新公开数量 对外公开总数量
规章 0 0 0
"""


def test_2021_labels():
    assert detect_template(text_doc("2019年度报告\n" + T2_2021 + t3_text())) == "t2021"


def test_2019_labels_even_in_a_2021_report_year():
    assert detect_template(text_doc("2021年政府信息公开工作年度报告\n" + T2_2019_TEXT + t3_text())) == "t2019"


def test_traditional_characters():
    assert detect_template(text_doc(T2_2021.replace("现行有效件数", "現行有效件數")
                                    .replace("本年制发件数", "本年制發件數").replace("本年废止件数", "本年廢止件數")
                                    .replace("本年收费金额", "本年收費金額"))) == "t2021"


def test_both_variants_marked_is_unclear():
    assert detect_template(text_doc(T2_2019_TEXT + T2_2021 + t3_text())) is None


def test_tables_without_variant_labels_is_unclear():
    assert detect_template(text_doc(t3_text() + T4_TEXT)) is None


def test_no_tables_is_pre2019():
    assert detect_template(text_doc("一、概述\n共主动公开政府信息175条")) == "pre2019"


def test_every_label_map_names_catalog_metrics_of_its_template():
    assert set(template_names()) <= set(TEMPLATES)
    for name in template_names():
        lm = label_map(name)
        assert lm.name == name and lm.markers
        for row in lm.t2_rows:
            for m in row.metrics:
                assert name in catalog_metric(m).templates, m
        for row in lm.t3_rows:
            assert name in catalog_metric(row.metric).templates, row.metric
    assert set(layout().t3_columns) == set(DIMENSIONS_T3)
    assert all(catalog_metric(m) for m in layout().t4_metrics)
    assert len(layout().t4_metrics) == 15


def test_2019_and_2021_t3_row_counts():
    required = {n: [r for r in label_map(n).t3_rows if not r.optional] for n in template_names()}
    assert len(required["t2019"]) == 23
    assert len(label_map("t2021").t3_rows) == 26  # 25 data rows + the （六） header that may carry numbers
    assert sum(len(r.metrics) for r in label_map("t2019").t2_rows) == 22
    assert sum(len(r.metrics) for r in label_map("t2021").t2_rows) == 10


def test_report_template_is_the_layout_found_not_the_year():
    """(issue 20) A 2022 report printed on the 2019 layout, and a 2020 report on the 2021 layout:
    `reports.template` says the layout, the year stays the report's."""
    from etl.extract.report import extract_report

    ex = extract_report(text_doc("某某市某某局2022年政府信息公开工作年度报告\n" + T2_2019_TEXT + t3_text() + T4_TEXT))
    assert (ex.meta.year, ex.meta.template) == (2022, "t2019")
    assert any(f.metric == "t2.regulations.new_made" for f in ex.figures)  # 表二 read on the 2019 map
    ex = extract_report(text_doc("某某市某某局2020年政府信息公开工作年度报告\n" + T2_2021 + t3_text() + T4_TEXT))
    assert (ex.meta.year, ex.meta.template) == (2020, "t2021")
    assert any(f.metric == "t2.normative_docs.in_force" for f in ex.figures)
