"""One report's 表二, 表三 and 表四 as printed (issue 22): the template's layout with Chinese
labels (dashboard.printed), every cell its value or its blank/not-applicable mark, failing
cells in red with the expected value on hover, derived/corrected/OCR cells marked, each cell a
link to its review view. Address: /report?report=<report_id>."""
from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard import data, review_data, sidebar, widgets
from dashboard.i18n import lang
from dashboard.printed import CellState, printed_tables, review_href, to_html
from dashboard.review_labels import tr

f = sidebar.current()
st.title(tr("p_report"))

report_id = st.query_params.get("report")
if not report_id:
    reports = data.query("""SELECT report_id, coalesce(bureau_name, file_name) || ' · ' || coalesce(CAST(year AS VARCHAR), '?')
                            || ' · ' || file_name AS label FROM reports WHERE template IN ('t2019', 't2021')
                            ORDER BY bureau_name, year, file_name LIMIT 5000""")
    if widgets.is_empty(reports):
        st.stop()
    labels = dict(zip(reports["report_id"].to_list(), reports["label"].to_list()))
    report_id = st.selectbox(tr("choose_report"), list(labels), format_func=labels.get, index=None)
    if report_id is None:
        st.stop()
    st.query_params["report"] = report_id

rep = review_data.report(report_id)
if rep is None:
    st.error(tr("no_report"))
    st.stop()
st.subheader(widgets.md_escape(f"{rep['bureau_name'] or rep['file_name']} · {rep['year'] or '?'}"), anchor=False)
st.caption(widgets.md_escape(f"{rep['file_name']} · {rep['template'] or '?'} · {rep['status']}"
                             + (f" — {rep['error']}" if rep["error"] else "")))

figs = review_data.figures(report_id)
states: dict = {}
for row in figs.iter_rows(named=True):
    key = (row["metric"], row["dimension"])
    if key not in states:  # the first figure of a cell is the cell (as the identities read it)
        states[key] = CellState(row["value"], row["value_kind"], row["source_kind"], bool(row["corrected"]), [])
for c in review_data.checks(report_id).filter(pl.col("status") == "fail").iter_rows(named=True):
    state = states.get((c["metric"], c["dimension"]))
    if state is not None:
        state.expected.append((c["rule"], c["expected"], c["detail"]))

catalog = data.metric_catalog()
labels_zh = dict(zip(catalog["metric"].to_list(), catalog["label_zh"].to_list()))
tables = printed_tables(rep["template"], labels_zh, set(states))
if not tables:
    st.info(tr("no_tables"))
else:
    st.caption(tr("legend"))
    current = lang()
    for table in tables:
        st.markdown(f"**{table.name}**")
        st.html(to_html(table, states, lambda m, d: review_href(report_id, m, d, current)))
