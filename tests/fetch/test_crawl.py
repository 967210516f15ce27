"""The collector against fixture portals on 127.0.0.1; assertions read the servers' request logs."""
from __future__ import annotations

import sqlite3
from pathlib import Path

from etl.fetch.crawl import fetch
from etl.fetch.state import read_provenance
from tests.fetch.conftest import CRAWL_DELAY, DELAY, TOLERANCE
from tests.fetch.sites import HANWEB_FORM, HANWEB_ITEMS, ORGAN

TRS_START = "/xxgk/ndbg/index.html"
HANWEB_START = "/col/col1234/index.html"


def saved_by_url(root: Path) -> dict[str, dict]:
    return {r["url"]: r for r in read_provenance(root)}


def served(portal, path: str) -> bytes:
    route = portal.routes.get(path) or portal.routes[path.split("?")[0]]
    return route.body if hasattr(route, "body") else route(None)[2]


def test_trs_column_reports_and_attachments(trs, opts, tmp_path):
    summary = fetch([trs.url(TRS_START)], tmp_path, opts)
    saved = saved_by_url(tmp_path)
    expected = {
        "/xxgk/ndbg/202101/t20210128_123.html", "/xxgk/ndbg/202101/P020210128512345678901.pdf",
        "/xxgk/ndbg/202101/P020210128512345678902.docx", "/xxgk/ndbg/202101/P020210128512345678903.htm",
        "/xxgk/ndbg/202001/t20200120_55.html", "/xxgk/ndbg/201901/P020190130381234567890.pdf",
        "/xxgk/ndbg/201603/t20160315_3.html", "/xxgk/download/downfile.jsp?filename=2015gzqk.doc",
        "/xxgk/ndbg/old/t2017.html", "/xxgk/ndbg/201801/P020180125999.pdf", "/xxgk/ndbg/201501/t20150130_1.html"}
    assert set(saved) == {trs.url(p) for p in expected}
    # byte for byte as served (the GBK article stays GBK)
    for path in expected - {"/xxgk/ndbg/old/t2017.html", "/xxgk/ndbg/201501/t20150130_1.html",
                            "/xxgk/ndbg/202101/P020210128512345678901.pdf"}:
        rec = saved[trs.url(path)]
        assert (tmp_path / rec["path"]).read_bytes() == served(trs, path), path
    gbk = saved[trs.url("/xxgk/ndbg/202001/t20200120_55.html")]
    assert "淮北市商务局2019年".encode("gbk") in (tmp_path / gbk["path"]).read_bytes()
    # provenance: title in full (the link text was cut with …), list date, list page, article
    first = saved[trs.url("/xxgk/ndbg/202101/P020210128512345678901.pdf")]
    assert first["title"] == f"{ORGAN}2020年政府信息公开工作年度报告"
    assert first["list_date"] == "2021-01-28"
    assert first["list_page"] == trs.url(TRS_START)
    assert first["article"] == trs.url("/xxgk/ndbg/202101/t20210128_123.html")
    assert first["role"] == "attachment" and first["status"] == 200 and first["etag"]
    assert first["content_type"] == "application/pdf" and len(first["sha256"]) == 64
    assert saved[trs.url("/xxgk/download/downfile.jsp?filename=2015gzqk.doc")]["path"].endswith(".doc")
    assert saved[trs.url("/xxgk/ndbg/201901/P020190130381234567890.pdf")]["role"] == "document"
    # the 301: saved under the listed URL, with where it ended
    moved = saved[trs.url("/xxgk/ndbg/old/t2017.html")]
    assert moved["final_url"] == trs.url("/xxgk/ndbg/201801/t20180125_9.html")
    assert saved[trs.url("/xxgk/ndbg/201801/P020180125999.pdf")]["article"] == trs.url("/xxgk/ndbg/old/t2017.html")
    # every file lies under DIR, in the origin's folder; the column pages are never saved
    assert all((tmp_path / r["path"]).resolve().is_relative_to(tmp_path.resolve()) for r in saved.values())
    assert not any("index" in r["path"] for r in saved.values())

    paths = [r.path for r in trs.log]
    assert paths[0] == "/robots.txt"
    assert not any(p.startswith("/private/") for p in paths), "robots.txt Disallow obeyed"
    assert paths.count("/xxgk/ndbg/202101/t20210128_123.html") == 1, "a duplicate link is fetched once"
    for skipped in ("/xxgk/ndbg/202012/t20201210_99.html", "/xxgk/ndbg/202103/t20210301_7.html",
                    "/xxgk/ndbg/201901/t20190131_8.html"):
        assert skipped not in paths, "items that only name the report are not fetched"
    assert paths.count("/xxgk/ndbg/201501/t20150130_1.html") == 2, "503 then 200"
    assert paths.count("/xxgk/ndbg/201401/t20140128_2.html") == 2, "a page that never answers: tried, given up"
    # pacing: Crawl-delay (0.1) is larger than --delay (0.05), so it rules; every hop and retry counts
    assert min(trs.gaps()) >= CRAWL_DELAY - TOLERANCE
    # one request in flight: none arrives before the previous one was answered
    assert trs.overlaps() == 0
    agents = {r.headers["user-agent"] for r in trs.log}
    assert len(agents) == 1 and "xxgk" in agents.pop() and "+https://" in trs.log[0].headers["user-agent"]
    reasons = {(e[1], e[3]) for e in summary.events}
    assert (trs.url("/xxgk/ndbg/201801/t20180126_404.html"), "article: HTTP 404") in reasons
    assert (trs.url("/xxgk/ndbg/201401/t20140128_2.html"), "article: timed out after 0.5 s") in reasons
    assert any(url.startswith("javascript:") for url, _ in reasons)
    assert any(url.startswith("file:") for url, _ in reasons)
    assert any(reason == "disallowed by robots.txt" for _, reason in reasons)
    host = summary.hosts[0]
    assert host.pages == 3 and host.robots_skipped == 1 and host.retries >= 2 and not summary.start_errors
    state = sqlite3.connect(tmp_path / ".xxgk-fetch" / "state.sqlite")  # hidden: ingest does not walk into it
    assert state.execute("SELECT count(*) FROM runs WHERE finished_at IS NOT NULL").fetchone() == (1,)


def test_hanweb_dataproxy_two_origins_in_parallel(trs, hanweb, opts, tmp_path):
    fetch([hanweb.url(HANWEB_START), trs.url(TRS_START)], tmp_path, opts)
    saved = saved_by_url(tmp_path)
    posts = hanweb.requests("/module/web/jpage/dataproxy.jsp", "POST")
    assert [p.path.split("?")[1] for p in posts] == ["startrecord=3&endrecord=8&perpage=2",
                                                      "startrecord=9&endrecord=9&perpage=2"]
    assert all({k: v[0] for k, v in p.form.items()} == HANWEB_FORM for p in posts)
    reports = [n for n, title, _ in HANWEB_ITEMS if "年度报告" in title and "自查" not in title or "年报" in title]
    articles = {r["url"] for r in saved.values() if r["role"] == "article" and "/art/" in r["url"]}
    assert len(articles) == len(reports) == 7
    assert not any("art_1234_4." in u or "art_1234_9." in u for u in articles), "自查报告, 工作要点通知 skipped"
    downloads = [r for r in saved.values() if "downfile.jsp" in r["url"] and "hanweb" in r["url"] or
                 "/module/download/" in r["url"]]
    assert len(downloads) == 6 and all(r["path"].endswith(".pdf") for r in downloads)
    lying = saved[hanweb.url("/picture/0/2019013010.pdf")]
    assert "bytes are html" in lying["note"]
    # pacing per origin; the two origins ran side by side (the second started before the first ended)
    assert min(hanweb.gaps()) >= DELAY - TOLERANCE and min(trs.gaps()) >= CRAWL_DELAY - TOLERANCE
    assert hanweb.overlaps() == 0 and trs.overlaps() == 0
    assert hanweb.log[0].started < trs.log[-1].started and trs.log[0].started < hanweb.log[-1].started


def test_rerun_is_conditional_and_keeps_changed_versions(trs, site_state, opts, tmp_path):
    from tests.fetch.portal import Page
    from tests.fetch.sites import pdf

    fetch([trs.url(TRS_START)], tmp_path, opts)
    first = saved_by_url(tmp_path)
    files_before = {p for p in tmp_path.rglob("*") if p.is_file() and ".xxgk-fetch" not in p.parts}
    n_before = len(trs.log)
    changed_path = "/xxgk/ndbg/202101/P020210128512345678901.pdf"
    site_state["pdf2020"] = Page(pdf("2020 report, corrected after publication"), "application/pdf",
                                 last_modified="Tue, 02 Mar 2021 08:00:00 GMT")
    summary = fetch([trs.url(TRS_START)], tmp_path, opts)
    second = trs.log[n_before:]
    doc_requests = [r for r in second if trs.url(r.path) in first and first[trs.url(r.path)]["etag"]]
    assert doc_requests and all("if-none-match" in r.headers for r in doc_requests), "conditional requests"
    assert all("if-modified-since" in r.headers for r in doc_requests)
    files_after = {p for p in tmp_path.rglob("*") if p.is_file() and ".xxgk-fetch" not in p.parts}
    new_files = files_after - files_before
    assert len(new_files) == 1, "only the changed document is downloaded again"
    # all but the changed one: 304s, and the 2014 article (served without validators) by its sha256
    assert summary.hosts[0].unchanged == len(first) - 1 and summary.hosts[0].documents == 1
    assert trs.requests("/xxgk/ndbg/201801/P020180125999.pdf")[-1].headers.get("if-none-match"), \
        "an unchanged (304) moved article's attachment is still found and asked for"
    rows = [r for r in read_provenance(tmp_path) if r["url"] == trs.url(changed_path)]
    assert [(r["version"], r["changed"]) for r in rows] == [(1, 0), (2, 1)]
    old, new = (tmp_path / rows[0]["path"]), (tmp_path / rows[1]["path"])
    assert old.read_bytes() == pdf("2020 report, as first published") and old.exists()
    assert new.read_bytes() == pdf("2020 report, corrected after publication")
    assert new.parent == old.parent and rows[1]["first_seen"] == rows[0]["first_seen"]
    assert rows[1]["last_modified"] == "Tue, 02 Mar 2021 08:00:00 GMT"


def test_dry_run_lists_without_fetching_documents(trs, opts, tmp_path):
    opts.dry_run = True
    summary = fetch([trs.url(TRS_START)], tmp_path, opts)
    assert read_provenance(tmp_path) == []
    assert {r.path for r in trs.log} == {"/robots.txt", "/xxgk/ndbg/index.html", "/xxgk/ndbg/index_1.html",
                                         "/xxgk/ndbg/index_2.html"}
    assert len(summary.hosts[0].would_fetch) == 8


def test_since_skips_older_reports(trs, opts, tmp_path):
    opts.since = 2019
    fetch([trs.url(TRS_START)], tmp_path, opts)
    titles = {r["title"] for r in read_provenance(tmp_path)}
    assert titles == {f"{ORGAN}2020年政府信息公开工作年度报告", f"{ORGAN}2019年政府信息公开工作年度报告"}


def test_max_pages_stops_a_pagination_trap(opts, tmp_path):
    from tests.fetch.portal import Page, Portal
    from tests.fetch.sites import trs_li, trs_list_page

    # a calendar trap: every page claims 10,000 pages
    routes = {"/robots.txt": Page(b"", "text/plain")}
    for i in range(30):
        name = "index.html" if i == 0 else f"index_{i}.html"
        routes[f"/cal/{name}"] = Page(trs_list_page([trs_li(f"./a{i}.pdf", f"{2000 + i}年政府信息公开工作年度报告",
                                                            "2021-01-01")], 10000, i).encode("utf-8"))
    opts.max_pages = 4
    opts.dry_run = True
    with Portal(routes) as p:
        summary = fetch([p.url("/cal/index.html")], tmp_path, opts)
        assert len([r for r in p.log if "/cal/" in r.path]) == 4
    assert any("--max-pages 4 reached" in e[3] for e in summary.events)


def test_size_cap_redirect_loop_and_other_origin(opts, tmp_path):
    from tests.fetch.portal import Page, Portal
    from tests.fetch.sites import trs_li, trs_list_page

    items = [trs_li("/big.pdf", "2020年政府信息公开工作年度报告", "2021-01-01"),
             trs_li("/loop.html", "2019年政府信息公开工作年度报告", "2020-01-01"),
             trs_li("/away.html", "2018年政府信息公开工作年度报告", "2019-01-01"),
             trs_li("http://127.0.0.1:1/x.pdf", "2017年政府信息公开工作年度报告", "2018-01-01")]
    routes = {"/col/": Page(trs_list_page(items, 1, 0).encode("utf-8")),
              "/big.pdf": Page(b"%PDF" + b"0" * 300_000, "application/pdf"),
              "/loop.html": lambda req: (302, {"Location": "/loop2.html"}, b""),
              "/loop2.html": lambda req: (302, {"Location": "/loop.html"}, b""),
              "/away.html": lambda req: (301, {"Location": "http://127.0.0.1:2/away.html"}, b"")}
    opts.max_doc_bytes = 100_000
    with Portal(routes) as p:
        summary = fetch([p.url("/col/")], tmp_path, opts)
    reasons = {e[3] for e in summary.events}
    assert "document: larger than the size cap (0.0953674 MB)" in reasons
    assert "article: redirect loop" in reasons
    assert "article: redirected to another origin (http://127.0.0.1:2)" in reasons
    assert "on another origin (http://127.0.0.1:1): not fetched" in reasons
    assert read_provenance(tmp_path) == [] and not summary.start_errors


def test_non_list_and_unreachable_start_pages(opts, tmp_path):
    from tests.fetch.portal import Page, Portal

    routes = {"/article.html": Page("<html><body><p>欢迎访问</p><a href='/'>首页</a></body></html>".encode()),
              "/file.pdf": Page(b"%PDF-1.4", "application/pdf")}
    with Portal(routes) as p:
        summary = fetch([p.url("/article.html"), p.url("/file.pdf"), p.url("/gone/")], tmp_path, opts)
    assert sorted(summary.start_errors) == sorted([
        f"{p.url('/article.html')}: not a list page (no report links, pagination or list script)",
        f"{p.url('/file.pdf')}: not a list page (the answer is not HTML)",
        f"{p.url('/gone/')}: HTTP 404"])

