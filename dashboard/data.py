"""The dashboard's only way to the database: one cached read-only connection and cached,
parameterised queries.

Caches are keyed by the database file's identity (path, inode, mtime, size): ingest publishes
a new database with os.replace, which changes the inode, so the next rerun opens the new file
and never serves results of the old one.
"""
from __future__ import annotations

import os
from pathlib import Path

import duckdb
import polars as pl
import streamlit as st

from dashboard import connect
from dashboard.filters import Filters, where_organs, where_reports, where_years

DbKey = tuple[str, int, int, int]


def db_path() -> str | None:
    return os.environ.get("XXGK_DB")


def db_key(path: str | None = None) -> DbKey:
    """Identity of the database file as it is now; raises FileNotFoundError when absent."""
    path = path or db_path()
    if not path or not os.path.isfile(path):
        raise FileNotFoundError(f"no database file at {path!r}")
    path = str(Path(path).resolve())
    st_ = os.stat(path)
    return (path, st_.st_ino, st_.st_mtime_ns, st_.st_size)


def _close(con: duckdb.DuckDBPyConnection) -> None:
    con.close()


@st.cache_resource(max_entries=2, on_release=_close, show_spinner=False)
def connection(key: DbKey) -> duckdb.DuckDBPyConnection:
    """One read-only connection per database file identity (a replaced file gets a new one)."""
    return connect.open_readonly(key[0])


@st.cache_data(max_entries=512, show_spinner=False)
def _cached(key: DbKey, sql: str, params: tuple) -> pl.DataFrame:
    cur = connect.cursor(connection(key))  # a cursor per query: sessions run in parallel threads
    try:
        return cur.sql(sql, params=[list(p) if isinstance(p, tuple) else p for p in params]).pl()
    finally:
        cur.close()


def query(sql: str, params: list | tuple = ()) -> pl.DataFrame:
    """Run a fixed SQL text with parameters on the current database, cached."""
    return _cached(db_key(), sql, tuple(tuple(p) if isinstance(p, list) else p for p in params))


# ---------------------------------------------------------------------------------------
# options for the filters


def year_bounds() -> tuple[int, int] | None:
    df = query("SELECT min(year) AS lo, max(year) AS hi FROM reports WHERE year IS NOT NULL")
    lo, hi = df.row(0)
    return (int(lo), int(hi)) if lo is not None else None


def distinct_values(column: str, f: Filters | None = None) -> list[str]:
    """Values of an organ column of `bureaus` (a fixed name from filters), optionally narrowed by `f`."""
    assert column in ("province", "city", "admin_level", "bureau_type"), column
    cond, params = where_organs(f, "b") if f else ("TRUE", [])
    df = query(f"SELECT DISTINCT {column} AS v FROM bureaus b WHERE {column} IS NOT NULL AND {cond} ORDER BY v",
               params)
    return df["v"].to_list()


def bureau_options(f: Filters) -> pl.DataFrame:
    """bureau_id and the label shown for every bureau under the organ filters (bureau list aside)."""
    cond, params = where_organs(f.without_bureaus(), "b")
    return query(f"""
        SELECT b.bureau_id, b.bureau_name, b.admin_level, b.bureau_type, b.province, b.city,
               coalesce(string_agg(n.name_variant, ' / ') FILTER (WHERE n.name_variant <> b.bureau_name), '') AS other_names
        FROM bureaus b LEFT JOIN bureau_names n USING (bureau_id)
        WHERE {cond} GROUP BY ALL ORDER BY b.bureau_name""", params)


def metric_catalog() -> pl.DataFrame:
    return query("SELECT * FROM metric_catalog ORDER BY metric")


# ---------------------------------------------------------------------------------------
# 1 overview


def overview_counts(f: Filters) -> dict:
    cond, params = where_reports(f, comparable=False)
    df = query(f"""
        SELECT count(*) AS reports, count(DISTINCT r.bureau_id) AS bureaus, count(DISTINCT r.year) AS years,
               coalesce(sum(r.figure_count), 0) AS figures, coalesce(sum(r.checks_failed), 0) AS checks_failed
        FROM reports r WHERE {cond}""", params)
    return df.to_dicts()[0]


def status_counts() -> pl.DataFrame:
    return query("SELECT status, count(*) AS n FROM reports GROUP BY status ORDER BY status")


def coverage(f: Filters) -> pl.DataFrame:
    """Bureau × year: parsed / partial / late / missing (the preferred version of each year)."""
    organs, p1 = where_organs(f, "b")
    years, p2 = where_years(f, "r")
    # publication coverage is a fact about files: hiding problem reports must not turn them into "missing"
    rep_cond = "r.is_preferred"
    return query(f"""
        WITH yrs AS (SELECT DISTINCT r.year FROM reports r WHERE r.year IS NOT NULL AND {years}),
        bs AS (SELECT b.bureau_id, b.bureau_name FROM bureaus b WHERE {organs}),
        rep AS (SELECT r.bureau_id, r.year, r.status, r.published_late, r.report_id
                FROM reports r WHERE {rep_cond})
        SELECT bs.bureau_id, bs.bureau_name, yrs.year,
               CASE WHEN rep.report_id IS NULL THEN 'missing'
                    WHEN rep.status = 'failed' THEN 'failed'
                    WHEN rep.published_late THEN 'late'
                    ELSE rep.status END AS coverage,
               rep.report_id
        FROM bs CROSS JOIN yrs LEFT JOIN rep ON rep.bureau_id = bs.bureau_id AND rep.year = yrs.year
        ORDER BY bs.bureau_name, yrs.year""", p2 + p1)


def unpublished(f: Filters, year: int) -> pl.DataFrame:
    """Organs under the filters with no report for `year`, or one published after the deadline."""
    organs, params = where_organs(f, "b")
    return query(f"""
        SELECT b.bureau_id, b.bureau_name, b.organ_kind,
               CASE WHEN r.report_id IS NULL THEN 'missing' ELSE 'late' END AS problem,
               r.published_on, r.deadline_on, r.report_id
        FROM bureaus b
        LEFT JOIN reports r ON r.bureau_id = b.bureau_id AND r.year = ? AND r.is_preferred
        WHERE {organs} AND b.first_year <= ? AND (r.report_id IS NULL OR r.published_late)
        ORDER BY problem, b.bureau_name""", [year] + params + [year])


# ---------------------------------------------------------------------------------------
# figures by year (pages 2, 4, 5, 7)


def metric_by_year(f: Filters, metrics: list[str], *, dimension: str | None = "total",
                   by_dimension: bool = False, by_bureau: bool = False) -> pl.DataFrame:
    """Sum of each metric per year (and per bureau or dimension) over the filtered reports.

    `reporting` counts the reports with a value, so a sum over fewer organs is visible; a metric
    nobody reported stays NULL, never 0. dimension: 'total' for t3, None for unidimensional
    metrics (matches dimension IS NULL), '*' for any."""
    cond, params = where_reports(f)
    dim_cond = "TRUE" if dimension == "*" else ("f.dimension IS NULL" if dimension is None else "f.dimension = ?")
    dim_params = [] if dimension in ("*", None) else [dimension]
    keys = ["r.year", "f.metric"] + (["f.dimension"] if by_dimension else []) + \
        (["r.bureau_id", "r.bureau_name"] if by_bureau else [])
    return query(f"""
        SELECT {', '.join(keys)}, sum(f.value) AS value, count(f.value) AS reporting
        FROM reports r JOIN figures f ON f.report_id = r.report_id
        WHERE {cond} AND list_contains(?::VARCHAR[], f.metric) AND {dim_cond}
        GROUP BY ALL ORDER BY ALL""", params + [list(metrics)] + dim_params)


def metric_by_report(f: Filters, metrics: list[str]) -> pl.DataFrame:
    """One row per (report, metric) for metrics without dimension or with dimension 'total'."""
    cond, params = where_reports(f)
    return query(f"""
        SELECT r.report_id, r.bureau_id, r.bureau_name, r.admin_level, r.bureau_type, r.year, f.metric, f.value
        FROM reports r JOIN figures f ON f.report_id = r.report_id
        WHERE {cond} AND list_contains(?::VARCHAR[], f.metric) AND coalesce(f.dimension, 'total') = 'total'
        ORDER BY r.bureau_name, r.year""", params + [list(metrics)])


# ---------------------------------------------------------------------------------------
# 3 interpretation ratio


def interpretation_ratio(f: Filters) -> pl.DataFrame:
    """The view, under the filters, ranked within its peer group (admin_level, bureau_type) and year.

    Ranks are computed over all organs the filters allow apart from the bureau list, so picking
    two bureaus shows their place among their peers, not between themselves."""
    cond, params = where_reports(f.without_bureaus())
    pick = "list_contains(?::VARCHAR[], bureau_id)" if f.bureaus else "TRUE"
    return query(f"""
        WITH v AS (
          SELECT v.* FROM v_interpretation_ratio v JOIN reports r USING (report_id) WHERE {cond}),
        ranked AS (
          SELECT v.*,
            CASE WHEN ratio IS NOT NULL THEN rank() OVER (
              PARTITION BY admin_level, bureau_type, year ORDER BY ratio DESC NULLS LAST) END AS peer_rank,
            count(ratio) OVER (PARTITION BY admin_level, bureau_type, year) AS peers_with_ratio,
            median(ratio) OVER (PARTITION BY admin_level, bureau_type, year) AS peer_median
          FROM v)
        SELECT * FROM ranked WHERE {pick} ORDER BY year DESC, admin_level, bureau_type, peer_rank NULLS LAST, bureau_name""",
                 params + ([list(f.bureaus)] if f.bureaus else []))


# ---------------------------------------------------------------------------------------
# 6 bureau profile


def bureau_reports(bureau_id: str) -> pl.DataFrame:
    return query("""
        SELECT year, status, error, error_reasons, template, file_name, is_preferred, superseded_by, bureau_name, published_on,
               deadline_on, published_late, figure_count, checks_failed, report_id, source_path
        FROM reports WHERE bureau_id = ? ORDER BY year, is_preferred DESC, source_path""", [bureau_id])


def bureau_source_files(bureau_id: str) -> pl.DataFrame:
    return query("""
        SELECT s.source_path, s.sha256, s.file_size_bytes, s.duplicate_of_path, r.year, r.report_id
        FROM source_files s JOIN reports r USING (report_id) WHERE r.bureau_id = ? ORDER BY r.year, s.source_path""",
                 [bureau_id])


def bureau_figures(bureau_id: str, preferred_only: bool = True) -> pl.DataFrame:
    return query(f"""
        SELECT r.year, f.metric, f.dimension, f.value, f.value_kind, f.raw_text, f.source_kind, f.unit, f.page,
               f.evidence, f.ocr_confidence, r.report_id, r.file_name
        FROM reports r JOIN figures f USING (report_id)
        WHERE r.bureau_id = ? {'AND r.is_preferred' if preferred_only else ''}
        ORDER BY f.metric, f.dimension NULLS FIRST, r.year""", [bureau_id])


def report_checks(bureau_id: str | None = None, f: Filters | None = None, statuses: tuple[str, ...] = ("fail",)
                  ) -> pl.DataFrame:
    """Checks with the given statuses, for one bureau or for the filtered reports (all versions)."""
    if bureau_id is not None:
        cond, params = "r.bureau_id = ?", [bureau_id]
    else:
        cond, params = where_reports(f or Filters(), comparable=False)
    return query(f"""
        SELECT r.bureau_name, r.year, c.rule, c.status, c.metric, c.dimension, c.expected, c.found,
               c.found - c.expected AS difference, c.detail, c.detail_code, c.detail_params, r.report_id, r.file_name,
               r.is_preferred
        FROM checks c JOIN reports r USING (report_id)
        WHERE {cond} AND list_contains(?::VARCHAR[], c.status)
        ORDER BY r.bureau_name, r.year, c.rule""", params + [list(statuses)])


# ---------------------------------------------------------------------------------------
# 8 data quality


def problem_files(f: Filters) -> pl.DataFrame:
    """Partial and failed files with their reasons. Failed files usually have no organ or year,
    so they are listed whatever the organ filters say (they cannot be attributed)."""
    cond, params = where_reports(f, comparable=False)
    return query(f"""
        SELECT r.status, r.error, r.error_reasons, r.file_name, r.source_path, r.bureau_name, r.year, r.template, r.report_id
        FROM reports r
        WHERE r.status <> 'parsed' AND (({cond}) OR (r.status = 'failed' AND r.bureau_id IS NULL))
        ORDER BY r.status, r.bureau_name NULLS FIRST, r.year""", params)


def superseded(f: Filters) -> pl.DataFrame:
    cond, params = where_reports(f, comparable=False)
    return query(f"""
        SELECT r.bureau_name, r.year, r.status, r.figure_count, r.file_name, r.report_id, r.superseded_by,
               p.file_name AS preferred_file
        FROM reports r LEFT JOIN reports p ON p.report_id = r.superseded_by
        WHERE NOT r.is_preferred AND {cond} ORDER BY r.bureau_name, r.year""", params)


# ---------------------------------------------------------------------------------------
# 9 data


def _filtered_figures_sql(f: Filters, metrics: list[str] | None, limit: int | None) -> tuple[str, list]:
    cond, params = where_reports(f)
    mcond = "list_contains(?::VARCHAR[], f.metric)" if metrics else "TRUE"
    lim = f"LIMIT {int(limit)}" if limit else ""
    return (f"""
        SELECT r.bureau_name, r.province, r.city, r.admin_level, r.bureau_type, r.year, r.template,
               f.metric, f.dimension, f.value, f.value_kind, f.raw_text, f.source_kind, f.unit, f.page, f.evidence,
               f.ocr_confidence, r.report_id, r.bureau_id
        FROM reports r JOIN figures f USING (report_id)
        WHERE {cond} AND {mcond}
        ORDER BY r.bureau_name, r.year, f.metric, f.dimension NULLS FIRST {lim}""",
            params + ([list(metrics)] if metrics else []))


def filtered_figures(f: Filters, metrics: list[str] | None = None, limit: int | None = None) -> pl.DataFrame:
    """The figures of the filtered reports with their organ and year (cached)."""
    return query(*_filtered_figures_sql(f, metrics, limit))


def filtered_figures_uncached(key: DbKey, f: Filters, metrics: list[str] | None = None) -> pl.DataFrame:
    """The same for a large download: run once when clicked, not kept in the cache."""
    sql, params = _filtered_figures_sql(f, metrics, None)
    cur = connect.cursor(connection(key))
    try:
        return cur.sql(sql, params=params).pl()
    finally:
        cur.close()


def count_filtered_figures(f: Filters, metrics: list[str] | None = None) -> int:
    cond, params = where_reports(f)
    mcond = "list_contains(?::VARCHAR[], f.metric)" if metrics else "TRUE"
    return int(query(f"""SELECT count(*) AS n FROM reports r JOIN figures f USING (report_id)
                         WHERE {cond} AND {mcond}""", params + ([list(metrics)] if metrics else [])).item())


# --- xxgk fetch provenance (issue 19) ---------------------------------------------------------------
def bureau_source_versions(bureau_id: str) -> pl.DataFrame:
    """Every collected version of the bureau's reports: the source link, when each version was
    downloaded and whether it replaced different bytes. Empty for databases without the table."""
    has_table = query("SELECT count(*) AS n FROM duckdb_tables() WHERE table_name = 'source_versions'")
    if has_table.is_empty() or has_table["n"][0] == 0:
        return pl.DataFrame()
    return query("""
        SELECT r.year, v.url AS source_url, v.version, v.fetched_at, v.changed, r.is_preferred, v.list_date,
               v.listed_title, v.last_modified, v.etag, v.sha256, v.note, r.report_id
        FROM source_versions v JOIN reports r USING (report_id)
        WHERE r.bureau_id = ? ORDER BY r.year, v.url, v.version""", [bureau_id])
# ---------------------------------------------------------------------------------------
# issue 23: trends that do not mislead, the quality page by preferred version, peer groups,
# the compare page's default


def metric_by_report_year(f: Filters, metrics: list[str], dimension: str | None = "total") -> pl.DataFrame:
    """One value per (bureau, year, metric) of the comparable reports, for aggregating over organs
    (dashboard/trends.py); dimension as in metric_by_year ('*': any, kept as a column)."""
    cond, params = where_reports(f)
    dim_cond = "TRUE" if dimension == "*" else ("f.dimension IS NULL" if dimension is None else "f.dimension = ?")
    dim_params = [] if dimension in ("*", None) else [dimension]
    return query(f"""
        SELECT r.bureau_id, r.bureau_name, r.year, f.metric, f.dimension, f.value
        FROM reports r JOIN figures f ON f.report_id = r.report_id
        WHERE {cond} AND list_contains(?::VARCHAR[], f.metric) AND {dim_cond} AND f.value IS NOT NULL
        ORDER BY ALL""", params + [list(metrics)] + dim_params)


def preferred_failed_checks(f: Filters) -> pl.DataFrame:
    """Failed checks of the preferred version of each organ-year, once each; the other files of
    the same organ and year in `other_files` (they are listed under non-preferred versions)."""
    cond, params = where_reports(f, comparable=False)
    return query(f"""
        SELECT r.bureau_name, r.year, c.rule, c.status, c.metric, c.dimension, c.expected, c.found,
               c.found - c.expected AS difference, c.detail, c.detail_code, c.detail_params, r.file_name,
               (SELECT string_agg(o.file_name, ' / ' ORDER BY o.file_name) FROM reports o
                WHERE o.bureau_id = r.bureau_id AND o.year = r.year AND o.report_id <> r.report_id) AS other_files,
               r.report_id
        FROM checks c JOIN reports r USING (report_id)
        WHERE {cond} AND r.is_preferred AND c.status = 'fail'
        ORDER BY r.bureau_name, r.year, c.rule, c.metric, c.dimension""", params)


def unknown_level_organs(f: Filters) -> pl.DataFrame:
    """Organs whose admin level could not be told: left out of peer groups, listed for review."""
    organs, params = where_organs(f.without_bureaus(), "b")
    return query(f"""
        SELECT b.bureau_name, b.province, b.city, b.county, b.bureau_type, b.first_year, b.last_year, b.bureau_id
        FROM bureaus b WHERE b.admin_level IS NULL AND {organs} ORDER BY b.bureau_name""", params)


def organs_with_most_years(f: Filters, n: int = 2) -> list[str]:
    """The `n` organs with the most years of comparable reports under the filters (then by name)."""
    cond, params = where_reports(f.without_bureaus())
    df = query(f"""
        SELECT r.bureau_id, count(DISTINCT r.year) AS years, min(r.bureau_name) AS name
        FROM reports r WHERE {cond} AND r.bureau_id IS NOT NULL
        GROUP BY r.bureau_id ORDER BY years DESC, name, r.bureau_id LIMIT {int(n)}""", params)
    return df["bureau_id"].to_list()
