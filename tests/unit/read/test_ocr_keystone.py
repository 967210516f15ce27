"""A page photographed at a slant (keystone): the outermost ruling lines lean towards each other,
and the page is warped back to a rectangle. A page whose rules are parallel (upright, skewed or
turned) is not warped. Pages are drawn here; tests/integration/test_ocr_scans.py grades a slanted
photo of a generated report."""
from __future__ import annotations

import cv2
import numpy as np
import pytest

from etl.read import ocr_grid


def _table(h: int = 1754, w: int = 1241, top: int = 300, bottom: int = 1300, left: int = 150,
           right: int = 1090, page: np.ndarray | None = None) -> np.ndarray:
    """A grey page (ink 30 on paper 250) with a ruled table of 12 rows × 6 columns."""
    page = np.full((h, w), 250, np.uint8) if page is None else page
    xs, ys = np.linspace(left, right, 7).astype(int), np.linspace(top, bottom, 13).astype(int)
    for x in xs:
        cv2.line(page, (int(x), top), (int(x), bottom), 30, 2)
    for y in ys:
        cv2.line(page, (left, int(y)), (right, int(y)), 30, 2)
    return page


def _slanted(page: np.ndarray, share: float) -> np.ndarray:
    """The page with its top edge `share` of the width shorter at each end (render_scan's keystone)."""
    h, w = page.shape
    d = share * w
    warp = cv2.getPerspectiveTransform(np.float32([[0, 0], [w, 0], [w, h], [0, h]]),
                                       np.float32([[d, 0], [w - d, 0], [w, h], [0, h]]))
    return cv2.warpPerspective(page, warp, (w, h), flags=cv2.INTER_LINEAR, borderValue=250)


def _leans(page: np.ndarray) -> list[float]:
    """The angles (degrees) of the leftmost and rightmost vertical rules."""
    half = (cv2.resize(ocr_grid.binarise(page), None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA) >= 64)
    left, right = ocr_grid._outer_rules(half.astype(np.uint8) * 255, vertical=True)
    return [float(np.degrees(np.arctan(left[0]))), float(np.degrees(np.arctan(right[0])))]


@pytest.mark.parametrize("share", [0.02, 0.04])
def test_a_slanted_page_is_warped_back_to_upright_rules(share):
    slanted = _slanted(_table(), share)
    assert abs(_leans(slanted)[0] - _leans(slanted)[1]) > 1.0
    homography = ocr_grid.keystone(ocr_grid.binarise(slanted))
    assert homography is not None
    assert all(abs(a) < 0.15 for a in _leans(ocr_grid.unwarp(slanted, homography, fill=250)))


@pytest.mark.parametrize("degrees", [0.0, 1.5, -2.0, 90.0])
def test_a_page_whose_rules_are_parallel_is_not_warped(degrees):
    page = ocr_grid.rotate(_table(), degrees, fill=250)
    assert ocr_grid.keystone(ocr_grid.binarise(page)) is None


def test_a_stroke_whose_pixels_lie_on_no_one_line_is_no_rule():
    # two tables' borders joined in one stroke with a step (8 pixels) between them: a line fitted
    # through it would lean; a rule's pixels lie within _STRAIGHT_RMS of its line
    runs = np.zeros((600, 200), np.uint8)
    runs[0:300, 100:102] = 255
    runs[300:600, 108:110] = 255
    labels = (runs > 0).astype(np.int32)
    stat = np.array([100, 0, 10, 600, int(labels.sum())])
    assert ocr_grid._straight(stat, labels, runs, 1, (0, 0), vertical=True) is None
    straight = np.zeros_like(runs)
    straight[:, 100:102] = 255
    slope, intercept = ocr_grid._straight(np.array([100, 0, 2, 600, 1200]), (straight > 0).astype(np.int32),
                                          straight, 1, (0, 0), vertical=True)
    assert abs(slope) < 1e-6 and abs(intercept - 100.5) < 1e-6


def test_a_page_without_rules_is_not_warped():
    page = np.full((1754, 1241), 250, np.uint8)
    cv2.putText(page, "text only", (200, 400), cv2.FONT_HERSHEY_SIMPLEX, 2.0, 30, 3)
    assert ocr_grid.keystone(ocr_grid.binarise(page)) is None


def test_a_dark_band_down_the_margin_does_not_join_two_tables_into_one_grid():
    # a slanted photo, squared: the edge of the photographed page (or the desk) runs down the
    # margin as a band of ink 25 pixels wide, touching both tables' left ends. It joined 表三 and
    # 表四 into one grid, whose columns were both tables' (a wrong cell)
    page = _table(top=200, bottom=900, left=60, right=1090)
    page = _table(top=1000, bottom=1150, left=60, right=1090, page=page)
    page[100:1600, 33:57] = 40
    grids = ocr_grid.find_grids(ocr_grid.binarise(page))
    assert len(grids) == 2
    assert [len({c.box[0] for c in g.cells}) for g in grids] == [6, 6]
