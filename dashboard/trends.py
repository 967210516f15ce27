"""Totals over years that do not mislead when the set of organs changes from year to year.

A sum over "the organs under the filters" jumps when a large organ reports in one year only.
Each trend is therefore aggregated one of three ways, and every point carries the number of
organs behind it:
- balanced: the sum over the balanced panel, the organs with a value in every year the metric
  has values for (the default: it cannot move because organs come and go);
- median: the median over the organs reporting that year (one organ's size cannot move it far);
- sum: the plain sum over every organ reporting that year (what the tables of the reports add up to).
Pure functions: polars frames in, frames out.
"""
from __future__ import annotations

import polars as pl

MODES = ("balanced", "median", "sum")
DEFAULT_MODE = "balanced"
FEW_REPORTS = 5  # a chart drawn from fewer reports says so


def aggregate(df: pl.DataFrame, mode: str, keys: tuple[str, ...] = ("metric",)) -> pl.DataFrame:
    """Per-organ values (bureau_id, year, keys…, value) → (year, keys…, value, organs)."""
    if mode not in MODES:
        raise ValueError(f"unknown aggregation {mode!r}")
    keys = list(keys)
    if df.is_empty():
        return pl.DataFrame(schema={"year": pl.Int32, **{k: df.schema.get(k, pl.Utf8) for k in keys},
                                    "value": pl.Float64, "organs": pl.UInt32})
    if mode == "balanced":
        years = df.group_by(keys).agg(pl.col("year").n_unique().alias("_years"))
        per_organ = df.group_by(keys + ["bureau_id"]).agg(pl.col("year").n_unique().alias("_organ_years"))
        panel = per_organ.join(years, on=keys).filter(pl.col("_organ_years") == pl.col("_years"))
        df = df.join(panel.select(keys + ["bureau_id"]), on=keys + ["bureau_id"])
    value = pl.col("value").median() if mode == "median" else pl.col("value").sum()
    return (df.group_by(["year"] + keys).agg(value.alias("value"), pl.col("bureau_id").n_unique().alias("organs"))
            .sort(["year"] + keys))


def share_mode(mode: str) -> str:
    """Shares (applicant mix, outcomes, rates) are ratios of sums: the median has no share, so
    they use the balanced panel unless the plain sum is asked for."""
    return "sum" if mode == "sum" else "balanced"


def reports_behind(df: pl.DataFrame) -> int:
    """How many reports (organ-years) a per-organ frame holds."""
    return 0 if df.is_empty() else df.select("bureau_id", "year").n_unique()


def organs_per_year(agg: pl.DataFrame) -> str:
    """'2019: 12 · 2020: 14' for a caption under a chart of one series."""
    per = agg.group_by("year").agg(pl.col("organs").max()).sort("year")
    return " · ".join(f"{y}: {n}" for y, n in per.iter_rows())
