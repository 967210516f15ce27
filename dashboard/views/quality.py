"""Data quality: which cells fail which rule and by how much (once per preferred version, the
other files of the same organ-year named beside it); partial, failed and superseded files; organs
whose admin level is unknown (left out of peer groups)."""
import streamlit as st

from dashboard import data, sidebar, widgets
from dashboard.i18n import t
from dashboard import review_data
from dashboard.review_labels import tr
from dashboard.review_links import review_link_config, with_review_links

f = sidebar.current()
st.title(t("p_quality"))
st.info(t("quality_switch"), icon=":material/toggle_on:")

st.subheader(t("failed_by_report"))
checks = data.preferred_failed_checks(f)
if not widgets.is_empty(checks):
    widgets.table(with_review_links(checks), key="quality_checks", extra_config=review_link_config())
    widgets.downloads(checks, "failed_checks", "checks")

corrected = review_data.corrected_counts()  # issue 22: cells the corrections file changed
if not corrected.is_empty():
    st.subheader(tr("corrected_cells"))
    widgets.table(corrected, key="quality_corrected")

st.subheader(t("problem_files"))
files = data.problem_files(f)
if not widgets.is_empty(files):
    widgets.table(files, key="quality_files")
    widgets.downloads(files, "problem_files", "files")

st.subheader(t("duplicates"))
dups = data.superseded(f)
if not widgets.is_empty(dups):
    widgets.table(dups, key="quality_dups")

st.subheader(t("unknown_levels"))
unknown = data.unknown_level_organs(f)
if unknown.is_empty():
    st.success(t("none_unknown"))
else:
    widgets.table(unknown, key="quality_unknown_levels")
