"""Reading one table cell: a number, a blank, a not-applicable mark, a signed delta, money."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from etl.extract.normalize import squash_spaces, to_halfwidth
from etl.model import NOT_APPLICABLE_MARKS, UNREADABLE_CELL

NOT_APPLICABLE = NOT_APPLICABLE_MARKS
_NUMBER = re.compile(r"^([+-]?)(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?$")
_MONEY = re.compile(r"^([+-]?\d+(?:\.\d+)?)\s*(万元|元|亿元)$")
_MONEY_FACTORS = {"元": 1.0, "万元": 10_000.0, "亿元": 100_000_000.0}
_UNIT_IN_YUAN = {"yuan": 1.0, "wan_yuan": 10_000.0}
# No report prints a figure of more than 13 integer digits (a trillion yuan); a longer run is
# digits of neighbouring cells that ran together, and is not a value.
MAX_INTEGER_DIGITS = 13


@dataclass(frozen=True, slots=True)
class CellValue:
    value: float | None
    kind: str  # vocab.VALUE_KINDS
    raw: str
    # the money unit printed in the cell (元/万元/亿元), when there was one
    printed_unit: str | None = None


# (`unit` may be given by position: lru_cache makes its key from a keyword argument at three
# times the cost)
@lru_cache(maxsize=65536)  # pure, and CellValue is frozen; a report repeats its cells (0, 1, blanks)
def parse_cell(text: str | None, unit: str = "count") -> CellValue | None:
    """Parse one table cell. Returns None when the text is not a value at all (a label).

    `unit` is the metric's unit; money cells that print their own unit (`251000元`, `25.1万元`)
    are converted to it. A count with a decimal part is not a count: returns None.
    """
    raw = "" if text is None else text
    t = squash_spaces(to_halfwidth(raw)).replace(" ", "")
    if t == "":
        return CellValue(None, "blank", raw)
    if t in NOT_APPLICABLE:
        return CellValue(None, "not_applicable", raw)
    if t == UNREADABLE_CELL:  # a scanned cell OCR could not read with confidence
        return CellValue(None, "unreadable", raw)
    m = _MONEY.match(t)
    if m and len(m.group(1).lstrip("+-").split(".")[0]) > MAX_INTEGER_DIGITS:
        return None
    if m and unit in _UNIT_IN_YUAN:
        v = float(m.group(1)) * _MONEY_FACTORS[m.group(2)] / _UNIT_IN_YUAN[unit]
        return CellValue(round(v, 6), "number", raw, m.group(2))
    m = _NUMBER.match(t)
    if not m:
        return None
    sign, digits, frac = m.groups()
    if len(digits.replace(",", "")) > MAX_INTEGER_DIGITS:
        return None
    if frac and unit == "count":
        return None
    v = float(digits.replace(",", "") + (frac or ""))
    return CellValue(-v if sign == "-" else v, "number", raw)
