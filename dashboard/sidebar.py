"""The shared filters in the sidebar, bound to the URL, and the current `Filters` for pages."""
from __future__ import annotations

import streamlit as st

from dashboard import data
from dashboard.filters import K_OCR
from dashboard.filters import (K_BUREAU, K_CITY, K_LANG, K_LEVEL, K_PROBLEMS, K_PROVINCE, K_TYPE, K_YEARS,
                               Filters)
from dashboard.i18n import LANGS, t

_STATE_KEY = "xxgk_filters"
BIND = "query-params"


def language_switch() -> str:
    """Rendered first: every other label depends on it."""
    # options are the codes themselves: a bound widget stores its displayed text in the URL (?lang=en)
    value = st.sidebar.segmented_control("语言 · Language", list(LANGS), default="zh", required=True,
                                         key=K_LANG, bind=BIND)
    return value or "zh"


def render_filters() -> Filters:
    sb = st.sidebar
    sb.subheader(t("filters"))
    bounds = data.year_bounds()
    year_from = year_to = None
    if bounds:
        lo, hi = bounds
        if lo < hi:
            year_from, year_to = sb.slider(t("years"), lo, hi, (lo, hi), key=K_YEARS, bind=BIND)
        else:
            year_from = year_to = lo
    provinces = sb.multiselect(t("province"), data.distinct_values("province"), key=K_PROVINCE, bind=BIND,
                               filter_mode="contains", placeholder=t("choose"))
    f = Filters(provinces=tuple(provinces))
    cities = sb.multiselect(t("city"), data.distinct_values("city", f), key=K_CITY, bind=BIND, filter_mode="contains",
                            placeholder=t("choose"))
    f = Filters(provinces=tuple(provinces), cities=tuple(cities))
    levels = sb.multiselect(t("level"), data.distinct_values("admin_level", f), key=K_LEVEL, bind=BIND,
                            placeholder=t("choose"))
    types = sb.multiselect(t("type"), data.distinct_values("bureau_type", f), key=K_TYPE, bind=BIND,
                           filter_mode="contains", placeholder=t("choose"))
    f = Filters(provinces=tuple(provinces), cities=tuple(cities), levels=tuple(levels), types=tuple(types))
    opts = data.bureau_options(f)
    names = bureau_labels(opts)
    # other names in the label too, so any name an organ was printed under finds it
    labels = {bid: (f"{names[bid]} ({other})" if other else names[bid])
              for bid, other in zip(opts["bureau_id"], opts["other_names"])}
    bureaus = sb.multiselect(t("bureau"), list(labels), format_func=labels.get, key=K_BUREAU, bind=BIND,
                             filter_mode="contains", placeholder=t("choose"))
    problems = sb.toggle(t("problems"), value=True, key=K_PROBLEMS, bind=BIND, help=t("problems_help"))
    include_ocr = sb.toggle(t("ocr"), value=True, key=K_OCR, bind=BIND, help=t("ocr_help"))
    lang = st.session_state.get(K_LANG) or "zh"
    filters = Filters(year_from, year_to, tuple(provinces), tuple(cities), tuple(levels), tuple(types),
                      tuple(bureaus), bool(problems), lang, bool(include_ocr))
    st.session_state[_STATE_KEY] = filters
    return filters


def current() -> Filters:
    """The filters of this run (set by app.py before the page runs)."""
    return st.session_state.get(_STATE_KEY) or Filters()


def bureau_labels(opts) -> dict[str, str]:
    """bureau_id → a label unique among the options (bound widgets keep labels in the URL):
    the canonical name, with the region added when two organs share a name."""
    counts: dict[str, int] = {}
    for name in opts["bureau_name"]:
        counts[name] = counts.get(name, 0) + 1
    out = {}
    for row in opts.iter_rows(named=True):
        name = row["bureau_name"]
        if counts[name] > 1:
            name = f"{name} [{row['province'] or ''}{row['city'] or ''} {row['bureau_id'][:6]}]"
        out[row["bureau_id"]] = name
    return out
