"""A grey seal's ring crossing a table cell beside its digit: the ring's pieces are wiped
before the cell is read (`ocr_grid.without_ring_pieces`), and only where they are clearly the
ring's; a digit the ring touches, or that comes near it, leaves the cell as it was."""
from __future__ import annotations

import cv2
import numpy as np

from etl.read import ocr_grid

RING = (200, 200, 120)  # x, y, radius


def _page(digit_at: tuple[int, int] | None, text: str = "0") -> tuple[np.ndarray, np.ndarray]:
    """(grey, ink) of a page with the ring (5 pixels wide) and `text` printed at `digit_at`."""
    grey = np.full((400, 400), 255, np.uint8)
    cv2.circle(grey, RING[:2], RING[2], 60, 5)
    if digit_at is not None:
        cv2.putText(grey, text, digit_at, cv2.FONT_HERSHEY_SIMPLEX, 0.7, 0, 2)
    return grey, ocr_grid.binarise(grey)


# a cell the ring's right side crosses (x = 320 at y = 200), the digit left of it
BOX = (270, 180, 345, 215)


def _cell(ink: np.ndarray) -> np.ndarray:
    x0, y0, x1, y1 = BOX
    return ink[y0 + 4:y1 - 4, x0 + 4:x1 - 4]


def test_the_rings_arc_beside_a_digit_is_wiped_and_the_digit_kept():
    grey, ink = _page((282, 206))
    n, labels = cv2.connectedComponents(_cell(ink))
    digit = labels == labels[_cell(ink)[:, :20].nonzero()][0]  # the blob at the cell's left: the `0`
    assert n == 3  # paper, the digit, the arc
    clean_grey, clean_ink = ocr_grid.without_ring_pieces(grey, ink, RING, [BOX])
    assert np.array_equal(_cell(clean_ink) > 0, digit)
    assert (_cell(clean_grey)[~digit & (_cell(ink) > 0)] == 255).all()  # the arc's grey is paper now
    assert np.array_equal(ink, ocr_grid.binarise(grey))  # the page itself is not changed


def test_a_cell_holding_only_the_arc_is_left_with_no_ink():
    grey, ink = _page(None)
    _, clean_ink = ocr_grid.without_ring_pieces(grey, ink, RING, [BOX])
    assert _cell(ink).any() and not _cell(clean_ink).any()


def test_a_digit_the_ring_touches_or_comes_near_leaves_the_cell_as_it_was():
    for at in ((304, 206), (300, 206)):  # on the ring (one blob with it), then 3 pixels from it
        grey, ink = _page(at)
        clean_grey, clean_ink = ocr_grid.without_ring_pieces(grey, ink, RING, [BOX])
        assert np.array_equal(clean_ink, ink) and np.array_equal(clean_grey, grey), at


def test_cells_away_from_the_ring_are_not_touched():
    grey, ink = _page((182, 206))
    box = (160, 180, 235, 215)  # inside the disc, far from the ring
    clean_grey, clean_ink = ocr_grid.without_ring_pieces(grey, ink, RING, [box])
    assert np.array_equal(clean_ink, ink) and np.array_equal(clean_grey, grey)
