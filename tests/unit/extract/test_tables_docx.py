"""表三/表四 from a real .docx written with python-docx (merged cells as Word stores them:
gridSpan and vMerge), read by the project's docx reader."""
from __future__ import annotations

from io import BytesIO

import docx

from tables_helpers import DIMS, T2_2021, T3_2021_METRICS, T3_2021_ROWS, T4_METRICS, T4_VALUES, run

from etl.read.docx import read_docx

GROUPS = {2: "（一）予以公开", 4: "（三）不予公开", 12: "（四）无法提供", 15: "（五）不予处理", 20: "（六）其他处理"}


def _docx() -> bytes:
    d = docx.Document()
    for line in T2_2021.splitlines():
        d.add_paragraph(line)
    d.add_paragraph("三、收到和处理政府信息公开申请情况")
    n = 3 + len(T3_2021_ROWS)
    t = d.add_table(rows=n, cols=10)
    t.cell(0, 0).merge(t.cell(2, 2)).text = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    t.cell(0, 3).merge(t.cell(0, 9)).text = "申请人情况"
    t.cell(1, 3).merge(t.cell(2, 3)).text = "自然人"
    t.cell(1, 4).merge(t.cell(1, 8)).text = "法人或其他组织"
    t.cell(1, 9).merge(t.cell(2, 9)).text = "总计"
    for c, label in zip(range(4, 9), ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")):
        t.cell(2, c).text = label
    # 三、本年度办理结果 spans the outcome rows in column 0
    t.cell(5, 0).merge(t.cell(3 + 23, 0)).text = "三、本年度办理结果"
    group_ends = {4: 11, 12: 14, 15: 19, 20: 22}
    for i, (label, vals) in enumerate(T3_2021_ROWS):
        r = 3 + i
        if i in (0, 1, 24):
            t.cell(r, 0).merge(t.cell(r, 2)).text = label
        elif i in (2, 3, 23):
            t.cell(r, 1).merge(t.cell(r, 2)).text = label
        else:
            if i in group_ends:
                t.cell(r, 1).merge(t.cell(3 + group_ends[i], 1)).text = GROUPS[i]
            t.cell(r, 2).text = label
        for c, v in enumerate(vals):
            t.cell(r, 3 + c).text = str(v)
    d.add_paragraph("四、政府信息公开行政复议、行政诉讼情况")
    t4 = d.add_table(rows=4, cols=15)
    t4.cell(0, 0).merge(t4.cell(0, 4)).text = "行政复议"
    t4.cell(0, 5).merge(t4.cell(0, 14)).text = "行政诉讼"
    for c, label in enumerate(("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")):
        t4.cell(1, c).merge(t4.cell(2, c)).text = label
        t4.cell(2, 5 + c).text = label
        t4.cell(2, 10 + c).text = label
    t4.cell(1, 5).merge(t4.cell(1, 9)).text = "未经复议直接起诉"
    t4.cell(1, 10).merge(t4.cell(1, 14)).text = "复议后起诉"
    for c, v in enumerate(T4_VALUES):
        t4.cell(3, c).text = str(v)
    d.add_paragraph("五、存在的主要问题及改进情况")
    buf = BytesIO()
    d.save(buf)
    return buf.getvalue()


def test_docx_tables_with_merged_cells():
    doc = read_docx(_docx())
    assert doc.tables, "the docx reader gives table grids"
    cells, problems, _ = run(doc)
    assert problems == []
    for metric, (_, vals) in zip(T3_2021_METRICS, T3_2021_ROWS):
        assert [cells[f"{metric}|{d}"].value for d in DIMS] == [float(v) for v in vals], metric
    assert [cells[m].value for m in T4_METRICS] == [float(v) for v in T4_VALUES]
    assert cells["t2.licensing.decisions"].value == 550
