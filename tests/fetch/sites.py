"""Fixture portals modelled on what TRS WCM and Hanweb (大汉) column pages serve. Written by hand."""
from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from tests.fetch.portal import Page, Request

ORGAN = "淮北市商务局"


def pdf(label: str) -> bytes:
    """A small PDF-looking document; its label makes every file's bytes distinct."""
    return b"%PDF-1.4\n% " + label.encode("utf-8") + b"\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def docx(label: str) -> bytes:
    return b"PK\x03\x04" + label.encode("utf-8") + b"\x00" * 32


def trs_li(href: str, title: str, date: str, cut: bool = False) -> str:
    text = title[:18] + "…" if cut else title
    return f'<li><a href="{href}" target="_blank" title="{title}">{text}</a><span>{date}</span></li>'


def trs_list_page(items: list[str], count: int, current: int, charset: str = "utf-8") -> str:
    return f"""<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>政府信息公开年报_{ORGAN}</title></head>
<body><div class="nav"><a href="../../index.html">首页</a> &gt; <a href="../">政府信息公开</a> &gt; 年报</div>
<div class="list_right"><ul class="list">
{chr(10).join(items)}
</ul>
<div class="page"><script type="text/javascript">
createPageHTML({count}, {current}, "index", "html");
</script></div></div>
<div class="foot"><a href="/xxgk/zn/">政府信息公开指南</a> <a href="javascript:void(0)" onclick="addFav()">加入收藏</a></div>
</body></html>"""


def trs_article(title: str, body_links: str, fj_links: str = "", charset: str = "utf-8") -> str:
    return f"""<!DOCTYPE html>
<html><head><meta charset="{charset}"><title>{title}</title></head>
<body><div class="nav"><a href="../../../index.html">首页</a> &gt; <a href="../">年报</a></div>
<h1>{title}</h1><div class="info">发布时间：2021-01-28 来源：{ORGAN}</div>
<div class="TRS_Editor"><p>根据《中华人民共和国政府信息公开条例》（以下简称《条例》）规定，特向社会公布{title}。</p>
<p>一、总体情况 2020年，我局主动公开政府信息356条。</p>
{body_links}</div>
{fj_links}
<div class="share"><a href="../../../index.html">返回首页</a> <a href="t20210128_000.html">上一篇</a></div>
</body></html>"""


def trs_site(state: dict) -> dict:
    """A TRS column at /xxgk/ndbg/: index.html, index_1.html (GBK), index_2.html, static pagination.
    `state` is shared with the test: it may change documents between runs."""
    routes: dict = {}
    routes["/robots.txt"] = Page(b"User-agent: *\nDisallow: /private/\nCrawl-delay: 0.1\n", "text/plain")
    routes["/xxgk/ndbg/index.html"] = Page(trs_list_page([
        trs_li("./202101/t20210128_123.html", f"{ORGAN}2020年政府信息公开工作年度报告", "2021-01-28", cut=True),
        trs_li("./202101/t20210128_123.html", f"{ORGAN}2020年政府信息公开工作年度报告", "2021-01-28"),
        trs_li("./202012/t20201210_99.html", f"关于做好2020年政府信息公开工作年度报告编制工作的通知", "2020-12-10"),
        trs_li("./202103/t20210301_7.html", f"{ORGAN}2021年政务公开工作要点", "2021-03-01"),
        trs_li("/private/ndbg2020_draft.html", f"{ORGAN}2020年政府信息公开工作年度报告（草稿）", "2021-01-20"),
        trs_li("javascript:openWin('t20210128_5.html')", f"{ORGAN}2020年政府信息公开工作年度报告（图表版）",
               "2021-01-28"),
    ], 3, 0).encode("utf-8"))
    routes["/xxgk/ndbg/index_1.html"] = Page(trs_list_page([
        trs_li("./202001/t20200120_55.html", f"{ORGAN}2019年政府信息公开工作年度报告", "2020-01-20"),
        trs_li("./201901/P020190130381234567890.pdf", f"{ORGAN}2018年政府信息公开工作年度报告", "2019-01-30"),
        trs_li("./201603/t20160315_3.html", f"关于报送《{ORGAN}2015年政府信息公开工作情况》的函", "2016-03-15"),
        trs_li("./201901/t20190131_8.html", f"{ORGAN}2018年政府信息公开工作自查报告", "2019-01-31"),
    ], 3, 1, charset="gb2312").encode("gbk"), "text/html; charset=gb2312")
    routes["/xxgk/ndbg/index_2.html"] = Page(trs_list_page([
        trs_li("./old/t2017.html", f"{ORGAN}2017年政府信息公开工作年度报告", "2018-01-25"),
        trs_li("./201801/t20180126_404.html", f"{ORGAN}2016年政府信息公开工作年度报告", "2017-01-26"),
        trs_li("./201501/t20150130_1.html", f"{ORGAN}2014年政府信息公开工作年度报告", "2015-01-30"),
        trs_li("./201401/t20140128_2.html", f"{ORGAN}2013年政府信息公开工作年度报告", "2014-01-28"),
    ], 3, 2).encode("utf-8"))
    # 2020: body link to a P020 PDF, and an attachment list outside the body
    routes["/xxgk/ndbg/202101/t20210128_123.html"] = Page(trs_article(
        f"{ORGAN}2020年政府信息公开工作年度报告",
        '<p>附件：<a href="./P020210128512345678901.pdf">2020年度报告.pdf</a></p>',
        '<div class="fj"><ul id="file_ul_fj"><li><a href="./P020210128512345678902.docx">报告正文.docx</a></li>'
        '<li><a href="./P020210128512345678903.htm">报告网页版</a></li></ul></div>').encode("utf-8"))
    routes["/xxgk/ndbg/202101/P020210128512345678901.pdf"] = lambda req: state["pdf2020"].answer(req)
    state.setdefault("pdf2020", Page(pdf("2020 report, as first published"), "application/pdf"))
    routes["/xxgk/ndbg/202101/P020210128512345678902.docx"] = Page(docx("2020 docx"), "application/octet-stream")
    routes["/xxgk/ndbg/202101/P020210128512345678903.htm"] = Page("<html><body>2020年报网页版</body></html>"
                                                                  .encode("utf-8"))
    # 2019: a GBK article page (saved as served, GBK bytes)
    routes["/xxgk/ndbg/202001/t20200120_55.html"] = Page(trs_article(
        f"{ORGAN}2019年政府信息公开工作年度报告", "<p>2019年，本机关主动公开政府信息。</p>", charset="gbk")
        .encode("gbk"), "text/html; charset=gbk")
    routes["/xxgk/ndbg/201901/P020190130381234567890.pdf"] = Page(pdf("2018 report"), "application/pdf")
    routes["/xxgk/ndbg/201603/t20160315_3.html"] = Page(trs_article(
        f"关于报送《{ORGAN}2015年政府信息公开工作情况》的函",
        '<p><a href="/xxgk/download/downfile.jsp?filename=2015gzqk.doc">2015年工作情况.doc</a></p>'
        '<p><a href="file:///C:/Users/admin/Desktop/2015.doc">本地链接</a></p>').encode("utf-8"))
    routes["/xxgk/download/downfile.jsp"] = Page(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 2015 doc", "application/msword")
    # 2017: a moved article (301 to its new address)
    routes["/xxgk/ndbg/old/t2017.html"] = lambda req: (301, {"Location": "/xxgk/ndbg/201801/t20180125_9.html"}, b"")
    # (its attachment link is relative: it resolves against where the page was served from)
    routes["/xxgk/ndbg/201801/t20180125_9.html"] = Page(trs_article(
        f"{ORGAN}2017年政府信息公开工作年度报告",
        '<p>2017年报告正文。<a href="./P020180125999.pdf">附件</a></p>').encode("utf-8"))
    routes["/xxgk/ndbg/201801/P020180125999.pdf"] = Page(pdf("2017 report"), "application/pdf")
    # 2016: 404 (no route). 2014: 503 first, then 200. 2013: never answers.
    state.setdefault("calls2014", 0)

    def flaky(req: Request):
        state["calls2014"] += 1
        if state["calls2014"] == 1:
            return 503, {"Retry-After": "0", "Content-Type": "text/html"}, b"<html>busy</html>"
        return 200, {"Content-Type": "text/html; charset=utf-8"}, trs_article(
            f"{ORGAN}2014年政府信息公开工作年度报告", "<p>2014年。</p>").encode("utf-8")

    routes["/xxgk/ndbg/201501/t20150130_1.html"] = flaky
    routes["/xxgk/ndbg/201401/t20140128_2.html"] = lambda req: (None, {}, b"")
    routes["/private/ndbg2020_draft.html"] = Page(b"<html>draft</html>")
    return routes


HANWEB_UNIT = "某某县人民政府"


def hanweb_record(n: int, title: str, date: str) -> str:
    return (f'<record><![CDATA[<li><a href="/art/{date[:4]}/{int(date[5:7])}/{int(date[8:])}/art_1234_{n}.html" '
            f'title="{title}" target="_blank">{title}</a><span class="bt_time">{date}</span></li>]]></record>')


HANWEB_ITEMS = [
    (1, f"{HANWEB_UNIT}2023年政府信息公开工作年度报告", "2024-01-20"),
    (2, f"{HANWEB_UNIT}2022年政府信息公开工作年度报告", "2023-01-18"),
    (3, f"{HANWEB_UNIT}2021年政府信息公开工作年度报告", "2022-01-25"),
    (4, f"{HANWEB_UNIT}关于2021年度政府信息公开工作的自查报告", "2022-03-02"),
    (5, f"{HANWEB_UNIT}2020年政府信息公开工作年度报告", "2021-01-27"),
    (6, f"{HANWEB_UNIT}2019年政府信息公开工作年度报告", "2020-01-21"),
    (7, f"{HANWEB_UNIT}2018年政府信息公开工作年度报告", "2019-01-30"),
    (8, f"{HANWEB_UNIT}2017年政府信息公开年报", "2018-02-28"),
    (9, f"关于印发《{HANWEB_UNIT}2019年政务公开工作要点》的通知", "2019-04-01"),
]
HANWEB_FORM = {"col": "1", "appid": "1", "webid": "27", "path": "/", "columnid": "1234", "sourceContentType": "1",
               "unitid": "5678", "webname": HANWEB_UNIT, "permissiontype": "0"}


def hanweb_column(inline: int = 2) -> str:
    records = "".join(hanweb_record(*it) for it in HANWEB_ITEMS[:inline])
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>政府信息公开年报</title>
<script type="text/javascript" src="/module/jslib/jquery/jquery.js"></script>
<script type="text/javascript" src="/module/web/jpage/jpage.js"></script></head>
<body><div class="main-right"><div id="4567">
<script type="text/xml"><datastore>
<nextgroup><![CDATA[<a href="/module/web/jpage/dataproxy.jsp?page=1&appid=1&webid=27&path=/&columnid=1234&unitid=5678&webname={HANWEB_UNIT}&permissiontype=0"></a>]]></nextgroup>
<recordset>{records}</recordset></datastore></script></div>
<script type="text/javascript">
$(document).ready(function(){{
  $('#4567').jpage({{ dataStore: dataStore, perPage: 2, totalRecord: {len(HANWEB_ITEMS)}, showMode: 'full',
    proxyUrl: '/module/web/jpage/dataproxy.jsp', groupSize: 3, barPosition: 'bottom', ajaxParam: {{
    col: 1, appid: 1, webid: 27, path: '/', columnid: 1234, sourceContentType: 1, unitid: '5678',
    webname: '{HANWEB_UNIT}', permissiontype: 0 }} }});
}});
</script></div></body></html>"""


def hanweb_article(n: int, title: str, attachment: str) -> str:
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title></head><body>
<table class="article"><tr><td class="title">{title}</td></tr>
<tr><td id="zoom"><p>本报告根据《中华人民共和国政府信息公开条例》编制。</p>{attachment}</td></tr></table>
<div class="close"><a href="javascript:window.close()">关闭窗口</a></div></body></html>"""


def hanweb_site(state: dict) -> dict:
    routes: dict = {}
    # a malformed robots.txt: no usable rules, so everything is allowed
    routes["/robots.txt"] = Page("User-agent *\n<html>Disallow</html>\n\x00\x00 Crawl-delay: soon\n".encode("utf-8"),
                                 "text/plain")
    routes["/col/col1234/index.html"] = Page(hanweb_column().encode("utf-8"))

    def dataproxy(req: Request):
        q = parse_qs(urlsplit(req.path).query)
        form = {k: v[0] for k, v in req.form.items()}
        if req.method != "POST" or any(form.get(k) != v for k, v in HANWEB_FORM.items()):
            return 200, {"Content-Type": "text/html"}, b"<html><body>\xe5\x8f\x82\xe6\x95\xb0\xe9\x94\x99\xe8\xaf\xaf</body></html>"
        if state.get("dataproxy_html"):
            return 200, {"Content-Type": "text/html"}, b"<html><body>System busy</body></html>"
        start, end = int(q["startrecord"][0]), int(q["endrecord"][0])
        records = "".join(hanweb_record(*it) for it in HANWEB_ITEMS[start - 1:end])
        xml = f"<?xml version='1.0' encoding='UTF-8'?><datastore><totalrecord>{len(HANWEB_ITEMS)}</totalrecord>" \
              f"<totalpage>5</totalpage><recordset>{records}</recordset></datastore>"
        return 200, {"Content-Type": "text/xml;charset=UTF-8"}, xml.encode("utf-8")

    routes["/module/web/jpage/dataproxy.jsp"] = dataproxy
    for n, title, date in HANWEB_ITEMS:
        path = f"/art/{date[:4]}/{int(date[5:7])}/{int(date[8:])}/art_1234_{n}.html"
        if n == 7:  # a lying attachment: an HTML error page served as .pdf
            att = '<a href="/picture/0/2019013010.pdf">附件</a>'
        else:
            att = f'<p>附件：<a href="/module/download/downfile.jsp?classid=0&filename=24012{n}.pdf">{title}.pdf</a></p>'
        routes[path] = Page(hanweb_article(n, title, att).encode("utf-8"))
    routes["/module/download/downfile.jsp"] = lambda req: (
        200, {"Content-Type": "application/octet-stream"},
        pdf("hanweb " + re.sub(r"\D", "", parse_qs(urlsplit(req.path).query)["filename"][0])))
    routes["/picture/0/2019013010.pdf"] = Page(b"<!DOCTYPE html><html><body>File not found</body></html>",
                                               "text/html")
    return routes
