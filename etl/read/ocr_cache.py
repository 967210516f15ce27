"""OCR results cached per page image, so that re-extracting an unchanged scan (after any change
to the extractor, which re-extracts every file) costs no OCR.

Key: sha256 of the page's pixels + the engine and its models + the OCR code's own hash. Value:
the page's blocks and confidences as JSON (never pickle: the folder may be shared). The folder
is `$XXGK_OCR_CACHE`; `xxgk ingest` sets it to `ocr-cache/` beside the database when unset.
Without it nothing is cached. A damaged entry is read as a miss. A Dask worker is sent the
driver's folder with each task (`folder()` there, `use_folder` on the worker): a worker of a
cluster started elsewhere never saw the driver's environment.
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
from functools import lru_cache
from pathlib import Path

import numpy as np

from etl.model import Table, TextBlock

ENV = "XXGK_OCR_CACHE"


def _code_version() -> str:
    from etl.read import ocr_engine

    return _code_version_of(ocr_engine.engine_version())


@lru_cache(maxsize=None)
def _code_version_of(engine_version: str) -> str:
    h = hashlib.sha256(engine_version.encode())
    here = Path(__file__).parent
    # every OCR module's code: a page's blocks depend on all of them (ocr_lineless.py was
    # missing from a list of names, so a change there reused pages read by the old code)
    for path in sorted(here.glob("ocr*.py")):
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def page_key(image: np.ndarray) -> str:
    h = hashlib.sha256(_code_version().encode())
    h.update(str(image.shape).encode())
    h.update(np.ascontiguousarray(image).data)
    return h.hexdigest()


def folder() -> str | None:
    """The cache folder of this process, None when nothing is cached."""
    return os.environ.get(ENV) or None


def use_folder(path: str | None) -> None:
    """Cache into `path` from now on in this process (and the processes it starts); None: no cache."""
    if path:
        os.environ[ENV] = path
    else:
        os.environ.pop(ENV, None)


def _path(key: str) -> Path | None:
    where = folder()
    return Path(where) / key[:2] / f"{key}.json" if where else None


def _block_to_json(b) -> dict:
    if isinstance(b, TextBlock):
        return {"text": b.text, "page": b.page}
    return {"rows": b.rows, "origin": b.origin, "page": b.page, "page_end": b.page_end, "sealed": sorted(b.sealed)}


def _block_from_json(d: dict):
    if "text" in d:
        return TextBlock(d["text"], d["page"])
    return Table(tuple(tuple(r) for r in d["rows"]), tuple(tuple(tuple(o) for o in r) for r in d["origin"]),
                 d["page"], d["page_end"], sealed=frozenset(tuple(p) for p in d["sealed"]))


def load(key: str):
    """(blocks, confidences, unreadable) of a cached page, or None."""
    path = _path(key)
    if path is None or not path.exists():
        return None
    try:
        d = json.loads(path.read_text(encoding="utf-8"))
        return ([_block_from_json(b) for b in d["blocks"]], [(t, c) for t, c in d["confidences"]],
                int(d["unreadable"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def store(key: str, blocks, confidences, unreadable: int) -> None:
    path = _path(key)
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        payload = json.dumps({"blocks": [_block_to_json(b) for b in blocks], "confidences": confidences,
                              "unreadable": unreadable}, ensure_ascii=False)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(payload)
        os.replace(tmp, path)  # a reader never sees half an entry; two workers writing the same key agree
    except OSError:
        pass  # a cache that cannot be written costs time, never a file
