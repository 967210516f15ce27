"""Column (list) pages: the items they list and where the rest of the list is.

Recognised: TRS WCM static pagination (`createPageHTML(count, current, "index", "html")`),
Hanweb jpage lists (records inline in `<script type="text/xml">` and the rest from
`dataproxy.jsp` by POST), JSON list APIs named in a page's script, and plain link lists.
Pure functions of bytes; the crawler does the requests.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from urllib.parse import urlencode, urljoin, urlsplit

import lxml.html

from etl.fetch.titles import best_title
from etl.read import ReadError
from etl.read.encoding import decode_text

HANWEB_FIELDS = ("col", "appid", "webid", "path", "columnid", "sourceContentType", "unitid", "webname",
                 "permissiontype")
HANWEB_GROUP = 3  # jpage asks the proxy for three pages of records at a time


class ListError(ValueError):
    """A list answer that cannot be read (e.g. a dataproxy answer that is not XML)."""


@dataclass(frozen=True)
class ListedItem:
    url: str
    title: str
    date: str | None
    list_page: str


@dataclass(frozen=True)
class DataProxyRequest:
    url: str
    form: dict[str, str]


@dataclass
class ListPage:
    url: str
    items: list[ListedItem] = field(default_factory=list)
    pages: list[str] = field(default_factory=list)  # further list pages (static pagination)
    proxy_requests: list[DataProxyRequest] = field(default_factory=list)
    json_apis: list[str] = field(default_factory=list)
    kind: str = "links"
    heading: str = ""  # the page's <title>: says whether the column is the annual reports' column
    hanweb_get: str | None = None  # newer jpage proxies also answer GET ?page=N (the <nextgroup> link)
    refresh: str | None = None  # <meta http-equiv="refresh" content="0;url=…">: the list is there

    @property
    def has_list_structure(self) -> bool:
        return bool(self.pages or self.proxy_requests or self.json_apis or self.kind != "links")


_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_-]+)""", re.I)


def declared_charset(body: bytes, content_type: str) -> str | None:
    m = re.search(r"charset\s*=\s*['\"]?([A-Za-z0-9_-]+)", content_type or "", re.I)
    if m:
        return m.group(1)
    m = _CHARSET.search(body[:4096]) or _XML_ENCODING.match(body[:200])
    return m.group(1).decode("ascii") if m else None


def decode_page(body: bytes, content_type: str = "") -> str:
    try:
        return decode_text(body, declared_charset(body, content_type))
    except ReadError:
        return body.decode("utf-8", errors="replace")


def looks_like_html(body: bytes) -> bool:
    head = body[:1024].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html", b"<head", b"<meta", b"<body", b"<div", b"<script"))


_DATE = re.compile(r"((?:19|20)\d{2})\s*[-./年]\s*(\d{1,2})\s*[-./月]\s*(\d{1,2})")


def find_date(text: str) -> str | None:
    m = _DATE.search(text or "")
    if not m:
        return None
    y, mo, d = (int(g) for g in m.groups())
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


def html_root(text: str):
    """The parsed page or fragment; None when there is nothing lxml can parse (empty, only a comment)."""
    if not text.strip():
        return None
    try:
        return lxml.html.fromstring(text)
    except (ValueError, lxml.etree.ParserError):
        return None


def _item_date(a, title: str) -> str | None:
    """The date printed beside a link: in the nearest enclosing element (up to four levels) that
    holds this link and no other, so a date of the next item is never taken."""
    node = a.getparent()
    for _level in range(4):
        if node is None or sum(1 for _ in node.iter("a")) > 1:
            return None
        date = find_date(node.text_content().replace(title, ""))
        if date:
            return date
        node = node.getparent()
    return None


def _links(fragment_html: str, base: str, list_page: str) -> list[ListedItem]:
    root = html_root(fragment_html)
    if root is None:
        return []
    items = []
    for a in root.iter("a"):
        href = (a.get("href") or "").strip()
        if not href or href.startswith("#"):
            continue
        title = best_title(a.text_content(), a.get("title"))
        date = _item_date(a, title)
        url = href if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", href) else urljoin(base, href)
        items.append(ListedItem(url, re.sub(r"\s+", " ", title).strip(), date, list_page))
    return items


_SCRIPT_XML = re.compile(r"<script[^>]*type\s*=\s*['\"]text/xml['\"][^>]*>(.*?)</script>", re.S | re.I)
_RECORD = re.compile(r"<record>\s*<!\[CDATA\[(.*?)\]\]>\s*</record>", re.S | re.I)
_TOTAL = re.compile(r"<totalrecord>\s*(\d+)\s*</totalrecord>|totalRecord\s*[:=]\s*['\"]?(\d+)", re.I)
_PERPAGE = re.compile(r"perPage\s*[:=]\s*['\"]?(\d+)", re.I)
_PROXY = re.compile(r"""['"]([^'"\s]*?/module/(?:web|jslib/jquery)/jpage/dataproxy\.jsp)""", re.I)
_TRS = re.compile(r"createPageHTML\(\s*(?:['\"][^'\"]*['\"]\s*,\s*)?(\w+)\s*,\s*(\w+)\s*,\s*['\"]([\w-]+)['\"]"
                  r"\s*,\s*['\"](\w+)['\"]")
_JSON_API = re.compile(r"""['"]((?:https?:/)?(?:\.{1,2})?/[^'"\s<>]*?(?:\.json|api/[^'"\s<>]*)(?:\?[^'"\s<>]*)?)['"]""")


def _js_number(token: str, script: str) -> int | None:
    if token.isdigit():
        return int(token)
    m = re.search(rf"\b{re.escape(token)}\s*=\s*['\"]?(\d+)", script)
    return int(m.group(1)) if m else None


def hanweb_fields(text: str) -> dict[str, str]:
    fields = {}
    for name in HANWEB_FIELDS:
        m = re.search(rf"""(?<![A-Za-z0-9_]){name}['"]?\s*[:=]\s*['"]?([^'",}}&\s<]*)""", text)
        if m:
            fields[name] = m.group(1)
    return fields


_TITLE_TAG = re.compile(r"<title[^>]*>(.*?)</title>", re.S | re.I)
_REFRESH = re.compile(r"""<meta[^>]+http-equiv\s*=\s*["']?refresh["']?[^>]+content\s*=\s*["']?\s*\d*\s*;\s*url\s*=\s*([^"'>]+)""",
                      re.I)
_NEXTGROUP = re.compile(r"<nextgroup>\s*<!\[CDATA\[.*?href=['\"]([^'\"]+)['\"]", re.S | re.I)
# pagination links of plain lists: "下一页", "尾页", "2" … pointing at a page-numbered address
_PAGER_TEXT = re.compile(r"^\s*(?:下一页|下页|后页|尾页|末页|最后一页|[>›»]+|\d{1,4}|第\s*\d+\s*页)\s*$")
_PAGED_URL = re.compile(r"(?:index|list|default)_\d+\.s?html?$|[?&](?:page|pageno|pageindex|curpage|pagenum|p)=\d+|"
                        r"/page/\d+/?$|_\d+\.s?html?$", re.I)


def pager_links(fragment_html: str, base: str) -> list[str]:
    root = html_root(fragment_html)
    if root is None:
        return []
    found = []
    for a in root.iter("a"):
        href = (a.get("href") or "").strip()
        if href and _PAGER_TEXT.match(a.text_content() or "") and _PAGED_URL.search(href):
            url = urljoin(base, href)
            if url not in found:
                found.append(url)
    return found


def parse_list_page(url: str, body: bytes, content_type: str = "") -> ListPage:
    text = decode_page(body, content_type)
    page = ListPage(url)
    heading = _TITLE_TAG.search(text)
    refresh = _REFRESH.search(text)
    if refresh:
        page.refresh = urljoin(url, refresh.group(1).strip().strip("'\""))
    heading_root = html_root(f"<p>{heading.group(1)}</p>") if heading else None
    page.heading = re.sub(r"\s+", " ", heading_root.text_content()).strip() if heading_root is not None else ""
    scripts_xml = _SCRIPT_XML.findall(text)
    inline_records = [r for block in scripts_xml for r in _RECORD.findall(block)]
    # links outside the jpage data island, then its records (lxml would drop script content)
    page.items = _links(_SCRIPT_XML.sub(" ", text), url, url)
    for record in inline_records:
        page.items.extend(_links(record, url, url))
    proxy = _PROXY.search(text)
    if proxy or inline_records:
        page.kind = "hanweb"
        total_m = _TOTAL.search(text)
        total = int(next(g for g in total_m.groups() if g)) if total_m else len(inline_records)
        perpage_m = _PERPAGE.search(text)
        perpage = int(perpage_m.group(1)) if perpage_m else max(len(inline_records), 15)
        proxy_url = urljoin(url, proxy.group(1)) if proxy else urljoin(url, "/module/web/jpage/dataproxy.jsp")
        form = hanweb_fields(text)
        nextgroup = _NEXTGROUP.search(text)
        if nextgroup:
            page.hanweb_get = urljoin(url, nextgroup.group(1).replace("&amp;", "&"))
        start = len(inline_records) + 1
        while start <= total:
            end = min(total, start + perpage * HANWEB_GROUP - 1)
            query = urlencode({"startrecord": start, "endrecord": end, "perpage": perpage})
            page.proxy_requests.append(DataProxyRequest(f"{proxy_url}?{query}", form))
            start = end + 1
    trs = _TRS.search(text)
    if trs:
        page.kind = "trs"
        count = _js_number(trs.group(1), text)  # (group 2, the current page, is not needed)
        name, ext = trs.group(3), trs.group(4)
        if count:
            page.pages = [urljoin(url, f"{name}.{ext}" if i == 0 else f"{name}_{i}.{ext}") for i in range(count)]
    if not page.pages:
        page.pages = pager_links(_SCRIPT_XML.sub(" ", text), url)
    for m in _JSON_API.finditer(text):
        api = urljoin(url, m.group(1))
        if urlsplit(api).netloc == urlsplit(url).netloc and api not in page.json_apis:
            page.json_apis.append(api)
    if page.json_apis and page.kind == "links":
        page.kind = "json"
    return page


def parse_dataproxy_answer(url: str, body: bytes, list_page: str, content_type: str = "") -> list[ListedItem]:
    text = decode_page(body, content_type)
    if not re.search(r"<datastore|<recordset|<record>", text, re.I):
        raise ListError("the dataproxy answer is not jpage XML (no <datastore>/<recordset>)")
    items = []
    for record in _RECORD.findall(text):
        items.extend(_links(record, list_page, list_page))
    return items


_URL_KEYS = ("url", "link", "href", "docurl", "doc_url", "docpuburl", "puburl", "linkurl", "detailurl", "path")
_TITLE_KEYS = ("title", "doctitle", "doc_title", "name", "infotitle", "subject")
_DATE_KEYS = ("date", "pubdate", "publishdate", "publish_time", "publishtime", "docreltime", "reltime", "time",
              "createtime", "pubtime", "releasedate", "fbrq")


def parse_json_list(url: str, body: bytes, list_page: str) -> list[ListedItem]:
    try:
        data = json.loads(decode_page(body, "application/json"))
    except (json.JSONDecodeError, ValueError) as e:
        raise ListError(f"the JSON list answer is not JSON ({e.msg if hasattr(e, 'msg') else e})") from None
    items: list[ListedItem] = []

    def walk(node, depth=0):
        if depth > 20:
            return
        if isinstance(node, dict):
            lowered = {str(k).lower(): v for k, v in node.items()}
            link = next((lowered[k] for k in _URL_KEYS if isinstance(lowered.get(k), str) and lowered[k]), None)
            title = next((lowered[k] for k in _TITLE_KEYS if isinstance(lowered.get(k), str) and lowered[k]), None)
            if link and title:
                date = next((find_date(str(lowered[k])) for k in _DATE_KEYS if lowered.get(k)), None)
                items.append(ListedItem(urljoin(list_page, link.strip()), title.strip(), date, list_page))
            for v in node.values():
                walk(v, depth + 1)
        elif isinstance(node, list):
            for v in node:
                walk(v, depth + 1)

    walk(data)
    return items


_TOTAL_PAGES_KEYS = ("totalpage", "totalpages", "pagecount", "pages", "pagetotal", "totalpagenum")
_PAGE_PARAM = re.compile(r"([?&](?:page|pageno|pageindex|curpage|pagenum|currentpage)=)(\d+)", re.I)


def json_total_pages(body: bytes) -> int | None:
    """The page count a JSON list answer states (top level or one level down), if any."""
    try:
        data = json.loads(decode_page(body, "application/json"))
    except (json.JSONDecodeError, ValueError):
        return None
    for node in [data] + ([v for v in data.values() if isinstance(v, dict)] if isinstance(data, dict) else []):
        if isinstance(node, dict):
            for k, v in node.items():
                if str(k).lower() in _TOTAL_PAGES_KEYS and str(v).isdigit():
                    return int(v)
    return None


def other_pages(url: str, total_pages: int) -> list[str]:
    """A paged API's other pages: its page parameter set to 2 … N (or 0 … N-1 when it starts at 0)."""
    m = _PAGE_PARAM.search(url)
    if not m or total_pages < 2:
        return []
    first = int(m.group(2))
    numbers = range(first + 1, first + total_pages)
    return [url[:m.start()] + m.group(1) + str(n) + url[m.end():] for n in numbers]


def parse_hanweb_get_answer(body: bytes, list_page: str, content_type: str = "") -> tuple[list[ListedItem], int | None]:
    """A newer jpage proxy's GET answer: its records and the <totalpage> it states."""
    items = parse_dataproxy_answer(list_page, body, list_page, content_type)
    m = re.search(r"<totalpage>\s*(\d+)", decode_page(body, content_type), re.I)
    return items, int(m.group(1)) if m else None
