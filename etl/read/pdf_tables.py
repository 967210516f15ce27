"""Ruled tables on a PDF page: ruling lines → cells → a span-resolved grid of cell texts.

Lines are read with pdfium (etl.read.pdf_geometry) so the page is parsed once; they are
snapped and joined as pdfplumber's edge merging does it (`_merged_edges`). The lines cut the
page into a grid whose enclosed regions are the cells (`_tables_from_lines`); pdfplumber's own
cell search, slower, is the fallback for rulings that do not enclose rectangles. A cell's text
is the page's characters whose centre lies in the cell, so a blank cell stays blank and text
wrapped over several lines inside a cell stays in that cell.

A 2019/2021 report's page has ~60 lines, a fine grid of ~700 cells and ~2,000 characters: the
steps that visit every fine cell or character do it with numpy and OpenCV (round 18: the table
step 1.1-1.3x faster than loops in Python, to the same cells; tests/unit/read/test_pdf_tables_exact.py).

A table cut by a page break has no closing line at the cut: the vertical lines stop at a
common height with nothing across. That missing line is drawn back in (`_close_cut_edges`),
so the fragment's first or last row is not lost. Each page's fragment is its own Table.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace
from operator import attrgetter, itemgetter

from etl.model import Table, make_table
from etl.read.pdf_geometry import Char, Edge

_SNAP = 3.0  # lines this close are the same line (double borders, stroke-width jitter)
_JOIN = 3.0  # collinear pieces with gaps this small are one line
_CUT_MIN_VERTICALS = 2
_TOUCH = 1.5  # a line ending this close to another still meets it


@dataclass(frozen=True, slots=True)
class PageTable:
    """A table found on one page: its grid and the characters it covers."""

    table: Table
    bbox: tuple[float, float, float, float]  # x0, top, x1, bottom in reading space
    covered: frozenset[int]  # char indices inside the table's cells


def _snapped(lines: list[list], at: int, tolerance: float) -> list[list]:
    """pdfplumber's snap_objects on lines given as [x0, top, x1, bottom, width, height]: the
    lines whose position (item `at`: 0 for x0, 1 for top) lies within `tolerance` of the next
    one's form a cluster, each moved to its cluster's mean position (its far end with it),
    cluster by cluster, in their order within each; with pdfplumber's arithmetic."""
    cluster_of: dict[float, int] = {}
    n_clusters, last = 0, None
    for v in sorted({line[at] for line in lines}):
        if last is None or not v <= last + tolerance:
            n_clusters += 1
        cluster_of[v] = n_clusters - 1
        last = v
    clusters: list[list[list]] = [[] for _ in range(n_clusters)]
    for line in lines:
        clusters[cluster_of[line[at]]].append(line)
    out = []
    for cluster in clusters:
        mean = sum([line[at] for line in cluster]) / len(cluster)
        for x0, top, x1, bottom, width, height in cluster:
            if at == 0:
                move = mean - x0
                out.append([x0 + move, top, x1 + move, bottom, width, height])
            else:
                move = mean - top
                out.append([x0, top + move, x1, bottom + move, width, height])
    return out


def _merged_edges(edges: list[Edge]) -> list[dict]:
    """pdfplumber's merge_edges(edges, _SNAP, _SNAP, _JOIN, _JOIN): the same lines in the same
    order, from the same arithmetic, as its dicts (what _close_cut_edges and pdfplumber's cell
    search take), without its generic object handling (a dict rebuilt at every move)."""
    def as_list(e: Edge) -> list:
        return [e.x0, e.top, e.x1, e.bottom, e.x1 - e.x0, e.bottom - e.top]

    verticals = _snapped([as_list(e) for e in edges if e.orientation == "v"], 0, _SNAP)
    horizontals = _snapped([as_list(e) for e in edges if e.orientation == "h"], 1, _SNAP)
    out = []
    for orientation, lines, at, lo, hi in (("h", horizontals, 1, 0, 2), ("v", verticals, 0, 1, 3)):
        groups: dict[float, list[list]] = {}
        for line in sorted(lines, key=itemgetter(at)):
            groups.setdefault(line[at], []).append(line)
        for group in groups.values():
            # collinear pieces closer than _JOIN are one line (join_edge_group)
            joined = []
            for line in sorted(group, key=itemgetter(lo)):
                if joined and line[lo] <= joined[-1][hi] + _JOIN:
                    last = joined[-1]
                    if line[hi] > last[hi]:
                        if orientation == "h":
                            joined[-1] = [last[0], last[1], line[hi], last[3], line[hi] - last[0], last[5]]
                        else:
                            joined[-1] = [last[0], last[1], last[2], line[hi], last[4], last[5] + (line[hi] - last[3])]
                else:
                    joined.append(line)
            out += [{"orientation": orientation, "x0": x0, "x1": x1, "top": top, "bottom": bottom,
                     "width": width, "height": height, "object_type": "line"}
                    for x0, top, x1, bottom, width, height in joined]
    return out


def _close_cut_edges(edges: list[dict]) -> list[dict]:
    """Add the horizontal line where a table was cut by a page break: several vertical lines
    end at one height, no horizontal line runs all across there, and none runs beyond it (the
    cut is the table's outer edge; a gap inside a table is never closed: it may be a merged
    cell)."""
    verticals = [e for e in edges if e["orientation"] == "v"]
    horizontals = [e for e in edges if e["orientation"] == "h"]
    added = []
    for end, beyond in (("top", -1.0), ("bottom", 1.0)):
        group: list[dict] = []
        for v in sorted(verticals, key=lambda e: e[end]) + [None]:
            if v is not None and (not group or v[end] - group[-1][end] <= _SNAP):
                group.append(v)
                continue
            if len(group) >= _CUT_MIN_VERTICALS:
                y = sum(g[end] for g in group) / len(group)
                x0, x1 = min(g["x0"] for g in group), max(g["x0"] for g in group)
                across = any(abs(h["top"] - y) <= _SNAP and h["x0"] <= x0 + _JOIN and h["x1"] >= x1 - _JOIN
                             for h in horizontals)
                outside = any((h["top"] - y) * beyond > _SNAP and h["x1"] > x0 + _JOIN and h["x0"] < x1 - _JOIN
                              for h in horizontals)
                if not across and not outside and x1 - x0 > _JOIN:
                    added.append({"orientation": "h", "x0": x0, "x1": x1, "top": y, "bottom": y,
                                  "width": x1 - x0, "height": 0.0, "object_type": "line"})
            group = [v] if v is not None else []
    return edges + added


def _cluster(values: list[float], tolerance: float = 1.5) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > tolerance:
            out.append(v)
    return out


def _index(bounds: list[float], v: float) -> int:
    i = bisect_left(bounds, v)
    if i == len(bounds) or (i > 0 and v - bounds[i - 1] < bounds[i] - v):
        i -= 1
    return i


def _is_latin(ch: str) -> bool:
    return ch.isascii() and ch.isalpha()


def _cell_lines(chars: list[Char]) -> list[list[Char]]:
    """The cell's characters as printed lines, top to bottom, each left to right (pdfium's
    content order is not reading order on turned pages)."""
    if len(chars) < 2:  # (most cells: one figure of one character, or none)
        return [chars] if chars else []
    lines: list[tuple[float, float, list[Char]]] = []
    for ch in sorted(chars, key=_top_then_x0):
        ch_top, ch_bottom = ch.top, ch.bottom
        if lines:
            top, bottom, members = lines[-1]
            # (min and max written out: this runs for every character of every table)
            overlap = (bottom if bottom <= ch_bottom else ch_bottom) - (top if top >= ch_top else ch_top)
            height = bottom - top
            ch_height = ch_bottom - ch_top
            if overlap > 0.5 * (height if height <= ch_height else ch_height):
                members.append(ch)
                lines[-1] = (top if top <= ch_top else ch_top, bottom if bottom >= ch_bottom else ch_bottom, members)
                continue
        lines.append((ch_top, ch_bottom, [ch]))
    return [sorted(members, key=_x0) for _, _, members in lines]


_top_then_x0 = attrgetter("top", "x0")
_x0 = attrgetter("x0")


def _cell_text(chars: list[Char], by_index: dict[int, Char]) -> str:
    """Join a cell's characters line by line.

    Spaces come from the content only: a space character the PDF prints, or a space pdfium
    infers between two Latin letters. pdfium's other inferred spaces and gap measurements
    are not trusted: narrow glyphs (`1`, `.`, full-width brackets) leave wide gaps that would
    split `4119` into `41 19`. A line wrapped inside the cell is joined without a space,
    except between two Latin words.
    """
    if len(chars) < 2:  # (most cells: one figure of one character, or none)
        text = chars[0].text if chars else ""
        return "" if text.isspace() else text
    out: list[str] = []
    for k, line in enumerate(_cell_lines([ch for ch in chars if ch.text and not ch.text.isspace()])):
        if k and _is_latin(out[-1][-1]) and _is_latin(line[0].text):
            out.append(" ")
        prev: Char | None = None
        for ch in line:
            if prev is not None and ch.index > prev.index + 1:
                between = [by_index[i] for i in range(prev.index + 1, ch.index) if i in by_index]
                printed_space = any(b.text == " " and not b.generated for b in between)
                inferred_space = any(b.text == " " and b.generated for b in between)
                if printed_space or (inferred_space and _is_latin(prev.text) and _is_latin(ch.text)):
                    out.append(" ")
            out.append(ch.text)
            prev = ch
    return "".join(out)


@dataclass(frozen=True, slots=True)
class _PageChars:
    """The page's characters that have boxes, with the centre of each box as arrays (worked
    out once per page, not once per table)."""

    chars: list[Char]
    indices: "np.ndarray"  # each one's index in the text page
    cx: "np.ndarray"
    cy: "np.ndarray"

    @classmethod
    def of(cls, chars: list[Char]) -> "_PageChars":
        import numpy as np

        kept = [ch for ch in chars if not ch.generated]
        boxes = np.array([(ch.x0, ch.top, ch.x1, ch.bottom) for ch in kept], float).reshape(-1, 4)
        indices = np.fromiter((ch.index for ch in kept), np.int64, len(kept))
        return cls(kept, indices, (boxes[:, 0] + boxes[:, 2]) / 2, (boxes[:, 1] + boxes[:, 3]) / 2)


def _grid(cells: list[tuple[float, float, float, float]], page_chars: _PageChars,
          by_index: dict[int, Char], page: int) -> tuple[Table, frozenset[int]]:
    """The table of these cells; a character goes to the cell its centre lies in."""
    import numpy as np

    xs = _cluster([c[0] for c in cells] + [c[2] for c in cells])
    ys = _cluster([c[1] for c in cells] + [c[3] for c in cells])
    # (cells share their few coordinates: each looked up once)
    col_at = {v: _index(xs, v) for v in {c[0] for c in cells} | {c[2] for c in cells}}
    row_at = {v: _index(ys, v) for v in {c[1] for c in cells} | {c[3] for c in cells}}
    spans: dict[tuple[int, int], tuple[int, int]] = {}  # origin → (rowspan, colspan)
    owner: dict[tuple[int, int], tuple[int, int]] = {}  # grid position → origin
    for x0, top, x1, bottom in sorted(cells, key=lambda c: (c[1], c[0])):
        r0, r1 = row_at[top], row_at[bottom]
        c0, c1 = col_at[x0], col_at[x1]
        if r1 <= r0 or c1 <= c0 or (r0, c0) in owner:
            continue
        spans[(r0, c0)] = (r1 - r0, c1 - c0)
        if r1 - r0 == 1 == c1 - c0:  # (most cells)
            owner[(r0, c0)] = (r0, c0)
            continue
        for r in range(r0, r1):
            for c in range(c0, c1):
                owner.setdefault((r, c), (r0, c0))
    n_rows, n_cols = len(ys) - 1, len(xs) - 1
    if n_rows < 1 or n_cols < 1:  # (cells too thin to span two grid lines: no table; the caller drops it)
        return make_table([[] for _ in range(n_rows)], page=page), frozenset()
    # each character goes to the cell its centre lies in (a centre on the bottom or right edge
    # is in the last cell), in the page's order within a cell
    cx, cy = page_chars.cx, page_chars.cy
    near = np.flatnonzero((xs[0] <= cx) & (cx <= xs[-1]) & (ys[0] <= cy) & (cy <= ys[-1]))
    rows = np.minimum(np.searchsorted(ys, cy[near], "right") - 1, n_rows - 1)
    cols = np.minimum(np.searchsorted(xs, cx[near], "right") - 1, n_cols - 1)
    origin_of = np.full(n_rows * n_cols, -1, np.int64)  # grid position → its origin's position
    for (r, c), (r0, c0) in owner.items():
        origin_of[r * n_cols + c] = r0 * n_cols + c0
    origins = origin_of[rows * n_cols + cols]
    placed = origins >= 0
    near, origins = near[placed], origins[placed]
    order = np.argsort(origins, kind="stable")
    near, origins = near[order], origins[order]
    kept = page_chars.chars
    placed_chars = [kept[k] for k in near.tolist()]
    starts = (np.flatnonzero(np.diff(origins)) + 1).tolist()
    texts: dict[tuple[int, int], list[Char]] = {}
    for a, b in zip([0, *starts], [*starts, len(placed_chars)]):
        if b > a:
            texts[divmod(int(origins[a]), n_cols)] = placed_chars[a:b]
    grid_rows: list[list[tuple[str, int, int]]] = [[] for _ in range(n_rows)]
    if len(owner) == n_rows * n_cols:  # (every position covered: the origins row by row)
        for (r, c), (rs, cs) in sorted(spans.items()):
            grid_rows[r].append((_cell_text(texts.get((r, c), []), by_index), rs, cs))
    else:
        # grid positions no cell covers (an irregular table) become blank cells of their own so
        # that make_table puts every real cell in its own column
        for r, row in enumerate(grid_rows):
            for c in range(n_cols):
                if (r, c) in spans:
                    rs, cs = spans[(r, c)]
                    row.append((_cell_text(texts.get((r, c), []), by_index), rs, cs))
                elif (r, c) not in owner:
                    row.append(("", 1, 1))
    covered = frozenset(page_chars.indices[near].tolist())
    table = make_table(grid_rows, page=page)
    if table.n_rows == n_rows and table.n_cols == n_cols:
        table = replace(table, boxes=_cell_boxes(xs, ys, spans, owner))
    return table, covered


def _cell_boxes(xs: list[float], ys: list[float], spans: dict[tuple[int, int], tuple[int, int]],
                owner: dict[tuple[int, int], tuple[int, int]]) -> tuple[tuple[tuple[float, ...], ...], ...]:
    """The box (reading space) of the cell covering each grid position (a merged cell's box
    at every position it covers; a position no cell covers, its own grid box)."""
    out = []
    for r in range(len(ys) - 1):
        line = []
        for c in range(len(xs) - 1):
            o = owner.get((r, c))
            if o is None:
                line.append((xs[c], ys[r], xs[c + 1], ys[r + 1]))
            else:
                rs, cs = spans[o]
                line.append((xs[o[1]], ys[o[0]], xs[o[1] + cs], ys[o[0] + rs]))
        out.append(tuple(line))
    return tuple(out)


def _closed_sides(lines: dict[float, list[tuple[float, float]]], at: list[float],
                  bounds: list[float]) -> list[list[bool]]:
    """For each line (at the positions `at`, in order) and each stretch between two neighbouring
    `bounds`: does one segment of that line cover the stretch, give or take _TOUCH at each
    end? A segment covers the stretches k with lo <= bounds[k] + _TOUCH and
    hi >= bounds[k + 1] - _TOUCH, a run of consecutive k found by bisection on those two
    (non-decreasing) lists, with the same float sums as a side-by-side test would make."""
    starts = [b + _TOUCH for b in bounds[:-1]]
    ends = [b - _TOUCH for b in bounds[1:]]
    out = []
    for position in at:
        closed = [False] * len(starts)
        for lo, hi in lines[position]:
            for k in range(bisect_left(starts, lo), bisect_right(ends, hi)):
                closed[k] = True
        out.append(closed)
    return out


def _segments_by_line(merged: list[dict]) -> tuple[dict[float, list[tuple[float, float]]],
                                                   dict[float, list[tuple[float, float]]]]:
    """The merged lines' segments by line: horizontal lines by their height, (x0, x1) each;
    vertical lines by their x, (top, bottom) each."""
    h_at: dict[float, list[tuple[float, float]]] = {}
    v_at: dict[float, list[tuple[float, float]]] = {}
    for e in merged:
        if e["orientation"] == "h":
            h_at.setdefault(e["top"], []).append((e["x0"], e["x1"]))
        else:
            v_at.setdefault(e["x0"], []).append((e["top"], e["bottom"]))
    return h_at, v_at


def _tables_from_lines(merged: list[dict]) -> list[list[tuple[float, float, float, float]]] | None:
    """Cells (x0, top, x1, bottom) grouped into tables, from snapped and joined lines.

    The lines cut the page into a fine grid; neighbouring fine cells with no line between
    them belong to the same cell, and cells sharing a line belong to the same table. Fine
    cells connected to the grid's outside are not in any table. Returns None when a region
    enclosed by lines is not a rectangle (a broken ruling): the caller then uses pdfplumber's
    slower corner-by-corner search, which copes with it.

    The regions are found as OpenCV's 4-connected components of a picture of the grid at
    twice its resolution plus a frame: fine cell (j, i) is the pixel (2j + 2, 2i + 2), the side
    between two cells the pixel between theirs, lit when no line closes it, the corners dark,
    and the frame (everything outside the grid) lit. A page's grid is ~700 fine cells: a
    union-find over them in Python cost 2-4 ms a page.
    """
    import cv2
    import numpy as np

    from etl.read.opencv_threads import one_thread

    h_at, v_at = _segments_by_line(merged)
    xs, ys = sorted(v_at), sorted(h_at)
    nx, ny = len(xs) - 1, len(ys) - 1
    if nx < 1 or ny < 1:
        return []
    picture = np.zeros((2 * ny + 3, 2 * nx + 3), np.uint8)
    picture[0, :] = picture[-1, :] = picture[:, 0] = picture[:, -1] = 1  # the outside
    picture[2:-1:2, 2:-1:2] = 1  # the fine cells
    # a vertical line's open sides (line i, row j) and a horizontal line's (line j, column i)
    picture[2:-1:2, 1:-1:2] = ~np.array(_closed_sides(v_at, xs, ys), bool).T
    picture[1:-1:2, 2:-1:2] = ~np.array(_closed_sides(h_at, ys, xs), bool)
    with one_thread():  # (OpenCV's pool must never start: a process that forks after it hangs its child)
        _, labels, stats, _ = cv2.connectedComponentsWithStats(picture, connectivity=4, ltype=cv2.CV_32S)
        cell_labels = labels[2:-1:2, 2:-1:2]  # (ny, nx)
        inside = cell_labels != labels[0, 0]
        # tables: cells that share a stretch of line, i.e. 4-connected fine cells inside the grid
        _, tables = cv2.connectedComponents(inside.astype(np.uint8), connectivity=4, ltype=cv2.CV_32S)
    # the regions in reading order of their first fine cell; a region's box from its pixels'
    # (a fine cell c is the pixel 2c + 2 across, and down), its size in fine cells counted
    ids, first = np.unique(cell_labels[inside], return_index=True)
    counts = np.bincount(cell_labels.ravel(), minlength=len(stats))
    cells: list[tuple[int, int, int, int]] = []  # (c0, r0, c1, r1)
    for label in ids[np.argsort(np.flatnonzero(inside)[first], kind="stable")].tolist():
        left, top, width, height = stats[label, :4].tolist()
        c0, r0 = (left - 2) // 2, (top - 2) // 2
        c1, r1 = (left + width - 3) // 2 + 1, (top + height - 3) // 2 + 1
        if (c1 - c0) * (r1 - r0) != counts[label]:
            return None  # not a rectangle
        cells.append((c0, r0, c1, r1))
    groups: dict[int, list[tuple[float, float, float, float]]] = {}
    for c0, r0, c1, r1 in cells:
        groups.setdefault(int(tables[r0, c0]), []).append((xs[c0], ys[r0], xs[c1], ys[r1]))
    return list(groups.values())


def find_tables(edges: list[Edge], chars: list[Char], page: int) -> list[PageTable]:
    """The ruled tables of one page, top to bottom, each with at least two rows and two columns."""
    from pdfplumber import table as plumber  # imported only for pages that draw rulings

    if sum(e.orientation == "h" for e in edges) < 2 or sum(e.orientation == "v" for e in edges) < 2:
        return []
    merged = _close_cut_edges(_merged_edges(edges))
    groups = _tables_from_lines(merged)
    if groups is None:
        intersections = plumber.edges_to_intersections(merged, _TOUCH, _TOUCH)
        groups = plumber.cells_to_tables(plumber.intersections_to_cells(intersections))
    by_index = {ch.index: ch for ch in chars}
    located = _PageChars.of(chars)
    out = []
    for group in groups:
        table, covered = _grid(group, located, by_index, page)
        if table.n_rows < 2 or table.n_cols < 2:
            continue
        bbox = (min(c[0] for c in group), min(c[1] for c in group),
                max(c[2] for c in group), max(c[3] for c in group))
        out.append(PageTable(table, bbox, covered))
    out.sort(key=lambda t: (t.bbox[1], t.bbox[0]))
    return out
