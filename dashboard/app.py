"""The xxgk dashboard (Streamlit). Started by `xxgk dashboard --db FILE` (env XXGK_DB; XXGK_DEMO=1
shows the "demo data (generated)" label).

One page per question (dashboard/views/), shared filters in the sidebar. Every view is an
address: the page is the path, the filters are query parameters, e.g.
    /requests?lang=en&years=2019&years=2024&province=安徽省&bureau=淮北市商务局&problems=false
Shared: years (two values), province, city, level, type, bureau (repeatable; bureau names),
lang (zh|en), problems (false hides partial reports and reports with failed checks).
Per page: year (overview), peer and ratio_year (interpretation), organ (bureau), cmp and metric
(compare), metrics (data).
"""
from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from dashboard import data, sidebar
from dashboard.i18n import t

# not "pages": a pages/ folder next to the main script switches Streamlit to its legacy
# multipage mode, which runs page files without app.py (no sidebar, no navigation)
PAGES = Path(__file__).with_name("views")
# (file, url path, i18n key of the title, icon)
PAGE_TABLE = (
    ("overview.py", "overview", "p_overview", ":material/dashboard:"),
    ("proactive.py", "proactive", "p_proactive", ":material/campaign:"),
    ("interpretation.py", "interpretation", "p_interpretation", ":material/percent:"),
    ("applications.py", "requests", "p_requests", ":material/inbox:"),
    ("reviews.py", "reviews", "p_reviews", ":material/gavel:"),
    ("bureau.py", "bureau", "p_bureau", ":material/account_balance:"),
    ("compare.py", "compare", "p_compare", ":material/compare_arrows:"),
    ("quality.py", "quality", "p_quality", ":material/rule:"),
    ("explore.py", "data", "p_data", ":material/table:"),
    ("dictionary.py", "dictionary", "p_dictionary", ":material/menu_book:"),
)
PAGE_TABLE += (("supervisor.py", "supervisor", "p_supervisor", ":material/fact_check:"),)  # issue 21
# issue 22: a report as printed and one figure in its source (their titles in review_labels)
REVIEW_PAGES = (("report.py", "report", "p_report", ":material/table_view:"),
                ("review.py", "review", "p_review", ":material/find_in_page:"))

# our own title and favicon (the browser tab), not Streamlit's
st.set_page_config(page_title=t("app_title"), page_icon=str(Path(__file__).with_name("static") / "favicon.png"),
                   layout="wide")
sidebar.language_switch()
if os.environ.get("XXGK_DEMO") == "1":
    st.sidebar.warning(t("demo"), icon=":material/science:")

try:
    data.db_key()
except (FileNotFoundError, OSError):
    st.error(t("no_db"))
    st.stop()

pages = [st.Page(PAGES / fname, title=t(key), icon=icon, url_path=url, default=(i == 0))
         for i, (fname, url, key, icon) in enumerate(PAGE_TABLE)]
from dashboard.review_labels import tr  # noqa: E402

pages += [st.Page(PAGES / fname, title=tr(key), icon=icon, url_path=url) for fname, url, key, icon in REVIEW_PAGES]
page = st.navigation(pages, expanded=True)  # every page listed: no "View 3 more" (English) in the zh sidebar
sidebar.render_filters()
page.run()
