"""Checks on the bytes before a reader runs: is this file what its name says? (Issue 9.)

Real collections hold HTML error pages saved as `.pdf`, half-finished downloads, files of
zero bytes, Word files renamed to `.pdf` and the like. A reader given such bytes fails with a
message about its own internals ("Data format error"); this module recognises the common
cases from the bytes and raises `ReadError` with a reason a person can act on.

It only raises when it is certain: anything it does not recognise goes on to the reader,
which has the last word. Nothing here parses a document beyond its first and last bytes,
except a PDF without an end-of-file marker, which is opened to see whether it is readable.
"""
from __future__ import annotations

import re
import zipfile
from io import BytesIO

from etl.read import ReadError, path_suffix

# How far into the file a signature is looked for (the PDF spec allows junk before %PDF
# within the first 1024 bytes).
_HEAD = 1024
_SAMPLE = 64 * 1024

# Leading bytes of formats that turn up under the wrong extension, most specific first.
# (signature, what the file is in words; None: needs a closer look)
_SIGNATURES: tuple[tuple[bytes, str | None], ...] = (
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive"),
    (b"PK\x05\x06", "an empty ZIP archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an Office 97-2003 file"),
    (b"{\\rtf", "an RTF document"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"BM", None),  # too short to be sure on its own: see _special
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7z archive"),
    (b"\x1f\x8b", "a gzip-compressed file"),
    (b"\x7fELF", "a program (ELF executable)"),
    (b"MZ", None),  # likewise: see _special
)

_HTML_START = re.compile(rb"^\s*(<!--.*?-->\s*)*(<!doctype\s+html|<html|<head|<body|<\?xml[^>]*>\s*(<!doctype\s+html|<html))",
                         re.I | re.S)
_HTML_TAG = re.compile(rb"<(html|head|body|title|meta|script|div|table)\b", re.I)
_TITLE = re.compile(rb"<title[^>]*>(.*?)</title>", re.I | re.S)
# Words an error page's title or heading uses (English and Chinese portal wording).
_ERROR_PAGE = re.compile(
    r"\b(40[0-9]|50[0-9])\b|not found|forbidden|error|denied|unavailable|bad gateway|"
    r"找不到|不存在|错误|出错|拒绝|无法访问|禁止访问|无权|已删除|已被删除|维护|验证码|安全验证|访问受限",
    re.I)
_REPORT_WORDS = re.compile("年度报告|年报")
_MHTML = re.compile(rb"^\s*(MIME-Version:|Content-Type:\s*multipart/related)", re.I)

# Bytes that never occur in text in any encoding we read (UTF-8, GB18030, Big5 ...): the C0
# controls other than tab, newline, form feed, carriage return and escape.
_CONTROL = bytes(b for b in range(32) if b not in (9, 10, 11, 12, 13, 27))
_CONTROL_TABLE = bytes.maketrans(_CONTROL, b"\x00" * len(_CONTROL))


_CONTENT_BYTE = re.compile(rb"[^ \t\r\n\x00\x0b\x0c]")


def check_bytes(name: str, data: bytes) -> None:
    """Raise etl.read.ReadError with a reason a person understands when the bytes cannot be
    the format the file name says (an HTML error page saved as .pdf, a truncated file ...)."""
    if not _CONTENT_BYTE.search(data):  # (stops at the first content byte; strip copied the file)
        raise ReadError("empty file (no content)" if data.strip(b" \t\r\n\x0b\x0c") == b"" else
                        "empty file (only zero bytes: an unfinished download)")
    suffix = path_suffix(name)
    if suffix in (".txt", ".md", ".html", ".htm"):
        _check_zero_tail(data)
    check = _CHECKS.get(suffix)
    if check is not None:
        check(data)


def name_fits(name: str, data: bytes) -> bool:
    """True when the file name's extension is one the bytes can be read as."""
    from etl.read import format_of

    if format_of(name) is None:
        return False
    try:
        check_bytes(name, data)
    except ReadError:
        return False
    return True


# --- what the bytes are -------------------------------------------------------------------

def describe(data: bytes) -> str | None:
    """What `data` is, in words ("a ZIP archive", "an HTML page" ...), when recognisable."""
    head = data[:_HEAD]
    stripped = head.lstrip()
    if stripped.startswith(b"\xef\xbb\xbf"):
        stripped = stripped[3:].lstrip()
    for sig, what in _SIGNATURES:
        if stripped.startswith(sig) or (sig == b"%PDF-" and sig in head):
            if what is None:
                what = _special(sig, data)
                if what is None:
                    continue
            if sig == b"PK\x03\x04":
                return _describe_zip(data)
            if sig.startswith(b"\xd0\xcf"):
                return _describe_ole(data)
            return what
    if _MHTML.match(stripped):
        return "a web archive (MHTML)"
    if _is_html(data):
        return "an HTML error page" if _is_error_page(data) else "an HTML page"
    if _is_binary(data):
        return None
    return "a text file"


def _special(sig: bytes, data: bytes) -> str | None:
    if sig == b"BM" and len(data) > 26 and int.from_bytes(data[2:6], "little") == len(data):
        return "a BMP image"
    if sig == b"MZ" and len(data) > 64:
        pe = int.from_bytes(data[60:64], "little")
        if data[pe:pe + 4] == b"PE\x00\x00":
            return "a program (Windows executable)"
    return None


def _describe_zip(data: bytes) -> str:
    names = _zip_names(data)
    if names is None:
        return "a damaged or truncated ZIP archive"
    if "word/document.xml" in names:
        return "a Word .docx document"
    if "xl/workbook.xml" in names:
        return "an Excel .xlsx workbook"
    if "ppt/presentation.xml" in names:
        return "a PowerPoint .pptx presentation"
    if "OFD.xml" in names or any(n.lower().endswith("ofd.xml") for n in names):
        return "an OFD document"
    if "content.xml" in names and "mimetype" in names:
        return "an OpenDocument file"
    return "a ZIP archive"


def _zip_names(data: bytes) -> set[str] | None:
    try:
        with zipfile.ZipFile(BytesIO(data)) as zf:
            return {i.filename for i in zf.infolist()}
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        return None


def _ole_streams(data: bytes) -> set[str]:
    """Names of the well-known streams an OLE2 compound file holds (found by their UTF-16
    directory entries rather than by parsing the sector chains: enough to tell kinds apart)."""
    found = set()
    for stream in ("WordDocument", "Workbook", "Book", "PowerPoint Document", "EncryptedPackage"):
        if stream.encode("utf-16-le") in data:
            found.add(stream)
    return found


def _describe_ole(data: bytes) -> str:
    streams = _ole_streams(data)
    if "EncryptedPackage" in streams:
        return "a password-protected Office file"
    if "WordDocument" in streams:
        return "a Word 97-2003 .doc document"
    if streams & {"Workbook", "Book"}:
        return "an Excel .xls workbook"
    if "PowerPoint Document" in streams:
        return "a PowerPoint .ppt presentation"
    return "an Office 97-2003 file"


def _is_html(data: bytes) -> bool:
    head = data[:_HEAD * 4]
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    return bool(_HTML_START.match(head)) or len(_HTML_TAG.findall(head)) >= 3


def _is_error_page(data: bytes) -> bool:
    """An HTML page whose title (or, without a title, whose short body) says it is an error,
    and that does not mention an annual report anywhere."""
    m = _TITLE.search(data[:_SAMPLE])
    text = m.group(1) if m else (data if len(data) < 8192 else b"")
    return bool(_ERROR_PAGE.search(_decode_loosely(text))) and not _REPORT_WORDS.search(_decode_loosely(data))


def _decode_loosely(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030", errors="replace")


def _is_binary(data: bytes) -> bool:
    """Bytes that are not text in any encoding we read: NULs and control characters where
    text has none. UTF-16 text (with its many NULs) is recognised by its BOM or by decoding."""
    sample = data[:_SAMPLE]
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    controls = len(sample) - len(sample.translate(_CONTROL_TABLE).replace(b"\x00", b""))
    if controls == 0:
        return False
    if controls / len(sample) < 0.01:
        return False
    return not _is_utf16(sample)


def _is_utf16(sample: bytes) -> bool:
    for enc in ("utf-16-le", "utf-16-be"):
        try:
            text = sample[: len(sample) // 2 * 2].decode(enc)
        except UnicodeDecodeError:
            continue
        printable = sum(ch.isprintable() or ch in "\r\n\t" for ch in text)
        if printable / max(1, len(text)) > 0.95:
            return True
    return False


def _check_zero_tail(data: bytes) -> None:
    """Download managers reserve the whole file first and fill it as bytes arrive: a text file
    ending in a long run of zero bytes is an unfinished download."""
    tail = len(data) - len(data.rstrip(b"\x00"))
    if tail >= 1024:
        raise ReadError(f"incomplete download (the file ends in {tail} zero bytes)")


# --- one check per format -------------------------------------------------------------------

def _wrong_format(expected: str, suffix: str, data: bytes) -> ReadError:
    what = describe(data)
    if what is None:
        return ReadError(f"not {expected} (unrecognised binary content)")
    return ReadError(f"not {expected} ({what} saved as {suffix})")


def _check_pdf(data: bytes) -> None:
    if b"%PDF-" not in data[:_HEAD]:
        raise _wrong_format("a PDF", ".pdf", data)
    if b"%%EOF" not in data:
        # Every PDF writer ends the file with %%EOF; without it the download stopped early.
        # pdfium still reads some such files whole (when only the marker is missing), so
        # call it truncated only when it cannot open the file or one of its pages.
        if not _pdf_opens(data):
            raise ReadError("truncated PDF (the file ends early: download it again)")
    if b"/Encrypt" in data and _pdf_needs_password(data):
        raise ReadError("password-protected PDF")


def _pdf_opens(data: bytes) -> bool:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        return False
    try:
        for i in range(len(pdf)):
            pdf[i].close()
        return len(pdf) > 0
    except pdfium.PdfiumError:
        return False
    finally:
        pdf.close()


def _pdf_needs_password(data: bytes) -> bool:
    """True when the PDF is encrypted with a user password (files encrypted only with an
    owner password, to stop printing or copying, open without one and are read as usual)."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        return "password" in str(exc).lower()
    pdf.close()
    return False


def _check_docx(data: bytes) -> None:
    what = describe(data)
    if what == "a Word .docx document":
        return
    if what == "a password-protected Office file":
        raise ReadError("password-protected Word file")
    if what == "a damaged or truncated ZIP archive":
        raise ReadError("truncated or damaged Word file (the .docx archive is incomplete: download it again)")
    if what == "a ZIP archive":
        raise ReadError("not a Word file (a ZIP archive without a Word document inside, saved as .docx)")
    if what == "a Word 97-2003 .doc document":
        return  # an old .doc renamed .docx: the reader decides whether it can read it
    raise ReadError(f"not a Word file ({what or 'unrecognised binary content'} saved as .docx)")


# What Word itself opens when it is named .doc: the reader (a converter) gets these.
_DOC_ACCEPTS = {"a Word 97-2003 .doc document", "an Office 97-2003 file", "a Word .docx document",
                "an RTF document", "an HTML page", "a web archive (MHTML)", "a text file"}


def _check_doc(data: bytes) -> None:
    what = describe(data)
    if what in _DOC_ACCEPTS:
        return
    if what == "a password-protected Office file":
        raise ReadError("password-protected Word file")
    if what == "a damaged or truncated ZIP archive":
        raise ReadError("truncated or damaged Word file (download it again)")
    raise ReadError(f"not a Word file ({what or 'unrecognised binary content'} saved as .doc)")


def _check_text(suffix: str):
    def check(data: bytes) -> None:
        what = describe(data)
        if what is None:
            raise ReadError("not a text file (binary content)")
        if what not in ("a text file", "an HTML page", "an HTML error page", "a web archive (MHTML)"):
            raise ReadError(f"not a text file ({what} saved as {suffix})")
        if suffix in (".txt", ".md") and what == "an HTML error page":
            raise ReadError(f"not a report (an HTML error page saved as {suffix})")
    return check


def _check_html(suffix: str):
    def check(data: bytes) -> None:
        what = describe(data)
        if what is None:
            raise ReadError("not an HTML page (binary content)")
        if what not in ("a text file", "an HTML page", "an HTML error page", "a web archive (MHTML)"):
            raise ReadError(f"not an HTML page ({what} saved as {suffix})")
        if what == "an HTML error page":
            raise ReadError("not a report (an HTML error page)")
    return check


_CHECKS = {
    ".pdf": _check_pdf,
    ".docx": _check_docx,
    ".doc": _check_doc,
    ".txt": _check_text(".txt"),
    ".md": _check_text(".md"),
    ".html": _check_html(".html"),
    ".htm": _check_html(".htm"),
}
