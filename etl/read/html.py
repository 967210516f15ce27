"""HTML (portal pages, Word-exported HTML): text lines and tables with spans resolved.

Scripts, styles, comments (Word's `<!--[if ...]>...<![endif]-->` blocks included), Word's XML
data islands, form controls and elements hidden with `display:none` are dropped; nothing is
ever executed. A table nested in a layout table is read as its own table, after its parent.
"""
from __future__ import annotations

import re
import threading
from functools import lru_cache
from itertools import chain, islice, repeat

from lxml import etree

from etl.model import Block, Document, Table, TextBlock
from etl.read import ReadError
from etl.read.cells import join_wrapped_each, squash, squash_parts
from etl.read.encoding import decode_text_with_warnings, is_plain_utf8, may_be_plain_utf8
from etl.read.table_shape import TableShape

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_DROP = {"script", "style", "noscript", "template", "iframe", "object", "embed", "select", "button", "svg",
         "head", "xml", "textarea", "input", "canvas", "audio", "video", "map"}
# a block element ends the line before it and its own last line (so does a table: _STYLESHEET)
_BLOCK = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "br", "tr", "section", "article", "header",
          "footer", "ul", "ol", "dl", "dt", "dd", "blockquote", "pre", "title", "td", "th", "center", "caption",
          "nav", "aside", "main", "form", "fieldset", "address", "figure", "figcaption", "hr"}
# inside a table cell only these break the text (kept as line breaks for join_wrapped)
_CELL_BREAK = {"br", "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6"}
_HIDDEN = re.compile(r"display\s*:\s*none|mso-hide\s*:\s*all|visibility\s*:\s*hidden", re.I)
# Word's "downlevel-revealed" conditionals (<![if !supportLists]>) survive HTML parsing as text:
# removed from the page's UTF-8 bytes (no byte of a multibyte character is `[` or `]`, so the
# pattern matches the spans it would match in the text)
_DOWNLEVEL_BYTES = re.compile(rb"<!\[(?:if [^\]]*|endif)\]>|<!--\[(?:if [^\]]*|endif)\]-->")

# The reader's view of the page is written by one XSLT pass (libxslt, in C) as text with three
# marker characters; Python then only splits that text. Walking the tree in Python and
# serialising each cell on its own cost four times as much on a Word export (an element and a
# styled <span> around every cell's text).
#   line   ends a line of running text; a table is written between two of them
#   row    starts a row of a table (of its own rows: tr under it or under thead/tbody/tfoot)
#   cell   starts a cell (td/th of such a row), then follows its rowspan and its colspan
#          (translated only when the cell has the attribute: most cells have neither, and
#          calling translate() on a missing one was over a quarter of the pass; and tested
#          cell by cell only in a row where a cell has one: about half the rows of a Word
#          export have none, and one test of the row cost less than two of each cell)
# A table's text outside its own cells is left out. A table nested in a cell is left out of the
# cell's text (its tail is kept) and written as a table of its own after its parent.
_STYLESHEET = """<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
<xsl:output method="text" encoding="UTF-8"/>
<xsl:template match="/"><xsl:apply-templates select="(*/body | *[not(body)])[1]/node()"/></xsl:template>
<xsl:template match="{block}"><xsl:text>{line}</xsl:text><xsl:apply-templates/><xsl:text>{line}</xsl:text></xsl:template>
<xsl:template match="table">
  <xsl:variable name="rows" select="tr | thead/tr | tbody/tr | tfoot/tr"/>
  <xsl:text>{line}</xsl:text>
  <xsl:for-each select="$rows">
    <xsl:text>{row}</xsl:text>
    <xsl:choose>
      <xsl:when test="*/@rowspan or */@colspan">
        <xsl:for-each select="td | th">
          <xsl:text>{cell}</xsl:text>
          <xsl:if test="@rowspan"><xsl:value-of select="translate(@rowspan, '{line}{row}{cell}', 'xxx')"/></xsl:if>
          <xsl:text>{cell}</xsl:text>
          <xsl:if test="@colspan"><xsl:value-of select="translate(@colspan, '{line}{row}{cell}', 'xxx')"/></xsl:if>
          <xsl:text>{cell}</xsl:text><xsl:apply-templates mode="cell"/>
        </xsl:for-each>
      </xsl:when>
      <xsl:otherwise>
        <xsl:for-each select="td | th"><xsl:text>{cell}{cell}{cell}</xsl:text><xsl:apply-templates mode="cell"/></xsl:for-each>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:for-each>
  <xsl:text>{line}</xsl:text>
  <xsl:variable name="table" select="."/>
  <xsl:apply-templates select="$rows/*/descendant-or-self::table[count(ancestor::table[1] | $table) = 1]"/>
</xsl:template>
<xsl:template match="{cell_break}" mode="cell">
  <xsl:text>&#10;</xsl:text><xsl:apply-templates mode="cell"/><xsl:text>&#10;</xsl:text>
</xsl:template>
<xsl:template match="table" mode="cell"/>
</xsl:stylesheet>"""
# Unicode noncharacters: no text holds them, but a page can spell one (see _markers)
_MARKERS = "\ufdd0\ufdd1\ufdd2"
# what _markers picks from when the page holds one of _MARKERS: noncharacters, then the
# supplementary private-use planes
_SPARE_MARKERS = (range(0xFDD0, 0xFDF0), range(0xF0000, 0x110000))


@lru_cache(maxsize=4)
def _marked_writer(markers: str) -> etree.XSLT:
    """_STYLESHEET with these markers as literal text (passing them as XSLT parameters made
    the pass half as dear again)."""
    line, row, cell = markers
    # (without the EXSLT regular-expression functions, which lxml registers on every call
    # unless told not to: the pass uses none)
    return etree.XSLT(etree.XML(_STYLESHEET.format(
        block="|".join(sorted(_BLOCK)), cell_break="|".join(sorted(_CELL_BREAK)), line=line, row=row, cell=cell)),
        regexp=False)


# lxml parses bytes of a known encoding faster than a str (the declared charset is ignored: the
# bytes are UTF-8 whatever the page says). One parser for every page a thread reads: its error
# log is read after the parse (_met_only_utf8), so threads (Dask workers) do not share one.
# Ids are not collected into a table as nothing looks an element up by its id.
_THREAD = threading.local()


def _parser() -> etree.HTMLParser:
    try:
        return _THREAD.parser
    except AttributeError:
        _THREAD.parser = etree.HTMLParser(remove_comments=True, remove_pis=True, no_network=True, recover=True,
                                          encoding="utf-8", collect_ids=False)
        return _THREAD.parser


def _parsed(data: bytes) -> tuple[etree._Element, bytes, list[str]]:
    """The page's tree, the UTF-8 bytes it was parsed from (downlevel conditionals removed)
    and the decoder's remarks.

    Plain UTF-8 (most pages) is parsed as it is, and libxml2's own UTF-8 check stands in for
    Python's: decoding a 100 KB page first cost ~0.13 ms, and encoding the text again as
    much. Any other page, or one in which libxml2 met bytes that are not UTF-8, is decoded
    (declared charset, GB18030, detection: etl.read.encoding) and parsed again."""
    if may_be_plain_utf8(data):
        page = _without_downlevel(data)
        try:
            root = _parse(page)
        except ReadError:
            if is_plain_utf8(data):
                raise
        else:
            if _met_only_utf8(data):
                return root, page, []
    m = _META_CHARSET.search(data[:4096])
    text, warnings = decode_text_with_warnings(data, m.group(1).decode("ascii", "replace") if m else None)
    page = _without_downlevel(text.encode("utf-8", "replace"))
    return _parse(page), page, warnings


# libxml2 stops reporting a parse's errors after this many (XML_MAX_ERRORS): a page with as
# many may hold bytes that are not UTF-8 without an error saying so
_LIBXML2_ERROR_CAP = 100
# what libxml2 reports bytes that are not UTF-8 as: ERR_INVALID_ENCODING (2.14, every kind of
# invalid sequence), or ERR_INVALID_CHAR for surrogates and code points past U+10FFFF (2.12)
_ENCODING_ERRORS = (etree.ErrorTypes.ERR_INVALID_ENCODING, etree.ErrorTypes.ERR_INVALID_CHAR)


def _met_only_utf8(data: bytes) -> bool:
    """Whether the page's bytes are UTF-8, after the parse. A parse whose error log holds no
    encoding error (see the tests for the sequences libxml2 reports: stray continuation
    bytes, overlong forms, surrogates, code points past U+10FFFF, truncated sequences) found
    only UTF-8; when it holds one, or may have been cut short, Python's check decides."""
    log = _parser().error_log
    if not log:
        return True
    if len(log) >= _LIBXML2_ERROR_CAP or log.filter_types(_ENCODING_ERRORS):
        return is_plain_utf8(data)
    return True


def _parse(page: bytes) -> etree._Element:
    try:
        root = etree.fromstring(page, _parser())
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        raise ReadError(f"not readable as HTML ({exc})") from None
    if root is None:
        raise ReadError("not readable as HTML (no elements)")
    return root


def _without_downlevel(data: bytes) -> bytes:
    """_DOWNLEVEL_BYTES.sub(b"", data), with the regex tried only where a match can start: two
    or four bytes before a `[` (`<![`, `<!--[`), found with memchr. sre's own scan for the
    start of the pattern cost eight times as much."""
    parts, pos = [], 0
    i = data.find(b"[")
    while i >= 0:
        for start in (i - 4, i - 2):
            m = _DOWNLEVEL_BYTES.match(data, start) if start >= pos else None
            if m:
                parts.append(data[pos:start])
                pos = m.end()
                break
        i = data.find(b"[", max(i + 1, pos))
    if not parts:
        return data
    parts.append(data[pos:])
    return b"".join(parts)


@lru_cache(maxsize=256)  # a table's spans are a few values, most of them "" (no attribute)
def _span(v: str) -> int:
    if not v:
        return 1
    try:
        return max(1, int(v.strip().rstrip(";")))
    except ValueError:
        return 1


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


def _markers(root) -> str:
    """Three characters that the text of the tree does not hold, for _STYLESHEET: _MARKERS
    unless the page spells one of them (as UTF-8 or as a character reference). The tree's text
    is looked at, not the page's bytes: two substring scans of a 100 KB page cost more than
    serialising its text. (The span attributes, the only ones written, have the markers
    translated away in _STYLESHEET: `x` is no digit, so a span's value stays what it was.)"""
    text = etree.tostring(root, method="text", encoding=str)
    if not any(m in text for m in _MARKERS):
        return _MARKERS
    used = set(text)
    free = "".join(islice((c for c in map(chr, chain(*_SPARE_MARKERS)) if c not in used), 3))
    if len(free) < 3:  # (over 130,000 different private-use characters)
        raise ReadError("not readable as HTML (no character is left to mark its text with)")
    return free


def _blocks(marked: str, markers: str) -> list[Block]:
    """Text lines and tables from _STYLESHEET's output: the parts between two line markers,
    a table's starting with a row marker. The text between two tables is squashed in one go
    (squash_parts), not a part at a time."""
    line, row, cell = markers
    table_start = line + row
    blocks: list[Block] = []
    pos = 0
    while True:
        start = marked.find(table_start, pos)
        blocks += map(TextBlock, squash_parts(marked[pos:start] if start >= 0 else marked[pos:], line))
        if start < 0:
            return blocks
        end = marked.find(line, start + 1)
        if end < 0:
            end = len(marked)
        table = _table(marked[start + 1:end], row, cell)
        if table is not None:
            blocks.append(table)
        pos = end + 1


def _table(part: str, row: str, cell: str) -> Table | None:
    """The table of a part of _STYLESHEET's output: a row marker before each row, and for each
    cell a cell marker before its rowspan, its colspan and its text. Its shape (cells per row
    and their spans, as written) is looked up in a cache of grids (etl.read.table_shape), so
    that spans are resolved once per shape; None when no row has a cell."""
    markers_per_row = tuple(map(str.count, part.split(row)[1:], repeat(cell)))
    fields = part.replace(row, "").split(cell)  # "", then the rowspan, colspan and text of each cell
    shape = _table_shape(markers_per_row, tuple(fields[1::3]), tuple(fields[2::3]))
    return shape.table(join_wrapped_each(fields[3::3])) if shape is not None else None


@lru_cache(maxsize=256)
def _table_shape(markers_per_row: tuple[int, ...], rowspans: tuple[str, ...],
                 colspans: tuple[str, ...]) -> TableShape | None:
    """The shape of a table whose rows hold these many cell markers (three a cell) and whose
    cells have these rowspan and colspan attributes, in reading order. A row without a cell
    is no row of the table."""
    spans, first = [], 0
    for markers in markers_per_row:
        if markers:
            last = first + markers // 3
            spans.append((tuple(map(_span, rowspans[first:last])), tuple(map(_span, colspans[first:last]))))
            first = last
    return TableShape(spans) if spans else None


def read_html(data: bytes) -> Document:
    root, page, warnings = _parsed(data)
    props = _properties(root)
    # dropped and hidden elements are removed up front (in C for the dropped tags)
    etree.strip_elements(root, *_DROP, with_tail=False)
    if _may_hide(page):  # most pages hide nothing: skip the walk over every element
        for el in _hidden_elements(root):
            if el.getparent() is not None:
                _remove_keep_tail(el)
    markers = _markers(root)
    marked = str(_marked_writer(markers)(root))
    return Document(_blocks(marked, markers), "html", properties=props, warnings=warnings)
