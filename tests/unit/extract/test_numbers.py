"""parse_cell: one table cell as printed → value, kind, unit conversion."""
from __future__ import annotations

import pytest

from etl.extract.numbers import parse_cell


@pytest.mark.parametrize("text,value", [
    ("21", 21.0), ("0", 0.0), (" 4119 ", 4119.0), ("１２", 12.0), ("3,985,758", 3985758.0),
    ("+1036", 1036.0), ("-3", -3.0), ("+0", 0.0),
])
def test_counts(text, value):
    cell = parse_cell(text)
    assert cell is not None and cell.kind == "number" and cell.value == value and cell.raw == text


@pytest.mark.parametrize("text", ["", "  ", "\u3000", None])
def test_blank(text):
    cell = parse_cell(text)
    assert cell.kind == "blank" and cell.value is None


@pytest.mark.parametrize("text", ["/", "／", "—", "——", "-", "－", "无", "\\"])
def test_not_applicable(text):
    cell = parse_cell(text)
    assert cell.kind == "not_applicable" and cell.value is None


@pytest.mark.parametrize("text", ["规章", "7730.28", "1.属于国家秘密", "21件", "12 3x"])
def test_not_a_count(text):
    assert parse_cell(text) is None


def test_money_in_wan_yuan_column():
    assert parse_cell("7730.28", unit="wan_yuan").value == 7730.28
    assert parse_cell("7730. 28", unit="wan_yuan").value == 7730.28  # a PDF cell with a stray space
    cell = parse_cell("251000元", unit="wan_yuan")
    assert cell.value == 25.1 and cell.printed_unit == "元"


def test_money_in_yuan_column():
    cell = parse_cell("25.1万元", unit="yuan")
    assert cell.value == 251000 and cell.printed_unit == "万元" and cell.raw == "25.1万元"
    assert parse_cell("394432.52元", unit="yuan").value == 394432.52
    assert parse_cell("1.5亿元", unit="yuan").value == 150_000_000


def test_money_unit_in_a_count_column_is_not_a_count():
    assert parse_cell("251000元", unit="count") is None
