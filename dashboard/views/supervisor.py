"""Supervisor: who on the roster published for a year, on time or late; the scorecard of their
reports (links to each bureau's profile); publication dates against the deadline; the 通报 XLSX."""
import polars as pl
import streamlit as st

from dashboard import sidebar, widgets
from dashboard import supervisor as sv
from dashboard.i18n import code_labels, lang, relabel, t

st.title(sv.w("title"))
years = sv.years()
if not years:
    st.info(t("empty"))
    st.stop()
roster = sv.has_roster()
c1, c2, c3 = st.columns([1, 2, 2])
year = c1.selectbox(sv.w("year"), years, key=sv.K_YEAR, bind=sidebar.BIND, placeholder=t("choose_one"))
# placeholders in the UI language (Streamlit's own say "Choose options" / "No options to select")
regions = c2.multiselect(sv.w("region"), sv.roster_values("region") if roster else [], key=sv.K_REGION,
                         bind=sidebar.BIND, placeholder=t("choose") if roster else t("no_options"))
levels = c3.multiselect(sv.w("level"), sv.roster_values("level") if roster else [], key=sv.K_LEVEL,
                        bind=sidebar.BIND, placeholder=t("choose") if roster else t("no_options"))

table = sv.scorecard(year, regions, levels)
if not roster:
    st.info(sv.w("no_roster"), icon=":material/list_alt:")
else:
    st.subheader(sv.w("coverage"))
    cov = sv.coverage(year, regions, levels)
    counts = dict(cov.group_by("status").len().iter_rows())
    m1, m2, m3 = st.columns(3)
    for col, status in zip((m1, m2, m3), ("published", "late", "missing")):
        col.metric(sv.w(status), counts.get(status, 0))
    st.caption(sv.w("deadline_rule"))
    shown = cov.with_columns(pl.col("status").replace_strict({s: sv.w(s) for s in ("published", "late", "missing")}))
    shown = shown.drop("bureau_id", "report_id")
    if "level" in shown.columns:  # the roster's level code in words (县级, 部门 …)
        shown = shown.with_columns(relabel("level", code_labels()))
    widgets.table(shown.rename({c: sv.w(f"c_{c}") if f"c_{c}" in sv.LABELS else sv.w(c) for c in shown.columns}),
                  key="sv_coverage")

st.subheader(sv.w("scorecard"))
st.caption(sv.w("scorecard_note"))
if not widgets.is_empty(table):
    from etl.load.scorecard_export import COLUMNS, xlsx_bytes

    headers = {k: (en if lang() == "en" else zh) for k, zh, en in COLUMNS}
    view = table.with_columns(
        pl.col("status").replace_strict({s: sv.w(s) for s in ("published", "late", "missing", "unlisted")},
                                        default=pl.col("status")),
        relabel("peer_group", code_labels()),  # the admin level in words
        pl.when(pl.col("bureau_id").is_not_null())
        .then(pl.concat_str(pl.lit("/bureau?organ="), pl.col("bureau_id"), pl.lit(f"&lang={lang()}")))
        .alias("link"),
    ).select("link", *[k for k, _, _ in COLUMNS if k != "report_id"])
    dates = [c for c, dt in view.schema.items() if dt == pl.Date]
    view = view.with_columns(pl.col(dates).dt.to_string("%Y-%m-%d"))
    config = {k: st.column_config.Column(headers[k]) for k in view.columns if k in headers}
    config["link"] = st.column_config.LinkColumn(sv.w("link"), display_text=sv.w("open"))
    for k in ("template_compliance", "text_reuse_prev", "frozen_figures", "grant_rate", "correction_rate", "dispute_rate"):
        config[k] = st.column_config.NumberColumn(headers[k], format="percent")
    st.dataframe(view, hide_index=True, key="sv_scorecard", column_config=config, placeholder=widgets.NO_VALUE)
    st.caption(t("null_legend"))
    st.download_button(sv.w("download_xlsx"), xlsx_bytes(table, year=year), file_name=f"tongbao_{year}.xlsx",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                       key="sv_xlsx", icon=":material/download:", on_click="ignore")

    st.subheader(sv.w("dates"))
    if table["days_after_deadline"].drop_nulls().is_empty():
        st.info(sv.w("no_dates"))
    else:
        st.plotly_chart(sv.dates_chart(table), key="sv_dates")

if roster:
    g = sv.gaps()
    if not g.is_empty():
        st.subheader(sv.w("gaps"))
        g = g.with_columns(pl.col("kind").replace_strict({k: sv.w(k) for k in ("roster_unmatched", "unlisted_publisher")}))
        widgets.table(g.rename({c: sv.w(f"c_{c}") for c in g.columns}), key="sv_gaps")
