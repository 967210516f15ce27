"""The OCR engine: RapidOCR's PP-OCRv4 ONNX models (inside the rapidocr-onnxruntime wheel, so
nothing is downloaded), one onnxruntime thread, loaded once per process.

Two calls: `detect` (text-line boxes on a page image) and `recognise` (the text and confidence
of line images). Everything about pages, grids and trust lives in etl.read.ocr*.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np

ENGINE = "rapidocr-onnxruntime"


class OcrUnavailable(RuntimeError):
    """The OCR engine is not installed (rapidocr-onnxruntime is installed by `make install`)."""


@lru_cache(maxsize=1)
def _engine():
    try:
        from rapidocr_onnxruntime import RapidOCR
    except ImportError as exc:  # pragma: no cover - a broken install
        raise OcrUnavailable("OCR engine not installed (rapidocr-onnxruntime)") from exc
    # one thread per worker: the engines already run one worker per core
    return RapidOCR(intra_op_num_threads=1, inter_op_num_threads=1, print_verbose=False)


@lru_cache(maxsize=1)
def engine_version() -> str:
    """The engine and its models, for the OCR cache key and provenance."""
    from importlib.metadata import version

    return f"{ENGINE}-{version(ENGINE)}-ppocrv4"


# the detector sees the page at this many pixels on its short side: a 150-dpi A4 page (1241
# pixels) is detected at 0.6 of its size, five times faster, with the same lines found
DETECT_SHORT_SIDE = 760


def detect(image: np.ndarray) -> list[np.ndarray]:
    """Text-line boxes (4×2 float arrays in the image's pixels, clockwise from the top left)
    on a BGR page image."""
    import cv2

    scale = min(1.0, DETECT_SHORT_SIDE / min(image.shape[:2]))
    small = image if scale == 1.0 else cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    boxes, _ = _engine().text_det(small)
    return [] if boxes is None else [np.asarray(q, dtype=np.float32) / scale for q in boxes]


def upside_down_votes(images: list[np.ndarray]) -> float:
    """Share of the line images the angle classifier reads as turned by 180 degrees."""
    if not images:
        return 0.0
    _, results, _ = _engine().text_cls(images)
    return sum(1 for label, score in results if label == "180" and score > 0.8) / len(images)


# Table cells are short (a number, a few characters of label): the recogniser pads every line
# image of a batch to at least this width instead of its default 320 pixels. Narrower is
# faster but lowers the confidence of the same right digits: at 128 a quarter of a 150-dpi
# 表三's cells fell under DIGIT_CONFIDENCE; at 192 none more than at 320, in 0.7 of the time.
CELL_WIDTH = 192


def recognise(images: list[np.ndarray], short: bool = False) -> list[tuple[str, float]]:
    """(text, confidence 0-1) of each single-line BGR image; `short` for table cells."""
    if not images:
        return []
    rec = _engine().text_rec
    default = rec.rec_image_shape
    if short:
        rec.rec_image_shape = [default[0], default[1], CELL_WIDTH]
    try:
        out, _ = rec(images)
    finally:
        rec.rec_image_shape = default
    return [(str(t), float(s)) for t, s in out]
