"""表四 (行政复议、行政诉讼): one row of 15 numbers after a header that is often broken
over lines; the numbers are every value in the region (header words carry none)."""
from __future__ import annotations

from functools import cache, partial
from typing import Callable, Sequence

from etl.extract.tables.assign import assign
from etl.extract.tables.figures import row_figures
from etl.metadata.label_maps import Layout
from etl.extract.tables.stream import Span, Stream
from etl.model import Figure

TABLE = "表四"


def group_sums_hold(cells: Sequence[int], width: int = 5) -> bool:
    """V4: in each group, 总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结."""
    return all(cells[i + width - 1] == sum(cells[i:i + width - 1]) for i in range(0, len(cells), width))


@cache  # one function per width: assign caches its split search by the identity it is given
def _group_sums_of(width: int) -> Callable[[Sequence[int]], bool]:
    return partial(group_sums_hold, width=width)


def extract_t4(stream: Stream, lay: Layout, region: Span) -> tuple[list[Figure], list[str]]:
    metrics = lay.t4_metrics
    reg = stream.region(region.start, region.end)
    if not reg.values and not reg.dirty:
        return [], [f"{TABLE}: no numbers found"]
    assigned = assign(reg, ["count"] * len(metrics), identity=_group_sums_of(len(lay.t4_columns)),
                      page=stream.page_at(region.start))
    first = reg.values[0] if reg.values else None
    evidence = "表四 " + (stream.printed(first.pos, reg.end) if first else "")
    problems = [] if assigned.ok else [f"{TABLE}: {assigned.problem}"]
    return row_figures(assigned, metrics, [None] * len(metrics), evidence, stream.page_at(region.start)), problems

