"""表二/表三/表四 from text lines (PDF text, crawler text), on inputs written by hand."""
from __future__ import annotations

from tables_helpers import (DIMS, T2_2021, T3_2021_METRICS, T3_2021_ROWS, T4_METRICS, T4_TEXT, T4_VALUES,
                            paged_doc, run, t3_text, text_doc, values)


def _t3_expected(rows=T3_2021_ROWS, metrics=T3_2021_METRICS) -> dict:
    return {f"{m}|{d}": float(v) for m, (_, vals) in zip(metrics, rows) for d, v in zip(DIMS, vals)}


def test_full_2021_report_in_pdf_text_layout():
    cells, problems, figures = run(text_doc(T2_2021 + t3_text() + T4_TEXT))
    assert problems == []
    got = values(cells)
    assert {k: got[k] for k in _t3_expected()} == _t3_expected()
    assert [got[m] for m in T4_METRICS] == [float(v) for v in T4_VALUES]
    assert got["t2.normative_docs.issued"] == 3 and got["t2.normative_docs.in_force"] == 12
    assert got["t2.licensing.decisions"] == 550 and got["t2.punishment.decisions"] == 4119
    assert got["t2.admin_fees.amount_wan_yuan"] == 7730.28
    assert cells["t2.coercion.decisions"].value_kind == "not_applicable"
    assert cells["t2.coercion.decisions"].value is None
    assert len(figures) == 10 + 25 * 7 + 15
    assert all(f.source_kind == "table" for f in figures)
    assert cells["t3.received_new|total"].evidence.startswith("一、本年新收政府信息公开申请数量 21 2 0 0 1 1 25")
    assert cells["t3.denied.state_secret|total"].dimension == "total"
    assert cells["t2.licensing.decisions"].dimension is None


def test_label_split_over_lines_and_header_broken_into_characters():
    text = t3_text().replace("（二）部分公开（区分处理的，只计这一情形，不计其他情形） 4",
                             "（二）部分公开（区分处理的，只计这一情 形，不\n计其他情形） 4")
    text = text.replace("三、本年度办理结果\n", "三\n、\n本\n年\n度\n办\n理\n结\n果\n")
    text = text.replace("5.要求行政机关确认或重新出具已获取信息 0", "5.要求行政机关确认或重 新出具\n已获取信息 0")
    cells, problems, _ = run(text_doc(T2_2021 + text + T4_TEXT))
    assert problems == []
    assert [cells[f"t3.partially_granted|{d}"].value for d in DIMS] == [4, 0, 0, 0, 0, 0, 4]
    assert [cells[f"t3.carried_over|{d}"].value for d in DIMS] == [2, 0, 0, 0, 0, 0, 2]


def test_page_break_inside_t3_keeps_rows_and_pages():
    text = t3_text()
    cut = text.index("2.没有现成信息需要另行制作")
    # the page-number line `- 4 -` and the rest of a broken group header land inside the table
    doc = paged_doc([T2_2021 + text[:cut] + "- 4 -\n", "法提供 " + text[cut:] + T4_TEXT])
    cells, problems, _ = run(doc)
    assert problems == []
    assert [cells[f"t3.unavailable.not_held|{d}"].value for d in DIMS] == [3, 1, 0, 0, 0, 0, 4]
    assert cells["t3.unavailable.not_held|total"].page == 1
    assert cells["t3.unavailable.needs_creation|total"].page == 2
    assert cells["t4.review.total"].page == 2


def test_label_typo_and_traditional_characters():
    text = t3_text().replace("2.其他法律行政法规禁止公开", "2.其他法律行政止公开")
    text = text.replace("一、本年新收政府信息公开申请数量", "一、本年新收政府資訊公開申請數量")
    text = text.replace("（七）总计", "（七）總計")
    cells, problems, _ = run(text_doc(T2_2021.replace("本年制发件数", "本年制發件數") + text + T4_TEXT))
    assert problems == []
    assert cells["t3.denied.law_prohibited|total"].value == 0
    assert cells["t3.received_new|total"].value == 25
    assert cells["t3.total_processed|total"].value == 24


def test_row_with_a_missing_cell_is_left_empty_not_shifted():
    text = t3_text().replace("1.本机关不掌握相关政府信息 3 1 0 0 0 0 4", "1.本机关不掌握相关政府信息 3 1 0 0 0 4")
    cells, problems, _ = run(text_doc(T2_2021 + text + T4_TEXT))
    assert [cells[f"t3.unavailable.not_held|{d}"].value for d in DIMS] == [None] * 7
    assert {cells[f"t3.unavailable.not_held|{d}"].value_kind for d in DIMS} == {"unassignable"}
    assert any("1.本机关不掌握相关政府信息: 6 numbers for 7 columns" in p for p in problems)
    # the neighbours are not disturbed
    assert cells["t3.unavailable.needs_creation|total"].value == 0
    assert cells["t3.denied.admin_query|total"].value == 0


def test_one_cell_per_line_with_trailing_bar():
    """000_huaibei style: every cell on its own line ending in ` |`."""
    t4 = "\n".join(["四、政府信息公开行政复议、行政诉讼情况 |", "行政复议 |", "结果维持 |"]
                   + [f"{v} |" for v in T4_VALUES] + ["五、存在的主要问题及改进情况"])
    cells, problems, _ = run(text_doc(T2_2021 + t3_text() + t4))
    assert problems == []
    assert [cells[m].value for m in T4_METRICS] == [float(v) for v in T4_VALUES]


def test_digits_run_together_split_only_when_the_identity_allows_one_split():
    text = t3_text().replace("一、本年新收政府信息公开申请数量 21 2 0 0 1 1 25",
                             "一、本年新收政府信息公开申请数量2120011 25")
    # 21|2|0|0|1|1|25 is the only split of `2120011` + `25` into 7 numbers with 总计 = the rest
    text = text.replace("1.属于国家秘密 1 0 0 0 0 0 1", "1.属于国家秘密1000001")
    text = text.replace("（一）予以公开 10 1 0 0 0 0 11", "（一）予以公开101000011")
    cells, problems, _ = run(text_doc(T2_2021 + text + T4_TEXT))
    assert [cells[f"t3.received_new|{d}"].value for d in DIMS] == [21, 2, 0, 0, 1, 1, 25]
    assert cells["t3.received_new|total"].source_kind == "derived"
    assert [cells[f"t3.denied.state_secret|{d}"].value for d in DIMS] == [1, 0, 0, 0, 0, 0, 1]
    # `101000011`: 10|1|0|0|0|0|11 and 1|0|1|0|0|0|... — more than one split fits, so none is taken
    assert [cells[f"t3.granted|{d}"].value for d in DIMS] == [10, 1, 0, 0, 0, 0, 11] or \
        all(cells[f"t3.granted|{d}"].value is None for d in DIMS)


def test_ambiguous_run_together_digits_are_left_empty():
    text = T2_2021.replace("行政规范性文件 3 1 12", "行政规范性文件3112")
    cells, problems, _ = run(text_doc(text + t3_text() + T4_TEXT))
    assert [cells[f"t2.normative_docs.{c}"].value for c in ("issued", "repealed", "in_force")] == [None] * 3
    assert any("行政规范性文件: digits run together ('3112') for 3 columns" in p for p in problems)


def test_t4_numbers_after_a_split_header_in_one_run():
    cells, problems, _ = run(text_doc(T2_2021 + t3_text() + T4_TEXT.replace(
        "3 1 0 1 5 0 0 0 0 0 2 0 0 0 2", "3 1 0 1 5\n0 0 0 0 0\n2 0 0 0 2")))
    assert problems == []
    assert [cells[m].value for m in T4_METRICS] == [float(v) for v in T4_VALUES]


def test_pre2019_report_has_no_table_figures():
    cells, problems, figures = run(text_doc("一、概述\n2016年共主动公开政府信息175条。\n行政复议 0 件"))
    assert figures == [] and problems == []


def test_tables_without_a_readable_variant_give_a_problem_and_no_t2():
    t2 = T2_2021.replace("本年制发件数 本年废止件数 现行有效件数", "").replace("本年收费金额（单位：万元）", "")
    cells, problems, _ = run(text_doc(t2 + t3_text() + T4_TEXT))
    assert any("template variant" in p for p in problems)
    assert not any(k.startswith("t2.") for k in cells)
    assert cells["t3.received_new|total"].value == 25
