"""Links from the other pages to the report and review pages (issue 22)."""
from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard.i18n import t
from dashboard.review_labels import tr


def report_links(reports: pl.DataFrame) -> None:
    """One link per report (year · file) to its tables as printed, in a few columns."""
    rows = reports.filter(pl.col("template").is_in(["t2019", "t2021"])) if "template" in reports.columns else reports
    if rows.is_empty():
        return
    st.caption(tr("reports_of_bureau"))
    cols = st.columns(3)
    for i, r in enumerate(rows.iter_rows(named=True)):
        cols[i % 3].page_link("views/report.py", label=f"{r['year'] or '?'} · {r['file_name']}",
                              icon=":material/table_view:", query_params={"report": r["report_id"]})


def _review_url(report_id: str | None, metric: str | None, dimension: str | None) -> str | None:
    from urllib.parse import urlencode

    from dashboard.printed import review_query

    if not report_id or not metric:
        return None
    return "review?" + urlencode(review_query(report_id, metric, dimension))


def with_review_links(df: pl.DataFrame) -> pl.DataFrame:
    """The frame with a `review` column: the review page of each row's figure (rows with a
    report_id and a metric), first, so a figure opens in place with one click."""
    if df.is_empty() or not {"report_id", "metric"} <= set(df.columns):
        return df
    dims = df["dimension"] if "dimension" in df.columns else pl.Series([None] * df.height)
    urls = [_review_url(r, m, d) for r, m, d in zip(df["report_id"], df["metric"], dims)]
    return df.with_columns(pl.Series("review", urls, dtype=pl.Utf8)).select("review", pl.exclude("review"))


def review_link_config() -> dict:
    return {"review": st.column_config.LinkColumn(tr("p_review"), display_text="🔍")}


def choose_report(standard_tables_only: bool) -> str | None:
    """A report picked from a list (when the address names none): organ · year · file."""
    from dashboard import data, widgets

    where = "template IN ('t2019', 't2021')" if standard_tables_only else "figure_count > 0"
    reports = data.query(f"""SELECT report_id, coalesce(bureau_name, file_name) || ' · ' || coalesce(CAST(year AS VARCHAR), '?')
                             || ' · ' || file_name AS label FROM reports WHERE {where}
                             ORDER BY bureau_name, year, file_name LIMIT 5000""")
    if widgets.is_empty(reports):
        return None
    labels = dict(zip(reports["report_id"].to_list(), reports["label"].to_list()))
    return st.selectbox(tr("choose_report"), list(labels), format_func=labels.get, index=None, placeholder=t("choose_one"))
