import pytest

from etl.fetch.crawl import FetchOptions
from tests.fetch.portal import Portal
from tests.fetch.sites import hanweb_site, trs_site

DELAY = 0.05
CRAWL_DELAY = 0.1  # the TRS site's robots.txt
TOLERANCE = 0.0  # the pacer waits `delay` after an answer begins too, so the server's log shows no less


@pytest.fixture
def site_state():
    return {}


@pytest.fixture
def trs(site_state):
    with Portal(trs_site(site_state)) as p:
        yield p


@pytest.fixture
def hanweb(site_state):
    with Portal(hanweb_site(site_state)) as p:
        yield p


@pytest.fixture
def opts():
    return FetchOptions(delay=DELAY, timeout=0.5, max_retries=1, backoff_cap=0.3)
