"""Links from the other pages to the report and review pages (issue 22)."""
from __future__ import annotations

import polars as pl
import streamlit as st

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
