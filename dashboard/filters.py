"""The shared filters (sidebar) and the SQL they turn into.

The filter values are bound to the URL (`bind="query-params"`), so a view can be shared by
copying the address. Filter values never become SQL text: `where_reports` emits fixed column
names with `?` placeholders and returns the values as parameters.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

# URL keys of the shared filters (also the widget keys).
K_YEARS, K_PROVINCE, K_CITY, K_LEVEL, K_TYPE, K_BUREAU, K_LANG, K_PROBLEMS = (
    "years", "province", "city", "level", "type", "bureau", "lang", "problems")
K_OCR = "ocr"  # include reports read by OCR from scans (issue 18)


@dataclass(frozen=True)
class Filters:
    year_from: int | None = None
    year_to: int | None = None
    provinces: tuple[str, ...] = ()
    cities: tuple[str, ...] = ()
    levels: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    bureaus: tuple[str, ...] = ()  # bureau_id
    include_problems: bool = True
    lang: str = "zh"
    include_ocr: bool = True

    def without_bureaus(self) -> "Filters":
        return replace(self, bureaus=())


# column of `reports`/`bureaus` each list filter applies to (the same names in both tables)
_LIST_COLUMNS = (("provinces", "province"), ("cities", "city"), ("levels", "admin_level"),
                 ("types", "bureau_type"), ("bureaus", "bureau_id"))


def where_organs(f: Filters, alias: str) -> tuple[str, list]:
    """Conditions on the organ columns (province … bureau_id) of `alias` (reports or bureaus)."""
    parts, params = ["TRUE"], []
    for attr, col in _LIST_COLUMNS:
        values = getattr(f, attr)
        if values:
            parts.append(f"list_contains(?::VARCHAR[], {alias}.{col})")
            params.append(list(values))
    return " AND ".join(parts), params


def where_years(f: Filters, alias: str) -> tuple[str, list]:
    parts, params = ["TRUE"], []
    if f.year_from is not None:
        parts.append(f"{alias}.year >= ?")
        params.append(f.year_from)
    if f.year_to is not None:
        parts.append(f"{alias}.year <= ?")
        params.append(f.year_to)
    return " AND ".join(parts), params


def where_reports(f: Filters, alias: str = "r", *, comparable: bool = True) -> tuple[str, list]:
    """Conditions selecting the reports a comparison may use.

    comparable: only the preferred version of each organ and year, never failed files; and,
    when problem reports are hidden, only parsed reports without failed checks."""
    organs, p1 = where_organs(f, alias)
    years, p2 = where_years(f, alias)
    parts = [organs, years]
    if comparable:
        parts.append(f"{alias}.is_preferred AND {alias}.status <> 'failed'")
    if not f.include_problems:
        parts.append(f"{alias}.status = 'parsed' AND {alias}.checks_failed = 0")
    if not f.include_ocr:  # figures read by OCR (any scanned page) left out of comparisons
        parts.append(f"coalesce({alias}.read_method, 'text') = 'text'")
    return " AND ".join(parts), p1 + p2
