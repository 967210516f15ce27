"""List kinds beyond the TRS and classic Hanweb sites: a jpage proxy that answers GET ?page=N only,
a paged JSON API, a plain list with 下一页 links, a column of reports titled by year, a 429 with
Retry-After, a dataproxy answer that is not XML."""
from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

from etl.fetch.crawl import fetch
from etl.fetch.state import read_provenance
from tests.fetch.portal import Page, Portal, Request
from tests.fetch.sites import HANWEB_ITEMS, hanweb_record, hanweb_site, pdf, trs_li


def plain_page(title: str, items: list[str], pager: str = "") -> bytes:
    return (f"<html><head><meta charset='utf-8'><title>{title}</title></head><body>"
            f"<div class='crumb'><a href='/'>首页</a> &gt; <a href='/xxgk/nb/'>政府信息公开年报</a></div>"
            f"<ul>{''.join(items)}</ul><div class='pager'>{pager}</div></body></html>").encode("utf-8")


def test_hanweb_get_pages_when_post_is_refused(opts, tmp_path):
    routes = hanweb_site({})

    def proxy(req: Request):
        if req.method == "POST":
            return 405, {"Content-Type": "text/html"}, b"<html>Method Not Allowed</html>"
        page = int(parse_qs(urlsplit(req.path).query)["page"][0])
        per = 3
        records = "".join(hanweb_record(*it) for it in HANWEB_ITEMS[(page - 1) * per:page * per])
        return 200, {"Content-Type": "text/xml"}, (f"<datastore><totalpage>3</totalpage><recordset>{records}"
                                                   "</recordset></datastore>").encode("utf-8")

    routes["/module/web/jpage/dataproxy.jsp"] = proxy
    with Portal(routes) as p:
        summary = fetch([p.url("/col/col1234/index.html")], tmp_path, opts)
        gets = [r.path for r in p.requests("/module/web/jpage/dataproxy.jsp", "GET")]
    assert [parse_qs(urlsplit(g).query)["page"] for g in gets] == [["1"], ["2"], ["3"]]
    assert all(parse_qs(urlsplit(g).query)["columnid"] == ["1234"] for g in gets)
    articles = {r["url"] for r in read_provenance(tmp_path) if r["role"] == "article"}
    assert len(articles) == 7
    assert any("HTTP 405" in e[3] for e in summary.events)


def test_dataproxy_answer_that_is_not_xml(opts, tmp_path):
    routes = hanweb_site({"dataproxy_html": True})
    with Portal(routes) as p:
        summary = fetch([p.url("/col/col1234/index.html")], tmp_path, opts)
    assert any("not jpage XML" in e[3] for e in summary.events)
    articles = {r["url"] for r in read_provenance(tmp_path) if r["role"] == "article"}
    assert len(articles) == 2, "the two inline records are still collected"
    assert not summary.start_errors


def test_paged_json_api(opts, tmp_path):
    reports = [(f"/c/t{i}.html", f"某区{2015 + i}年政府信息公开工作年度报告") for i in range(5)]

    def api(req: Request):
        page = int(parse_qs(urlsplit(req.path).query)["pageNo"][0])
        rows = [{"DOCTITLE": t, "DOCPUBURL": u, "PUBDATE": f"20{16 + i}-01-2{i}"}
                for i, (u, t) in enumerate(reports)][(page - 1) * 2:page * 2]
        return 200, {"Content-Type": "application/json"}, json.dumps(
            {"code": 0, "data": {"totalPage": 3, "list": rows}}, ensure_ascii=False).encode("utf-8")

    routes = {"/c/": Page("<html><head><title>年报</title></head><body><div id='list'></div><script>"
                          "$.ajax({url: '/api/doc/list?channelId=12&pageNo=1&pageSize=2', success: render});"
                          "</script></body></html>".encode("utf-8")),
              "/api/doc/list": api}
    for u, t in reports:
        routes[u] = Page(f"<html><body><h1>{t}</h1><a href='./{u[3:-5]}.pdf'>附件</a></body></html>".encode())
        routes[u[:-5] + ".pdf"] = Page(pdf(t), "application/pdf")
    with Portal(routes) as p:
        fetch([p.url("/c/")], tmp_path, opts)
        calls = [r.path for r in p.requests("/api/")]
    assert [parse_qs(urlsplit(c).query)["pageNo"] for c in calls] == [["1"], ["2"], ["3"]]
    saved = read_provenance(tmp_path)
    assert len([r for r in saved if r["role"] == "article"]) == 5
    assert len([r for r in saved if r["role"] == "attachment"]) == 5
    assert {r["list_date"] for r in saved if r["url"].endswith("t0.html")} == {"2016-01-20"}


def test_plain_list_with_next_links_in_a_column_of_reports(opts, tmp_path):
    routes = {
        "/xxgk/nb/": Page(plain_page("政府信息公开年报_某县人民政府", [
            trs_li("/xxgk/nb/", "政府信息公开年报", ""),                 # the column linking to itself
            trs_li("/xxgk/nb/2021.html", "2021年度", "2022-01-28"),       # in this column: a report
            trs_li("/xxgk/nb/2020.pdf", "2020年度报告", "2021-01-29"),
            trs_li("/xxgk/tzgg/", "通知公告", ""),
        ], "<a href='list_2.html'>下一页</a> <a href='list_2.html'>尾页</a>")),
        "/xxgk/nb/list_2.html": Page(plain_page("政府信息公开年报_某县人民政府", [
            trs_li("/xxgk/nb/2019.html", "2019年政府信息公开工作年度报告", "2020-01-30"),
            trs_li("/xxgk/nb/zd.html", "关于做好2019年度报告编制工作的通知", "2019-12-01"),
        ], "<a href='/xxgk/nb/'>上一页</a> <a href='/xxgk/nb/'>1</a>")),
        "/xxgk/nb/2021.html": Page("<html><body>2021年度报告正文</body></html>".encode()),
        "/xxgk/nb/2020.pdf": Page(pdf("2020"), "application/pdf"),
        "/xxgk/nb/2019.html": Page("<html><body>2019年度报告正文</body></html>".encode()),
    }

    def too_many(req: Request):  # 429 once, asking for 0.3 s
        state["n"] += 1
        if state["n"] == 1:
            return 429, {"Retry-After": "1"}, b""
        return 200, {"Content-Type": "text/html"}, "<html><body>正文</body></html>".encode()

    state = {"n": 0}
    routes["/xxgk/nb/2019.html"] = too_many
    opts.backoff_cap = 5
    with Portal(routes) as p:
        summary = fetch([p.url("/xxgk/nb/")], tmp_path, opts)
        log = [(r.path, r.started) for r in p.log]
    saved = {urlsplit(r["url"]).path for r in read_provenance(tmp_path)}
    assert saved == {"/xxgk/nb/2021.html", "/xxgk/nb/2020.pdf", "/xxgk/nb/2019.html"}
    paths = [path for path, _ in log]
    assert paths.count("/xxgk/nb/") == 1 and "/xxgk/nb/list_2.html" in paths and "/xxgk/tzgg/" not in paths
    tries = [t for path, t in log if path == "/xxgk/nb/2019.html"]
    assert len(tries) == 2 and tries[1] - tries[0] >= 1.0, "Retry-After honoured"
    assert summary.hosts[0].retries == 1


def test_download_links_named_by_their_text_and_servers_asking_too_much(opts, tmp_path):
    from etl.fetch.crawl import FetchOptions

    name = "2019年报告.pdf".encode("utf-8").decode("latin-1")
    routes = {
        "/col/": Page(plain_page("年报", [trs_li("/art/1.html", "2019年政府信息公开工作年度报告", "2020-01-20"),
                                          trs_li("/art/2.html", "2018年政府信息公开工作年度报告", "2019-01-20")])),
        "/art/1.html": Page("<html><body><p>见附件：<a href='/attach/download.jsp?id=7'>2019年报告.pdf</a></p>"
                            "</body></html>".encode("utf-8")),
        "/attach/download.jsp": lambda req: (200, {"Content-Type": "application/octet-stream",
                                                   "Content-Disposition": f'attachment; filename="{name}"'},
                                             pdf("2019")),
        "/art/2.html": lambda req: (429, {"Retry-After": "3600"}, b""),
    }
    with Portal(routes) as p:
        summary = fetch([p.url("/col/")], tmp_path, opts)
        asked = [r.path for r in p.log]
    saved = {r["url"]: r for r in read_provenance(tmp_path)}
    download = saved[p.url("/attach/download.jsp?id=7")]
    assert download["path"].endswith("_2019年报告.pdf") and download["role"] == "attachment"
    assert (tmp_path / download["path"]).read_bytes() == pdf("2019")
    assert asked.count("/art/2.html") == 1, "not asked again before the hour it asked for"
    assert any("Retry-After 3600 s is longer than this run waits" in e[3] for e in summary.events)

    slow = {"/robots.txt": Page(b"User-agent: *\nCrawl-delay: 3600\n", "text/plain"), "/col/": routes["/col/"]}
    with Portal(slow) as p:
        summary = fetch([p.url("/col/")], tmp_path / "slow", FetchOptions(delay=0.05, max_crawl_delay=60))
        assert [r.path for r in p.log] == ["/robots.txt"]
    assert summary.start_errors == [f"{p.url('/col/')}: robots.txt asks for Crawl-delay 3600 s, more than the 60 s "
                                    "this run waits: the host is skipped"]


def test_column_page_forwarding_by_meta_refresh(opts, tmp_path):
    routes = {"/xxgk/": Page(b"<html><head><meta http-equiv='refresh' content='0; url=/xxgk/nb/index.html'></head>"
                             b"<body></body></html>"),
              "/xxgk/nb/index.html": Page(plain_page("年报", [trs_li("/a.pdf", "2020年政府信息公开工作年度报告",
                                                                     "2021-01-01")])),
              "/a.pdf": Page(pdf("a"), "application/pdf")}
    with Portal(routes) as p:
        summary = fetch([p.url("/xxgk/")], tmp_path, opts)
    assert not summary.start_errors and summary.hosts[0].documents == 1
    assert summary.hosts[0].pages == 1
