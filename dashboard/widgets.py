"""Small building blocks the pages share: downloads, tables, empty states."""
from __future__ import annotations

import io
import os
import re
from typing import Callable

import polars as pl
import streamlit as st

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


def table(df: pl.DataFrame, key: str | None = None, height: int | str = "auto", extra_config: dict | None = None) -> None:
    """A table; text is shown as text (never rendered as HTML), missing values as empty cells.
    `extra_config`: column configs of particular columns (e.g. a link column)."""
    # dates as ISO text: the grid would otherwise show them as midnight timestamps
    dates = [c for c, dt in df.schema.items() if dt == pl.Date]
    if dates:
        df = df.with_columns(pl.col(dates).dt.to_string("%Y-%m-%d"))
    config = {c: st.column_config.Column(column_label(c)) for c in df.columns if column_label(c) != c}
    config.update(extra_config or {})
    st.dataframe(df, hide_index=True, key=key, height=height, column_config=config or None)


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$])")


def md_escape(text: str) -> str:
    """Report text (organ names) placed in a markdown element is shown literally."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def is_empty(df: pl.DataFrame) -> bool:
    if df.is_empty():
        st.info(t("empty"), icon=":material/filter_alt_off:")
        return True
    return False
