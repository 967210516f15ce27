"""HTML (portal pages, Word-exported HTML): text lines and tables with spans resolved.

Scripts, styles, comments (Word's `<!--[if ...]>...<![endif]-->` blocks included), Word's XML
data islands, form controls and elements hidden with `display:none` are dropped; nothing is
ever executed. A table nested in a layout table is read as its own table, after its parent.
"""
from __future__ import annotations

import re

from lxml import etree

from etl.model import Block, Document, TextBlock, make_table
from etl.read import ReadError
from etl.read.cells import join_wrapped, squash
from etl.read.encoding import decode_text_with_warnings, is_plain_utf8

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_DROP = {"script", "style", "noscript", "template", "iframe", "object", "embed", "select", "button", "svg",
         "head", "xml", "textarea", "input", "canvas", "audio", "video", "map"}
_BLOCK = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "br", "tr", "section", "article", "header",
          "footer", "ul", "ol", "dl", "dt", "dd", "blockquote", "pre", "title", "td", "th", "center", "caption",
          "nav", "aside", "main", "form", "fieldset", "address", "figure", "figcaption", "hr", "table"}
_CELL_BREAK = {"br", "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6"}
_HIDDEN = re.compile(r"display\s*:\s*none|mso-hide\s*:\s*all|visibility\s*:\s*hidden", re.I)
# Word's "downlevel-revealed" conditionals (<![if !supportLists]>) survive HTML parsing as text
_DOWNLEVEL = re.compile(r"<!\[(?:if [^\]]*|endif)\]>|<!--\[(?:if [^\]]*|endif)\]-->")
# the same on UTF-8 bytes (no byte of a multibyte character is `]`, so it matches the same spans)
_DOWNLEVEL_BYTES = re.compile(_DOWNLEVEL.pattern.encode("ascii"))


def _utf8_page(data: bytes) -> tuple[bytes, list[str]]:
    """The page as UTF-8 bytes for lxml, downlevel conditionals removed, and the decoder's
    remarks. Plain UTF-8 (most pages) is handed on as it is: decoding it to text and encoding
    the text again cost ~0.2 ms a page for nothing."""
    if is_plain_utf8(data):
        if b"[if" in data or b"[endif" in data:
            data = _DOWNLEVEL_BYTES.sub(b"", data)
        return data, []
    m = _META_CHARSET.search(data[:4096])
    text, warnings = decode_text_with_warnings(data, m.group(1).decode("ascii", "replace") if m else None)
    if "[if" in text or "[endif" in text:
        text = _DOWNLEVEL.sub("", text)
    return text.encode("utf-8", "replace"), warnings


def _span(v: str | None) -> int:
    if not v:
        return 1
    try:
        return max(1, int(v.strip().rstrip(";")))
    except ValueError:
        return 1


def _mark_cell_breaks(root) -> None:
    """Prefix the text and the tail of every break element with a line break, once for the
    whole tree, so that a cell's text is lxml's text serialisation (one C call) with its
    breaks kept. Every break tag is also a block tag, and a block's text and tail start a new
    line of the outer walk, whose leading whitespace is squashed away: the marks do not change
    the text lines."""
    for el in root.iter(*_CELL_BREAK):
        el.text = "\n" + el.text if el.text else "\n"
        el.tail = "\n" + el.tail if el.tail else "\n"


def _cell_text(el, nested: bool) -> str:
    """The text of a cell (breaks marked by _mark_cell_breaks), joined the way join_wrapped
    says. With `nested`, the cell may hold a table of its own: that table's text is left out
    (it is read as a table after this one) but its tail is kept."""
    if not nested:
        return join_wrapped(etree.tostring(el, method="text", encoding=str, with_tail=False))
    parts: list[str] = []

    def walk(node) -> None:
        for child in node:
            tag = child.tag
            if isinstance(tag, str) and tag != "table":
                if child.text:
                    parts.append(child.text)
                walk(child)
            if child.tail:
                parts.append(child.tail)

    if el.text:
        parts.append(el.text)
    walk(el)
    return join_wrapped("".join(parts))


def _hidden_elements(root) -> list:
    """The hidden elements in document order, listed before any is removed. One pass over
    the tree with the cheap substring test inline: a Word export has hundreds of styled
    elements, and a function call per element cost more than the test itself (so did an
    XPath filter, twice as slow as this loop)."""
    hidden = []
    for el in root.iter():  # comments and the like have no attributes: get() gives None
        style = el.get("style")
        if style:
            low = style.lower()
            if ("display" in low or "mso-hide" in low or "visibility" in low) and _HIDDEN.search(low):
                hidden.append(el)
    return hidden


_HIDING_WORDS = (b"display", b"mso-hide", b"visibility")


def _may_hide(page: bytes) -> bool:
    """False when no style in the page (UTF-8 bytes) can match _HIDDEN: substring tests on the
    lower-cased bytes (a case-insensitive regex over the whole page cost ~2 ms)."""
    low = page.lower()
    return any(w in low for w in _HIDING_WORDS)


def _remove_keep_tail(el) -> None:
    parent, tail = el.getparent(), el.tail
    if tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(el)


def _rows_of(table) -> list:
    """The table's own rows (tr directly under it or under thead/tbody/tfoot)."""
    rows = []
    for child in table.iterchildren("tr", "thead", "tbody", "tfoot"):  # (filtered in C)
        if child.tag == "tr":
            rows.append(child)
        else:
            rows += child.iterchildren("tr")
    return rows


def _table_rows(table, nested: bool) -> list[list[tuple[str, int, int]]]:
    rows = []
    for tr in _rows_of(table):
        cells = [(_cell_text(td, nested), _span(td.get("rowspan")), _span(td.get("colspan")))
                 for td in tr.iterchildren("td", "th")]
        if cells:
            rows.append(cells)
    return rows


def _properties(root) -> dict[str, str]:
    props: dict[str, str] = {}
    for title in root.iter("title"):
        if title.text and title.text.strip():
            props["title"] = squash(title.text)
            break
    for meta in root.iter("meta"):
        name, content = meta.get("name"), meta.get("content")
        if name and content and content.strip():
            props[f"meta:{name}"] = content.strip()
    return props


def read_html(data: bytes) -> Document:
    page, warnings = _utf8_page(data)
    # lxml parses bytes of a known encoding faster than a str (the declared charset is ignored:
    # the bytes are UTF-8 whatever the page says)
    parser = etree.HTMLParser(remove_comments=True, remove_pis=True, no_network=True, recover=True,
                              encoding="utf-8")
    try:
        root = etree.fromstring(page, parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        raise ReadError(f"not readable as HTML ({exc})") from None
    if root is None:
        raise ReadError("not readable as HTML (no elements)")
    props = _properties(root)
    # dropped and hidden elements are removed up front (in C for the dropped tags), so that
    # the walks below look at tags only
    etree.strip_elements(root, *_DROP, with_tail=False)
    if _may_hide(page):  # most pages hide nothing: skip the walk over every element
        for el in _hidden_elements(root):
            if el.getparent() is not None:
                _remove_keep_tail(el)
    _mark_cell_breaks(root)

    blocks: list[Block] = []
    buf: list[str] = []

    def flush() -> None:
        line = squash("".join(buf))
        if line:
            blocks.append(TextBlock(line))
        buf.clear()

    def read_table(table) -> None:
        nested = table.find(".//table") is not None
        rows = _table_rows(table, nested)
        if rows:
            blocks.append(make_table(rows))
        if not nested:
            return
        # tables nested in this one's cells follow it, as tables of their own
        for tr in _rows_of(table):
            for td in tr:
                for inner in td.iter("table"):
                    if next(inner.iterancestors("table")) is table:
                        read_table(inner)

    def walk(el) -> None:
        for child in el:
            tag = child.tag
            if isinstance(tag, str):
                if tag == "table":
                    flush()
                    read_table(child)
                else:
                    block = tag in _BLOCK
                    if block:
                        flush()
                    if child.text:
                        buf.append(child.text)
                    walk(child)
                    if block:
                        flush()
            if child.tail:
                buf.append(child.tail)

    body = root.find("body")
    start = body if body is not None else root
    if start.text:
        buf.append(start.text)
    walk(start)
    flush()
    return Document(blocks, "html", properties=props, warnings=warnings)
