"""Data quality: which cells fail which rule and by how much (once per preferred version, the
other files of the same organ-year named beside it); partial, failed and superseded files; organs
whose admin level is unknown (left out of peer groups)."""
import streamlit as st

from dashboard import data, sidebar, widgets
from dashboard.i18n import t

f = sidebar.current()
st.title(t("p_quality"))
st.info(t("quality_switch"), icon=":material/toggle_on:")

st.subheader(t("failed_by_report"))
checks = data.preferred_failed_checks(f)
if not widgets.is_empty(checks):
    widgets.table(checks, key="quality_checks")
    widgets.downloads(checks, "failed_checks", "checks")

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
