"""Scanned pages → the `Document` the other readers produce, by OCR.

Each page: red ink dropped (a seal over a table), quarter turns and skew undone, ruled tables
found from their lines (etl.read.ocr_grid) and read cell by cell with the recogniser only;
the text outside the tables is detected and read line by line in reading order.

Trust: a cell whose ink holds a digit is kept only when the recogniser is confident
(`DIGIT_CONFIDENCE`) and no ink touches the crop's edge; otherwise the cell's text is
`UNREADABLE`, which the extractor stores as NULL with value_kind `unreadable`. A cell with no
dark pixels is blank; an inked cell that reads as nothing is read again and, failing that, is
`UNREADABLE` too, never blank. Confidences are kept on the document (`Document.ocr_texts`)
for `figures.ocr_confidence`.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import cv2
import numpy as np

from etl.model import NOT_APPLICABLE_MARKS, UNREADABLE_CELL, Block, Document, Table, TextBlock, make_table
from etl.read import ocr_engine, ocr_grid, ocr_lineless
from etl.read.ocr_grid import Grid
from etl.read.opencv_threads import one_thread

# The text of a cell whose digits cannot be trusted (etl.extract.numbers reads it as unreadable).
UNREADABLE = UNREADABLE_CELL
# Measured on generated scans (docs/benchmarks.md, "OCR"): once the slash rule below was in,
# no digit string was wrong at any threshold, so the scans could not place it; it is kept
# high as the margin for unseen scans, and costs 0-18 % of the cells of a heavily degraded
# page (those cells are NULL, never wrong). Since the second round the confidence of a cell read
# as a number is taken among number characters (etl.read.ocr_engine.recognise).
DIGIT_CONFIDENCE = 0.93
# a cell that reads as a value (digits, separators, a money unit), not a label that has digits
_VALUE_LIKE = re.compile(r"^[\d\s,.，．+\-－元万亿]*\d[\d\s,.，．+\-－元万亿]*$")
_PAD = 6  # paper around a line of ink given to the recogniser
_SIGNS = "-+－＋"
# Two digits blurred into one blob pass the blob count, and `31` was read as `3` by both narrow
# readings: a number's ink must not be wider than its digits. How wide a digit is depends on the
# font (width ÷ height 0.50-0.69 for a generated `0`, 0.82 in a real report), so the page's
# own single digits (not `1`, the narrow one) give the measure: n digits may be at most
# n × _DIGIT_SPREAD × their median, plus _ASPECT_SLACK, as wide as high. On 1,877 sure
# readings of generated scans one digit was 0.29-0.75, two 0.87-1.23, three 1.53-1.77 (a `0`
# 0.57 at the median). With fewer than _ASPECT_SAMPLES such digits the page is not measured.
_DIGIT_SPREAD = 1.25
_ASPECT_SLACK = 0.1
_ASPECT_SAMPLES = 3
# and ink lower than this share of the page's median digit height is no digit: a 3 × 4 speck at
# a cell's edge read as `1` (the page's digits 14-15 pixels high)
_DIGIT_LOW = 0.6
# and a cell read as plain digits has no blob between these shares of the page's median digit
# height: too high for dust, too low for a digit, it is a character the reading may have taken
# for one. A blurred `+3` (a round 7 × 8 blob before a 13-pixel `3`) was read `63` by both
# narrow readings at 0.97; its blob passed the sign test and the blob count, both relative to
# the cell's own tallest blob (0.6 of it), which the page's digits do not depend on
_PART_LOW = 0.3
_DIGIT_FULL = 0.75


@dataclass
class OcrPage:
    """What OCR made of one page: its blocks and the confidence of each text it read."""

    blocks: list[Block]
    confidences: list[tuple[str, float]] = field(default_factory=list)
    unreadable: int = 0


def _to_bgr(grey: np.ndarray) -> np.ndarray:
    return cv2.cvtColor(grey, cv2.COLOR_GRAY2BGR)


def _padded(grey: np.ndarray, x0: int, y0: int, x1: int, y1: int) -> np.ndarray:
    crop = grey[max(y0, 0):y1, max(x0, 0):x1]
    return cv2.copyMakeBorder(crop, _PAD, _PAD, _PAD, _PAD, cv2.BORDER_CONSTANT, value=255)


def upright(grey: np.ndarray, stamp: np.ndarray) -> tuple[np.ndarray, list[np.ndarray], np.ndarray]:
    """The page (and its seal mask) turned upright, quarter turns then skew, and its text-line
    boxes."""
    boxes = ocr_engine.detect(_to_bgr(grey))
    if grey.shape[1] > grey.shape[0] * 1.15 and _lines_stand(boxes):
        # a portrait page scanned sideways (a landscape page of lying lines stays as it is);
        # upside down is decided below
        grey, stamp = ocr_grid.rotate(grey, 270), ocr_grid.rotate(stamp, 270, fill=0)
        boxes = ocr_engine.detect(_to_bgr(grey))
    angle = ocr_grid.skew_degrees(boxes)
    if angle:
        grey, stamp = ocr_grid.rotate(grey, -angle), ocr_grid.rotate(stamp, -angle, fill=0)
        boxes = ocr_grid.rotate_points(boxes, grey.shape, -angle)
    if _upside_down(grey, boxes):
        grey, stamp = ocr_grid.rotate(grey, 180), ocr_grid.rotate(stamp, 180, fill=0)
        h, w = grey.shape
        boxes = [np.array([[w - x, h - y] for x, y in q[[2, 3, 0, 1]]], dtype=np.float32) for q in boxes]
    return grey, boxes, stamp


# A page whose ruled tables span less of its width than this may have text beside them: it
# is detected whole, as a page without tables is
_GRID_SPAN = 0.6
# rows of paper kept between a band of text and a table's outer ruling line
_BAND_GAP = 3
# paper added above and below a band (page pixels), at least enough for this many detector pixels
_BAND_PAD = 16
_BAND_MIN_HEIGHT = 96
# paper kept left and right of a band's ink (page pixels)
_BAND_SIDE = 64


def _upright_by_grid(grey: np.ndarray, stamp: np.ndarray, ink: np.ndarray | None = None):
    """A portrait page with ruled tables, made upright without detecting the whole page:
    skew from the ruling lines (etl.read.ocr_grid.rule_skew_degrees), the detector only on
    the bands above, between and below the tables (a table-only page detects next to
    nothing), upside down voted on the widest lines of those bands and of the table cells.
    (grey, text-line boxes outside the tables, stamp, ink, grids), or None for a page this
    does not fit (lying, no ruling lines that agree, no table, or a table with room beside
    it): `upright` then reads it. `ink`: the page binarised, when the caller has it."""
    h, w = grey.shape
    if w > h * 1.15:
        return None  # maybe a page scanned sideways: the detector's boxes decide
    ink = ocr_grid.binarise(grey) if ink is None else ink
    angle = ocr_grid.rule_skew_degrees(ink)
    if angle is None:
        return None
    if angle:
        grey, stamp = ocr_grid.rotate(grey, -angle), ocr_grid.rotate(stamp, -angle, fill=0)
        ink = ocr_grid.binarise(grey)
    grids = ocr_grid.find_grids(ink)
    if not grids or any(g.bbox[2] - g.bbox[0] < _GRID_SPAN * w for g in grids):
        return None
    boxes = _band_boxes(grey, ink, grids)
    if _upside_down(grey, boxes + _cell_line_boxes(ink, grids)):
        grey, stamp, ink = (ocr_grid.rotate(a, 180) for a in (grey, stamp, ink))
        grids = ocr_grid.find_grids(ink)
        boxes = _band_boxes(grey, ink, grids)
    return grey, boxes, stamp, ink, grids


def _band_boxes(grey: np.ndarray, ink: np.ndarray, grids: list[Grid]) -> list[np.ndarray]:
    """Text-line boxes of the full-width bands of the page outside its tables (page pixels);
    a band without ink is not detected."""
    scale = ocr_engine.page_scale(grey.shape)
    edges = [0] + [v for g in grids for v in (g.bbox[1] - _BAND_GAP, g.bbox[3] + _BAND_GAP)] + [grey.shape[0]]
    boxes: list[np.ndarray] = []
    for top, bottom in zip(edges[::2], edges[1::2]):
        if bottom - top < 8 or ocr_grid.is_blank(ink[max(top, 0):bottom]):
            continue
        top = max(top, 0)
        # paper above and below: the detector misses lines that fill a short band edge to edge
        pad = max(_BAND_PAD, int((_BAND_MIN_HEIGHT / scale - (bottom - top)) / 2) + 1)
        # and only the columns of the band's ink, with paper either side: a table page's
        # heading spans a third of the page, and the detector's time goes with its input's area
        cols = np.flatnonzero(ink[top:bottom].any(axis=0))
        left, right = max(int(cols[0]) - _BAND_SIDE, 0), min(int(cols[-1]) + 1 + _BAND_SIDE, grey.shape[1])
        band = cv2.copyMakeBorder(grey[top:bottom, left:right], pad, pad, 0, 0, cv2.BORDER_CONSTANT, value=255)
        for q in ocr_engine.detect_band(_to_bgr(band), scale):
            q = q + np.array([left, top - pad], dtype=np.float32)
            q[:, 1] = np.clip(q[:, 1], top, bottom)
            boxes.append(q)
    return boxes


# the widest lines of ink in the tables' cells the upside-down vote also looks at
_VOTE_CELLS = 12


def _cell_line_boxes(ink: np.ndarray, grids: list[Grid]) -> list[np.ndarray]:
    """Boxes (4×2, page pixels) of the lines of ink in the widest cells of the tables."""
    cells = sorted((c for g in grids for c in g.cells), key=lambda c: c.box[0] - c.box[2])[:_VOTE_CELLS]
    out = []
    for cell in cells:
        crop, (ox, oy) = ocr_grid.cell_ink(ink, cell.box)
        if ocr_grid.is_blank(crop):
            continue
        for a, b, c, d in ocr_grid.text_lines(crop):
            x0, y0, x1, y1 = ox + a, oy + b, ox + c, oy + d
            out.append(np.array([[x0, y0], [x1, y0], [x1, y1], [x0, y1]], dtype=np.float32))
    return out


def _lines_stand(boxes: list[np.ndarray]) -> bool:
    """Most text boxes are taller than wide: the lines of text run up the page."""
    if not boxes:
        return False
    standing = sum(1 for q in boxes if np.ptp(q[:, 1]) > 1.5 * np.ptp(q[:, 0]))
    lying = sum(1 for q in boxes if np.ptp(q[:, 0]) > 1.5 * np.ptp(q[:, 1]))
    return standing > lying


def _upside_down(grey: np.ndarray, boxes: list[np.ndarray]) -> bool:
    """The angle classifier's vote over the page's longer lines."""
    wide = sorted(boxes, key=lambda q: float(np.ptp(q[:, 0])), reverse=True)[:12]
    crops = [_to_bgr(_padded(grey, *_box_of(q))) for q in wide]
    return ocr_engine.upside_down(crops)


def _box_of(q: np.ndarray) -> tuple[int, int, int, int]:
    return int(q[:, 0].min()), int(q[:, 1].min()), int(np.ceil(q[:, 0].max())), int(np.ceil(q[:, 1].max()))


# A cell of several lines whose first line is at least this many times as wide as high (two
# characters) is a wrapped label (`结果维` over `持`, `三、本` over `年度办` over `理结果`): its
# lines are read as one, side by side, _JOIN_GAP pixels of paper apart. Each line read alone
# was padded to CELL_WIDTH, and the last, a character or two, was read unsure at NUMBER_WIDTH
# first (`正` read `E`): on bench/ocr_ab.py's 2021 table-only page 29 line images fewer, ~3,000
# of the recogniser's ~29,700 input columns (docs/benchmarks.md, "Round 16"). A number's cell
# has one line; two stacked (a row line the grid missed) read as they joined before, `1234`.
_JOIN_ASPECT = 1.5
_JOIN_GAP = 4


def _cell_lines(grey: np.ndarray, ink: np.ndarray, box: tuple[int, int, int, int]):
    """(crop of the cell's ink, its line images); no line images for a blank cell, one for a
    wrapped label (_JOIN_ASPECT)."""
    crop, (ox, oy) = ocr_grid.cell_ink(ink, box, reach=True)
    if ocr_grid.is_blank(crop):
        return crop, []
    lines = ocr_grid.text_lines(crop)  # (none for specks only)
    if len(lines) > 1 and lines[0][2] - lines[0][0] >= _JOIN_ASPECT * (lines[0][3] - lines[0][1]):
        return crop, [_to_bgr(_side_by_side(grey, ox, oy, lines))]
    return crop, [_to_bgr(_padded(grey, ox + a, oy + b, ox + c, oy + d)) for a, b, c, d in lines]


def _side_by_side(grey: np.ndarray, ox: int, oy: int, lines: list[tuple[int, int, int, int]]) -> np.ndarray:
    """The lines of a cell (boxes in its crop at ox, oy) as one line image: each centred on the
    tallest one's height, _JOIN_GAP of paper between them, _PAD around."""
    height = max(d - b for _, b, _, d in lines)
    pieces = []
    for a, b, c, d in lines:
        above = (height - (d - b)) // 2
        piece = grey[oy + b:oy + d, ox + a:ox + c]
        pieces.append(cv2.copyMakeBorder(piece, above, height - (d - b) - above, 0, _JOIN_GAP,
                                         cv2.BORDER_CONSTANT, value=255))
    row = cv2.hconcat(pieces)[:, :-_JOIN_GAP]
    return cv2.copyMakeBorder(row, _PAD, _PAD, _PAD, _PAD, cv2.BORDER_CONSTANT, value=255)


# a lone stroke read as `1` that leans this far from vertical is the not-applicable slash
_SLASH_DEGREES = 12.0
# the digits Unicode writes raised or lowered (¹, ₀), which NFKC would turn into plain ones
_SCRIPT_DIGIT = re.compile(r"[\u00b2\u00b3\u00b9\u2070-\u2079\u2080-\u2089]")
# one or two characters, none of them ASCII, a CJK ideograph, a digit (full-width, 〇) or a full-width not-applicable mark
# (／ — － – 、, as etl.extract.numbers.NOT_APPLICABLE reads them)
_STRAY_GLYPH = re.compile(r"^[^\x00-\x7f\u3400-\u9fff\u3007\uff10-\uff19／—－–、]{1,2}$")


# the letters the table extractor reads as the digits they look like (etl.extract.tables.assign)
_LOOKALIKE_DIGITS = frozenset("0123456789OolI")


def _garbled_number(text: str) -> bool:
    """A short ASCII reading that is no number, no lookalike of one and no lone slash, with a
    digit in it or a single letter: `B`, `Q`, `0 k`, `/0`, `N0`, what noise or a seal over a
    number cell reads as. Passed on as text it would make its whole row unassignable; it is a
    number nobody can read."""
    t = text.replace(" ", "")
    return (0 < len(t) <= 3 and t.isascii() and not _VALUE_LIKE.match(text) and not set(t) <= _LOOKALIKE_DIGITS
            and (any(c.isdigit() for c in t) or (len(t) == 1 and t.isalpha())))


def _verdict(text: str, conf: float, crop: np.ndarray, boxes: list[np.ndarray] | None = None) -> str:
    """The cell's text as read, or UNREADABLE for a value OCR cannot vouch for; `boxes`: the
    crop's ocr_grid.blob_boxes, when the caller has them."""
    if text in ("1", "/", "l", "I", "|") and ocr_grid.slant_degrees(crop) > _SLASH_DEGREES:
        return "/"
    if text == "/":  # an upright stroke read as a slash: a 1 or a slash, not known
        return UNREADABLE
    if _VALUE_LIKE.match(text):
        if conf < DIGIT_CONFIDENCE or ocr_grid.touches_edge(crop):
            return UNREADABLE
        boxes = ocr_grid.blob_boxes(crop) if boxes is None else boxes
        if text[0] not in _SIGNS and ocr_grid.leading_sign(crop, boxes=boxes):
            return UNREADABLE  # a `-` or `+` in the ink that the reading left out
        if sum(c.isdigit() or c in _SIGNS for c in text) < ocr_grid.digit_blobs(crop, boxes=boxes):
            # more digits in the ink than in the reading (`311` read `31`); a sign read counts
            # as its blob (a `+` is as high as 0.6 of a digit and more)
            return UNREADABLE
        if not any(c in ".,，．" for c in text) and ocr_grid.inner_point(crop, boxes=boxes):
            return UNREADABLE  # a decimal point the reading left out (`100.18` read `10018`)
    if _SCRIPT_DIGIT.search(text) and len(text) <= 4:
        # a sub- or superscript digit is a small glyph off the line: noise or a seal's edge
        # beside a digit (a `0` with an arc before it was read `1₀`), not a printed number
        return UNREADABLE
    if _garbled_number(text):
        return UNREADABLE
    if _STRAY_GLYPH.match(text):
        # a glyph that is neither a digit, a letter the extractor reads as one, a word nor a
        # not-applicable mark (PP-OCRv6 reads a `0` under a seal as `θ`): the cell's value is
        # not known; passed on as text it would make the whole row unassignable
        return UNREADABLE
    return text


# A line image no wider than this many times its height is a short number (`0`, `12`, `3.5`):
# it is read first in a fast narrow pass, twice: as it is, padded to NUMBER_WIDTH pixels, and
# with WIDEN pixels more paper left and right. A number is kept only when both readings are the
# same, sure (DIGIT_CONFIDENCE) and have as many characters as the image has blobs of ink;
# anything else is read again at CELL_WIDTH, which decides. One reading alone is not enough:
# at 64 pixels it read a clear `7` as `1` (twice) and a blurred `13` as `3`, each above 0.95,
# in 3,062 narrow cells of 10 generated scans and bench/ocr_ab.py's 8 pages; the widened reading
# disagreed with each, and two readings agreed on no wrong number there (docs/benchmarks.md,
# "Round 10: OCR trust"). A `0` whose ink is shaped as a zero (ocr_grid.zero_shaped: one ring
# around one tall centred hole) is vouched for by its pixels instead of the widened reading:
# zeros are most of a table's cells, and in 3,662 sure narrow readings of `0` on the graded scans
# the widened reading read `0` every time (docs/benchmarks.md, "Round 15"). So is a `1` whose
# ink is one upright stroke (ocr_grid.one_shaped; no `7`'s bar, no `4`'s or `2`'s middle): the
# clear `7` read `1` has its bar, and 396 sure narrow readings of `1` so shaped on the scans of
# round 16 all read `1` at the cell width (docs/benchmarks.md, "Round 16").
_NARROW = 1.6
NUMBER_WIDTH = 40
WIDEN = 8


# A narrow cell read as a short label (`总计`, or `持`, the last line of a wrapped `结果维持`)
# this sure is not read again at CELL_WIDTH; a single character must be surer and not one of
# the strokes a digit or the not-applicable slash can pass for
_LABEL_CONFIDENCE = 0.95
_ONE_CHARACTER_CONFIDENCE = 0.98
_DIGIT_LIKE_HAN = "丨丿乀一二三十〇口日目曰工土士干于乙入八人了己已巳"
_HAN = re.compile(r"[\u4e00-\u9fff]")


def _short_label(text: str, conf: float) -> bool:
    """A narrow reading kept as it is: Chinese characters only, none a number is made of
    (`元`, `万`) or that a digit can pass for, read sure. A label's text only places its row or
    column; a value is never taken from it."""
    han = _HAN.findall(text)
    if not han or len(han) != len(text) or any(c in ocr_engine.NUMBER_CHARS or c in _DIGIT_LIKE_HAN for c in han):
        return False
    return conf >= (_LABEL_CONFIDENCE if len(han) >= 2 else _ONE_CHARACTER_CONFIDENCE)


def _recognise_cells(images: list[np.ndarray]) -> list[tuple[str, float, bool]]:
    """(text, confidence, disputed) of the line images of table cells: short numbers in a fast
    narrow pass, read twice and vouched for by their blob count (a `0` or a `1` by its shape
    instead: read once when sure, widened when not), the rest at the cell width. A
    number read at the cell width is read widened too, as in the narrow pass (`100.18` was read
    `10018` once): when the two readings differ it is `disputed`, and its cell is unreadable."""
    out: list[tuple[str, float, bool] | None] = [None] * len(images)
    narrow = [k for k, img in enumerate(images) if img.shape[1] <= _NARROW * img.shape[0]]
    sure: dict[int, tuple[str, float]] = {}
    lone: dict[int, str] = {}  # one blob read unsure as a lone digit: its shape may vouch for the widened reading
    for k, (text, conf) in zip(narrow, ocr_engine.recognise([images[k] for k in narrow], short=True,
                                                            width=NUMBER_WIDTH)):
        text = text.strip()
        if _short_label(text, conf):
            out[k] = (text, conf, False)
        elif (_VALUE_LIKE.match(text) and conf >= DIGIT_CONFIDENCE
              and len(text.replace(" ", "")) == ocr_grid.blobs(images[k])):
            if _shaped_as(text, images[k]):
                # the ink is a ring around a centred hole (no 6, 8 or 9), or one upright stroke
                # narrow at its top and middle (no 7, 4 or 2)
                out[k] = (text, conf, False)
            else:
                sure[k] = (text, conf)
        elif text in _LONE_DIGITS and ocr_grid.blobs(images[k]) == 1:
            lone[k] = text
    widened = list(sure) + sorted(lone)
    for k, (again, conf) in zip(widened, ocr_engine.recognise([_widened(images[k]) for k in widened], short=True,
                                                              width=NUMBER_WIDTH)):
        again = again.strip()
        if k in sure:
            text, first_conf = sure[k]
            if again == text and conf >= DIGIT_CONFIDENCE:
                out[k] = (text, min(first_conf, conf), False)
        elif conf >= DIGIT_CONFIDENCE and (again == "0" or lone[k] == again) and _shaped_as(again, images[k]):
            out[k] = (again, conf, False)
    rest = [k for k, r in enumerate(out) if r is None]
    for k, (text, conf) in zip(rest, ocr_engine.recognise([images[k] for k in rest], short=True)):
        out[k] = (text, conf, False)
    numbers = [k for k in rest if _VALUE_LIKE.match(out[k][0].strip()) and out[k][1] >= DIGIT_CONFIDENCE]
    for k, (again, conf) in zip(numbers, ocr_engine.recognise([_widened(images[k]) for k in numbers], short=True)):
        text, first, _ = out[k]
        out[k] = (text, min(first, conf), again.strip() != text.strip())
    return out


# A `0` or a `1` is read unsure at NUMBER_WIDTH more often than any other digit: of 1,095
# narrow cells read `1` there on 40 graded scans of round 16, 684 were below DIGIT_CONFIDENCE,
# 412 of them `1`s and 212 `0`s at the cell width; each then cost two readings at CELL_WIDTH. Such a cell
# is read widened instead, and that reading is kept when it is sure and the ink has the shape
# of the digit it reads (ocr_grid.zero_shaped, ocr_grid.one_shaped), a `1` only when the
# first reading was a `1` too: one sure reading and the pixels, as for a sure `0` above. The
# widened reading's confidence is the one kept.
_LONE_DIGITS = frozenset("01")


def _shaped_as(text: str, image: np.ndarray) -> bool:
    """Is the line image's ink shaped as the one digit `text` reads (`0` or `1`)?"""
    return (text == "0" and ocr_grid.zero_shaped(image)) or (text == "1" and ocr_grid.one_shaped(image))


def _widened(image: np.ndarray) -> np.ndarray:
    """The line image with WIDEN more pixels of paper left and right: a second view of it."""
    return cv2.copyMakeBorder(image, 0, 0, WIDEN, WIDEN, cv2.BORDER_CONSTANT, value=(255, 255, 255))


def _unlike_the_font(read: list[tuple[str, float | None]], crops: list[np.ndarray],
                     boxes: Callable[[int], list[np.ndarray]] | None = None) -> list[int]:
    """The cells read as plain digits whose ink is wider than that many digits of the page's
    font, or lower than its digits, or with a blob too high for dust and too low for a digit
    (see _DIGIT_SPREAD, _DIGIT_LOW, _PART_LOW and _DIGIT_FULL); and the cells read as a number
    of several plain digits with more digits in their ink than in the reading, a blob as wide
    as two of the page's digits counting as two (`1196` read `196` by both narrow readings at
    0.94 on a shaded photo whose `96` had run together: four digits in three blobs, two of them
    narrow `1`s). `boxes`: cell → its crop's ocr_grid.blob_boxes, when the caller has them."""
    boxes = boxes or (lambda k: ocr_grid.blob_boxes(crops[k]))
    digits = [k for k, (text, _) in enumerate(read) if text.isascii() and text.isdigit()]
    size = {k: ocr_grid.ink_size(crops[k], boxes=boxes(k)) for k in digits}
    digits = [k for k in digits if size[k][1]]
    # the page's digits' width ÷ height: its digit cells' ink width per digit over their height
    # (`1`s left out: narrow); as a share of the height, as a report prints some tables larger
    per_digit = [size[k][0] / len(read[k][0]) / size[k][1] for k in digits if read[k][0].strip("1")]
    unlike = []
    singles = [size[k][0] / size[k][1] for k in digits if len(read[k][0]) == 1 and read[k][0] != "1"]
    if len(singles) >= _ASPECT_SAMPLES:
        digit = float(np.median(singles)) * _DIGIT_SPREAD
        height = float(np.median([size[k][1] for k in digits]))
        unlike = [k for k in digits
                  if size[k][0] / size[k][1] > digit * len(read[k][0]) + _ASPECT_SLACK
                  or size[k][1] < height * _DIGIT_LOW
                  or ocr_grid.blobs_between(crops[k], height * _PART_LOW, height * _DIGIT_FULL, boxes=boxes(k))]
    if len(per_digit) < _ASPECT_SAMPLES:
        return unlike
    aspect = float(np.median(per_digit))
    # (plain digits only: a decimal point run into its digits widens their blob by half a digit,
    # and `5.84` in one blob counted four)
    return unlike + [k for k in digits if k not in unlike and len(read[k][0]) > 1
                     and ocr_grid.digits_in_ink(crops[k], aspect, boxes=boxes(k)) > len(read[k][0])]


def _under_seal(stamp: np.ndarray, box: tuple[int, int, int, int]) -> bool:
    """Does the red of a seal (`stamp`, the mask drop_red took off the page) cover the cell?"""
    return not ocr_grid.is_blank(ocr_grid.cell_ink(stamp, box)[0])


def _read_cells(grey: np.ndarray, ink: np.ndarray, stamp: np.ndarray,
                boxes: list[tuple[int, int, int, int]]) -> list[tuple[str, float | None]]:
    """(text, confidence) of each cell, all lines recognised in one batch; ('', None) for a
    blank cell. An inked cell that reads as nothing is read again, larger, then UNREADABLE."""
    cells = [_cell_lines(grey, ink, box) for box in boxes]
    flat = [img for _, lines in cells for img in lines]
    read = iter(_recognise_cells(flat))
    out: list[tuple[str, float | None]] = []
    again: list[int] = []
    disputed: set[int] = set()
    found: dict[int, list[np.ndarray]] = {}

    def blobs(k: int) -> list[np.ndarray]:
        """The blobs of cell k's ink, found once for every check of its digits."""
        if k not in found:
            found[k] = ocr_grid.blob_boxes(cells[k][0])
        return found[k]

    for k, ((crop, lines), box) in enumerate(zip(cells, boxes)):
        if not lines:
            # no ink left, but a seal lies over the cell: its digits may be under the red
            out.append((UNREADABLE, 0.0) if _under_seal(stamp, box) else ("", None))
            continue
        parts = [next(read) for _ in lines]
        text = "".join(t.strip() for t, _, _ in parts)
        conf = min(s for _, s, _ in parts)
        if not text:
            again.append(k)
        verdict = _verdict(text, conf, crop, blobs(k)) if text else ""
        if _VALUE_LIKE.match(verdict) and any(d for _, _, d in parts):
            verdict = UNREADABLE  # two readings of a number that differ: neither is taken
            disputed.add(k)
        out.append((verdict, conf))
    # a value read below the threshold is read once more at the recogniser's full width (the
    # narrow batch is faster but less sure of some right digits); the second reading decides
    doubtful = [k for k, (text, conf) in enumerate(out) if text == UNREADABLE and conf and k not in disputed
                and cells[k][1] and not ocr_grid.touches_edge(cells[k][0])]
    if doubtful:
        lines = [img for k in doubtful for img in cells[k][1]]
        second = iter(ocr_engine.recognise(lines))
        full_width: dict[int, str] = {}
        for k in doubtful:
            parts = [next(second) for _ in cells[k][1]]
            text, conf = "".join(t.strip() for t, _ in parts), min(s for _, s in parts)
            out[k] = (_verdict(text, conf, cells[k][0], blobs(k)), conf) if text else (UNREADABLE, conf)
            full_width[k] = text
        _read_denoised(out, {k: t for k, t in full_width.items()
                             if out[k][0] == UNREADABLE and not _under_seal(stamp, boxes[k])}, cells)
    if again:
        big = [cv2.resize(cv2.vconcat(cells[k][1]) if len(cells[k][1]) == 1 else cells[k][1][0], None, fx=2, fy=2)
               for k in again]
        for k, (text, conf) in zip(again, ocr_engine.recognise(big, short=True)):
            text = text.strip()
            out[k] = (_verdict(text, conf, cells[k][0], blobs(k)), conf) if text else (UNREADABLE, 0.0)
    for k in _unlike_the_font(out, [crop for crop, _ in cells], blobs):
        out[k] = (UNREADABLE, out[k][1])
    for k, (text, conf) in enumerate(out):
        if text in _STROKE_MARKS and _doubtful_mark(text, ink, stamp, boxes[k], cells[k][0]):
            out[k] = (UNREADABLE, conf)
    return out


# the not-applicable marks made of strokes, which a seal's ring or a scan's smudge can pass for
_STROKE_MARKS = frozenset(m for m in NOT_APPLICABLE_MARKS if not _HAN.search(m))


def _read_denoised(out: list[tuple[str, float | None]], unsure: dict[int, str], cells: list) -> None:
    """Cells still unsure after the full-width reading (`unsure`: cell → that reading), read
    from two denoised views of their line (in place). A noisy scan's grain lowers the
    recogniser's confidence in digits it reads right (`16` at 0.78 through the grain, 0.998
    after a 3×3 median). The two views, a median and non-local means, take the grain off in
    different ways, and can take a decimal point with it (`21.2` read `212` by both, on a scan
    no rule was tuned on). So they only confirm: the value is taken when both views read what
    the full-width reading read, each at DIGIT_CONFIDENCE, and it passes the checks of the ink
    (_verdict: the edge, a sign, the digits' blobs, a point). Not under a seal: there the doubt
    is the seal's strokes, which no denoising takes off."""
    keys = [k for k in unsure if len(cells[k][1]) == 1 and _VALUE_LIKE.match(unsure[k])]
    if not keys:
        return
    reads = iter(ocr_engine.recognise([v for k in keys for v in _denoised_views(cells[k][1][0])], short=True))
    for k in keys:
        (a, conf_a), (b, conf_b) = next(reads), next(reads)
        text, conf = unsure[k], min(conf_a, conf_b)
        if a.strip() == b.strip() == text and conf >= DIGIT_CONFIDENCE and _verdict(text, conf, cells[k][0]) == text:
            out[k] = (text, conf)


def _denoised_views(line: np.ndarray) -> list[np.ndarray]:
    """A line image without its grain, two ways: a 3×3 median, and non-local means (strength 15)."""
    grey = cv2.cvtColor(line, cv2.COLOR_BGR2GRAY)
    return [_to_bgr(cv2.medianBlur(grey, 3)), _to_bgr(cv2.fastNlMeansDenoising(grey, None, 15, 7, 21))]


def _doubtful_mark(text: str, ink: np.ndarray, stamp: np.ndarray, box: tuple[int, int, int, int],
                   crop: np.ndarray) -> bool:
    """Is a cell read as a not-applicable mark (`/`, `\\`, `—`) perhaps something else? The
    slash rule (_verdict) turns a leaning `1` into `/`, and `+1` read as `1` leans as a whole:
    a slash is one stroke of ink, anything more is unknown. Under a seal, what is left of its
    ring's edge leans like a slash or lies like a dash: unknown too, and so is a stroke that
    runs out of the cell: a printed mark keeps clear of the lines, the ring of a seal scanned
    in grey, which no red gives away, crosses them (5 of 11 wrong cells on 10 such scans
    before its seal was found; an empty cell crossed by the ring was read `\\`)."""
    return ((text == "/" and not ocr_grid.lone_stroke(ink, box)) or _under_seal(stamp, box)
            or ocr_grid.touches_edge(crop))


def _table(grid: Grid, ink: np.ndarray, read: list[tuple[str, float | None]], page_no: int, page: OcrPage,
           sealed: list[bool] | None = None) -> Table:
    """The table of a grid from its cells' readings (`_read_cells`, in the grid's cell order);
    `sealed`: which cells a seal lies over (Table.sealed gets those read as a value)."""
    rows: list[list[tuple[str, int, int]]] = [[] for _ in range(grid.n_rows)]
    read = _foreign_in_values(grid, _drop_cut_labels(grid, ink, read))
    if sealed:
        read = [(_SEAL_DIGIT.sub("", t), c) if s else (t, c) for s, (t, c) in zip(sealed, read)]
    for cell, (text, conf) in zip(grid.cells, read):
        if conf is not None:
            page.confidences.append((text, conf))
        if text == UNREADABLE:
            page.unreadable += 1
        rows[cell.row].append((text, cell.rowspan, cell.colspan))
    table = make_table(rows, page_no)
    if sealed:
        positions = frozenset((c.row, c.col) for c, s, (t, _) in zip(grid.cells, sealed, read)
                              if s and _VALUE_LIKE.match(t))
        table = replace(table, sealed=positions) if positions else table
    return table


# in a cell a seal lies over, a lone digit glued to the start or end of a word is a stroke of the
# seal (`政诉讼1`, `1结果纠正` in a 表四 header: digits in a header left the whole table
# unassignable). A row's numbering keeps its point (`3.其他`), an amount its unit (`5万元`).
_SEAL_DIGIT = re.compile(r"^\d(?=[\u4e00-\u9fff])(?![万亿元件条个项次])|(?<=[\u4e00-\u9fff])\d$")


def _first_value_column(grid: Grid, read: list[tuple[str, float | None]]) -> int:
    """The leftmost column with a cell read as a value (or one OCR could not read): the
    columns left of it hold labels."""
    return min((c.col for c, (t, _) in zip(grid.cells, read) if _VALUE_LIKE.match(t) or t == UNREADABLE),
               default=grid.n_cols)


# a number as a table cell prints it: a sign, digits (with thousands commas or one decimal part),
# a unit of money (as etl.extract.numbers reads cells)
_WELL_FORMED = re.compile(r"^[+\-－]?\d+(?:,\d{3})*(?:[.．]\d+)?(?:元|万元|亿元)?$")
# a reading this long in a value cell is left as the text it is: a note, not a misread number
_FOREIGN_LENGTH = 8
# a column is a value column when at least this many of its cells in rows with values are
# values, and at least this many times as many as its other non-empty cells there (本年增/减
# under a seal: 5 values, 2 misread; a label column of 表三: 4 values, 18 rows of labels)
_VALUE_COLUMN_CELLS = 2
_VALUE_COLUMN_SHARE = 1.5


def _foreign_in_values(grid: Grid, read: list[tuple[str, float | None]]) -> list[tuple[str, float | None]]:
    """A cell of a value column, in a row with a value, read as something that is no number
    and no not-applicable mark: `重`, `日` or a lone `I` where a seal or noise lay over a
    digit, `0Aq4：0`, `0.`, `1 0`; or spanning rows. Passed on as text it makes the extractor
    drop the whole row (a row with a word or a broken number among its numbers cannot be
    assigned) or take a letter for a digit; it is a value nobody can read, so UNREADABLE.
    Header rows (no value) keep their words, and so do the label columns, which in real
    tables start at different columns from row to row (`（三）不予公开` spanning 8 rows
    where other rows print values)."""
    value_like = [bool(_VALUE_LIKE.match(t)) or t == UNREADABLE for t, _ in read]
    data_rows = {c.row for c, v in zip(grid.cells, value_like) if v}
    values: dict[int, int] = {}
    words: dict[int, int] = {}
    for cell, v, (text, _) in zip(grid.cells, value_like, read):
        if cell.row in data_rows and cell.colspan == 1 and text:
            if v:
                values[cell.col] = values.get(cell.col, 0) + 1
            else:  # (a label spanning rows stands for each of them)
                words[cell.col] = words.get(cell.col, 0) + cell.rowspan
    # a value column: most of its cells in rows with values are values
    columns = {c for c, n in values.items() if n >= _VALUE_COLUMN_CELLS and n >= _VALUE_COLUMN_SHARE * words.get(c, 0)}
    out = list(read)
    for k, (cell, (text, conf)) in enumerate(zip(grid.cells, read)):
        if cell.row not in data_rows or cell.col not in columns or cell.colspan != 1 or not text or text == UNREADABLE:
            continue
        t = text.replace(" ", "") if not value_like[k] else text.strip()
        if cell.rowspan > 1 or (len(t) <= _FOREIGN_LENGTH and not _WELL_FORMED.match(t)
                                and t not in NOT_APPLICABLE_MARKS):
            # (a value cell spanning rows is two cells whose line a seal or a faint scan erased:
            # its reading, one number or two run together, is no single row's)
            out[k] = (UNREADABLE, conf)
    return out


# a label cell read below this confidence whose ink a page break cut is a fragment, not a label
_FRAGMENT_CONFIDENCE = 0.9


def _drop_cut_labels(grid: Grid, ink: np.ndarray, read: list[tuple[str, float | None]]) -> list[tuple[str, float | None]]:
    """A table cut by a page break can leave half a line of a label's characters in its first
    or last row: read as noise (`/ rm \\L L II`, `7 t \\T*LL`), it lands in the row before
    and spoils that row's values. Such a cell, in a label column (left of every column that
    holds a value), read at low confidence, not value-like, with ink touching the table's
    outer edge, is read as empty: its row's label and values come from their own cells.
    A value column's cell is never emptied."""
    first_value = _first_value_column(grid, read)
    out = list(read)
    for k, (cell, (text, conf)) in enumerate(zip(grid.cells, read)):
        at_top, at_bottom = cell.row == 0, cell.row + cell.rowspan == grid.n_rows
        if not text or conf is None or conf >= _FRAGMENT_CONFIDENCE or cell.col + cell.colspan > first_value:
            continue
        if _VALUE_LIKE.match(text) or text == UNREADABLE or not (at_top or at_bottom):
            continue
        crop, _ = ocr_grid.cell_ink(ink, cell.box, reach=True)
        if (at_top and crop[0].any()) or (at_bottom and crop[-1].any()):
            out[k] = ("", conf)
    return out


def _in_any(q: np.ndarray, grids: list[Grid]) -> bool:
    cx, cy = float(q[:, 0].mean()), float(q[:, 1].mean())
    return any(g.bbox[0] <= cx <= g.bbox[2] and g.bbox[1] <= cy <= g.bbox[3] for g in grids)


def _text_lines(grey: np.ndarray, boxes: list[np.ndarray], page: OcrPage) -> list[tuple[float, str]]:
    """(top, text) of each line of running text: boxes on one line joined left to right."""
    if not boxes:
        return []
    read = ocr_engine.recognise([_to_bgr(_padded(grey, *_box_of(q))) for q in boxes])
    items = sorted(((_box_of(q), t.strip(), s) for q, (t, s) in zip(boxes, read) if t.strip()),
                   key=lambda k: (k[0][1] + k[0][3]) / 2)
    lines: list[list] = []
    for box, text, score in items:
        cy, height = (box[1] + box[3]) / 2, box[3] - box[1]
        if lines and abs(cy - lines[-1][0]) < height * 0.5:
            lines[-1][1].append((box[0], text, score))
        else:
            lines.append([cy, [(box[0], text, score)], box[1]])
    out = []
    for cy, parts, top in lines:
        parts.sort()
        text = "".join(t for _, t, _ in parts)
        page.confidences.append((text, min(s for _, _, s in parts)))
        out.append((top, text))
    return out


def read_page(image: np.ndarray, page_no: int) -> OcrPage:
    """One page image (BGR or grey) → its blocks in reading order; from the OCR cache
    (etl.read.ocr_cache) when the same pixels were read before. Blocks are cached with page 1
    and given `page_no` here."""
    from dataclasses import replace

    from etl.read import ocr_cache

    key = ocr_cache.page_key(image)
    hit = ocr_cache.load(key)
    if hit is None:
        page = _read_page(image, 1)
        ocr_cache.store(key, page.blocks, page.confidences, page.unreadable)
    else:
        page = OcrPage(*hit)
    if page_no != 1:
        page.blocks = [replace(b, page=page_no) for b in page.blocks]
    return page


def _read_page(image: np.ndarray, page_no: int) -> OcrPage:
    """One page image (BGR or grey) → its blocks in reading order."""
    with one_thread():
        return _read_upright(image, page_no)


def _read_upright(image: np.ndarray, page_no: int) -> OcrPage:
    """`_read_page`'s work: the page turned upright, its tables and lines read."""
    image = ocr_grid.even_light(image)
    if image.ndim == 3:
        grey, stamp = ocr_grid.drop_red(image)
    else:
        grey, stamp = image, np.zeros_like(image)
    # a page photographed at a slant, its tables' rules leaning towards each other, made square
    # (the seal's mask with it, as a turn does below)
    ink = ocr_grid.binarise(grey)
    slant = ocr_grid.keystone(ink)
    if slant is not None:
        grey, stamp, ink = ocr_grid.unwarp(grey, slant), ocr_grid.unwarp(stamp, slant, fill=0), None
    ruled = _upright_by_grid(grey, stamp, ink)
    if ruled is None:
        grey, boxes, stamp = upright(grey, stamp)
        ink = ocr_grid.binarise(grey)
        grids = ocr_grid.find_grids(ink)
    else:
        grey, boxes, stamp, ink, grids = ruled
    ring = None
    if not stamp.any():
        # no red on the page: a seal may have been scanned in grey. Its cells are then read as
        # sealed ones are, and the tables found again without its strokes, which are as dark
        # as ruling lines: a star's body or the ring's side stood as a column line, split cells
        # and left their rows unassignable. On 10 grey scans of seed 23: 80 % of cells right
        # and 11 wrong at 854da1c; 86 % and none wrong; 97 % once the walls between cells
        # under the seal were judged as scanned (find_grids) and its block's zeros forced
        # (etl.validate.ocr_derive)
        ring = ocr_grid.find_grey_seal(ink)
        stamp = ocr_grid.grey_seal_mask(ink, ring)
        if ring is not None:
            grids = ocr_grid.find_grids(ink, seal=stamp)
    page = OcrPage([])
    placed: list[tuple[float, Block]] = []
    # tables printed without ruling lines (or whose lines the scan lost): a grid from the ink
    lineless = ocr_lineless.find_tables(ink, grids)
    placed += ocr_lineless.read_tables(grey, ink, stamp, lineless, page_no, page)
    for top, text in _text_lines(grey, [q for q in boxes if not _in_any(q, grids + [t.grid for t in lineless])], page):
        placed.append((top, TextBlock(text, page_no)))
    # the cells of all the page's tables read together: one font, measured once (_unlike_the_font)
    cells = [c.box for grid in grids for c in grid.cells]
    # a grey seal stays on the page: its ring's pieces beside a cell's digits are wiped for reading
    seen = ocr_grid.without_ring_pieces(grey, ink, ring[:3], cells) if ring else (grey, ink)
    read = iter(_read_cells(*seen, stamp, cells))
    for grid in grids:
        sealed = [_under_seal(stamp, c.box) for c in grid.cells] if stamp.any() else None
        placed.append((grid.bbox[1], _table(grid, ink, [next(read) for _ in grid.cells], page_no, page, sealed)))
    placed.sort(key=lambda p: p[0])
    page.blocks = [b for _, b in placed]
    return page


def pages_to_document(images, page_numbers: list[int], source_format: str) -> Document:
    """Page images (an iterable, read one at a time) → a Document of their blocks."""
    blocks: list[Block] = []
    texts: list[tuple[int, str, float]] = []
    warnings: list[str] = []
    for image, page_no in zip(images, page_numbers):
        page = read_page(image, page_no)
        if not page.blocks:
            warnings.append(f"page {page_no}: scanned, OCR found no text")
        blocks += page.blocks
        texts += [(page_no, t, round(c, 4)) for t, c in page.confidences]
    doc = Document(blocks, source_format, page_count=len(page_numbers), warnings=warnings)
    doc.ocr_pages, doc.ocr_texts = list(page_numbers), texts
    return doc


def max_pages() -> int:
    """Pages OCR will read in one file ($XXGK_OCR_MAX_PAGES, default 30): a 500-page scan is
    quarantined with the reason rather than holding a worker for half an hour. At about 3 s a
    page (docs/benchmarks.md) 30 pages fit in the ingest's default 120 s per file."""
    import os

    try:
        return max(1, int(os.environ.get("XXGK_OCR_MAX_PAGES", "30")))
    except ValueError:
        return 30
