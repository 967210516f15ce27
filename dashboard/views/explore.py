"""Data: the filtered figures as a table with downloads, and a read-only SQL console."""
import streamlit as st

from dashboard import console, data, sidebar, widgets
from dashboard.i18n import metric_labels, t

SHOW_ROWS = 2_000
DOWNLOAD_CAP = 1_000_000

f = sidebar.current()
db_key = data.db_key()
st.title(t("p_data"))
st.subheader(t("filtered_figures"))
names = metric_labels()
metrics = st.multiselect(t("metrics"), list(names), format_func=lambda m: f"{m} · {names[m]}", key="metrics",
                         bind=sidebar.BIND, filter_mode="contains", placeholder=t("choose"))
n = data.count_filtered_figures(f, metrics)
if n == 0:
    st.info(t("empty"))
else:
    widgets.table(data.filtered_figures(f, metrics, limit=SHOW_ROWS), key="figures_table")
    if n > DOWNLOAD_CAP:
        st.warning(t("rows_capped", n=f"{n:,}", cap=f"{DOWNLOAD_CAP:,}"))
    else:
        st.caption(t("rows_shown", n=f"{n:,}", m=f"{min(n, SHOW_ROWS):,}"))
        if n <= widgets.EAGER_ROWS:
            widgets.downloads(data.filtered_figures(f, metrics), "figures", "figures")
        else:  # fetched when clicked, outside the cache (the click runs on its own thread)
            widgets.downloads(lambda: data.filtered_figures_uncached(db_key, f, metrics), "figures", "figures", rows=n)

st.divider()
console.render()
