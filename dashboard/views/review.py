"""Review one figure where it was printed (issue 22): the PDF page with the figure's box, or the
table row / sentence of other sources; its values, the checks involving it, the other versions
of the report, and a correction line to export.

Address: /review?report=<report_id>&metric=<metric>&dim=<dimension>. Page images are rendered
on demand into a cache outside the warehouse (dashboard.page_image); a correction is appended
to a file only when the operator configured one (env XXGK_CORRECTIONS, `xxgk dashboard
--corrections FILE`); otherwise it is a CSV line to download."""
from __future__ import annotations

import os
from datetime import datetime, timezone

import streamlit as st

from dashboard import data, page_image, review_data, sidebar, widgets
from dashboard.i18n import code, metric_label, t
from dashboard.review_labels import tr
from dashboard.review_links import choose_report
from dashboard.source_view import RowContext, TextContext, evidence_context, located, parse_locator
from etl.corrections_file import CorrectionsError, append_correction, correction_line

sidebar.current()
st.title(tr("p_review"))

params = st.query_params
report_id = params.get("report")
metric = params.get("metric")
dimension = params.get("dim") or None

if not report_id:
    report_id = choose_report(standard_tables_only=False)
    if report_id is None:
        st.stop()

rep = review_data.report(report_id)
if rep is None:
    st.error(tr("no_report"))
    st.stop()

figs = review_data.figures(report_id)
if metric is None:
    keys = list(dict.fromkeys(zip(figs["metric"].to_list(), figs["dimension"].to_list())))
    if not keys:
        st.info(tr("no_figure"))
        st.stop()
    chosen = st.selectbox(tr("choose_figure"), range(len(keys)), index=None, placeholder=t("choose_one"),
                          format_func=lambda i: f"{metric_label(keys[i][0])} · {code(keys[i][1])}".rstrip(" ·"))
    if chosen is None:
        st.stop()
    metric, dimension = keys[chosen]
    st.query_params.update({"report": report_id, "metric": metric, **({"dim": dimension} if dimension else {})})

fig = review_data.figure(report_id, metric, dimension)
st.subheader(widgets.md_escape(f"{rep['bureau_name'] or rep['file_name']} · {rep['year'] or '?'}"), anchor=False)
st.caption(widgets.md_escape(f"{metric_label(metric)} · {code(dimension)} — {metric}"
                             + (f" / {dimension}" if dimension else "") + f" — {rep['file_name']}"))
st.page_link("views/report.py", label=tr("open_report"), icon=":material/table_view:",
             query_params={"report": report_id})
if fig is None:
    st.warning(tr("no_figure"))
    st.stop()

c1, c2, c3, c4 = st.columns(4)
c1.metric(tr("served"), "—" if fig["value"] is None else f"{fig['value']:g}")
c2.metric(tr("extracted"), "—" if fig["extracted_value"] is None else f"{fig['extracted_value']:g}")
c3.metric(tr("raw_text"), fig["raw_text"] or "—")
c4.metric(tr("value_kind"), f"{code(fig['value_kind'])}")
st.caption(f"{tr('source_kind')}: {fig['source_kind']} · page {fig['page'] or '—'} · {fig['locator'] or ''}")
if fig["corrected"]:
    st.info(tr("corrected_note"), icon=":material/edit_note:")


@st.cache_data(max_entries=64, show_spinner=False)
def _source(report_id: str, sha256: str, db_key) -> bytes | None:
    return page_image.source_bytes(review_data.report_paths(report_id), sha256, db_key[0])


@st.cache_data(max_entries=32, show_spinner=False)
def _located(sha256: str, file_name: str, locator: str, _data: bytes) -> RowContext | TextContext | None:
    from etl.read import read_document

    loc = parse_locator(locator)
    if loc is None:
        return None
    try:
        doc = read_document(file_name, _data)
    except Exception:  # noqa: BLE001 - an unreadable source shows the evidence instead
        return None
    return located(doc, loc)


def _show(ctx: RowContext | TextContext) -> None:
    """The figure in place: the table rows with its cell highlighted, or the text with it marked
    (report text escaped, never rendered as HTML)."""
    if isinstance(ctx, TextContext):
        marked = f":orange-background[**{widgets.md_escape(ctx.marked)}**]" if ctx.marked else ""
        st.markdown(widgets.md_escape(ctx.before) + marked + widgets.md_escape(ctx.after))
        return
    import pandas as pd

    frame = pd.DataFrame(ctx.rows, columns=[str(i + 1) for i in range(len(ctx.rows[0]))])
    r, c = ctx.marked
    styles = pd.DataFrame("", index=frame.index, columns=frame.columns)
    styles.iloc[r, c] = "background-color: #ffe08a; font-weight: bold; border: 2px solid #c0392b"
    styled = frame.style.apply(lambda _: styles, axis=None)
    st.dataframe(styled, hide_index=True, key="review_row")


source = _source(report_id, rep["sha256"], data.db_key())
bbox = fig["bbox"]
if rep["file_format"] == "pdf" or bbox is not None:
    if bbox is None or fig["page"] is None:
        st.info(tr("no_box"))
    elif source is None:
        st.warning(tr("no_source"))
    else:
        png = page_image.page_png(source, rep["sha256"], int(fig["page"]))
        marked, band = page_image.highlighted(png, list(bbox))
        st.markdown(f"**{tr('page_image', page=int(fig['page']))}**")
        st.image(page_image.crop(marked, band), caption=f"bbox {', '.join(f'{v:g}' for v in bbox)} pt",
                 width="stretch")
        with st.expander(tr("whole_page")):
            st.image(marked, width="stretch")
if rep["file_format"] != "pdf":
    st.markdown(f"**{tr('in_source')}**")
    shown = _located(rep["sha256"], rep["file_name"], fig["locator"], source) if source and fig["locator"] else None
    _show(shown or evidence_context(fig["evidence"] or "", fig["raw_text"]))
st.markdown(f"**{tr('evidence')}**")
_show(evidence_context(fig["evidence"] or "", fig["raw_text"]))

st.subheader(tr("checks_cell"), anchor=False)
checks = review_data.cell_checks(report_id, metric, dimension)
if checks.is_empty():
    st.caption(tr("no_checks"))
else:
    widgets.table(checks, key="review_checks")

st.subheader(tr("versions"), anchor=False)
versions = review_data.versions(report_id)
for v in versions.iter_rows(named=True):
    here = " ◀" if v["report_id"] == report_id else ""
    st.page_link("views/review.py", label=f"{v['file_name']} · {v['status']} · "
                 f"{'preferred' if v['is_preferred'] else 'superseded'}{here}",
                 query_params={"report": v["report_id"], "metric": metric, **({"dim": dimension} if dimension else {})})
corrections = review_data.corrections_of(report_id)
if not corrections.is_empty():
    widgets.table(corrections, key="review_corrections")

st.subheader(tr("correction"), anchor=False)
st.caption(tr("correction_help"))
with st.form("correction"):
    value_text = st.text_input(tr("corrected_value"), value="" if fig["value"] is None else f"{fig['value']:g}")
    reason = st.text_input(tr("reason"))
    reviewer = st.text_input(tr("reviewer"))
    submitted = st.form_submit_button(tr("correction"))
line, line_key = None, f"review_line:{report_id}:{metric}:{dimension}"
if submitted:
    try:
        value = float(value_text.replace(",", "")) if value_text.strip() else None
    except ValueError:
        st.error(tr("bad_value"))
        value = "bad"
    if value != "bad":
        if not reason.strip() or not reviewer.strip():
            st.error(tr("need_reason"))
        else:
            line = correction_line(rep["sha256"], metric, dimension, value, reason.strip(), reviewer.strip(),
                                   datetime.now(timezone.utc).replace(microsecond=0, tzinfo=None))
            st.session_state[line_key] = line
line = st.session_state.get(line_key) if line is None else line
if line:
    st.code(line, language=None)
    st.download_button(tr("download_line"), line.encode("utf-8"), file_name="correction.csv", mime="text/csv",
                       on_click="ignore", icon=":material/download:")
    target = os.environ.get("XXGK_CORRECTIONS")
    if target and st.button(tr("append_line"), icon=":material/note_add:"):
        try:
            append_correction(target, line)
        except (OSError, CorrectionsError) as exc:
            st.error(str(exc))
        else:
            st.success(tr("appended", path=target))
            st.session_state.pop(line_key, None)
