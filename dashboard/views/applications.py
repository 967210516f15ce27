"""Requests (依申请公开, 表三): volumes, applicant mix, outcome shares, disclosure and denial rates."""
import polars as pl
import streamlit as st

from dashboard import charts, data, sidebar, trends, widgets
from dashboard.i18n import code_labels, metric_labels, relabel, t

VOLUMES = ["t3.received_new", "t3.carried_over", "t3.total_processed", "t3.carried_forward"]
DENIED = ["t3.denied.state_secret", "t3.denied.law_prohibited", "t3.denied.security_stability",
          "t3.denied.third_party", "t3.denied.internal_affairs", "t3.denied.process_info",
          "t3.denied.enforcement_file", "t3.denied.admin_query"]
UNAVAILABLE = ["t3.unavailable.not_held", "t3.unavailable.needs_creation", "t3.unavailable.unclear"]
NOT_PROCESSED = ["t3.not_processed.complaint", "t3.not_processed.repeat", "t3.not_processed.publication",
                 "t3.not_processed.mass_repeat", "t3.not_processed.confirmation"]
OTHER_2021 = ["t3.other.overdue_correction", "t3.other.overdue_fee", "t3.other.misc"]
# outcome rows of 表三 and the group each belongs to. （六）其他处理 is one row (t3.other) in the
# 2019 template and three sub-rows in 2021; the extractor emits one form or the other for a
# report, never both, so summing them into one group counts each request once.
OUTCOMES = {"t3.granted": "granted", "t3.partially_granted": "partially_granted",
            **{m: m for m in DENIED}, **{m: "unavailable" for m in UNAVAILABLE},
            **{m: "not_processed" for m in NOT_PROCESSED}, "t3.other": "other",
            **{m: "other" for m in OTHER_2021}}

APPLICANTS = ("natural_person", "commercial", "research", "social_org", "legal_service", "other_org")

f = sidebar.current()
METRICS, CODES = metric_labels(), code_labels()
st.title(t("p_requests"))
per_bureau = bool(f.bureaus)
mode = "sum" if per_bureau else widgets.aggregation_choice()
YEAR, COUNT, SHARE = t("axis_year"), t("unit_count"), t("unit_share")


def title(key: str, unit: str) -> str:
    return f"{t(key)}（{unit}）" if f.lang != "en" else f"{t(key)} ({unit})"


def combined(raw: pl.DataFrame, how: str, keys: tuple[str, ...]) -> pl.DataFrame:
    """Per organ (bureaus picked) or over organs the chosen way."""
    if per_bureau:
        return raw.with_columns(pl.lit(1, dtype=pl.UInt32).alias("organs"))
    return trends.aggregate(raw, how, keys)


st.subheader(t("volumes"))
raw_vol = data.metric_by_report_year(f, VOLUMES)
if not widgets.is_empty(raw_vol):
    vol = combined(raw_vol, mode, ("metric",))
    if per_bureau:
        vol = vol.with_columns((pl.col("bureau_name") + " · " + relabel("metric", METRICS)).alias("label"))
    else:
        vol = vol.with_columns(relabel("metric", METRICS).alias("label"))
    if vol.is_empty():
        st.info(t("balanced_empty"))
    else:
        widgets.chart(charts.lines(vol, "year", "value", "label", title("volumes", COUNT), hover=["organs"],
                                   order=[METRICS.get(m, m) for m in VOLUMES], x_title=YEAR, y_title=COUNT),
                      "volumes", trends.reports_behind(raw_vol))
        if not per_bureau:
            st.caption(t("organs_per_point", counts=trends.organs_per_year(vol)))

st.subheader(t("applicants"))
raw_mix = data.metric_by_report_year(f, ["t3.received_new"], dimension="*")
raw_mix = raw_mix.filter(pl.col("dimension") != "total")
if not widgets.is_empty(raw_mix):
    # shares of one whole: summed over organs (the balanced panel unless the plain sum is chosen)
    mix = trends.aggregate(raw_mix, trends.share_mode(mode), ("dimension",))
    mix = mix.with_columns(relabel("dimension", CODES).alias("applicant"),
                           (pl.col("value") / pl.col("value").sum().over("year")).alias("share"))
    widgets.chart(charts.bars(mix, "year", "share", "applicant", title("applicants", SHARE), percent=True,
                              hover=["value", "organs"], order=[CODES[d] for d in APPLICANTS], x_title=YEAR,
                              y_title=SHARE), "applicants", trends.reports_behind(raw_mix))

st.subheader(t("outcomes"))
raw_out = data.metric_by_report_year(f, list(OUTCOMES))
if not widgets.is_empty(raw_out):
    raw_out = raw_out.with_columns(pl.col("metric").replace_strict(OUTCOMES).alias("group"))
    out = trends.aggregate(raw_out, trends.share_mode(mode), ("group",))
    grouped = out.with_columns(relabel("group", {**METRICS, **CODES}).alias("outcome"))
    grouped = grouped.with_columns((pl.col("value") / pl.col("value").sum().over("year")).alias("share"))
    outcome_order = list(dict.fromkeys({**METRICS, **CODES}.get(g, g) for g in OUTCOMES.values()))
    widgets.chart(charts.bars(grouped, "year", "share", "outcome", title("outcomes", SHARE), percent=True,
                              hover=["value", "organs"], order=outcome_order, x_title=YEAR, y_title=SHARE),
                  "outcomes", trends.reports_behind(raw_out))

    st.subheader(t("rates"))
    st.caption(t("rates_note"))
    raw_rates = data.metric_by_report_year(f, ["t3.granted", "t3.partially_granted", "t3.total_processed", *DENIED])
    raw_rates = raw_rates.with_columns(pl.when(pl.col("metric").is_in(DENIED)).then(pl.lit("denied"))
                                       .otherwise(pl.col("metric")).alias("m"))
    raw_rates = raw_rates.group_by("bureau_id", "year", "m").agg(pl.col("value").sum())
    wide = trends.aggregate(raw_rates, trends.share_mode(mode), ("m",))
    wide = wide.pivot(on="m", index="year", values="value").sort("year")
    for col in ("t3.granted", "t3.partially_granted", "t3.total_processed", "denied"):
        if col not in wide.columns:
            wide = wide.with_columns(pl.lit(None, dtype=pl.Float64).alias(col))
    total = pl.when(pl.col("t3.total_processed") > 0).then(pl.col("t3.total_processed"))
    rates = wide.select("year",
                        ((pl.col("t3.granted") + pl.col("t3.partially_granted")) / total).alias("disclosure_rate"),
                        (pl.col("denied") / total).alias("denial_rate"))
    long = rates.unpivot(index="year", variable_name="rate", value_name="value").with_columns(
        relabel("rate", CODES))
    widgets.chart(charts.lines(long, "year", "value", "rate", title("rates", SHARE), percent=True, x_title=YEAR,
                               y_title=SHARE), "rates", trends.reports_behind(raw_rates))
    widgets.table(rates, key="rates_table")
    widgets.downloads(data.metric_by_year(f, VOLUMES + list(OUTCOMES), dimension="*", by_dimension=True),
                      "requests", "requests")
