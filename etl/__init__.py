"""xxgk: annual reports on government information disclosure → DuckDB.

The notebook API lives in `etl.api` and is re-exported here lazily (`etl.connect`,
`etl.figures` …): importing `etl` stays cheap for the ETL worker processes, which never
need polars frames of the warehouse.
"""
from __future__ import annotations

from typing import Any

_API = ("connect", "query", "tables", "metrics", "reports", "figures", "wide", "checks", "default_db_path",
        "DEFAULT_DB")

__all__ = list(_API)


def __getattr__(name: str) -> Any:
    if name in _API:
        from etl import api

        return getattr(api, name)
    raise AttributeError(f"module 'etl' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(list(globals()) + list(_API))
