"""Uneven light (a phone photo of a page): the paper is brought to one brightness before the page
is binarised, and a page lit evenly, as a flatbed scan is, is left exactly as it is. The pages are
drawn here; tests/integration/test_ocr_scans.py grades a shaded scan of a generated report."""
from __future__ import annotations

import cv2
import numpy as np
import pytest

from etl.read import ocr_grid


def _table_page(h: int = 1754, w: int = 1241) -> np.ndarray:
    """A grey A4 page at 150 dpi: a ruled table of 12 × 6 cells, a `0` in each value cell."""
    page = np.full((h, w), 250, np.uint8)
    xs, ys = np.linspace(150, 1090, 7).astype(int), np.linspace(300, 1200, 13).astype(int)
    for x in xs:
        cv2.line(page, (int(x), int(ys[0])), (int(x), int(ys[-1])), 30, 2)
    for y in ys:
        cv2.line(page, (int(xs[0]), int(y)), (int(xs[-1]), int(y)), 30, 2)
    for y in ys[:-1]:
        for x in xs[1:-1]:
            cv2.putText(page, "0", (int(x) + 60, int(y) + 50), cv2.FONT_HERSHEY_SIMPLEX, 0.8, 30, 2)
    return page


def _shaded(page: np.ndarray, shade: float) -> np.ndarray:
    """The page darkened towards its right edge to (1 - shade) of its brightness."""
    light = 1 - shade * np.linspace(0, 1, page.shape[1])[None, :]
    return np.clip(page.astype(np.float32) * light, 0, 255).astype(np.uint8)


def _paper_spread(page: np.ndarray) -> float:
    """How much the paper's brightness varies across the page: the brightest pixels of its left
    and right tenths."""
    w = page.shape[1]
    return abs(float(np.percentile(page[:, : w // 10], 95)) - float(np.percentile(page[:, -w // 10:], 95)))


def test_a_page_lit_evenly_is_left_as_it_is():
    page = _table_page()
    noisy = np.clip(page + np.random.default_rng(1).normal(0, 8, page.shape), 0, 255).astype(np.uint8)
    for image in (page, noisy, cv2.cvtColor(noisy, cv2.COLOR_GRAY2BGR)):
        assert ocr_grid.even_light(image) is image


def test_black_scanner_margins_and_a_dark_strip_do_not_count_as_uneven_light():
    page = _table_page()
    page[:, :60] = 20
    page[:80, :] = 20
    page[:, -200:] = 35
    assert ocr_grid.even_light(page) is page


@pytest.mark.parametrize("shade", [0.2, 0.5])
def test_a_shaded_page_gets_even_paper_and_keeps_its_print(shade):
    page = _table_page()
    shaded = _shaded(page, shade)
    assert _paper_spread(shaded) > 40
    evened = ocr_grid.even_light(shaded)
    assert evened is not shaded and _paper_spread(evened) < 12
    # the same ink as the page lit evenly, where Otsu's one threshold lost it on the shaded page
    ink, ink_shaded, ink_evened = (ocr_grid.binarise(p) > 0 for p in (page, shaded, evened))
    assert (ink_evened != ink).mean() < 0.002
    if shade == 0.5:
        assert (ink_shaded != ink).mean() > 0.05


def test_a_shaded_colour_page_keeps_its_red_seal_red():
    page = cv2.cvtColor(_table_page(), cv2.COLOR_GRAY2BGR)
    cv2.circle(page, (900, 700), 130, (40, 30, 225), 8)  # a red ring (BGR) over the dark side
    shaded = np.stack([_shaded(page[:, :, c], 0.5) for c in range(3)], axis=2)
    _, mask_shaded = ocr_grid.drop_red(shaded)
    _, mask_evened = ocr_grid.drop_red(ocr_grid.even_light(shaded))
    _, mask = ocr_grid.drop_red(page)
    assert mask_shaded.sum() < 0.5 * mask.sum()  # too dark to be taken for red on the shaded page
    assert mask_evened.sum() > 0.9 * mask.sum()


def test_a_strip_of_shade_at_the_edge_of_a_shaded_page_is_paper_not_ink():
    # a phone photo: the light falls off towards the right, and sharply along the left edge,
    # in a strip a few tiles wide that the cubic surface does not follow; with a photo's grain,
    # Otsu's threshold (200) then fell above the strip's paper, and the strip ran down the
    # margin as ink (round 16)
    page = _shaded(_table_page(), 0.3).astype(np.float32)
    page[:, 40:140] *= 0.75
    cv2.line(page, (90, 400), (90, 1000), 30, 2)  # print inside the strip: a rule
    page = np.clip(page + np.random.default_rng(0).normal(0, 8, page.shape), 0, 255).astype(np.uint8)
    page = cv2.GaussianBlur(page, (3, 3), 0.8)
    evened = ocr_grid.even_light(page)
    assert evened is not page
    ink = ocr_grid.binarise(evened)
    assert ink[300:1300, 50:80].mean() < 0.02 * 255 and ink[300:1300, 100:130].mean() < 0.02 * 255
    assert ink[400:1000, 89:92].mean() > 0.9 * 255  # the rule stays ink
    assert (ink[300:1200, 150:1090] > 0).mean() > 0.01  # and the table's print


def test_paper_short_of_the_page_by_less_than_a_tenth_is_not_lifted():
    page = np.full((200, 300), 240.0, np.float32)
    page[:, 100:200] = 222.0  # 1.08 short: left as it is
    page[:, 200:] = 120.0  # 2 short: lifted, by at most _LIFT_MOST
    lifted = ocr_grid._lift_strips(page, 240.0)
    assert (lifted[:, 120:180] == 222).all()
    assert lifted[100, 280] == int(120 * ocr_grid._LIFT_MOST)
    assert (lifted >= page.astype(np.uint8)).all()
