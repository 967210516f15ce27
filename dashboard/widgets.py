"""Small building blocks the pages share: downloads, tables, empty states."""
from __future__ import annotations

import io
import os
import re
from typing import Callable

import polars as pl
import streamlit as st

from dashboard import i18n
from dashboard.i18n import column_label, t


def to_csv(df: pl.DataFrame) -> bytes:
    # UTF-8 with BOM so that Excel opens the Chinese text correctly
    return b"\xef\xbb\xbf" + df.write_csv().encode("utf-8")


def to_parquet(df: pl.DataFrame) -> bytes:
    buf = io.BytesIO()
    df.write_parquet(buf)
    return buf.getvalue()


# Above this many rows the file is written only when the button is clicked (a callable), so a
# rerun does not serialise a large frame twice for nothing.
# (XXGK_EAGER_DOWNLOAD_ROWS changes it; the end-to-end test lowers it to exercise the deferred path)
EAGER_ROWS = int(os.environ.get("XXGK_EAGER_DOWNLOAD_ROWS", "20000"))


def downloads(df: pl.DataFrame | Callable[[], pl.DataFrame], name: str, key: str, rows: int | None = None) -> None:
    """CSV and Parquet buttons for the rows shown (or the full filtered set).

    df: the frame, or a function returning it (with `rows` its size) for sets too big to fetch on
    every rerun."""
    if callable(df) or (rows if rows is not None else df.height) > EAGER_ROWS:
        get = df if callable(df) else (lambda: df)
        csv_data, parquet_data = (lambda: to_csv(get())), (lambda: to_parquet(get()))
    else:
        csv_data, parquet_data = to_csv(df), to_parquet(df)
    c1, c2, _ = st.columns([1, 1, 2])
    # on_click="ignore": a download must not rerun the page. A rerun gives every deferred
    # button a new file id, and a click on the other button before the browser has the new
    # ids downloads nothing.
    c1.download_button(t("download_csv"), csv_data, file_name=f"{name}.csv", mime="text/csv",
                       key=f"{key}_csv", icon=":material/download:", on_click="ignore")
    c2.download_button(t("download_parquet"), parquet_data, file_name=f"{name}.parquet",
                       mime="application/vnd.apache.parquet", key=f"{key}_parquet", icon=":material/download:",
                       on_click="ignore")


NO_VALUE = "—"  # a missing value in a table cell (explained under the table), never "None"


def for_display(df: pl.DataFrame) -> pl.DataFrame:
    """The frame as a reader of the current language sees it: reasons and check details rendered
    from their codes, coded cells as words, rule ids as rule names (codes stay in downloads)."""
    from etl.metadata import reasons

    lang = i18n.lang()
    # English: the sentences as the extractor wrote them (richer than the template); Chinese: from the codes
    if "error_reasons" in df.columns:
        if "error" in df.columns and lang != "en":
            df = df.with_columns(pl.struct("error", "error_reasons").map_elements(
                lambda r: reasons.render_reasons(r["error_reasons"], lang) or r["error"],
                return_dtype=pl.Utf8).alias("error"))
        df = df.drop("error_reasons", "error_code", strict=False)
    if "detail_code" in df.columns:
        if "detail" in df.columns and lang != "en":
            df = df.with_columns(pl.struct("detail", "detail_code", "detail_params").map_elements(
                lambda r: reasons.render(r["detail_code"], r["detail_params"], lang) if r["detail_code"] else r["detail"],
                return_dtype=pl.Utf8).alias("detail"))
        df = df.drop("detail_code", "detail_params", strict=False)
    labels = i18n.code_labels()
    coded = [c for c in i18n.CODED_COLUMNS if c in df.columns and df.schema[c] == pl.Utf8]
    if coded:
        df = df.with_columns(i18n.relabel(c, labels) for c in coded)
    if "rule" in df.columns and df.schema["rule"] == pl.Utf8:
        rules = {r: i18n.rule_label(r) for r in df["rule"].drop_nulls().unique().to_list()}
        df = df.with_columns(i18n.relabel("rule", rules))
    bools = [c for c, dt in df.schema.items() if dt == pl.Boolean]
    if bools:  # true/false in words
        yes, no = ("是", "否") if lang == "zh" else ("yes", "no")
        df = df.with_columns(pl.when(pl.col(c)).then(pl.lit(yes)).when(pl.col(c).not_()).then(pl.lit(no))
                             .otherwise(None).alias(c) for c in bools)
    return df


def table(df: pl.DataFrame, key: str | None = None, height: int | str = "auto", extra_config: dict | None = None) -> None:
    """A table in the UI language: every header labelled, coded cells and reasons as words, a
    missing value as "—" with a legend saying it is not 0. Text is shown as text (never HTML).
    `extra_config`: column configs of particular columns (e.g. a link column)."""
    # dates as ISO text: the grid would otherwise show them as midnight timestamps
    dates = [c for c, dt in df.schema.items() if dt == pl.Date]
    if dates:
        df = df.with_columns(pl.col(dates).dt.to_string("%Y-%m-%d"))
    df = for_display(df)
    config = {c: st.column_config.Column(column_label(c)) for c in df.columns}
    config.update(extra_config or {})
    st.dataframe(df, hide_index=True, key=key, height=height, column_config=config or None, placeholder=NO_VALUE)
    if df.null_count().sum_horizontal().item() > 0:
        st.caption(t("null_legend"))


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$])")


def md_escape(text: str) -> str:
    """Report text (organ names) placed in a markdown element is shown literally."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def is_empty(df: pl.DataFrame) -> bool:
    if df.is_empty():
        st.info(t("empty"), icon=":material/filter_alt_off:")
        return True
    return False


def aggregation_choice() -> str:
    """How a trend combines organs (dashboard/trends.py); the default cannot mislead."""
    from dashboard.trends import DEFAULT_MODE, MODES

    labels = {"balanced": t("agg_balanced"), "median": t("agg_median"), "sum": t("agg_sum")}
    value = st.radio(t("aggregate"), MODES, index=MODES.index(DEFAULT_MODE), format_func=labels.get, key="agg",
                     horizontal=True, help=t("agg_help"))
    return value or DEFAULT_MODE


def chart(fig, key: str, reports: int | None = None) -> None:
    """A chart, with a note when it rests on only a few reports."""
    from dashboard.trends import FEW_REPORTS

    st.plotly_chart(fig, key=key)
    if reports is not None and reports < FEW_REPORTS:
        st.caption(t("few_reports", n=reports))


def unit_label(unit: str | None) -> str:
    """The axis title of a unit of metric_catalog."""
    return t({"wan_yuan": "unit_wan_yuan", "ratio": "unit_ratio", "share": "unit_share"}.get(unit or "", "unit_count"))
