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


def detect(image: np.ndarray) -> list[np.ndarray]:
    """Text-line boxes (4×2 float arrays, clockwise from the top left) on a BGR page image."""
    eng = _engine()
    boxes, _ = eng.text_det(image)
    return [] if boxes is None else list(boxes)


def recognise(images: list[np.ndarray]) -> list[tuple[str, float]]:
    """(text, confidence 0-1) of each single-line BGR image."""
    if not images:
        return []
    out, _ = _engine().text_rec(images)
    return [(str(t), float(s)) for t, s in out]
