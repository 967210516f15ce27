"""Image files as inputs: bad ones quarantined with a reason, never a crash or a hang."""
from __future__ import annotations

import io
import struct
import zlib

import pytest
from PIL import Image

from etl.pipeline import extract_file
from etl.read import ReadError, format_of, read_document


def _png(w: int, h: int) -> bytes:
    buf = io.BytesIO()
    Image.new("L", (w, h), 255).save(buf, "PNG")
    return buf.getvalue()


def _bomb_png(w: int, h: int) -> bytes:
    """A PNG header claiming w × h pixels (a decompression bomb's header) and little data."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    ihdr = struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")


@pytest.mark.parametrize("name", ["a.jpg", "a.jpeg", "a.png", "a.tif", "a.TIFF"])
def test_image_suffixes_are_report_formats(name):
    assert format_of(name) == "image"


def test_decompression_bomb_is_refused_with_a_reason():
    with pytest.raises(ReadError, match="image too large"):
        read_document("bomb.png", _bomb_png(40_000, 40_000))


def test_truncated_image_is_refused_with_a_reason():
    data = _png(400, 300)
    with pytest.raises(ReadError, match="truncated or damaged image|not an image"):
        read_document("cut.png", data[: len(data) // 2])


def test_not_an_image():
    with pytest.raises(ReadError, match="not an image"):
        read_document("x.jpg", b"<html>404 not found</html>")


def test_zero_byte_image_is_an_empty_file():
    r = extract_file("scan.jpg", b"")
    assert r.report["status"] == "failed" and r.report["error"].startswith("empty file")


def test_page_limit_on_a_multi_page_tiff(monkeypatch):
    monkeypatch.setenv("XXGK_OCR_MAX_PAGES", "2")
    buf = io.BytesIO()
    pages = [Image.new("L", (50, 50), 255) for _ in range(3)]
    pages[0].save(buf, "TIFF", save_all=True, append_images=pages[1:])
    with pytest.raises(ReadError, match="OCR page limit"):
        read_document("many.tiff", buf.getvalue())


def test_blank_photo_has_no_report():
    """A photo of nothing: no report in it, a failed row with the reason (not a crash)."""
    r = extract_file("blank.png", _png(600, 800))
    assert r.report["status"] == "failed"
    assert r.report["error"] and ("no annual-report content" in r.report["error"] or "no text" in r.report["error"])


def test_images_in_folders_and_zips_are_inputs(tmp_path):
    import zipfile

    from etl.engines.sources import discover

    with zipfile.ZipFile(tmp_path / "bundle.zip", "w") as z:
        z.writestr("扫描件.png", _png(50, 50))
    (tmp_path / "page.tif").write_bytes(_png(50, 50))
    found = discover([str(tmp_path)])
    assert sorted(s.source_path.rsplit("/", 1)[-1] for s in found.sources) == ["bundle.zip!扫描件.png", "page.tif"]
    assert found.skipped == []


def test_page_limit_on_a_scanned_pdf(monkeypatch):
    """A scan of more pages than XXGK_OCR_MAX_PAGES is refused before any page is read."""
    monkeypatch.setenv("XXGK_OCR_MAX_PAGES", "2")
    buf = io.BytesIO()
    pages = [Image.new("L", (200, 280), 250) for _ in range(3)]
    pages[0].save(buf, "PDF", save_all=True, append_images=pages[1:], resolution=72.0)
    r = extract_file("long_scan.pdf", buf.getvalue())
    assert r.report["status"] == "failed"
    assert r.report["error"] == "scanned PDF of 3 pages to OCR: over the page limit of 2 (XXGK_OCR_MAX_PAGES)"
