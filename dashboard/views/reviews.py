"""Reviews and lawsuits (表四): counts and correction rates over the years."""
import polars as pl
import streamlit as st

from dashboard import charts, data, sidebar, widgets
from dashboard.i18n import metric_labels, relabel, t

KINDS = ("t4.review", "t4.litigation_direct", "t4.litigation_after_review")
RESULTS = ("upheld", "corrected", "other", "pending", "total")
METRICS = [f"{k}.{r}" for k in KINDS for r in RESULTS]

f = sidebar.current()
METRIC_NAMES = metric_labels()
st.title(t("p_reviews"))
if not f.bureaus:
    st.caption(t("group_note"))
df = data.metric_by_year(f, METRICS, dimension=None)
if not widgets.is_empty(df):
    totals = df.filter(pl.col("metric").str.ends_with(".total")).with_columns(
        relabel("metric", METRIC_NAMES).alias("label"))
    st.subheader(t("t4_counts"))
    st.plotly_chart(charts.lines(totals, "year", "value", "label", hover=["reporting"]), key="t4_counts")

    st.subheader(t("correction_rate"))
    st.caption(t("correction_note"))
    parts = df.with_columns(pl.col("metric").str.extract(r"^(t4\.[a-z_]+)\.", 1).alias("kind"),
                            pl.col("metric").str.extract(r"\.([a-z]+)$", 1).alias("result"))
    wide = parts.pivot(on="result", index=["year", "kind"], values="value", aggregate_function="first")
    for col in RESULTS:
        if col not in wide.columns:
            wide = wide.with_columns(pl.lit(None, dtype=pl.Float64).alias(col))
    rates = wide.with_columns(
        (pl.col("corrected") / pl.when(pl.col("total") > 0).then(pl.col("total"))).alias("correction_rate"),
        relabel("kind", {k: METRIC_NAMES.get(k + ".total", k) for k in KINDS}).alias("label"),
    ).sort("year", "kind")
    st.plotly_chart(charts.lines(rates, "year", "correction_rate", "label", percent=True,
                                 hover=["corrected", "total"]), key="correction_rate")
    widgets.table(rates.select("year", "label", *RESULTS, "correction_rate"), key="t4_table")
    st.caption(t("missing_note"))
    widgets.downloads(df, "reviews_lawsuits", "t4")
