"""One reader per input format, each returning the same `Document`.

Readers know nothing about annual reports. A reader raises `ReadError` with a reason a
person understands when the bytes cannot be read; anything else it raises is a bug that
the pipeline turns into a `failed` row with the exception summarised.
"""
from __future__ import annotations

from typing import Callable

from etl.model import Document


class ReadError(Exception):
    """The file cannot be read; str(self) is the reason shown in reports.error."""


Reader = Callable[[bytes], Document]

# extension → (format key, module path, function). Imported lazily so that reading text
# does not pay for importing pdfium or python-docx.
_READERS: dict[str, tuple[str, str, str]] = {
    ".txt": ("txt", "etl.read.text", "read_txt"),
    ".md": ("md", "etl.read.text", "read_markdown"),
    ".html": ("html", "etl.read.html", "read_html"),
    ".htm": ("html", "etl.read.html", "read_html"),
    ".pdf": ("pdf", "etl.read.pdf", "read_pdf"),
    ".docx": ("docx", "etl.read.docx", "read_docx"),
    ".doc": ("doc", "etl.read.doc", "read_doc"),
    # scans and photos, read by OCR (etl.read.ocr)
    ".jpg": ("image", "etl.read.image", "read_image"),
    ".jpeg": ("image", "etl.read.image", "read_image"),
    ".png": ("image", "etl.read.image", "read_image"),
    ".tif": ("image", "etl.read.image", "read_image"),
    ".tiff": ("image", "etl.read.image", "read_image"),
}
ARCHIVE_SUFFIXES = {".zip"}
REPORT_SUFFIXES = set(_READERS) | ARCHIVE_SUFFIXES
# Document formats reports are sometimes published in that we cannot read: such a file
# becomes a `failed` row saying so (it may be a report), where other files are just skipped.
UNREADABLE_DOCUMENT_SUFFIXES = {".wps", ".wpt", ".rtf", ".odt", ".ofd", ".xls", ".xlsx", ".et", ".ppt",
                                ".pptx", ".rar", ".7z", ".caj", ".ceb"}


def path_name(path: str) -> str:
    """PurePosixPath(path).name, without building the path object (three were built for
    every file): the last component that is neither empty nor `.`."""
    for part in reversed(path.split("/")):
        if part and part != ".":
            return part
    return ""


def path_suffix(path: str) -> str:
    """PurePosixPath(path).suffix, lower-cased: from the name's last dot, unless the dot
    starts or ends the name."""
    name = path_name(path)
    i = name.rfind(".")
    return name[i:].lower() if 0 < i < len(name) - 1 else ""


def format_of(name: str) -> str | None:
    entry = _READERS.get(path_suffix(name))
    return entry[0] if entry else None


def reader_for(name: str) -> Reader:
    suffix = path_suffix(name)
    if suffix not in _READERS:
        raise ReadError(f"unsupported format {suffix or '(no extension)'}")
    _, module, func = _READERS[suffix]
    import importlib

    return getattr(importlib.import_module(module), func)


def read_document(name: str, data: bytes) -> Document:
    """Read `data` as the format its file name says. Raises ReadError with a reason."""
    if not data or data.isspace():  # (isspace stops at the first other byte; strip copied the file)
        raise ReadError("empty file")
    from etl.read.sniff import check_bytes
    from etl.model import TableTooLarge

    # sniff first: a mislabelled file gets its real reason even when the reader can't load
    check_bytes(name, data)
    from etl.read.simplified import simplified_document

    reader = reader_for(name)
    try:
        return simplified_document(reader(data))
    except TableTooLarge as exc:
        raise ReadError(str(exc)) from None
