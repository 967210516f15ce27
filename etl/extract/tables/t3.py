"""表三 (收到和处理政府信息公开申请情况): 23 (2019) or 25 (2021) rows × 7 applicant columns.

Rows are found by their labels in template order: each label is searched after the
previous one, and a label that shows up after the next row's label is taken as out of
place (its row is missing) rather than let it swallow the rows in between. A row's cells
are the values between its label and the next row's label. A row printed with no digits
(its label followed directly by the next label) is a blank row when every other row of the
table reads cleanly (etl.extract.tables.blank_rows).
"""
from __future__ import annotations

from typing import Sequence

from etl.extract.tables.assign import assign
from etl.extract.tables.blank_rows import blank_row, is_printed_without_digits, rows_without_digits_are_blank
from etl.extract.tables.figures import row_figures
from etl.extract.tables.detached_rows import fill_detached_rows
from etl.extract.tables.known_rows import KnownRows
from etl.metadata.label_maps import LabelMap, Layout, T3Row
from etl.extract.tables.t3_columns import resolve_by_columns
from etl.extract.tables.split_constraints import resolve_jointly
from etl.extract.tables.stream import Span, Stream
from etl.model import Figure

TABLE = "表三"


def row_sum_holds(cells: Sequence[int]) -> bool:
    """V2: 总计 = the six applicant columns."""
    return cells[-1] == sum(cells[:-1])


def locate_rows(stream: Stream, rows: Sequence[T3Row], region: Span) -> list[tuple[T3Row, Span]]:
    found: list[tuple[T3Row, Span]] = []
    cursor = region.start
    # the next row's label as searched from an earlier cursor: while the cursor has not passed
    # it, it is still the first match from the cursor (a match is the same whatever position
    # the search started from), so it is not searched again
    next_known, next_hit = False, None
    for i, row in enumerate(rows):
        if next_known and (next_hit is None or cursor <= next_hit.start):
            hit = next_hit
        else:
            hit = stream.find(row.anchors, cursor, region.end)
        next_known = False
        if hit is not None and i + 1 < len(rows):
            next_known, next_hit = True, stream.find(rows[i + 1].anchors, cursor, region.end)
            if next_hit is not None and next_hit.start < hit.start:
                hit = None  # out of template order
        if hit is not None:
            found.append((row, hit))
            cursor = hit.end
    return found


def _sibling_found(row: T3Row, rows: Sequence[T3Row], found: set[str]) -> bool:
    """Is another sub-row of the same optional group found (2021 （六）其他处理 1-3)? A report
    prints the three sub-rows or none of them (then （六） as one row), so one of them found
    makes the others expected: a label OCR misread (`途期` for 逾期) is then looked for among the
    numbers left over, instead of the row being taken for one the report left out."""
    group = row.metric.rsplit(".", 1)[0]
    return any(r.metric != row.metric and r.metric.rsplit(".", 1)[0] == group and r.metric in found
               for r in rows if r.optional)


def extract_t3(stream: Stream, lm: LabelMap, lay: Layout, region: Span) -> tuple[list[Figure], list[str]]:
    figures: list[Figure] = []
    problems: list[str] = []
    found = locate_rows(stream, lm.t3_rows, region)
    if not found:
        return [], [f"{TABLE}: no row label found"]
    found_metrics = {row.metric for row, _ in found}
    missing_rows: dict[str, str] = {}  # metric → why its cells are missing (issued after detached rows)
    for row in lm.t3_rows:
        if row.metric not in found_metrics and (not row.optional or _sibling_found(row, lm.t3_rows, found_metrics)):
            if stream.find(row.anchors, region.start, region.end) is not None:
                missing_rows[row.metric] = (f"{TABLE} row {row.label}: label printed out of the template's row "
                                            f"order, cells not placed")
            else:
                missing_rows[row.metric] = f"{TABLE} row {row.label}: label not found, cells missing"
    units = ["count"] * len(lay.t3_columns)
    other_rows_found = False
    rows = []
    known = KnownRows()  # each row's reading as assign made it (for the detached rows)
    # a header found over sub-rows that are found too (2021 （六）其他处理 over 3.其他) has no
    # numbers of its own: numbers after it belong to a sub-row whose label OCR misread
    # (`（六）其他处理 | 1.中更不有正当…`), which the detached rows place, or to none
    headers = {r.metric for r in lm.t3_rows if r.optional and r.metric in found_metrics
               and any(o.metric.startswith(r.metric + ".") and o.metric in found_metrics for o in lm.t3_rows)}
    for k, (row, hit) in enumerate(found):
        end = found[k + 1][1].start if k + 1 < len(found) else region.end
        reg = stream.region(hit.end, end)
        if row.metric in headers or (row.optional and not reg.values and not reg.dirty):
            continue  # a header row such as 2021 （六）其他处理 over its sub-rows
        page = stream.page_at(hit.start)
        assigned = assign(reg, units, identity=row_sum_holds, page=page)
        if reg.values or reg.dirty:
            known.add(stream, hit.end, end, reg, assigned)
        rows.append((row, hit, reg, page, assigned))
    blank_rows_certain = rows_without_digits_are_blank([(reg, a) for _, _, reg, _, a in rows], len(units))
    if blank_rows_certain:
        rows = [(row, hit, reg, page, blank_row(len(units), page) if is_printed_without_digits(stream, hit, reg)
                 else a) for row, hit, reg, page, a in rows]
    if any(a.candidates for *_, a in rows):
        better = resolve_by_columns({row.metric: a for row, _, _, _, a in rows}, [r.metric for r in lm.t3_rows])
        rows = [(row, hit, reg, page, better.get(row.metric, a)) for row, hit, reg, page, a in rows]
        # several run-together rows of one equation: their candidates searched together
        jointly = resolve_jointly({row.metric: a for row, _, _, _, a in rows}, [r.metric for r in lm.t3_rows])
        rows = [(row, hit, reg, page, jointly.get(row.metric, a)) for row, hit, reg, page, a in rows]
    # (issue 20) numbers printed away from their labels: what row order and V3 make certain
    rows, extra, placed_problems = fill_detached_rows(stream, lm.t3_rows, region, units, rows, missing_rows,
                                                     identity=row_sum_holds, known=known)
    problems += [p for m, p in missing_rows.items() if m not in extra] + placed_problems
    for row, hit, reg, page, assigned in rows:
        evidence = stream.printed(hit.start, max(reg.end, hit.end))
        problem = None if assigned.ok else f"{TABLE} row {row.label}: {assigned.problem}"
        if problem:
            problems.append(problem)
        figures += row_figures(assigned, (row.metric,) * len(units), lay.t3_columns, evidence, page, problem=problem)
        other_rows_found |= row.metric.startswith("t3.other")
    if any(r.metric.startswith("t3.other") for r in lm.t3_rows) and not other_rows_found:
        problems.append(f"{TABLE} row （六）其他处理: neither one row of numbers nor its sub-rows found")
    return figures, problems
