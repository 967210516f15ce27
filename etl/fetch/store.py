"""Documents on disk, byte for byte as served, under DIR only; a changed document becomes a new
file beside the old one."""
from __future__ import annotations

import hashlib
import os
import posixpath
import re
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

from etl.fetch.attachments import DOCUMENT_SUFFIXES, PAGE_SUFFIXES, url_suffix

STATE_DIR = ".xxgk-fetch"  # hidden: `xxgk ingest DIR` does not walk into it
_TYPE_SUFFIX = {"text/html": ".html", "application/xhtml+xml": ".html", "application/pdf": ".pdf",
                "application/msword": ".doc", "text/plain": ".txt", "application/zip": ".zip",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
                "application/vnd.ms-excel": ".xls", "application/ofd": ".ofd",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx"}
_UNSAFE = re.compile(r"[^\w.-]+")
MAX_STEM = 60


def sha256_hex(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def host_folder(url: str) -> str:
    """`http://127.0.0.1:8001/x` → `127.0.0.1_8001`: one folder per origin."""
    parts = urlsplit(url)
    name = f"{parts.hostname or 'host'}_{parts.port}" if parts.port else (parts.hostname or "host")
    return _UNSAFE.sub("_", name).strip("._") or "host"


def disposition_name(header: str | None) -> str | None:
    """The file name a Content-Disposition header gives (RFC 6266 filename*= first), if any."""
    if not header:
        return None
    m = re.search(r"filename\*\s*=\s*([\w-]+)''([^;]+)", header, re.I)
    if m:
        try:
            return unquote(m.group(2).strip(), encoding=m.group(1), errors="strict")
        except (LookupError, UnicodeDecodeError):
            pass
    m = re.search(r"filename\s*=\s*\"?([^\";]+)\"?", header, re.I)
    if not m:
        return None
    raw = unquote(m.group(1).strip())
    try:  # servers send UTF-8 or GBK bytes that the HTTP layer read as Latin-1
        data = raw.encode("latin-1")
    except UnicodeEncodeError:
        return raw
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw


def file_name(url: str, content_type: str = "", version: int = 1, disposition: str | None = None) -> str:
    """A safe name for a URL's document: a short hash of the URL (two URLs never share a file), the
    URL's own file name cleaned (letters, digits, CJK, `.-_` only, no leading dot, bounded length),
    a suffix from the URL or else the Content-Type, and `.vN` before the suffix from version 2 on."""
    parts = urlsplit(url)
    base = posixpath.basename(unquote(parts.path))
    for _key, value in parse_qsl(parts.query, keep_blank_values=True):
        if posixpath.splitext(unquote(value))[1].lower() in DOCUMENT_SUFFIXES:
            base = posixpath.basename(unquote(value).replace("\\", "/"))
            break
    stem, suffix = posixpath.splitext(base)
    suffix = suffix.lower()
    given = disposition_name(disposition)
    if suffix not in DOCUMENT_SUFFIXES | PAGE_SUFFIXES and given:
        named_stem, named_suffix = posixpath.splitext(posixpath.basename(given.replace("\\", "/")))
        if named_suffix.lower() in DOCUMENT_SUFFIXES | PAGE_SUFFIXES:
            stem, suffix = named_stem, named_suffix.lower()
    if suffix not in DOCUMENT_SUFFIXES | PAGE_SUFFIXES:
        suffix = url_suffix(url) if url_suffix(url) in DOCUMENT_SUFFIXES else ""
        stem = base if not suffix else stem
    if not suffix:
        suffix = _TYPE_SUFFIX.get(content_type.split(";")[0].strip().lower(), ".bin")
    stem = _UNSAFE.sub("_", stem).strip("._")[:MAX_STEM] or "document"
    digest = hashlib.sha1(url.encode("utf-8")).hexdigest()[:10]
    version_tag = f".v{version}" if version > 1 else ""
    return f"{digest}_{stem}{version_tag}{suffix}"


def relative_path(url: str, content_type: str = "", version: int = 1, disposition: str | None = None) -> str:
    return f"{host_folder(url)}/{file_name(url, content_type, version, disposition)}"


def safe_target(root: Path, relpath: str) -> Path:
    """The absolute path for `relpath` under `root`; raises ValueError if it would leave it."""
    root = root.resolve()
    target = (root / relpath).resolve()
    if not target.is_relative_to(root) or target == root or STATE_DIR in target.relative_to(root).parts:
        raise ValueError(f"refusing to write outside {root}: {relpath!r}")
    return target


def write_document(root: Path, relpath: str, body: bytes) -> Path:
    """Write atomically (a partial file never carries the final name, so an interrupted run leaves
    nothing that looks saved)."""
    target = safe_target(root, relpath)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".part")
    with open(tmp, "wb") as f:
        f.write(body)
    os.replace(tmp, target)
    return target


def remove_partials(root: Path) -> int:
    """Leftovers of a run killed mid-write."""
    n = 0
    for p in root.glob("*/*.part"):
        p.unlink(missing_ok=True)
        n += 1
    return n


_MAGIC = ((b"%PDF", "pdf"), (b"PK\x03\x04", "zip container"), (b"\xd0\xcf\x11\xe0", "OLE (doc/xls/wps)"))
_EXPECTED = {".pdf": "pdf", ".docx": "zip container", ".xlsx": "zip container", ".zip": "zip container",
             ".ofd": "zip container", ".doc": "OLE (doc/xls/wps)", ".xls": "OLE (doc/xls/wps)",
             ".wps": "OLE (doc/xls/wps)"}


def sniff(body: bytes) -> str:
    for magic, kind in _MAGIC:
        if body.startswith(magic):
            return kind
    head = body[:512].lstrip().lower()
    if head.startswith((b"<!doctype", b"<html", b"<?xml", b"<head", b"<body", b"<meta", b"<div")):
        return "html"
    return "unknown"


def content_problem(url: str, content_type: str, body: bytes) -> str | None:
    """A document whose bytes are not what its name or Content-Type says (an HTML error page served
    as .pdf). Recorded, not hidden: the file is still saved as served."""
    expected = _EXPECTED.get(url_suffix(url))
    declared = content_type.split(";")[0].strip().lower()
    actual = sniff(body)
    if expected and actual != expected and actual != "unknown":
        return f"served as {url_suffix(url)} but the bytes are {actual} (Content-Type {declared or 'none'})"
    if declared == "application/pdf" and actual not in ("pdf", "unknown"):
        return f"Content-Type application/pdf but the bytes are {actual}"
    if not body:
        return "empty answer"
    return None
