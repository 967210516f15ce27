"""The printed layout of 表二/表三/表四 (dashboard.printed) from the template label maps.

Expected layouts are the regulations' tables as printed (国办公开办函〔2021〕30号 and the 2019
template), written by hand here."""
from __future__ import annotations

from dashboard.printed import CellState, Head, Value, cell_text, expanded, marks, printed_tables, tooltip
from dashboard.source_view import parse_locator
from etl.metadata.catalog import metrics


def _labels() -> dict[str, str]:
    return {k: m.label_zh for k, m in metrics().items()}


def _texts(row) -> list[str]:
    return [c.text if isinstance(c, Head) else f"{c.metric}/{c.dimension}" for c in row]


def test_2021_table_two_blocks_as_printed():
    t2 = printed_tables("t2021", _labels(), set())[0]
    assert [_texts(r) for r in t2.rows] == [
        ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
        ["规章", "t2.regulations.issued/None", "t2.regulations.repealed/None", "t2.regulations.in_force/None"],
        ["行政规范性文件", "t2.normative_docs.issued/None", "t2.normative_docs.repealed/None",
         "t2.normative_docs.in_force/None"],
        ["信息内容", "(本年)处理决定数量"],
        ["行政许可", "t2.licensing.decisions/None"],
        ["行政处罚", "t2.punishment.decisions/None"],
        ["行政强制", "t2.coercion.decisions/None"],
        ["信息内容", "本年收费金额（单位：万元）"],
        ["行政事业性收费", "t2.admin_fees.amount_wan_yuan/None"],
    ]
    # a one-value block spans the three value columns
    assert t2.rows[4][1].colspan == 3 and {sum(s for _, s, _ in line) for line in expanded(t2.rows)} == {4}


def test_2021_table_three_groups_and_optional_rows():
    present = {("t3.other.overdue_correction", "total")}
    t3 = printed_tables("t2021", _labels(), present)[1]
    assert [h.text for h in t3.heading[1]] == ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
    labels = [_texts(r)[:2] for r in t3.rows]
    assert labels[0] == ["一、本年新收政府信息公开申请数量", "t3.received_new/natural_person"]
    assert labels[4] == ["（三）不予公开", "1.属于国家秘密"] and t3.rows[4][0].rowspan == 8
    assert labels[5][0] == "2.其他法律行政法规禁止公开"  # covered by the group's row span
    assert ["（七）总计", "t3.total_processed/natural_person"] in labels
    # the optional （六） rows: the report printed the sub-row 1 (present), not the single row （六）其他处理
    assert ["（六）其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"] in labels
    assert not any(r[0] == "（六）其他处理" and r[1].startswith("t3.other/") for r in labels)
    # every line of the grid is 2 label columns + 7 applicant columns wide
    assert {sum(s for _, s, _ in line) for line in expanded(t3.heading + t3.rows)} == {9}


def test_table_four_headings():
    t4 = printed_tables("t2019", _labels(), set())[2]
    assert [(h.text, h.colspan, h.rowspan) for h in t4.heading[0]] == [("行政复议", 5, 2), ("行政诉讼", 10, 1)]
    assert [h.text for h in t4.heading[1]] == ["未经复议直接起诉", "复议后起诉"]
    assert len(t4.rows[0]) == 15 and isinstance(t4.rows[0][0], Value) and t4.rows[0][0].metric == "t4.review.upheld"


def test_no_standard_tables_before_2019():
    assert printed_tables("pre2019", _labels(), set()) == [] and printed_tables(None, _labels(), set()) == []


def test_cell_marks_and_tooltips():
    assert cell_text(None)[0] == "缺"
    assert cell_text(CellState(None, "blank"))[0] == "空"
    assert cell_text(CellState(None, "not_applicable"))[0] == "／"
    assert cell_text(CellState(1234.0, "number"))[0] == "1,234"
    state = CellState(1300.0, "number", "derived", True, [("t3.row_sum", 1362.0, "row sum")])
    assert [m for m, _ in marks(state)] == ["拆", "改"]
    assert "expected 1,362 (t3.row_sum)" in tooltip(("t3.granted", "total"), state)
    assert [m for m, _ in marks(CellState(5.0, "number", "ocr"))] == ["OCR"]


def test_locators():
    assert parse_locator("table=2;row=5;col=3").table == 2
    assert parse_locator("block=7;chars=10-12").chars == (10, 12)
    assert parse_locator("nonsense") is None and parse_locator(None) is None
