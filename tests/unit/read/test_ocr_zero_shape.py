"""A `0` read sure in the narrow pass is vouched for by its ink instead of a second, widened
reading when the ink is shaped as a zero: one ring around one tall hole in its middle. Digits
are drawn with Pillow's own scalable font (no font file from the system), at the heights a
150-300 dpi scan gives a table's digits."""
from __future__ import annotations

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


@pytest.mark.parametrize("size", [16, 22, 30])
def test_a_printed_zero_is_zero_shaped(size):
    assert ocr_grid.zero_shaped(_line("0", size))


@pytest.mark.parametrize("text", ["6", "9", "8", "4", "1", "7", "00", "10"])
def test_digits_with_a_hole_off_centre_two_holes_or_none_are_not(text):
    # a 6's or a 9's hole is in one half of it; an 8 has two; a 4's is small and high
    assert not ocr_grid.zero_shaped(_line(text))


def test_a_zero_that_noise_broke_open_is_not():
    line = _line("0")
    ink = ocr_grid._line_ink(line)
    rows = np.flatnonzero(ink.any(axis=1))
    middle = rows[len(rows) // 2]
    left = np.flatnonzero(ink[middle])[0]
    line[middle - 1:middle + 2, :left + 5] = 255  # the ring cut through on the left, the hole let out
    assert not ocr_grid.zero_shaped(line)


def test_a_zero_with_a_speck_beside_it_is_not():
    line = _line("0")
    line[2:5, 2:5] = 0  # a second blob: the reading's one character is not all the ink
    assert not ocr_grid.zero_shaped(line)


def _fake_recogniser(calls: list, first: str, widened: str):
    def fake(images, short=False, width=None):
        calls.append((width, len(images)))
        if not images:
            return []
        if width == ocr.NUMBER_WIDTH and len(calls) == 1:
            return [(first, 0.97)] * len(images)
        if width == ocr.NUMBER_WIDTH:
            return [(widened, 0.99)] * len(images)
        return [(widened, 0.99)] * len(images)
    return fake


def test_a_sure_zero_shaped_like_a_zero_needs_no_widened_reading(monkeypatch):
    calls: list = []
    monkeypatch.setattr(ocr_engine, "recognise", _fake_recogniser(calls, "0", "0"))
    assert ocr._recognise_cells([_line("0")]) == [("0", 0.97, False)]
    assert calls == [(ocr.NUMBER_WIDTH, 1), (ocr.NUMBER_WIDTH, 0), (None, 0), (None, 0)]


def test_a_zero_read_off_a_six_is_still_read_widened_and_then_at_the_cell_width(monkeypatch):
    # the narrow reading says `0`, the ink is not a zero's: the two readings must agree, and
    # here they do not, so the cell is read at the cell width, which decides
    calls: list = []
    monkeypatch.setattr(ocr_engine, "recognise", _fake_recogniser(calls, "0", "6"))
    assert ocr._recognise_cells([_line("6")]) == [("6", 0.99, False)]
    assert [w for w, n in calls if n] == [ocr.NUMBER_WIDTH, ocr.NUMBER_WIDTH, None, None]
