"""Gazetteer lookups: which province, city and county an organ's name places it in.

The gazetteer is the national division code list (GB/T 2260, 12-digit form) shipped as a CSV
inside the `cpca` package (Chinese Province, City and Area Recognition Utilities, MIT). Why
cpca: it carries the national codes for every province, prefecture and county (3,511 rows),
installs in a few hundred kB (deps pandas, which we already have, and pyahocorasick) and
works offline; jionlp carries the same codes but pulls in a large NLP stack. We read the CSV
ourselves with the csv module (no pandas import, no cpca matcher): the lookup we need is a
walk over the name's leading region names, which a dict does.

Special zones that are not divisions of their own (平潭综合实验区) are data in
etl/metadata/special_zones.csv, with the decision on their region and level written there.

An organ name whose region name is ambiguous without its parent (several counties share a
name) is left unresolved rather than guessed.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

_SPECIAL_ZONES = Path(__file__).resolve().parent.parent / "metadata" / "special_zones.csv"
# rows of the code list that group divisions without being one (no name of a place)
_PLACEHOLDER_NAMES = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}


@dataclass(frozen=True, slots=True)
class Region:
    province: str | None
    city: str | None
    county: str | None
    code: str | None  # 6-digit national division code of the deepest division resolved
    level: str  # 'province' | 'city' | 'county' (rank of a government seated there)
    matched: str  # the leading part of the name that named the region


@dataclass(frozen=True, slots=True)
class _Division:
    code: str  # 6 digits
    name: str


@lru_cache(maxsize=1)
def _gazetteer() -> tuple[dict[str, _Division], dict[str, list[_Division]]]:
    """(code → division, name → divisions with that name)."""
    text = resources.files("cpca").joinpath("resources/adcodes.csv").read_text(encoding="utf-8")
    by_code: dict[str, _Division] = {}
    by_name: dict[str, list[_Division]] = {}
    for row in csv.DictReader(io.StringIO(text)):
        if row["name"] in _PLACEHOLDER_NAMES:
            continue
        code = row["adcode"][:6]
        d = _Division(code, row["name"])
        by_code[code] = d
        by_name.setdefault(d.name, []).append(d)
    return by_code, by_name


@lru_cache(maxsize=1)
def special_zones() -> dict[str, dict[str, str]]:
    """Every name and alias of a special zone → its row of special_zones.csv."""
    out: dict[str, dict[str, str]] = {}
    with _SPECIAL_ZONES.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            for n in [row["name"], *filter(None, row["aliases"].split("|"))]:
                out[n] = row
    return out


def _level(code: str) -> str:
    if code.endswith("0000"):
        return "province"
    if code.endswith("00"):
        return "city"
    return "county"


def _is_under(child: _Division, parent: _Division) -> bool:
    lv = _level(parent.code)
    prefix = parent.code[:2] if lv == "province" else parent.code[:4] if lv == "city" else parent.code
    return child.code.startswith(prefix) and child.code != parent.code


def _region_of(d: _Division, matched: str) -> Region:
    by_code, _ = _gazetteer()
    prov = by_code.get(d.code[:2] + "0000")
    city = by_code.get(d.code[:4] + "00")
    lv = _level(d.code)
    return Region(
        province=prov.name if prov else None,
        city=city.name if (city and lv != "province" and _level(city.code) == "city") else None,
        county=d.name if lv == "county" else None,
        code=d.code, level=lv, matched=matched,
    )


def leading_divisions(name: str) -> tuple[list[_Division], str] | None:
    """The chain of division names the organ name starts with (each one inside the last), and
    the text they cover. None when a name in the chain is ambiguous."""
    _, by_name = _gazetteer()
    chain: list[_Division] = []
    pos = 0
    while pos < len(name):
        found = None
        for length in range(min(12, len(name) - pos), 1, -1):
            cands = by_name.get(name[pos:pos + length])
            if not cands:
                continue
            if chain:
                cands = [c for c in cands if _is_under(c, chain[-1])]
            if len(cands) > 1:
                return None
            if cands:
                found = (cands[0], length)
                break
        if not found:
            break
        chain.append(found[0])
        pos += found[1]
    return chain, name[:pos]


def resolve_region(name: str | None) -> Region | None:
    """The region an organ's name places it in, or None when the name names no division or
    names one ambiguously (e.g. a county name shared by several cities, without its city)."""
    if not name:
        return None
    zones = special_zones()
    for zname in sorted(zones, key=len, reverse=True):
        if name.startswith(zname):
            z = zones[zname]
            return Region(z["province"] or None, z["city"] or None, z["county"] or None,
                          z["region_code"] or None, z["admin_level"], zname)
    res = leading_divisions(name)
    if not res or not res[0]:
        return None
    chain, matched = res
    return _region_of(chain[-1], matched)
