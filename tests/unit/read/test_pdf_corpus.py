"""The real WPS-exported PDFs of the corpus: table grids must equal the printed tables.

Expected cells were read off the pages rendered with `pdftoppm -r 80` (and agree with the
hand-read truth/*.json, which the last tests compare cell by cell)."""
from __future__ import annotations

import json

import pytest

from etl.model import Table, TextBlock
from etl.read.pdf import read_pdf

PDFS = ["001_huaian_hongzequ_2023", "002_huaian_hongzequ_2024", "003_huaian_shi_2024"]
APPLICANTS = ["natural_person", "commercial", "research", "social_org", "legal_service", "other_org", "total"]
T3_ROWS = ["received_new", "carried_over", "granted", "partially_granted",
           "denied.state_secret", "denied.law_prohibited", "denied.security_stability", "denied.third_party",
           "denied.internal_affairs", "denied.process_info", "denied.enforcement_file", "denied.admin_query",
           "unavailable.not_held", "unavailable.needs_creation", "unavailable.unclear",
           "not_processed.complaint", "not_processed.repeat", "not_processed.publication",
           "not_processed.mass_repeat", "not_processed.confirmation",
           "other.overdue_correction", "other.overdue_fee", "other.misc", "total_processed", "carried_forward"]
T4_KEYS = [f"t4.{g}.{k}" for g in ("review", "litigation_direct", "litigation_after_review")
           for k in ("upheld", "corrected", "other", "pending", "total")]


@pytest.fixture(scope="module")
def docs(shared_corpus):
    return {name: read_pdf((shared_corpus / f"{name}.pdf").read_bytes()) for name in PDFS}


@pytest.fixture(scope="module")
def truth(shared_corpus):
    return {name: json.loads((shared_corpus / "truth" / f"{name}.json").read_text("utf-8"))["cells"] for name in PDFS}


def row_of(doc, label: str) -> tuple[Table, list[str]]:
    """The table and the origin cells of the one row whose cells include `label`."""
    hits = [(t, t.row_cells(r)) for t in doc.tables for r in range(t.n_rows) if label in t.rows[r]]
    assert len(hits) == 1, f"{label!r} found in {len(hits)} table rows"
    return hits[0]


def test_page_count_and_tables_per_page(docs):
    per_page = {name: {p: sum(t.page == p for t in d.tables) for p in range(1, d.page_count + 1)}
                for name, d in docs.items()}
    assert per_page["001_huaian_hongzequ_2023"] == {1: 0, 2: 1, 3: 2, 4: 2, 5: 0}
    assert per_page["002_huaian_hongzequ_2024"] == {1: 0, 2: 1, 3: 2, 4: 2, 5: 0}
    assert per_page["003_huaian_shi_2024"] == {1: 0, 2: 0, 3: 1, 4: 2, 5: 2, 6: 0}


def test_001_cells_read_off_the_rendered_pages(docs):
    doc = docs["001_huaian_hongzequ_2023"]
    table, cells = row_of(doc, "1.属于国家秘密")
    assert table.page == 3 and cells[-7:] == ["1", "0", "0", "0", "0", "0", "1"]
    table, cells = row_of(doc, "1.本机关不掌握相关政府信息")
    assert table.page == 3 and cells[-7:] == ["10", "0", "0", "0", "0", "0", "10"]
    # the 表三 continues on page 4: its own Table, first row = the row cut from page 3's group
    table, cells = row_of(doc, "3.补正后申请内容仍不明确")
    assert table.page == 4 and table.rows[0][2] == "3.补正后申请内容仍不明确"
    assert table.rows[0][:2] == ("", "")  # the merged group cells continue from page 3 (text there)
    assert row_of(doc, "（七）总计")[1][-7:] == ["21", "0", "0", "0", "0", "0", "21"]
    # 表二: a span over three columns, and a decimal kept whole
    table, cells = row_of(doc, "行政许可")
    assert table.page == 2 and cells == ["行政许可", "550"] and table.origin[6][3] == (6, 1)
    table, cells = row_of(doc, "行政事业性收费")
    assert table.page == 3 and cells == ["行政事业性收费", "7730.28"]
    assert row_of(doc, "行政规范性文件")[1] == ["行政规范性文件", "0", "5", "5"]
    # 表三 header: the wrapped header cells are whole, the vertical 三、本年度办理结果 spans 15 rows
    t3 = row_of(doc, "1.属于国家秘密")[0]
    assert t3.rows[2][3:10] == ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")
    r = next(r for r in range(t3.n_rows) if t3.rows[r][0] == "三、本年度办理结果" and t3.is_origin(r, 0))
    assert sum(t3.origin[k][0] == (r, 0) for k in range(t3.n_rows)) == 12  # rows of page 3 only
    # 表四: the data row of 15 cells, blank-free, and its two header levels
    t4, cells = row_of(doc, "复议后起诉")
    assert t4.page == 4 and t4.n_cols == 15
    assert list(t4.rows[3]) == ["10", "1", "0", "0", "0", "0", "0", "0", "0", "0", "5", "0", "0", "0", "0"]
    assert t4.rows[0][0] == "行政复议" and t4.rows[0][5] == "行政诉讼"


def test_002_and_003_cells_read_off_the_rendered_pages(docs):
    doc = docs["002_huaian_hongzequ_2024"]
    table, cells = row_of(doc, "（七）总计")
    assert table.page == 4 and cells[-7:] == ["95", "0", "0", "0", "0", "0", "95"]
    t4 = row_of(doc, "复议后起诉")[0]
    assert list(t4.rows[3]) == ["1", "1", "0", "0", "2", "1", "0", "0", "0", "1", "2", "0", "1", "0", "3"]
    doc = docs["003_huaian_shi_2024"]
    table, cells = row_of(doc, "一、本年新收政府信息公开申请数量")
    assert table.page == 4 and cells[-7:] == ["3001", "53", "0", "0", "61", "4", "3119"]
    table, cells = row_of(doc, "3、其他")
    assert table.page == 5 and cells[-7:] == ["108", "2", "0", "0", "0", "0", "110"]
    assert row_of(doc, "行政处罚")[1] == ["行政处罚", "3985758"]
    assert row_of(doc, "行政事业性收费")[1] == ["行政事业性收费", "96171.6"]
    t4 = row_of(doc, "复议后起诉")[0]
    assert t4.page == 5
    assert list(t4.rows[3]) == ["72", "64", "178", "37", "351", "13", "4", "8", "1", "26", "12", "1", "1", "6", "20"]


def test_reading_order_and_no_table_text_twice(docs):
    doc = docs["001_huaian_hongzequ_2023"]
    page3 = [b for b in doc.blocks if b.page == 3]
    kinds = ["T" if isinstance(b, Table) else b.text for b in page3]
    heading = kinds.index("三、收到和处理政府信息公开申请情况")
    assert kinds[heading - 1] == "T" and kinds[heading + 1] == "T"
    text = "\n".join(b.text for b in doc.blocks if isinstance(b, TextBlock))
    for label in ("1.属于国家秘密", "行政事业性收费", "本年制发件数", "结果维持"):
        assert label not in text
    assert "全年收取政府信息公开信息处理费 0 元" in text  # prose after the tables is kept
    assert doc.properties["title"] == "洪泽区人民政府2023年政府信息公开工作年度报告"


def _t3_rows(doc) -> list[list[str]]:
    """The data rows of 表三 across its page fragments, in document order."""
    rows = []
    for t in doc.tables:
        if t.n_cols != 10:
            continue
        for r in range(t.n_rows):
            cells = list(t.rows[r][-7:])
            if all(c.replace(".", "").isdigit() for c in cells):
                rows.append(cells)
    return rows


@pytest.mark.parametrize("name", PDFS)
def test_every_table_cell_equals_the_hand_read_truth(docs, truth, name):
    doc, cells = docs[name], truth[name]
    checked = 0
    # 表二 by row label
    t2 = {"规章": ["t2.regulations.issued", "t2.regulations.repealed", "t2.regulations.in_force"],
          "行政规范性文件": ["t2.normative_docs.issued", "t2.normative_docs.repealed", "t2.normative_docs.in_force"],
          "行政许可": ["t2.licensing.decisions"], "行政处罚": ["t2.punishment.decisions"],
          "行政强制": ["t2.coercion.decisions"], "行政事业性收费": ["t2.admin_fees.amount_wan_yuan"]}
    for label, keys in t2.items():
        row = row_of(doc, label)[1]
        assert [float(v) for v in row[1:]] == [cells[k] for k in keys], label
        checked += len(keys)
    # 表三 by row order; 001/002 print （六）其他处理 as one row where truth has three null sub-rows
    order = T3_ROWS if cells["t3.other.misc|total"] is not None else \
        [k for k in T3_ROWS if not k.startswith("other.")][:20] + ["other"] + T3_ROWS[-2:]
    rows = _t3_rows(doc)
    assert len(rows) == len(order)
    for key, row in zip(order, rows):
        if key == "other":
            assert row == ["0"] * 7
            continue
        assert [int(v) for v in row] == [cells[f"t3.{key}|{a}"] for a in APPLICANTS], key
        checked += 7
    # 表四: the row of 15 numbers
    t4 = row_of(doc, "复议后起诉")[0]
    assert [int(v) for v in t4.rows[-1]] == [cells[k] for k in T4_KEYS]
    checked += 15
    expected = sum(v is not None for v in cells.values())
    assert checked == expected
