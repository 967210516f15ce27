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
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import cache, lru_cache, partial
from itertools import accumulate, chain, compress, repeat
from operator import eq
from typing import Iterable, Iterator, NamedTuple, Sequence

from etl.extract.normalize import converted_characters, to_halfwidth, to_simplified
from etl.extract.numbers import MAX_INTEGER_DIGITS, CellValue, parse_cell
from etl.model import Document, Table, TextBlock, own_origins

CELL = "\x1f"
_BRACKET_CHARS = {"【": "(", "】": ")", "〔": "(", "〕": ")", "［": "(", "］": ")", "[": "(", "]": ")"}
_BRACKETS = str.maketrans(_BRACKET_CHARS)
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
_SPACE = re.compile(r"\s")
_TEXT_WORD = re.compile(r"[^\s" + CELL + r"]+")
_DIGITS_AND_SPACES = re.compile(r"[0-9 ]*")
_LABEL_TEXT = re.compile(r"[\u4e00-\u9fffA-Za-z]")
_GLUED_NUMBER = re.compile(r"[+-]?\d[\d,]*(?:\.\d+)?(?:万元|亿元|元)?")
# a word of digits and letters that look like them (O o for 0, l I for 1), with at least one
# letter: only a whole word, and a lone letter only O, o or l (I is a Roman numeral in labels)
_OCR_NUMBER = re.compile(r"[Ool]|[\dOolI]*\d[\dOolI]*[OolI][\dOolI]*|[OolI][\dOolI]*\d[\dOolI]*")
_OCR_DIGITS = str.maketrans("OolI", "0011")
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

# Where the characters of Chinese reports come from: ASCII, Latin-1, general punctuation and
# symbols (“” — … ① ■), CJK punctuation (、。《》), CJK ideographs.
_COMMON_RANGES = ((0x20, 0x7E), (0xA0, 0xFF), (0x2000, 0x2BFF), (0x3000, 0x303F), (0x4E00, 0x9FFF))


@cache
def _may_change() -> re.Pattern[str]:
    """A character that norm_char may change: any outside _COMMON_RANGES, and those inside
    that it does change. str.translate costs ~60 ns a character that is not ASCII, and most
    of a Chinese line maps to itself: only these characters are translated. (One character,
    not a run: the scan for a one-character class is three times as fast.) Built once per
    process (~20 ms once zhconv's table is loaded) from what norm_char does, part by part."""
    traditional = converted_characters()  # what to_simplified converts, one character at a time

    def maps_to_itself(c: str) -> bool:
        return ((c == " " or not c.isspace())
                and not ("\uff01" <= c <= "\uff5e")  # to_halfwidth
                and unicodedata.is_normalized("NFKC", c)
                and c not in traditional
                and c not in _BRACKET_CHARS)

    same = ["\n", CELL] + [c for lo, hi in _COMMON_RANGES for c in map(chr, range(lo, hi + 1)) if maps_to_itself(c)]
    return re.compile("[^" + "".join(re.escape(c) for c in same) + "]")


def _norm_match(m: re.Match[str]) -> str:
    return _NORM_TABLE[ord(m.group())]


def norm_text(text: str) -> str:
    return _may_change().sub(_norm_match, text)


def compile_anchor(anchor: str) -> re.Pattern[str]:
    chars = [c for c in norm_text(anchor) if not c.isspace() and c not in _QUOTES]
    return re.compile(_GAP.join(_NUMMARK if c in ".、," else re.escape(c) for c in chars))


_anchor = cache(compile_anchor)


def earliest(spans: Iterable[Span | None]) -> Span | None:
    """The span that starts first (the longest one on a tie; the first given on a full tie)."""
    best: Span | None = None
    for m in spans:
        if m and (best is None or m.start < best.start or (m.start == best.start and m.end > best.end)):
            best = m
    return best


def match_at_every_start(anchor: str, text: str, lo: int, hi: int) -> tuple[list[int], list[int]]:
    """Every position in [lo, hi) where the anchor's pattern matches inside text[lo:hi], and
    where that match ends (overlapping matches too: label_index says why that is all there is)."""
    rx = _anchor(anchor)
    if not rx.pattern:
        raise ValueError(f"anchor {anchor!r} has no character to match")
    starts: list[int] = []
    ends: list[int] = []
    pos = lo
    while (m := rx.search(text, pos, hi)) is not None:
        starts.append(m.start())
        ends.append(m.end())
        pos = m.start() + 1
    return starts, ends


# Span, Token (and assign.Cell, identities._Term) are NamedTuples, not frozen dataclasses:
# a report makes hundreds of them, and a frozen dataclass's __init__ costs four times as much.
class Span(NamedTuple):
    start: int
    end: int


# Span(...) runs the NamedTuple's Python-level __new__; the label searches make one per match
# found, and making the tuple directly costs a third as much (as _new_token below)
new_span = partial(tuple.__new__, Span)


class Location(NamedTuple):
    """Where a value is in the document (Stream.locate)."""

    index: int  # of the block in Document.blocks
    block: TextBlock | Table
    row: int | None = None  # grid position, in a table
    col: int | None = None
    chars: tuple[int, int] | None = None  # [start, end) in the text block's text


class Token(NamedTuple):
    """A value found in a region: a grid cell or a whitespace-separated piece of text."""

    norm: str
    raw: str
    cell: CellValue
    page: int | None
    from_text: bool  # True when read from running text (cell boundaries not printed)
    pos: int = 0  # where it starts in the stream
    on_label_line: bool = False  # printed on the same line / grid row as the row's label


# Token(...) runs the Python-level __new__ of a NamedTuple; a region makes a Token per cell,
# and making the tuple directly costs half as much
_new_token = partial(tuple.__new__, Token)


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
    # every value is a plain number (`is_plain_number`; in running text, printed so and
    # without a leading zero) or a blank grid cell: assign can take the numbers as they are
    # read. False unless `Stream.region` found it so (a Region made another way takes the
    # general path)
    plain: bool = False
    blank_cells: int = 0  # of the values, blank grid cells (counted while `plain`)


@dataclass
class Stream:
    text: str  # normalised
    orig: str
    to_orig: Sequence[int]  # where each character of `text` comes from in `orig`
    pages: list[int | None]
    # where each block's lines start in `orig`, the block and its index in the document
    # (for `locate`; blocks that gave no line are left out)
    block_starts: list[int] = field(default_factory=list)
    blocks: list[tuple[int, TextBlock | Table]] = field(default_factory=list)
    # per located block (k): where its lines start and what they are, built when first asked
    _pieces: dict[int, tuple[list[int], list]] = field(default_factory=dict, repr=False)

    # -- finding labels ------------------------------------------------------------------
    def find(self, anchors: tuple[str, ...] | list[str], start: int = 0, end: int | None = None) -> Span | None:
        """The earliest match of any anchor in [start, end) (the longest one on a tie)."""
        end = len(self.text) if end is None else end
        best = None  # (earliest's rule, without a generator: a row's label is looked for this way)
        for a in anchors:
            m = _anchor(a).search(self.text, start, end)
            if m is not None:
                s, e = m.span()
                if best is None or s < best[0] or (s == best[0] and e > best[1]):
                    best = (s, e)
        return None if best is None else new_span(best)

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
        # (split() and join: the spaces squashed, as _SPACES.sub would, at a quarter of its cost)
        s = " ".join(self.original(start, end).replace(CELL, " | ").split()).strip(" |")
        return s if len(s) <= limit else s[: limit - 1] + "…"

    def page_at(self, pos: int) -> int | None:
        return self.pages[pos] if 0 <= pos < len(self.pages) else None

    def locate(self, pos: int, length: int) -> Location | None:
        """Where the value printed at `pos` (normalised text) and `length` characters long (as
        printed) sits in the document: its block and, in a table, its grid position, in a
        text block, its characters."""
        return next(self.locate_each([(pos, length)]))

    def locate_each(self, printed_at: Iterable[tuple[int, int] | None]) -> Iterator[Location | None]:
        """`locate(*at)` of each (pos, length) in turn (None for None)."""
        for p in self.places(printed_at):
            yield None if p is None else Location(*p[:4], None if p[4] is None else p[4:])

    def places(self, printed_at: Iterable[tuple[int, int] | None]
               ) -> Iterator[tuple[int, TextBlock | Table, int | None, int | None, int | None, int | None] | None]:
        """`locate_each` as flat tuples, (index, block, row, col, chars start, chars end), for
        the locators of every figure of a report (one tuple a figure instead of three)."""
        # (called for every figure of a report, which come a row at a time: the line of the
        # previous one is tried first, then its block, before the search among all blocks; on a
        # grid line the CELLs before a value are counted on from the previous value's)
        to_orig, block_starts, orig = self.to_orig, self.block_starts, self.orig
        n = len(to_orig) if block_starts else 0
        lo = hi = 0  # the current block's lines in `orig`
        line_lo = line_hi = 0  # the current line (piece i of the block) in `orig`
        index = block = starts = pieces = is_table = i = None
        counted_to = cells_before = 0  # on a grid line: CELLs in [line_lo, counted_to)
        for at in printed_at:
            if at is None or not 0 <= at[0] < n:
                yield None
                continue
            o = to_orig[at[0]]
            if not line_lo <= o < line_hi:
                if not lo <= o < hi:
                    k = bisect_right(block_starts, o) - 1
                    if k < 0:
                        yield None
                        continue
                    lo = block_starts[k]
                    hi = block_starts[k + 1] if k + 1 < len(block_starts) else len(orig)
                    index, block = self.blocks[k]
                    starts, pieces = self._pieces.get(k) or self._block_pieces(k)
                    is_table = isinstance(block, Table)
                i = bisect_right(starts, o - lo) - 1
                if i < 0:
                    line_lo = line_hi = 0
                    yield None
                    continue
                line_lo = lo + starts[i]
                line_hi = lo + starts[i + 1] if i + 1 < len(starts) else hi
                counted_to, cells_before = line_lo, 0
            if is_table:
                # the line of grid row r holds a CELL before each of its own cells (`cols`): the
                # CELLs before `o` say which; on the line's first CELL, the line before's last cell
                if o < counted_to:
                    counted_to, cells_before = line_lo, 0
                cells_before += orig.count(CELL, counted_to, o)
                counted_to = o
                if cells_before:
                    r, cols = pieces[i]
                    yield index, block, r, cols[cells_before - 1], None, None
                elif i:
                    r, cols = pieces[i - 1]
                    yield index, block, r, cols[-1], None, None
                else:
                    yield None
            else:
                start = pieces[i] + o - line_lo
                yield index, block, None, None, start, min(start + at[1], len(block.text))

    def _block_pieces(self, k: int) -> tuple[list[int], list]:
        """Where the lines of located block k start in the stream, relative to its first line,
        and what each is: a table's grid row and the columns of its own cells (r, cols), or a
        text line's offset in the block's text. (build_stream gives a table's when it makes its
        lines; this works them out for a stream made another way.)"""
        if k in self._pieces:
            return self._pieces[k]
        block = self.blocks[k][1]
        starts: list[int] = []
        pieces: list = []
        if isinstance(block, Table):
            lo = self.block_starts[k]
            at = lo
            for r, cols in _rows_with_own_cells(block):
                starts.append(at - lo)
                pieces.append((r, cols))
                at = self.orig.index("\n", at) + 1
        else:
            at = offset = 0
            for line in block.text.split("\n"):
                if line.strip() and not _PAGE_NUMBER.match(line):
                    starts.append(at)
                    pieces.append(offset)
                    at += len(line) + 1
                offset += len(line) + 1
        self._pieces[k] = (starts, pieces)
        return starts, pieces

    # -- cutting a region into values ----------------------------------------------------
    def region_key(self, start: int, end: int) -> tuple[int, int]:
        """A key that two regions share when `region` reads them alike: a line break at the end
        of [start, end) is left out (it ends the last segment either way, and a grid segment is
        cut only before a character that is not a line break)."""
        return (start, end - 1) if end > start and self.text[end - 1] == "\n" else (start, end)

    def region(self, start: int, end: int) -> Region:
        reg = Region([], [], [], start, start, True, 0)  # (positional: the default factories cost more)
        pos = start
        first_line_end = self.text.find("\n", start, end)
        label_line_end = end if first_line_end < 0 else first_line_end
        while pos < end:
            nl = self.text.find("\n", pos, end)
            seg_end = end if nl < 0 else nl
            line_start = self.text.rfind("\n", 0, pos) + 1
            if self.text.startswith(CELL, line_start):
                cut_at_end = nl < 0 and end < len(self.text) and self.text[end] != "\n"
                self._grid_segment(pos, seg_end, cut_at_end, pos > line_start, reg)
            else:
                self._text_segment(pos, seg_end, label_line_end, reg)
            pos = seg_end + 1
        return reg

    def _grid_segment(self, start: int, end: int, cut_at_end: bool, label_line: bool, reg: Region) -> None:
        """The cells after the last label cell. On the label's own grid row blank cells are
        blank values (a row left empty); on a further row they count only next to a number
        (a row of nothing but blanks is layout, not data)."""
        # the cells after the first break: before it is the rest of the label's cell
        first = self.text.find(CELL, start, end)
        if first < 0 or (cut_at_end and self.text.find(CELL, first + 1, end) < 0):
            return  # (no cell, or only the start of the next label's cell: a row's last segment)
        # the cells as printed: a break is one character in both texts, so what was printed
        # between two breaks is what the normalised text has between them
        dirty, labels, values, all_blank, plain, blanks, values_end = _grid_segment_reading(
            self.orig[self.to_orig[first] + 1:self.to_orig[end - 1] + 1], cut_at_end)
        at = first + 1  # where the cells start
        if dirty:
            reg.dirty += dirty
        if labels:
            reg.label_at += [at + a for a in labels]
        if not values or (not label_line and all_blank):
            return
        page = self.pages[first]  # a grid row is on one page
        if reg.plain:
            if plain:
                reg.blank_cells += blanks
            else:
                reg.plain = False
        # (on_label_line: the segment's line, not the cell's offset: an empty last cell of the
        # label's row starts right at the line break and is still on the label's row)
        reg.values += [_new_token((norm, raw, cell, page, False, at + a, label_line)) for a, norm, raw, cell in values]
        reg.end = at + values_end

    def _text_segment(self, start: int, end: int, label_line_end: int, reg: Region) -> None:
        labels, dirty, values, plain = _text_segment_reading(self.text[start:end])
        if labels:
            reg.label_at += [start + a for a in labels]
        if dirty:
            reg.dirty += [self.original(start + a, start + b) for a, b in dirty]
        if not values:
            return
        if not plain:
            reg.plain = False
        page = self.pages[start]  # a line is on one page
        # on the label's line: the region's first segment ends where that line does
        on_label_line = start < label_line_end
        orig, to_orig = self.orig, self.to_orig  # (self.original inlined: a call per value)
        if type(to_orig) is range:  # (no character expanded: a position is the same in both texts)
            reg.values += [_new_token((text, orig[start + a:start + b], cell, page, True, start + a, on_label_line))
                           for a, b, text, cell in values]
        else:
            reg.values += [_new_token((text, orig[to_orig[start + a]:to_orig[start + b - 1] + 1], cell, page, True,
                                       start + a, on_label_line)) for a, b, text, cell in values]
        reg.end = start + values[-1][1]


# (pure; the segments of a row's numbers repeat: ` 0 0 0 0 0 0 0`. Fewer kept than the word
# caches: most rows' segments are new, each entry ~0.4 KB, and the repeated ones stay)
@lru_cache(maxsize=16384)
def _text_segment_reading(segment: str) -> tuple[tuple[int, ...], tuple[tuple[int, int], ...], tuple[tuple, ...], bool]:
    """read_text_segment as Stream._text_segment takes it: where the words with label text
    start, the words whose digits cannot be read (start, end), the values (start, end, text,
    cell), and whether the values are plain (_plain_text_segment)."""
    if _DIGITS_AND_SPACES.fullmatch(segment):  # (most rows' numbers: no word to read)
        return _digits_reading(segment)
    return _words_reading(segment)


def _words_reading(segment: str) -> tuple[tuple[int, ...], tuple[tuple[int, int], ...], tuple[tuple, ...], bool]:
    """_text_segment_reading from read_text_segment."""
    labels, values = read_text_segment(segment)
    return (labels, tuple((ws, we) for _, _, _, cell, ws, we in values if cell is None),
            tuple((a, b, text, cell) for a, b, text, cell, _, _ in values if cell is not None),
            _plain_text_segment(segment))


def _digits_reading(segment: str) -> tuple[tuple[int, ...], tuple[tuple[int, int], ...], tuple[tuple, ...], bool]:
    """_words_reading of ASCII digits and spaces: each word is one number (_read_text_word reads
    a word of ASCII digits as the number token _token_cell makes of it, however long)."""
    values = []
    a = 0
    for word in segment.split(" "):
        if word:
            values.append((a, a + len(word), word, _token_cell(word)))
        a += len(word) + 1
    plain = all(_is_plain_printed(w) for _, _, w, _ in values)
    return (), (), tuple(values), plain


@lru_cache(maxsize=65536)  # pure; the segments of a row's numbers repeat (` 0 0 0 0 0 0 0`)
def read_text_segment(segment: str) -> tuple[tuple[int, ...], tuple[tuple, ...]]:
    """A segment of running text read word by word (_read_text_word): where its words with label
    text start, and its values (start, end, text, cell, and the start and end of the word),
    positions in the segment, in order."""
    labels = []
    values = []
    for m in _TEXT_WORD.finditer(segment):
        a = m.start()
        word = _read_text_word(m.group())
        if word.label:
            labels.append(a)
        values += [(a + v.start, a + v.end, v.text, v.cell, a, m.end()) for v in word.values]
    return tuple(labels), tuple(values)


def is_plain_number(norm: str) -> bool:
    """A value token whose text is ASCII digits of a figure's length: its cell is the number
    those digits say whatever the column's unit (numbers.parse_cell), and it is never a
    not-applicable mark, money or a run of neighbouring cells' digits."""
    return norm.isdigit() and norm.isascii() and len(norm) <= MAX_INTEGER_DIGITS


def _plain_text_segment(segment: str) -> bool:
    """Every value of the segment (read_text_segment) is printed as a plain number
    (is_plain_number) without a leading zero: neither digits run together (`023`, which
    assign splits) nor letters read as digits (`2O`: the printed text is not digits; the
    normalised text keeps ASCII letters, so a raw text with one is not plain either). Then
    what assign checks of each token from running text is known to pass."""
    return all(cell is not None and _is_plain_printed(segment[a:b]) for a, b, _, cell, _, _ in read_text_segment(segment)[1])


def _is_plain_printed(word: str) -> bool:
    """A word of running text printed as a plain number (is_plain_number) without a leading zero."""
    return is_plain_number(word) and (len(word) == 1 or word[0] != "0")


@lru_cache(maxsize=16384)  # pure; the cells of a row's numbers repeat (`0|0|0|0|0|0|0`); as _text_segment_reading
def _grid_segment_reading(printed: str, cut_at_end: bool) -> tuple:
    """The cells of a grid segment as printed (`printed`: from after its first break, the cells
    split by CELL; `cut_at_end`: the last one is the start of the next label's cell), read as
    Stream._grid_segment takes them: the digits of the label cells that are not a value, where
    the label cells with text start, the values after the last label cell (start, text, text
    as printed, cell), whether those are all blank, whether they are plain (Region.plain) and
    how many are blank, and where the last value ends. Positions from the segment's first cell."""
    cells = printed.split(CELL)
    if cut_at_end:
        del cells[-1]  # the part of the next label's cell before the label
    read = list(map(_read_grid_cell, cells))
    n_labels = len(read)  # the cells up to the last one that is not a value
    while n_labels and read[n_labels - 1].cell is not None:
        n_labels -= 1
    dirty, labels, values = [], [], []
    pos = 0
    for r in read[:n_labels]:
        if r.dirty:
            dirty.append(r.raw)
        if r.label:
            labels.append(pos)
        pos += r.length + 1
    plain, blanks = True, 0
    for r in read[n_labels:]:
        values.append((pos, r.norm, r.raw, r.cell))
        pos += r.length + 1
        if not r.norm:  # (a blank cell: `_read_grid_cell` reads nothing else as empty)
            blanks += 1
        elif not is_plain_number(r.norm):
            plain = False
    all_blank = all(r.cell.kind == "blank" for r in read[n_labels:])
    return tuple(dirty), tuple(labels), tuple(values), all_blank, plain, blanks, pos - 1


class _GridCell(NamedTuple):
    norm: str  # normalised, without the spaces around it
    raw: str  # as printed, without the spaces around it
    length: int  # of the normalised cell, spaces included: how far it reaches in the stream
    cell: CellValue | None  # None: not a value (label text, or digits that are not one)
    dirty: bool  # digits that are neither a value nor a numbered label
    label: bool  # holds label text


@lru_cache(maxsize=65536)  # pure; cells repeat (0, blanks, the labels of every report)
def _read_grid_cell(printed: str) -> _GridCell:
    """One grid cell as printed between two breaks."""
    normalised = norm_text(printed)
    norm = normalised.strip()
    # `1 0` in one cell is two numbers a PDF grid merged, never the number 10
    cell = None if not norm.isalnum() and _DIGIT_GAP.search(norm) else _token_cell(norm)
    if cell is not None:
        return _GridCell(norm, printed.strip(), len(normalised), cell, False, False)
    return _GridCell(norm, printed.strip(), len(normalised), None,
                     bool(_DIGIT.search(norm)) and not _LABEL_NUMBER.match(norm), bool(_LABEL_TEXT.search(norm)))


class _TextValue(NamedTuple):
    start: int  # in the word
    end: int
    text: str
    cell: CellValue | None  # None: digits that cannot be read with certainty (the word is dirty)


class _TextWord(NamedTuple):
    label: bool  # holds label text
    values: tuple[_TextValue, ...]


@lru_cache(maxsize=65536)  # pure; words repeat (0, the labels of every report)
def _read_text_word(word: str) -> _TextWord:
    """One whitespace-separated word of running text: the values in it."""
    if word in TEXT_NOT_APPLICABLE:
        return _TextWord(False, (_TextValue(0, len(word), word, CellValue(None, "not_applicable", word)),))
    cell = _token_cell(word)
    if cell is not None and cell.kind == "number":
        return _TextWord(False, (_TextValue(0, len(word), word, cell),))
    if _OCR_NUMBER.fullmatch(word):
        # `O`, `l`, `2O`: letters an OCR or a bad font put for digits. Read as the digits they
        # look like; assign.py keeps them only where the row's identity holds (derived)
        digits = word.translate(_OCR_DIGITS)
        return _TextWord(False, (_TextValue(0, len(word), digits, _token_cell(digits)),))
    # flattened text glues numbers to labels (`申请数量230`, `0000000（四）无法提供`):
    # a number between pieces of label is still a value; a numbering mark (`2.其他`)
    # is part of a label; anything else with digits cannot be read with certainty
    values = []
    for d in _GLUED_NUMBER.finditer(word):
        after = word[d.end():]
        if _NUMBERING_AFTER.match(after):
            continue
        values.append(_TextValue(d.start(), d.end(), d.group(),
                                 None if after.startswith((".", ",")) else _token_cell(d.group())))
    return _TextWord(bool(_LABEL_TEXT.search(word)), tuple(values))


@lru_cache(maxsize=65536)  # parse_cell is pure and CellValue frozen; cells repeat (0, 1, blanks)
def _token_cell(norm: str) -> CellValue | None:
    """The value of one token. A run of digits too long to be one figure (see
    numbers.MAX_INTEGER_DIGITS) is still a number token: the digits of neighbouring cells ran
    together, and only assign.py's split can say what they are (its value stays None)."""
    cell = parse_cell(norm, "yuan")
    if cell is None and norm.isascii() and norm.isdigit():
        return CellValue(None, "number", norm)
    return cell


def build_stream(doc: Document) -> Stream:
    lines: list[str] = []
    block_starts: list[int] = []
    located: list[tuple[int, TextBlock | Table]] = []
    pieces: dict[int, tuple[list[int], list]] = {}  # Stream._pieces of the tables
    block_pages: list[int | None] = []  # of each located block
    n_chars = 0
    for index, block in enumerate(doc.blocks):
        if isinstance(block, TextBlock):
            new = _text_lines(block.text)
        elif isinstance(block, Table):
            new, rows = _grid_lines_and_rows(block)
            if new:  # (what _block_pieces would work out again: where each line starts, its row)
                pieces[len(located)] = (list(accumulate(map(len, new[:-1]), initial=0)), rows)
        else:
            continue
        if new:
            lines += new
            block_starts.append(n_chars)
            located.append((index, block))
            block_pages.append(block.page)
            n_chars += sum(map(len, new))
    # the page of each character: its block's (a table continued over a page break: rows after
    # `page` may sit on `page_end`); one list at once when every block has the same (txt, HTML)
    if len(set(block_pages)) <= 1:
        pages = [block_pages[0] if block_pages else None] * n_chars
    else:
        ends = block_starts[1:] + [n_chars]
        pages = list(chain.from_iterable(repeat(p, e - s) for p, s, e in zip(block_pages, block_starts, ends)))
    orig = "".join(lines)
    text = norm_text(orig)
    if len(text) == len(orig):  # every character gave one (the usual case)
        return Stream(text, orig, range(len(orig)), pages, block_starts, located, pieces)
    to_orig = _expanded_positions(orig)
    return Stream(text, orig, to_orig, list(map(pages.__getitem__, to_orig)), block_starts, located, pieces)


def _text_lines(text: str) -> list[str]:
    """A text block's lines as stream lines: without blank and page-number lines, CELL made a
    space, each ending in a line break."""
    if "\n" not in text:  # (most blocks are one line: no list to split into)
        return [text.replace(CELL, " ") + "\n"] if text.strip() and not _PAGE_NUMBER.match(text) else []
    return [line.replace(CELL, " ") + "\n" for line in text.split("\n") if line.strip() and not _PAGE_NUMBER.match(line)]


def _expanded_positions(orig: str) -> list[int]:
    """Where each character of norm_text(orig) comes from, when a character expanded (`㈠` →
    `(一)`): every piece points back to it. Only characters that _may_change can expand."""
    to_orig: list[int] = []
    done = 0
    for m in _may_change().finditer(orig):
        k = m.start()
        to_orig += range(done, k)
        to_orig += [k] * len(_NORM_TABLE[ord(m.group())])
        done = k + 1
    to_orig += range(done, len(orig))
    return to_orig


def _grid_lines_and_rows(table: Table) -> tuple[list[str], list[tuple[int, Sequence[int]]]]:
    """The rows of a table as stream lines, each row's own cells (no span copies), and the rows
    and columns of _rows_with_own_cells it made them of (which `locate` maps positions back to)."""
    lines = []
    rows = list(_rows_with_own_cells(table))
    for r, cols in rows:
        row = table.rows[r]
        cells = row if len(cols) == len(row) else [row[c] for c in cols]
        # a cell without whitespace (in most rows every one) has none to squash: looked for
        # in the row at once, a regex call instead of a test per cell
        if _SPACE.search("".join(cells)):
            cells = map(_squashed_cell, cells)
        lines.append(f"{CELL}{CELL.join(cells)}\n")
    return lines, rows


def _rows_with_own_cells(table: Table) -> Iterator[tuple[int, Sequence[int]]]:
    """The rows `_grid_lines_and_rows` makes lines of, in order: (row, the columns of its own cells)."""
    n_cols = table.n_cols
    for r, origin in enumerate(table.origin):
        own = own_origins(r, n_cols)
        cols = range(n_cols) if origin == own else list(compress(range(n_cols), map(eq, origin, own)))
        if cols:
            yield r, cols


@lru_cache(maxsize=65536)  # pure; cells repeat (blanks, labels)
def _squashed_cell(text: str) -> str:
    return _SPACES.sub(" ", text.replace(CELL, " ")).strip()
