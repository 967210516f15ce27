"""Small building blocks the pages share: downloads, tables, empty states."""
from __future__ import annotations

import io

import polars as pl
import streamlit as st

from dashboard.i18n import t


def to_csv(df: pl.DataFrame) -> bytes:
    # UTF-8 with BOM so that Excel opens the Chinese text correctly
    return b"\xef\xbb\xbf" + df.write_csv().encode("utf-8")


def to_parquet(df: pl.DataFrame) -> bytes:
    buf = io.BytesIO()
    df.write_parquet(buf)
    return buf.getvalue()


def downloads(df: pl.DataFrame, name: str, key: str) -> None:
    """CSV and Parquet buttons for exactly the rows shown (or the full filtered set)."""
    c1, c2, _ = st.columns([1, 1, 4])
    c1.download_button(t("download_csv"), to_csv(df), file_name=f"{name}.csv", mime="text/csv",
                       key=f"{key}_csv", icon=":material/download:")
    c2.download_button(t("download_parquet"), to_parquet(df), file_name=f"{name}.parquet",
                       mime="application/vnd.apache.parquet", key=f"{key}_parquet", icon=":material/download:")


def table(df: pl.DataFrame, key: str | None = None, height: int | str = "auto") -> None:
    """A table; text is shown as text (never rendered as HTML), missing values as empty cells."""
    st.dataframe(df, hide_index=True, key=key, height=height)


def is_empty(df: pl.DataFrame) -> bool:
    if df.is_empty():
        st.info(t("empty"), icon=":material/filter_alt_off:")
        return True
    return False
