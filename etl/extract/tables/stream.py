"""The document as one normalised character stream, for finding table rows by their labels.

Both kinds of block go in: text lines as they are (PDF text, crawler text, where a row is
`label 21 0 0 0 0 0 21` or all digits run together) and table grids row by row, each grid
row starting with CELL and its cells separated by CELL, so a blank grid cell stays a blank
cell. Span copies are left out: a merged label is read once. Page-number lines (`- 3 -`)
are dropped. Every character keeps its page and its position in the original text, so
evidence and raw cell text are shown as printed.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

from etl.extract.normalize import to_halfwidth, to_simplified
from etl.extract.numbers import CellValue, parse_cell
from etl.model import Document, Table, TextBlock

CELL = "\x1f"
_BRACKETS = str.maketrans({"【": "(", "】": ")", "〔": "(", "〕": ")", "［": "(", "］": ")", "[": "(", "]": ")"})
_QUOTES = "\"'“”‘’「」『』"
# what may sit between two characters of a label: spaces, line breaks, cell breaks, quotes
_GAP = r"[\s" + CELL + re.escape(_QUOTES) + r"]*"
# numbering marks: 1. 1、 1． 1，
_NUMMARK = r"[.、,]"
_PAGE_NUMBER = re.compile(r"^\s*(?:[-—–－]+\s*\d{1,3}\s*[-—–－]+|第\s*\d{1,3}\s*页(?:\s*[,，]?\s*共\s*\d{1,3}\s*页)?"
                          r"|\d{1,3}\s*/\s*\d{1,3})\s*$")
# In running text a cell may print a not-applicable mark; 无 and 、 are left out there because
# they are also pieces of broken labels (`（四）无` / `法提供`, a vertical `三 、 本 年 度`).
TEXT_NOT_APPLICABLE = {"/", "／", "—", "——", "-", "--", "－", "–", "\\"}
# a numbered label piece such as `1.本机关不掌握` or `2、申请人` (a label, not a cell)
_LABEL_NUMBER = re.compile(r"^\(?\d{1,2}\)?[.、,)]\D")
_DIGIT_GAP = re.compile(r"\d\s+\d")
_DIGIT = re.compile(r"\d")
_SPACES = re.compile(r"\s+")
_TEXT_WORD = re.compile(r"[^\s" + CELL + r"]+")
_LABEL_TEXT = re.compile(r"[\u4e00-\u9fffA-Za-z]")
_GLUED_NUMBER = re.compile(r"[+-]?\d[\d,]*(?:\.\d+)?(?:万元|亿元|元)?")
# `1.` / `2、` followed by a label character: a row's numbering, not a value
_NUMBERING_AFTER = re.compile(r"^[.、,)][^\d\s]")


def norm_char(ch: str) -> str:
    """One character in matching form: half width, NFKC, simplified, unified brackets."""
    if ch in ("\n", CELL):
        return ch
    if ch.isspace():
        return " "
    s = unicodedata.normalize("NFKC", to_halfwidth(ch))
    if not s.isascii():
        s = to_simplified(s)
    return s.translate(_BRACKETS)


class _NormTable(dict):
    """norm_char as a lazily filled str.translate table: one C-level pass per string instead
    of a Python call per character. Every character maps to one or more characters (never
    none), so a translated string as long as its source is a 1:1 mapping."""

    def __missing__(self, cp: int) -> str:
        n = self[cp] = norm_char(chr(cp))
        return n


_NORM_TABLE = _NormTable()


def norm_text(text: str) -> str:
    return text.translate(_NORM_TABLE)


def compile_anchor(anchor: str) -> re.Pattern[str]:
    chars = [c for c in norm_text(anchor) if not c.isspace() and c not in _QUOTES]
    return re.compile(_GAP.join(_NUMMARK if c in ".、," else re.escape(c) for c in chars))


_ANCHOR_CACHE: dict[str, re.Pattern[str]] = {}


def _anchor(a: str) -> re.Pattern[str]:
    if a not in _ANCHOR_CACHE:
        _ANCHOR_CACHE[a] = compile_anchor(a)
    return _ANCHOR_CACHE[a]


# Span, Token (and assign.Cell, identities._Term) are NamedTuples, not frozen dataclasses:
# a report makes hundreds of them, and a frozen dataclass's __init__ costs four times as much.
class Span(NamedTuple):
    start: int
    end: int


class Token(NamedTuple):
    """A value found in a region: a grid cell or a whitespace-separated piece of text."""

    norm: str
    raw: str
    cell: CellValue
    page: int | None
    from_text: bool  # True when read from running text (cell boundaries not printed)
    pos: int = 0  # where it starts in the stream
    on_label_line: bool = False  # printed on the same line / grid row as the row's label


@dataclass(slots=True)
class Region:
    values: list[Token] = field(default_factory=list)
    # pieces with digits that are neither a cell value nor a numbered label: the row cannot
    # be read with certainty when there are any
    dirty: list[str] = field(default_factory=list)
    # where label text sits (text words or label cells): label text between a row's numbers
    # means the reading order is not the table's (a PDF read column by column)
    label_at: list[int] = field(default_factory=list)
    start: int = 0
    end: int = 0  # end of the last value (for evidence)


@dataclass
class Stream:
    text: str  # normalised
    orig: str
    to_orig: list[int]
    pages: list[int | None]

    # -- finding labels ------------------------------------------------------------------
    def find(self, anchors: tuple[str, ...] | list[str], start: int = 0, end: int | None = None) -> Span | None:
        """The earliest match of any anchor in [start, end) (the longest one on a tie)."""
        end = len(self.text) if end is None else end
        best: Span | None = None
        for a in anchors:
            m = _anchor(a).search(self.text, start, end)
            if m and (best is None or m.start() < best.start or (m.start() == best.start and m.end() > best.end)):
                best = Span(m.start(), m.end())
        return best

    def find_all(self, anchors: tuple[str, ...] | list[str], start: int, end: int) -> list[Span]:
        return sorted(Span(m.start(), m.end()) for a in anchors for m in _anchor(a).finditer(self.text, start, end))

    def find_regex(self, patterns: tuple[str, ...] | list[str], start: int, end: int | None = None) -> int | None:
        end = len(self.text) if end is None else end
        hits = [m.start() for p in patterns if (m := re.compile(p).search(self.text, start, end))]
        return min(hits) if hits else None

    # -- reading back --------------------------------------------------------------------
    def original(self, start: int, end: int) -> str:
        if end <= start:
            return ""
        return self.orig[self.to_orig[start]:self.to_orig[end - 1] + 1]

    def printed(self, start: int, end: int, limit: int = 200) -> str:
        """Original text of [start, end) on one line, cells shown as ` | `."""
        s = self.original(start, end).replace(CELL, " | ")
        s = _SPACES.sub(" ", s).strip(" |")
        return s if len(s) <= limit else s[: limit - 1] + "…"

    def page_at(self, pos: int) -> int | None:
        return self.pages[pos] if 0 <= pos < len(self.pages) else None

    # -- cutting a region into values ----------------------------------------------------
    def region(self, start: int, end: int) -> Region:
        reg = Region(start=start, end=start)
        pos = start
        first_line_end = self.text.find("\n", start, end)
        label_line_end = end if first_line_end < 0 else first_line_end
        while pos < end:
            nl = self.text.find("\n", pos, end)
            seg_end = end if nl < 0 else nl
            line_start = self.text.rfind("\n", 0, pos) + 1
            if self.text.startswith(CELL, line_start):
                self._grid_segment(pos, seg_end, cut_at_end=(nl < 0 and end < len(self.text)
                                                               and self.text[end] != "\n"),
                                   label_line=pos > line_start, reg=reg)
            else:
                self._text_segment(pos, seg_end, label_line_end, reg)
            pos = seg_end + 1
        return reg

    def _grid_segment(self, start: int, end: int, cut_at_end: bool, label_line: bool, reg: Region) -> None:
        """The cells after the last label cell. On the label's own grid row blank cells are
        blank values (a row left empty); on a further row they count only next to a number
        (a row of nothing but blanks is layout, not data)."""
        # the cells after the first break: before it is the rest of the label's cell
        pieces = []
        a = start
        for part in self.text[start:end].split(CELL):
            pieces.append((a, a + len(part)))
            a += len(part) + 1
        pieces = pieces[1:]
        if cut_at_end and pieces:
            pieces = pieces[:-1]  # the part of the next label's cell before the label
        parsed = []
        for a, b in pieces:
            norm = self.text[a:b].strip()
            # `1 0` in one cell is two numbers a PDF grid merged, never the number 10
            cell = None if not norm.isalnum() and _DIGIT_GAP.search(norm) else _token_cell(norm)
            if cell is None and _DIGIT.search(norm) and not _LABEL_NUMBER.match(norm):
                reg.dirty.append(self.original(a, b).strip())
            parsed.append((a, b, norm, cell))
            if cell is None and _LABEL_TEXT.search(norm):
                reg.label_at.append(a)
        last_label = max((k for k, p in enumerate(parsed) if p[3] is None), default=-1)
        values = parsed[last_label + 1:]
        if not values or (not label_line and not any(c.kind != "blank" for *_, c in values)):
            return
        for a, b, norm, cell in values:
            # the segment's line, not the cell's offset: an empty last cell of the label's row
            # starts right at the line break and is still on the label's row
            reg.values.append(Token(norm, self.original(a, b).strip(), cell, self.page_at(a), False, a,
                                    label_line))
            reg.end = b

    def _text_segment(self, start: int, end: int, label_line_end: int, reg: Region) -> None:
        for m in _TEXT_WORD.finditer(self.text[start:end]):
            a = start + m.start()
            norm = m.group()
            if norm in TEXT_NOT_APPLICABLE:
                self._add_text_value(reg, a, a + len(norm), CellValue(None, "not_applicable", norm), label_line_end)
                continue
            cell = _token_cell(norm)
            if cell is not None and cell.kind == "number":
                self._add_text_value(reg, a, a + len(norm), cell, label_line_end)
                continue
            if _LABEL_TEXT.search(norm):
                reg.label_at.append(a)
            # flattened text glues numbers to labels (`申请数量230`, `0000000（四）无法提供`):
            # a number between pieces of label is still a value; a numbering mark (`2.其他`)
            # is part of a label; anything else with digits cannot be read with certainty
            for d in _GLUED_NUMBER.finditer(norm):
                da, db = a + d.start(), a + d.end()
                after = norm[d.end():]
                if _NUMBERING_AFTER.match(after):
                    continue
                if after.startswith((".", ",")):
                    reg.dirty.append(self.original(a, a + len(norm)))
                    continue
                cell = _token_cell(d.group())
                if cell is None:
                    reg.dirty.append(self.original(a, a + len(norm)))
                else:
                    self._add_text_value(reg, da, db, cell, label_line_end)

    def _add_text_value(self, reg: Region, a: int, b: int, cell: CellValue, label_line_end: int) -> None:
        reg.values.append(Token(self.text[a:b], self.original(a, b), cell, self.page_at(a), True, a,
                                a < label_line_end))
        reg.end = b

@lru_cache(maxsize=65536)  # parse_cell is pure and CellValue frozen; cells repeat (0, 1, blanks)
def _token_cell(norm: str) -> CellValue | None:
    """The value of one token. A run of digits too long to be one figure (see
    numbers.MAX_INTEGER_DIGITS) is still a number token: the digits of neighbouring cells ran
    together, and only assign.py's split can say what they are (its value stays None)."""
    cell = parse_cell(norm, unit="yuan")
    if cell is None and norm.isascii() and norm.isdigit():
        return CellValue(None, "number", norm)
    return cell


def build_stream(doc: Document) -> Stream:
    text: list[str] = []
    orig: list[str] = []
    to_orig: list[int] = []
    pages: list[int | None] = []
    orig_len = 0

    def add(s: str, page: int | None) -> None:
        nonlocal orig_len
        n = s.translate(_NORM_TABLE)
        orig.append(s)
        text.append(n)
        pages.extend([page] * len(n))
        if len(n) == len(s):  # the usual case: one character for one
            to_orig.extend(range(orig_len, orig_len + len(s)))
        else:  # a character expanded (`①` → `1`, `㈠` → `(一)`): every piece points back to it
            for k, ch in enumerate(s):
                to_orig.extend([orig_len + k] * len(_NORM_TABLE[ord(ch)]))
        orig_len += len(s)

    for block in doc.blocks:
        if isinstance(block, TextBlock):
            for line in block.text.split("\n"):
                if line.strip() and not _PAGE_NUMBER.match(line):
                    add(line.replace(CELL, " ") + "\n", block.page)
        elif isinstance(block, Table):
            _add_table(block, add)
    return Stream("".join(text), "".join(orig), to_orig, pages)


def _add_table(table: Table, add) -> None:
    for r in range(table.n_rows):
        cells = [table.rows[r][c] for c in range(table.n_cols) if table.origin[r][c] == (r, c)]
        if not cells:
            continue
        # (a cell of letters and digits only, most of them, has no whitespace to squash)
        clean = [c if c.isalnum() else _SPACES.sub(" ", c.replace(CELL, " ")).strip() for c in cells]
        # a table continued over a page break: rows after `page` may sit on `page_end`
        add(CELL + CELL.join(clean) + "\n", table.page)
