"""Proactive disclosure: what organs published of their own accord, per category and year."""
import polars as pl
import streamlit as st

from dashboard import charts, data, sidebar, trends, widgets
from dashboard.i18n import metric_labels, t

T2_ITEMS = ["t2.regulations.issued", "t2.regulations.repealed", "t2.regulations.in_force",
            "t2.normative_docs.issued", "t2.normative_docs.repealed", "t2.normative_docs.in_force",
            "t2.licensing.decisions", "t2.punishment.decisions", "t2.coercion.decisions",
            "t2.admin_fees.amount_wan_yuan"]
MONEY = ["t2.admin_fees.amount_wan_yuan"]

f = sidebar.current()
st.title(t("p_proactive"))
per_bureau = bool(f.bureaus)
mode = "sum" if per_bureau else widgets.aggregation_choice()
YEAR, COUNT = t("axis_year"), t("unit_count")


def by_year(metrics: list[str], dimension: str | None, keys: tuple[str, ...]) -> tuple[pl.DataFrame, int]:
    """Per organ when bureaus are picked; else aggregated over organs the chosen way."""
    raw = data.metric_by_report_year(f, metrics, dimension=dimension)
    if per_bureau:
        return raw.with_columns(pl.lit(1, dtype=pl.UInt32).alias("organs")), trends.reports_behind(raw)
    return trends.aggregate(raw, mode, keys), trends.reports_behind(raw)


def title(key: str, unit: str) -> str:
    return f"{t(key)}（{unit}）" if f.lang != "en" else f"{t(key)} ({unit})"


st.subheader(t("proactive_total"))
raw_total = data.metric_by_report_year(f, ["text.proactive.total"], dimension=None)
if not widgets.is_empty(raw_total):
    if per_bureau:
        total, color = raw_total.with_columns(pl.lit(1, dtype=pl.UInt32).alias("organs")), "bureau_name"
    else:
        total, color = trends.aggregate(raw_total, mode), None
    if total.is_empty():
        st.info(t("balanced_empty"))
    else:
        widgets.chart(charts.lines(total, "year", "value", color, title(("proactive_total"), COUNT), hover=["organs"],
                                   x_title=YEAR, y_title=COUNT), "proactive_total", trends.reports_behind(raw_total))
        if not per_bureau:
            st.caption(t("organs_per_point", counts=trends.organs_per_year(total)))

st.subheader(t("by_category"))
cats, n_cats = by_year(["text.proactive.by_category"], "*", ("dimension",))
if not widgets.is_empty(cats):
    if per_bureau:
        cats = cats.with_columns((pl.col("bureau_name") + " · " + pl.col("dimension")).alias("series"))
        fig = charts.lines(cats, "year", "value", "series", title("by_category", COUNT), hover=["organs"],
                           x_title=YEAR, y_title=COUNT)
    else:
        fig = charts.bars(cats, "year", "value", "dimension", title("by_category", COUNT), hover=["organs"],
                          x_title=YEAR, y_title=COUNT)
    widgets.chart(fig, "by_category", n_cats)

st.subheader(t("t2_items"))
items, n_items = by_year(T2_ITEMS, None, ("metric",))
if not widgets.is_empty(items):
    names = metric_labels()
    labels = {m: names.get(m, m) for m in T2_ITEMS}
    items = items.with_columns(pl.col("metric").replace_strict(labels, default=pl.col("metric")).alias("label"))
    if per_bureau:
        items = items.with_columns((pl.col("bureau_name") + " · " + pl.col("label")).alias("label"))
    # counts and money (万元) on separate axes: never one scale for two units
    counts = items.filter(~pl.col("metric").is_in(MONEY))
    money = items.filter(pl.col("metric").is_in(MONEY) & pl.col("value").is_not_null())
    widgets.chart(charts.lines(counts, "year", "value", "label", title("t2_items", COUNT), hover=["organs"],
                               order=[labels[m] for m in T2_ITEMS], x_title=YEAR, y_title=COUNT), "t2_items", n_items)
    if not money.is_empty():
        wan = t("unit_wan_yuan")
        widgets.chart(charts.lines(money, "year", "value", "label", f"{labels[MONEY[0]]}（{wan}）" if f.lang != "en"
                                   else f"{labels[MONEY[0]]} ({wan})", hover=["organs"], x_title=YEAR, y_title=wan),
                      "t2_money", n_items)
    wide = items.pivot(on="year", index="label", values="value", aggregate_function="first", sort_columns=True)
    widgets.table(wide, key="t2_table")
    st.caption(t("missing_note"))
    widgets.downloads(items.drop("label"), "proactive", "proactive")
