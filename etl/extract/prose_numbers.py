"""Numbers as running text writes them: `1136`, `１，２３４`, `1.2万`, `一百二十`, `两千`,
`500多`, `600余`, `近千`, `上千`, `千余`.

A stated number keeps its value; words that make it approximate (多, 余, 近, 上, 约, 超过)
turn its kind into `approximate` (vocab.VALUE_KINDS) instead of being dropped or rounded.
Pure functions, no I/O.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from etl.extract.numbers import MAX_INTEGER_DIGITS
from etl.extract.normalize import to_halfwidth

_CN_DIGITS = "零〇○一二两三四五六七八九十百千万"
# One number as text: Arabic (with thousands separators, decimals, an optional 万/亿 factor)
# or Chinese numerals. Prefixes and suffixes that make it approximate are part of the match.
NUMBER_PATTERN = (
    r"(?P<pre>近|约|将近|超过|逾|上)?\s*"
    r"(?P<num>\d{1,3}(?:[,，]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|[" + _CN_DIGITS + r"]+)"
    r"\s*(?P<fac>万|亿)?\s*(?P<post>多|余|左右)?"
)
_NUMBER = re.compile(NUMBER_PATTERN)
_APPROX_PREFIXES = {"近", "约", "将近", "超过", "逾", "上"}
_APPROX_SUFFIXES = {"多", "余", "左右"}
_FACTORS = {"万": 10_000, "亿": 100_000_000}


@dataclass(frozen=True, slots=True)
class ProseNumber:
    value: float
    approximate: bool
    raw: str

    @property
    def value_kind(self) -> str:
        return "approximate" if self.approximate else "number"


def chinese_to_int(text: str) -> int | None:
    """`一百二十` → 120, `两千` → 2000, `十二` → 12, `千` → 1000 (as in 近千, 上千)."""
    t = text.replace("○", "〇")
    if t in ("千", "百", "万"):
        t = "一" + t
    try:
        import cn2an

        return int(cn2an.cn2an(t, "normal"))
    except Exception:  # noqa: BLE001 - cn2an raises ValueError subclasses and others on junk
        return None


def parse_number(text: str) -> ProseNumber | None:
    """Parse one number phrase (the whole text must be the number and its markers)."""
    t = to_halfwidth(text).strip()
    m = _NUMBER.fullmatch(t)
    if not m:
        return None
    return number_from_match(m)


def number_from_match(m: re.Match) -> ProseNumber | None:
    """The value of a match of NUMBER_PATTERN (groups pre, num, fac, post)."""
    num = to_halfwidth(m.group("num"))
    if num[0].isdigit():
        digits = num.replace(",", "").replace("，", "")
        if len(digits.split(".")[0]) > MAX_INTEGER_DIGITS:
            return None  # digits of neighbouring figures that ran together, not a number
        value = float(digits)
    else:
        v = chinese_to_int(num)
        if v is None:
            return None
        value = float(v)
    if m.group("fac"):
        value *= _FACTORS[m.group("fac")]
    value = round(value, 6)
    approximate = (m.group("pre") in _APPROX_PREFIXES) or (m.group("post") in _APPROX_SUFFIXES)
    return ProseNumber(value, approximate, m.group(0).strip())


def find_numbers(text: str) -> list[tuple[ProseNumber, int, int]]:
    """Every number in `text` with its span (after half-width conversion, same length)."""
    t = to_halfwidth(text)
    out = []
    for m in _NUMBER.finditer(t):
        n = number_from_match(m)
        if n is not None:
            out.append((n, m.start(), m.end()))
    return out
