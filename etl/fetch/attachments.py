"""The documents an article page links to: body links (./P020….pdf), attachment lists outside the
body (<ul id="file_ul_fj">), downfile.jsp?filename=x.pdf (the extension in the query), .htm pages in
an attachment list. Pure functions of bytes."""
from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, unquote, urljoin, urlsplit

from etl.fetch.lists import decode_page, html_root
from etl.fetch.titles import best_title

DOCUMENT_SUFFIXES = frozenset({".pdf", ".doc", ".docx", ".wps", ".xls", ".xlsx", ".zip", ".ofd", ".rar", ".txt"})
PAGE_SUFFIXES = frozenset({".htm", ".html", ".shtml"})
FETCHABLE_SCHEMES = frozenset({"http", "https"})
# where portals put attachment lists outside the article body (TRS: file_ul_fj; Hanweb: fujian …)
_ATTACHMENT_BOX = re.compile(r"file_ul|fj|fujian|attach|appendix|xgfj|download", re.I)


@dataclass(frozen=True)
class Link:
    url: str
    text: str


def url_suffix(url: str) -> str:
    """The document suffix of a URL: of its path, else of a file name in its query
    (downfile.jsp?filename=x.pdf)."""
    parts = urlsplit(url)
    suffix = posixpath.splitext(unquote(parts.path))[1].lower()
    if suffix in DOCUMENT_SUFFIXES:
        return suffix
    for _key, value in parse_qsl(parts.query, keep_blank_values=True):
        q = posixpath.splitext(unquote(value))[1].lower()
        if q in DOCUMENT_SUFFIXES:
            return q
    return suffix


def is_document_url(url: str) -> bool:
    return url_suffix(url) in DOCUMENT_SUFFIXES


def link_scheme_problem(url: str) -> str | None:
    scheme = urlsplit(url).scheme.lower()
    if scheme not in FETCHABLE_SCHEMES:
        return f"a {scheme or 'relative'}: link is not fetched"
    return None


def _in_attachment_box(element) -> bool:
    node = element.getparent()
    while node is not None:
        if _ATTACHMENT_BOX.search((node.get("id") or "") + " " + (node.get("class") or "")):
            return True
        node = node.getparent()
    return False


def document_links(article_url: str, body: bytes, content_type: str = "") -> list[Link]:
    """Every link of the page to a document, or to an .htm page inside an attachment list, in page
    order, each once. Links with other schemes are returned too: the crawler logs why it skips them.
    `article_url` is where the page was finally served from (relative links resolve against it)."""
    page_url = article_url
    root = html_root(decode_page(body, content_type))
    if root is None:
        return []
    base = root.find(".//base")
    if base is not None and base.get("href"):
        article_url = urljoin(article_url, base.get("href").strip())
    found: dict[str, Link] = {}
    for el in root.iter("a", "iframe", "embed", "object"):
        href = (el.get("href") or el.get("src") or el.get("data") or "").strip()
        if not href or href.startswith("#"):
            continue
        url = href if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", href) else urljoin(article_url, href)
        suffix = url_suffix(url) if not link_scheme_problem(url) else posixpath.splitext(href)[1].lower()
        text = (el.text_content() if el.tag == "a" else "") or el.get("title") or ""
        named = posixpath.splitext(text.strip())[1].lower()  # download.jsp?id=5 shown as 2020年报.pdf
        wanted = suffix in DOCUMENT_SUFFIXES or named in DOCUMENT_SUFFIXES or (
            _in_attachment_box(el) and (suffix in PAGE_SUFFIXES or not suffix))
        if wanted and url != page_url and url not in found:
            found[url] = Link(url, best_title(el.text_content() if el.tag == "a" else "", el.get("title")))
    return list(found.values())
