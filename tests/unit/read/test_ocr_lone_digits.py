"""A `0` or a `1` that the narrow pass reads unsure (a `1` at 0.83 is the rule at 40 pixels, and
a blurred `0` is often read `1`) is read widened, and that reading is kept when it is sure and
the ink has the digit's shape (round 16): one sure reading and the pixels. Anything else goes
on to the cell width as before. Digits are drawn with Pillow's own scalable font, whose `1`
has a long flag, and with OpenCV's strokes in the shape of a table font's `1` (a short flag
and a foot), at the heights a 150-300 dpi scan gives a table's digits."""
from __future__ import annotations

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from etl.read import ocr, ocr_engine, ocr_grid


def _line(text: str, size: int = 22) -> np.ndarray:
    """A BGR line image of `text`, dark on white, with a margin as a cell's line image has."""
    image = Image.new("L", (16 + size * len(text), size + 14), 255)
    ImageDraw.Draw(image).text((8, 4), text, font=ImageFont.load_default(size=size), fill=0)
    grey = np.asarray(image)
    return np.dstack([grey, grey, grey])


def _stroked(digit: str, height: int = 15) -> np.ndarray:
    """A table font's `1` (stem, short flag, foot) or `7` (bar, slanted stroke), drawn with
    OpenCV lines 2 pixels wide, `height` pixels high, in a cell line image's margin."""
    page = np.full((height + 12, height + 12), 255, np.uint8)
    top, bottom, mid = 6, 6 + height - 1, 6 + height // 3
    if digit == "1":
        cv2.line(page, (mid, top), (mid, bottom), 0, 2)
        cv2.line(page, (mid, top), (mid - height // 6, top + height // 6), 0, 1)  # the flag
        cv2.line(page, (mid - height // 5, bottom), (mid + height // 5, bottom), 0, 1)  # the foot
    else:
        cv2.line(page, (6, top), (6 + height // 2, top), 0, 2)  # the bar
        cv2.line(page, (6 + height // 2, top), (6 + height // 5, bottom), 0, 2)
    return np.dstack([page, page, page])


@pytest.mark.parametrize("height", [13, 15, 20, 28])
def test_a_table_fonts_one_is_one_shaped(height):
    assert ocr_grid.one_shaped(_stroked("1", height))


@pytest.mark.parametrize("height", [13, 15, 20, 28])
def test_a_seven_with_its_bar_is_not(height):
    assert not ocr_grid.one_shaped(_stroked("7", height))


@pytest.mark.parametrize("size", [14, 16, 18, 22, 30])
@pytest.mark.parametrize("digit", list("023456789"))
def test_no_other_digit_is_one_shaped(digit, size):
    assert not ocr_grid.one_shaped(_line(digit, size))


def test_a_one_with_a_long_flag_is_not_vouched_for():
    # Pillow's `1` at 22 pixels: its flag reaches into the middle, which then leans; such a `1`
    # is left to the cell width, as before
    assert not ocr_grid.one_shaped(_line("1", 22))


def test_a_seven_whose_stroke_falls_straight_is_not():
    # only its bar tells it from a `1`: the stroke under it is as upright as a stem
    seven = np.full((28, 27, 3), 255, np.uint8)
    cv2.line(seven, (7, 6), (13, 6), (0, 0, 0), 2)
    cv2.line(seven, (13, 6), (12, 21), (0, 0, 0), 2)
    assert not ocr_grid.one_shaped(seven)


def test_a_slash_a_one_beside_a_speck_and_an_eleven_are_not():
    slash = np.full((27, 27, 3), 255, np.uint8)
    cv2.line(slash, (17, 6), (8, 20), (0, 0, 0), 2)
    assert not ocr_grid.one_shaped(slash)
    specked = _stroked("1").copy()
    specked[2:4, 2:4] = 0
    assert not ocr_grid.one_shaped(specked)
    assert not ocr_grid.one_shaped(np.hstack([_stroked("1"), _stroked("1")]))


def _scripted(calls: list, first: tuple[str, float], widened: tuple[str, float], full: tuple[str, float]):
    """A recogniser reading every image as `first` in the narrow pass, `widened` in the narrow
    pass's second reading and `full` at the cell width."""
    def fake(images, short=False, width=None):
        calls.append((width, len(images)))
        if not images:
            return []
        if width == ocr.NUMBER_WIDTH:
            return [first if len(calls) == 1 else widened] * len(images)
        return [full] * len(images)
    return fake


def test_a_one_read_unsure_is_vouched_for_by_its_shape_and_a_sure_widened_reading(monkeypatch):
    calls: list = []
    monkeypatch.setattr(ocr_engine, "recognise", _scripted(calls, ("1", 0.83), ("1", 0.97), ("7", 0.99)))
    # the widened reading's confidence is the one kept: the value's engine confidence
    assert ocr._recognise_cells([_stroked("1")]) == [("1", 0.97, False)]
    assert [w for w, n in calls if n] == [ocr.NUMBER_WIDTH, ocr.NUMBER_WIDTH]


@pytest.mark.parametrize("widened", [("1", 0.9), ("7", 0.99), ("l", 0.99)])
def test_an_unsure_widened_reading_or_another_one_goes_on_to_the_cell_width(monkeypatch, widened):
    calls: list = []
    monkeypatch.setattr(ocr_engine, "recognise", _scripted(calls, ("1", 0.83), widened, ("1", 0.99)))
    assert ocr._recognise_cells([_stroked("1")]) == [("1", 0.99, False)]
    assert [w for w, n in calls if n][:3] == [ocr.NUMBER_WIDTH, ocr.NUMBER_WIDTH, None]


def test_a_seven_read_one_twice_is_not_taken_for_a_one(monkeypatch):
    # at 64 pixels a clear `7` was once read `1` by both narrow readings: its bar decides
    calls: list = []
    monkeypatch.setattr(ocr_engine, "recognise", _scripted(calls, ("1", 0.85), ("1", 0.99), ("7", 0.99)))
    assert ocr._recognise_cells([_stroked("7")]) == [("7", 0.99, False)]


def test_a_one_needs_a_first_reading_of_one(monkeypatch):
    # a first reading of `0` and a widened `1`: the readings disagree, the cell width decides
    calls: list = []
    monkeypatch.setattr(ocr_engine, "recognise", _scripted(calls, ("0", 0.6), ("1", 0.99), ("1", 0.995)))
    assert ocr._recognise_cells([_stroked("1")]) == [("1", 0.995, False)]
    assert [w for w, n in calls if n][2] is None


def test_a_zero_read_as_one_in_the_narrow_pass_is_kept_when_widened_it_reads_a_sure_zero(monkeypatch):
    calls: list = []
    monkeypatch.setattr(ocr_engine, "recognise", _scripted(calls, ("1", 0.55), ("0", 0.99), ("8", 0.99)))
    assert ocr._recognise_cells([_line("0")]) == [("0", 0.99, False)]
    # ... and not when the ink is a six's
    calls.clear()
    monkeypatch.setattr(ocr_engine, "recognise", _scripted(calls, ("1", 0.55), ("0", 0.99), ("6", 0.99)))
    assert ocr._recognise_cells([_line("6")]) == [("6", 0.99, False)]


def _cell_page(lines: list[str], size: int = 20) -> tuple[np.ndarray, np.ndarray, tuple[int, int, int, int]]:
    """(grey page, ink, cell box) of one ruled-free cell holding `lines` one under another."""
    page = Image.new("L", (400, 40 + len(lines) * (size + 10)), 255)
    draw = ImageDraw.Draw(page)
    for k, text in enumerate(lines):
        draw.text((20, 20 + k * (size + 10)), text, font=ImageFont.load_default(size=size), fill=0)
    grey = np.asarray(page).copy()
    return grey, ocr_grid.binarise(grey), (0, 0, grey.shape[1], grey.shape[0])


def test_a_wrapped_label_is_one_line_image_its_lines_side_by_side():
    grey, ink, box = _cell_page(["Resultab", "cd"])
    crop, lines = ocr._cell_lines(grey, ink, box)
    assert len(lines) == 1
    # as high as the taller line and the padding; as wide as both lines, a gap and the padding
    boxes = ocr_grid.text_lines(crop)
    assert lines[0].shape[0] == max(d - b for _, b, _, d in boxes) + 2 * ocr._PAD
    assert lines[0].shape[1] == sum(c - a for a, _, c, _ in boxes) + ocr._JOIN_GAP + 2 * ocr._PAD


def test_a_cell_whose_first_line_is_short_keeps_its_lines():
    # a number over another (a row line the grid missed) is read line by line, as before
    grey, ink, box = _cell_page(["12", "34"])
    assert len(ocr._cell_lines(grey, ink, box)[1]) == 2


def test_a_cell_of_specks_only_has_no_line():
    # ink, but no line of it three pixels high: no line image (as before round 16, which
    # failed the whole report on such a cell)
    grey = np.full((40, 80), 255, np.uint8)
    grey[18:20, 30:33] = 0
    ink = ocr_grid.binarise(grey)
    assert ocr._cell_lines(grey, ink, (0, 0, 80, 40))[1] == []


def test_a_sure_one_shaped_like_a_one_needs_no_widened_reading(monkeypatch):
    calls: list = []
    monkeypatch.setattr(ocr_engine, "recognise", _scripted(calls, ("1", 0.96), ("7", 0.99), ("7", 0.99)))
    assert ocr._recognise_cells([_stroked("1")]) == [("1", 0.96, False)]
    assert [w for w, n in calls if n] == [ocr.NUMBER_WIDTH]


def test_a_sure_one_whose_ink_is_a_sevens_is_read_widened_and_then_at_the_cell_width(monkeypatch):
    calls: list = []
    monkeypatch.setattr(ocr_engine, "recognise", _scripted(calls, ("1", 0.96), ("7", 0.99), ("7", 0.99)))
    assert ocr._recognise_cells([_stroked("7")]) == [("7", 0.99, False)]
    assert [w for w, n in calls if n][:3] == [ocr.NUMBER_WIDTH, ocr.NUMBER_WIDTH, None]
