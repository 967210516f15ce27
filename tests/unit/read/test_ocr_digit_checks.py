"""The pixel checks that stop a sure-looking OCR reading of a number from being taken when the
ink says a character was left out (a `-` dropped, two digits blurred into one), and the two
readings a short number needs in the narrow pass. Masks and readings are made up here; the
scans that found each case are graded in tests/integration/test_ocr_scans.py."""
from __future__ import annotations

import numpy as np
import pytest

from etl.read import ocr, ocr_engine, ocr_grid


def _mask(*boxes: tuple[int, int, int, int], shape=(30, 60)) -> np.ndarray:
    """An ink mask (ink 255) with a filled rectangle per (x, y, w, h)."""
    ink = np.zeros(shape, np.uint8)
    for x, y, w, h in boxes:
        ink[y:y + h, x:x + w] = 255
    return ink


DIGIT = (20, 6, 6, 15)  # a `1`: 15 pixels high


@pytest.mark.parametrize("mark,sign", [
    ((10, 12, 4, 2), True),     # a `-` at mid-height, left of the digit
    ((11, 12, 3, 3), True),     # a faint `-`, binarised to 3 × 3 (found on a heavy scan)
    ((10, 10, 5, 5), True),     # a `+`
    ((11, 12, 2, 2), False),    # dust, narrower than a sixth of the digit
    ((10, 6, 3, 15), False),    # a tall stroke (what a seal's ring leaves)
    ((10, 5, 4, 2), False),     # a mark at the digit's top: off-centre
    ((22, 12, 4, 2), False),    # a mark that overlaps the digit is part of it
])
def test_a_short_mark_at_mid_height_before_the_digits_is_a_sign(mark, sign):
    assert ocr_grid.leading_sign(_mask(mark, DIGIT)) is sign


def test_a_single_blob_has_no_sign():
    assert ocr_grid.leading_sign(_mask(DIGIT)) is False


@pytest.mark.parametrize("text", ["1", "4", "12"])
def test_a_number_read_without_the_sign_its_ink_has_is_unreadable(text):
    assert ocr._verdict(text, 0.99, _mask((10, 12, 4, 2), DIGIT)) == ocr.UNREADABLE


def test_a_number_read_with_its_sign_stands():
    assert ocr._verdict("-1", 0.99, _mask((10, 12, 4, 2), DIGIT)) == "-1"


def test_the_ink_size_is_of_the_blobs_box_without_specks():
    ink = _mask((10, 5, 10, 20), (50, 0, 1, 1))  # a 10 × 20 blob and a one-pixel speck
    assert ocr_grid.ink_size(ink) == (10, 20)
    assert ocr_grid.ink_size(np.zeros((5, 5), np.uint8)) == (0, 0)


def _digits(width: int, height: int = 20) -> np.ndarray:
    return _mask((5, 5, width, height), shape=(30, 80))


def test_a_cell_wider_than_its_digits_in_the_pages_font_is_flagged():
    # three `0`s of 0.55 × their height measure the font; `3` on ink of two digits' width was
    # a blurred `31`; `12` and `105` are as wide as their digits
    crops = [_digits(11), _digits(11), _digits(11), _digits(21), _digits(22), _digits(33)]
    read = [("0", 0.99), ("0", 0.99), ("0", 0.99), ("3", 0.99), ("12", 0.99), ("105", 0.99)]
    assert ocr._unlike_the_font(read, crops) == [3]


def test_a_wider_font_widens_the_measure():
    # a real report's digits are 0.82 of their height: its 4-digit numbers are not flagged
    crops = [_digits(16), _digits(16), _digits(17), _digits(52)]
    read = [("0", 0.99), ("6", 0.99), ("0", 0.99), ("3119", 0.99)]
    assert ocr._unlike_the_font(read, crops) == []


def test_ink_lower_than_the_pages_digits_is_no_digit():
    # a 3 × 4 speck at a blank cell's edge read as `1`
    crops = [_digits(11), _digits(11), _digits(11), _mask((60, 20, 3, 4), shape=(30, 80))]
    read = [("0", 0.99), ("0", 0.99), ("0", 0.99), ("1", 0.99)]
    assert ocr._unlike_the_font(read, crops) == [3]


def test_a_blob_too_high_for_dust_and_too_low_for_the_pages_digits_makes_the_cell_unreadable():
    # a blurred `+3`: a round 7 × 8 blob before a 13-pixel `3` (the page's digits 13 high), read
    # `63` by both narrow readings; the cell's own tallest blob (the 3) let it pass as a digit
    plus_three = _mask((20, 8, 7, 8), (30, 5, 8, 13), shape=(30, 80))
    crops = [_mask((5, 5, 7, 13), shape=(30, 80))] * 3 + [plus_three]
    read = [("0", 0.99), ("0", 0.99), ("0", 0.99), ("63", 0.97)]
    assert ocr._unlike_the_font(read, crops) == [3]


def test_dust_and_digits_of_the_pages_height_pass_the_blob_heights():
    # a 2 × 3 speck (under 0.3 of the digits' height) and two whole digits: `12` stands
    twelve = _mask((26, 2, 2, 3), (30, 5, 4, 13), (38, 5, 8, 13), shape=(30, 80))
    crops = [_mask((5, 5, 7, 13), shape=(30, 80))] * 3 + [twelve]
    read = [("0", 0.99), ("0", 0.99), ("0", 0.99), ("12", 0.99)]
    assert ocr._unlike_the_font(read, crops) == []


def test_a_page_with_too_few_single_digits_is_not_measured():
    crops = [_digits(11), _digits(4), _digits(30)]
    read = [("0", 0.99), ("1", 0.99), ("3", 0.99)]  # a `1` does not measure the font
    assert ocr._unlike_the_font(read, crops) == []


def _line(width: int = 24, height: int = 28) -> np.ndarray:
    img = np.full((height, width, 3), 255, np.uint8)
    img[6:22, 8:16] = 0  # one blob of ink
    return img


def test_a_short_number_is_taken_from_the_narrow_pass_only_when_both_readings_agree(monkeypatch):
    calls = []

    def fake(images, short=False, width=None):
        calls.append((width, [img.shape[1] for img in images]))
        if width == ocr.NUMBER_WIDTH and images[0].shape[1] == 24:
            return [("1", 0.99)] * len(images)  # the crop as it is
        if width == ocr.NUMBER_WIDTH:
            return [("7", 0.99)] * len(images)  # the widened crop disagrees
        return [("7", 0.98 if images[0].shape[1] == 24 else 0.97)] * len(images)  # full width: both 7

    monkeypatch.setattr(ocr_engine, "recognise", fake)
    assert ocr._recognise_cells([_line()]) == [("7", 0.97, False)]
    assert [w for w, _ in calls] == [ocr.NUMBER_WIDTH, ocr.NUMBER_WIDTH, None, None]
    assert calls[1][1] == [24 + 2 * ocr.WIDEN]


def test_two_agreeing_sure_readings_keep_the_lower_confidence(monkeypatch):
    def fake(images, short=False, width=None):
        if not images:
            return []
        assert width == ocr.NUMBER_WIDTH, "no full-width reading needed"
        return [("1", 0.99 if images[0].shape[1] == 24 else 0.95)] * len(images)

    monkeypatch.setattr(ocr_engine, "recognise", fake)
    assert ocr._recognise_cells([_line()]) == [("1", 0.95, False)]


@pytest.mark.parametrize("text,garbled", [
    ("B", True), ("Q", True), ("0 k", True), ("/0", True), ("N0", True), ("A10", True),
    ("O", False), ("l1", False), ("I", False),  # lookalikes the extractor reads as digits
    ("/", False), ("-", False), ("12", False), ("No", False), ("总计", False), ("+1", False),
])
def test_a_short_ascii_reading_that_is_no_number_is_garbled(text, garbled):
    assert ocr._garbled_number(text) is garbled


def test_a_garbled_number_is_unreadable_not_text():
    assert ocr._verdict("0 k", 0.9, _mask(DIGIT)) == ocr.UNREADABLE


def test_a_number_read_at_the_cell_width_differently_when_widened_is_unsure(monkeypatch):
    wide = np.full((28, 90, 3), 255, np.uint8)  # not narrow: read at the cell width at once

    def fake(images, short=False, width=None):
        return [("10018" if img.shape[1] == 90 else "100.18", 0.99) for img in images]

    monkeypatch.setattr(ocr_engine, "recognise", fake)
    assert ocr._recognise_cells([wide]) == [("10018", 0.99, True)]


def test_a_disputed_number_is_unreadable_and_not_read_a_third_time(monkeypatch):
    # the doubtful re-read (one reading at full width decides) must not overrule two readings
    # that differ
    crop = _mask((30, 8, 8, 15), shape=(30, 80))
    monkeypatch.setattr(ocr, "_cell_lines", lambda grey, ink, box: (crop, [_line()]))
    monkeypatch.setattr(ocr, "_recognise_cells", lambda images: [("10018", 0.99, True)])
    monkeypatch.setattr(ocr_engine, "recognise", lambda *a, **k: pytest.fail("read again"))
    blank = np.zeros((40, 90), np.uint8)
    assert ocr._read_cells(blank, blank, blank, [(0, 0, 80, 30)]) == [(ocr.UNREADABLE, 0.99)]


def test_a_disputed_reading_that_is_no_number_stands(monkeypatch):
    crop = _mask((30, 8, 8, 15), shape=(30, 80))
    monkeypatch.setattr(ocr, "_cell_lines", lambda grey, ink, box: (crop, [_line()]))
    monkeypatch.setattr(ocr, "_recognise_cells", lambda images: [("总计", 0.99, True)])
    blank = np.zeros((40, 90), np.uint8)
    assert ocr._read_cells(blank, blank, blank, [(0, 0, 80, 30)]) == [("总计", 0.99)]


def test_digit_blobs_count_the_blobs_as_tall_as_a_digit():
    three = _mask((5, 5, 6, 15), (14, 5, 4, 15), (21, 5, 4, 15), (30, 18, 2, 2))  # `311` and a speck
    assert ocr_grid.digit_blobs(three) == 3
    assert ocr_grid.digit_blobs(_mask((10, 12, 4, 2), DIGIT)) == 1  # a sign is no digit
    assert ocr_grid.digit_blobs(np.zeros((5, 5), np.uint8)) == 0


def test_a_number_read_with_fewer_digits_than_its_ink_has_is_unreadable():
    three = _mask((5, 5, 6, 15), (14, 5, 4, 15), (21, 5, 4, 15))
    assert ocr._verdict("31", 0.99, three) == ocr.UNREADABLE
    assert ocr._verdict("311", 0.99, three) == "311"


def test_a_sign_read_counts_as_its_blob():
    # a `+` 10 pixels high before a 15-pixel `3` passes as digit-high (0.6 of it): read `+3`, the
    # reading has a character for each blob; read `3`, it lacks one (every 2019 本年增/减 `+3`
    # of a mild scan was NULL before the sign was counted)
    plus_three = _mask((5, 7, 10, 10), (18, 5, 8, 15))
    assert ocr_grid.digit_blobs(plus_three) == 2
    assert ocr._verdict("+3", 0.99, plus_three) == "+3"
    assert ocr._verdict("3", 0.99, plus_three) == ocr.UNREADABLE


@pytest.mark.parametrize("boxes,point", [
    (((5, 5, 6, 15), (13, 17, 2, 3), (17, 5, 6, 15)), True),    # `1.8`: a low dot between digits
    (((5, 5, 6, 15), (17, 5, 6, 15), (25, 17, 2, 3)), False),   # a dot after the last digit
    (((5, 5, 6, 15), (13, 5, 2, 3), (17, 5, 6, 15)), False),    # a mark at the top: no point
    (((5, 5, 6, 15), (13, 17, 2, 3)), False),                   # one digit only
])
def test_a_low_dot_between_digits_is_a_decimal_point(boxes, point):
    assert ocr_grid.inner_point(_mask(*boxes)) is point


def test_a_number_read_without_the_point_its_ink_has_is_unreadable():
    ink = _mask((5, 5, 6, 15), (13, 17, 2, 3), (17, 5, 6, 15))
    assert ocr._verdict("18", 0.99, ink) == ocr.UNREADABLE
    assert ocr._verdict("1.8", 0.99, ink) == "1.8"


@pytest.mark.parametrize("widths, digits", [
    ([8], 1), ([12], 1),        # one digit, a wide one up to 1.5 of the page's digit
    ([13], 2), ([16], 2),       # two run together (1.6 of it and more)
    ([5, 5, 16], 4),            # `1196` with its `96` run together
    ([24], 3),
])
def test_a_blob_as_wide_as_several_of_the_pages_digits_counts_as_as_many(widths, digits):
    boxes, x = [], 4
    for w in widths:
        boxes.append((x, 5, w, 14))
        x += w + 2
    assert ocr_grid.digits_in_ink(_mask(*boxes, shape=(30, 80)), 8.0 / 14) == digits  # digits 8 wide, 14 high


ONE_ONE_NINETY_SIX = _mask((10, 5, 5, 14), (18, 5, 5, 14), (25, 5, 16, 14), shape=(30, 80))  # `11` and a `96` blob
ONE_FIFTEEN_52 = _mask((10, 5, 5, 14), (18, 5, 5, 14), (25, 5, 27, 14), shape=(30, 80))  # `11` and a `5.52` blob


@pytest.mark.parametrize("crop, text, flagged", [
    (ONE_ONE_NINETY_SIX, "196", True),     # both narrow readings dropped a `1` (a shaded photo)
    (ONE_ONE_NINETY_SIX, "1196", False),
    # a decimal point run into its digits widens their blob by half a digit: not counted
    # (`115.52` read `15.52` on a heavy scan stays the known wrong reading)
    (ONE_FIFTEEN_52, "15.52", False),
    (ONE_FIFTEEN_52, "115.52", False),
])
def test_a_number_read_with_fewer_digits_than_its_run_together_ink_holds_is_flagged(crop, text, flagged):
    zero = _mask((5, 5, 8, 14), shape=(30, 80))
    read = [("0", 0.99)] * 3 + [(text, 0.95)]
    assert (3 in ocr._unlike_the_font(read, [zero] * 3 + [crop])) is flagged


def test_digits_printed_larger_than_the_pages_are_measured_by_their_own_height():
    # a real report (corpus 003) prints one table larger: a 13 × 19 `0` is one digit there,
    # though the page's digits are 8 wide (as 14 high)
    twenty = _mask((8, 5, 11, 19), (20, 5, 13, 19), shape=(30, 80))
    zero = _mask((5, 5, 8, 14), shape=(30, 80))
    read = [("0", 0.99)] * 3 + [("20", 0.99)]
    assert 3 not in ocr._unlike_the_font(read, [zero] * 3 + [twenty])
