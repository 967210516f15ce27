"""The organ-name key: one key for all names of one organ over years.

Extraction (organ names in reports) and loading (bureau ids in the warehouse) both use it, so it
lives here, depending on the gazetteer and metadata only, neither on `extract` nor on `load`.
Data, not code: etl/metadata/organ_abbreviations.csv (科委 → 科学技术委员会 for names,
管理委员会 ≡ 管委会 for keys).
"""
from __future__ import annotations

import csv
import hashlib
from functools import lru_cache
from pathlib import Path

from etl.metadata.regions import resolve_region, special_zones

def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def report_id_for(sha256: str) -> str:
    """A report's id: the first 20 hex digits of its file's sha256 (ingest and the loaders of
    provenance, corrections and rosters must agree on it)."""
    return sha256[:20]


_ABBREVIATIONS = Path(__file__).resolve().parent / "metadata" / "organ_abbreviations.csv"


@lru_cache(maxsize=1)
def _abbreviations() -> list[dict[str, str]]:
    with _ABBREVIATIONS.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def expand_abbreviation(name: str) -> str:
    """上海市科委 → 上海市科学技术委员会 (only a trailing abbreviation is expanded)."""
    for row in _abbreviations():
        if row["scope"] == "name" and name.endswith(row["short"]):
            return name[: -len(row["short"])] + row["full"]
    return name


def _unify_spelling(name: str) -> str:
    for row in _abbreviations():
        if row["scope"] != "key":
            continue
        if row["short"] == "管委会":
            name = name.replace(row["full"], row["short"])
        elif name.endswith(row["short"]):
            name = name[: -len(row["short"])] + row["full"]
    return name


def bureau_key(name: str, province: str | None, city: str | None, county: str | None) -> str:
    """A key equal for all names of one organ. Region prefixes are replaced by the resolved
    region (淮安市洪泽区人民政府 and 洪泽区人民政府 → 江苏省|淮安市|洪泽区|人民政府), a zone's
    aliases by the zone (平潭综合实验区管委会 → …|平潭综合实验区), spelling variants unified
    (管理委员会 = 管委会, 淮安市政府 = 淮安市人民政府), and a bare region name stands for its
    government (a region-wide report is the government's)."""
    short = _unify_spelling(expand_abbreviation(name.strip()))
    zones = special_zones()
    zone = next((z for z in sorted(zones, key=len, reverse=True) if short.startswith(z)), None)
    if zone is not None:
        rest = short[len(zone):]
        # the zone's committee is the zone's government: 平潭综合实验区(党工委)管委会 = 平潭综合实验区
        rest = "" if rest in ("管委会", "党工委管委会") else rest
        short = zones[zone]["name"] + rest
    else:
        region = resolve_region(short)
        if region is not None:
            short = short[len(region.matched):] or "人民政府"
    return "|".join([province or "", city or "", county or "", short])
