"""Page geometry for OCR, from the pixels alone: red stamps dropped, skew and quarter turns
undone, ruled tables found from their lines, cells (merged ones too) and whether they hold ink.

Pure functions of numpy images; no OCR engine here (etl.read.ocr_engine) and no reports.
"""
from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

# a ruling line is at least this share of the page's width (height) long; text strokes are not
_LINE_SHARE = 30
_MIN_TABLE_CELLS = 4
# a dark pixel: below this grey level after binarisation thresholds (Otsu decides per page)
_INK_MIN_PIXELS = 6  # fewer dark pixels than this in a cell is paper noise, not ink


@dataclass(frozen=True, slots=True)
class Cell:
    """One cell of a ruled table: grid position, spans and its inner box in page pixels."""

    row: int
    col: int
    rowspan: int
    colspan: int
    box: tuple[int, int, int, int]  # x0, y0, x1, y1 inside the ruling lines


@dataclass(frozen=True, slots=True)
class Grid:
    """A ruled table on a page."""

    bbox: tuple[int, int, int, int]
    n_rows: int
    n_cols: int
    cells: tuple[Cell, ...]


def label_components(mask: np.ndarray, connectivity: int = 8) -> tuple[int, np.ndarray, np.ndarray, np.ndarray]:
    """OpenCV's connectedComponentsWithStats (count, labels, stats, centroids), labels in 16
    bits: the same labels and stats as in 32 bits, which OpenCV 5.1 makes three times slower
    (a page-sized mask 14.7 against 5.1 ms, a cell's 12 against 9 µs; measured in round 16).
    A mask of more components than 16 bits can number (OpenCV raises) is labelled in 32 bits."""
    try:
        return cv2.connectedComponentsWithStats(mask, connectivity=connectivity, ltype=cv2.CV_16U)
    except cv2.error:
        return cv2.connectedComponentsWithStats(mask, connectivity=connectivity)


def components(mask: np.ndarray) -> tuple[int, np.ndarray, np.ndarray, tuple[int, int]]:
    """OpenCV's 8-connected components of a mask, found inside the box of its ink only:
    (count with the background, labels of the box, stats in the mask's coordinates, the box's
    top-left x, y). A page's mask is mostly paper (a table-only page's print outside its
    tables is one heading) and labelling the whole page cost ~14 ms where the box costs a
    fraction. The box starts on even rows and columns, as OpenCV labels 2×2 blocks from the
    image's corner: the same components get the same labels in the same order as on the
    whole mask. Row 0 of the stats, the background, describes the box, not the mask."""
    rows = np.flatnonzero(mask.any(axis=1))
    if rows.size == 0:
        return 1, np.zeros((0, 0), np.int32), np.zeros((1, 5), np.int32), (0, 0)
    cols = np.flatnonzero(mask.any(axis=0))
    x0, y0 = int(cols[0]) & ~1, int(rows[0]) & ~1
    n, labels, stats, _ = label_components(mask[y0:rows[-1] + 1, x0:cols[-1] + 1], connectivity=8)
    stats[:, cv2.CC_STAT_LEFT] += x0
    stats[:, cv2.CC_STAT_TOP] += y0
    return n, labels, stats, (x0, y0)


# grey at least this light next to a seal's red is its blended edge, not print
_SEAL_EDGE_GREY = 190


def drop_red(bgr: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(greyscale page with the bright red ink of a seal, 红章, turned to paper; the mask of
    that ink). A stamp over a cell must not be read as digits. Black print under the seal,
    reddened by the scan's colour bleed, is darker than the seal's ink and stays."""
    b, g, r = cv2.split(bgr)
    grey = cv2.cvtColor(bgr, cv2.COLOR_BGR2GRAY)
    # red ink: r - max(g, b) > 60 and r > 170, in OpenCV's uint8 passes (a subtraction that
    # saturates at 0 is no more above 60 than the negative one it stands for)
    _, redder = cv2.threshold(cv2.subtract(r, cv2.max(g, b)), 60, 255, cv2.THRESH_BINARY)
    _, bright = cv2.threshold(r, 170, 255, cv2.THRESH_BINARY)
    mask = cv2.bitwise_and(redder, bright)
    cv2.bitwise_or(grey, mask, dst=grey)
    if mask.any():
        # the seal's edge, blended with the paper by the scan's blur and JPEG's halved colour
        # resolution, is neither red enough to drop nor dark enough to be print: a light
        # outline of the ring that cells under it read as marks (12 sealed scans a seed, 3
        # seeds: 133 more cells right, none wrong; a 5-pixel band or a darker bound gave wrong
        # cells: a `1` read as `/`, a `0` as `8`)
        edge = cv2.dilate(mask, np.ones((3, 3), np.uint8)) > 0
        grey[edge & (grey >= _SEAL_EDGE_GREY)] = 255
    return grey, mask


# A seal scanned in grey, where no red gives it away, is found by its ring: a circle of strokes
# thicker than print's. An opening this share of the page's width wide (4 px at 150 dpi) leaves
# of the print only line crossings and specks, and of the seal its ring (1-1.5 mm, 6-9 px) and
# star. The ring must then be inked over this share of its angles, its radius this share of the
# page's width.
_SEAL_STROKE_SHARE = 1 / 310
_SEAL_RADIUS_SHARE = (0.03, 0.2)
_SEAL_RING_COVER = 0.8
_SEAL_ANGLES = 144
# the circles are looked for at a quarter of the page's size (4 ms a page against 16 at a half,
# the same seals found), then fitted at full size within 6 pixels
_SEAL_SCALE = 4


def find_grey_seal(ink: np.ndarray) -> tuple[int, int, int, np.ndarray] | None:
    """(x, y, radius, its thick strokes) of a round seal on a binarised page, or None. The
    circle is OpenCV's (HOUGH_GRADIENT_ALT on the thick strokes at _SEAL_SCALE), refined to
    the centre and radius whose ring is inked at most angles, and kept only when that share
    is at least _SEAL_RING_COVER: on 196 pages (five scan styles and the grey-sealed one of
    seed 31, the corpus's PDFs) it found the 10 grey seals and nothing else."""
    h, w = ink.shape
    side = max(3, round(w * _SEAL_STROKE_SHARE))
    thick = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (side, side)))
    if not thick.any():
        return None
    small = cv2.resize(thick, (w // _SEAL_SCALE, h // _SEAL_SCALE), interpolation=cv2.INTER_AREA)
    low, high = (int(w * s / _SEAL_SCALE) for s in _SEAL_RADIUS_SHARE)
    circles = cv2.HoughCircles(small, cv2.HOUGH_GRADIENT_ALT, dp=1.5, minDist=w // 8, param1=300, param2=0.8,
                               minRadius=low, maxRadius=high)
    if circles is None:
        return None
    best = max((_ring_fit(thick, *(_SEAL_SCALE * float(v) for v in (x, y, r)), reach=6) for x, y, r in circles[0]),
               key=lambda fit: fit[0])
    if best[0] < _SEAL_RING_COVER:
        return None
    return best[1], best[2], best[3], thick


def _ring_fit(thick: np.ndarray, x: float, y: float, r: float, reach: int = 4) -> tuple[float, int, int, int]:
    """(share of angles inked, x, y, r) of the best ring within `reach` pixels of the circle
    (Hough's centre is a few pixels off on a scanned ring), tried 2 pixels apart (a second
    pass a pixel apart gave no more cells right)."""
    h, w = thick.shape
    angles = np.linspace(0, 2 * np.pi, _SEAL_ANGLES, endpoint=False)
    cos, sin = np.cos(angles), np.sin(angles)
    best = (0.0, int(x), int(y), int(r))
    for dr in range(-reach, reach + 1, 2):
        # a ring's band: three radii a pixel and a half apart, inked at any of them
        radii = np.array([r + dr - 1.5, r + dr, r + dr + 1.5])[:, None]
        for dx in range(-reach, reach + 1, 2):
            for dy in range(-reach, reach + 1, 2):
                px = np.clip(np.rint(x + dx + radii * cos), 0, w - 1).astype(int)
                py = np.clip(np.rint(y + dy + radii * sin), 0, h - 1).astype(int)
                cover = float((thick[py, px] > 0).any(axis=0).mean())
                if cover > best[0]:
                    best = (cover, int(x + dx), int(y + dy), int(r + dr))
    return best


def grey_seal_mask(ink: np.ndarray, found: tuple[int, int, int, np.ndarray] | None) -> np.ndarray:
    """The mask of a round seal scanned in grey on a binarised upright page (its thick strokes,
    ring and star, and two pixels round them: the cells it lies over), given what
    find_grey_seal `found` on it; an empty mask for None. No red gives such a seal away, and its
    ring crossing a cell read as `/` or as a `1` before the cell's `0` (5.5 wrong cells in 1,000
    on generated grey scans).

    The seal stays on the page. Its grey is that of print and ruling lines: dropping the pixels
    lighter than print over it cut the digits under it, gave wrong cells (a `13` read `3`) and
    fewer cells right (85 % against 86 % kept). Dropping only the pieces of its ring clear of
    print gave 90 %, but a `0` left with a stub of the ring read as a sure `1`."""
    if found is None:
        return np.zeros_like(ink)
    x, y, r, thick = found
    disk = np.zeros_like(ink)
    cv2.circle(disk, (x, y), r + 4, 255, -1)
    return cv2.dilate(cv2.bitwise_and(thick, disk), np.ones((5, 5), np.uint8))


def without_ring_pieces(grey: np.ndarray, ink: np.ndarray, ring: tuple[int, int, int],
                        boxes: list[tuple[int, int, int, int]], margin: int = 4) -> tuple[np.ndarray, np.ndarray]:
    """Copies of the page (grey, ink) in which, inside each cell a grey seal's ring (`ring`:
    x, y, radius, as find_grey_seal gives it) crosses, the ring's pieces are wiped: the ring
    beside a cell's digit made the crop touch its edge or read as a `1` (`01`, `10`), and the
    cell was unreadable though its digit stood clear of the ring.

    A piece is a blob inside the cell's walls (`margin`, as cell_ink cuts them) that runs out of
    the cell, as an arc crossing it does, and lies within _RING_BAND pixels of the circle for
    _SEAL_PIECE of its pixels. A cell is wiped only when every other blob keeps clear of that
    band: a digit the ring touches is one blob with it, and a digit beside it may have lost a
    stroke to it (`0` with a stub of the ring read as a sure `1`), so such a cell is left as it
    is, and unreadable. The seal's mask cannot tell the pieces: its thick strokes take in the
    digits under the disc. A cell whose only blobs were the ring's is left with no ink, which
    under a seal reads as unreadable, never as blank (ocr._read_cells)."""
    grey, ink = grey.copy(), ink.copy()
    cx, cy, r = ring
    reach = r + _RING_BAND
    for x0, y0, x1, y1 in boxes:
        x0, y0, x1, y1 = x0 + margin, y0 + margin, x1 - margin, y1 - margin
        if x1 <= x0 or y1 <= y0 or x1 <= cx - reach or x0 > cx + reach or y1 <= cy - reach or y0 > cy + reach:
            continue  # (a cell outside the ring's square: no pixel of it is near the circle)
        yy, xx = np.mgrid[y0:y1, x0:x1]
        band = np.abs(np.hypot(xx - cx, yy - cy) - r) <= _RING_BAND
        if not band.any():
            continue
        cell = ink[y0:y1, x0:x1]
        n, labels = cv2.connectedComponents(cell, connectivity=8)
        if n < 2:
            continue
        size = np.bincount(labels.ravel(), minlength=n)
        on_band = np.bincount(labels[band], minlength=n)
        border = set(np.concatenate([labels[0], labels[-1], labels[:, 0], labels[:, -1]]).tolist())
        pieces = [k for k in range(1, n) if k in border and on_band[k] >= _SEAL_PIECE * size[k]]
        if not pieces or any(on_band[k] and k not in pieces for k in range(1, n)):
            continue
        gone = np.isin(labels, pieces)
        cell[gone] = 0
        # (the ring's grey fringe too, which binarising left out of the piece)
        grey[y0:y1, x0:x1][cv2.dilate(gone.astype(np.uint8), np.ones((3, 3), np.uint8)) > 0] = 255
    return grey, ink


# a blob of a cell is the ring's when this share of it lies within _RING_BAND pixels of the
# ring's circle (its stroke, blurred, is up to 8 pixels wide at 150 dpi, and the circle found to 2 pixels)
_SEAL_PIECE = 0.9
_RING_BAND = 8


# Uneven light (a phone photo of a page, a scanner lid left open) is evened out before the page is
# binarised: Otsu's one threshold for the whole page took the dark side's paper for ink and lost
# the light side's faint print (a shaded 150-dpi scan read 30 % of its cells, one wrong). The
# paper's brightness is taken in each of _LIGHT_TILES × _LIGHT_TILES tiles (its _LIGHT_PAPER
# percentile: the paper between the print), a cubic surface is fitted to it, robustly (tiles far
# darker than the fit, under a seal's star or a photo, are left out), and a page whose paper
# varies by more than _LIGHT_SPREAD grey levels over that surface is divided by it. A page lit
# evenly, as every flatbed scan, is left exactly as it is.
_LIGHT_TILES = 24
_LIGHT_STEP = 4  # the paper level is taken from every 4th pixel of every 4th row
_LIGHT_PAPER = 90
_LIGHT_SPREAD = 24.0
_LIGHT_OUTLIER = 20.0


def even_light(image: np.ndarray) -> np.ndarray:
    """The page image (BGR or grey) with its paper brought to one brightness when it is lit
    unevenly (see _LIGHT_SPREAD); the same array when it is not."""
    h, w = image.shape[:2]
    # every _LIGHT_STEP-th pixel of every _LIGHT_STEP-th row, cut into the tiles
    sample = np.ascontiguousarray(image[::_LIGHT_STEP, ::_LIGHT_STEP])
    if sample.ndim == 3:
        sample = cv2.cvtColor(sample, cv2.COLOR_BGR2GRAY)
    th, tw = sample.shape[0] // _LIGHT_TILES, sample.shape[1] // _LIGHT_TILES
    if th < 4 or tw < 4:
        return image
    tiles = sample[:th * _LIGHT_TILES, :tw * _LIGHT_TILES].reshape(_LIGHT_TILES, th, _LIGHT_TILES, tw)
    paper = np.percentile(tiles.transpose(0, 2, 1, 3).reshape(_LIGHT_TILES * _LIGHT_TILES, -1), _LIGHT_PAPER, axis=1)
    # each tile's centre, as a share of the page's height and width
    tile = np.arange(_LIGHT_TILES) + 0.5
    cy, cx = np.meshgrid(tile * th * _LIGHT_STEP / h, tile * tw * _LIGHT_STEP / w, indexing="ij")
    terms = _cubic_terms(cx.ravel(), cy.ravel())
    keep = np.ones(len(paper), dtype=bool)
    for _ in range(3):
        coef, *_ = np.linalg.lstsq(terms[keep], paper[keep], rcond=None)
        fit = terms @ coef
        keep = paper > fit - _LIGHT_OUTLIER
    if float(fit.max() - fit.min()) <= _LIGHT_SPREAD:
        return image
    # the surface at every pixel, from a coarse grid of it (it is smooth)
    gy, gx = np.mgrid[0:h:8, 0:w:8]
    coarse = (_cubic_terms((gx.ravel() + 4) / w, (gy.ravel() + 4) / h) @ coef).reshape(gy.shape)
    light = cv2.resize(coarse.astype(np.float32), (w, h), interpolation=cv2.INTER_LINEAR)
    target = float(np.percentile(fit, 95))
    gain = target / np.maximum(light, 1.0)
    if image.ndim == 3:
        gain = gain[:, :, None]
    return _lift_strips(np.clip(image.astype(np.float32) * gain, 0, 255), target)


# A photo's light can fall off sharply at an edge of the page, in a strip a few tiles wide that
# the cubic surface cannot follow (its tiles are set aside as outliers, as ink-heavy tiles
# are). Left at 195-215 against paper at 250, such a strip came out as ink (Otsu's threshold
# was 213-215), speckled, and ran down the margin between 表三 and 表四, joining them into one
# grid of doubled columns: the slanted photos' lost cells (docs/benchmarks.md, "Round 16").
# So, on a page whose light is evened, a pixel whose paper is still darker than the page's is
# also brought up by the paper near it (the brightest pixel within _NEAR_PAPER of the page's
# width, smoothed: print is thin, and the paper beside it is the light it lies in): only where
# that lifts it by _LIFT_FROM or more (lifting every pixel by the little it lacks changed the
# reading of whole rows elsewhere: 59 cells more missing), never darker, at most _LIFT_MOST.
_NEAR_PAPER = 1 / 40
_LIFT_FROM = 1.1
_LIFT_MOST = 1.6


def _lift_strips(page: np.ndarray, target: float) -> np.ndarray:
    """The evened page (float32, BGR or grey) lifted where its paper is still darker than
    `target` by a tenth or more, as uint8 (see _NEAR_PAPER)."""
    grey = cv2.cvtColor(page, cv2.COLOR_BGR2GRAY) if page.ndim == 3 else page
    k = max(int(page.shape[1] * _NEAR_PAPER), 15) | 1
    paper = cv2.blur(cv2.dilate(grey, cv2.getStructuringElement(cv2.MORPH_RECT, (k, k))), (k, k))
    lift = np.clip(target / np.maximum(paper, 1.0), 1.0, _LIFT_MOST)
    lift[lift < _LIFT_FROM] = 1.0
    if page.ndim == 3:
        lift = lift[:, :, None]
    return np.clip(page * lift, 0, 255).astype(np.uint8)


def _cubic_terms(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """The ten terms of a cubic surface in x and y (0-1), one row per point."""
    return np.stack([np.ones_like(x), x, y, x * x, x * y, y * y, x ** 3, x * x * y, x * y * y, y ** 3], axis=1)


def binarise(grey: np.ndarray) -> np.ndarray:
    """Ink as 255 on 0 (Otsu on a lightly blurred page: scan noise is not ink)."""
    blurred = cv2.GaussianBlur(grey, (3, 3), 0)
    _, ink = cv2.threshold(blurred, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    return ink


def rotate(grey: np.ndarray, degrees: float, fill: int = 255) -> np.ndarray:
    """The page turned counter-clockwise by `degrees` about its centre, corners filled with paper."""
    if degrees == 0:
        return grey
    quarter = {90: cv2.ROTATE_90_COUNTERCLOCKWISE, 180: cv2.ROTATE_180, 270: cv2.ROTATE_90_CLOCKWISE}
    if degrees % 360 in quarter:
        return cv2.rotate(grey, quarter[degrees % 360])
    if fill == 0 and not grey.any():
        return np.zeros_like(grey)  # an empty mask (the seal mask of a page with no seal) stays empty
    h, w = grey.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), degrees, 1.0)
    return cv2.warpAffine(grey, m, (w, h), flags=cv2.INTER_LINEAR, borderValue=fill)


def rotate_points(boxes: list[np.ndarray], shape: tuple[int, ...], degrees: float) -> list[np.ndarray]:
    """Boxes moved as `rotate(image, degrees)` moves the image's pixels."""
    h, w = shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), degrees, 1.0)
    return [(np.hstack([q, np.ones((len(q), 1), np.float32)]) @ m.T).astype(np.float32) for q in boxes]


def skew_degrees(boxes: list[np.ndarray]) -> float:
    """The page's skew from the text-line boxes the detector found: the median angle of the
    long ones' top edges (degrees counter-clockwise, within ±5)."""
    angles = []
    for q in boxes:
        dx, dy = q[1][0] - q[0][0], q[1][1] - q[0][1]
        height = np.hypot(q[3][0] - q[0][0], q[3][1] - q[0][1])
        if dx > 4 * max(height, 1):
            angles.append(np.degrees(np.arctan2(-dy, dx)))
    if len(angles) < 3:
        return 0.0
    angle = float(np.median(angles))
    return angle if 0.15 <= abs(angle) <= 5 else 0.0


# Skew from the ruling lines of a table page: a horizontal stroke at least this share of the
# page's width after opening (text strokes are shorter), whose chain of steps (a tilted line
# is a staircase of horizontal runs) spans at least RULE_SPAN of the width
_RULE_SHARE = 40
_RULE_SPAN = 0.25
# the ruling lines' angles must agree within this many degrees (median absolute deviation)
_RULE_AGREEMENT = 0.2


def rule_skew_degrees(ink: np.ndarray) -> float | None:
    """The page's skew from its long horizontal ruling lines (degrees counter-clockwise, the
    sign `skew_degrees` uses; 0 under 0.15 or over 5), or None when fewer than three such
    lines are found or their angles disagree: the caller then measures skew from text lines.
    A least-squares fit over a ruling line's pixels: far more pixels than a text box's edge."""
    h, w = ink.shape
    runs, n, labels, stats, offset = _rule_runs(ink, False, max(w // _RULE_SHARE, 20))
    angles = []
    for i in range(1, n):
        x, y, bw, bh, _ = stats[i]
        if bw < w * _RULE_SPAN or bh > bw * 0.09 + 12:  # shorter, or steeper than 5 degrees
            continue
        ys, xs = _rule_pixels(stats[i], labels, runs, i, offset)
        if xs.size < 10:
            continue
        slope = np.polyfit(xs.astype(np.float64), ys.astype(np.float64), 1)[0]
        angles.append(float(np.degrees(np.arctan(-slope))))
    if len(angles) < 3:
        return None
    angle = float(np.median(angles))
    if float(np.median(np.abs(np.array(angles) - angle))) > _RULE_AGREEMENT:
        return None
    return angle if 0.15 <= abs(angle) <= 5 else 0.0


def _rule_runs(ink: np.ndarray, vertical: bool, shortest: int):
    """The runs of ink at least `shortest` pixels long of a kind (horizontal or vertical), and
    the components of those runs chained over the steps of a tilted line (at 2 degrees a
    3-pixel line steps every ~60 pixels): (runs, count, labels, stats, offset) as `components`
    gives them."""
    kernel = (1, shortest) if vertical else (shortest, 1)
    runs = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, kernel))
    chained = cv2.dilate(runs, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 9) if vertical else (9, 3)))
    n, labels, stats, offset = components(chained)
    return runs, n, labels, stats, offset


def _rule_pixels(stat: np.ndarray, labels: np.ndarray, runs: np.ndarray, i: int,
                 offset: tuple[int, int]) -> tuple[np.ndarray, np.ndarray]:
    """(ys, xs) of the run pixels of component i (`_rule_runs`), in its box's coordinates."""
    x, y, bw, bh, _ = stat
    ox, oy = offset
    return np.nonzero((labels[y - oy:y - oy + bh, x - ox:x - ox + bw] == i) & (runs[y:y + bh, x:x + bw] > 0))


# A phone held at a slant over a page (keystone): the table's vertical rules lean towards each
# other, so no turn makes them all upright and the grid search lost whole columns (a 2021 page
# whose top was 8 % narrower than its bottom read 62 % of its cells). When the outermost rules
# of a kind (the left and right of the vertical ones, or the top and bottom of the horizontal
# ones) differ in angle by _KEYSTONE_DEGREES or more, the quadrilateral the outermost rules
# frame is the picture of a rectangle, and the page is warped back to one. A rotated page (its
# rules all alike) is left to the skew correction.
_KEYSTONE_DEGREES = 0.5
_KEYSTONE_MOST = 8.0  # angles beyond this are no table's rules seen at a slant


def _outer_rules(ink: np.ndarray, vertical: bool) -> tuple[tuple[float, float], tuple[float, float]] | None:
    """The first and the last long ruling line of a kind in an ink mask, each fitted to its
    pixels: (slope, intercept) of y = slope·x + intercept for horizontal rules, of
    x = slope·y + intercept for vertical ones; None when there are fewer than two."""
    h, w = ink.shape
    along = h if vertical else w
    runs, n, labels, stats, offset = _rule_runs(ink, vertical, max(along // _RULE_SHARE, 10))
    long = []
    for i in range(1, n):
        x, y, bw, bh, _ = stats[i]
        length, thick = (bh, bw) if vertical else (bw, bh)
        if length >= along * _RULE_SPAN and thick <= length * 0.15 + 6:
            long.append((x + bw / 2 if vertical else y + bh / 2, i))
    if len(long) < 2:
        return None
    long.sort()
    first = next((f for f in (_straight(stats[i], labels, runs, i, offset, vertical) for _, i in long) if f), None)
    last = next((f for f in (_straight(stats[i], labels, runs, i, offset, vertical) for _, i in reversed(long)) if f),
                None)
    return None if first is None or last is None or first == last else (first, last)


# a ruling line's pixels lie within this many pixels (root mean square, at half resolution) of
# the straight line fitted to them; two tables' borders joined where they meet do not
_STRAIGHT_RMS = 1.5


def _straight(stat: np.ndarray, labels: np.ndarray, runs: np.ndarray, i: int, offset: tuple[int, int],
              vertical: bool) -> tuple[float, float] | None:
    """(slope, intercept) of the line fitted to the pixels of component i, or None when they
    are too few or do not lie on one straight line (_STRAIGHT_RMS)."""
    x, y = stat[0], stat[1]
    ys, xs = _rule_pixels(stat, labels, runs, i, offset)
    if xs.size < 10:
        return None
    a, b = ((ys + y), (xs + x)) if vertical else ((xs + x), (ys + y))
    a, b = a.astype(np.float64), b.astype(np.float64)
    slope, intercept = np.polyfit(a, b, 1)
    if float(np.sqrt(np.mean((b - (slope * a + intercept)) ** 2))) > _STRAIGHT_RMS:
        return None
    return float(slope), float(intercept)


def keystone(ink: np.ndarray) -> np.ndarray | None:
    """The 3 × 3 homography that turns the quadrilateral framed by the page's outermost ruling
    lines into a rectangle of the same size and place, when those lines lean towards each other
    (see _KEYSTONE_DEGREES); None for a page whose rules are parallel, or too few. The rules are
    looked for at half the page's resolution (a quarter of the pixels to label)."""
    half = cv2.resize(ink, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
    half = (half >= 64).astype(np.uint8) * 255
    horizontal, vertical = _outer_rules(half, vertical=False), _outer_rules(half, vertical=True)
    if horizontal is None or vertical is None:
        return None
    (top, bottom), (left, right) = horizontal, vertical
    lean = [abs(np.degrees(np.arctan(a[0]) - np.arctan(b[0]))) for a, b in (horizontal, vertical)]
    if max(lean) < _KEYSTONE_DEGREES or max(lean) > _KEYSTONE_MOST:
        return None
    corners = 2 * np.float32([_crossing(top, left), _crossing(top, right), _crossing(bottom, right), _crossing(bottom, left)])
    width = (np.linalg.norm(corners[1] - corners[0]) + np.linalg.norm(corners[2] - corners[3])) / 2
    height = (np.linalg.norm(corners[3] - corners[0]) + np.linalg.norm(corners[2] - corners[1])) / 2
    cx, cy = corners.mean(axis=0)
    target = np.float32([[cx - width / 2, cy - height / 2], [cx + width / 2, cy - height / 2],
                         [cx + width / 2, cy + height / 2], [cx - width / 2, cy + height / 2]])
    return cv2.getPerspectiveTransform(corners, target)


def _crossing(horizontal: tuple[float, float], vertical: tuple[float, float]) -> tuple[float, float]:
    """Where a horizontal rule (y = a·x + b) meets a vertical one (x = c·y + d)."""
    a, b = horizontal[:2]
    c, d = vertical[:2]
    y = (a * d + b) / (1 - a * c)
    return c * y + d, y


def unwarp(image: np.ndarray, homography: np.ndarray, fill: int = 255) -> np.ndarray:
    """The image seen through the homography (keystone's), paper where nothing was."""
    h, w = image.shape[:2]
    border = (fill,) * 3 if image.ndim == 3 else fill
    return cv2.warpPerspective(image, homography, (w, h), flags=cv2.INTER_LINEAR, borderValue=border)


def _line_kernels(shape: tuple[int, int]) -> tuple[int, int]:
    """The shortest horizontal and vertical runs of ink the line search keeps, in pixels."""
    h, w = shape
    return max(w // _LINE_SHARE, 20), max(h // (_LINE_SHARE * 2), 15)


# A band of ink at least this share of the page's width thick is no ruling line (a rule is 1-6
# pixels at 150-300 dpi): the dark edge of a photographed page, or the desk under it, ran down
# the margin of a slanted photo once it was squared, and joined 表三 and 表四 into one grid
_BAND_SHARE = 1 / 100


def _line_masks(ink: np.ndarray, page: tuple[int, int] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The horizontal and vertical ruling lines of an ink mask (each bridged over small
    breaks), bands of ink left out; `page`: the shape of the page the mask was cut from, whose
    size sets the kernels (default: the mask's own)."""
    across, down, band = _line_sizes(page or ink.shape)
    horizontal = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (across, 1)))
    vertical = cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, down)))
    for mask, thick in ((horizontal, (1, band)), (vertical, (band, 1))):
        bands = cv2.morphologyEx(mask, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, thick))
        if bands.any():
            mask[cv2.dilate(bands, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 3))) > 0] = 0
    # bridge the breaks a scan leaves in a line
    horizontal = cv2.dilate(horizontal, cv2.getStructuringElement(cv2.MORPH_RECT, (5, 3)))
    vertical = cv2.dilate(vertical, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 5)))
    return horizontal, vertical


def _line_sizes(shape: tuple[int, int]) -> tuple[int, int, int]:
    """_line_masks' kernels on a page of this shape: the shortest horizontal and vertical
    runs kept, and the thickness from which a run is a band."""
    across, down = _line_kernels(shape)
    return across, down, max(int(shape[1] * _BAND_SHARE), 10)


def erase_lines(mask: np.ndarray) -> None:
    """Take the ruling lines _line_masks finds off a mask (in place), looking only at its bands
    of rows with ink, each cut to its ink's columns with two pixels of paper around (a
    table-only page's print outside its tables is a heading and specks: the page-sized
    openings cost ~10 ms). Exact, as long as two bands are _BAND_APART rows apart: an opening
    never adds ink, and the kernels that fit in the mask do not cross a row of paper, so every
    mask _line_masks makes is that band's but for its last dilations, which reach two
    pixels; and OpenCV's border stands for ink only where a window crosses the paper around
    the band, which then decides, as the page's would (tests/unit/read/test_ocr_grid.py)."""
    h, w = mask.shape
    for y0, y1 in runs(mask.any(axis=1), _BAND_APART):
        y0, y1 = max(y0 - 2, 0), min(y1 + 2, h)
        cols = np.flatnonzero(mask[y0:y1].any(axis=0))
        box = mask[y0:y1, max(int(cols[0]) - 2, 0):int(cols[-1]) + 3]
        horizontal, vertical = _line_masks(box, mask.shape)
        box[(horizontal > 0) | (vertical > 0)] = 0


# bands of rows at least this many rows of paper apart are looked at alone (erase_lines)
_BAND_APART = 3


def drop_specks(mask: np.ndarray, least: float) -> None:
    """Wipe the blobs of a mask (8-connected) smaller than `least` pixels, in place, labelling
    each band of rows with ink on its own (a blob does not cross a row of paper)."""
    for y0, y1 in runs(mask.any(axis=1), 1):
        cols = np.flatnonzero(mask[y0:y1].any(axis=0))
        box = mask[y0:y1, int(cols[0]):int(cols[-1]) + 1]
        n, labels, stats, _ = label_components(box, 8)
        small = np.flatnonzero(stats[:, cv2.CC_STAT_AREA] < least)
        small = small[small > 0]
        if small.size:
            box[np.isin(labels, small)] = 0


def _positions(profile: np.ndarray, min_len: int) -> list[int]:
    """Centres of the runs of a projection at least `min_len` long (one per ruling line)."""
    return [(a + b - 1) // 2 for a, b in runs(profile >= min_len, 3)]


def runs(profile: np.ndarray, bridge: int) -> list[tuple[int, int]]:
    """[start, end) of the runs of a boolean profile, runs closer than `bridge` joined (a gap
    of at most `bridge` - 1 false entries does not end a run)."""
    hits = np.flatnonzero(profile)
    if hits.size == 0:
        return []
    breaks = np.flatnonzero(np.diff(hits) > bridge)
    starts = np.concatenate([[hits[0]], hits[breaks + 1]])
    ends = np.concatenate([hits[breaks], [hits[-1]]]) + 1
    return [(int(a), int(b)) for a, b in zip(starts, ends)]


def _wall(mask: np.ndarray, horizontal: bool, at: int, a: int, b: int,
          hidden: np.ndarray | None = None) -> bool | None:
    """Is there a ruling line along row (or column) `at` from a to b? A merged cell has no line
    at all; a line partly erased (a seal's red dropped over it, a faint scan) is still a line:
    a cell is merged only when next to nothing of the line is there.

    `hidden`: where a grey seal's strokes lie, which hide a line, and whose edges draw pieces of
    one where there is none. The line is then judged where it can be seen, and must be drawn
    over half of that (a ring's edge left 11 of 33 pixels at a merged 表四 header); None when
    the seal hides the stretch whole."""
    if b - a < 4:
        return True
    lo, hi = a + (b - a) // 6, b - (b - a) // 6
    # a row line is a column line of the page turned over its diagonal (.T is a view)
    if horizontal:
        mask, hidden = mask.T, None if hidden is None else hidden.T

    def stretch(m: np.ndarray, half: int) -> np.ndarray:  # per point of the stretch: any ink beside it
        return m[lo:hi, max(at - half, 0):at + half + 1].max(axis=1) > 0

    drawn = stretch(mask, 3)
    if hidden is not None:
        seen = ~stretch(hidden, 3)
        if not seen.any():
            return None
        if stretch(hidden, _NEAR).any():
            return drawn[seen].mean() > 0.5
    return drawn.mean() > 0.25


def _walls_along(mask: np.ndarray, horizontal: bool, at: int, edges: list[int]) -> list[bool]:
    """_wall (with no seal) between each two consecutive grid positions `edges` along the line
    at `at`, the line's band looked at once: the same stretches, the same test (a share of a
    stretch over 0.25 is 4 × its points drawn over its length, in integers)."""
    band = mask[max(at - 3, 0):at + 4, :].T if horizontal else mask[:, max(at - 3, 0):at + 4]
    drawn = np.concatenate([[0], np.cumsum(band.max(axis=1) > 0)])
    out = []
    for a, b in zip(edges, edges[1:]):
        if b - a < 4:
            out.append(True)
            continue
        lo, hi = a + (b - a) // 6, b - (b - a) // 6
        out.append(bool(4 * (drawn[hi] - drawn[lo]) > hi - lo))
    return out


# how near a grey seal's strokes a stretch of line is judged as under it (the ring's edge lies
# a pixel or two outside its mask)
_NEAR = 8


def _hidden_walls_as_neighbours(walls: list[list[bool | None]]) -> list[list[bool]]:
    """Walls a seal hides whole (None), per grid row of walls between columns, taken from the
    nearest row above or below where the same line is seen; a line seen nowhere is taken for
    a line (cells kept apart leave a row at worst unassignable, never one value in two cells).
    The star's body over a merged 表四 header had stood as a wall and split it."""
    out = [list(row) for row in walls]
    for r, row in enumerate(walls):
        for c, w in enumerate(row):
            if w is None:
                seen = [(abs(k - r), walls[k][c]) for k in range(len(walls)) if walls[k][c] is not None]
                out[r][c] = min(seen)[1] if seen else True
    return out


def _transposed(rows: list[list]) -> list[list]:
    return [list(column) for column in zip(*rows)]


def find_grids(ink: np.ndarray, seal: np.ndarray | None = None) -> list[Grid]:
    """The ruled tables of a binarised, upright page, each cut into cells; a merged cell (no
    line between two grid positions) is one cell with its spans.

    `seal`: the mask of a seal scanned in grey (grey_seal_mask). The lines are then found
    without its strokes (a star's body stood as a column line), but whether two cells are
    merged is judged under it from the page as scanned (_walls_under_seal)."""
    found_on = ink if seal is None else cv2.bitwise_and(ink, cv2.bitwise_not(seal))
    horizontal, vertical = _line_masks(found_on)
    scanned = None
    if seal is not None and seal.any():
        # the seal's square, widened by the line search's reach: a piece of line between the
        # ring and the next crossing line is shorter than the search's kernel, and went too
        ys, xs = np.nonzero(seal)
        reach_x, reach_y = _line_kernels(ink.shape)
        scanned = (*_line_masks(ink), (max(ys.min() - reach_y, 0), ys.max() + 1 + reach_y,
                                       max(xs.min() - reach_x, 0), xs.max() + 1 + reach_x))
    lines = cv2.bitwise_or(horizontal, vertical)
    n, _, stats, _ = components(lines)
    grids = []
    h_img, w_img = ink.shape
    for i in range(1, n):
        x, y, w, h, _ = stats[i]
        if w < w_img // 5 or h < 20:
            continue
        hs, vs = horizontal[y:y + h, x:x + w], vertical[y:y + h, x:x + w]
        rows = _row_lines(hs, found_on[y:y + h, x:x + w], max(w // 8, 20))
        cols = _positions((vs > 0).sum(axis=0), max(min(h // 8, 60), 10))
        if len(rows) < 2 or len(cols) < 2 or (len(rows) - 1) * (len(cols) - 1) < _MIN_TABLE_CELLS:
            continue
        hidden = None
        if scanned is not None:
            scanned_h, scanned_v, (y0, y1, x0, x1) = scanned
            box = (max(y0 - y, 0), min(y1 - y, h), max(x0 - x, 0), min(x1 - x, w))
            hidden = seal[y:y + h, x:x + w]
            hs = _walls_under_seal(hs, scanned_h[y:y + h, x:x + w], hidden, rows, box, horizontal=True)
            vs = _walls_under_seal(vs, scanned_v[y:y + h, x:x + w], hidden, cols, box, horizontal=False)
        grids.append(_cells(hs, vs, rows, cols, (x, y), hidden))
    # a "grid" inside another table is the strokes of a seal or a drawing, not a table
    grids = [g for g in grids if not any(o is not g and _inside(g.bbox, o.bbox) for o in grids)]
    return sorted(grids, key=lambda g: g.bbox[1])


def _row_lines(lines: np.ndarray, ink: np.ndarray, min_len: int) -> list[int]:
    """Centres of one table's horizontal ruling lines: the runs of its line mask at least
    `min_len` long (as _positions), less those that run through text.

    Under heavy blur a line of bold label text binarises into a bar as long as a short ruling
    line: a 2021 表三 label of two lines was cut in two between them, and its row lost (5 of 8
    heavy scans of seed 47). A ruling line has paper just above and below it; such a bar has
    ink there on most of its length (0.86-0.87 of it, against at most 0.06 for every ruling
    line of the 150 and 300 dpi scans tried)."""
    out = []
    for a, b in runs((lines > 0).sum(axis=1) >= min_len, 3):
        drawn = np.flatnonzero(lines[a:b].any(axis=0))
        above, below = ink[max(a - 4, 0), drawn], ink[min(b + 3, ink.shape[0] - 1), drawn]
        if drawn.size and ((above > 0) | (below > 0)).mean() > 0.5:
            continue
        out.append((a + b - 1) // 2)
    return out


def _walls_under_seal(lines: np.ndarray, scanned: np.ndarray, seal: np.ndarray, positions: list[int],
                      box: tuple[int, int, int, int], horizontal: bool) -> np.ndarray:
    """The line mask of one table (rows or columns, found without the seal's strokes) with its
    lines over the seal's square taken from the page as scanned, for the lines that are drawn
    outside that square too, and wiped there for those that are not.

    The mask of the seal's strokes takes the ruling lines it lies over with it, in dashes that
    the line search drops whole; two cells either side of a line so cut merged into one and
    left their row unassignable (77 cells of 6 grey scans of seed 47). As scanned, the line is
    whole, except under the seal's strokes (`seal`), where it is not seen at all: a star's body
    stood as a wall across a merged 表四 header (_wall judges the line where it is seen). A
    position whose line is drawn only inside the square is a piece of the ring the mask left:
    as a wall it split the label cells it crossed into two, one row more cells than the table
    has. (When the square spans the whole table, nothing can be told: as scanned.)"""
    scanned = cv2.bitwise_and(scanned, cv2.bitwise_not(seal))
    y0, y1, x0, x1 = box
    if y1 <= y0 or x1 <= x0:
        return lines
    out = lines.copy()
    # row lines are handled as column lines of the table turned over its diagonal (.T is a view,
    # written through)
    if horizontal:
        lines, scanned, view, (y0, y1, x0, x1) = lines.T, scanned.T, out.T, (x0, x1, y0, y1)
    else:
        view = out
    for at in positions:
        across = slice(max(at - 3, 0), at + 4)
        band = lines[:, across]
        drawn_outside = band[:y0].any() or band[y1:].any()
        whole = y0 == 0 and y1 == lines.shape[0]
        view[y0:y1, across] = (view[y0:y1, across] | scanned[y0:y1, across]) if drawn_outside or whole else 0
    return out


def _inside(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> bool:
    return a[0] >= b[0] - 3 and a[1] >= b[1] - 3 and a[2] <= b[2] + 3 and a[3] <= b[3] + 3


def _cells(hs: np.ndarray, vs: np.ndarray, rows: list[int], cols: list[int], offset: tuple[int, int],
           hidden: np.ndarray | None = None) -> Grid:
    nr, nc = len(rows) - 1, len(cols) - 1
    parent = list(range(nr * nc))

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    # the walls right of (r, c) and below it; None where a grey seal hides the stretch whole
    if hidden is None:
        right = _transposed([_walls_along(vs, False, cols[c + 1], rows) for c in range(nc - 1)]) or [[] for _ in range(nr)]
        below = [_walls_along(hs, True, rows[r + 1], cols) for r in range(nr - 1)]
    else:
        right = [[_wall(vs, False, cols[c + 1], rows[r], rows[r + 1], hidden) for c in range(nc - 1)] for r in range(nr)]
        below = [[_wall(hs, True, rows[r + 1], cols[c], cols[c + 1], hidden) for c in range(nc)] for r in range(nr - 1)]
        right = _hidden_walls_as_neighbours(right)
        # the walls between rows, by column: a hidden one takes the nearest column's decision
        below = _transposed(_hidden_walls_as_neighbours(_transposed(below)))
    for r in range(nr):
        for c in range(nc):
            if c + 1 < nc and not right[r][c]:
                parent[find(r * nc + c + 1)] = find(r * nc + c)
            if r + 1 < nr and not below[r][c]:
                parent[find((r + 1) * nc + c)] = find(r * nc + c)
    groups: dict[int, list[tuple[int, int]]] = {}
    for r in range(nr):
        for c in range(nc):
            groups.setdefault(find(r * nc + c), []).append((r, c))
    ox, oy = offset
    cells = []
    for members in groups.values():
        r0, c0 = min(m[0] for m in members), min(m[1] for m in members)
        r1, c1 = max(m[0] for m in members), max(m[1] for m in members)
        if len(members) != (r1 - r0 + 1) * (c1 - c0 + 1):
            # not a rectangle (a broken line): each grid position on its own, never a guess
            for r, c in members:
                cells.append(Cell(r, c, 1, 1, (ox + cols[c], oy + rows[r], ox + cols[c + 1], oy + rows[r + 1])))
            continue
        cells.append(Cell(r0, c0, r1 - r0 + 1, c1 - c0 + 1,
                          (ox + cols[c0], oy + rows[r0], ox + cols[c1 + 1], oy + rows[r1 + 1])))
    cells.sort(key=lambda k: (k.row, k.col))
    bbox = (ox + cols[0], oy + rows[0], ox + cols[-1], oy + rows[-1])
    return Grid(bbox, nr, nc, tuple(cells))


def cell_ink(ink: np.ndarray, box: tuple[int, int, int, int], margin: int = 4,
             reach: bool = False) -> tuple[np.ndarray, tuple[int, int]]:
    """The ink inside a cell with the ruling lines cut off, and the crop's top-left corner.

    `box` runs between the centres of the ruling lines; `margin` pixels are cut off each side.
    With `reach`, a side whose edge the ink touches is moved out towards its line, at most to
    2 pixels from the line's centre, until a row (column) of paper is found: in a tight
    row a digit comes within 2 pixels of the line and the fixed margin cut its foot off. No
    paper found (the ink runs into the line), the side stays where it was, touching."""
    x0, y0, x1, y1 = box
    x0, y0, x1, y1 = x0 + margin, y0 + margin, x1 - margin, y1 - margin
    if x1 <= x0 or y1 <= y0:
        return np.zeros((0, 0), np.uint8), (x0, y0)
    if reach:
        y0, y1 = _reach(ink[:, x0:x1], y0, y1, margin - 1)
        x0, x1 = _reach(ink[y0:y1].T, x0, x1, margin - 1)
    return ink[y0:y1, x0:x1], (x0, y0)


def _reach(band: np.ndarray, a: int, b: int, most: int) -> tuple[int, int]:
    """[a, b) of the band's rows, each end moved out by up to `most` rows to the first row of
    paper when the row at that end has ink."""
    def paper(row: int) -> bool:
        return 0 <= row < band.shape[0] and not band[row].any()

    if band[a].any():
        for k in range(1, most):
            if paper(a - k):
                a -= k  # the row of paper is the crop's edge
                break
    if band[b - 1].any():
        for k in range(0, most):
            if paper(b + k):
                b += k + 1
                break
    return a, b


def is_blank(crop: np.ndarray) -> bool:
    """No dark pixels to speak of: a blank cell. (Any inked cell is read, never taken as blank.)"""
    return crop.size == 0 or int(np.count_nonzero(crop)) < _INK_MIN_PIXELS


def touches_edge(crop: np.ndarray) -> bool:
    """Ink on the crop's border: the text may run under a ruling line or out of the cell, so a
    digit may be cut off however confident the reading."""
    if crop.size == 0:
        return False
    border = np.concatenate([crop[0, :], crop[-1, :], crop[:, 0], crop[:, -1]])
    return int(np.count_nonzero(border)) > 2


def text_lines(crop: np.ndarray) -> list[tuple[int, int, int, int]]:
    """Boxes (x0, y0, x1, y1, in crop coordinates) of the lines of ink in a cell: a wrapped
    label is read line by line."""
    out = []
    for a, end in runs(crop.max(axis=1) > 0, 2):
        if end - 1 - a < 3:
            continue  # a speck
        cols = np.flatnonzero(crop[a:end].max(axis=0) > 0)
        out.append((int(cols[0]), int(a), int(cols[-1]) + 1, int(end)))
    return out


def slant_degrees(crop: np.ndarray) -> float:
    """How far the ink's main axis leans from vertical (degrees, 0 for a `1`, about 20-30 for
    a `/`): the recogniser reads the not-applicable slash of a table as `1`."""
    ys, xs = np.nonzero(crop)
    if len(xs) < 5:
        return 0.0
    cov = np.cov(np.vstack([xs - xs.mean(), ys - ys.mean()]))
    vals, vecs = np.linalg.eigh(cov)
    vx, vy = vecs[:, int(np.argmax(vals))]
    return float(np.degrees(np.arctan2(abs(vx), abs(vy))))


def blobs(image: np.ndarray, speck: int = 4) -> int:
    """Connected blobs of dark ink in a line image (BGR or grey, dark on light): one per printed
    digit or separator at scan resolutions, the count a number's reading must have."""
    return _blob_count(_line_ink(image), speck)


def _line_ink(image: np.ndarray) -> np.ndarray:
    """The ink mask (ink 255) of a line image (BGR or grey, dark on light), by Otsu's threshold."""
    grey = cv2.cvtColor(image, cv2.COLOR_BGR2GRAY) if image.ndim == 3 else image
    _, ink = cv2.threshold(grey, 0, 255, cv2.THRESH_BINARY_INV + cv2.THRESH_OTSU)
    return ink


# A printed `0` is one ring of ink around one hole, the hole at least this share of the ring's
# height and centred between these shares of its height and width, the ring no wider than
# _ZERO_ASPECT of its height. A `6` or a `9` has its one hole in its lower or upper half, and no
# taller than half the digit; an `8` has two; a `0` that noise broke open has none. On the
# generated scans of round 15 the hole of a sure narrow reading of `0` is a median 0.62-0.71 of
# its height, centred at 0.46-0.54 of it (1st-99th percentile), and 94 % of them pass
# (docs/benchmarks.md, "Round 15").
_ZERO_HOLE_HEIGHT = 0.5
_ZERO_HOLE_CENTRE = (0.35, 0.65)
_ZERO_ASPECT = (0.3, 0.9)


def zero_shaped(image: np.ndarray, speck: int = 4) -> bool:
    """Is the ink of a line image (BGR or grey, dark on light) one blob shaped as a `0`: a ring
    around one tall, centred hole (see _ZERO_HOLE_HEIGHT)?"""
    blob = _lone_blob(image, speck)
    if blob is None:
        return False
    h, w = blob.shape
    if not _ZERO_ASPECT[0] <= w / h <= _ZERO_ASPECT[1]:
        return False
    holes = _holes(blob)
    if len(holes) != 1:
        return False
    hx, hy, hw, hh = holes[0]
    low, high = _ZERO_HOLE_CENTRE
    return bool(hh >= _ZERO_HOLE_HEIGHT * h and low <= (hy + hh / 2) / h <= high and low <= (hx + hw / 2) / w <= high)


def _lone_blob(image: np.ndarray, speck: int) -> np.ndarray | None:
    """The ink of a line image (BGR or grey, dark on light) as a mask of its box, when it is
    one blob (specks under `speck` pixels left out); None when it is not."""
    n, labels, stats, _ = label_components(_line_ink(image), connectivity=8)
    blobs = [i for i in range(1, n) if stats[i, cv2.CC_STAT_AREA] >= speck]
    if len(blobs) != 1:
        return None
    x, y, w, h = (int(v) for v in stats[blobs[0], :4])
    return labels[y:y + h, x:x + w] == blobs[0]


def _holes(blob: np.ndarray) -> list[np.ndarray]:
    """(x, y, w, h) of each hole of a blob (a mask of its box): the paper inside the box,
    4-connected (the ink is 8-connected), that does not reach the box's border."""
    h, w = blob.shape
    m, _, inside, _ = label_components((~blob).astype(np.uint8), connectivity=4)
    return [inside[j, :4] for j in range(1, m)
            if inside[j, 0] > 0 and inside[j, 1] > 0 and inside[j, 0] + inside[j, 2] < w and inside[j, 1] + inside[j, 3] < h]


# A printed `1` is one stroke standing upright: one blob without a hole, no wider than
# _ONE_ASPECT of its height, narrow at its top (its flag, where a `7` has its bar) and in its
# middle (its stem, where a `4` has its bar): no row of the top quarter wider than _ONE_TOP of
# the height, none of the middle half wider than _ONE_MIDDLE; and the middle half's rows centred
# on one column, within _ONE_LEAN of the height (a `2`'s or a `7`'s stroke runs across). A
# foot serif may be as wide as the digit. On the generated scans of round 16 (741 `1`s read
# sure at the cell width) the top was at most 0.38 of the height, the middle 0.36 and the
# centres' spread 0.04 (99th percentile); a `7`'s top at least 0.46, a `4`'s middle 0.5, a
# blurred `2` 0.4 and 0.4 but its centres spread 0.13 or more, a `7`'s 0.12 (docs/benchmarks.md,
# "Round 16").
_ONE_ASPECT = 0.55
_ONE_TOP = 0.42
_ONE_MIDDLE = 0.4
_ONE_LEAN = 0.1


def one_shaped(image: np.ndarray, speck: int = 4) -> bool:
    """Is the ink of a line image (BGR or grey, dark on light) one blob shaped as a `1`: an
    upright stroke without a hole, narrow at its top and in its middle (see _ONE_TOP)?"""
    blob = _lone_blob(image, speck)
    if blob is None:
        return False
    h, w = blob.shape
    if h < 5 or w > _ONE_ASPECT * h:
        return False
    widths = blob.sum(axis=1)
    quarter = max(h // 4, 1)
    if widths[:quarter].max() > _ONE_TOP * h or widths[quarter:h - quarter].max() > _ONE_MIDDLE * h:
        return False
    centres = [float(np.flatnonzero(row).mean()) for row in blob[quarter:h - quarter] if row.any()]
    if max(centres) - min(centres) > _ONE_LEAN * h:
        return False
    return not _holes(blob)  # no paper enclosed by the stroke (a small closed `4`, a blot of a `0`)


def _blob_count(ink: np.ndarray, speck: int) -> int:
    """Connected blobs of an ink mask at least `speck` pixels large."""
    return len(blob_boxes(ink, speck))


def blob_boxes(ink: np.ndarray, speck: int = 4) -> list[np.ndarray]:
    """(x, y, w, h) of each blob of the ink (a mask, ink non-zero: OpenCV labels any non-zero
    uint8 pixel) at least `speck` pixels large: what the checks of a cell's digits
    (leading_sign, digit_blobs, inner_point, ink_size, blobs_between, digits_in_ink) take as
    `boxes`, found once for all of them."""
    mask = ink if ink.dtype == np.uint8 else (ink > 0).astype(np.uint8)
    n, _, stats, _ = label_components(mask, connectivity=8)
    return [stats[i, :4] for i in range(1, n) if stats[i, cv2.CC_STAT_AREA] >= speck]


# A sign printed before a number (`-1`, `+2`, the 本年增/减 column): a mark left of every
# other blob, lower than this share of the digits' height, at least this share of it wide, and
# centred between these shares of it. A seal's remnant is tall or off-centre. A faint `-`
# binarises to a 3 × 3 blob next to a 15-pixel digit: a speck of dust that size counts too.
_SIGN_HEIGHT = 0.6
_SIGN_WIDTH = 0.15
_SIGN_CENTRE = (0.25, 0.75)


def leading_sign(ink: np.ndarray, speck: int = 4, boxes: list[np.ndarray] | None = None) -> bool:
    """Does the ink (a cell's mask, ink non-zero) start with a sign-like mark: a short blob at
    mid-height left of every other blob, a sixth of a digit wide at least? The recogniser can
    drop a faint `-` and read `-1` as `1` (or `4`) with high confidence; the pixels say a
    character was left out. `boxes`: the ink's blob_boxes, when the caller has them."""
    boxes = blob_boxes(ink, speck) if boxes is None else boxes
    if len(boxes) < 2:
        return False
    first = min(boxes, key=lambda b: b[0])
    others = [b for b in boxes if b is not first]
    if first[0] + first[2] > min(b[0] for b in others):
        return False  # overlaps the next blob: part of a character, not a mark before it
    top = min(b[1] for b in others)
    height = max(b[1] + b[3] for b in others) - top
    centre = (first[1] + first[3] / 2 - top) / height
    return bool(first[3] < _SIGN_HEIGHT * height and first[2] >= _SIGN_WIDTH * height
                and _SIGN_CENTRE[0] <= centre <= _SIGN_CENTRE[1])


# a blob at least this share of the tallest one's height is a digit, not a sign, point or dust
_DIGIT_HEIGHT = 0.6


def _digit_boxes(boxes: list[np.ndarray]) -> list[np.ndarray]:
    """The blobs as tall as a digit (_DIGIT_HEIGHT of the tallest)."""
    if not boxes:
        return []
    tallest = max(b[3] for b in boxes)
    return [b for b in boxes if b[3] >= _DIGIT_HEIGHT * tallest]


def digit_blobs(ink: np.ndarray, speck: int = 4, boxes: list[np.ndarray] | None = None) -> int:
    """Blobs of the ink as tall as a digit: at least one per digit printed, unless digits touch."""
    return len(_digit_boxes(blob_boxes(ink, speck) if boxes is None else boxes))


# a blob of digit height this many times as wide as the page's digit is two digits run together
# (one digit of a font is at most ~1.3 times as wide as its median digit; two are ~2)
_TWO_DIGITS = 1.6


def digits_in_ink(ink: np.ndarray, digit_aspect: float, speck: int = 4, boxes: list[np.ndarray] | None = None) -> int:
    """How many digits the ink (a cell's mask, ink non-zero) holds at least: one per blob as
    tall as a digit, two for one as wide as _TWO_DIGITS digits of its height (a digit is
    `digit_aspect` of its height wide), and so on."""
    boxes = blob_boxes(ink, speck) if boxes is None else boxes
    if digit_aspect <= 0:
        return len(_digit_boxes(boxes))
    return sum(max(1, int(b[2] / (digit_aspect * b[3]) + 2 - _TWO_DIGITS)) for b in _digit_boxes(boxes))


def blobs_between(ink: np.ndarray, low: float, high: float, speck: int = 4,
                  boxes: list[np.ndarray] | None = None) -> int:
    """Blobs of the ink (a cell's mask, ink non-zero) at least `low` and less than `high` pixels high."""
    return sum(1 for b in (blob_boxes(ink, speck) if boxes is None else boxes) if low <= b[3] < high)


def inner_point(ink: np.ndarray, speck: int = 4, boxes: list[np.ndarray] | None = None) -> bool:
    """A decimal point or comma between the digits: a blob lower than _SIGN_HEIGHT of the
    digits, in their bottom third, with a digit on either side. The recogniser can drop it and
    read `100.18` as `10018`."""
    boxes = blob_boxes(ink, speck) if boxes is None else boxes
    tall = _digit_boxes(boxes)
    if len(tall) < 2:
        return False
    top = min(b[1] for b in tall)
    height = max(b[1] + b[3] for b in tall) - top
    for b in boxes:
        centre_x, centre_y = b[0] + b[2] / 2, (b[1] + b[3] / 2 - top) / height
        if (b[3] < _SIGN_HEIGHT * height and centre_y >= 2 / 3
                and any(t[0] + t[2] <= centre_x for t in tall) and any(t[0] >= centre_x for t in tall)):
            return True
    return False


def ink_size(ink: np.ndarray, speck: int = 4, boxes: list[np.ndarray] | None = None) -> tuple[int, int]:
    """(width, height) of the box around the ink's blobs (a cell's mask, ink non-zero; specks
    under `speck` pixels left out); (0, 0) for no ink."""
    boxes = blob_boxes(ink, speck) if boxes is None else boxes
    if not boxes:
        return 0, 0
    x0, y0 = min(b[0] for b in boxes), min(b[1] for b in boxes)
    x1, y1 = max(b[0] + b[2] for b in boxes), max(b[1] + b[3] for b in boxes)
    return int(x1 - x0), int(y1 - y0)


def lone_stroke(ink: np.ndarray, box: tuple[int, int, int, int], speck: int = 8) -> bool:
    """The cell's ink is one blob (a printed `/`), not several (`+1`)."""
    return _blob_count(cell_ink(ink, box, reach=True)[0], speck) <= 1
