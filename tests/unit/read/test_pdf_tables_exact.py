"""The PDF table finder's faster steps give what the plain steps they replaced gave (issue 20,
speed): the edges merged as pdfplumber's `merge_edges` merges them, the cells and tables found
from the lines as a union-find over the fine grid found them, and each character in the cell
its centre lies in. Each is compared on thousands of generated rulings and pages, with the
cases that matter (lines that snap, pieces that join, rulings that enclose no rectangle,
characters on a cell's edge) made frequent."""
from __future__ import annotations

import random
from bisect import bisect_right

import pytest
from pdfplumber import table as plumber

from etl.read.pdf_geometry import Char, Edge
from etl.read.pdf_tables import _cluster, _grid, _merged_edges, _PageChars, _segments_by_line, _tables_from_lines


def _plumber_dict(e: Edge) -> dict:
    return {"orientation": e.orientation, "x0": e.x0, "x1": e.x1, "top": e.top, "bottom": e.bottom,
            "width": e.x1 - e.x0, "height": e.bottom - e.top, "object_type": "line"}


def _random_edges(rng: random.Random) -> list[Edge]:
    """Lines near a few common positions (so that they snap), as pieces that overlap, touch or
    leave gaps (so that some join), at float positions."""
    xs = [rng.uniform(0, 500) for _ in range(rng.randint(1, 8))]
    ys = [rng.uniform(0, 700) for _ in range(rng.randint(1, 8))]
    edges = []
    for _ in range(rng.randint(0, 40)):
        if rng.random() < 0.5:
            y = rng.choice(ys) + rng.choice([0.0, 0.0, rng.uniform(-4, 4)])
            a = rng.uniform(0, 500)
            edges.append(Edge("h", a, y, a + rng.uniform(4, 200), y))
        else:
            x = rng.choice(xs) + rng.choice([0.0, 0.0, rng.uniform(-4, 4)])
            a = rng.uniform(0, 700)
            edges.append(Edge("v", x, a, x, a + rng.uniform(4, 200)))
    return edges


@pytest.mark.parametrize("seed", range(4))
def test_edges_merge_as_pdfplumber_merges_them(seed):
    rng = random.Random(seed)
    snapped = joined = 0
    for _ in range(500):
        edges = _random_edges(rng)
        want = plumber.merge_edges([_plumber_dict(e) for e in edges], 3.0, 3.0, 3.0, 3.0)
        assert _merged_edges(edges) == want  # the same lines, in the same order, to the last bit
        snapped += len({e["x0"] for e in want if e["orientation"] == "v"}) < len({e.x0 for e in edges if e.orientation == "v"})
        joined += len(want) < len(edges)
    assert snapped > 100 and joined > 100  # (the cases that matter were met)


def test_a_line_moved_to_its_cluster_s_mean_and_pieces_joined():
    edges = [Edge("h", 10.0, 100.0, 50.0, 100.0), Edge("h", 52.0, 102.0, 90.0, 102.0),
             Edge("v", 10.0, 90.0, 10.0, 130.0), Edge("v", 11.0, 140.0, 11.0, 160.0)]
    merged = _merged_edges(edges)
    assert [(e["orientation"], e["x0"], e["top"], e["x1"], e["bottom"]) for e in merged] == [
        ("h", 10.0, 101.0, 90.0, 101.0),  # snapped to 101, then joined across the gap of 2
        ("v", 10.5, 90.0, 10.5, 130.0), ("v", 10.5, 140.0, 10.5, 160.0)]  # a gap of 10: two lines
    # a gap of exactly 3 pt joins; a wider one does not
    assert len(_merged_edges([Edge("h", 10.0, 200.0, 50.0, 200.0), Edge("h", 53.0, 200.0, 90.0, 200.0)])) == 1
    assert len(_merged_edges([Edge("h", 10.0, 200.0, 50.0, 200.0), Edge("h", 53.5, 200.0, 90.0, 200.0)])) == 2


def _plain_tables_from_lines(merged: list[dict]):
    """The union-find over the fine grid that `_tables_from_lines` replaced (round 17's code)."""
    h_at, v_at = _segments_by_line(merged)  # (the grouping both share)
    xs, ys = sorted(v_at), sorted(h_at)
    nx, ny = len(xs) - 1, len(ys) - 1
    if nx < 1 or ny < 1:
        return []
    out_node = nx * ny
    parent = list(range(out_node + 1))

    def find(i):
        while parent[i] != i:
            i = parent[i]
        return i

    def union(a, b):
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    def closed(segments, a, b):
        return any(lo <= a and hi >= b for lo, hi in segments)

    for j in range(ny):
        for i, x in enumerate(xs):
            if not closed(v_at[x], ys[j] + 1.5, ys[j + 1] - 1.5):
                union(j * nx + i - 1 if i > 0 else out_node, j * nx + i if i < nx else out_node)
    for j in range(ny + 1):
        for i in range(nx):
            if not closed(h_at[ys[j]], xs[i] + 1.5, xs[i + 1] - 1.5):
                union((j - 1) * nx + i if j > 0 else out_node, j * nx + i if j < ny else out_node)
    regions = {}
    for k in range(out_node):
        if find(k) != find(out_node):
            regions.setdefault(find(k), []).append(k)
    cells = {}
    for root, members in regions.items():
        cols, rows = [k % nx for k in members], [k // nx for k in members]
        c0, c1, r0, r1 = min(cols), max(cols) + 1, min(rows), max(rows) + 1
        if (c1 - c0) * (r1 - r0) != len(members):
            return None
        cells[root] = (c0, r0, c1, r1)
    table_of = {}
    owner = {k: root for root, members in regions.items() for k in members}
    for k, root in owner.items():
        for other in (owner.get(k + 1) if (k + 1) % nx else None, owner.get(k + nx)):
            if other is not None:
                table_of.setdefault(root, root)
                table_of.setdefault(other, other)
                a, b = root, other
                while table_of[a] != a:
                    a = table_of[a]
                while table_of[b] != b:
                    b = table_of[b]
                if a != b:
                    table_of[max(a, b)] = min(a, b)
    groups = {}
    for root, (c0, r0, c1, r1) in cells.items():
        t = root
        while table_of.get(t, t) != t:
            t = table_of[t]
        groups.setdefault(t, []).append((xs[c0], ys[r0], xs[c1], ys[r1]))
    return list(groups.values())


def _random_rulings(rng: random.Random) -> list[dict]:
    """Grid lines whose pieces cover all of a line, part of it, or stop short by a little
    (within or beyond the 1.5 pt a line may miss a crossing by)."""
    xs = sorted(rng.sample(range(0, 400, 7), rng.randint(2, 12)))
    ys = sorted(rng.sample(range(0, 600, 9), rng.randint(2, 14)))
    out = []
    for orientation, at, across in (("h", ys, xs), ("v", xs, ys)):
        for p in at:
            for _ in range(rng.randint(1, 3)):
                if rng.random() < 0.5:
                    lo, hi = across[0] - rng.uniform(0, 2), across[-1] + rng.uniform(0, 2)
                else:
                    lo, hi = sorted(rng.choice(across) + rng.uniform(-2, 2) for _ in range(2))
                if orientation == "h":
                    out.append({"orientation": "h", "x0": lo, "x1": hi, "top": float(p), "bottom": float(p)})
                else:
                    out.append({"orientation": "v", "x0": float(p), "x1": float(p), "top": lo, "bottom": hi})
    return out


@pytest.mark.parametrize("seed", range(4))
def test_cells_and_tables_from_lines_as_the_union_find_found_them(seed):
    rng = random.Random(seed)
    outcomes = {"not a rectangle": 0, "tables": 0, "none": 0}
    for _ in range(1000):
        merged = _random_rulings(rng)
        want = _plain_tables_from_lines(merged)
        got = _tables_from_lines(merged)
        if want is None:
            assert got is None
            outcomes["not a rectangle"] += 1
        else:
            assert got is not None and sorted(map(sorted, got)) == sorted(map(sorted, want))
            outcomes["tables" if want else "none"] += 1
    assert outcomes["not a rectangle"] > 20 and outcomes["tables"] > 500 and outcomes["none"] > 5


def _plain_owner(cells, xs, ys, cx, cy):
    """The cell (its top-left grid position) each centre falls in, one character at a time
    (round 17's loop): inside the table's box, the last row or column taking its far edge."""
    from etl.read.pdf_tables import _index

    owner = {}
    for x0, top, x1, bottom in sorted(cells, key=lambda c: (c[1], c[0])):
        r0, r1, c0, c1 = _index(ys, top), _index(ys, bottom), _index(xs, x0), _index(xs, x1)
        if r1 <= r0 or c1 <= c0 or (r0, c0) in owner:
            continue
        for r in range(r0, r1):
            for c in range(c0, c1):
                owner.setdefault((r, c), (r0, c0))
    if not (xs[0] <= cx <= xs[-1] and ys[0] <= cy <= ys[-1]):
        return None
    r, c = min(bisect_right(ys, cy) - 1, len(ys) - 2), min(bisect_right(xs, cx) - 1, len(xs) - 2)
    return owner.get((r, c))


@pytest.mark.parametrize("seed", range(3))
def test_each_character_goes_to_the_cell_its_centre_lies_in(seed):
    rng = random.Random(seed)
    on_an_edge = 0
    for _ in range(150):
        xs = sorted(rng.sample(range(0, 300, 10), rng.randint(3, 8)))
        ys = sorted(rng.sample(range(0, 300, 10), rng.randint(3, 8)))
        cells = []
        for r in range(len(ys) - 1):  # some cells merged across a column, some positions left uncovered
            c = 0
            while c < len(xs) - 1:
                span = rng.choice([1, 1, 1, 2])
                c1 = min(c + span, len(xs) - 1)
                if rng.random() > 0.05:
                    cells.append((float(xs[c]), float(ys[r]), float(xs[c1]), float(ys[r + 1])))
                c = c1
        if not cells:
            continue
        chars = []
        for i in range(rng.randint(0, 60)):
            # centres on a grid line (a cell's edge, the table's border) as well as inside
            cx = rng.choice([rng.uniform(-10, 310), float(rng.choice(xs))])
            cy = rng.choice([rng.uniform(-10, 310), float(rng.choice(ys))])
            chars.append(Char(i, rng.choice("0123456789甲乙"), cx - 2, cy - 3, cx + 2, cy + 3, False))
        chars.append(Char(len(chars), " ", 0.0, 0.0, 0.0, 0.0, True))  # pdfium's inferred space: no box
        located = _PageChars.of(chars)
        table, covered = _grid(cells, located, {ch.index: ch for ch in chars}, 1)
        # (the grid's lines are those of its cells: a line every cell spans is not one)
        xs_f = _cluster([c[0] for c in cells] + [c[2] for c in cells])
        ys_f = _cluster([c[1] for c in cells] + [c[3] for c in cells])
        want = {ch.index for ch in chars[:-1] if _plain_owner(cells, xs_f, ys_f, (ch.x0 + ch.x1) / 2,
                                                              (ch.top + ch.bottom) / 2) is not None}
        assert covered == frozenset(want)
        on_an_edge += sum(1 for ch in chars[:-1] if (ch.x0 + ch.x1) / 2 in xs_f)
        # every character's text is in its cell's text, in the page's order there
        for ch in chars[:-1]:
            origin = _plain_owner(cells, xs_f, ys_f, (ch.x0 + ch.x1) / 2, (ch.top + ch.bottom) / 2)
            if origin is not None and (table.n_rows, table.n_cols) == (len(ys_f) - 1, len(xs_f) - 1):
                assert ch.text in table.rows[origin[0]][origin[1]]
    assert on_an_edge > 100


def test_cells_too_thin_for_a_grid_make_no_table_and_take_no_characters():
    # (x0 and x1 within 1.5 pt: one grid column; the round-17 loop placed nothing either)
    chars = [Char(0, "7", 9.0, 9.0, 11.0, 11.0, False)]
    table, covered = _grid([(10.0, 0.0, 11.0, 20.0)], _PageChars.of(chars), {0: chars[0]}, 1)
    assert table.n_cols == 0 and covered == frozenset()
