"""Compare 2 to 8 bureaus side by side, each against the median of its peer group."""
from dataclasses import replace

import polars as pl
import streamlit as st

from dashboard import charts, data, sidebar, widgets
from dashboard.i18n import metric_labels, t

COMPARABLE = ("t3.received_new", "t3.total_processed", "t3.granted", "t3.partially_granted", "t3.carried_forward",
              "t4.review.total", "t4.review.corrected", "t4.litigation_direct.total",
              "t4.litigation_after_review.total", "text.proactive.total", "text.interpretations",
              "text.requests.received", "t2.licensing.decisions", "t2.punishment.decisions",
              "t2.coercion.decisions", "t2.normative_docs.issued", "t2.admin_fees.amount_wan_yuan")

f = sidebar.current()
st.title(t("p_compare"))
opts = data.bureau_options(f)
if not widgets.is_empty(opts):
    labels = sidebar.bureau_labels(opts)
    # the sidebar's bureaus, else the two organs with the most years under the filters (the URL keeps
    # the user's own last choice: the widget is bound to ?cmp=)
    default = [b for b in f.bureaus if b in labels][:8] or [b for b in data.organs_with_most_years(f) if b in labels]
    names = metric_labels()
    c1, c2 = st.columns([3, 2])
    picked = c1.multiselect(t("choose_bureaus"), list(labels), default=default or None, format_func=labels.get,
                            max_selections=8, key="cmp", bind=sidebar.BIND, filter_mode="contains",
                            placeholder=t("choose"))
    metric = c2.selectbox(t("metric"), COMPARABLE, format_func=lambda m: names.get(m, m), key="metric",
                          bind=sidebar.BIND, placeholder=t("choose_one"))
    if len(picked) < 2:
        st.info(t("need_two"))
    else:
        # peers: every organ the filters allow (bureau list aside) of the same level and type
        # an organ of unknown level or type has no peer group (never a "?" group of its own)
        allv = data.metric_by_report(f.without_bureaus(), [metric]).filter(
            pl.col("admin_level").is_not_null() & pl.col("bureau_type").is_not_null())
        peer = (allv.group_by("admin_level", "bureau_type", "year").agg(pl.col("value").median().alias("peer_median"),
                                                                        pl.col("value").count().alias("peers")))
        mine = data.metric_by_report(replace(f, bureaus=tuple(picked)), [metric])
        # every year of the filter range, so a year without the figure shows as a gap, not as nothing
        bounds = data.year_bounds() or (0, -1)
        years = list(range(f.year_from or bounds[0], (f.year_to or bounds[1]) + 1))
        frame = (pl.DataFrame({"bureau_id": picked}).join(opts.select("bureau_id", "bureau_name", "admin_level",
                                                                       "bureau_type"), on="bureau_id")
                 .join(pl.DataFrame({"year": years}, schema={"year": pl.Int32}), how="cross"))
        frame = frame.join(mine.select("bureau_id", "year", "value"), on=["bureau_id", "year"], how="left")
        frame = frame.join(peer, on=["admin_level", "bureau_type", "year"], how="left")
        order = {b: i for i, b in enumerate(picked)}
        frame = frame.sort(pl.col("bureau_id").replace_strict(order, return_dtype=pl.Int32), "year")
        unit = widgets.unit_label(data.metric_catalog().filter(pl.col("metric") == metric)["unit"].first())
        label = names.get(metric, metric)
        widgets.chart(charts.small_multiples(frame, f"{label}（{unit}）" if f.lang != "en" else f"{label} ({unit})",
                                             t("peer_median"), label, y_title=unit), "small_multiples",
                      mine.filter(pl.col("value").is_not_null()).height)
        widgets.table(frame.select("bureau_name", "admin_level", "bureau_type", "year", "value", "peer_median",
                                   "peers"), key="compare_table")
        st.caption(t("missing_note"))
        widgets.downloads(frame, "compare", "compare")
