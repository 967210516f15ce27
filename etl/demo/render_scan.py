"""Scanned variants of generated reports: the generator's PDF rasterised as a scanner or a
phone would leave it (greyscale, skew, noise, blur, JPEG artefacts, a red seal over part of a
table, a page turned sideways or upside down), written as an image-only PDF or image files.
The truth is the report's own: a scan changes the pixels, never the figures."""
from __future__ import annotations

import io
import random
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class ScanStyle:
    dpi: int = 150
    grey: bool = True
    skew: float = 0.0  # degrees, counter-clockwise
    noise: float = 0.0  # standard deviation of grey-level noise
    blur: float = 0.0  # Gaussian blur radius in pixels
    jpeg_quality: int | None = None
    stamp_page: int | None = None  # 1-based page that gets a red seal over its table
    # a colour scan keeps the seal red; a greyscale one turns it into grey ink as dark as print
    seal_in_colour: bool = True
    turned_page: int | None = None  # 1-based page turned by `turn` degrees
    turn: int = 90
    # uneven light, as on a phone photo of a page: the paper darkens smoothly towards one side,
    # to (1 - shade) of its brightness there (print darkens with it)
    shade: float = 0.0
    # a phone tilted over the page: its top edge comes out narrower than its bottom edge by
    # this share of the width on each side (keystone)
    keystone: float = 0.0


def _stamp(img, rng: random.Random):
    """A red seal (a ring, a star, a few strokes) over the right part of the page's middle."""
    from PIL import Image, ImageChops, ImageDraw

    img = img.convert("RGB")
    w, h = img.size
    r = int(w * 0.11)
    cx, cy = int(w * rng.uniform(0.55, 0.75)), int(h * rng.uniform(0.3, 0.6))
    layer = Image.new("RGB", img.size, "white")
    draw = ImageDraw.Draw(layer)
    red = (225, 30, 40)
    for k in range(max(3, r // 25)):
        draw.ellipse((cx - r + k, cy - r + k, cx + r - k, cy + r - k), outline=red)
    pts = [(cx + r * 0.45 * np.cos(a), cy - r * 0.45 * np.sin(a)) for a in np.linspace(np.pi / 2, np.pi / 2 + 4 * np.pi, 6)]
    draw.polygon(pts, fill=red)
    # ink on paper multiplies: black print under the seal stays black, the paper turns red
    return ImageChops.multiply(img, layer)


def scan_pages(pdf_bytes: bytes, style: ScanStyle, seed: int = 0) -> list:
    """The PDF's pages as PIL images, scanned in `style`."""
    import pypdfium2 as pdfium
    from PIL import Image, ImageFilter

    rng = random.Random(seed)
    nrng = np.random.default_rng(seed)
    pdf = pdfium.PdfDocument(pdf_bytes)
    out = []
    try:
        for i in range(len(pdf)):
            img = pdf[i].render(scale=style.dpi / 72).to_pil().convert("RGB")
            if style.stamp_page == i + 1:
                img = _stamp(img, rng)
            if style.grey and (style.stamp_page != i + 1 or not style.seal_in_colour):
                img = img.convert("L")
            if style.skew:
                img = img.rotate(style.skew, resample=Image.BICUBIC, expand=False, fillcolor="white")
            if style.shade:
                img = _shaded(img, style.shade, rng)
            if style.keystone:
                img = _keystoned(img, style.keystone)
            if style.blur:
                img = img.filter(ImageFilter.GaussianBlur(style.blur))
            if style.noise:
                a = np.asarray(img).astype(np.float32)
                a += nrng.normal(0, style.noise, a.shape)
                img = Image.fromarray(np.clip(a, 0, 255).astype(np.uint8))
            if style.turned_page == i + 1:
                img = img.rotate(style.turn, expand=True)
            out.append(img)
    finally:
        pdf.close()
    return out


def _shaded(img, shade: float, rng: random.Random):
    """The page lit unevenly: brightness falls smoothly from 1 on one side to 1 - shade on the
    other, along a random direction (a phone held over a page on a desk)."""
    from PIL import Image

    a = np.asarray(img).astype(np.float32)
    h, w = a.shape[:2]
    angle = rng.uniform(0, 2 * np.pi)
    ys, xs = np.mgrid[0:h, 0:w].astype(np.float32)
    along = (xs / w - 0.5) * np.cos(angle) + (ys / h - 0.5) * np.sin(angle)  # -0.7 … 0.7
    t = np.clip((along - along.min()) / max(float(np.ptp(along)), 1e-6), 0, 1)
    light = 1.0 - shade * t * t * (3 - 2 * t)  # smoothstep: a soft fall, not a ramp with edges
    if a.ndim == 3:
        light = light[:, :, None]
    return Image.fromarray(np.clip(a * light, 0, 255).astype(np.uint8))


def _keystoned(img, share: float):
    """The page as a camera tilted over it sees it: the top edge `share` of the width shorter at
    each end than the bottom edge, paper around."""
    import cv2
    from PIL import Image

    from etl.read.opencv_threads import one_thread

    a = np.asarray(img)
    h, w = a.shape[:2]
    d = share * w
    warp = cv2.getPerspectiveTransform(np.float32([[0, 0], [w, 0], [w, h], [0, h]]),
                                       np.float32([[d, 0], [w - d, 0], [w, h], [0, h]]))
    paper = (255, 255, 255) if a.ndim == 3 else 255
    with one_thread():  # (see etl.read.opencv_threads: the generator's process may fork ingest workers)
        return Image.fromarray(cv2.warpPerspective(a, warp, (w, h), flags=cv2.INTER_LINEAR, borderValue=paper))


def _jpeg(img, quality: int | None):
    if quality is None:
        return img
    from PIL import Image

    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=quality)
    return Image.open(io.BytesIO(buf.getvalue()))


def scanned_pdf(pdf_bytes: bytes, style: ScanStyle, seed: int = 0) -> bytes:
    """An image-only PDF of the report (no text layer), as a scanner writes it."""
    pages = [_jpeg(p, style.jpeg_quality).convert("RGB") for p in scan_pages(pdf_bytes, style, seed)]
    buf = io.BytesIO()
    pages[0].save(buf, "PDF", save_all=True, append_images=pages[1:], resolution=float(style.dpi))
    return buf.getvalue()


def scanned_images(pdf_bytes: bytes, style: ScanStyle, fmt: str = "png", seed: int = 0) -> list[bytes]:
    """The report as one image file per page (`png` or `jpg`), or one multi-page `tiff`."""
    pages = scan_pages(pdf_bytes, style, seed)
    if fmt == "tiff":
        buf = io.BytesIO()
        pages[0].save(buf, "TIFF", save_all=True, append_images=pages[1:], compression="tiff_deflate")
        return [buf.getvalue()]
    out = []
    for p in pages:
        buf = io.BytesIO()
        if fmt == "jpg":
            p.convert("RGB").save(buf, "JPEG", quality=style.jpeg_quality or 85)
        else:
            p.save(buf, "PNG")
        out.append(buf.getvalue())
    return out


def lineless_report(template: str, rules: str = "none", n: int = 60, seed: int = 7) -> tuple[bytes, dict]:
    """(PDF bytes, truth) of the first clean generated PDF report of `template` whose tables
    are ruled as `rules` says (etl.demo.render_pdf.TABLE_RULES: `none`, `plain`, `faint`;
    issue 18, tables without ruling lines in scans). Clean: no planted identity failure, which
    would null the cells it involves by design. Scan it with scanned_pdf / scanned_images."""
    from etl.demo.generator import plan_corpus, render_report
    from etl.demo.render_pdf import TABLE_RULES

    if rules not in TABLE_RULES:
        raise ValueError(f"unknown table rules {rules!r} (one of {sorted(TABLE_RULES)})")
    for r in plan_corpus(n, seed):
        if r.fmt == "pdf" and not r.scanned and r.fig.template == template and not r.quirks.planted:
            return render_report(r, seed, pdf_rules=rules)
    raise ValueError(f"the generator planned no clean {template} PDF in {n} reports")
