"""A report's page as an image with a figure's box drawn on it, for the review page (issue 22).

Pages are rendered on demand with pypdfium2 and kept as PNG files in a cache folder outside
the warehouse (env XXGK_PAGE_CACHE, else a folder in the system's temp directory): the
dashboard never writes the database. The source file is found by the path the reports row
gives (absolute, or relative to the working directory, the database's folder or
XXGK_SOURCE_ROOT) and used only when its sha256 is the report's, so a file changed since
the ingest is never shown as the report.
"""
from __future__ import annotations

import hashlib
import io
import os
import tempfile
from pathlib import Path

# pixels per PDF point: 2 gives a sharp page on a normal screen (a 595 × 842 pt page is 1190 × 1684)
SCALE = 2.0
HIGHLIGHT = (220, 20, 60)  # crimson, the colour of a failed check elsewhere in the dashboard


def cache_dir() -> Path:
    path = Path(os.environ.get("XXGK_PAGE_CACHE") or Path(tempfile.gettempdir()) / f"xxgk-pages-{os.getuid()}")
    path.mkdir(parents=True, exist_ok=True)
    return path


def _candidates(source_path: str, db_path: str | None) -> list[Path]:
    path = Path(source_path)
    if path.is_absolute():
        return [path]
    roots = [Path.cwd()]
    if db_path:
        roots.append(Path(db_path).resolve().parent)
    if os.environ.get("XXGK_SOURCE_ROOT"):
        roots.append(Path(os.environ["XXGK_SOURCE_ROOT"]))
    return [root / path for root in roots]


def _file_or_member(path: Path, member: str | None) -> bytes | None:
    """The file's bytes, or its archive member's (read with the readers' own zip limits)."""
    from etl.read.archive import list_members, read_member

    data = path.read_bytes()
    if member is None:
        return data
    return next((read_member(data, info) for name, info in list_members(data) if name == member), None)


def source_bytes(source_paths: list[str], sha256: str, db_path: str | None = None) -> bytes | None:
    """The bytes of the report's file from any of its paths, or None when no file with those
    bytes is found (moved, changed or on another machine)."""
    for source_path in source_paths:
        outer, _, member = source_path.partition("!")
        for path in _candidates(outer, db_path):
            if not path.is_file():
                continue
            try:
                data = _file_or_member(path, member or None)
            except Exception:  # noqa: BLE001 - an unreadable file is a file not found
                continue
            if hashlib.sha256(data).hexdigest() == sha256:
                return data
    return None


def page_png(data: bytes, sha256: str, page: int, scale: float = SCALE) -> bytes:
    """Page `page` (1-based) of the PDF as PNG, from the cache or rendered and cached."""
    path = cache_dir() / f"{sha256}-p{page}-x{scale:g}.png"
    if path.is_file():
        return path.read_bytes()
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        image = pdf[page - 1].render(scale=scale).to_pil()
    finally:
        pdf.close()
    buf = io.BytesIO()
    image.save(buf, format="PNG", optimize=False)
    png = buf.getvalue()
    tmp = path.with_name(f".{path.name}.{os.getpid()}.partial")
    tmp.write_bytes(png)
    os.replace(tmp, path)  # (another session may render the same page: the last one wins, both whole)
    return png


def highlighted(png: bytes, bbox: tuple[float, float, float, float] | list[float], scale: float = SCALE,
                context_rows: float = 2.5) -> tuple[bytes, tuple[int, int, int, int]]:
    """The page with the box outlined and the rest dimmed a little; also the pixel region to
    show (the full page width, a band around the box tall enough for the neighbouring rows)."""
    from PIL import Image, ImageDraw

    image = Image.open(io.BytesIO(png)).convert("RGB")
    x0, y0, x1, y1 = (v * scale for v in bbox)
    pad = 3
    overlay = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(overlay)
    draw.rectangle((x0 - pad, y0 - pad, x1 + pad, y1 + pad), fill=(*HIGHLIGHT, 40), outline=(*HIGHLIGHT, 255),
                   width=4)
    image = Image.alpha_composite(image.convert("RGBA"), overlay).convert("RGB")
    row = max(y1 - y0, 12 * scale)
    top = max(0, int(y0 - context_rows * row))
    bottom = min(image.height, int(y1 + context_rows * row))
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    return buf.getvalue(), (0, top, image.width, bottom)


def crop(png: bytes, region: tuple[int, int, int, int]) -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.open(io.BytesIO(png)).crop(region).save(buf, format="PNG")
    return buf.getvalue()
