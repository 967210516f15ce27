"""表二 (主动公开政府信息情况): a few labelled rows in blocks headed 第二十条第（X）项.

Row labels are unique within the table, so rows are found in any order inside the 表二
region (a PDF-to-Markdown conversion may move a block); a row's cells run from its label to
the next row label or block header.
"""
from __future__ import annotations

from etl.extract.tables.assign import assign
from etl.extract.tables.figures import row_figures, units_of
from etl.metadata.label_maps import LabelMap
from etl.extract.tables.stream import Span, Stream
from etl.model import Figure

TABLE = "表二"


def extract_t2(stream: Stream, lm: LabelMap, region: Span) -> tuple[list[Figure], list[str]]:
    figures: list[Figure] = []
    problems: list[str] = []
    hits = []
    for row in lm.t2_rows:
        hit = stream.find(row.anchors, region.start, region.end)
        if hit is None:
            problems.append(f"{TABLE} row {row.label}: label not found, cells missing")
        else:
            hits.append((row, hit))
    if not hits:
        return [], [f"{TABLE}: no row label found"]
    boundaries = stream.find_all(lm.t2_boundaries, region.start, region.end)
    starts = sorted({h.start for _, h in hits} | {b.start for b in boundaries})
    for row, hit in hits:
        end = next((s for s in starts if s >= hit.end), region.end)
        reg = stream.region(hit.end, end)
        units = units_of(tuple(row.metrics))
        page = stream.page_at(hit.start)
        assigned = assign(reg, units, identity=None, page=page)
        problem = None if assigned.ok else f"{TABLE} row {row.label}: {assigned.problem}"
        if problem:
            problems.append(problem)
        figures += row_figures(assigned, row.metrics, [None] * len(row.metrics),
                               stream.printed(hit.start, max(reg.end, hit.end)), page, problem=problem)
    return figures, problems
