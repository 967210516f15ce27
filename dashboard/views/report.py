"""One report's 表二, 表三 and 表四 as printed (issue 22): the template's layout with Chinese
labels (dashboard.printed), every cell its value or its blank/not-applicable mark, failing
cells in red with the expected value on hover, derived/corrected/OCR cells marked, each cell a
link to its review view. Address: /report?report=<report_id>.

Drawn with Streamlit elements only (a row of bordered columns per table row, a page link per
value cell): report text is never rendered as HTML. A label spanning several rows is shown
on its first row."""
from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard import data, review_data, sidebar, widgets
from dashboard.printed import (CellState, Head, PrintedTable, cell_text, expanded, marks, printed_tables,
                               review_query, tooltip, widths)
from dashboard.review_labels import tr
from dashboard.review_links import choose_report

sidebar.current()
st.title(tr("p_report"))

report_id = st.query_params.get("report")
if not report_id:
    report_id = choose_report(standard_tables_only=True)
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

states: dict = {}
for row in review_data.figures(report_id).iter_rows(named=True):
    key = (row["metric"], row["dimension"])
    if key not in states:  # the first figure of a cell is the cell (as the identities read it)
        states[key] = CellState(row["value"], row["value_kind"], row["source_kind"], bool(row["corrected"]), [])
for c in review_data.checks(report_id).filter(pl.col("status") == "fail").iter_rows(named=True):
    state = states.get((c["metric"], c["dimension"]))
    if state is not None:
        state.expected.append((c["rule"], c["expected"], c["detail"]))

catalog = data.metric_catalog()
tables = printed_tables(rep["template"], dict(zip(catalog["metric"].to_list(), catalog["label_zh"].to_list())),
                        set(states))


def _value_link(cell, container) -> None:
    key = (cell.metric, cell.dimension)
    state = states.get(key)
    text, _ = cell_text(state)
    failing = state is not None and bool(state.expected)
    label = f":red[**{text}**]" if failing else (f":gray[{text}]" if state is None else text)
    label += "".join(f" :violet[{m}]" for m, _ in marks(state))
    container.page_link("views/review.py", label=label, help=tooltip(key, state),
                        icon=":material/error:" if failing else None,
                        query_params=review_query(report_id, cell.metric, cell.dimension))


def draw(table: PrintedTable) -> None:
    w = widths(table)
    n_heading = len(table.heading)
    for r, line in enumerate(expanded(table.heading + table.rows)):
        columns = st.columns([sum(w[col:col + span]) for col, span, _ in line], gap=None,
                             vertical_alignment="center", border=True)
        for (_, _, cell), container in zip(line, columns):
            if cell is None:
                continue  # under a label that spans rows
            if isinstance(cell, Head):
                if cell.text:
                    text = widgets.md_escape(cell.text)
                    container.markdown(f"**{text}**" if (r < n_heading or cell.heading) else text)
            else:
                _value_link(cell, container)


if not tables:
    st.info(tr("no_tables"))
else:
    st.caption(tr("legend"))
    for table in tables:
        st.markdown(f"#### {table.name}")
        draw(table)
