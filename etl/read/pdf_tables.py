"""Ruled tables on a PDF page: ruling lines → cells → a span-resolved grid of cell texts.

Lines are read with pdfium (etl.read.pdf_geometry) so the page is parsed once; pdfplumber's
edge merging snaps and joins them. The lines cut the page into a grid whose enclosed regions
are the cells (`_tables_from_lines`); pdfplumber's own cell search, slower, is the fallback
for rulings that do not enclose rectangles. A cell's text is the page's characters whose
centre lies in the cell, so a blank cell stays blank and text wrapped over several lines
inside a cell stays in that cell.

A table cut by a page break has no closing line at the cut: the vertical lines stop at a
common height with nothing across. That missing line is drawn back in (`_close_cut_edges`),
so the fragment's first or last row is not lost. Each page's fragment is its own Table.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, replace
from operator import attrgetter

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


def _as_dict(e: Edge) -> dict:
    return {"orientation": e.orientation, "x0": e.x0, "x1": e.x1, "top": e.top, "bottom": e.bottom,
            "width": e.x1 - e.x0, "height": e.bottom - e.top, "object_type": "line"}


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


def _grid(cells: list[tuple[float, float, float, float]], centred: list[tuple[Char, float, float]],
          by_index: dict[int, Char], page: int) -> tuple[Table, frozenset[int]]:
    """The table of these cells; `centred` is the page's characters with boxes, each with the
    centre of its box (worked out once per page, not once per table)."""
    xs = _cluster([c[0] for c in cells] + [c[2] for c in cells])
    ys = _cluster([c[1] for c in cells] + [c[3] for c in cells])
    spans: dict[tuple[int, int], tuple[int, int]] = {}  # origin → (rowspan, colspan)
    owner: dict[tuple[int, int], tuple[int, int]] = {}  # grid position → origin
    for x0, top, x1, bottom in sorted(cells, key=lambda c: (c[1], c[0])):
        r0, r1 = _index(ys, top), _index(ys, bottom)
        c0, c1 = _index(xs, x0), _index(xs, x1)
        if r1 <= r0 or c1 <= c0 or (r0, c0) in owner:
            continue
        spans[(r0, c0)] = (r1 - r0, c1 - c0)
        for r in range(r0, r1):
            for c in range(c0, c1):
                owner.setdefault((r, c), (r0, c0))
    # each character goes to the cell its centre lies in
    texts: dict[tuple[int, int], list[Char]] = {}
    left, top_, right, bottom_ = xs[0], ys[0], xs[-1], ys[-1]
    last_row, last_col = len(ys) - 2, len(xs) - 2  # (a centre on the bottom or right edge is in the last cell)
    for ch, cx, cy in centred:
        if not (left <= cx <= right and top_ <= cy <= bottom_):
            continue
        r, c = bisect_right(ys, cy) - 1, bisect_right(xs, cx) - 1
        origin = owner.get((r if r <= last_row else last_row, c if c <= last_col else last_col))
        if origin is not None:
            texts.setdefault(origin, []).append(ch)
    n_rows, n_cols = len(ys) - 1, len(xs) - 1
    # grid positions no cell covers (an irregular table) become blank cells of their own so
    # that make_table puts every real cell in its own column
    rows = []
    for r in range(n_rows):
        row = []
        for c in range(n_cols):
            if (r, c) in spans:
                rs, cs = spans[(r, c)]
                row.append((_cell_text(texts.get((r, c), []), by_index), rs, cs))
            elif (r, c) not in owner:
                row.append(("", 1, 1))
        rows.append(row)
    covered = frozenset(ch.index for group in texts.values() for ch in group)
    table = make_table(rows, page=page)
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


def _find(parent: list[int], i: int) -> int:
    while parent[i] != i:
        parent[i] = parent[parent[i]]
        i = parent[i]
    return i


def _tables_from_lines(merged: list[dict]) -> list[list[tuple[float, float, float, float]]] | None:
    """Cells (x0, top, x1, bottom) grouped into tables, from snapped and joined lines.

    The lines cut the page into a fine grid; neighbouring fine cells with no line between
    them belong to the same cell, and cells sharing a line belong to the same table. Fine
    cells connected to the grid's outside are not in any table. Returns None when a region
    enclosed by lines is not a rectangle (a broken ruling): the caller then uses pdfplumber's
    slower corner-by-corner search, which copes with it.
    """
    h_at: dict[float, list[tuple[float, float]]] = {}
    v_at: dict[float, list[tuple[float, float]]] = {}
    for e in merged:
        if e["orientation"] == "h":
            h_at.setdefault(e["top"], []).append((e["x0"], e["x1"]))
        else:
            v_at.setdefault(e["x0"], []).append((e["top"], e["bottom"]))
    xs, ys = sorted(v_at), sorted(h_at)
    nx, ny = len(xs) - 1, len(ys) - 1
    if nx < 1 or ny < 1:
        return []
    OUT = nx * ny  # one extra node: everything outside the grid
    parent = list(range(OUT + 1))

    def union(a: int, b: int) -> None:
        ra, rb = _find(parent, a), _find(parent, b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    # open sides: no line between two fine cells (or between a fine cell and the outside)
    # (a side is closed when one segment of its line covers it, give or take _TOUCH at each
    # end; the test is written out in the loops, which visit every side of every fine cell)
    verticals = [v_at[x] for x in xs]
    for j in range(ny):
        a, b = ys[j] + _TOUCH, ys[j + 1] - _TOUCH
        for i, segments in enumerate(verticals):
            for lo, hi in segments:
                if lo <= a and hi >= b:
                    break
            else:
                left = j * nx + i - 1 if i > 0 else OUT
                right = j * nx + i if i < nx else OUT
                union(left, right)
    for j in range(ny + 1):
        segments = h_at[ys[j]]
        for i in range(nx):
            a, b = xs[i] + _TOUCH, xs[i + 1] - _TOUCH
            for lo, hi in segments:
                if lo <= a and hi >= b:
                    break
            else:
                up = (j - 1) * nx + i if j > 0 else OUT
                down = j * nx + i if j < ny else OUT
                union(up, down)
    # every node's root in one pass: a node's parent is never a larger index (union hangs the
    # larger root under the smaller, _find compresses towards the root), so in increasing order
    # the parent's root is known when a node is reached
    for k in range(OUT + 1):
        parent[k] = parent[parent[k]]
    regions: dict[int, list[int]] = {}
    outside = parent[OUT]
    for k in range(OUT):
        root = parent[k]
        if root != outside:
            regions.setdefault(root, []).append(k)
    cells: dict[int, tuple[int, int, int, int]] = {}
    for root, members in regions.items():
        cols = [k % nx for k in members]
        rows = [k // nx for k in members]
        c0, c1, r0, r1 = min(cols), max(cols) + 1, min(rows), max(rows) + 1
        if (c1 - c0) * (r1 - r0) != len(members):
            return None  # not a rectangle
        cells[root] = (c0, r0, c1, r1)
    # tables: cells that share a stretch of line
    owner = {k: root for root, members in regions.items() for k in members}
    table_of = {root: root for root in cells}

    def tfind(a: int) -> int:
        while table_of[a] != a:
            a = table_of[a]
        return a

    for k, root in owner.items():
        # the neighbour on the right (in the same row), then the one below (in the grid)
        for other in (owner.get(k + 1) if (k + 1) % nx else None, owner.get(k + nx) if k + nx < OUT else None):
            if other is not None and other != root:
                ra, rb = tfind(root), tfind(other)
                if ra != rb:
                    table_of[max(ra, rb)] = min(ra, rb)
    groups: dict[int, list[tuple[float, float, float, float]]] = {}
    for root, (c0, r0, c1, r1) in cells.items():
        groups.setdefault(tfind(root), []).append((xs[c0], ys[r0], xs[c1], ys[r1]))
    return list(groups.values())


def find_tables(edges: list[Edge], chars: list[Char], page: int) -> list[PageTable]:
    """The ruled tables of one page, top to bottom, each with at least two rows and two columns."""
    from pdfplumber import table as plumber  # imported only for pages that draw rulings

    if sum(e.orientation == "h" for e in edges) < 2 or sum(e.orientation == "v" for e in edges) < 2:
        return []
    merged = plumber.merge_edges([_as_dict(e) for e in edges], _SNAP, _SNAP, _JOIN, _JOIN)
    merged = _close_cut_edges(merged)
    groups = _tables_from_lines(merged)
    if groups is None:
        intersections = plumber.edges_to_intersections(merged, _TOUCH, _TOUCH)
        groups = plumber.cells_to_tables(plumber.intersections_to_cells(intersections))
    by_index = {ch.index: ch for ch in chars}
    # (Char.cx and .cy, written out: a page has thousands of characters)
    centred = [(ch, (ch.x0 + ch.x1) / 2, (ch.top + ch.bottom) / 2) for ch in chars if not ch.generated]
    out = []
    for group in groups:
        table, covered = _grid(group, centred, by_index, page)
        if table.n_rows < 2 or table.n_cols < 2:
            continue
        bbox = (min(c[0] for c in group), min(c[1] for c in group),
                max(c[2] for c in group), max(c[3] for c in group))
        out.append(PageTable(table, bbox, covered))
    out.sort(key=lambda t: (t.bbox[1], t.bbox[0]))
    return out
