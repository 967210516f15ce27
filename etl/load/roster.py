"""The supervisor's roster: the organs that must publish a report, read from a CSV or XLSX file
and matched to the bureaus found in the reports.

The file has one row per organ with a header row. Columns (names as in ROSTER_COLUMNS):
`organ` (required: the name as the organ publishes it), `region`, `level`, `parent`,
`from_year`, `to_year`, and `aliases` (former names, separated by ; or 、). Any other column is
an error, not a guess: a misspelt `from_yaer` silently ignored would make an organ look late.

Matching goes through the same key the reports are grouped by (`etl.keys.bureau_key`),
so 洪泽区人民政府 in a report matches 淮安市洪泽区人民政府 in the roster; when the organ's
name alone names no region, the `region` column is put in front of it; after that, any name a
report used for the bureau (bureau_names) matches exactly.
"""
from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass
from pathlib import Path

import unicodedata
from etl.keys import bureau_key, expand_abbreviation
from etl.organs import organ_kind
from etl.metadata.regions import resolve_region
from etl.load.bureaus import _bureau_id
from etl.metadata import vocab

ROSTER_COLUMNS = ("organ", "region", "level", "parent", "from_year", "to_year", "aliases")
# the roster's level column: the admin levels of the reports (etl.metadata.vocab.ADMIN_LEVELS)
_GOVERNMENT_LEVELS = ("national", "province", "city", "county", "township")
_ALIAS_SPLIT = re.compile(r"[;；、|]")
# a 函 wrapper around a name (关于…的函) and a trailing 关于 are not part of the organ's name
_WRAPPER = re.compile(r"^关于|关于$|的函$")


class RosterError(ValueError):
    """A roster file that cannot be used as it is, with the reason in one line."""


@dataclass(frozen=True)
class Roster:
    path: str
    sha256: str
    rows: list[dict]  # one per organ: roster_row, organ, region, level, parent, from_year, to_year, aliases
    duplicates: int  # rows dropped because they repeat an earlier organ and region


def clean_name(name: str | None) -> str:
    """The organ name as reports spell it: half-width brackets, no spaces, no 函 wrapper."""
    text = re.sub(r"\s+", "", unicodedata.normalize("NFKC", name or ""))
    return _WRAPPER.sub("", text)


def _decode(data: bytes, path: str) -> str:
    for enc in ("utf-8-sig", "gb18030"):  # Excel in China saves CSV as GBK by default
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise RosterError(f"roster {path}: not UTF-8 or GBK text")


def _table_of(data: bytes, path: str) -> list[list[str]]:
    if path.lower().endswith((".xlsx", ".xlsm")):
        import openpyxl

        try:
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc:  # noqa: BLE001 - any unreadable workbook is one clear error
            raise RosterError(f"roster {path}: not a readable XLSX file ({type(exc).__name__})") from exc
        sheet = book.worksheets[0]
        rows = [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        book.close()
        return rows
    if path.lower().endswith((".csv", ".txt")):
        return list(csv.reader(io.StringIO(_decode(data, path))))
    raise RosterError(f"roster {path}: expected a .csv or .xlsx file")


def _year(text: str, path: str, line: int, column: str) -> int | None:
    text = text.strip()
    if not text:
        return None
    if re.fullmatch(r"\d{4}(\.0)?", text):
        return int(float(text))
    raise RosterError(f"roster {path} row {line}: {column} {text!r} is not a year")


def parse_roster(data: bytes, path: str) -> Roster:
    """Rows of a roster file (CSV in UTF-8 or GBK, or the first sheet of an XLSX)."""
    table = [row for row in _table_of(data, path) if any(cell.strip() for cell in row)]
    if not table:
        raise RosterError(f"roster {path}: no header row")
    header = [cell.strip().lower() for cell in table[0]]
    unknown = [h for h in header if h and h not in ROSTER_COLUMNS]
    if unknown:
        raise RosterError(f"roster {path}: unknown column(s) {', '.join(unknown)}; "
                          f"allowed: {', '.join(ROSTER_COLUMNS)}")
    if "organ" not in header:
        raise RosterError(f"roster {path}: no `organ` column (the header row must name it)")
    if len(set(h for h in header if h)) != len([h for h in header if h]):
        raise RosterError(f"roster {path}: a column appears twice in the header")
    rows, seen, duplicates = [], set(), 0
    for line, cells in enumerate(table[1:], start=2):
        rec = {h: (cells[i].strip() if i < len(cells) else "") for i, h in enumerate(header) if h}
        organ = clean_name(rec.get("organ"))
        if not organ:
            continue
        level = rec.get("level") or None
        if level is not None and level not in vocab.ADMIN_LEVELS:
            raise RosterError(f"roster {path} row {line}: level {level!r} is not one of "
                              f"{', '.join(vocab.ADMIN_LEVELS)}")
        region = clean_name(rec.get("region")) or None
        if (organ, region) in seen:
            duplicates += 1
            continue
        seen.add((organ, region))
        from_year = _year(rec.get("from_year", ""), path, line, "from_year")
        to_year = _year(rec.get("to_year", ""), path, line, "to_year")
        if from_year and to_year and from_year > to_year:
            raise RosterError(f"roster {path} row {line}: from_year {from_year} is after to_year {to_year}")
        aliases = [clean_name(a) for a in _ALIAS_SPLIT.split(rec.get("aliases") or "") if clean_name(a)]
        rows.append({"roster_row": line, "organ": organ, "region": region, "level": level,
                     "parent": rec.get("parent") or None, "from_year": from_year, "to_year": to_year,
                     "aliases": "；".join(aliases) or None})
    if not rows:
        raise RosterError(f"roster {path}: no organ rows")
    return Roster(path, hashlib.sha256(data).hexdigest(), rows, duplicates)


def read_roster(path: str | Path) -> Roster:
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise RosterError(f"roster {path}: {exc.strerror or exc}") from exc
    return parse_roster(data, str(path))


def candidate_ids(row: dict) -> list[str]:
    """The bureau ids the row's names (the organ, its former names) would have, each with
    the region put in front when the name alone names none."""
    out = []
    names = [row["organ"]] + [a for a in (row.get("aliases") or "").split("；") if a]
    for name in names:
        name = expand_abbreviation(name)
        variants = [name]
        region_name = row.get("region")
        if region_name and not name.startswith(region_name):
            variants.insert(0, region_name + name)
        for v in variants:
            region = resolve_region(v)
            if region is None and v != variants[-1]:
                continue
            key = bureau_key(v, *((region.province, region.city, region.county) if region else (None, None, None)))
            bid = _bureau_id(key)
            if bid not in out:
                out.append(bid)
    return out


def roster_organ_kind(row: dict) -> str | None:
    """`department` or `government` (which deadline applies): what the name's ending says (a
    government's general office, 人民政府办公室, is at department level but keeps the
    government's deadline), else the level column."""
    by_name = organ_kind(row["organ"])
    if by_name:
        return by_name
    if row.get("level") == "department":
        return "department"
    if row.get("level") in _GOVERNMENT_LEVELS:
        return "government"
    return organ_kind(row["organ"])


def match_roster(rows: list[dict], bureaus: list[dict], names: list[dict]) -> list[dict]:
    """Rows of the `roster` table: each roster row with the bureau it matches (or none)."""
    known = {b["bureau_id"]: b for b in bureaus}
    by_name: dict[str, str] = {}
    for n in names:
        by_name.setdefault(clean_name(n["name_variant"]), n["bureau_id"])
    out = []
    for row in rows:
        bid, how = next(((b, "key") for b in candidate_ids(row) if b in known), (None, None))
        if bid is None:
            for name in [row["organ"]] + [a for a in (row.get("aliases") or "").split("；") if a]:
                if clean_name(name) in by_name:
                    bid, how = by_name[clean_name(name)], "name"
                    break
        out.append({**{c: row.get(c) for c in ("roster_row", "organ", "region", "level", "parent",
                                               "from_year", "to_year", "aliases")},
                    "organ_kind": roster_organ_kind(row), "bureau_id": bid, "matched_by": how,
                    "bureau_name": known[bid]["bureau_name"] if bid else None})
    return out


SOURCE_COLUMNS = ("roster_row", "organ", "region", "level", "parent", "from_year", "to_year", "aliases")
