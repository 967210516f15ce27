"""Pure parts of the collector: titles, names, links, robots, backoff."""
from __future__ import annotations


import pytest

from etl.fetch.attachments import document_links, url_suffix
from etl.fetch.lists import ListError, parse_dataproxy_answer, parse_json_list, parse_list_page
from etl.fetch.politeness import backoff_seconds, retry_after_seconds
from etl.fetch.robots import robots_from_response
from etl.fetch.store import content_problem, relative_path, safe_target, write_document
from etl.fetch.titles import best_title, classify_title, title_year

REPORTS = [
    "淮北市商务局2020年政府信息公开工作年度报告",
    "安徽省人民政府办公厅2019年政府信息公开工作年度报告",
    "2023年度政府信息公开工作年度报告",
    "XX区人民政府2021年政府信息公开年报",
    "2015年政府信息公开工作报告",
    "滁州市2012年政府信息公开工作情况",
    "关于报送《凤阳县农业农村局2015年政府信息公开工作情况》的函",
    "关于上报《2016年度政府信息公开工作年度报告》的报告",
    "XX县财政局关于2014年度政府信息公开工作情况的报告",
    "政府信息公开工作年度报告（2022年）",
    "年度报告：2018年XX镇政府信息公开",
    "ＸＸ市２０２０年政务公开工作年度报告",
    "宿州市埇桥区2017年政府 信息公开工作 年度报告",
]
NOT_REPORTS = [
    "关于做好2020年政府信息公开工作年度报告编制发布工作的通知",
    "关于印发《2021年政务公开工作要点》的通知",
    "XX市2019年政务公开工作要点",
    "XX县2020年政府信息公开工作自查报告",
    "关于2021年度政府信息公开工作年度报告的整改情况报告",
    "《2020年政府信息公开工作年度报告》解读",
    "图解：2022年政府信息公开工作年度报告",
    "一图读懂XX区2021年政府信息公开工作年度报告",
    "2021年度政府信息公开工作年度报告评估结果",
    "XX市政府信息公开指南",
    "XX市政府信息公开目录",
    "2023年政府工作报告",
    "关于开展政府信息公开工作年度报告培训的通知",
    "关于报送《2019年政务公开工作要点落实情况》的函",
    "",
]


@pytest.mark.parametrize("title", REPORTS)
def test_reports_are_kept(title):
    assert classify_title(title).keep, classify_title(title)


@pytest.mark.parametrize("title", NOT_REPORTS)
def test_other_items_are_skipped(title):
    assert not classify_title(title).keep


def test_title_helpers():
    assert best_title("淮北市商务局2020年政府信息公开…", "淮北市商务局2020年政府信息公开工作年度报告") == \
        "淮北市商务局2020年政府信息公开工作年度报告"
    assert best_title("2020年报", None) == "2020年报"
    assert title_year("关于报送《凤阳县2015年政府信息公开工作情况》的函") == 2015
    assert title_year("ＸＸ市２０２０年政务公开工作年度报告") == 2020
    assert title_year("政府信息公开年报") is None


@pytest.mark.parametrize("url", [
    "http://h/../../../../etc/passwd", "http://h/%2e%2e/%2e%2e/etc/cron.d/x.pdf", "http://h/a/..%2f..%2fx.pdf",
    "http://h/downfile.jsp?filename=../../../x.pdf", "http://h/downfile.jsp?filename=C:\\Windows\\x.doc",
    "http://h/" + "很长的名字" * 100 + ".pdf", "http://h/.bashrc", "http://h/a/", "http://h/con.pdf?x=<>|*",
    "http://h:8080/%00%0a.pdf", "http://h/.xxgk-fetch/state.sqlite"])
def test_names_stay_inside_dir(url, tmp_path):
    rel = relative_path(url, "application/pdf")
    folder, name = rel.split("/")
    assert not name.startswith(".") and len(name.encode("utf-8")) < 255 and "\\" not in name
    target = write_document(tmp_path, rel, b"x")
    assert target.resolve().parent.parent == tmp_path.resolve()
    assert target.parent.name == folder


def test_safe_target_refuses_escapes(tmp_path):
    for bad in ("../x.pdf", "/etc/x.pdf", "a/../../x.pdf", ".xxgk-fetch/state.sqlite"):
        with pytest.raises(ValueError):
            safe_target(tmp_path, bad)


def test_names_keep_suffix_and_versions():
    assert relative_path("http://127.0.0.1:8001/a/P020210128.pdf").startswith("127.0.0.1_8001/")
    assert relative_path("http://h/a/P020210128.pdf").endswith("_P020210128.pdf")
    assert relative_path("http://h/a/P020210128.pdf", version=2).endswith("_P020210128.v2.pdf")
    assert relative_path("http://h/module/downfile.jsp?classid=0&filename=2401.pdf").endswith("_2401.pdf")
    assert relative_path("http://h/art/view?id=5", "text/html; charset=gbk").endswith(".html")
    assert relative_path("http://h/a/x.pdf") != relative_path("http://h/b/x.pdf")


def test_content_problem():
    assert "bytes are html" in content_problem("http://h/x.pdf", "text/html", b"<!DOCTYPE html><html>")
    assert content_problem("http://h/x.pdf", "application/pdf", b"%PDF-1.7") is None
    assert "bytes are pdf" in content_problem("http://h/x.docx", "", b"%PDF-1.7")
    assert content_problem("http://h/x.html", "text/html", b"") == "empty answer"


def test_attachment_links():
    page = """<html><body><div class="TRS_Editor"><p><a href="./P020210128512.pdf">正文</a>
    <a href="/module/download/downfile.jsp?classid=0&amp;filename=a.docx">附件</a>
    <a href="javascript:void(0)">打印</a><a href="../index.html">返回</a><a href="x.wps">wps</a>
    <a href="file:///C:/a.doc">本地</a><a href="./P020210128512.pdf">again</a></p></div>
    <ul id="file_ul_fj"><li><a href="./P0202.htm">网页版</a></li><li><a href="y.ofd">ofd</a></li></ul>
    <iframe src="/pdfjs/web/viewer.html?file=/a/b.pdf"></iframe></body></html>""".encode()
    urls = [link.url for link in document_links("http://h/col/202101/t1.html", page)]
    assert urls == ["http://h/col/202101/P020210128512.pdf",
                    "http://h/module/download/downfile.jsp?classid=0&filename=a.docx",
                    "http://h/col/202101/x.wps", "file:///C:/a.doc", "http://h/col/202101/P0202.htm",
                    "http://h/col/202101/y.ofd", "http://h/pdfjs/web/viewer.html?file=/a/b.pdf"]
    assert url_suffix("http://h/d.jsp?filename=%E5%B9%B4%E6%8A%A5.xlsx") == ".xlsx"


def test_list_page_kinds():
    trs = parse_list_page("http://h/col/index.html", b"""<ul><li><a href="./t1.html" title="2020\xe5\xb9\xb4\xe6\x8a\xa5">x</a>
        <span>2021-01-28</span></li></ul><script>var countPage = 4; createPageHTML('page_div', countPage, 0,
        'index', 'html', 20);</script>""")
    assert trs.kind == "trs" and trs.pages[1:] == ["http://h/col/index_1.html", "http://h/col/index_2.html",
                                                    "http://h/col/index_3.html"]
    assert trs.items[0].date == "2021-01-28" and trs.items[0].title == "2020年报"
    older = parse_list_page("http://h/c/", b"<script>$('#1').jpage({proxyUrl:'/module/jslib/jquery/jpage/dataproxy.jsp',"
                                            b"totalRecord:40,perPage:15,columnid:9,unitid:7});</script>")
    assert [r.url for r in older.proxy_requests] == [
        "http://h/module/jslib/jquery/jpage/dataproxy.jsp?startrecord=1&endrecord=40&perpage=15"]
    assert older.proxy_requests[0].form == {"columnid": "9", "unitid": "7"}
    divs = parse_list_page("http://h/c/", "<div class='row'><div class='t'><a href='a.html'>甲</a></div>"
                           "<div class='d'>2021年01月28日</div></div><div class='row'><a href='b.html'>乙</a></div>"
                           "<div class='row'><a href='c.html'>丙</a><span>[2020-02-03]</span></div>".encode())
    assert [(i.url[-6:], i.date) for i in divs.items] == [("a.html", "2021-01-28"), ("b.html", None),
                                                           ("c.html", "2020-02-03")]
    gbk_xml = '<?xml version="1.0" encoding="GBK"?><datastore><recordset><record><![CDATA[<li><a href="/a.html">' \
              '2020年政府信息公开工作年度报告</a></li>]]></record></recordset></datastore>'
    assert parse_dataproxy_answer("http://h/p", gbk_xml.encode("gbk"), "http://h/c/")[0].title == \
        "2020年政府信息公开工作年度报告"
    based = document_links("http://h/a/t1.html", b"<html><head><base href='/files/2021/'></head>"
                                                 b"<body><a href='x.pdf'>x</a></body></html>")
    assert [link.url for link in based] == ["http://h/files/2021/x.pdf"]
    api = parse_list_page("http://h/c/", b"<script>$.getJSON('/api/list?col=5&page=1', f)</script>")
    assert api.json_apis == ["http://h/api/list?col=5&page=1"]
    items = parse_json_list("http://h/api/list", '{"data":{"list":[{"DOCTITLE":"2020年政府信息公开工作年度报告",'
                            '"DOCPUBURL":"/c/t1.html","DOCRELTIME":"2021-01-28 10:00:00"}]}}'.encode(), "http://h/c/")
    assert [(i.url, i.date) for i in items] == [("http://h/c/t1.html", "2021-01-28")]
    with pytest.raises(ListError):
        parse_dataproxy_answer("http://h/p", b"<html>error</html>", "http://h/c/")
    with pytest.raises(ListError):
        parse_json_list("http://h/api", b"<html>", "http://h/c/")


def test_robots_and_backoff():
    r = robots_from_response(200, b"User-agent: *\nDisallow: /\n\nUser-agent: xxgk\nDisallow: /p/\nCrawl-delay: 2.5\n",
                             "xxgk/0.1 (+https://example.org)")
    assert r.allowed("http://h/a.html") and not r.allowed("http://h/p/a.html") and r.crawl_delay() == 2.5
    assert robots_from_response(404, b"", "xxgk").allowed("http://h/p")
    assert not robots_from_response(503, b"", "xxgk").allowed("http://h/p")
    assert robots_from_response(200, b"<!DOCTYPE html><html>", "xxgk").allowed("http://h/p")
    assert retry_after_seconds("7") == 7 and retry_after_seconds("soon") is None
    assert 9 < retry_after_seconds("Thu, 01 Jan 2026 00:00:10 GMT", now=1767225600.0) <= 10
    assert [backoff_seconds(a, 1, 60) for a in range(4)] == [1, 2, 4, 8]
    assert backoff_seconds(0, 1, 60, retry_after=30) == 30 and backoff_seconds(9, 1, 60) == 60


def test_preferred_version_is_the_later_download():
    from datetime import datetime

    from etl.load.preferred import mark_preferred

    base = {"bureau_id": "b", "year": 2020, "status": "parsed", "published_on": None, "source_url": "http://h/a.pdf"}
    first = dict(base, report_id="r1", source_path="d/x_a.pdf", fetched_at=datetime(2021, 2, 1), figure_count=90)
    later = dict(base, report_id="r2", source_path="d/x_a.v2.pdf", fetched_at=datetime(2021, 3, 1), figure_count=10,
                 status="partial")
    by_hand = dict(base, report_id="r0", source_path="e/z.pdf", source_url=None, fetched_at=None, figure_count=5,
                   status="partial")
    mark_preferred([later, first, by_hand], [])
    assert later["is_preferred"] and not first["is_preferred"] and first["superseded_by"] == "r2"


def test_fetch_imports_nothing_from_extract_validate_load():
    import ast
    from pathlib import Path

    import etl.fetch

    for module in Path(etl.fetch.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            names = [node.module or ""] if isinstance(node, ast.ImportFrom) else \
                [a.name for a in node.names] if isinstance(node, ast.Import) else []
            for name in names:
                assert not name.startswith(("etl.extract", "etl.validate", "etl.load")), (module.name, name)


def test_apply_provenance_is_idempotent_and_forgets_what_is_no_longer_collected():
    from datetime import date

    from etl.load.provenance import apply_provenance

    rec = {"url": "http://h/a.pdf", "fetched_at": "2021-02-01T08:00:00.000+00:00", "list_date": "2021-01-28"}
    rep = {"source_path": "d/h/a.pdf", "published_on": None, "deadline_on": date(2021, 1, 31)}
    apply_provenance([rep], {"d/h/a.pdf": rec})
    assert (rep["source_url"], rep["published_on"], rep["published_on_from"], rep["published_late"]) == \
        ("http://h/a.pdf", date(2021, 1, 28), "list_page", False)
    assert str(rep["fetched_at"]) == "2021-02-01 08:00:00"
    apply_provenance([rep], {"d/h/a.pdf": rec})
    assert rep["published_on_from"] == "list_page" and rep["published_on"] == date(2021, 1, 28)
    apply_provenance([rep], {})  # the same bytes given by hand on a later ingest
    assert rep["source_url"] is None and rep["published_on"] is None and rep["published_on_from"] is None
    printed = {"source_path": "x", "published_on": date(2021, 3, 1), "published_on_from": "report"}
    apply_provenance([printed], {"x": rec})
    assert printed["published_on"] == date(2021, 3, 1) and printed["published_on_from"] == "report"


def test_robots_redirected_elsewhere_means_no_rules(tmp_path):
    from etl.fetch.crawl import FetchOptions, fetch
    from tests.fetch.portal import Page, Portal
    from tests.fetch.sites import trs_li, trs_list_page

    routes = {"/robots.txt": lambda req: (301, {"Location": "http://127.0.0.1:9/robots.txt"}, b""),
              "/c/": Page(trs_list_page([trs_li("/a.pdf", "2020年政府信息公开工作年度报告", "2021-01-01")], 1, 0)
                          .encode("utf-8")),
              "/a.pdf": Page(b"%PDF-1.4 a", "application/pdf")}
    with Portal(routes) as p:
        summary = fetch([p.url("/c/")], tmp_path, FetchOptions(delay=0.02))
    assert summary.hosts[0].documents == 1
    assert ("robots", "robots.txt redirected to another origin (http://127.0.0.1:9): read as no robots.txt") in \
        {(e[2], e[3]) for e in summary.events}


def test_any_url_is_saved_inside_dir(tmp_path_factory):
    from hypothesis import given, settings
    from hypothesis import strategies as st

    root = tmp_path_factory.mktemp("names")
    segment = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=80)

    @settings(max_examples=300, deadline=None)
    @given(st.lists(segment, max_size=6), segment, st.sampled_from(["", "text/html", "application/pdf", "x/y"]),
           st.integers(1, 5))
    def check(parts, query, content_type, version):
        from urllib.parse import quote

        url = "http://127.0.0.1:8001/" + "/".join(quote(p, safe="/.%\\:") for p in parts) + "?f=" + quote(query)
        rel = relative_path(url, content_type, version)
        target = safe_target(root, rel)
        assert target.parent.parent == root.resolve() and not target.name.startswith(".")
        assert len(target.name.encode("utf-8")) <= 255

    check()
