"""Word .docx: paragraphs and tables of `word/document.xml` in body order, merged cells resolved
once.

The part is read straight from the package with lxml. python-docx, which this reader used
before, loaded and parsed every part of the package (styles, numbering, settings, theme …) into
its own element classes and was ~95 % of reading a file; only `word/document.xml` and the core
properties are needed. The parser is python-docx's (blank text between elements dropped,
entities not resolved, no huge trees), so the text is the same.

What the body says is written by one XSLT pass (libxslt, in C) as text with three marker
characters, as the HTML reader does; Python only splits it and resolves the merges:
- each `w:tc` of a table's own rows becomes one cell whose column span is its `w:gridSpan` and
  whose row span counts the `w:vMerge` continuation cells below it (python-docx's
  `table.cell(r, c)` repeated a merged cell in every grid position it covers);
- a paragraph's (or cell's) text is its runs' `w:t`, tabs as spaces, line breaks and the
  paragraphs of text boxes as newlines; deleted and moved-away revisions, field instructions,
  the fallback copy of a text box and the text of nested tables are left out;
- a table nested in a cell is read as a table of its own, after its parent.
Headers and footers are other parts of the package and are never read. Word does not store the
page breaks of its layout, so blocks have no page number.
"""
from __future__ import annotations

import re
import threading
import zipfile
import zlib
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from io import BytesIO

from lxml import etree

from etl.model import Block, Document, RowColumns, TextBlock, table_from_columns
from etl.read import ReadError
from etl.read.cells import join_wrapped, squash

_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W = "{%s}" % _W_NS
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
# never text: the fallback copy of a text box (its tables included), tracked deletions and
# moved-away text; removed from the tree before the pass
_SKIP = (_MC_FALLBACK, f"{_W}del", f"{_W}moveFrom")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
DOCUMENT_PART = "word/document.xml"  # where etl.read.sniff looks for it too
CORE_PART = "docProps/core.xml"
# uncompressed size of word/document.xml a report never comes near (a 20-page report with
# every run formatted is ~2 MB); a zip bomb's part is refused before it is inflated
MAX_PART_BYTES = 64 * 1024 * 1024

# A damaged package fails in many ways: bad zip, bad deflate stream, bad XML, an encrypted or
# oddly compressed member
_DAMAGED = (zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError, zlib.error, EOFError, OSError,
            NotImplementedError, RuntimeError)

#   line   ends a paragraph; a table is written between two of them
#   row    starts a row (a `w:tr` child of the table), followed by its properties
#   cell   starts a cell, then its properties, `cell` again, then its text
# The properties that matter are written as `|` and a letter, then the value (markers and `|`
# translated away: `x` is no digit, no merge keyword): `b` for w:gridBefore, `s` for w:gridSpan,
# `v` for w:vMerge, `h` for w:hMerge, in document order (Python takes the first of
# each kind). Templates, not an XPath per property: four `(w:tcPr/w:gridSpan)[1]/@w:val`
# lookups per cell were two thirds of the pass. A row's cells are its own `w:tc` children and
# the `w:tc` under its other children (content controls) whose nearest table is this one.
# The text of `w:t` is written as it is, or with the markers translated away when the
# document's text holds one ({text}: one translate() per `w:t` was an eighth of the pass).
_STYLESHEET = """<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:w="{w}">
<xsl:output method="text" encoding="UTF-8"/>
<xsl:template match="/"><xsl:apply-templates select="w:document/w:body/*" mode="body"/></xsl:template>
<xsl:template match="w:p" mode="body"><xsl:apply-templates mode="text"/><xsl:text>{line}</xsl:text></xsl:template>
<xsl:template match="w:sdt|w:sdtContent|w:customXml|w:ins|w:smartTag" mode="body">
  <xsl:apply-templates select="*" mode="body"/>
</xsl:template>
<xsl:template match="w:tbl" mode="body">
  <xsl:text>{line}</xsl:text>
  <xsl:for-each select="w:tr">
    <xsl:text>{row}</xsl:text>
    <xsl:apply-templates select="w:trPr/*" mode="props"/>
    <xsl:apply-templates mode="row"/>
  </xsl:for-each>
  <xsl:text>{line}</xsl:text>
  <xsl:variable name="table" select="."/>
  <xsl:apply-templates select="descendant::w:tbl[count(ancestor::w:tbl[1] | $table) = 1]" mode="body"/>
</xsl:template>
<xsl:template match="w:tc" mode="row">
  <xsl:text>{cell}</xsl:text>
  <xsl:apply-templates select="w:tcPr/*" mode="props"/>
  <xsl:text>{cell}</xsl:text>
  <xsl:apply-templates mode="text"/>
</xsl:template>
<xsl:template match="*" mode="row">
  <xsl:apply-templates select=".//w:tc[count(ancestor::w:tbl[1] | current()/../..) = 1]" mode="row"/>
</xsl:template>
<xsl:template match="text()" mode="row"/>
{props}<xsl:template match="*" mode="props"/>
<xsl:template match="*|text()" mode="body"/>
<xsl:template match="w:t" mode="text">{text}</xsl:template>
<xsl:template match="w:tab|w:ptab" mode="text"><xsl:text> </xsl:text></xsl:template>
<xsl:template match="w:br|w:cr" mode="text"><xsl:text>&#10;</xsl:text></xsl:template>
<xsl:template match="w:p" mode="text"><xsl:text>&#10;</xsl:text><xsl:apply-templates mode="text"/></xsl:template>
<xsl:template match="w:tbl|text()" mode="text"/>
</xsl:stylesheet>"""
# a w:t's text: its string value (what value-of writes), by the built-in rules of a mode
# without templates
_TEXT_AS_IS = '<xsl:apply-templates mode="string"/>'
_TEXT_WITHOUT_MARKERS = "<xsl:value-of select=\"translate(., '{markers}', '')\"/>"
# Unicode noncharacters: no text means them, and the pass removes them from the text and the
# attribute values it writes, so they mark its structure only
_MARKERS = "\ufdd0\ufdd1\ufdd2"

_THREAD = threading.local()  # lxml parsers are not shared between threads (Dask workers)


# the cell and row properties the pass writes, each as `|` + its letter + its value (one
# template per element: a template per name costs less than one testing local-name())
_PROP_LETTERS = {"gridBefore": "b", "gridSpan": "s", "vMerge": "v", "hMerge": "h"}
_PROP_TEMPLATE = """<xsl:template match="w:{name}" mode="props">
  <xsl:text>|{letter}</xsl:text><xsl:value-of select="translate(@w:val, '|{markers}', 'xxxx')"/>
</xsl:template>
"""


@lru_cache(maxsize=2)
def _marked_writer(text_holds_markers: bool) -> etree.XSLT:
    line, row, cell = _MARKERS
    text = _TEXT_WITHOUT_MARKERS if text_holds_markers else _TEXT_AS_IS
    props = "".join(_PROP_TEMPLATE.format(name=name, letter=letter, markers=_MARKERS)
                    for name, letter in _PROP_LETTERS.items())
    return etree.XSLT(etree.XML(_STYLESHEET.format(w=_W_NS, line=line, row=row, cell=cell, markers=_MARKERS,
                                                   text=text.format(markers=_MARKERS), props=props)))


def _holds_markers(root: etree._Element) -> bool:
    """Whether any text of the tree holds one of _MARKERS (serialising the text once costs a
    fifth of translating every w:t)."""
    text = etree.tostring(root, method="text", encoding=str)
    return any(m in text for m in _MARKERS)


def _parser() -> etree.XMLParser:
    try:
        return _THREAD.parser
    except AttributeError:
        _THREAD.parser = etree.XMLParser(remove_blank_text=True, resolve_entities=False, huge_tree=False,
                                         no_network=True, collect_ids=False)
        return _THREAD.parser


def _part(zf: zipfile.ZipFile, name: str) -> bytes:
    info = zf.getinfo(name)  # KeyError when the package lacks it
    if info.file_size > MAX_PART_BYTES:
        raise ReadError(f"not a readable .docx ({name} is {info.file_size // (1024 * 1024)} MB uncompressed, "
                        f"over the limit of {MAX_PART_BYTES // (1024 * 1024)} MB)")
    return zf.read(info)


def _parse(xml: bytes) -> etree._Element:
    root = etree.fromstring(xml, _parser())
    if root.getroottree().docinfo.internalDTD is not None:
        # Word never declares a DTD. Entities are not resolved by the parser, but XSLT would
        # expand an entity reference when it takes a node's text (a "billion laughs" bomb):
        # the references go, unexpanded
        etree.strip_elements(root, etree.Entity, with_tail=False)
    return root


def _int_val(v: str, default: int = 1, minimum: int = 1) -> int:
    try:
        return max(minimum, int(v)) if v else default
    except ValueError:
        return default


def _row_texts(texts: list[str]) -> list[str]:
    """join_wrapped of each cell's text, looked at a row at a time: in most rows every cell is
    join_wrapped's fast case (nothing inside to squash or join), which one test on the joined
    row tells."""
    stripped = [t.strip() for t in texts]
    joined = "".join(stripped)
    if joined.isprintable() and " " not in joined:
        return stripped
    return list(map(join_wrapped, texts))


def _props(marked: str) -> dict[str, str]:
    """{letter: value} of the first property of each kind in a row's or cell's marked
    properties (`|s2|vrestart`)."""
    props: dict[str, str] = {}
    for item in marked.split("|")[1:]:
        props.setdefault(item[:1], item[1:])
    return props


@lru_cache(maxsize=256)  # (a cell's properties are a few strings: `|vrestart`, `|v`, `|s2` ...)
def _cell_props(marked: str) -> tuple[int, str | None, bool]:
    """A cell's column span, vertical merge (None, "restart" or "continue") and whether it
    continues a legacy horizontal merge, from its marked properties."""
    props = _props(marked)
    vmerge = props.get("v")
    if vmerge is not None and vmerge != "restart":
        vmerge = "continue"  # <w:vMerge/> without a value continues the cell above
    return _int_val(props.get("s", "")), vmerge, props.get("h") == "continue"


def _grid_row(marked_row: str, cell: str) -> list[tuple[int, int, str | None, str]]:
    """(grid column, column span, vertical merge, text) of a row's cells, from its marked text."""
    fields = marked_row.split(cell)
    col = _int_val(_props(fields[0]).get("b", "") if fields[0] else "", default=0, minimum=0)
    row = [(0, col, None, "")] if col else []  # cells skipped before the row's first cell (w:gridBefore)
    texts = _row_texts(fields[2::2])
    for marked_props, text in zip(fields[1::2], texts):
        if not marked_props:  # (most cells: none of the three)
            row.append((col, 1, None, text))
            col += 1
            continue
        span, vmerge, widens = _cell_props(marked_props)
        if widens and row:
            c0, s0, v0, t0 = row[-1]  # legacy horizontal merge: widen the cell on the left
            row[-1] = (c0, s0 + span, v0, t0)
        else:
            row.append((col, span, vmerge, text))
        col += span
    return row


def _table_rows(grid_rows: list[list[tuple[int, int, str | None, str]]]) -> list[RowColumns]:
    """Rows of (texts, rowspans, colspans) for table_from_columns: a cell continuing a
    vertical merge is covered by the row span of the cell above it."""
    # the grid columns of each row's cells that continue a vertical merge
    continues = [{c for c, _, v, _ in row if v == "continue"} for row in grid_rows]
    out: list[RowColumns] = []
    for r, row in enumerate(grid_rows):
        if not continues[r] and (r + 1 == len(grid_rows) or not continues[r + 1]):
            # (most rows: no cell of it continues a merge, and none below it)
            _, spans, _, texts = zip(*row) if row else ((), (), (), ())
            out.append((texts, (1,) * len(texts), spans))
            continue
        starts_above = {c for c, _, _, _ in grid_rows[r - 1]} if r > 0 else set()
        texts, rowspans, colspans = [], [], []
        for c, span, vmerge, text in row:
            # a continuation cell belongs to a cell in the row above that starts at its grid
            # column (whose row span counts this row)
            if vmerge == "continue" and c in starts_above:
                continue
            rowspan = 1
            while r + rowspan < len(grid_rows) and c in continues[r + rowspan]:
                rowspan += 1
            texts.append(text)
            rowspans.append(rowspan)
            colspans.append(span)
        out.append((texts, rowspans, colspans))
    return out


def _blocks(marked: str) -> list[Block]:
    line, row, cell = _MARKERS
    blocks: list[Block] = []
    for part in marked.split(line):
        if part.startswith(row):
            grid_rows = [_grid_row(tr, cell) for tr in part.split(row)[1:]]
            blocks.append(table_from_columns(_table_rows(grid_rows)))
        elif part:
            for text in part.split("\n"):
                text = squash(text)
                if text:
                    blocks.append(TextBlock(text))
    return blocks


_CORE_FIELDS = (("title", "{http://purl.org/dc/elements/1.1/}title"),
                ("docx:author", "{http://purl.org/dc/elements/1.1/}creator"),
                ("docx:created", "{http://purl.org/dc/terms/}created"),
                ("docx:modified", "{http://purl.org/dc/terms/}modified"),
                ("docx:last_modified_by",
                 "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}lastModifiedBy"))
_DATE_FIELDS = {"docx:created", "docx:modified"}
_OFFSET = re.compile(r"([+-])(\d\d):(\d\d)")


_DATETIME = re.compile(r"(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)")


def _w3cdtf(text: str) -> datetime | None:
    """A W3CDTF date as python-docx read it (so the properties read as before): the first
    19 characters by the format that fits them (at most one can), a `±hh:mm` offset moved
    to UTC."""
    found = None
    m = _DATETIME.fullmatch(text[:19])
    if m is not None:  # (what Word writes: no strptime, which is slow)
        try:
            found = datetime(*map(int, m.groups()))
        except ValueError:
            return None
    else:
        for template in ("%Y-%m-%d", "%Y-%m", "%Y"):
            try:
                found = datetime.strptime(text[:19], template)
                break
            except ValueError:
                continue
    if found is None:
        return None
    offset = text[19:]
    if len(offset) == 6:
        m = _OFFSET.match(offset)
        if m is None:
            return None
        sign = -1 if m.group(1) == "+" else 1
        found += timedelta(hours=sign * int(m.group(2)), minutes=sign * int(m.group(3)))
    return found.replace(tzinfo=timezone.utc)


def _core_properties(zf: zipfile.ZipFile) -> dict[str, str]:
    """Title, author, dates and last editor from docProps/core.xml; a package without it, or
    with a damaged one, has none (the text is no less readable)."""
    try:
        root = _parse(_part(zf, CORE_PART))
    except (*_DAMAGED, ReadError):
        return {}
    props: dict[str, str] = {}
    for key, tag in _CORE_FIELDS:
        el = root.find(tag)
        if el is None or not el.text:
            continue
        value = _w3cdtf(el.text) if key in _DATE_FIELDS else el.text
        if value:
            props[key] = str(value).strip()
    return props


def read_docx(data: bytes) -> Document:
    if data.startswith(_OLE_MAGIC):
        from etl.read.doc import read_doc

        doc = read_doc(data)
        doc.warnings.append("a legacy Word .doc file named .docx; read as .doc")
        return doc
    try:
        with zipfile.ZipFile(BytesIO(data)) as zf:
            xml = _part(zf, DOCUMENT_PART)
            root = _parse(xml)
            props = _core_properties(zf)
    except _DAMAGED as exc:
        raise ReadError(f"not a readable .docx ({type(exc).__name__}: {exc})"[:300]) from None
    if root.tag != f"{_W}document" or root.find(f"{_W}body") is None:
        raise ReadError(f"not a readable .docx ({DOCUMENT_PART} holds no Word document body)")
    etree.strip_elements(root, *_SKIP, with_tail=False)
    marked = str(_marked_writer(_holds_markers(root))(root))
    return Document(_blocks(marked), "docx", properties=props)
