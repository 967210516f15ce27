"""Interpretation ratio: policy interpretations per policy document, ranked only among peers."""
import polars as pl
import streamlit as st

from dashboard import charts, data, sidebar, widgets
from dashboard.i18n import t

CHART_ROWS = 30

f = sidebar.current()
st.title(t("p_interpretation"))
st.caption(t("ratio_note"))

df = data.interpretation_ratio(f)
if not widgets.is_empty(df):
    df = df.with_columns(pl.concat_str([pl.col("admin_level").fill_null("?"), pl.col("bureau_type").fill_null("?")],
                                       separator=" · ").alias("peer_group"))
    groups = sorted(df["peer_group"].unique().to_list())
    c1, c2 = st.columns(2)
    group = c1.selectbox(t("peer_group"), groups, key="peer", bind=sidebar.BIND)
    years = sorted(df.filter(pl.col("peer_group") == group)["year"].unique().to_list(), reverse=True)
    year = c2.selectbox(t("year"), years, key="ratio_year", bind=sidebar.BIND)
    sel = df.filter((pl.col("peer_group") == group) & (pl.col("year") == year)).sort("peer_rank", nulls_last=True)
    ranked = sel.filter(pl.col("ratio").is_not_null())
    if not ranked.is_empty():
        # a peer group can hold thousands of organs: draw the top ones and those picked in the sidebar
        shown = ranked.filter((pl.col("peer_rank") <= CHART_ROWS) | pl.col("bureau_id").is_in(list(f.bureaus)))
        st.plotly_chart(charts.bars(shown, "bureau_name", "ratio", None, horizontal=True,
                                    hover=["interpretations", "policy_documents", "denominator_source", "peer_rank"]),
                        key="ratio_rank")
        if shown.height < ranked.height:
            st.caption(t("ratio_cap", n=CHART_ROWS, total=f"{ranked.height:,}"))
    widgets.table(sel.select("peer_rank", "peers_with_ratio", "bureau_name", "interpretations", "policy_documents",
                             "denominator_source", "ratio", "peer_median", "template", "report_id"), key="ratio_table")
    st.caption(t("missing_note"))
    st.subheader(t("ratio_over_years"))
    over = df.filter(pl.col("peer_group") == group)
    if f.bureaus or over["bureau_id"].n_unique() <= 12:
        st.plotly_chart(charts.lines(over.sort("year"), "year", "ratio", "bureau_name",
                                     hover=["interpretations", "policy_documents"]), key="ratio_years")
    else:
        st.caption(t("ratio_pick"))
    widgets.downloads(df, "interpretation_ratio", "ratio")
