"""表二/表三/表四 from table grids (HTML with row/column spans, Markdown pipe tables), on
inputs written by hand and read by the project's own readers."""
from __future__ import annotations

from tables_helpers import DIMS, T4_METRICS, html_doc, md_doc, run

def _td(text, rs=1, cs=1, word=False):
    span = f' rowspan="{rs}"' if rs > 1 else ""
    span += f' colspan="{cs}"' if cs > 1 else ""
    if word:  # Word-exported cell: value wrapped in nested spans with &nbsp;
        text = f'<p class="MsoNormal"><span style="mso-bidi-font-size:10.5pt"><span>{text}</span>&nbsp;</span></p>'
    return f"<td{span}>{text}</td>"


def _row(*cells):
    return "<tr>" + "".join(cells) + "</tr>"


# 2019 template, 上海 style: many cells blank, money printed with its unit, signed deltas
T2_2019_HTML = "<table>" + "".join([
    _row(_td("第二十条第（一）项", cs=4)),
    _row(_td("信息内容"), _td("本年新<br/>制作数量"), _td("本年新<br/>公开数量"), _td("对外公开总数量")),
    _row(_td("规章"), _td("2"), _td("2"), _td("15")),
    _row(_td("规范性文件"), _td("10"), _td("9"), _td("180")),
    _row(_td("第二十条第（五）项", cs=4)),
    _row(_td("信息内容"), _td("上一年项目数量"), _td("本年增/减"), _td("处理决定数量")),
    _row(_td("行政许可"), _td("120"), _td("+12"), _td("3400")),
    _row(_td("其他对外管理服务事项"), _td("30"), _td("-3"), _td("")),
    _row(_td("第二十条第（六）项", cs=4)),
    _row(_td("信息内容"), _td("上一年项目数量"), _td("本年增/减"), _td("处理决定数量")),
    _row(_td("行政处罚"), _td("50"), _td("0"), _td("210")),
    _row(_td("行政强制"), _td("/"), _td("/"), _td("/")),
    _row(_td("第二十条第（八）项", cs=4)),
    _row(_td("信息内容"), _td("上一年项目数量"), _td("本年增/减", cs=2)),
    _row(_td("行政事业性收费"), _td("4"), _td("0", cs=2)),
    _row(_td("第二十条第（九）项", cs=4)),
    _row(_td("信息内容"), _td("采购项目数量"), _td("采购总金额", cs=2)),
    _row(_td("政府集中采购"), _td("3"), _td("251000元", cs=2)),
]) + "</table>"

T3_2019_ROWS = [
    ("t3.received_new", [_td("一、本年新收政府信息公开申请数量", cs=3)], ["821", "35", "", "", "2", "1", "859"]),
    ("t3.carried_over", [_td("二、上年结转政府信息公开申请数量", cs=3)], ["18", "", "", "", "", "", "18"]),
    ("t3.granted", [_td("三、本年度办理结果", rs=20), _td("（一）予以公开", cs=2)], ["400", "10", "", "", "", "", "410"]),
    ("t3.partially_granted", [_td("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", cs=2)], ["50"] + [""] * 5 + ["50"]),
    ("t3.denied.state_secret", [_td("（三）不予公开", rs=8), _td("1.属于国家秘密")], [""] * 7),
    ("t3.denied.law_prohibited", [_td("2.其他法律行政法规禁止公开")], [""] * 7),
    ("t3.denied.security_stability", [_td("3.危及“三安全一稳定”")], [""] * 7),
    ("t3.denied.third_party", [_td("4.保护第三方合法权益")], ["5"] + [""] * 5 + ["5"]),
    ("t3.denied.internal_affairs", [_td("5.属于三类内部事务信息")], [""] * 7),
    ("t3.denied.process_info", [_td("6.属于四类过程性信息")], ["2"] + [""] * 5 + ["2"]),
    ("t3.denied.enforcement_file", [_td("7.属于行政执法案卷")], [""] * 7),
    ("t3.denied.admin_query", [_td("8.属于行政查询事项")], [""] * 7),
    ("t3.unavailable.not_held", [_td("（四）无法提供", rs=3), _td("1.本机关不掌握相关政府信息")], ["250", "20", "", "", "2", "1", "273"]),
    ("t3.unavailable.needs_creation", [_td("2.没有现成信息需要另行制作")], ["10"] + [""] * 5 + ["10"]),
    ("t3.unavailable.unclear", [_td("3.补正后申请内容仍不明确")], [""] * 7),
    ("t3.not_processed.complaint", [_td("（五）不予处理", rs=5), _td("1.信访举报投诉类申请")], ["30", "", "", "", "", "", "30"]),
    ("t3.not_processed.repeat", [_td("2.重复申请")], ["20", "", "", "", "", "", "20"]),
    ("t3.not_processed.publication", [_td("3.要求提供公开出版物")], [""] * 7),
    ("t3.not_processed.mass_repeat", [_td("4.无正当理由大量反复申请")], [""] * 7),
    ("t3.not_processed.confirmation", [_td("5.要求行政机关确认或重新出具已获取信息")], [""] * 7),
    ("t3.other", [_td("（六）其他处理", cs=2)], ["5"] + [""] * 5 + ["5"]),
    ("t3.total_processed", [_td("（七）总计", cs=2)], ["767", "30", "", "", "2", "1", "805"]),
    ("t3.carried_forward", [_td("四、结转下年度继续办理", cs=3)], ["72", "", "", "", "", "", "72"]),
]
T3_HEADER = "".join([
    _row(_td("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", rs=3, cs=3),
         _td("申请人情况", cs=7)),
    _row(_td("自然人", rs=2), _td("法人或其他组织", cs=5), _td("总计", rs=2)),
    _row(*[_td(x) for x in ("商业 企业", "科研机构", "社会公益组织", "法律服务机构", "其他")]),
])
T4_HTML = "<table>" + "".join([
    _row(_td("行政复议", cs=5), _td("行政诉讼", cs=10)),
    _row(*[_td(x, rs=2) for x in ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")],
         _td("未经复议直接起诉", cs=5), _td("复议后起诉", cs=5)),
    _row(*[_td(x) for x in ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计") * 2]),
    _row(*[_td(x, word=True) for x in ("5", "0", "0", "2", "7", "8", "0", "0", "1", "9", "0", "0", "0", "0", "0")]),
]) + "</table>"


def _html_2019(word_cells=False) -> str:
    t3 = "<table>" + T3_HEADER + "".join(
        _row(*labels, *[_td(v, word=word_cells) for v in vals]) for _, labels, vals in T3_2019_ROWS) + "</table>"
    return ("<html><body><p>二、主动公开政府信息情况</p>" + T2_2019_HTML
            + "<p>三、收到和处理政府信息公开申请情况</p>" + t3
            + "<p>四、政府信息公开行政复议、行政诉讼情况</p>" + T4_HTML
            + "<p>五、存在的主要问题及改进情况</p><p>无。</p></body></html>")


def test_2019_html_with_row_and_column_spans_and_blank_cells():
    cells, problems, figures = run(html_doc(_html_2019()))
    assert problems == []
    for metric, _, vals in T3_2019_ROWS:
        got = [(cells[f"{metric}|{d}"].value, cells[f"{metric}|{d}"].value_kind) for d in DIMS]
        want = [(float(v), "number") if v else (None, "blank") for v in vals]
        assert got == want, metric
    assert len([f for f in figures if f.metric.startswith("t3.")]) == 23 * 7


def test_2019_t2_signed_deltas_money_and_not_applicable():
    cells, problems, _ = run(html_doc(_html_2019()))
    assert cells["t2.licensing.items_change"].value == 12
    assert cells["t2.other_services.items_change"].value == -3
    assert cells["t2.other_services.decisions"].value_kind == "blank"
    assert cells["t2.coercion.prev_items"].value_kind == "not_applicable"
    assert cells["t2.procurement.amount_yuan"].value == 251000
    assert cells["t2.procurement.amount_yuan"].raw_text == "251000元"
    assert cells["t2.procurement.amount_yuan"].unit == "yuan"
    assert cells["t2.normative_docs.published_total"].value == 180
    assert cells["t2.regulations.new_made"].value == 2


def test_word_exported_cells_with_nested_spans():
    cells, problems, _ = run(html_doc(_html_2019(word_cells=True)))
    assert problems == []
    assert [cells[m].value for m in T4_METRICS] == [5, 0, 0, 2, 7, 8, 0, 0, 1, 9, 0, 0, 0, 0, 0]
    assert cells["t3.received_new|total"].value == 859


def test_money_in_wan_yuan_converted_to_the_metric_unit():
    html = _html_2019().replace("251000元", "25.1万元")
    cells, _, _ = run(html_doc(html))
    assert cells["t2.procurement.amount_yuan"].value == 251000
    assert cells["t2.procurement.amount_yuan"].raw_text == "25.1万元"


MD_2021 = """二、主动公开政府信息情况
| 第二十条第（一）项 | | | |
|---|---|---|---|
| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |
| 规章 | 0 | 0 | 0 |
| 行政规范性文件 | 13 | 0 | 55 |
| 第二十条第（五）项 | | | |
| 信息内容 | 本年处理决定数量 | | |
| 行政许可 | 97 | | |
| 第二十条第（六）项 | | | |
| 行政处罚 | 0 | | |
| 行政强制 | 0 | | |
| 第二十条第（八）项 | | | |
| 信息内容 | 本年收费金额（单位：万元） | | |
| 行政事业性收费 | 0.5 | | |

三、收到和处理政府信息公开申请情况
| 申请人情况 | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 | |
|---|---|---|---|---|---|---|---|---|
| 一、本年新收政府信息公开申请数量 | 32 | 2 | 0 | 0 | 0 | 0 | 34 | |
| 二、上年结转政府信息公开申请数量 | 2 | 0 | 0 | 0 | 0 | 0 | 2 | |
| 三、 | （一）予以公开 | 9 | 0 | 0 | 0 | 0 | 0 | 9 |
| 0 | 0 | 0 | 0 | 0 | 0 | 0 |
|---|---|---|---|---|---|---|

（二）部分公开（区分处理的，只
计这一情形，不计其他情形）
| 四、结转下年度继续办理 | 1 | 0 | 0 | 0 | 0 | 0 |  |

三、政府信息公开行政复议、行政诉讼情况
| 维持 | 纠正 | 结果 | 审结 |
|---|---|---|---|
| 1 | 0 | 0 | 0 | 1 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |

四、存在的主要问题及改进情况
"""


def test_markdown_half_tables_with_shifted_cells():
    """013 style: numbers printed away from their label are never given to a neighbour."""
    cells, problems, _ = run(md_doc(MD_2021))
    assert [cells[f"t3.received_new|{d}"].value for d in DIMS] == [32, 2, 0, 0, 0, 0, 34]
    # （一）'s own grid row holds its 7 values; the detached row after it (（二）'s, whose label
    # comes later) is given to nobody
    assert [cells[f"t3.granted|{d}"].value for d in DIMS] == [9, 0, 0, 0, 0, 0, 9]
    assert all(cells[f"t3.partially_granted|{d}"].value is None for d in DIMS)
    # the last row's 总计 is an empty Markdown cell: blank, not shifted
    assert [cells[f"t3.carried_forward|{d}"].value for d in DIMS] == [1, 0, 0, 0, 0, 0, None]
    assert cells["t3.carried_forward|total"].value_kind == "blank"
    assert cells["t2.admin_fees.amount_wan_yuan"].value == 0.5
    assert cells["t2.normative_docs.in_force"].value == 55
    assert [cells[m].value for m in T4_METRICS] == [1, 0, 0, 0, 1] + [0] * 10
    assert any(p.startswith("表三 row （二）部分公开: no numbers for 7 columns") for p in problems)


def test_grid_row_with_an_empty_label_column():
    """002's PDF grid: （六）其他处理 | (empty third label column) | 7 values."""
    html = _html_2019().replace(_row(_td("（六）其他处理", cs=2), *[_td(v) for v in ["5"] + [""] * 5 + ["5"]]),
                                _row(_td("（六）其他处理"), _td(""), *[_td(v) for v in ["5"] + ["0"] * 5 + ["5"]]))
    cells, problems, _ = run(html_doc(html))
    assert [cells[f"t3.other|{d}"].value for d in DIMS] == [5, 0, 0, 0, 0, 0, 5]


def test_grid_cell_holding_two_numbers_is_not_one_number():
    html = _html_2019().replace(_td("120"), _td("1 20"))
    cells, problems, _ = run(html_doc(html))
    assert cells["t2.licensing.prev_items"].value is None
    assert any("行政许可" in p for p in problems)


# A Markdown 表三 laid out as a Word table converted to Markdown (Markdown has no spans, so a
# label spanning the three label columns is printed as the label and two empty cells; the
# header puts 自然人 … 总计 in grid columns 4-10)
MD_T3_SPANNED_LABELS = """三、收到和处理政府信息公开申请情况

| （本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） |  |  | 申请人情况 |  |  |  |  |  |  |
|---|---|---|---|---|---|---|---|---|---|
|  |  |  | 自然人 | 法人或其他组织 |  |  |  |  | 总计 |
|  |  |  |  | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 |  |
| 一、本年新收政府信息公开申请数量 |  |  | 24 | 3 |  |  | 3 |  | 30 |
| 二、上年结转政府信息公开申请数量 |  |  |  |  |  |  |  |  |  |
| 三、本年度办理结果 | （一）予以公开 |  | 7 |  |  |  | 1 |  | 8 |
|  | （二）部分公开（区分处理的，只计这一情形，不计其他情形） |  | 3 | 1 |  |  |  |  | 4 |
|  | （三）不予公开 | 1.属于国家秘密 | 1 |  |  |  |  |  | 1 |
|  |  | 2.其他法律行政法规禁止公开 |  |  |  |  |  |  |  |
|  |  | 3.危及“三安全一稳定” |  |  |  |  |  |  |  |
|  |  | 4.保护第三方合法权益 |  |  |  |  |  |  |  |
|  |  | 5.属于三类内部事务信息 |  |  |  |  |  |  |  |
|  |  | 6.属于四类过程性信息 | 1 |  |  |  |  |  | 1 |
|  |  | 7.属于行政执法案卷 |  |  |  |  |  |  |  |
|  |  | 8.属于行政查询事项 | 1 |  |  |  |  |  | 1 |
|  | （四）无法提供 | 1.本机关不掌握相关政府信息 | 6 | 1 |  |  |  |  | 7 |
|  |  | 2.没有现成信息需要另行制作 | 1 |  |  |  |  |  | 1 |
|  |  | 3.补正后申请内容仍不明确 |  |  |  |  |  |  |  |
|  | （五）不予处理 | 1.信访举报投诉类申请 | 1 |  |  |  | 1 |  | 2 |
|  |  | 2.重复申请 |  |  |  |  |  |  |  |
|  |  | 3.要求提供公开出版物 |  |  |  |  |  |  |  |
|  |  | 4.无正当理由大量反复申请 |  | 1 |  |  |  |  | 1 |
|  |  | 5.要求行政机关确认或重新出具已获取信息 |  |  |  |  |  |  |  |
|  | （六）其他处理 |  | 1 |  |  |  |  |  | 1 |
|  | （七）总计 |  | 22 | 3 |  |  | 2 |  | 27 |
| 四、结转下年度继续办理 |  |  | 2 |  |  |  | 1 |  | 3 |

四、政府信息公开行政复议、行政诉讼情况
"""
_CARRIED_OVER_MD = "| 二、上年结转政府信息公开申请数量 |  |  |  |  |  |  |  |  |  |"


def _t3_problems(problems):
    return [p for p in problems if p.startswith("表三")]


def test_markdown_row_whose_label_spans_three_columns_and_whose_cells_are_all_blank():
    """9 empty cells after the label for 7 columns: blank in every column whatever the alignment."""
    cells, problems, _ = run(md_doc(MD_T3_SPANNED_LABELS), template="t2019")
    assert _t3_problems(problems) == []
    assert [(cells[f"t3.carried_over|{d}"].value, cells[f"t3.carried_over|{d}"].value_kind) for d in DIMS] \
        == [(None, "blank")] * 7
    # the neighbouring rows keep their own cells (blank label columns on the left only)
    assert [cells[f"t3.received_new|{d}"].value for d in DIMS] == [24, 3, None, None, 3, None, 30]
    assert [cells[f"t3.other|{d}"].value for d in DIMS] == [1, None, None, None, None, None, 1]
    assert [cells[f"t3.carried_forward|{d}"].value for d in DIMS] == [2, None, None, None, 1, None, 3]


def test_markdown_row_with_blanks_on_both_sides_of_its_numbers_stays_unassignable():
    """9 cells for 7 columns with a blank at each end: shifted left or right gives different
    rows, so no cell is placed (the rule the all-blank case must not loosen)."""
    md = MD_T3_SPANNED_LABELS.replace(_CARRIED_OVER_MD,
                                      "| 二、上年结转政府信息公开申请数量 |  | 2 |  |  |  |  |  | 2 |  |")
    cells, problems, _ = run(md_doc(md), template="t2019")
    assert all(cells[f"t3.carried_over|{d}"].value_kind == "unassignable" for d in DIMS)
    assert any(p.startswith("表三 row 二、上年结转") and "9 numbers" in p and "for 7 columns" in p
               for p in problems), problems


def test_html_row_whose_label_is_followed_by_empty_label_cells_and_blank_values():
    """The same row in HTML written without colspan: label, two empty label cells, 7 blanks."""
    carried = _row(_td("二、上年结转政府信息公开申请数量", cs=3), *[_td(v) for v in ["18", "", "", "", "", "", "18"]])
    assert carried in _html_2019()
    html = _html_2019().replace(carried, _row(_td("二、上年结转政府信息公开申请数量"), _td(""), _td(""),
                                              *[_td("") for _ in range(7)]))
    cells, problems, _ = run(html_doc(html))
    assert _t3_problems(problems) == []
    assert [cells[f"t3.carried_over|{d}"].value_kind for d in DIMS] == ["blank"] * 7
    assert cells["t3.received_new|total"].value == 859


def test_html_blank_row_whose_label_has_a_colspan_reads_the_label_once():
    """A colspan label's span copies are not cells (the stream reads a merged cell once)."""
    carried = _row(_td("二、上年结转政府信息公开申请数量", cs=3), *[_td(v) for v in ["18", "", "", "", "", "", "18"]])
    html = _html_2019().replace(carried, _row(_td("二、上年结转政府信息公开申请数量", cs=3),
                                              *[_td("") for _ in range(7)]))
    cells, problems, _ = run(html_doc(html))
    assert _t3_problems(problems) == []
    assert [cells[f"t3.carried_over|{d}"].value_kind for d in DIMS] == ["blank"] * 7
