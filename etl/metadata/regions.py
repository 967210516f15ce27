"""Gazetteer lookups: which province, city and county an organ's name places it in.

The gazetteer is the national division code list (GB/T 2260, 12-digit form) shipped as a CSV
inside the `cpca` package (Chinese Province, City and Area Recognition Utilities, MIT). Why
cpca: it carries the national codes for every province, prefecture and county (3,511 rows),
installs in a few hundred kB (deps pandas, which we already have, and pyahocorasick) and
works offline; jionlp carries the same codes but pulls in a large NLP stack. We read the CSV
ourselves with the csv module (no pandas import, no cpca matcher): the lookup we need is a
walk over the name's leading region names, which a dict does.

cpca's list dates from about mid-2016: counties renamed or created since (奉化市 → 宁波市奉化区
in 2016, 玉环县 → 玉环市 in 2017, 潜山县 → 潜山市 in 2018, ...) are data in
etl/metadata/region_updates.csv (name, city, province, code, valid_from, what it replaces, source)
and are added to the gazetteer here. Old names stay in the gazetteer: reports of earlier years use
them. Each added row is checked against the code list (its code is new, its province and city are
the ones its code lies under) so that a typo fails loudly instead of placing an organ wrongly.

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

_METADATA = Path(__file__).resolve().parent
_SPECIAL_ZONES = _METADATA / "special_zones.csv"
_REGION_UPDATES = _METADATA / "region_updates.csv"
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
    for d in _region_updates(by_code):
        by_code[d.code] = d
        by_name.setdefault(d.name, []).append(d)
    return by_code, by_name


def _region_updates(by_code: dict[str, _Division]) -> list[_Division]:
    """The divisions of region_updates.csv, each checked against the code list it extends."""
    out = []
    with _REGION_UPDATES.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            code = row["code"]
            prov, city = by_code.get(code[:2] + "0000"), by_code.get(code[:4] + "00")
            if (len(code) != 6 or code in by_code or not prov or prov.name != row["province"]
                    or not city or city.name != row["city"]):
                raise ValueError(f"region_updates.csv: {row['name']} {code} does not fit the code list "
                                 f"(code already used, or not under {row['province']}{row['city']})")
            out.append(_Division(code, row["name"]))
    return out


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


# Cached: the meta extraction asks for the same name's region several times (organ kind,
# bureau type, admin level), and an organ reports year after year under the same name
@lru_cache(maxsize=4096)
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
