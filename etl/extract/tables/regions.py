"""Where each standard table sits in the stream: 表二, then 表三, then 表四."""
from __future__ import annotations

from dataclasses import dataclass

from etl.metadata.label_maps import LabelMap, Layout
from etl.extract.tables.stream import Span, Stream


@dataclass(frozen=True, slots=True)
class Regions:
    t2: Span | None
    t3: Span | None
    t4: Span | None


_FIRST_BLOCK_CHARS = 400


def find_regions(stream: Stream, lm: LabelMap, lay: Layout) -> Regions:
    n = len(stream.text)
    t2_hit = stream.find(lay.t2_start, 0, n)
    if t2_hit is not None:
        # a first block header OCR misread (第二十集第（一）项) just before the first one found
        # (block （一） is two rows: a few hundred characters at most)
        misread = stream.find_regex(lay.t2_misread_start_regex, max(0, t2_hit.start - _FIRST_BLOCK_CHARS), t2_hit.start)
        if misread is not None:
            t2_hit = Span(misread, misread)
    after_t2 = t2_hit.start if t2_hit else 0
    first_row = lm.t3_rows[0].anchors
    t3_hit = stream.find(first_row, after_t2, n) or stream.find(lay.t3_fallback_start, after_t2, n)
    if t2_hit is None:
        # no 第二十条 block header: 表二 starts at the last 主动公开 heading before 表三
        heads = stream.find_all(lay.t2_fallback_start, 0, t3_hit.start if t3_hit else n)
        t2_hit = heads[-1] if heads else None
    t2 = None
    if t2_hit is not None:
        end = stream.find(lay.t2_end, t2_hit.end, n)
        t2 = Span(t2_hit.start, end.start if end else (t3_hit.start if t3_hit else n))
    t3 = t4 = None
    if t3_hit is not None:
        t4_hit = stream.find(lay.t4_start, t3_hit.end, n)
        t3 = Span(t3_hit.start, t4_hit.start if t4_hit else n)
        if t4_hit is not None:
            end = stream.find_regex(lay.t4_end_regex, t4_hit.end, n)
            t4 = Span(t4_hit.start, end if end is not None else n)
    else:
        t4_hit = stream.find(lay.t4_start, t2.end if t2 else 0, n)
        if t4_hit is not None and t2 is not None:
            end = stream.find_regex(lay.t4_end_regex, t4_hit.end, n)
            t4 = Span(t4_hit.start, end if end is not None else n)
    return Regions(t2, t3, t4)
