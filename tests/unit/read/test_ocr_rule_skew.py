"""Skew measured from a table's ruling lines (ocr_grid.rule_skew_degrees), on pages drawn here:
the angle a page was turned by, none when the page has no ruling lines to measure, and none
when its long lines disagree (the caller then measures skew from the text lines)."""
from __future__ import annotations

import cv2
import numpy as np
import pytest

from etl.read import ocr_grid


def _ruled_page(rows: int = 12) -> np.ndarray:
    """A 150-dpi A4 page (grey, 255 paper) with a ruled table of `rows` rows and some text strokes."""
    page = np.full((1754, 1241), 255, np.uint8)
    ys = [200 + 40 * k for k in range(rows + 1)]
    for y in ys:
        cv2.line(page, (110, y), (1130, y), 0, 2)
    for x in (110, 400, 600, 800, 1130):
        cv2.line(page, (x, ys[0]), (x, ys[-1]), 0, 2)
    for k in range(rows):
        cv2.putText(page, f"{k * 7}", (640, ys[k] + 30), cv2.FONT_HERSHEY_SIMPLEX, 0.8, 0, 2)
    cv2.putText(page, "a heading above the table", (110, 150), cv2.FONT_HERSHEY_SIMPLEX, 1.0, 0, 2)
    return page


@pytest.mark.parametrize("degrees", [1.8, 0.9, -0.6, -2.0])
def test_the_angle_a_ruled_page_was_turned_by(degrees):
    ink = ocr_grid.binarise(ocr_grid.rotate(_ruled_page(), degrees))
    assert ocr_grid.rule_skew_degrees(ink) == pytest.approx(degrees, abs=0.05)


def test_a_straight_ruled_page_has_no_skew_and_deskewing_straightens_it():
    assert ocr_grid.rule_skew_degrees(ocr_grid.binarise(_ruled_page())) == 0.0
    turned = ocr_grid.rotate(_ruled_page(), 1.4)
    angle = ocr_grid.rule_skew_degrees(ocr_grid.binarise(turned))
    assert ocr_grid.rule_skew_degrees(ocr_grid.binarise(ocr_grid.rotate(turned, -angle))) == 0.0


def test_no_ruling_lines_no_answer():
    page = np.full((1754, 1241), 255, np.uint8)
    for k in range(20):
        cv2.putText(page, "running text without a table", (110, 150 + 60 * k), cv2.FONT_HERSHEY_SIMPLEX, 1.0, 0, 2)
    assert ocr_grid.rule_skew_degrees(ocr_grid.binarise(page)) is None
    # two long lines are not enough to tell the page's skew
    cv2.line(page, (110, 1500), (1130, 1500), 0, 2)
    cv2.line(page, (110, 1600), (1130, 1600), 0, 2)
    assert ocr_grid.rule_skew_degrees(ocr_grid.binarise(page)) is None


def test_long_lines_that_disagree_give_no_answer():
    page = np.full((1754, 1241), 255, np.uint8)
    for k, slope in enumerate((0, 30, -30, 15, -15, 40)):  # lines drawn at angles up to ~2 degrees apart
        y = 200 + 150 * k
        cv2.line(page, (110, y), (1130, y + slope), 0, 2)
    assert ocr_grid.rule_skew_degrees(ocr_grid.binarise(page)) is None
