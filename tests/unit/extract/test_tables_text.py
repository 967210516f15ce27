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
    assert any("1.本机关不掌握相关政府信息: 6 numbers ('3 1 0 0 0 4') for 7 columns" in p for p in problems)
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
    # 024's crawler text: `713000074` can only be 71|3|0|0|0|0|74 with 总计 = the other six
    text = t3_text().replace("一、本年新收政府信息公开申请数量 21 2 0 0 1 1 25",
                             "一、本年新收政府信息公开申请数量713000074")
    text = text.replace("1.属于国家秘密 1 0 0 0 0 0 1", "1.属于国家秘密1000001")
    # `2120011 25`: both 21|2|0|0|1|1|25 and 2|1|20|0|1|1|25 fit, so none is taken
    text = text.replace("（一）予以公开 10 1 0 0 0 0 11", "（一）予以公开2120011 25")
    cells, problems, _ = run(text_doc(T2_2021 + text + T4_TEXT))
    assert [cells[f"t3.received_new|{d}"].value for d in DIMS] == [71, 3, 0, 0, 0, 0, 74]
    assert cells["t3.received_new|total"].source_kind == "derived"
    assert cells["t3.received_new|natural_person"].raw_text == "71"
    assert [cells[f"t3.denied.state_secret|{d}"].value for d in DIMS] == [1, 0, 0, 0, 0, 0, 1]
    assert [cells[f"t3.granted|{d}"].value for d in DIMS] == [None] * 7
    assert any("（一）予以公开: digits run together ('2120011 25') for 7 columns: 2 possible splits" in p
               for p in problems)


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


def test_numbers_printed_away_from_their_label_go_to_the_row_the_order_leaves():
    """A label line that holds its 7 numbers keeps them; a bare row of numbers after it (the
    next row's, printed before that row's label) is never given to the row above. Between
    （一） and 1.属于国家秘密 (both with their numbers) the only row left is （二）: the row
    order places the bare row there (derived, with the rule in the evidence). (issue 20)"""
    text = t3_text().replace("（二）部分公开（区分处理的，只计这一情形，不计其他情形） 4 0 0 0 0 0 4\n",
                             "4 0 0 0 0 0 4\n（二）部分公开（区分处理的，只计这一情形，不计其他情形）\n")
    cells, problems, _ = run(text_doc(T2_2021 + text + T4_TEXT))
    assert [cells[f"t3.granted|{d}"].value for d in DIMS] == [10, 1, 0, 0, 0, 0, 11]
    assert cells["t3.granted|total"].source_kind == "table"
    assert [cells[f"t3.partially_granted|{d}"].value for d in DIMS] == [4, 0, 0, 0, 0, 0, 4]
    assert cells["t3.partially_granted|total"].source_kind == "derived"
    assert "placed by row order" in cells["t3.partially_granted|total"].evidence
    assert not any("部分公开" in p for p in problems)


def test_numbers_printed_away_from_their_label_go_to_nobody_when_two_rows_could_take_them():
    """Trap: the bare row sits between （一） and 2.其他法律…, and both （二） and
    1.属于国家秘密 print their labels without numbers there: one row of numbers for two rows
    is not certain (which one is blank?), so both stay empty with the reason."""
    text = t3_text().replace("（二）部分公开（区分处理的，只计这一情形，不计其他情形） 4 0 0 0 0 0 4\n",
                             "4 0 0 0 0 0 4\n（二）部分公开（区分处理的，只计这一情形，不计其他情形）\n")
    text = text.replace("1.属于国家秘密 1 0 0 0 0 0 1\n", "1.属于国家秘密\n")
    cells, problems, _ = run(text_doc(T2_2021 + text + T4_TEXT))
    assert [cells[f"t3.granted|{d}"].value for d in DIMS] == [10, 1, 0, 0, 0, 0, 11]
    assert all(cells.get(f"t3.partially_granted|{d}") is None or cells[f"t3.partially_granted|{d}"].value is None
               for d in DIMS)
    assert all(cells.get(f"t3.denied.state_secret|{d}") is None or cells[f"t3.denied.state_secret|{d}"].value is None
               for d in DIMS)
    assert any("1 row(s) of numbers without a label for 2 row label(s)" in p for p in problems)


def test_t4_read_column_by_column_is_left_empty():
    """003's PDF through a column-by-column text extraction (poppler without -layout): the
    15 numbers come out in another order with header words between them; taking them in
    order would give 行政复议 总计 = 12. Nothing is assigned."""
    scrambled = ("四、政府信息公开行政复议、行政诉讼情况\n行政复议\n行政诉讼\n未经复议直接起诉\n结果\n结果\n其他结\n尚未\n"
                 "维持\n纠正\n果\n审结\n总计\n72\n64\n178\n37\n结 果\n结果\n其他\n复议后起诉\n尚未\n结果\n结果\n其他\n"
                 "尚未审\n维持\n纠正\n结果\n结\n12\n1\n1\n6\n总计\n351\n维持\n纠正\n结果\n审结\n13\n4\n8\n1\n26\n总计\n20\n"
                 "五、存在的主要问题及改进情况\n")
    cells, problems, _ = run(text_doc(T2_2021 + t3_text() + scrambled))
    assert all(cells[m].value is None for m in T4_METRICS)
    assert any(p.startswith("表四: numbers interleaved with label text") for p in problems)


T2_2019_TEXT = """二、主动公开政府信息情况
第二十条第（一）项
信息内容 本年新 制作数量 本年新 公开数量 对外公开总数量
规章 2 2 15
规范性文件 10 9 180
第二十条第（五）项
信息内容 上一年项目数量 本年增/减 处理决定数量
行政许可 120 +12 3400
其他对外管理服务事项 30 -3 12
第二十条第（六）项
信息内容 上一年项目数量 本年增/减 处理决定数量
行政处罚 50 0 210
行政强制 — — —
第二十条第（八）项
信息内容 上一年项目数量 本年增/减
行政事业性收费 4 0
第二十条第（九）项
信息内容 采购项目数量 采购总金额
政府集中采购 3 25.1万元
"""


def test_2019_text_layout_with_signed_deltas_and_money():
    rows = list(T3_2021_ROWS[:20]) + [
        ("（六）其他处理", [1, 0, 0, 0, 1, 0, 2]), ("（七）总计", [21, 2, 0, 0, 1, 0, 24]),
        ("四、结转下年度继续办理", [2, 0, 0, 0, 0, 1, 3])]
    cells, problems, _ = run(text_doc(T2_2019_TEXT + t3_text(rows) + T4_TEXT))
    assert problems == []
    assert cells["t2.normative_docs.published_total"].value == 180
    assert cells["t2.licensing.items_change"].value == 12
    assert cells["t2.other_services.items_change"].value == -3
    assert cells["t2.coercion.decisions"].value_kind == "not_applicable"
    assert cells["t2.procurement.amount_yuan"].value == 251000
    assert [cells[f"t3.other|{d}"].value for d in DIMS] == [1, 0, 0, 0, 1, 0, 2]
    assert not any(k.startswith("t3.other.") for k in cells)
