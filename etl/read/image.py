"""Image files (.jpg .jpeg .png .tif .tiff, multi-page TIFF): a photo or scan of a report,
read by OCR (etl.read.ocr). Pixel limits guard against decompression bombs; a truncated or
damaged image is a ReadError with the reason."""
from __future__ import annotations

import io

import numpy as np

from etl.model import Document
from etl.read import ReadError

# A4 at 400 dpi is 15.5 million pixels; anything past this is no page scan (or a bomb).
MAX_PIXELS = 60_000_000
# a page is scaled down to this many pixels on its long side (200 dpi A4) before OCR
_LONG_SIDE = 2400


def _frames(data: bytes) -> list[np.ndarray]:
    from PIL import Image, ImageSequence, UnidentifiedImageError

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS  # PIL raises DecompressionBombError at twice this
    try:
        with Image.open(io.BytesIO(data)) as img:
            if img.width * img.height > MAX_PIXELS:
                raise ReadError(f"image too large ({img.width} × {img.height} pixels; at most {MAX_PIXELS:,})")
            from etl.read.ocr import max_pages

            frames = []
            for i, frame in enumerate(ImageSequence.Iterator(img)):
                if i >= max_pages():
                    raise ReadError(f"image file of more than {max_pages()} pages (the OCR page limit, "
                                    "XXGK_OCR_MAX_PAGES)")
                frames.append(_page_array(frame))
            return frames
    except ReadError:
        raise
    except Image.DecompressionBombError:
        raise ReadError(f"image too large (a decompression bomb: over {MAX_PIXELS:,} pixels)") from None
    except UnidentifiedImageError:
        raise ReadError("not an image (the bytes are no JPEG, PNG or TIFF)") from None
    except (OSError, ValueError, SyntaxError, EOFError) as exc:
        raise ReadError(f"truncated or damaged image ({str(exc)[:80]})") from None


def _page_array(frame) -> np.ndarray:
    """A PIL frame as a BGR (colour kept: red stamps are dropped by colour) array, scaled so
    that its long side is at most _LONG_SIDE."""
    rgb = frame.convert("RGB")
    scale = _LONG_SIDE / max(rgb.size)
    if scale < 1:
        rgb = rgb.resize((round(rgb.width * scale), round(rgb.height * scale)))
    return np.ascontiguousarray(np.asarray(rgb)[..., ::-1])


def read_image(data: bytes) -> Document:
    from etl.read.ocr import pages_to_document

    frames = _frames(data)
    if not frames:
        raise ReadError("image file with no pages")
    return pages_to_document(frames, list(range(1, len(frames) + 1)), "image")
