"""Cells a noisy scan leaves unsure after the full-width reading are read once more from two
denoised views of their line (`ocr._read_denoised`): a value is taken only when both views read
what the full-width reading read, each sure, and the ink agrees with it; anything else stays
unreadable. The
recogniser is replaced here by scripted readings, so that each rule is tested alone; the
graded scans (docs/benchmarks.md, round 14) test the views themselves."""
from __future__ import annotations

import cv2
import numpy as np
import pytest

from etl.read import ocr, ocr_engine


def _cell(text: str) -> tuple[np.ndarray, list[np.ndarray]]:
    """(ink crop, [line image]) of a cell printing `text` in black on white."""
    line = np.full((40, 30 + 22 * len(text), 3), 255, np.uint8)
    cv2.putText(line, text, (15, 30), cv2.FONT_HERSHEY_SIMPLEX, 1.0, (0, 0, 0), 2)
    ink = (cv2.cvtColor(line, cv2.COLOR_BGR2GRAY) < 128).astype(np.uint8) * 255
    return ink, [line]


def _read(monkeypatch, cell, readings: list[tuple[str, float]], full_width: str = "16") -> tuple[str, float | None]:
    monkeypatch.setattr(ocr_engine, "recognise", lambda images, short=False, width=None: readings[:len(images)])
    out = [(ocr.UNREADABLE, 0.7)]
    ocr._read_denoised(out, {0: full_width}, [cell])
    return out[0]


def test_two_sure_views_that_read_the_same_number_decide(monkeypatch):
    assert _read(monkeypatch, _cell("16"), [("16", 0.998), ("16", 0.994)]) == ("16", 0.994)


@pytest.mark.parametrize("readings", [
    [("16", 0.998), ("18", 0.99)],  # the views disagree
    [("16", 0.998), ("16", 0.90)],  # one is not sure
    [("b", 0.99), ("b", 0.99)],  # no number
    [("18", 0.998), ("18", 0.99)],  # sure and alike, but not what the full-width reading read
])
def test_views_that_disagree_or_are_unsure_leave_the_cell_unreadable(monkeypatch, readings):
    assert _read(monkeypatch, _cell("16"), readings) == (ocr.UNREADABLE, 0.7)


def test_a_reading_the_ink_contradicts_stays_unreadable(monkeypatch):
    # both views read `3`, but the ink holds a sign before the digit: `-3` or `+3`, not known
    assert _read(monkeypatch, _cell("-3"), [("3", 0.999), ("3", 0.999)], "3") == (ocr.UNREADABLE, 0.7)
    # and one digit read where the ink holds two
    assert _read(monkeypatch, _cell("63"), [("3", 0.999), ("3", 0.999)], "3") == (ocr.UNREADABLE, 0.7)


def test_views_that_lose_a_decimal_point_do_not_decide(monkeypatch):
    """Both views read `212` where the full-width reading read `21.2` at 0.88: a median takes
    a point off with the grain (a held-out heavy scan; the cell was stored 212)."""
    assert _read(monkeypatch, _cell("21.2"), [("212", 0.9995), ("212", 0.9999)], "21.2") == (ocr.UNREADABLE, 0.7)


def test_the_views_take_the_grain_off_a_line():
    rng = np.random.default_rng(0)
    _, (line,) = _cell("16")
    noisy = np.clip(line.astype(int) + rng.normal(0, 40, line.shape[:2])[..., None], 0, 255).astype(np.uint8)
    for view in ocr._denoised_views(noisy):
        assert view.shape == noisy.shape and view.dtype == np.uint8
        assert np.abs(view.astype(int) - line).mean() < np.abs(noisy.astype(int) - line).mean()
