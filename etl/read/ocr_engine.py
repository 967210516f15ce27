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
# image of a batch to at least this width instead of its default 320 pixels. Narrower is faster
# but reads the narrow cells of real scans worse: at 64 the rasterised 003 lost 28 more cells
# (`0` read as `o`, `1` as `I`, wrapped labels cut), at 128 three more; 192 loses none.
CELL_WIDTH = 192


def recognise(images: list[np.ndarray], short: bool = False, width: int | None = None) -> list[tuple[str, float]]:
    """(text, confidence 0-1) of each single-line BGR image; `short` for table cells, padded
    to `width` pixels (default CELL_WIDTH).

    The confidence is the recogniser's mean probability of the characters read; for a table
    cell read as a number (`short`, every character a digit or a separator) it is the mean of
    each character's probability among the characters a number can have (`NUMBER_CHARS`).
    The v4 recogniser spreads a lone `1` over `1`, `l`, `I`, `丨`: a cell of a number column
    printing `11` read as `11` at 0.45, though no digit competed. A digit that competes with
    another digit (`1` or `7`) keeps its low confidence."""
    if not images:
        return []
    rec = _engine().text_rec
    width = width or (CELL_WIDTH if short else rec.rec_image_shape[2])
    height = rec.rec_image_shape[1]
    order = np.argsort([img.shape[1] / img.shape[0] for img in images])
    out: list[tuple[str, float]] = [("", 0.0)] * len(images)
    for start in range(0, len(images), rec.rec_batch_num):
        chunk = order[start:start + rec.rec_batch_num]
        ratio = max([width / height] + [images[k].shape[1] / images[k].shape[0] for k in chunk])
        batch = np.stack([rec.resize_norm_img(images[k], ratio) for k in chunk]).astype(np.float32)
        preds = rec.session(batch)[0]
        for k, probs in zip(chunk, preds):
            out[k] = _decode(probs, short)
    return out


# the characters of a printed number in a table cell (with blank, CTC's "no character")
NUMBER_CHARS = "0123456789,.，．+-－/ 元万亿"


@lru_cache(maxsize=1)
def _charset() -> tuple[list[str], np.ndarray]:
    characters = _engine().text_rec.postprocess_op.character
    index = {c: i for i, c in enumerate(characters)}
    return characters, np.array([0] + [index[c] for c in NUMBER_CHARS if c in index])


def _decode(probs: np.ndarray, short: bool) -> tuple[str, float]:
    """CTC greedy decoding of one line's (time × classes) probabilities: (text, confidence)."""
    characters, number = _charset()
    best = probs.argmax(axis=1)
    keep = np.ones(len(best), dtype=bool)
    keep[1:] = best[1:] != best[:-1]
    keep &= best != 0
    if not keep.any():
        return "", 0.0
    text = "".join(characters[i] for i in best[keep])
    chosen = probs[keep, best[keep]]
    if short and np.isin(best[keep], number).all():
        chosen = chosen / probs[keep][:, number].sum(axis=1)
    return text, float(chosen.mean())
