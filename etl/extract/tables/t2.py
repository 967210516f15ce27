"""表二 (主动公开政府信息情况): a few labelled rows in blocks headed 第二十条第（X）项.

Row labels are unique within the table, so rows are found in any order inside the 表二
region (a PDF-to-Markdown conversion may move a block); a row's cells run from its label to
the next row label or block header. A row whose label no anchor finds (OCR read 行政许可 as
行政许间) is read from the one line of the region that looks like it (misread_labels) and
holds no other row's label: `derived`, the evidence quoting what was printed.
"""
from __future__ import annotations

from etl.extract.tables.assign import Assigned, assign
from etl.extract.tables.figures import row_figures, units_of
from etl.extract.tables.misread_labels import LIKENESS, LIKENESS_IN_PLACE, MARK, likeness
from etl.extract.tables.stream import CELL, Span, Stream
from etl.metadata.label_maps import LabelMap, T2Row
from etl.model import UNREADABLE_CELL, Figure

TABLE = "表二"


def extract_t2(stream: Stream, lm: LabelMap, region: Span) -> tuple[list[Figure], list[str]]:
    figures: list[Figure] = []
    problems: list[str] = []
    hits = []
    missing = []
    for row in lm.t2_rows:
        hit = stream.find(row.anchors, region.start, region.end)
        if hit is None:
            missing.append(row)
        else:
            hits.append((row, hit))
    if not hits:
        return [], [f"{TABLE}: no row label found"]
    boundaries = stream.find_all(lm.t2_boundaries, region.start, region.end)
    misread = _misread_rows(stream, region, missing, [h for _, h in hits] + boundaries, _places(lm, hits, region))
    for row in missing:
        if row.label in misread:
            hits.append((row, misread[row.label][0]))
        else:
            problems.append(f"{TABLE} row {row.label}: label not found, cells missing")
    starts = sorted({h.start for _, h in hits} | {b.start for b in boundaries})
    for row, hit in hits:
        end = next((s for s in starts if s >= hit.end), region.end)
        reg = stream.region(hit.end, end)
        units = units_of(tuple(row.metrics))
        page = stream.page_at(hit.start)
        assigned = assign(reg, units, identity=None, page=page)
        if row.label in misread and assigned.ok:
            assigned = Assigned(assigned.cells, "derived", None, misread[row.label][1])
        problem = None if assigned.ok else f"{TABLE} row {row.label}: {assigned.problem}"
        if problem:
            problems.append(problem)
        figures += row_figures(assigned, row.metrics, [None] * len(row.metrics),
                               stream.printed(hit.start, max(reg.end, hit.end)), page, problem=problem)
    return figures, problems


def _places(lm: LabelMap, hits: list[tuple[T2Row, Span]], region: Span) -> dict[str, tuple[int, int]]:
    """Per template row missing alone between two found rows (or a found row and the region's
    edge): the stretch of text between them, where a table printed in the template's order
    prints it."""
    found = {row.label: hit for row, hit in hits}
    rows = lm.t2_rows
    out: dict[str, tuple[int, int]] = {}
    for i, row in enumerate(rows):
        if row.label in found:
            continue
        before = next((j for j in range(i - 1, -1, -1) if rows[j].label in found), -1)
        after = next((j for j in range(i + 1, len(rows)) if rows[j].label in found), len(rows))
        if after - before != 2:
            continue  # another row is missing beside it: which line is whose is not known by place
        start = found[rows[before].label].end if before >= 0 else region.start
        end = found[rows[after].label].start if after < len(rows) else region.end
        if start < end:
            out[row.label] = (start, end)
    return out


def _misread_rows(stream: Stream, region: Span, missing: list[T2Row], taken: list[Span],
                  places: dict[str, tuple[int, int]]) -> dict[str, tuple[Span, str]]:
    """Per missing row (by label): (the span of its misread label, the note) when exactly one
    line of the region, holding no found row's label nor a block header (`taken`), starts with
    a label of Chinese characters and no digit that looks like the row's (LIKENESS) and like no
    other missing row's, and has something after it. In the row's place (`places`: it is the
    one row missing between its found neighbours) the line need only look like it by
    LIKENESS_IN_PLACE, and be the only line there that does (`规康` for 规章)."""
    if not missing:
        return {}
    text = stream.text
    lines: list[tuple[Span, str]] = []
    pos = region.start
    while pos < region.end:
        nl = text.find("\n", pos, region.end)
        end = region.end if nl < 0 else nl
        if not any(pos <= t.start < end for t in taken):
            label = _leading_label(text, pos, end)
            if label is not None:
                lines.append(label)
        pos = end + 1
    alike = {(row.label, k): likeness(row.label, printed) for row in missing for k, (_, printed) in enumerate(lines)}
    out: dict[str, tuple[Span, str]] = {}
    for row in missing:
        bar, where = LIKENESS, "table"
        fits = [k for k in range(len(lines)) if alike[(row.label, k)] >= bar]
        if not fits and row.label in places:
            start, end = places[row.label]
            bar, where = LIKENESS_IN_PLACE, "table in that row's place"
            fits = [k for k in range(len(lines)) if start <= lines[k][0].start < end and alike[(row.label, k)] >= bar]
        if len(fits) != 1 or any(alike[(o.label, fits[0])] >= bar for o in missing if o is not row):
            continue
        span, printed = lines[fits[0]]
        out[row.label] = (span, f"the label printed as '{printed}' is no template row's; it is the only line of the "
                                f"{where} like {row.label} ({alike[(row.label, fits[0])]:.0%} of its characters), the row "
                                f"whose label is {MARK}")
    return out


def _leading_label(text: str, start: int, end: int) -> tuple[Span, str] | None:
    """(span, text) of the label a line starts with (its first grid cell, or its words up to
    the first space or digit), when it has two Chinese characters or more, no digit, and more
    printed after it; None otherwise."""
    pos = start + 1 if text.startswith(CELL, start) else start
    cut = min((i for i in (text.find(CELL, pos, end), text.find(" ", pos, end)) if i >= 0), default=-1)
    stop = end if cut < 0 else cut
    digit = next((i for i in range(pos, stop) if text[i].isdigit() or text[i] == UNREADABLE_CELL), stop)
    stop = min(stop, digit)
    label = text[pos:stop].strip()
    if stop >= end or sum("\u4e00" <= ch <= "\u9fff" for ch in label) < 2 or any(ch.isdigit() for ch in label):
        return None
    return Span(pos, stop), label
