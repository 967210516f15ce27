"""Proactive disclosure: what organs published of their own accord, per category and year."""
import polars as pl
import streamlit as st

from dashboard import charts, data, sidebar, widgets
from dashboard.i18n import metric_labels, t

T2_ITEMS = ["t2.regulations.issued", "t2.regulations.repealed", "t2.regulations.in_force",
            "t2.normative_docs.issued", "t2.normative_docs.repealed", "t2.normative_docs.in_force",
            "t2.licensing.decisions", "t2.punishment.decisions", "t2.coercion.decisions",
            "t2.admin_fees.amount_wan_yuan"]
MONEY = ["t2.admin_fees.amount_wan_yuan"]

f = sidebar.current()
st.title(t("p_proactive"))
per_bureau = bool(f.bureaus)
if not per_bureau:
    st.caption(t("group_note"))
color = "bureau_name" if per_bureau else None

st.subheader(t("proactive_total"))
total = data.metric_by_year(f, ["text.proactive.total"], dimension=None, by_bureau=per_bureau)
if not widgets.is_empty(total):
    st.plotly_chart(charts.lines(total, "year", "value", color, hover=["reporting"]), key="proactive_total")

st.subheader(t("by_category"))
cats = data.metric_by_year(f, ["text.proactive.by_category"], dimension="*", by_dimension=True,
                           by_bureau=per_bureau)
if not widgets.is_empty(cats):
    if per_bureau:
        cats = cats.with_columns((pl.col("bureau_name") + " · " + pl.col("dimension")).alias("series"))
        st.plotly_chart(charts.lines(cats, "year", "value", "series", hover=["reporting"]), key="by_category")
    else:
        st.plotly_chart(charts.bars(cats, "year", "value", "dimension", hover=["reporting"]), key="by_category")

st.subheader(t("t2_items"))
items = data.metric_by_year(f, T2_ITEMS, dimension=None, by_bureau=per_bureau)
if not widgets.is_empty(items):
    names = metric_labels()
    labels = {m: names.get(m, m) for m in T2_ITEMS}
    items = items.with_columns(pl.col("metric").replace_strict(labels, default=pl.col("metric")).alias("label"))
    if per_bureau:
        items = items.with_columns((pl.col("bureau_name") + " · " + pl.col("label")).alias("label"))
    # counts and money (万元) on separate axes: never one scale for two units
    counts = items.filter(~pl.col("metric").is_in(MONEY))
    money = items.filter(pl.col("metric").is_in(MONEY) & pl.col("value").is_not_null())
    st.plotly_chart(charts.lines(counts, "year", "value", "label", hover=["reporting"],
                                 order=[labels[m] for m in T2_ITEMS]), key="t2_items")
    if not money.is_empty():
        st.plotly_chart(charts.lines(money, "year", "value", "label", hover=["reporting"]), key="t2_money")
    wide = items.pivot(on="year", index="label", values="value", aggregate_function="first", sort_columns=True)
    widgets.table(wide, key="t2_table")
    st.caption(t("missing_note"))
    widgets.downloads(items.drop("label"), "proactive", "proactive")
