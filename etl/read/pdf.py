"""PDF: text lines per page with pypdfium2, plus ruled tables as grids.

Text comes from pdfium's text page (fast, in content order, so a two-column page reads
column by column). Pages that draw ruling lines also get their characters' boxes read and
their tables rebuilt as grids (etl.read.pdf_tables); the text lines a table covers are
dropped from the running text and the table takes their place, so nothing is read twice.
A table continued on the next page is one Table per page (each with its own `page`).
"""
from __future__ import annotations

import ctypes
import re
from dataclasses import replace

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from etl.model import Block, Document, TextBlock
from etl.read import ReadError
from etl.read.pdf_geometry import Char, count_images, get_char_box, page_chars, page_edges, reading_transform
from etl.read.pdf_geometry import text_quarter_turns
from etl.read.pdf_geometry import box_to_display, reading_to_user, user_to_display
from etl.read.pdf_tables import PageTable, find_tables

_UNMAPPED = re.compile("[\ue000-\uf8ff\ufffd\x00-\x08\x0b\x0c\x0e-\x1f]")
_METADATA_KEYS = ("Title", "Author", "Subject", "Keywords", "Creator", "Producer", "CreationDate", "ModDate")


def _open(data: bytes) -> pdfium.PdfDocument:
    if b"%PDF-" not in data[:1024]:
        raise ReadError("not a PDF (no %PDF header)")
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code == pdfium_c.FPDF_ERR_PASSWORD:
            raise ReadError("password-protected PDF") from None
        if code == pdfium_c.FPDF_ERR_SECURITY:
            raise ReadError("PDF encrypted with an unsupported security handler") from None
        raise ReadError("truncated or damaged PDF (pdfium cannot open it)") from None


def _properties(pdf: pdfium.PdfDocument) -> dict[str, str]:
    """The info dictionary's fields; a field that cannot be decoded is left out."""
    props = {}
    for key in _METADATA_KEYS:
        try:
            value = str(pdf.get_metadata_value(key)).strip()
        except (pdfium.PdfiumError, UnicodeDecodeError, ValueError):
            continue  # a damaged info dictionary (lone UTF-16 surrogates) is no reason to fail
        if value:
            props[f"pdf:{key}"] = value
    if "pdf:Title" in props:
        props["title"] = props["pdf:Title"]
    return props


def _full_text(textpage, n_chars: int, text: str) -> str:
    """The page text with exactly one character per pdfium char index (get_text_range can
    differ in length when a char is outside the BMP or unmapped)."""
    if len(text) == n_chars:
        return text
    out = []
    for i in range(n_chars):
        code = pdfium_c.FPDFText_GetUnicode(textpage, i)
        out.append(chr(code) if 0 < code < 0x110000 else "\ufffd")
    return "".join(out)


def _text_lines(text: str) -> list[str]:
    return [line.strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n") if line.strip()]


_LINE = re.compile(r"[^\r\n]+")


def _text_blocks(text: str, n_chars: int, page_no: int) -> list[TextBlock]:
    """The page's lines as _text_lines cuts them, each with the pdfium index of its first
    character when the text has one character per index (else without)."""
    if len(text) != n_chars:
        return [TextBlock(line, page_no) for line in _text_lines(text)]
    out = []
    for m in _LINE.finditer(text):
        piece = m.group()
        line = piece.strip()
        if line:
            out.append(TextBlock(line, page_no, m.start() + len(piece) - len(piece.lstrip())))
    return out


def _char_indices(kept: list[Char], text: str, joined: str) -> int | tuple[int, ...] | None:
    """Where the characters of `text` (`joined`, the kept characters joined, then stripped) are
    on the page: the first index when they are consecutive, else every index."""
    if not text:
        return None
    lead = len(joined) - len(joined.lstrip())
    indices = tuple(ch.index for ch in kept[lead:lead + len(text)])
    if len(indices) != len(text):
        return None
    return indices[0] if indices[-1] - indices[0] == len(indices) - 1 else indices


def _lines_of_chars(chars: list[Char]) -> list[list[Char]]:
    """Split the page's characters into pdfium's lines (at its generated line breaks)."""
    lines: list[list[Char]] = [[]]
    for ch in chars:
        if ch.text in ("\r", "\n"):
            if lines[-1]:
                lines.append([])
            continue
        lines[-1].append(ch)
    return [line for line in lines if line]


def _blocks_with_tables(chars: list[Char], tables: list[PageTable], page_no: int) -> list[Block]:
    """Running text with each table in place of the lines it covers."""
    blocks: list[Block] = []
    pending = list(tables)
    in_any_table = frozenset().union(*(t.covered for t in tables))
    for line in _lines_of_chars(chars):
        indices = [ch.index for ch in line]
        if in_any_table.isdisjoint(indices):  # (most lines: running text beside the tables)
            hit, kept = [], line
        else:
            hit = [t for t in pending if not t.covered.isdisjoint(indices)]
            kept = [ch for ch in line if ch.index not in in_any_table]
        joined = "".join(ch.text for ch in kept)
        text = joined.strip()
        y = None  # where the line is (its characters' mean cy): needed only to place a table against it
        if hit or any(not t.covered for t in pending):
            boxed = [ch for ch in kept if not ch.generated]
            y = sum((ch.top + ch.bottom) / 2 for ch in boxed) / len(boxed) if boxed else None
        # tables with no text at all go where their top edge is
        for t in [t for t in pending if not t.covered and y is not None and t.bbox[1] < y]:
            blocks.append(t.table)
            pending.remove(t)
        if text and (not hit or (y is not None and y < hit[0].bbox[1])):
            blocks.append(TextBlock(text, page_no, _char_indices(kept, text, joined)))
            text = ""
        for t in hit:
            blocks.append(t.table)
            pending.remove(t)
        if text:
            blocks.append(TextBlock(text, page_no, _char_indices(kept, text, joined)))
    blocks += [t.table for t in pending]
    return blocks


def _read_page(pdf: pdfium.PdfDocument, i: int, warnings: list[str],
               geometry: PdfGeometry) -> tuple[list[Block], int, bool]:
    """(blocks, characters of text, page has images) of page i; remarks go to `warnings`.
    A page with text is handed to `geometry` open, with its text page (boxes are looked up
    there later); any other page is closed."""
    page = pdf[i]
    kept = False
    try:
        textpage = page.get_textpage()
        n_chars = pdfium_c.FPDFText_CountChars(textpage.raw)
        text = textpage.get_text_range() if n_chars > 0 else ""
        n_text = len(text.strip())
        if n_text == 0:
            return [], 0, count_images(page.raw) > 0
        geometry.keep(i + 1, page, textpage)
        kept = True
        width, height = page.get_size()
        quarter_turns = text_quarter_turns(textpage.raw, n_chars)
        to_reading = reading_transform(width, height, quarter_turns)
        edges = page_edges(page.raw, to_reading)
        tables: list[PageTable] = []
        chars: list[Char] = []
        if len(edges) >= 4:
            chars = page_chars(textpage.raw, _full_text(textpage.raw, n_chars, text), to_reading)
            try:
                tables = find_tables(edges, chars, i + 1)
            except (ValueError, IndexError, KeyError, ZeroDivisionError, RecursionError) as exc:
                # odd geometry must not cost the page its text: read it as lines, say so
                warnings.append(f"page {i + 1}: tables not read ({type(exc).__name__}: {exc})"[:200])
        if not tables:
            return _text_blocks(text, n_chars, i + 1), n_text, False
        tables = _boxes_as_displayed(tables, page, reading_to_user(width, height, quarter_turns))
        return _blocks_with_tables(chars, tables, i + 1), n_text, False
    finally:
        if not kept:
            page.close()


def _boxes_as_displayed(tables: list[PageTable], page, to_user) -> list[PageTable]:
    """The tables with their cells' boxes moved from reading space to the page as displayed."""
    affine = user_to_display(page.raw)
    if _is_identity(to_user, affine):  # (most pages: reading space is the page as displayed)
        return tables
    out = []
    for t in tables:
        if t.table.boxes is not None:
            boxes = tuple(tuple(box_to_display(b, to_user, affine) for b in row) for row in t.table.boxes)
            t = PageTable(replace(t.table, boxes=boxes), t.bbox, t.covered)
        out.append(t)
    return out


def _is_identity(to_user, affine) -> bool:
    """Does reading space map onto the displayed page unchanged (checked at three points)?"""
    probe = ((0.0, 0.0), (100.0, 0.0), (0.0, 100.0))
    return all(abs(d - p) < 0.01 for pt in probe
               for d, p in zip(box_to_display((*pt, *pt), to_user, affine)[:2], pt))


class PdfGeometry:
    """Boxes of a PDF's characters by their pdfium index (TextBlock.chars), looked up when
    extraction asks, in the text pages the reader built: those pages stay open, with the
    document, until whoever extracts the document closes the geometry. (Opening the file
    again to find the boxes of a few figures cost a fifth of reading it.)"""

    def __init__(self, pdf: pdfium.PdfDocument):
        self._pdf: pdfium.PdfDocument | None = pdf
        self._pages: dict[int, tuple] = {}  # page number → (page, textpage)
        self._affines: dict[int, tuple] = {}  # page number → its user_to_display map

    def keep(self, page_no: int, page, textpage) -> None:
        """Keep this page and its text page open for box lookups (the reader's, not copies)."""
        self._pages[page_no] = (page, textpage)

    def box(self, page_no: int, indices: list[int]) -> tuple[float, float, float, float] | None:
        """The box (as displayed, see etl.model.Box) around these characters of the page."""
        if page_no not in self._pages:
            return None  # (a page without text, read by OCR or not at all: no character indices)
        page, textpage = self._pages[page_no]
        affine = self._affines.get(page_no)
        if affine is None:
            affine = self._affines[page_no] = user_to_display(page.raw)
        left, right, bottom, top = (ctypes.c_double() for _ in range(4))
        at = tuple(map(ctypes.byref, (left, right, bottom, top)))
        boxes = []
        for i in indices:
            if get_char_box(textpage.raw, i, *at):
                boxes.append(box_to_display((left.value, bottom.value, right.value, top.value), None, affine))
        if not boxes:
            return None
        return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))

    def close(self) -> None:
        self._pages.clear()
        if self._pdf is not None:
            self._pdf.close()  # (closes its pages and text pages too)
            self._pdf = None


def _check_unicode_mapping(document: Document) -> None:
    """Fonts embedded without a Unicode map give private-use or replacement characters
    instead of text: mostly such characters → unreadable; some → a warning."""
    text = "".join(document.text.split())
    if not text:
        return
    bad = len(_UNMAPPED.findall(text))
    if bad > 0.5 * len(text):
        raise ReadError("text layer cannot be decoded (fonts without a Unicode map)")
    if bad > 0.02 * len(text):
        document.warnings.append(f"{bad} characters of the text layer cannot be decoded (fonts without a Unicode map)")


def read_pdf(data: bytes) -> Document:
    pdf = _open(data)
    geometry = PdfGeometry(pdf)  # owns the document: closing it closes the PDF
    handed_over = False
    try:
        n_pages = len(pdf)
        if n_pages == 0:
            raise ReadError("PDF has no pages")
        pages: dict[int, list[Block]] = {}
        warnings: list[str] = []
        total_chars = 0
        image_only: list[int] = []
        for i in range(n_pages):
            try:
                page_blocks, n_text, has_images = _read_page(pdf, i, warnings, geometry)
            except pdfium.PdfiumError:
                warnings.append(f"page {i + 1} of {n_pages} cannot be read (truncated or damaged PDF)")
                continue
            pages[i + 1] = page_blocks
            total_chars += n_text
            if has_images:
                image_only.append(i + 1)
        if total_chars == 0 and len(warnings) == n_pages:
            raise ReadError("truncated or damaged PDF (no page can be read)")
        if total_chars == 0:
            # no text layer at all (a scanned PDF): every readable page goes to OCR
            return _ocr_whole(pdf, sorted(pages), n_pages, warnings)
        document = Document([b for p in sorted(pages) for b in pages[p]], "pdf", page_count=n_pages,
                            properties=_properties(pdf), warnings=warnings, geometry=geometry)
        try:
            _check_unicode_mapping(document)
        except ReadError as exc:
            # a text layer of undecodable glyphs: the page images are the report
            return _ocr_whole(pdf, sorted(pages), n_pages, warnings, str(exc))
        if image_only:
            # a mixed PDF: the scanned pages are read by OCR, in their place
            scanned = _ocr_document(pdf, image_only, n_pages, [])
            for p in image_only:
                pages[p] = [b for b in scanned.blocks if b.page == p]
            document = Document([b for p in sorted(pages) for b in pages[p]], "pdf", page_count=n_pages,
                                properties=document.properties, warnings=warnings + scanned.warnings,
                                geometry=geometry)
            document.ocr_pages, document.ocr_texts = scanned.ocr_pages, scanned.ocr_texts
            _check_unicode_mapping(document)
        handed_over = True
        return document
    finally:
        if not handed_over:
            geometry.close()


# page images are rendered at this resolution for OCR (a 150-dpi A4 page: 1241 × 1754 pixels;
# more did not read better and costs time in the detector)
OCR_DPI = 150


def _ocr_document(pdf: pdfium.PdfDocument, page_numbers: list[int], n_pages: int, warnings: list[str]) -> Document:
    """The pages `page_numbers` (1-based) read by OCR from their rendered images."""
    from etl.read.ocr import max_pages, pages_to_document

    if len(page_numbers) > max_pages():
        raise ReadError(f"scanned PDF of {len(page_numbers)} pages to OCR: over the page limit of "
                        f"{max_pages()} (XXGK_OCR_MAX_PAGES)")

    def images():
        for p in page_numbers:
            page = pdf[p - 1]
            try:
                yield page.render(scale=OCR_DPI / 72).to_numpy()[..., :3].copy()
            finally:
                page.close()

    document = pages_to_document(images(), page_numbers, "pdf")
    document.page_count, document.properties = n_pages, _properties(pdf)
    document.warnings = warnings + document.warnings
    return document


def _ocr_whole(pdf: pdfium.PdfDocument, page_numbers: list[int], n_pages: int, warnings: list[str],
               why: str = "no text layer (scanned PDF)") -> Document:
    """A PDF whose every page is read by OCR (`why`: its text layer is missing or useless);
    one with nothing OCR can read is refused."""
    document = _ocr_document(pdf, page_numbers, n_pages, warnings)
    if not document.blocks:
        raise ReadError(f"{why} and OCR found no text on its pages")
    return document
