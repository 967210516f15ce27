"""Where input files live: local paths, or fsspec URLs (`s3://bucket/reports/`, `file:///mnt/x`).

Only this module knows the difference, so discovery, the local engine and Dask workers read a
file the same way wherever it is. fsspec comes with Dask; a URL given without it installed
fails with a message saying so. Protocols other than `file` need their own fsspec backend
(s3fs, gcsfs …) installed on the client and on every worker.
"""
from __future__ import annotations

import os
from pathlib import Path, PurePosixPath


def is_url(path: str) -> bool:
    return "://" in path


def _fs(url: str):
    try:
        from fsspec.core import url_to_fs
    except ImportError:  # pragma: no cover - fsspec is installed with the dask extra
        raise OSError(f"{url}: reading URLs needs fsspec (pip install 'xxgk[dask]')") from None
    return url_to_fs(url)


def _url(fs, path: str) -> str:
    protocol = fs.protocol[0] if isinstance(fs.protocol, (tuple, list)) else fs.protocol
    return f"{protocol}://{path}" if protocol != "file" else f"file://{path}"


def name(path: str) -> str:
    return PurePosixPath(path).name if is_url(path) else Path(path).name


def read_bytes(path: str) -> bytes:
    if not is_url(path):
        return Path(path).read_bytes()
    fs, p = _fs(path)
    with fs.open(p, "rb") as fh:
        return fh.read()


def size(path: str) -> int:
    if not is_url(path):
        return os.stat(path).st_size
    fs, p = _fs(path)
    return int(fs.size(p))


def version(path: str) -> tuple:
    """Changes when the file's content may have changed (for caching an archive's listing)."""
    if not is_url(path):
        st = os.stat(path)
        return (path, st.st_size, st.st_mtime_ns)
    fs, p = _fs(path)
    info = fs.info(p)
    return (path, info.get("size"), str(info.get("mtime") or info.get("LastModified") or info.get("ETag")))


def walk_url(url: str) -> tuple[list[tuple[str, str]], bool]:
    """(url of each file, its label) under a URL, sorted, hidden names left out; and whether
    the URL exists at all."""
    fs, root = _fs(url)
    if not fs.exists(root):
        return [], False
    if not fs.isdir(root):
        return [(url, url)], True
    found = []
    for p in sorted(fs.find(root)):
        rel = PurePosixPath(p).relative_to(PurePosixPath(root.rstrip("/")))
        if any(part.startswith(".") for part in rel.parts[:-1]):
            continue
        found.append((_url(fs, p), url.rstrip("/") + "/" + str(rel)))
    return found, True
