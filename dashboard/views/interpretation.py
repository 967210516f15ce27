"""Interpretation ratio: policy interpretations per policy document, ranked only among peers."""
import polars as pl
import streamlit as st

from dashboard import charts, data, sidebar, widgets
from dashboard.i18n import code_labels, relabel, t

CHART_ROWS = 30

f = sidebar.current()
st.title(t("p_interpretation"))
st.caption(t("ratio_note"))

df = data.interpretation_ratio(f)
if not widgets.is_empty(df):
    # an organ whose level or type is unknown has no peers: it forms no group (the quality page lists it)
    df = df.filter(pl.col("admin_level").is_not_null() & pl.col("bureau_type").is_not_null())
    levels = code_labels()
    df = df.with_columns(pl.concat_str([relabel("admin_level", levels), pl.col("bureau_type")],
                                       separator=" · ").alias("peer_group"))
groups = sorted(df["peer_group"].unique().to_list()) if not df.is_empty() else []
if groups:
    c1, c2 = st.columns(2)
    group = c1.selectbox(t("peer_group"), groups, key="peer", bind=sidebar.BIND, placeholder=t("choose_one"))
    years = sorted(df.filter(pl.col("peer_group") == group)["year"].unique().to_list(), reverse=True)
    year = c2.selectbox(t("year"), years, key="ratio_year", bind=sidebar.BIND, placeholder=t("choose_one"))
    sel = df.filter((pl.col("peer_group") == group) & (pl.col("year") == year)).sort("peer_rank", nulls_last=True)
    ranked = sel.filter(pl.col("ratio").is_not_null())
    if not ranked.is_empty():
        # a peer group can hold thousands of organs: draw the top ones and those picked in the sidebar
        shown = ranked.filter((pl.col("peer_rank") <= CHART_ROWS) | pl.col("bureau_id").is_in(list(f.bureaus)))
        widgets.chart(charts.bars(shown, "bureau_name", "ratio", None, t("chart_ratio_rank", year=year, group=group),
                                  horizontal=True, hover=["interpretations", "policy_documents", "denominator_source",
                                                          "peer_rank"], x_title=t("bureaus"), y_title=t("unit_ratio")),
                      "ratio_rank", ranked.height)
        if shown.height < ranked.height:
            st.caption(t("ratio_cap", n=CHART_ROWS, total=f"{ranked.height:,}"))
    widgets.table(sel.select("peer_rank", "peers_with_ratio", "bureau_name", "interpretations", "policy_documents",
                             "denominator_source", "ratio", "peer_median", "template", "report_id"), key="ratio_table")
    st.caption(t("missing_note"))
    st.subheader(t("ratio_over_years"))
    over = df.filter(pl.col("peer_group") == group)
    if f.bureaus or over["bureau_id"].n_unique() <= 12:
        widgets.chart(charts.lines(over.sort("year"), "year", "ratio", "bureau_name", f"{t('ratio_over_years')} · {group}",
                                   hover=["interpretations", "policy_documents"], x_title=t("axis_year"),
                                   y_title=t("unit_ratio")), "ratio_years", over.filter(pl.col("ratio").is_not_null()).height)
    else:
        st.caption(t("ratio_pick"))
    widgets.downloads(df, "interpretation_ratio", "ratio")
