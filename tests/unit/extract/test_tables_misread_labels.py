"""表三 rows whose label OCR misread beyond every anchor (`(一)予拟公开`, `(七)总t星g`): the only
row of numbers between two rows that were found, where the only template row whose label is
found nowhere belongs, is that row when its printed label holds most of that row's characters
in order and the identities the row is in (V1, V3) hold with it. Placed rows are `derived`,
and the evidence says why. Every trap below leaves the row unread, with the reason."""
from __future__ import annotations

import pytest

from tables_helpers import DIMS, T2_2021, T3_2021_ROWS, t3_text, text_doc

from etl.extract.tables import extract_tables
from etl.extract.template import detect_template

MISREAD = {
    "（一）予以公开": ("(一)予拟公开", "t3.granted"),
    "5.要求行政机关确认或重新出具已获取信息": ("5.要求行政机美确认波重新出具已获取得", "t3.not_processed.confirmation"),
    "（七）总计": ("(七)总t星g", "t3.total_processed"),
    "6.属于四类过程性信息": ("6.属于阵类过程性信息", "t3.denied.process_info"),
    # 8 of the 9 characters of the sub-row's own label, 8 of the 14 with its parent （三）不予公开
    "8.属于行政查询事项": ("8.属于行政查海事项", "t3.denied.admin_query"),
    # a 2021 （六） sub-row: optional (some reports print （六） as one row), but expected once
    # its sibling rows are found; before, its numbers were left to nobody without a word
    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请":
        ("2.申请人途期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "t3.other.overdue_fee"),
}


def _read(rows):
    doc = text_doc(T2_2021 + t3_text(rows))
    figures, problems = extract_tables(doc, detect_template(doc))
    return figures, problems


def _with(replacements: dict[str, str], values: dict[str, list[int]] | None = None):
    return [(replacements.get(label, label), (values or {}).get(label, vals)) for label, vals in T3_2021_ROWS]


@pytest.mark.parametrize("printed", list(MISREAD), ids=[m for _, m in MISREAD.values()])
def test_a_row_whose_label_ocr_misread_is_placed_by_order_and_identities(printed):
    read, metric = MISREAD[printed]
    figures, _ = _read(_with({printed: read}))
    got = {f.dimension: (f.value, f.source_kind) for f in figures if f.metric == metric}
    assert got == {d: (float(v), "derived") for d, v in zip(DIMS, dict(T3_2021_ROWS)[printed])}, got
    evidence = next(f.evidence for f in figures if f.metric == metric)
    assert "found nowhere" in evidence and "identities hold" in evidence


def test_a_misread_row_whose_numbers_break_v3_is_not_placed():
    # （一）予以公开 printed 10 + 1 = 11, but its numbers here make the 自然人 and 总计 columns of V3 fail
    figures, problems = _read(_with({"（一）予以公开": "(一)予拟公开"}, {"（一）予以公开": [12, 1, 0, 0, 0, 0, 13]}))
    assert not [f for f in figures if f.metric == "t3.granted" and f.value is not None]
    assert any("（一）予以公开: its label not found, and the identities" in p for p in problems), problems


def test_a_label_that_holds_too_little_of_the_rows_is_not_placed():
    figures, problems = _read(_with({"（七）总计": "(t)总HY320N"}))
    assert not [f for f in figures if f.metric == "t3.total_processed" and f.value is not None]
    assert any("a label the template does not have" in p for p in problems), problems


PARTIAL = "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"


def test_two_misread_rows_in_one_stretch_each_take_the_row_their_label_is_most_like():
    """Two rows of numbers between two rows found, where the two rows whose labels are found
    nowhere belong: each is placed by its place in the order, as its label says (a held-out heavy
    scan printed `(一)予公开` and `(二）第分公开…`: 14 cells missing)."""
    figures, _ = _read(_with({"（一）予以公开": "(一)予拟公开", PARTIAL: "(二)部份公开（区分处理的，只计这一情形）"}))
    got = {(f.metric, f.dimension): (f.value, f.source_kind) for f in figures
           if f.metric in ("t3.granted", "t3.partially_granted")}
    rows = dict(T3_2021_ROWS)
    assert got == {**{("t3.granted", d): (float(v), "derived") for d, v in zip(DIMS, rows["（一）予以公开"])},
                   **{("t3.partially_granted", d): (float(v), "derived") for d, v in zip(DIMS, rows[PARTIAL])}}, got
    evidence = next(f.evidence for f in figures if f.metric == "t3.partially_granted")
    assert "the 2nd of 2 rows of numbers" in evidence and "found nowhere" in evidence


NOT_ZEROS = {"7.属于行政执法案卷": [1, 0, 0, 0, 0, 0, 1], "（七）总计": [22, 2, 0, 0, 1, 0, 25],
             "四、结转下年度继续办理": [1, 0, 0, 0, 0, 1, 2]}


@pytest.mark.parametrize("labels, printed", [
    # the labels printed in each other's places: V3 holds either way, so only the labels can tell
    (("（一）予以公开", PARTIAL), ("(二)部份公开（区分处理的，只计这一情形）", "(一)予拟公开")),
    # a label as like the other row as its own (2 of 3 of 7.属于行政执法案卷 and of 8.属于行政查询事项)
    (("7.属于行政执法案卷", "8.属于行政查询事项"), ("属于行政案卷事项", "8.属于行政查海事项")),
])
def test_two_misread_rows_whose_labels_do_not_say_which_is_which_are_not_placed(labels, printed):
    metrics = {"（一）予以公开": "t3.granted", PARTIAL: "t3.partially_granted",
               "7.属于行政执法案卷": "t3.denied.enforcement_file", "8.属于行政查询事项": "t3.denied.admin_query"}
    # (7. with a request in it: two rows of zeros would be placed whichever is which, see below)
    figures, problems = _read(_with(dict(zip(labels, printed)), NOT_ZEROS))
    assert not [f for f in figures if f.metric in {metrics[x] for x in labels} and f.value is not None]
    assert any("a label the template does not have" in p for p in problems), problems


def _grid(rows, blank_zeros=False):
    """表三 as an OCR or Markdown grid: the label in a cell of its own, each number in its own
    (`""` a blank cell; `blank_zeros`: every 0 printed blank)."""
    from tables_helpers import md_doc, run

    lines = ["三、收到和处理政府信息公开申请情况", "| 申请人情况 | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |",
             "|---|---|---|---|---|---|---|---|"]
    for label, vals in rows:
        cells = ["" if blank_zeros and v == 0 else str(v) for v in vals]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return run(md_doc(T2_2021 + "\n" + "\n".join(lines) + "\n\n四、存在的主要问题及改进情况\n"))


def test_digits_glued_to_a_misread_label_in_its_cell_are_not_the_rows_numbers():
    """`(t)总计D20`: a seal's stroke read as digits inside the label's cell made the row eight
    numbers for seven columns, and the row was lost (a held-out heavy scan)."""
    cells, problems, _ = _grid(_with({"（七）总计": "(t)总计D20"}))
    total = dict(T3_2021_ROWS)["（七）总计"]
    assert [cells[f"t3.total_processed|{d}"].value for d in DIMS] == [float(v) for v in total], problems
    assert cells["t3.total_processed|total"].source_kind == "derived"


def test_a_misread_row_is_checked_with_the_rows_printed_blank_as_zeros():
    """A table printing its zeros as blank cells: the rows printed without numbers take part in V3
    as rows of zeros. Before, they were no rows to the check, V3 could not be checked in any
    column, and a misread `(一)予拟公开` was not placed."""
    cells, problems, _ = _grid(_with({"（一）予以公开": "(一)予拟公开"}), blank_zeros=True)
    granted = dict(T3_2021_ROWS)["（一）予以公开"]
    assert [cells[f"t3.granted|{d}"].value for d in DIMS] == [float(v) if v else None for v in granted], problems
    # and the trap: with numbers that break V3 where the blank rows let it be checked, not placed
    broken = _with({"（一）予以公开": "(一)予拟公开"}, {"（一）予以公开": [12, 1, 0, 0, 0, 0, 13]})
    cells, problems, _ = _grid(broken, blank_zeros=True)
    assert all(cells.get(f"t3.granted|{d}") is None or cells[f"t3.granted|{d}"].value is None for d in DIMS)


def _t2(replacements: dict[str, str]):
    text = T2_2021
    for label, printed in replacements.items():
        text = text.replace(f"\n{label} ", f"\n{printed} ")
    doc = text_doc(text + t3_text())
    figures, problems = extract_tables(doc, detect_template(doc))
    return {f.metric: (f.value, f.source_kind) for f in figures if f.metric.startswith("t2.")}, problems, figures


def test_a_t2_row_whose_label_ocr_misread_is_read_from_the_one_line_like_it():
    got, problems, figures = _t2({"行政许可": "行政许间"})
    assert got["t2.licensing.decisions"] == (550.0, "derived")
    evidence = next(f.evidence for f in figures if f.metric == "t2.licensing.decisions")
    assert "行政许间" in evidence and "found nowhere" in evidence
    assert got["t2.punishment.decisions"] == (4119.0, "table")  # the rows around it as before


def test_a_t2_label_with_half_its_characters_wrong_is_read_in_its_place_only():
    # 规康 holds 1 of the 2 characters of 规章: not enough anywhere in the table, enough where
    # the template prints 规章, the one row missing between the block header and 行政规范性文件
    # (found on a heavy scan: round 15)
    got, problems, figures = _t2({"规章": "规康"})
    assert [got[f"t2.regulations.{m}"] for m in ("issued", "repealed", "in_force")] == [(0.0, "derived")] * 3
    evidence = next(f.evidence for f in figures if f.metric == "t2.regulations.issued")
    assert "规康" in evidence and "in that row's place" in evidence and "found nowhere" in evidence
    assert got["t2.normative_docs.in_force"] == (12.0, "table")


def test_a_t2_label_with_half_its_characters_wrong_is_not_read_out_of_its_place():
    moved = T2_2021.replace("规章 0 0 0\n", "").replace("行政许可 550\n", "行政许可 550\n规康 0 0 0\n")
    doc = text_doc(moved + t3_text())
    figures, problems = extract_tables(doc, detect_template(doc))
    assert not any(f.metric.startswith("t2.regulations.") for f in figures)
    assert any("规章: label not found" in p for p in problems)


def test_a_t2_label_with_half_its_characters_wrong_is_not_read_beside_another_missing_row():
    # with 行政规范性文件 misread too (4 of its 7 characters), two rows are missing between the
    # block header and 行政许可: which line is whose is not known by place
    got, problems, _ = _t2({"规章": "规康", "行政规范性文件": "行攻观苑性文件"})
    assert not any(m.startswith(("t2.regulations.", "t2.normative_docs.")) for m in got)
    assert any("规章: label not found" in p for p in problems)


def test_a_line_like_two_missing_t2_rows_is_neither_row():
    # 行政处强 holds 3 of 4 characters of 行政处罚 and of 行政强制, and so does 行政强处
    got, problems, _ = _t2({"行政处罚": "行政处强", "行政强制": "行政强处"})
    assert "t2.punishment.decisions" not in got and "t2.coercion.decisions" not in got


def test_a_row_printed_blank_keeps_its_blank_cells_when_the_next_label_is_misread():
    """A grid row printed blank (二、上年结转: seven empty cells), then a row whose label OCR
    misread (`(一)予拟公开 | 1 | … | 1`): 二's reading ran on to the next label found and, its own
    blank cells dropped as padding, took （一）'s numbers (a held-out scan: two wrong cells)."""
    printed = {"二、上年结转政府信息公开申请数量": ("二、上年结转政府信息公开申请数量", [""] * 7),
               "（一）予以公开": ("(一)予拟公开", [10, 1, "", "", "", "", 11])}
    cells, problems, _ = _grid([printed.get(label, (label, vals)) for label, vals in T3_2021_ROWS])
    assert all(cells[f"t3.carried_over|{d}"].value is None for d in DIMS), problems
    assert cells["t3.carried_over|natural_person"].value_kind == "blank"


def test_a_2021_sub_row_left_out_while_its_siblings_are_printed_is_named_missing():
    rows = [(label, vals) for label, vals in T3_2021_ROWS if not label.startswith("2.申请人逾期未按")]
    figures, problems = _read(rows)
    assert not [f for f in figures if f.metric == "t3.other.overdue_fee"]
    assert any("2.申请人逾期未按收费通知要求缴纳费用" in p and "label not found" in p for p in problems), problems


def test_a_sub_row_numbered_in_a_cell_of_its_own_keeps_its_label():
    """An OCR grid row prints the parent and the sub-row label in cells of their own; the
    sub-row's numbering `1.` after ` | ` was taken for the first number, and the label cut to
    `(四）无法提供 |` (28 % like its row, which was then not placed)."""
    from etl.extract.tables.misread_labels import LIKENESS, label_part, likeness

    printed = "(四）无法提供 | 1.本机关不掌掘相关政府信息 | 6 | 0 | 0 | 0 | 0 | 0 | 6"
    assert label_part(printed) == "(四）无法提供 | 1.本机关不掌掘相关政府信息"
    assert likeness("（四）无法提供 1.本机关不掌握相关政府信息", label_part(printed)) >= LIKENESS
    assert label_part("(一)予拟公开 10 1 0") == "(一)予拟公开"  # a text row: up to its first number
    assert label_part("三、本年度办理结果 | (一)予公开 | ⍰ | 1") == "三、本年度办理结果 | (一)予公开"


def test_a_t2_first_block_header_ocr_misread_still_starts_the_table():
    """`第二十集第（一）项`: 表二 began at the next header found, and the rows of block （一） (规章,
    规范性文件) were left out (a held-out heavy scan: 6 cells missing)."""
    misread = T2_2021.replace("第二十条第（一）项", "第二十集第（一）项", 1)
    assert misread != T2_2021
    doc = text_doc(misread + t3_text())
    figures, _ = extract_tables(doc, detect_template(doc))
    got = {f.metric: f.value for f in figures if f.metric.startswith("t2.")}
    doc = text_doc(T2_2021 + t3_text())
    expected = {f.metric: f.value for f in extract_tables(doc, detect_template(doc))[0] if f.metric.startswith("t2.")}
    assert got == expected and any(m.startswith("t2.regulations.") for m in got)


# a row that lost a cell under a seal: six cells for seven columns, two of them unreadable (⍰)
LOST_CELL = {"2.重复申请": [0, 0, 0, "\u2370", "\u2370", 0]}


def _placed(rows):
    figures, problems = _read(rows)
    return {f.dimension: f for f in figures if f.metric == "t3.granted"}, problems


def test_a_misread_row_is_placed_by_its_label_and_row_sum_where_v3_cannot_be_checked():
    """Another row of the table unassignable leaves V3 uncheckable in every column: a row whose
    label holds most of its row's (`(一)予公开`, 4 of 5) and whose own row sum holds is placed
    all the same, and says so (a held-out heavy scan lost its （一） row's 7 cells this way)."""
    got, problems = _placed(_with({"（一）予以公开": "(一)予公开"}, LOST_CELL))
    granted = dict(T3_2021_ROWS)["（一）予以公开"]
    assert [got[d].value for d in DIMS] == [float(v) for v in granted], problems
    assert got["total"].source_kind == "derived"
    assert "V1 and V3 cannot be checked" in got["total"].evidence
    assert "row sum (V2) holds" in got["total"].evidence


@pytest.mark.parametrize("printed, values", [
    ("(一)予拟公丌", None),                        # 3 of 5 characters: enough with V3, not without it
    ("(一)予公开", [10, 1, 0, 0, 0, 0, 12]),       # its own row sum fails
])
def test_where_v3_cannot_be_checked_a_weaker_label_or_a_broken_row_sum_is_not_placed(printed, values):
    got, problems = _placed(_with({"（一）予以公开": printed}, {**LOST_CELL, **({"（一）予以公开": values} if values else {})}))
    assert all(f.value is None for f in got.values())
    assert any("（一）予以公开: its label not found, and the identities" in p for p in problems), problems


def test_the_same_weaker_label_is_placed_where_v3_holds():
    got, _ = _placed(_with({"（一）予以公开": "(一)予拟公丌"}))
    assert got["total"].value == 11.0 and "the identities hold with it" in got["total"].evidence


def test_rows_of_zeros_whose_labels_do_not_say_which_is_which_are_placed_in_order():
    """Two rows printing 0 as their total and no other number than 0 (or an unreadable cell) are
    rows of zeros whichever is which: placed by order, the labels not needed (a grey seal over
    2021 （六）'s two long sub-row labels read `1.中更不有正当翼皮寫唱态公开中話`: 14 cells missing)."""
    rows = _with({"7.属于行政执法案卷": "属于行政案卷事项", "8.属于行政查询事项": "8.属于行政查海事项"},
                 {"7.属于行政执法案卷": [0, "\u2370", 0, 0, 0, 0, 0]})
    cells, problems, _ = _grid(rows)
    assert (cells["t3.denied.admin_query|total"].value, cells["t3.denied.admin_query|total"].source_kind) == (0.0, "derived"), problems
    assert cells["t3.denied.enforcement_file|natural_person"].value == 0.0
    assert cells["t3.denied.enforcement_file|commercial"].value is None  # the unreadable cell stays NULL here
    assert "prints 0 as its total and no other number than 0" in cells["t3.denied.admin_query|total"].evidence


@pytest.mark.parametrize("values", [
    [0, 1, 0, 0, 0, 0, 0],           # a number other than 0 (its row sum broken, but no row of zeros)
    [0, 0, 0, 0, 0, 0, "\u2370"],    # the total unreadable: the row may hold anything
])
def test_rows_that_are_not_all_zeros_are_not_placed_without_their_labels(values):
    rows = _with({"7.属于行政执法案卷": "属于行政案卷事项", "8.属于行政查询事项": "8.属于行政查海事项"},
                 {"7.属于行政执法案卷": values})
    cells, problems, _ = _grid(rows)
    assert not [k for k, f in cells.items() if k.startswith(("t3.denied.enforcement_file|", "t3.denied.admin_query|"))
                and f.value is not None], problems


def test_a_header_over_printed_sub_rows_does_not_take_a_sub_row_whose_label_ocr_misread():
    """A grid repeats 2021 （六）其他处理's merged cell on each sub-row: with the sub-row's own
    label misread, the line `（六）其他处理 | 1.中更不… | 1 | 0 | …` was read as （六） printed as one
    row (t3.other), though 3.其他 is printed as a sub-row; it is the first sub-row's."""
    first = "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"
    second = "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"
    rows = [((f"（六）其他处理 | {label}" if label in (first, second, "3.其他") else label), vals)
            for label, vals in T3_2021_ROWS]
    rows = [(r.replace(first, "1.中更不有正当翼皮寫唱态公开中話").replace(second, "有政会美果有整资资漫智器志公究雷"), v)
            for r, v in rows]
    cells, problems, _ = _grid([(r, [0] * 7 if "有政会" in r else v) for r, v in rows])
    assert not any(k.startswith("t3.other|") for k in cells), problems
    assert cells.get("t3.other.overdue_correction|total") is None or cells["t3.other.overdue_correction|total"].value is None
