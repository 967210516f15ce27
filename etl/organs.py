"""Organ names: what kind of organ a name denotes (the key per organ over years is etl.keys).

Data, not code: etl/metadata/organ_suffixes.csv (how a name ends → government or department),
bureau_types.csv (keyword → bureau type, e.g. 商务局 → 商务).
"""
from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

from etl.metadata.regions import resolve_region, special_zones

_METADATA = Path(__file__).resolve().parent / "metadata"


def _rows(name: str) -> list[dict[str, str]]:
    with (_METADATA / name).open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@lru_cache(maxsize=1)
def _suffixes() -> list[dict[str, str]]:
    return sorted(_rows("organ_suffixes.csv"), key=lambda r: len(r["suffix"]), reverse=True)


@lru_cache(maxsize=1)
def _type_keywords() -> list[dict[str, str]]:
    return sorted(_rows("bureau_types.csv"), key=lambda r: len(r["keyword"]), reverse=True)


def is_region_name(name: str) -> bool:
    """True when the name is nothing but a region (上海市, 平潭综合实验区): a region-wide report."""
    region = resolve_region(name)
    return region is not None and region.matched == name and name not in _zone_government_aliases()


@lru_cache(maxsize=1)
def _zone_government_aliases() -> set[str]:
    return {n for n, row in special_zones().items() if n != row["name"]}


@lru_cache(maxsize=4096)  # asked three times per report (kind, level, type); rows are read only
def _suffix_row(name: str) -> dict[str, str] | None:
    if is_region_name(name):  # a bare region name: the region's own report, its government's
        return {"suffix": "", "organ_kind": "government", "admin_level": "", "bureau_type": "人民政府"}
    return next((row for row in _suffixes() if name.endswith(row["suffix"])), None)


def organ_kind(name: str) -> str | None:
    """'government' for a people's government, its general office or a zone's committee (or a
    bare region name); 'department' for a 局/委/办 …; None if unknown."""
    row = _suffix_row(name)
    return row["organ_kind"] if row else None


def admin_level_of_kind(name: str) -> str | None:
    """The admin level the name's ending fixes by itself ('department' for a 局/委/办 and for a
    government's general office), or None when it is the level of the organ's region."""
    row = _suffix_row(name)
    return (row.get("admin_level") or None) if row else None


def bureau_type(name: str) -> str | None:
    """The type organ_suffixes.csv gives the name's ending (人民政府 for governments), else the
    first keyword of bureau_types.csv found in the name after its region."""
    row = _suffix_row(name)
    if row and row["bureau_type"]:
        return row["bureau_type"]
    region = resolve_region(name)
    rest = name[len(region.matched):] if region else name
    for row in _type_keywords():
        if row["keyword"] in rest:
            return row["bureau_type"]
    return None
