"""The dashboard in a real browser: every page opens without an error, a filter click changes
the URL and the numbers, a download holds the filtered rows, report text is not executed."""
from __future__ import annotations

import io

import polars as pl
import pytest

from e2e_browser import EAGER_ROWS, SCREENSHOTS, fx

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

# url path → the title in Chinese (the overview is the default page at the root)
PAGES = {"": "概览", "proactive": "主动公开", "interpretation": "政策解读比例", "requests": "依申请公开",
         "reviews": "复议与诉讼", "bureau": "机关档案", "compare": "机关对比", "quality": "数据质量",
         "data": "数据与查询", "dictionary": "数据字典", "supervisor": "政务公开监督"}
ERRORS = '[data-testid="stException"], [data-testid="stAlertContentError"], [data-testid="stDialog"]'


IDLE = ("() => !!document.querySelector('h1') && !document.querySelector('[data-testid=\"stStatusWidget\"]')"
        " && !document.querySelector('[data-testid=\"stSkeleton\"]')")


def settle(page) -> None:
    """Wait until the script run has finished: a title, no running indicator and no placeholder
    skeletons, twice in a row 400 ms apart (a run can start a moment after the page loads)."""
    for _ in range(2):
        page.wait_for_function(IDLE, timeout=30_000)
        page.wait_for_timeout(400)
    page.wait_for_function(IDLE, timeout=30_000)


def open_page(page, path: str, query: str = "") -> None:
    page.goto(f"{page.base_url}/{path}{('?' + query) if query else ''}")
    settle(page)


@pytest.fixture
def app(page, server):
    page.base_url = server
    return page


@pytest.mark.parametrize("path,title", PAGES.items())
def test_every_page_opens_without_error(app, path, title):
    query = {"compare": "cmp=淮北市商务局&cmp=南京市商务局", "bureau": "organ=濉溪县人民政府"}.get(path, "")
    open_page(app, path, query)
    assert app.locator("h1").first.inner_text().strip() == title
    assert app.locator(ERRORS).count() == 0
    if path in ("", "proactive", "interpretation", "requests", "reviews", "compare"):
        app.wait_for_selector('[data-testid="stPlotlyChart"] .main-svg', timeout=20_000)
    assert app.get_by_text("演示数据（生成）").count() == 1  # started with XXGK_DEMO=1
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    app.screenshot(path=str(SCREENSHOTS / f"{path or 'overview'}.png"), full_page=True)
    assert app.dialogs == []  # report text such as <script>alert()</script> never runs


def metric_value(page, label: str) -> str:
    return page.locator('[data-testid="stMetric"]', has=page.locator('[data-testid="stMetricLabel"]', has_text=label)) \
        .locator('[data-testid="stMetricValue"]').inner_text().strip()


def test_language_and_province_filters_change_url_and_numbers(app):
    open_page(app, "")
    assert metric_value(app, "机关") == str(len(fx.ORGANS))
    app.locator('[data-testid="stButtonGroup"] button', has_text="en").click()
    app.wait_for_function("() => document.querySelector('h1') && document.querySelector('h1').innerText.includes('Overview')")
    settle(app)
    assert "lang=en" in app.url
    province = app.locator('[data-testid="stMultiSelect"]').first
    province.click()
    app.keyboard.type("江苏")
    app.keyboard.press("Enter")
    app.keyboard.press("Escape")
    app.wait_for_function("() => location.search.includes('province=')")
    settle(app)
    jiangsu = str(sum(o.province == "江苏省" for o in fx.ORGANS))
    app.wait_for_function(
        "n => [...document.querySelectorAll('[data-testid=stMetric]')].some("
        "m => m.innerText.includes('Bureaus') && m.querySelector('[data-testid=stMetricValue]').innerText === n)",
        arg=jiangsu)
    assert app.locator(ERRORS).count() == 0
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    app.screenshot(path=str(SCREENSHOTS / "overview_filtered_en.png"), full_page=True)
    # the address is the view: opening it again in a fresh load gives the same filters
    url = app.url
    open_page(app, "")
    app.goto(url)
    settle(app)
    assert app.locator("h1").first.inner_text().strip() == "Overview"
    assert metric_value(app, "Bureaus") == jiangsu


@pytest.mark.parametrize("years,deferred", [((2023,), False), ((2023, 2024), True)])
def test_download_holds_the_filtered_rows(app, years, deferred):
    o = next(o for o in fx.ORGANS if o.name == "合肥市商务局")
    want = sum(len(fx._report(o, y).figures) for y in years)
    assert (want > EAGER_ROWS) == deferred  # one file written on every run, one only when clicked
    span = f"years={years[0]}&years={years[-1]}" if len(years) > 1 else f"years={years[0]}&years={years[0]}"
    open_page(app, "data", f"bureau=合肥市商务局&{span}")
    for kind, read in (("CSV", pl.read_csv), ("Parquet", pl.read_parquet)):
        with app.expect_download() as dl:
            app.locator('[data-testid="stDownloadButton"] button', has_text=kind).first.click()
        got = read(io.BytesIO(open(dl.value.path(), "rb").read()))
        assert got.height == want
        assert set(got["bureau_name"]) == {"合肥市商务局"} and set(got["year"]) == set(years)
