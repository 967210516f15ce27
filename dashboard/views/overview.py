"""Overview: how much is in the database, which organs published for which year, who is missing or late."""
import polars as pl
import streamlit as st

from dashboard import charts, data, sidebar, widgets
from dashboard.i18n import code, code_labels, relabel, t

MATRIX_ROWS = 60  # bureaus drawn in the matrix; the full table is downloadable

f = sidebar.current()
st.title(t("p_overview"))

counts = data.overview_counts(f)
cols = st.columns(5)
for col, key, label in zip(cols, ("reports", "bureaus", "years", "figures", "checks_failed"),
                           ("reports", "bureaus", "n_years", "figures", "checks_failed")):
    col.metric(t(label), f"{counts[key]:,}")

status = data.status_counts()
st.caption(t("status_all") + ": " + " · ".join(f"{code(s)} {n:,}" for s, n in status.iter_rows()))

st.subheader(t("coverage"))
cov = data.coverage(f)
if not widgets.is_empty(cov):
    # organs with the most gaps first: the matrix is there to show who is missing or late
    gaps = (cov.group_by("bureau_id", "bureau_name").agg((pl.col("coverage") != "parsed").sum().alias("gaps"))
            .sort(["gaps", "bureau_name"], descending=[True, False]))
    names = gaps["bureau_id"]
    order = {b: i for i, b in enumerate(names.head(MATRIX_ROWS))}
    shown = (cov.filter(pl.col("bureau_id").is_in(list(order)))
             .sort(pl.col("bureau_id").replace_strict(order, return_dtype=pl.Int32), "year"))
    labels = {k: code(k) for k in charts.COVERAGE_COLORS}
    widgets.chart(charts.coverage_matrix(shown, labels, t("chart_coverage"), x_title=t("axis_year")), "coverage_chart",
                  shown.filter(pl.col("report_id").is_not_null()).height)
    if len(names) > MATRIX_ROWS:
        st.caption(t("coverage_cap", n=MATRIX_ROWS))
    widgets.downloads(cov, "coverage", "coverage")

    years = sorted(cov["year"].unique().to_list(), reverse=True)
    year = st.selectbox(t("year"), years, key="year", bind=sidebar.BIND, placeholder=t("choose_one"))
    st.subheader(t("unpublished", year=year))
    late = data.unpublished(f, year)
    if late.is_empty():
        st.success(t("all_published"))
    else:
        widgets.table(late.with_columns(relabel("problem", code_labels())), key="unpublished")
        widgets.downloads(late, f"unpublished_{year}", "unpublished")
