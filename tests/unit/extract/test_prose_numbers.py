"""Numbers as running text writes them (etl.extract.prose_numbers)."""
from __future__ import annotations

import pytest

from etl.extract.prose_numbers import chinese_to_int, find_numbers, parse_number


@pytest.mark.parametrize("text,value,kind", [
    ("1136", 1136, "number"),
    ("１１３６", 1136, "number"),          # full-width digits
    ("3,985,758", 3985758, "number"),     # thousands separators
    ("３，９８５", 3985, "number"),         # full-width separator
    ("1.2万", 12000, "number"),
    ("一百二十", 120, "number"),
    ("两千", 2000, "number"),
    ("十二", 12, "number"),
    ("零", 0, "number"),
    ("500多", 500, "approximate"),
    ("600余", 600, "approximate"),
    ("5500 余", 5500, "approximate"),
    ("近千", 1000, "approximate"),
    ("上千", 1000, "approximate"),
    ("千余", 1000, "approximate"),
    ("约300", 300, "approximate"),
    ("1.5万多", 15000, "approximate"),
])
def test_parse_number(text, value, kind):
    n = parse_number(text)
    assert n is not None and n.value == value and n.value_kind == kind


@pytest.mark.parametrize("text", ["", "条", "abc", "政策"])
def test_not_a_number(text):
    assert parse_number(text) is None


def test_chinese_digit_by_digit_year():
    assert chinese_to_int("二○一二") == 2012


def test_find_numbers_keeps_spans():
    found = find_numbers("受理申请２１件，答复一百二十件")
    assert [(n.value, a, b) for n, a, b in found] == [(21.0, 4, 6), (120.0, 10, 14)]
