"""表三's rows as extract_t3 read them, for the detached-rows placement (detached_rows), which
reads every line of the table again: a labelled line whose numbers read as a row extract_t3
already assigned takes that reading instead of a second one (issue 20: on the files that run
the placement it cost about as much as the rest of their tables).

A reading is taken only when `Stream.region` of the line's stretch would give the same values,
no unreadable digits either way, and no label text between the values (all `assign` looks at,
with the same units and identity):

- the same stretch: a region ending in a line break reads as the one ending before it
  (`Stream.region_key`);
- the row's region went on past its label's line (up to the next label), but every value was
  on the label's line and nothing was unreadable: what followed added label text at most,
  after the values;
- the line's stretch starts later on the same line than the row's (the placement takes the
  label match that ends last, extract_t3 the first one): on a grid line, when no cell break
  lies between the two starts (a grid segment is read from its first break on); on a text
  line, when the row's first value lies past the word the line's stretch starts in, and that
  piece of a word reads as no value (words after it are the same in both).

`assign`'s page argument may differ (extract_t3 gives the label's page, the placement none):
it changes only a row without values, and such a row is never placed.
"""
from __future__ import annotations

import re

from etl.extract.tables.assign import Assigned
from etl.extract.tables.stream import CELL, Region, Stream, read_text_segment

_SEPARATOR = re.compile(r"[\s" + CELL + "]")


class KnownRows:
    def __init__(self) -> None:
        self._by_region: dict[tuple[int, int], tuple[Assigned, Region]] = {}
        # by the end of the label's line: (where the row's region starts, its first value,
        # reading, region)
        self._by_line: dict[int, tuple[int, int, Assigned, Region]] = {}

    def add(self, stream: Stream, start: int, end: int, reg: Region, assigned: Assigned) -> None:
        """The reading of region [start, end) (values or unreadable digits in it)."""
        self._by_region[stream.region_key(start, end)] = (assigned, reg)
        if not reg.dirty and reg.values[-1].on_label_line:
            line_end = stream.text.find("\n", start, end)
            if line_end < 0:
                line_end = end
            self._by_line.setdefault(line_end, (start, reg.values[0].pos, assigned, reg))

    def get(self, stream: Stream, start: int, line_end: int, grid: bool) -> Assigned | None:
        """The reading of [start, line_end), a stretch of one line (`grid`: a grid row's), when
        a row read by extract_t3 reads alike (see the module doc)."""
        known = self._reading(stream, start, line_end, grid)
        return None if known is None else known[0]

    def get_numbers(self, stream: Stream, start: int, line_end: int, grid: bool) -> Assigned | None:
        """`get`, when the stretch also holds a value that is not a blank cell, one the line's own
        reading holds too: on a grid line, the stretch's cells are the last of the line's, and
        the values after its last label cell are the line's or fewer; on a text line, when no
        value is in the piece of a word the stretch starts in (the line reads that word whole)."""
        known = self._reading(stream, start, line_end, grid)
        if known is None:
            return None
        values = known[1].values
        if not any(t.norm for t in values):
            return None
        if not grid and values[0].pos < _word_end(stream.text, start, line_end):
            return None
        return known[0]

    def _reading(self, stream: Stream, start: int, line_end: int, grid: bool) -> tuple[Assigned, Region] | None:
        """(reading, region read) of the row that reads as [start, line_end)."""
        read = self._by_region.get(stream.region_key(start, line_end))
        if read is not None:
            return read
        known = self._by_line.get(line_end)
        if known is None:
            return None
        row_start, first_value, assigned, reg = known
        read = (assigned, reg)
        if row_start == start:
            return read
        if row_start > start:
            return None
        text = stream.text
        if grid:
            line_start = text.rfind("\n", 0, start) + 1
            return read if row_start > line_start and CELL not in text[row_start:start] else None
        word_end = _word_end(text, start, line_end)
        if first_value < word_end or read_text_segment(text[start:word_end])[1]:
            return None
        return read


def _word_end(text: str, start: int, end: int) -> int:
    """Where the word that `start` is in (or starts) ends: the next separator, or `end`."""
    sep = _SEPARATOR.search(text, start, end)
    return end if sep is None else sep.start()
