"""Queries of the review and report pages (issue 22), through dashboard.data's one cached
read-only connection. A database built before figures had boxes and corrections (no
`figures.bbox`) still opens: those columns read as NULL/false."""
from __future__ import annotations

import polars as pl

from dashboard import data


def _figure_columns() -> set[str]:
    return set(data.query("SELECT column_name FROM information_schema.columns WHERE table_name = 'figures'")
               ["column_name"].to_list())


def _optional(name: str, fallback: str) -> str:
    return f"f.{name}" if name in _figure_columns() else f"{fallback} AS {name}"


def _extra_columns() -> str:
    return ", ".join([_optional("bbox", "NULL::DOUBLE[4]"), _optional("locator", "NULL::VARCHAR"),
                      _optional("corrected", "false"), _optional("extracted_value", "f.value"),
                      _optional("extracted_value_kind", "f.value_kind")])


def report(report_id: str) -> dict | None:
    df = data.query("SELECT * FROM reports WHERE report_id = ?", [report_id])
    return df.row(0, named=True) if df.height else None


def report_paths(report_id: str) -> list[str]:
    """Every path the report's bytes were found under (its own first)."""
    df = data.query("""
        SELECT source_path FROM reports WHERE report_id = ?
        UNION ALL SELECT source_path FROM source_files WHERE report_id = ?""", [report_id, report_id])
    return list(dict.fromkeys(df["source_path"].to_list()))


def figures(report_id: str) -> pl.DataFrame:
    """Every figure of the report, in the order the extractor emitted them."""
    return data.query(f"""
        SELECT f.metric, f.dimension, f.value, f.value_kind, f.raw_text, f.source_kind, f.page, f.evidence,
               {_extra_columns()}
        FROM figures f WHERE f.report_id = ? ORDER BY f.rowid""", [report_id])


def figure(report_id: str, metric: str, dimension: str | None) -> dict | None:
    df = figures(report_id).filter((pl.col("metric") == metric)
                                   & (pl.col("dimension").is_null() if dimension is None
                                      else pl.col("dimension") == dimension))
    return df.row(0, named=True) if df.height else None


def checks(report_id: str) -> pl.DataFrame:
    return data.query("""
        SELECT rule, status, metric, dimension, expected, found, detail FROM checks
        WHERE report_id = ? ORDER BY status = 'pass', rule, metric, dimension""", [report_id])


def cell_checks(report_id: str, metric: str, dimension: str | None) -> pl.DataFrame:
    """The checks whose main cell is this one, or whose detail names its row (an identity
    over a row or a column involves every cell in it)."""
    df = checks(report_id)
    same_metric = pl.col("metric") == metric
    same_cell = same_metric & (pl.col("dimension").is_null() if dimension is None else
                               (pl.col("dimension") == dimension) | pl.col("dimension").is_null())
    same_column = (pl.col("dimension") == dimension) if dimension is not None else pl.lit(False)
    return df.filter(same_cell | (same_column & pl.col("rule").is_in(["t3.balance", "t3.outcome_sum"]))
                     | (same_metric & (pl.col("rule") == "t3.row_sum")))


def versions(report_id: str) -> pl.DataFrame:
    """Every report of the same organ and year (this one included), newest ingest first."""
    return data.query("""
        SELECT o.report_id, o.file_name, o.file_format, o.status, o.is_preferred, o.checks_failed, o.source_path
        FROM reports r JOIN reports o ON o.bureau_id = r.bureau_id AND o.year = r.year
        WHERE r.report_id = ? ORDER BY o.is_preferred DESC, o.source_path""", [report_id])


def corrections_of(report_id: str) -> pl.DataFrame:
    present = data.query("SELECT count(*) AS n FROM information_schema.tables WHERE table_name = 'corrections'")
    if not present["n"][0]:
        return pl.DataFrame()
    return data.query("""
        SELECT line, metric, dimension, value, extracted_value, status, reason, reviewer, corrected_at
        FROM corrections WHERE report_id = ? ORDER BY line""", [report_id])


def corrected_counts() -> pl.DataFrame:
    """Corrected cells per report (the quality page)."""
    if "corrected" not in _figure_columns():
        return pl.DataFrame()
    return data.query("""
        SELECT r.bureau_name, r.year, count(*) AS corrected_cells, r.report_id, r.file_name
        FROM figures f JOIN reports r USING (report_id) WHERE f.corrected
        GROUP BY ALL ORDER BY r.bureau_name, r.year""")
