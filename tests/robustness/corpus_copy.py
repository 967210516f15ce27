"""Copying shared-corpus files into a test's own input folder (ingest tests change their inputs)."""
from __future__ import annotations

import shutil
from pathlib import Path


def copy_corpus(shared_corpus: Path, dest: Path, names: list[str]) -> Path:
    """Copy the named corpus files into `dest` (created) and return it."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copy(shared_corpus / name, dest / name)
    return dest
