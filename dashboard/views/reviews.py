"""Reviews and lawsuits (表四): counts and correction rates over the years."""
import polars as pl
import streamlit as st

from dashboard import charts, data, sidebar, trends, widgets
from dashboard.i18n import metric_labels, relabel, t

KINDS = ("t4.review", "t4.litigation_direct", "t4.litigation_after_review")
RESULTS = ("upheld", "corrected", "other", "pending", "total")
METRICS = [f"{k}.{r}" for k in KINDS for r in RESULTS]

f = sidebar.current()
METRIC_NAMES = metric_labels()
st.title(t("p_reviews"))
per_bureau = bool(f.bureaus)
mode = "sum" if per_bureau else widgets.aggregation_choice()
YEAR, COUNT, SHARE = t("axis_year"), t("unit_count"), t("unit_share")


def title(key: str, unit: str) -> str:
    return f"{t(key)}（{unit}）" if f.lang != "en" else f"{t(key)} ({unit})"


raw = data.metric_by_report_year(f, METRICS, dimension=None)
if not widgets.is_empty(raw):
    st.subheader(t("t4_counts"))
    raw_totals = raw.filter(pl.col("metric").str.ends_with(".total"))
    if per_bureau:
        totals = raw_totals.with_columns(pl.lit(1, dtype=pl.UInt32).alias("organs"),
                                         (pl.col("bureau_name") + " · " + relabel("metric", METRIC_NAMES)).alias("label"))
    else:
        totals = trends.aggregate(raw_totals, mode).with_columns(relabel("metric", METRIC_NAMES).alias("label"))
    if totals.is_empty():
        st.info(t("balanced_empty"))
    else:
        widgets.chart(charts.lines(totals, "year", "value", "label", title("t4_counts", COUNT), hover=["organs"],
                                   x_title=YEAR, y_title=COUNT), "t4_counts", trends.reports_behind(raw_totals))
        if not per_bureau:
            st.caption(t("organs_per_point", counts=trends.organs_per_year(totals)))

    st.subheader(t("correction_rate"))
    st.caption(t("correction_note"))
    df = trends.aggregate(raw, trends.share_mode(mode)) if not per_bureau else trends.aggregate(raw, "sum")
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
    widgets.chart(charts.lines(rates, "year", "correction_rate", "label", title("correction_rate", SHARE),
                               percent=True, hover=["corrected", "total"], x_title=YEAR, y_title=SHARE),
                  "correction_rate", trends.reports_behind(raw))
    widgets.table(rates.select("year", "label", *RESULTS, "correction_rate"), key="t4_table")
    st.caption(t("missing_note"))
    widgets.downloads(raw, "reviews_lawsuits", "t4")
