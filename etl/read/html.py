"""HTML (portal pages, Word-exported HTML): text lines and tables with spans resolved.

Scripts, styles, comments (including Word's `<!--[if ...]-->` residue) and form controls are
dropped; nothing is ever executed. A table nested in a layout table is read as its own table.
"""
from __future__ import annotations

import re

from lxml import etree, html as lxml_html

from etl.model import Document, TextBlock, make_table
from etl.read import ReadError
from etl.read.encoding import decode_text

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_DROP = ("script", "style", "noscript", "template", "iframe", "object", "embed", "select", "button", "svg", "head")
_BLOCK = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "br", "tr", "section", "article", "header",
          "footer", "ul", "ol", "dt", "dd", "blockquote", "pre", "title", "td", "th", "center"}
_WS = re.compile(r"[ \t\r\n\u00a0\u3000]+")


def _decode(data: bytes) -> str:
    m = _META_CHARSET.search(data[:4096])
    return decode_text(data, m.group(1).decode("ascii", "replace") if m else None)


def _span(el, attr: str) -> int:
    try:
        return max(1, int(str(el.get(attr, "1")).strip() or 1))
    except ValueError:
        return 1


def _cell_text(el) -> str:
    parts = []
    for node in el.iter():
        if node is not el and node.tag in ("br", "p", "div") and parts:
            parts.append(" ")
        if node.text and node.tag not in _DROP and not isinstance(node, etree._Comment):
            parts.append(node.text)
        if node is not el and node.tail:
            parts.append(node.tail)
    return _WS.sub(" ", "".join(parts)).strip()


def _table_rows(table) -> list[list[tuple[str, int, int]]]:
    rows = []
    for tr in table.iter("tr"):
        # skip rows that belong to a nested table
        if next((a for a in tr.iterancestors("table")), None) is not table:
            continue
        cells = [( _cell_text(td), _span(td, "rowspan"), _span(td, "colspan"))
                 for td in tr if isinstance(td.tag, str) and td.tag in ("td", "th")]
        if cells:
            rows.append(cells)
    return rows


def read_html(data: bytes) -> Document:
    text = _decode(data)
    try:
        root = lxml_html.document_fromstring(text)
    except (etree.ParserError, ValueError) as exc:
        raise ReadError(f"not readable as HTML ({exc})") from None
    props: dict[str, str] = {}
    title = root.findtext(".//title")
    if title:
        props["title"] = _WS.sub(" ", title).strip()
    for meta in root.iter("meta"):
        name, content = meta.get("name"), meta.get("content")
        if name and content:
            props[f"meta:{name}"] = content.strip()
    for el in list(root.iter(*_DROP)):
        el.drop_tree()
    for el in list(root.iter(etree.Comment)):
        el.drop_tree()

    blocks: list = []
    buf: list[str] = []

    def flush() -> None:
        line = _WS.sub(" ", "".join(buf)).strip()
        if line:
            blocks.append(TextBlock(line))
        buf.clear()

    def walk(el) -> None:
        if not isinstance(el.tag, str):
            return
        if el.tag == "table":
            flush()
            rows = _table_rows(el)
            if rows:
                blocks.append(make_table(rows))
            # nested tables are read after their parent, as tables of their own
            for inner in el.iter("table"):
                if inner is not el and next(inner.iterancestors("table")) is el:
                    rows = _table_rows(inner)
                    if rows:
                        blocks.append(make_table(rows))
            if el.tail:
                buf.append(el.tail)
            return
        if el.tag in _BLOCK:
            flush()
        if el.text:
            buf.append(el.text)
        for child in el:
            walk(child)
        if el.tag in _BLOCK:
            flush()
        if el.tail:
            buf.append(el.tail)

    body = root.find("body")
    walk(body if body is not None else root)
    flush()
    return Document(blocks, "html", properties=props)
