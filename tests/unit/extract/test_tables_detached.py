"""表三 as PDF-to-Markdown converters break it (issue 20, corpus 013): split header rows, rows half
in pipes and half as plain lines, numbers on a row of their own away from their label, labels
printed after their numbers or out of order, a page break with the header repeated, a stray
number. Every snippet is written by hand; the values placed by row order are `derived`, and
where the order cannot place numbers for certain they stay NULL with the reason."""
from __future__ import annotations

from tests.unit.extract.tables_helpers import DIMS, T2_2021, T3_2021_METRICS, T3_2021_ROWS, T4_TEXT, md_doc, run

ROWS = dict(T3_2021_ROWS)  # label → its 7 numbers (a table whose identities all hold)
LABELS = [label for label, _ in T3_2021_ROWS]
METRIC = dict(zip(LABELS, T3_2021_METRICS))
SPLIT_HEADER = """申请人情况
自然人总计
商业企科研机社会公法律服
其他
| 业 | 构 | 益组织 | 务机构 |  |  |  |  |  |
|---|---|---|---|---|---|---|---|---|
"""


def pipe(label: str, values=None) -> str:
    vals = ROWS[label] if values is None else values
    return "| " + " | ".join([label, *map(str, vals)]) + " |\n|---|---|---|---|---|---|---|---|\n"


def bare(label: str) -> str:
    """The row's numbers as a pipe row of their own (its label printed elsewhere)."""
    return "| " + " | ".join(map(str, ROWS[label])) + " |\n|---|---|---|---|---|---|---|\n"


def plain(label: str) -> str:
    return f"{label} {' '.join(map(str, ROWS[label]))}\n"


def wrapped(label: str, width: int = 9) -> str:
    """The label as a converter leaves a wrapped cell: plain lines."""
    return "".join(label[i:i + width] + "\n" for i in range(0, len(label), width))


def doc(t3_body: str):
    md = T2_2021 + "\n三、收到和处理政府信息公开申请情况\n" + t3_body + "\n" + T4_TEXT
    return run(md_doc(md))


def whole_table(skip=(), style=pipe) -> str:
    return "".join(style(label) for label in LABELS if label not in skip)


def row_values(cells: dict, label: str) -> list:
    return [cells[f"{METRIC[label]}|{d}"].value if f"{METRIC[label]}|{d}" in cells else None for d in DIMS]


def assert_all_rows_right(cells: dict, except_for=()) -> None:
    for label in LABELS:
        if label not in except_for:
            assert row_values(cells, label) == ROWS[label], label


L4 = "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
L_NOT_HELD, L_CREATION, L_UNCLEAR = LABELS[12], LABELS[13], LABELS[14]


def test_split_header_rows_and_a_page_break_with_the_header_repeated():
    body = SPLIT_HEADER + "".join(pipe(label) for label in LABELS[:12])
    body += "\n- 3 -\n\n| 申请人情况 | 自然人 | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | 总计 |\n|---|---|---|---|---|---|---|---|\n"
    body += "".join(pipe(label) for label in LABELS[12:])
    cells, problems, _ = doc(body)
    assert_all_rows_right(cells)
    assert not [p for p in problems if p.startswith("表三")]


def test_rows_half_in_pipes_and_half_as_plain_lines():
    body = "".join((plain if k % 2 else pipe)(label) for k, label in enumerate(LABELS))
    cells, problems, _ = doc(body)
    assert_all_rows_right(cells)
    assert not [p for p in problems if p.startswith("表三")]


def test_numbers_on_a_pipe_row_of_their_own_after_the_label():
    body = "".join(wrapped(label) + bare(label) if label in (L4, L_NOT_HELD) else pipe(label) for label in LABELS)
    cells, problems, _ = doc(body)
    assert_all_rows_right(cells)
    assert not [p for p in problems if p.startswith("表三")]


def test_labels_printed_after_their_numbers_and_out_of_order_are_placed_by_row_order():
    """013: the numbers of three wrapped rows come first, their labels after, in another order.
    Read naively, 1.本机关不掌握's label would get the numbers of the row after it."""
    body = "".join(pipe(label) for label in LABELS[:12])
    body += bare(L_NOT_HELD) + bare(L_CREATION) + bare(L_UNCLEAR)
    body += wrapped(L_CREATION) + wrapped("（四）无法提供" + L_NOT_HELD) + wrapped(L_UNCLEAR)
    body += "".join(pipe(label) for label in LABELS[15:])
    cells, problems, _ = doc(body)
    assert_all_rows_right(cells)
    for label in (L_NOT_HELD, L_CREATION, L_UNCLEAR):
        f = cells[f"{METRIC[label]}|total"]
        assert f.source_kind == "derived" and "placed by row order" in f.evidence
    assert cells["t3.denied.admin_query|total"].source_kind == "table"
    assert not [p for p in problems if p.startswith("表三")]


def test_a_stray_number_among_the_labels_is_no_rows_when_v3_holds_without_it():
    """013's stray `1` between a wrapped label and its row: V3 holds with the rows as placed."""
    overdue = LABELS[20]
    body = "".join(pipe(label) for label in LABELS[:20])
    body += wrapped("（六）其他处理" + overdue) + "1\n" + bare(overdue)
    body += "".join(pipe(label) for label in LABELS[21:])
    cells, problems, _ = doc(body)
    assert_all_rows_right(cells)
    assert "stray number" in cells[f"{METRIC[overdue]}|total"].evidence


def test_trap_a_stray_number_where_v3_cannot_be_checked_places_nothing():
    """Same stray `1`, but 3.其他 is printed with 6 numbers: V3 cannot be checked, so the bare
    row is not placed (the stray could be one of its cells)."""
    overdue, misc = LABELS[20], LABELS[22]
    body = "".join(pipe(label) for label in LABELS[:20])
    body += wrapped("（六）其他处理" + overdue) + "1\n" + bare(overdue)
    body += pipe(LABELS[21]) + pipe(misc, [0, 0, 0, 0, 0, 0]) + pipe(LABELS[23]) + pipe(LABELS[24])
    cells, problems, _ = doc(body)
    assert all(v is None for v in row_values(cells, overdue))
    assert any("V3" in p and "cannot be checked" in p for p in problems)
    assert_all_rows_right(cells, except_for=(overdue, misc))


def test_trap_one_row_of_numbers_for_two_labels_is_given_to_neither():
    """（二） and 1.属于国家秘密 are both printed as label text, and one bare row sits between
    （一） and 2.其他法律…: which of the two is blank cannot be told."""
    secret = LABELS[4]
    body = "".join(pipe(label) for label in LABELS[:3]) + bare(L4) + wrapped(L4) + wrapped(secret)
    body += "".join(pipe(label) for label in LABELS[5:])
    cells, problems, _ = doc(body)
    assert all(v is None for v in row_values(cells, L4))
    assert all(v is None for v in row_values(cells, secret))
    assert any("1 row(s) of numbers without a label for 2 row label(s)" in p for p in problems)
    assert_all_rows_right(cells, except_for=(L4, secret))


def test_trap_a_row_whose_label_is_not_printed_at_all_stops_the_placement():
    """Two bare rows between （一） and 1.属于国家秘密 but only （二）'s label: a row missing from
    the template's order (or a stray row) would shift the others. Nothing is placed."""
    body = "".join(pipe(label) for label in LABELS[:3]) + bare(L4) + bare(L4) + wrapped(L4)
    body += "".join(pipe(label) for label in LABELS[4:])
    cells, problems, _ = doc(body)
    assert all(v is None for v in row_values(cells, L4))
    assert any("2 row(s) of numbers without a label for 1 row label(s)" in p for p in problems)


def test_trap_labelled_rows_out_of_template_order_place_nothing_by_order():
    """2.重复申请's pipe row printed before 1.信访举报…: the order of the rows is not the table's,
    so the bare row of 1.本机关不掌握… is not placed by order."""
    complaint, repeat = LABELS[15], LABELS[16]
    body = "".join(pipe(label) for label in LABELS[:12]) + bare(L_NOT_HELD) + wrapped(L_NOT_HELD)
    body += pipe(L_CREATION) + pipe(L_UNCLEAR) + pipe(repeat) + pipe(complaint)
    body += "".join(pipe(label) for label in LABELS[17:])
    cells, problems, _ = doc(body)
    assert all(v is None for v in row_values(cells, L_NOT_HELD))
    assert any("out of the template's order" in p for p in problems)


def test_trap_placement_that_breaks_v3_is_refused():
    """Three bare rows for the three （四） labels, but with them the outcome rows no longer sum to
    （七）总计 (the printout holds a row of numbers that is not this table's): nothing is placed."""
    body = "".join(pipe(label) for label in LABELS[:12])
    body += bare(L_NOT_HELD) + bare(L_CREATION) + "| 2 | 0 | 0 | 0 | 0 | 0 | 2 |\n|---|---|---|---|---|---|---|\n"
    body += wrapped(L_NOT_HELD) + wrapped(L_CREATION) + wrapped(L_UNCLEAR)
    body += "".join(pipe(label) for label in LABELS[15:])
    cells, problems, _ = doc(body)
    for label in (L_NOT_HELD, L_CREATION, L_UNCLEAR):
        assert all(v is None for v in row_values(cells, label)), label
    assert any("V3" in p and "fails" in p for p in problems)


def test_trap_a_label_followed_by_another_rows_numbers_is_not_read_naively():
    """（二）'s label printed after its own numbers and right before 1.属于国家秘密's numbers: the
    numbers after a label are not its numbers when the row order says otherwise."""
    secret = LABELS[4]
    body = "".join(pipe(label) for label in LABELS[:3]) + bare(L4) + wrapped(L4) + wrapped(secret) + bare(secret)
    body += "".join(pipe(label) for label in LABELS[5:])
    cells, problems, _ = doc(body)
    assert_all_rows_right(cells)
    assert cells[f"{METRIC[L4]}|natural_person"].value == 4
