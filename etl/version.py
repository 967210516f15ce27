"""The extractor version: the package version plus a hash of the code and data that shape
extraction (readers, extractors, validators, label maps, metric catalog). Any change to them
changes the version, so `ingest` re-extracts every file instead of reusing stale rows."""
from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

PACKAGE_VERSION = "0.1.0"
_SHAPING = ("read", "extract", "validate", "metadata")
# metadata that shapes collecting, not extraction: editing it must not re-extract every file
_NOT_SHAPING = frozenset({"metadata/fetch_titles.csv"})


@cache
def extractor_version() -> str:
    root = Path(__file__).parent
    h = hashlib.sha256()
    for sub in _SHAPING:
        for path in sorted((root / sub).rglob("*")):
            if path.is_file() and path.suffix in {".py", ".csv", ".toml", ".json", ".txt"} \
                    and path.relative_to(root).as_posix() not in _NOT_SHAPING:
                h.update(str(path.relative_to(root)).encode())
                h.update(path.read_bytes())
    for module in ("pipeline.py", "keys.py"):  # keys.py expands organ names during extraction
        h.update((root / module).read_bytes())
    return f"{PACKAGE_VERSION}+{h.hexdigest()[:12]}"
