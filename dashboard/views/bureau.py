"""Bureau profile: one organ across all its years, every figure with its evidence and page."""
import polars as pl
import streamlit as st

from dashboard import data, sidebar, widgets
from dashboard.i18n import code, metric_labels, t
from dashboard.review_links import report_links, review_link_config, with_review_links

f = sidebar.current()
st.title(t("p_bureau"))
opts = data.bureau_options(f)
if not widgets.is_empty(opts):
    labels = sidebar.bureau_labels(opts)
    ids = list(f.bureaus) + [b for b in labels if b not in f.bureaus]  # bureaus picked in the sidebar first
    bureau_id = st.selectbox(t("choose_bureau"), ids, format_func=labels.get, key="organ", bind=sidebar.BIND,
                             filter_mode="contains", placeholder=t("choose_one"))
    reports = data.bureau_reports(bureau_id)
    st.header(widgets.md_escape(labels[bureau_id]), anchor=False)
    row = opts.filter(pl.col("bureau_id") == bureau_id).row(0, named=True)
    st.caption(widgets.md_escape(" · ".join(str(v) for v in (code(row["admin_level"]), row["bureau_type"],
                                                               row["other_names"]) if v)))

    st.subheader(t("bureau_reports"))
    widgets.table(reports, key="bureau_reports")
    report_links(reports)  # issue 22: each report as printed, one click from here

    figs = data.bureau_figures(bureau_id)
    st.subheader(t("all_metrics"))
    if not widgets.is_empty(figs):
        names = metric_labels()
        wide = (figs.with_columns(pl.col("metric").replace_strict(names, default=pl.col("metric")).alias("label"))
                .pivot(on="year", index=["metric", "label", "dimension"], values="value",
                       aggregate_function="first", sort_columns=True))
        widgets.table(wide, key="bureau_metrics")
        st.caption(t("missing_note"))
        st.subheader(t("evidence"))
        widgets.table(with_review_links(figs), key="bureau_evidence", extra_config=review_link_config())
        widgets.downloads(figs, f"bureau_{bureau_id}", "bureau")

    st.subheader(t("source_files"))
    widgets.table(data.bureau_source_files(bureau_id), key="bureau_sources")

    versions = data.bureau_source_versions(bureau_id)  # xxgk fetch provenance (issue 19)
    if not versions.is_empty():
        st.subheader(t("source_versions"))
        st.dataframe(versions, hide_index=True, key="bureau_source_versions",
                     column_config={"source_url": st.column_config.LinkColumn("source_url")})

    st.subheader(t("failed_checks"))
    checks = data.report_checks(bureau_id=bureau_id)
    if checks.is_empty():
        st.success(t("no_failed_checks"))
    else:
        widgets.table(with_review_links(checks), key="bureau_checks", extra_config=review_link_config())
