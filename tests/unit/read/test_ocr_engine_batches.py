"""The recogniser's batch steps against the plain definitions they replace: the input batch
built in one array (`ocr_engine.batch_of`) equals RapidOCR's own `resize_norm_img` of each
image, stacked; the CTC decoding of a whole batch (`ocr_engine._decode_batch`) equals decoding
each line on its own. Byte for byte: the OCR output (texts and confidences) must not move.
And OpenCV's single thread (`etl.read.opencv_threads.one_thread`) is set inside its block only."""
from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from etl.read import ocr_engine


def _decode_one(probs: np.ndarray, short: bool) -> tuple[str, float]:
    """The plain CTC greedy decoding of one line (the code `_decode_batch` replaced)."""
    characters, number = ocr_engine._charset()
    best = probs.argmax(axis=1)
    keep = np.ones(len(best), dtype=bool)
    keep[1:] = best[1:] != best[:-1]
    keep &= best != 0
    if not keep.any():
        return "", 0.0
    text = "".join(characters[i] for i in best[keep])
    chosen = probs[keep, best[keep]]
    if short and number[best[keep]].all():
        chosen = chosen / probs[keep][:, number].sum(axis=1)
    return text, float(chosen.mean())


@st.composite
def _line_images(draw):
    """A few BGR line images (grey or coloured, narrow cells to wide label lines) and the
    batch's width ratio, as `recognise` computes it."""
    images = []
    for _ in range(draw(st.integers(1, 6))):
        h = draw(st.integers(8, 60))
        w = draw(st.integers(4, 400))
        seed = draw(st.integers(0, 2**32 - 1))
        rng = np.random.default_rng(seed)
        if draw(st.booleans()):
            grey = rng.integers(0, 256, (h, w), dtype=np.uint8)
            images.append(np.repeat(grey[..., None], 3, axis=2))
        else:
            images.append(rng.integers(0, 256, (h, w, 3), dtype=np.uint8))
    width = draw(st.sampled_from([64, 192, 320]))
    ratio = max([width / 48] + [img.shape[1] / img.shape[0] for img in images])
    return images, ratio


@settings(max_examples=150, deadline=None)
@given(_line_images())
def test_a_batch_is_rapidocrs_own_resize_and_normalisation_byte_for_byte(case):
    images, ratio = case
    rec = ocr_engine._engine().text_rec
    plain = np.stack([rec.resize_norm_img(img, ratio) for img in images]).astype(np.float32)
    fast = ocr_engine.batch_of(images, ratio, rec.rec_image_shape[1])
    assert fast.dtype == plain.dtype and fast.shape == plain.shape
    assert fast.tobytes() == plain.tobytes()


@st.composite
def _predictions(draw):
    """(lines × time × classes) softmax outputs whose best classes are drawn among blank,
    digits, separators, letters and Chinese characters, repeats and blanks included."""
    characters, _ = ocr_engine._charset()
    index = {c: i for i, c in enumerate(characters)}
    pool = [0] + [index[c] for c in "0123456789,./元lIo总计持" if c in index]
    lines, steps = draw(st.integers(1, 6)), draw(st.integers(1, 12))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    logits = rng.normal(0, 1, (lines, steps, len(characters))).astype(np.float32)
    for line in range(lines):
        for t in range(steps):
            logits[line, t, draw(st.sampled_from(pool))] += draw(st.floats(0, 12))
    probs = np.exp(logits - logits.max(axis=2, keepdims=True))
    return (probs / probs.sum(axis=2, keepdims=True)).astype(np.float32)


@settings(max_examples=150, deadline=None)
@given(_predictions(), st.booleans())
def test_decoding_a_batch_is_decoding_each_line(preds, short):
    assert ocr_engine._decode_batch(preds, short) == [_decode_one(p, short) for p in preds]


def test_decoding_reads_a_blank_line_as_nothing():
    characters, _ = ocr_engine._charset()
    blank = np.zeros((2, 5, len(characters)), np.float32)
    blank[:, :, 0] = 1
    assert ocr_engine._decode_batch(blank, True) == [("", 0.0), ("", 0.0)]


def test_opencv_runs_on_one_thread_inside_the_block_only():
    import cv2

    from etl.read.opencv_threads import one_thread

    before = cv2.getNumThreads()
    try:
        with one_thread():
            assert cv2.getNumThreads() == 1
            raise RuntimeError
    except RuntimeError:
        pass
    assert cv2.getNumThreads() == before


@settings(max_examples=15, deadline=None)
@given(st.lists(st.tuples(st.integers(14, 40), st.integers(8, 260), st.integers(0, 2**32 - 1)), min_size=2, max_size=9),
       st.sampled_from([40, 192]))
def test_what_is_read_from_an_image_does_not_depend_on_the_images_read_with_it(shapes, width):
    """Each image is padded by its own width alone (`padded_widths`) and batched only with
    images padded alike: read among others or alone, the same text and confidence."""
    images = []
    for h, w, seed in shapes:
        img = np.full((h, w, 3), 255, np.uint8)
        rng = np.random.default_rng(seed)
        for x in range(2, max(w - 6, 3), 9):  # strokes of ink, some of them digit-like
            img[2:h - 2, x:x + rng.integers(1, 5)] = rng.integers(0, 90)
        images.append(img)
    together = ocr_engine.recognise(images, short=True, width=width)
    alone = [ocr_engine.recognise([img], short=True, width=width)[0] for img in images]
    assert together == alone


def test_padded_widths_round_up_each_image_alone():
    line = np.zeros((24, 100, 3), np.uint8)  # 200 columns at the recogniser's 48 rows
    cell = np.zeros((24, 10, 3), np.uint8)   # 20 columns
    assert ocr_engine.padded_widths([line, cell], 40, 48) == [200, 40]
    assert ocr_engine.padded_widths([np.zeros((24, 101, 3), np.uint8)], 40, 48) == [208]
    assert ocr_engine.padded_widths([line], 320, 48) == [320]
