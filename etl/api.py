"""The Python way in for notebooks and scripts: a read-only connection and tidy polars frames.

Three lines start a notebook::

    import etl
    con = etl.connect()                      # $XXGK_DB, else the demo database, read-only
    etl.figures(con, metric="t3.", region="江苏", year=(2021, 2024))

Every helper takes the database as its first argument: an open connection from `connect()`,
a path, or nothing (then `$XXGK_DB`, else `data/demo.duckdb`). A path or nothing opens the file
read-only for the one call and closes it again, so a notebook never holds a write lock and an
`xxgk ingest` publishing a new file is picked up by the next call.

Filters (all optional, all combined with AND):

- `metric`: an exact key (`t3.received_new`), a prefix ending in a dot (`t3.`, `t4.review.`),
  a pattern with `*` (`t3.denied.*`), or a list of those.
- `bureau`: any part of the organ's name, as printed in the report or in its canonical form
  (`商务局`, `洪泽`).
- `region`: any part of the province, city or county (`江苏`, `淮安市`).
- `year`: one year (`2023`), an inclusive `(first, last)` tuple, a `range`, or a list of years.
- `template`: `pre2019`, `t2019`, `t2021` or a list of them.
- `dimension`: the 表三 applicant column (`total`, `natural_person` …) or a list of them.
- `preferred`: True (default) keeps only the preferred version when several files report the
  same organ and year (`reports.is_preferred`); False keeps every file.

The frames use the column names of the warehouse (see docs/data-dictionary.md), so what a
notebook computes can be checked by SQL against the same file.
"""
from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator, Union

import duckdb
import polars as pl

PROJECT_ROOT = Path(__file__).resolve().parent.parent
# the same file as etl.cli.DEFAULT_DEMO_DB (not imported from there: the CLI pulls in typer and rich)
DEFAULT_DB = PROJECT_ROOT / "data" / "demo.duckdb"

Database = Union[duckdb.DuckDBPyConnection, str, os.PathLike, None]
YearFilter = Union[int, tuple[int, int], range, Sequence[int], None]
TextFilter = Union[str, Sequence[str], None]

# Report columns joined to every figure and check row, in this order.
# The report's own status is renamed `report_status` so it never shadows a check's `status`.
REPORT_COLUMNS = ("report_id", "bureau_id", "bureau_name", "bureau_type", "organ_kind", "admin_level",
                  "province", "city", "county", "year", "template", "report_status", "is_preferred")


def default_db_path() -> Path:
    """`$XXGK_DB` when set, else the demo database under the project root."""
    env = os.environ.get("XXGK_DB")
    return Path(env) if env else DEFAULT_DB


def connect(db: str | os.PathLike | None = None) -> duckdb.DuckDBPyConnection:
    """Open the warehouse read-only (default: `$XXGK_DB`, else data/demo.duckdb).

    Read-only means no lock against `xxgk ingest`, which publishes a new file by replacing the
    old one: an open connection keeps seeing the database as it was when it was opened.
    """
    path = Path(db) if db is not None else default_db_path()
    if not path.exists():
        raise FileNotFoundError(
            f"no database at {path}: build one with `xxgk ingest PATH --db {path}` "
            f"(or `xxgk demo --no-serve` for the demo database)")
    return duckdb.connect(str(path), read_only=True)


@contextmanager
def _connection(db: Database) -> Iterator[duckdb.DuckDBPyConnection]:
    if isinstance(db, duckdb.DuckDBPyConnection):
        yield db
        return
    con = connect(db)
    try:
        yield con
    finally:
        con.close()


def query(db: Database, sql: str, params: Sequence[Any] | None = None) -> pl.DataFrame:
    """Any SQL over the warehouse as a polars frame (`?` placeholders take `params`)."""
    with _connection(db) as con:
        return con.sql(sql, params=list(params) if params else None).pl()


def tables(db: Database = None) -> pl.DataFrame:
    """Every table and view with its kind, row count and description (from etl.metadata)."""
    from etl.metadata.schema import RELATIONS

    rows = []
    with _connection(db) as con:
        present = {r[0] for r in con.sql("SELECT table_name FROM information_schema.tables").fetchall()}
        for rel in RELATIONS:
            if rel.name not in present:  # an older database may lack a newer view
                continue
            n = con.sql(f"SELECT count(*) FROM {rel.name}").fetchall()[0][0]
            rows.append({"name": rel.name, "kind": rel.kind, "rows": n, "description": rel.description})
    return pl.DataFrame(rows, schema={"name": pl.Utf8, "kind": pl.Utf8, "rows": pl.Int64, "description": pl.Utf8},
                        orient="row")


def metrics(db: Database = None, metric: TextFilter = None) -> pl.DataFrame:
    """The metric catalog (keys, section, templates, unit, zh/en labels, description)."""
    where, params = _metric_clause("metric", metric)
    sql = "SELECT * FROM metric_catalog" + (f" WHERE {where}" if where else "") + " ORDER BY metric"
    return query(db, sql, params)


# --- filters --------------------------------------------------------------------------------

def _as_list(value: TextFilter) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def _metric_clause(column: str, metric: TextFilter) -> tuple[str, list]:
    """Exact keys, prefixes ending in '.', or '*' patterns, OR-ed together."""
    parts, params = [], []
    for m in _as_list(metric):
        if "*" in m or m.endswith("."):
            pattern = m.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_").replace("*", "%")
            parts.append(f"{column} LIKE ? ESCAPE '\\'")
            params.append(pattern + ("%" if m.endswith(".") else ""))
        else:
            parts.append(f"{column} = ?")
            params.append(m)
    return (f"({' OR '.join(parts)})" if parts else ""), params


def _year_clause(column: str, year: YearFilter) -> tuple[str, list]:
    if year is None:
        return "", []
    if isinstance(year, bool):
        raise TypeError("year must be an int, a (first, last) tuple, a range or a list of ints")
    if isinstance(year, int):
        return f"{column} = ?", [year]
    if isinstance(year, tuple) and len(year) == 2:
        return f"{column} BETWEEN ? AND ?", [int(year[0]), int(year[1])]
    years = [int(y) for y in year]
    if not years:
        return "FALSE", []
    return f"{column} IN ({', '.join('?' for _ in years)})", years


def _in_clause(column: str, values: TextFilter) -> tuple[str, list]:
    vals = _as_list(values)
    if not vals:
        return "", []
    return f"{column} IN ({', '.join('?' for _ in vals)})", vals


def _contains_any(columns: Iterable[str], value: str | None) -> tuple[str, list]:
    if not value:
        return "", []
    cols = list(columns)
    return "(" + " OR ".join(f"contains(coalesce({c}, ''), ?)" for c in cols) + ")", [value] * len(cols)


def _add(clauses: list[str], params: list, *parts: tuple[str, list]) -> None:
    """Append the (clause, params) parts that filter something (an empty clause is no filter)."""
    for clause, p in parts:
        if clause:
            clauses.append(clause)
            params += p


def _report_filters(*, bureau: str | None, region: str | None, year: YearFilter, template: TextFilter,
                    preferred: bool) -> tuple[list[str], list]:
    """WHERE parts over `r` (reports) and `b` (bureaus, left-joined)."""
    clauses, params = [], []
    _add(clauses, params,
         _contains_any(("r.bureau_name", "b.bureau_name"), bureau),
         _contains_any(("r.province", "r.city", "r.county"), region),
         _year_clause("r.year", year),
         _in_clause("r.template", template))
    if preferred:
        clauses.append("r.is_preferred")
    return clauses, params


def _where(clauses: list[str]) -> str:
    return (" WHERE " + " AND ".join(clauses)) if clauses else ""


_REPORT_SELECT = ", ".join("r.status AS report_status" if c == "report_status" else f"r.{c}"
                           for c in REPORT_COLUMNS)
_FROM_REPORTS = "FROM reports r LEFT JOIN bureaus b ON b.bureau_id = r.bureau_id"


# --- frames ---------------------------------------------------------------------------------

def reports(db: Database = None, *, bureau: str | None = None, region: str | None = None, year: YearFilter = None,
            template: TextFilter = None, status: TextFilter = None, preferred: bool = True) -> pl.DataFrame:
    """One row per report file (every column of `reports`), failed files included unless
    `status` says otherwise. `preferred=True` drops superseded versions of the same organ-year."""
    clauses, params = _report_filters(bureau=bureau, region=region, year=year, template=template,
                                      preferred=preferred)
    _add(clauses, params, _in_clause("r.status", status))
    return query(db, f"SELECT r.* {_FROM_REPORTS}{_where(clauses)} ORDER BY r.source_path", params)


def figures(db: Database = None, *, metric: TextFilter = None, bureau: str | None = None, region: str | None = None,
            year: YearFilter = None, template: TextFilter = None, dimension: TextFilter = None,
            preferred: bool = True, extracted: bool = False) -> pl.DataFrame:
    """Figures in long form: one row per number, with the report's organ, region, year and
    template joined, the metric's labels from the catalog, and the evidence.

    A blank or not-applicable cell is a row with `value` NULL (see `value_kind`), never 0.
    `value` is the served value, corrected by the corrections file where `corrected` is true
    (`extracted_value` keeps what the extractor read); `extracted=True` returns what the
    extractor read as `value`/`value_kind` instead.
    """
    clauses, params = _report_filters(bureau=bureau, region=region, year=year, template=template,
                                      preferred=preferred)
    _add(clauses, params, _metric_clause("f.metric", metric), _in_clause("f.dimension", dimension))
    served = "f.extracted_value AS value, f.extracted_value_kind AS value_kind" if extracted else "f.value, f.value_kind"
    sql = (f"SELECT {_REPORT_SELECT}, f.metric, f.dimension, {served}, f.unit, f.raw_text, "
           f"f.source_kind, f.page, f.evidence, f.ocr_confidence, m.label_zh, m.label_en, r.source_path, "
           f"f.corrected, f.extracted_value "
           f"{_FROM_REPORTS} JOIN figures f ON f.report_id = r.report_id "
           f"LEFT JOIN metric_catalog m ON m.metric = f.metric"
           f"{_where(clauses)} ORDER BY r.bureau_name, r.year, r.report_id, f.metric, f.dimension NULLS FIRST")
    return query(db, sql, params)


def wide(db: Database = None, *, metric: TextFilter = None, bureau: str | None = None, region: str | None = None,
         year: YearFilter = None, template: TextFilter = None, dimension: str | None = "total",
         preferred: bool = True) -> pl.DataFrame:
    """Figures in wide form: one row per report, one column per metric (catalog order).

    With `dimension="total"` (the default) a 表三 metric contributes its 总计 column and the
    column is named by the metric key alone; figures without a dimension always count. With
    `dimension=None` every dimension gets its own column, named `metric:dimension`.
    Reports without any matching figure are left out. A cell a report states twice with two
    different values is NULL (look at `figures()` for both).
    """
    from etl.metadata.catalog import metrics as catalog

    long = figures(db, metric=metric, bureau=bureau, region=region, year=year, template=template,
                   preferred=preferred)
    if dimension is not None:
        long = long.filter(pl.col("dimension").is_null() | (pl.col("dimension") == dimension))
        name = pl.col("metric")
    else:
        name = pl.when(pl.col("dimension").is_null()).then(pl.col("metric")) \
                 .otherwise(pl.col("metric") + ":" + pl.col("dimension"))
    index = ["report_id", "bureau_id", "bureau_name", "province", "city", "county", "admin_level", "year", "template"]
    if long.is_empty():
        return pl.DataFrame(schema={c: long.schema[c] for c in index})
    long = long.with_columns(name.alias("column"))
    order = {m: i for i, m in enumerate(catalog())}
    columns = sorted(long["column"].unique().to_list(),
                     key=lambda c: (order.get(c.split(":")[0], len(order)), c))
    # one value per report and column. Should a report carry the same (metric, dimension) twice,
    # agreeing copies give that value and disagreeing ones NULL: never a silently chosen number.
    values = pl.col("value").drop_nulls()
    cells = long.group_by(index + ["column"], maintain_order=True).agg(
        pl.when(values.n_unique() <= 1).then(values.first()).otherwise(None).alias("value"))
    out = cells.pivot(on="column", index=index, values="value")
    return out.select(index + columns).sort(["bureau_name", "year", "report_id"], nulls_last=True)


def checks(db: Database = None, *, rule: TextFilter = None, status: TextFilter = None, bureau: str | None = None,
           region: str | None = None, year: YearFilter = None, template: TextFilter = None,
           preferred: bool = True) -> pl.DataFrame:
    """Validation results, one row per rule applied to a report, with the report joined.

    `rule` takes exact ids, prefixes ending in a dot (`t3.`) or `*` patterns, like `metric`;
    `status` is `pass`, `fail`, `warn`, `not_assessable` or a list of them.
    """
    clauses, params = _report_filters(bureau=bureau, region=region, year=year, template=template,
                                      preferred=preferred)
    _add(clauses, params, _metric_clause("c.rule", rule), _in_clause("c.status", status))
    sql = (f"SELECT {_REPORT_SELECT}, c.rule, c.status, c.detail, c.metric, c.dimension, "
           f"c.expected, c.found, r.source_path "
           f"{_FROM_REPORTS} JOIN checks c ON c.report_id = r.report_id"
           f"{_where(clauses)} ORDER BY r.bureau_name, r.year, r.report_id, c.rule, c.metric, c.dimension")
    return query(db, sql, params)


__all__ = ["DEFAULT_DB", "checks", "connect", "default_db_path", "figures", "metrics", "query", "reports",
           "tables", "wide"]
