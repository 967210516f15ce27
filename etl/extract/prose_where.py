"""Where each prose figure (text.*) was printed (issue 22), found after extraction from its raw
text and evidence: a locator for any source and, for paginated sources, the box of its
characters on the page.

Prose figures are read from sentences joined across lines and compacted (no whitespace, half
width), so their positions are found again in the same form: the text blocks of the figure's
page (and the next, for a sentence running over a page break) compacted, each character
remembering its block and offset. The raw text is placed only where it is certain: it occurs
once there, or its evidence sentence occurs once and holds it once. Otherwise the figure keeps
no box (a wrong box is worse than none)."""
from __future__ import annotations

import re
from bisect import bisect_right

from etl.extract.normalize import compact, compact_each, to_halfwidth
from etl.model import Document, Figure, TextBlock

def _unique(hay: str, needle: str) -> int | None:
    i = hay.find(needle)
    return i if i >= 0 and hay.find(needle, i + 1) < 0 else None


_WHITESPACE = re.compile(r"\s+")


def _whitespace_runs(text: str) -> tuple[list[int], list[int]] | None:
    """How a position in the compacted text maps back to `text`: (the compact position each
    whitespace run precedes, the characters removed before the k-th run's end); the position q
    is at q + removed[bisect_right(at, q)] in `text`. None when half-width conversion would not
    keep offsets (never for the forms it converts, which are one character each)."""
    half = to_halfwidth(text)
    if len(half) != len(text):
        return None
    at, removed, total = [], [0], 0
    for m in _WHITESPACE.finditer(half):
        at.append(m.start() - total)
        total += m.end() - m.start()
        removed.append(total)
    return at, removed


class _PageText:
    """The compacted text of some text blocks; a position in it maps back to (block index,
    offset in the block's text), worked out only for the blocks a figure is found in."""

    def __init__(self, doc: Document, pages: tuple[int | None, ...]):
        self.doc = doc
        parts: list[str] = []
        self.starts: list[int] = []  # where each block's compacted text starts
        self.blocks: list[int] = []
        total = 0
        kept = [(index, block.text) for index, block in enumerate(doc.blocks)
                if isinstance(block, TextBlock) and block.page in pages]
        # (`compact` of each block, at about half the cost of a call per block)
        for (index, _), compacted in zip(kept, compact_each([text for _, text in kept])):
            if compacted:
                parts.append(compacted)
                self.starts.append(total)
                self.blocks.append(index)
                total += len(compacted)
        self.text = "".join(parts)
        self._offsets: dict[int, tuple[list[int], list[int]] | None] = {}

    def _where(self, pos: int) -> tuple[int, int] | None:
        k = bisect_right(self.starts, pos) - 1
        index = self.blocks[k]
        if index not in self._offsets:
            self._offsets[index] = _whitespace_runs(self.doc.blocks[index].text)
        runs = self._offsets[index]
        if runs is None:
            return None
        at, removed = runs
        q = pos - self.starts[k]
        return index, q + removed[bisect_right(at, q)]

    def find(self, raw: str, evidence: str) -> list[tuple[int, int]] | None:
        target = compact(raw)
        if not target:
            return None
        at = _unique(self.text, target)
        if at is None:
            sentence = compact(evidence)
            start = _unique(self.text, sentence) if len(sentence) > len(target) else None
            inner = _unique(sentence, target) if start is not None else None
            if inner is None:
                return None
            at = start + inner
        where = [self._where(p) for p in range(at, at + len(target))]
        return None if None in where else where


def locate_prose_figures(figures: list[Figure], doc: Document) -> None:
    """Fill `locator` and (paginated sources) `bbox` of the prose figures found with certainty."""
    texts: dict[tuple[int | None, ...], _PageText] = {}
    for f in figures:
        if f.source_kind != "text" or f.locator is not None or not f.raw_text:
            continue
        pages = (f.page, f.page + 1) if f.page is not None else (None,)
        if pages not in texts:
            texts[pages] = _PageText(doc, pages)
        found = texts[pages].find(f.raw_text, f.evidence or "")
        if not found:
            continue
        first_block = found[0][0]
        offsets = [o for b, o in found if b == first_block]
        f.locator = f"block={first_block};chars={offsets[0]}-{offsets[-1] + 1}"
        if doc.geometry is None:
            continue
        by_page: dict[int, list[int]] = {}
        for b, o in found:
            block = doc.blocks[b]
            if block.chars is None or block.page is None:
                by_page = {}
                break
            index = block.chars + o if isinstance(block.chars, int) else block.chars[o]
            by_page.setdefault(block.page, []).append(index)
        if len(by_page) == 1:  # (a figure broken over a page break gets no box)
            (page, indices), = by_page.items()
            f.bbox = doc.geometry.box(page, indices)
            if f.bbox is not None:
                f.page = page
