"""Every page of the Chinese UI in a real browser (issue 23): no English widget text, no `None`,
no Deploy button or developer menu, our own tab title and favicon."""
from __future__ import annotations

import re

import pytest

from e2e_browser import ROOT
from test_e2e_dashboard import open_page

# every page's address, from the app's page table (pages added later are walked too); the
# overview is the default page at the root
PAGES = [("" if url == "overview" else url) for url in
         re.findall(r'\("\w+\.py", "(\w+)"', (ROOT / "dashboard" / "app.py").read_text(encoding="utf-8"))]

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

# ASCII words a Chinese page may show: format names, the language switch, SQL, units
ALLOWED = {"CSV", "XLSX", "Parquet", "SQL", "SELECT", "PDF", "HTML", "Word", "Language", "English", "SHA", "OCR"}
QUERIES = {"compare": "", "bureau": "organ=濉溪县人民政府"}


# the visible text of an element without Material icon names (icons are ligatures: the span's text is
# the icon's name, e.g. "download", drawn as a symbol) and without code spans (a command to type)
VISIBLE_TEXT = """(sel) => {
  const el = document.querySelector(sel);
  if (!el) return "";
  const copy = el.cloneNode(true);
  copy.querySelectorAll('[data-testid="stIconMaterial"], .material-symbols-rounded, [translate="no"], code')
      .forEach(n => n.remove());
  document.body.appendChild(copy);
  const text = copy.innerText;
  copy.remove();
  return text;
}"""


def visible_text(page, selector: str) -> str:
    return page.evaluate(VISIBLE_TEXT, selector)


# a report's file name (濉溪县2023年报.html) is data the page shows, not UI text
FILE_NAME = re.compile(r"[^\s·/]+\.(?:html?|pdf|txt|md|docx?|zip|jpe?g|png|tiff?)\b", re.I)


def english_words(text: str) -> set[str]:
    return {w for w in re.findall(r"[A-Za-z]{3,}", FILE_NAME.sub("", text)) if w not in ALLOWED}


@pytest.fixture
def app(page, server):
    page.base_url = server
    return page


@pytest.mark.parametrize("path", list(PAGES))
def test_zh_page_has_no_english_no_none_no_deploy(app, path):
    open_page(app, path, QUERIES.get(path, ""))
    sidebar = visible_text(app, '[data-testid="stSidebar"]')
    main = visible_text(app, '[data-testid="stMain"]')
    # the dictionary shows the metadata's descriptions (English text of the schema) as content
    shown = sidebar if path == "dictionary" else sidebar + "\n" + main
    assert not english_words(shown), (path, sorted(english_words(shown))[:20])
    assert not re.search(r"\bNone\b", sidebar + main)
    for text in ("Choose options", "Choose an option", "No results", "No options to select", "Deploy"):
        assert app.get_by_text(text, exact=False).count() == 0, (path, text)
    assert app.locator('[data-testid="stAppDeployButton"]').count() == 0
    # our title in the tab, not Streamlit's; our favicon
    assert "Streamlit" not in app.title() and re.search(r"[\u4e00-\u9fff]", app.title())
    icons = app.locator('link[rel~="icon"]')
    assert icons.count() >= 1
    assert all("favicon.png" != (icons.nth(i).get_attribute("href") or "").split("/")[-1]
               for i in range(icons.count()))


def test_chart_titles_and_axes_are_chinese(app):
    open_page(app, "requests")
    app.wait_for_selector('[data-testid="stPlotlyChart"] .main-svg', timeout=20_000)
    titles = app.locator('[data-testid="stPlotlyChart"] .gtitle').all_text_contents()
    axes = app.locator('[data-testid="stPlotlyChart"] .xtitle').all_text_contents()
    assert titles and all(re.search(r"[\u4e00-\u9fff]", x) for x in titles)
    assert axes and all(x == "年度" for x in axes)
