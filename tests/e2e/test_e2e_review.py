"""A PDF figure's review view in a real browser (issue 22): from the report as printed, one
click on a cell opens its review page, which shows the page image with the box drawn.

The warehouse is ingested from ../shared/corpus/003_huaian_shi_2024.pdf; the cell is 表三
一、本年新收 自然人, printed 3001 (read by hand)."""
from __future__ import annotations

import io
import shutil

import duckdb
import pytest
from PIL import Image

from e2e_browser import SCREENSHOTS, dashboard_server
from etl.ingest import ingest

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
IDLE = ("() => !!document.querySelector('h1') && !document.querySelector('[data-testid=\"stStatusWidget\"]')"
        " && !document.querySelector('[data-testid=\"stSkeleton\"]')")
HIGHLIGHT = (220, 20, 60)  # dashboard.page_image.HIGHLIGHT


@pytest.fixture(scope="module")
def review_server(tmp_path_factory, shared_corpus):
    root = tmp_path_factory.mktemp("e2e_review")
    (root / "in").mkdir()
    shutil.copy(shared_corpus / "003_huaian_shi_2024.pdf", root / "in" / "003_huaian_shi_2024.pdf")
    db = root / "review.duckdb"
    ingest([str(root / "in")], db)
    con = duckdb.connect(str(db), read_only=True)
    report_id = con.execute("SELECT report_id FROM reports").fetchall()[0][0]
    con.close()
    with dashboard_server(db, root / "server.log", {"XXGK_PAGE_CACHE": str(root / "pages")}) as url:
        yield url, report_id, root / "pages"


def _settle(page) -> None:
    for _ in range(2):
        page.wait_for_function(IDLE, timeout=30_000)
        page.wait_for_timeout(400)
    page.wait_for_function(IDLE, timeout=30_000)


def test_a_cell_of_the_printed_report_opens_its_page_image_with_the_box(page, review_server):
    url, report_id, cache = review_server
    page.goto(f"{url}/report?report={report_id}")
    _settle(page)
    assert page.locator("h1").first.inner_text().strip() == "报告原表"
    links = page.locator('[data-testid="stPageLink"] a[href*="metric=t3.received_new"][href*="dim=natural_person"]')
    link = links.first  # (a link with a tooltip is in the page twice)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "report.png"), full_page=True)
    assert link.inner_text().strip() == "3,001"
    link.click()  # the second click from the bureau page: the cell's review
    page.wait_for_function("() => location.pathname.endsWith('/review')", timeout=30_000)
    _settle(page)
    assert page.locator("h1").first.inner_text().strip() == "数值核对"
    assert "metric=t3.received_new" in page.url
    image = page.locator('[data-testid="stImage"] img').first
    image.wait_for(timeout=30_000)
    assert image.evaluate("img => img.complete && img.naturalWidth") > 500
    png = page.request.get(url + image.get_attribute("src").removeprefix(url)).body()
    picture = Image.open(io.BytesIO(png)).convert("RGB")
    red = sum(n for n, px in picture.getcolors(maxcolors=1 << 24) if all(abs(a - b) < 40 for a, b in zip(px, HIGHLIGHT)))
    assert red > 200  # the box outline (4 px wide around a cell of ~70 × 50 px)
    assert list(cache.glob("*-p4-x2.png"))  # 表三 is on page 4, rendered once into the cache
    page.screenshot(path=str(SCREENSHOTS / "review.png"), full_page=True)
    assert page.locator('[data-testid="stException"]').count() == 0
