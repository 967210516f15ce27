"""Page geometry for OCR, on images drawn here (no OCR engine): grids and merged cells from
ruling lines, blank versus inked cells, ink at the crop's edge, red seals, skew."""
from __future__ import annotations

import cv2
import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from etl.read import ocr_grid

ROWS = [100, 160, 220, 280, 340]
COLS = [80, 300, 420, 540, 660]


def _page(merge_header: bool = True, skip_line: tuple[int, int] | None = None) -> np.ndarray:
    """A white page with a 4×4 ruled table; the header row's last three cells merged."""
    page = np.full((800, 760), 255, np.uint8)
    for y in ROWS:
        cv2.line(page, (COLS[0], y), (COLS[-1], y), 0, 2)
    for x in COLS:
        top = ROWS[1] if merge_header and x in COLS[2:4] else ROWS[0]
        cv2.line(page, (x, top), (x, ROWS[-1]), 0, 2)
    cv2.putText(page, "17", (340, 200), cv2.FONT_HERSHEY_SIMPLEX, 1.0, 0, 2)
    return page


def _spans(grid: ocr_grid.Grid) -> dict[tuple[int, int], tuple[int, int]]:
    return {(c.row, c.col): (c.rowspan, c.colspan) for c in grid.cells}


def test_grid_with_a_merged_header_cell():
    grids = ocr_grid.find_grids(ocr_grid.binarise(_page()))
    assert len(grids) == 1
    g = grids[0]
    assert (g.n_rows, g.n_cols) == (4, 4)
    spans = _spans(g)
    assert spans[(0, 1)] == (1, 3)  # the merged header
    assert (0, 2) not in spans and (0, 3) not in spans
    assert all(spans[(r, c)] == (1, 1) for r in range(1, 4) for c in range(4))


def test_a_line_half_erased_by_a_seal_still_separates_cells():
    page = _page(merge_header=False)
    page[ROWS[0] - 3:ROWS[1] + 3, COLS[2] - 3:COLS[2] + 3][:40] = 255  # part of one vertical line gone
    g, = ocr_grid.find_grids(ocr_grid.binarise(page))
    assert _spans(g)[(0, 1)] == (1, 1) and _spans(g)[(0, 2)] == (1, 1)


def test_blank_and_inked_cells_are_told_by_their_pixels():
    ink = ocr_grid.binarise(_page())
    g, = ocr_grid.find_grids(ink)
    boxes = {(c.row, c.col): c.box for c in g.cells}
    inked, _ = ocr_grid.cell_ink(ink, boxes[(1, 1)])
    blank, _ = ocr_grid.cell_ink(ink, boxes[(2, 2)])
    assert not ocr_grid.is_blank(inked) and ocr_grid.is_blank(blank)
    assert not ocr_grid.touches_edge(inked)
    # a digit cut by the crop: ink on its edge
    cut = inked[:, : inked.shape[1] // 2 - 15]
    assert ocr_grid.touches_edge(inked[:, 10:40]) or ocr_grid.touches_edge(cut)


def test_a_single_speck_is_not_ink_but_a_thin_stroke_is():
    crop = np.zeros((30, 50), np.uint8)
    crop[10, 10] = 255
    assert ocr_grid.is_blank(crop)
    crop[5:25, 20] = 255  # a "1" of one pixel's width
    assert not ocr_grid.is_blank(crop)


def test_red_seal_is_dropped_and_black_print_under_it_kept():
    bgr = np.full((60, 60, 3), 255, np.uint8)
    bgr[10:50, 10:50] = (40, 30, 225)  # the seal's red (BGR)
    bgr[28:32, :] = (10, 5, 90)  # a black line under the seal, reddened by the scan
    grey, seal = ocr_grid.drop_red(bgr)
    assert grey[15, 15] == 255 and seal[15, 15] == 255
    assert grey[30, 30] < 100 and seal[30, 30] == 0


def test_skew_from_line_boxes_and_rotation_of_points():
    def box(angle_deg: float, x: float, y: float) -> np.ndarray:
        a = np.radians(angle_deg)
        dx, dy = 400 * np.cos(a), -400 * np.sin(a)
        return np.array([[x, y], [x + dx, y + dy], [x + dx, y + dy + 20], [x, y + 20]], np.float32)

    boxes = [box(1.5, 100, 100 + 40 * i) for i in range(5)]
    assert abs(ocr_grid.skew_degrees(boxes) - 1.5) < 0.05
    assert ocr_grid.skew_degrees([box(0.05, 100, 100 + 40 * i) for i in range(5)]) == 0.0
    turned = ocr_grid.rotate_points(boxes, (1000, 800), -1.5)
    assert abs(ocr_grid.skew_degrees(turned)) < 0.2 or ocr_grid.skew_degrees(turned) == 0.0


def test_a_drawing_inside_a_table_is_not_a_second_table():
    page = _page(merge_header=False)
    cv2.rectangle(page, (440, 235), (520, 265), 0, 2)  # a box drawn inside a cell
    cv2.line(page, (480, 235), (480, 265), 0, 2)
    assert len(ocr_grid.find_grids(ocr_grid.binarise(page))) == 1


def test_a_slash_leans_and_a_one_stands():
    """The not-applicable `/` is read as `1` by the recogniser: the ink's lean tells them apart."""
    one = np.zeros((40, 30), np.uint8)
    cv2.line(one, (15, 4), (15, 36), 255, 2)
    cv2.line(one, (10, 36), (20, 36), 255, 2)  # the foot serif
    cv2.line(one, (15, 4), (11, 9), 255, 2)  # the flag
    slash = np.zeros((40, 30), np.uint8)
    cv2.line(slash, (22, 4), (8, 36), 255, 2)
    assert ocr_grid.slant_degrees(one) < 12 < ocr_grid.slant_degrees(slash)


def _tight_cell(gap: int) -> tuple[np.ndarray, tuple[int, int, int, int]]:
    """A cell between lines at y=100 and y=140 (2 px thick) whose digit's foot ends `gap`
    pixels above the bottom line's top."""
    page = np.full((200, 200), 255, np.uint8)
    for y in (100, 140):
        cv2.line(page, (20, y), (180, y), 0, 2)
    for x in (20, 180):
        cv2.line(page, (x, 100), (x, 140), 0, 2)
    bottom = 139 - gap
    cv2.rectangle(page, (90, bottom - 20), (100, bottom), 0, -1)  # a blocky digit
    return ocr_grid.binarise(page), (20, 100, 180, 140)


def test_a_digit_close_to_its_line_is_cut_clear_of_the_line_not_through_the_digit():
    ink, box = _tight_cell(gap=4)
    fixed, _ = ocr_grid.cell_ink(ink, box)
    reached, _ = ocr_grid.cell_ink(ink, box, reach=True)
    assert ocr_grid.touches_edge(fixed)  # the fixed margin cuts the digit's foot
    assert not ocr_grid.touches_edge(reached)


def test_a_digit_running_into_its_line_still_touches_the_edge():
    ink, box = _tight_cell(gap=0)
    reached, _ = ocr_grid.cell_ink(ink, box, reach=True)
    assert ocr_grid.touches_edge(reached)


def test_blobs_count_the_printed_characters():
    line = np.full((30, 60), 255, np.uint8)
    cv2.putText(line, "10", (5, 24), cv2.FONT_HERSHEY_SIMPLEX, 0.8, 0, 2)
    assert ocr_grid.blobs(line) == 2
    line[14:16, :] = 0  # a stroke joining them: one blob
    assert ocr_grid.blobs(line) == 1


def test_a_slash_is_one_stroke_of_ink_and_plus_one_is_not():
    """The guard of the slash rule (ocr._read_cells): a leaning `1` read as `/` is kept only
    when the cell's ink is one blob; `+1` (two blobs) leans as a whole but is not a slash."""
    ink = np.zeros((60, 120), np.uint8)
    cv2.line(ink, (20, 50), (35, 10), 255, 3)  # a printed /
    assert ocr_grid.lone_stroke(ink, (0, 0, 60, 60))
    cv2.line(ink, (70, 30), (86, 30), 255, 3)  # + beside a 1
    cv2.line(ink, (78, 22), (78, 38), 255, 3)
    cv2.line(ink, (95, 50), (102, 10), 255, 3)
    assert not ocr_grid.lone_stroke(ink, (60, 0, 120, 60))


@st.composite
def _masks(draw):
    """A mask with ink (random blobs, some touching) in a box anywhere in it, or none."""
    h, w = draw(st.integers(1, 90)), draw(st.integers(1, 90))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    mask = np.zeros((h, w), np.uint8)
    if draw(st.booleans()):
        y0, x0 = draw(st.integers(0, h - 1)), draw(st.integers(0, w - 1))
        y1, x1 = draw(st.integers(y0 + 1, h)), draw(st.integers(x0 + 1, w))
        mask[y0:y1, x0:x1] = (rng.random((y1 - y0, x1 - x0)) < draw(st.floats(0.02, 0.7))) * 255
    return mask


@settings(max_examples=400, deadline=None)
@given(_masks())
def test_components_in_the_ink_box_are_opencvs_on_the_whole_mask(mask):
    """The same components, labelled alike in the same order (a box starting on an odd row or
    column reorders them: OpenCV labels 2×2 blocks), with the same stats but the background's."""
    n, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    n_box, box_labels, box_stats, (x0, y0) = ocr_grid.components(mask)
    assert n_box == n
    assert np.array_equal(box_stats[1:], stats[1:])
    full = np.zeros_like(labels)
    full[y0:y0 + box_labels.shape[0], x0:x0 + box_labels.shape[1]] = box_labels
    assert np.array_equal(full, labels)


@st.composite
def _pages_with_lines(draw):
    """A page-sized mask (the page's size sets the line kernels) with ruling lines, a band
    and specks of print in a box anywhere in it, or nothing."""
    h, w = draw(st.integers(60, 700)), draw(st.integers(60, 700))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    mask = np.zeros((h, w), np.uint8)
    for _ in range(draw(st.integers(0, 6))):
        x0, y0 = int(rng.integers(0, w)), int(rng.integers(0, h))
        if rng.random() < 0.5:
            cv2.line(mask, (x0, y0), (min(w - 1, x0 + int(rng.integers(5, w))), y0 + int(rng.integers(-3, 4))), 255,
                     int(rng.integers(1, 4)))
        else:
            cv2.line(mask, (x0, y0), (x0 + int(rng.integers(-3, 4)), min(h - 1, y0 + int(rng.integers(5, h)))), 255,
                     int(rng.integers(1, 4)))
    if draw(st.booleans()):  # a band of ink (a photographed page's edge)
        x0 = int(rng.integers(0, w))
        mask[:, x0:x0 + int(rng.integers(5, 30))] = 255
    if draw(st.booleans()):
        y0, x0 = draw(st.integers(0, h - 1)), draw(st.integers(0, w - 1))
        y1, x1 = draw(st.integers(y0 + 1, h)), draw(st.integers(x0 + 1, w))
        mask[y0:y1, x0:x1] |= (rng.random((y1 - y0, x1 - x0)) < draw(st.floats(0.02, 0.5))).astype(np.uint8) * 255
    return mask


@settings(max_examples=300, deadline=None)
@given(_pages_with_lines())
def test_lines_erased_in_the_ink_box_are_the_whole_pages(mask):
    """erase_lines works on the box of the ink and a margin: the same pixels as the lines found
    on the whole page (the lineless search's print, round 16)."""
    horizontal, vertical = ocr_grid._line_masks(mask)
    expected = mask.copy()
    expected[(horizontal > 0) | (vertical > 0)] = 0
    erased = mask.copy()
    ocr_grid.erase_lines(erased)
    assert np.array_equal(erased, expected)


@settings(max_examples=300, deadline=None)
@given(_masks(), st.sampled_from([4, 8]))
def test_components_labelled_in_16_bits_are_opencvs_in_32(mask, connectivity):
    n, labels, stats, centroids = cv2.connectedComponentsWithStats(mask, connectivity=connectivity)
    n16, labels16, stats16, centroids16 = ocr_grid.label_components(mask, connectivity)
    assert n16 == n
    assert np.array_equal(labels16.astype(np.int32), labels)
    assert np.array_equal(stats16, stats) and np.allclose(centroids16, centroids, equal_nan=True)


def test_a_mask_of_more_components_than_16_bits_number_is_labelled_in_32():
    mask = np.zeros((600, 600), np.uint8)
    mask[::2, ::2] = 255  # 90,000 lone pixels
    n, labels, _, _ = ocr_grid.label_components(mask)
    assert n == 90_001 and labels.max() == 90_000


def _red_dropped_by_definition(bgr: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """drop_red's red, as its comment defines it, in signed integers: r - max(g, b) > 60 and
    r > 170 (the seal's edge left to drop_red: it is the same code either way)."""
    b, g, r = (bgr[..., i].astype(np.int16) for i in range(3))
    red = (r - np.maximum(g, b) > 60) & (r > 170)
    grey = cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY)
    grey[red] = 255
    return grey, red.astype(np.uint8) * 255


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 70), st.integers(1, 70), st.integers(0, 2**32 - 1), st.booleans())
def test_red_dropped_in_uint8_passes_is_the_signed_definition(h, w, seed, reddish):
    rng = np.random.default_rng(seed)
    bgr = rng.integers(0, 256, (h, w, 3), dtype=np.uint8)
    if reddish:  # most pixels near the thresholds' edges: r about 170, r - max(g, b) about 60
        bgr[..., 2] = rng.integers(160, 181, (h, w))
        bgr[..., :2] = np.clip(bgr[..., 2:3].astype(int) - rng.integers(50, 71, (h, w, 1)), 0, 255)
    grey, mask = ocr_grid.drop_red(bgr)
    expected_grey, expected_mask = _red_dropped_by_definition(bgr)
    assert np.array_equal(mask, expected_mask)
    if not expected_mask.any():  # (the edge of a seal changes more of the page than the definition)
        assert np.array_equal(grey, expected_grey)
    else:
        assert np.array_equal(grey[expected_mask > 0], expected_grey[expected_mask > 0])


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 2**32 - 1), st.booleans(), st.floats(0.0, 0.9))
def test_walls_along_a_line_are_each_stretchs_wall(seed, horizontal, ink_share):
    """_walls_along judges every stretch of one line at once as _wall judges each (no seal)."""
    rng = np.random.default_rng(seed)
    h, w = int(rng.integers(5, 80)), int(rng.integers(5, 80))
    mask = ((rng.random((h, w)) < ink_share) * 255).astype(np.uint8)
    length = w if horizontal else h
    edges = sorted({int(e) for e in rng.integers(0, length + 1, int(rng.integers(2, 9)))})
    at = int(rng.integers(0, h if horizontal else w))
    walls = ocr_grid._walls_along(mask, horizontal, at, edges)
    assert walls == [ocr_grid._wall(mask, horizontal, at, a, b) for a, b in zip(edges, edges[1:])]


def test_print_a_row_below_a_lines_end_is_erased_with_it_as_on_the_whole_page():
    # the line mask is bridged two rows beyond the line's end: the print there goes with it
    mask = np.zeros((120, 90), np.uint8)
    mask[10:61, 30:32] = 255  # a vertical line
    mask[62, 26:36] = 255  # print one row of paper below it
    horizontal, vertical = ocr_grid._line_masks(mask)
    expected = mask.copy()
    expected[(horizontal > 0) | (vertical > 0)] = 0
    assert not expected[62, 30]
    erased = mask.copy()
    ocr_grid.erase_lines(erased)
    assert np.array_equal(erased, expected)


@settings(max_examples=300, deadline=None)
@given(_masks(), st.floats(1, 30))
def test_specks_dropped_band_by_band_are_the_whole_masks(mask, least):
    n, labels, stats, _ = cv2.connectedComponentsWithStats(mask, connectivity=8)
    small = [i for i in range(1, n) if stats[i, cv2.CC_STAT_AREA] < least]
    expected = mask.copy()
    expected[np.isin(labels, small)] = 0
    dropped = mask.copy()
    ocr_grid.drop_specks(dropped, least)
    assert np.array_equal(dropped, expected)


def test_an_empty_mask_turned_by_a_few_degrees_is_opencvs_warp_of_it():
    empty = np.zeros((37, 52), np.uint8)
    m = cv2.getRotationMatrix2D((52 / 2, 37 / 2), -1.3, 1.0)
    plain = cv2.warpAffine(empty, m, (52, 37), flags=cv2.INTER_LINEAR, borderValue=0)
    assert np.array_equal(ocr_grid.rotate(empty, -1.3, fill=0), plain)
    assert ocr_grid.rotate(empty, 90, fill=0).shape == (52, 37)


def _a4_table_page(width: int = 1240) -> np.ndarray:
    """A page of A4 proportions at about 150 dpi: a ruled table of 12 rows × 8 columns, one
    digit in each value cell, in print's grey strokes (2 px)."""
    h = int(width * 1.414)
    page = np.full((h, width), 250, np.uint8)
    xs = [80] + [400 + 105 * k for k in range(8)]
    ys = [300 + 45 * k for k in range(13)]
    for y in ys:
        cv2.line(page, (xs[0], y), (xs[-1], y), 40, 2)
    for x in xs:
        cv2.line(page, (x, ys[0]), (x, ys[-1]), 40, 2)
    for y in ys[:-1]:
        for x in xs[1:-1]:
            cv2.putText(page, "0", (x + 45, y + 32), cv2.FONT_HERSHEY_SIMPLEX, 0.8, 30, 2)
    return page


def _grey_seal(page: np.ndarray, centre: tuple[int, int], radius: int = 136) -> np.ndarray:
    """A seal as a greyscale scan leaves a red one: a ring 5 px wide and a filled star, as dark
    as print (grey 90), ink multiplying the print under it."""
    layer = np.full_like(page, 255)
    cv2.circle(layer, centre, radius - 2, 90, 5)
    angles = np.pi / 2 + np.arange(5) * 4 * np.pi / 5
    star = np.array([[centre[0] + 0.45 * radius * np.cos(a), centre[1] - 0.45 * radius * np.sin(a)] for a in angles])
    cv2.fillPoly(layer, [star.astype(np.int32)], 90)
    return (page.astype(np.uint16) * layer // 255).astype(np.uint8)


def test_a_seal_scanned_in_grey_is_found_by_its_ring_and_its_cells_marked():
    page = _a4_table_page()
    ink = ocr_grid.binarise(page)
    assert not ocr_grid.grey_seal_mask(ink, ocr_grid.find_grey_seal(ink)).any()  # a table is no seal
    sealed = _grey_seal(page, (760, 500))
    ink_sealed = ocr_grid.binarise(sealed)
    mask = ocr_grid.grey_seal_mask(ink_sealed, ocr_grid.find_grey_seal(ink_sealed))
    ys, xs = np.nonzero(mask)
    # the mask covers the ring (radius 136 about (760, 500)) and nothing far outside it
    assert abs(xs.min() - (760 - 136)) <= 6 and abs(xs.max() - (760 + 136)) <= 6
    assert abs(ys.min() - (500 - 136)) <= 6 and abs(ys.max() - (500 + 136)) <= 6
    assert mask[500, 760 - 134] and mask[500 - 134, 760]  # on the ring
    # inside the ring, off the star, paper stays unmarked (the cells there are not all sealed)
    yy, xx = np.mgrid[0:page.shape[0], 0:page.shape[1]]
    between = (np.hypot(xx - 760, yy - 500) > 75) & (np.hypot(xx - 760, yy - 500) < 115) & (page == 250)
    assert between.sum() > 5000 and (mask[between] > 0).mean() < 0.05


def test_the_tables_under_a_grey_seal_keep_their_columns_once_its_strokes_are_left_out():
    """The star's body and the ring's sides are as dark as ruling lines and taller than a row:
    found as column lines they split cells (a 2021 表三 came out with 15 columns for 9)."""
    sealed = _grey_seal(_a4_table_page(), (760, 500))
    ink = ocr_grid.binarise(sealed)
    grid = ocr_grid.find_grids(ink, seal=ocr_grid.grey_seal_mask(ink, ocr_grid.find_grey_seal(ink)))[0]
    assert (grid.n_rows, grid.n_cols) == (12, 8)
    assert ocr_grid.find_grids(ink)[0].n_cols > 8  # what the seal's strokes did


def test_the_cells_under_a_grey_seal_stay_apart_where_its_mask_cut_their_lines():
    """The mask of the seal's strokes takes the ruling lines under the star with it; found
    without them, the cells either side of a cut line merged into one, and their row was
    unassignable (77 cells of 6 grey scans of seed 47). Under the seal the walls between cells
    are now judged from the page as scanned."""
    sealed = _grey_seal(_a4_table_page(), (715, 480))  # the star over a column line
    ink = ocr_grid.binarise(sealed)
    mask = ocr_grid.grey_seal_mask(ink, ocr_grid.find_grey_seal(ink))
    cut = ocr_grid.find_grids(cv2.bitwise_and(ink, cv2.bitwise_not(mask)))[0]
    assert any(c.colspan > 1 for c in cut.cells)  # what leaving the strokes out did
    grid = ocr_grid.find_grids(ink, seal=mask)[0]
    assert (grid.n_rows, grid.n_cols) == (12, 8)
    assert all((c.rowspan, c.colspan) == (1, 1) for c in grid.cells) and len(grid.cells) == 96


def test_no_grey_seal_on_text_or_round_print():
    """Round print is no seal: a circled number (too small), a ring of thin print (an opening
    as wide as print's strokes leaves nothing of it), a bold heading (not round)."""
    page = _a4_table_page()
    cv2.circle(page, (200, 1400), 20, 30, 3)  # ① in a list
    cv2.circle(page, (700, 1300), 130, 30, 2)  # a drawn circle in thin print
    cv2.putText(page, "BOLD HEADING", (100, 150), cv2.FONT_HERSHEY_SIMPLEX, 2.5, 20, 9)
    ink = ocr_grid.binarise(page)
    assert not ocr_grid.grey_seal_mask(ink, ocr_grid.find_grey_seal(ink)).any()


def test_under_a_grey_seal_a_line_drawn_outside_it_is_taken_as_scanned_and_a_ring_piece_wiped():
    """Columns of one table, found without the seal's strokes: x=10 is a ruling line cut into
    dashes over the seal's square (rows 40-80), x=50 a piece of the ring the mask left, drawn only
    inside the square. As scanned, x=10 is whole there; x=50 is no line at all."""
    found = np.zeros((120, 100), np.uint8)
    found[:40, 9:12] = found[80:, 9:12] = 255  # the real line, cut over the seal
    found[50:70, 49:52] = 255  # the ring's side
    scanned = np.zeros_like(found)
    scanned[:, 9:12] = 255  # the line as scanned: whole
    scanned[45:75, 49:52] = 255
    walls = ocr_grid._walls_under_seal(found, scanned, np.zeros_like(found), [10, 50], (40, 80, 0, 100), horizontal=False)
    assert walls[40:80, 9:12].all()
    assert not walls[:, 47:54].any()
    # a square over the whole table height: nothing to tell a line from a ring's side, as scanned
    walls = ocr_grid._walls_under_seal(found, scanned, np.zeros_like(found), [10, 50], (0, 120, 0, 100), horizontal=False)
    assert walls[50:70, 49:52].all() and walls[:, 9:12].all()


def test_a_bar_of_blurred_label_text_is_no_ruling_line():
    """Heavy blur binarises a line of bold label text into blobs joined by a bar as long as a
    short ruling line. Taken for a row line, it cut a 2021 表三 label of two lines in two and its
    row was lost; a ruling line has paper just above and below it, the bar has the characters."""
    page = _a4_table_page()
    yc = 300 + 45 * 5 + 22  # the middle of the sixth row's label cell
    for x in range(90, 390, 15):
        cv2.rectangle(page, (x, yc - 8), (x + 11, yc + 8), 30, -1)  # the characters, blurred into blobs
    cv2.rectangle(page, (90, yc - 1), (390, yc + 1), 30, -1)  # their strokes run together
    ink = ocr_grid.binarise(page)
    horizontal, _ = ocr_grid._line_masks(ink)
    table = horizontal[300:841, 80:1241]
    assert len(ocr_grid._positions((table > 0).sum(axis=1), max(table.shape[1] // 8, 20))) == 14  # 13 + the bar
    grid = ocr_grid.find_grids(ink)[0]
    assert (grid.n_rows, grid.n_cols) == (12, 8)


def test_a_line_a_grey_seal_hides_whole_is_judged_by_the_same_line_in_the_nearest_row():
    """The star's body over a merged 表四 header (行政诉讼 over ten columns) had stood as a wall and
    split the header; a stretch hidden whole now takes the decision of the nearest row where
    the same line is seen, and is a line when it is seen nowhere."""
    walls = [[False, None, True], [False, False, None], [True, None, None]]
    assert ocr_grid._hidden_walls_as_neighbours(walls) == [[False, False, True], [False, False, True],
                                                           [True, False, True]]
    assert ocr_grid._hidden_walls_as_neighbours([[None], [None]]) == [[True], [True]]


def test_near_a_grey_seal_a_line_must_be_drawn_over_half_of_what_is_seen():
    mask = np.zeros((60, 40), np.uint8)
    mask[10:25, 19:22] = 255  # a ring's edge: 15 of the 40-pixel stretch
    hidden = np.zeros_like(mask)
    assert bool(ocr_grid._wall(mask, False, 20, 0, 60))  # no seal: a line partly erased is a line
    hidden[:, 25:30] = 255  # the seal's strokes beside it
    assert not ocr_grid._wall(mask, False, 20, 0, 60, hidden)
    hidden[:, 15:30] = 255  # over it whole
    assert ocr_grid._wall(mask, False, 20, 0, 60, hidden) is None
