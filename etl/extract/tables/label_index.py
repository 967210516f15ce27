"""Every match of the row labels inside one stretch of the stream, found once, so that the
many label searches of a table (every row's labels on every line, issue 20's detached rows)
are look-ups instead of one regex search each.

Exact because of what an anchor pattern is (`stream.compile_anchor`): literal characters (or
the numbering-mark class) with gaps of spaces, cell breaks and quotes between them, and no gap
character is ever one of the literals. So from a given start a match can only be the greedy
one: its end does not depend on where the search started or where the text was cut, as long as
the cut is not before that end. The matches of `pattern.search(text, a, b)` and
`pattern.finditer(text, a, b)` inside [lo, hi) are then read off the list of every start at
which the pattern matches (overlapping ones too) with its end:

- search: the first start ≥ a whose end ≤ b;
- finditer: from a, the first such start, then the first from its end, and so on.
"""
from __future__ import annotations

from bisect import bisect_left
from typing import Sequence

from etl.extract.tables.stream import Span, earliest, match_at_every_start, new_span


class LabelIndex:
    """The label matches inside [lo, hi) of a text: `find` and `find_all` give what
    `Stream.find` and `Stream.find_all` give for any window inside it."""

    def __init__(self, text: str, lo: int, hi: int) -> None:
        self._text, self._lo, self._hi = text, lo, hi
        self._hits: dict[str, tuple[list[int], list[int]]] = {}
        # per set of rows: every match of any of their anchors, by start (see last_row_in)
        self._merged: dict[tuple[tuple[str, ...], ...], list[tuple[int, int, int, str]]] = {}
        self._merged_by_id: dict[int, tuple[Sequence[Sequence[str]], list[tuple[int, int, int, str]]]] = {}

    def _of(self, anchor: str) -> tuple[list[int], list[int]]:
        hits = self._hits.get(anchor)
        if hits is None:
            hits = self._hits[anchor] = match_at_every_start(anchor, self._text, self._lo, self._hi)
        return hits

    def _check(self, start: int, end: int) -> None:
        if start < self._lo or end > self._hi:
            raise ValueError(f"window [{start}, {end}) outside the index's [{self._lo}, {self._hi})")

    def first(self, anchor: str, start: int, end: int) -> Span | None:
        """`_anchor(anchor).search(text, start, end)` as a span."""
        starts, ends = self._of(anchor)
        for i in range(bisect_left(starts, start), len(starts)):
            if starts[i] >= end:
                break
            if ends[i] <= end:
                return new_span((starts[i], ends[i]))
        return None

    def find(self, anchors: Sequence[str], start: int, end: int) -> Span | None:
        self._check(start, end)
        return earliest(self.first(a, start, end) for a in anchors)

    def find_all(self, anchors: Sequence[str], start: int, end: int) -> list[Span]:
        self._check(start, end)
        out = []
        for a in anchors:
            starts, ends = self._of(a)
            after = start  # finditer goes on from the end of its last match
            for i in range(bisect_left(starts, start), len(starts)):
                s = starts[i]
                if s >= end:
                    break
                if s >= after and ends[i] <= end:
                    out.append(Span(s, ends[i]))
                    after = ends[i]
        return sorted(out)

    def last_row_in(self, rows: Sequence[Sequence[str]], start: int, end: int) -> tuple[int, Span] | None:
        """Of the rows (each its anchors), the one with a match (as `find_all` gives them) in
        [start, end) that ends last, with that match; on a tie the first row, and its first
        match in `find_all`'s order."""
        self._check(start, end)
        # (asked once per line of a table with the same rows: the same tuple is known by its
        # id, kept alive with its entry, before the rows are hashed as a key)
        known = self._merged_by_id.get(id(rows)) if type(rows) is tuple else None
        if known is not None and known[0] is rows:
            merged = known[1]
        else:
            key = tuple(map(tuple, rows))
            merged = self._merged.get(key)
            if merged is None:
                merged = self._merged[key] = sorted(
                    (s, e, i, a) for i, anchors in enumerate(key) for a in anchors for s, e in zip(*self._of(a)))
            if type(rows) is tuple:
                self._merged_by_id[id(rows)] = (rows, merged)
        after: dict[tuple[int, str], int] = {}
        best: tuple[int, int, int] | None = None  # (-end, row, start): the smallest wins
        for k in range(bisect_left(merged, (start,)), len(merged)):
            s, e, i, a = merged[k]
            if s >= end:
                break
            # (the same anchor may sit in two rows: each row's find_all is its own)
            if e <= end and s >= after.get((i, a), start):
                after[i, a] = e
                if best is None or (-e, i, s) < best:
                    best = (-e, i, s)
        return None if best is None else (best[1], new_span((best[2], -best[0])))
