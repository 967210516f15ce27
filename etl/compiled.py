"""Compiled builds of the extraction's hot modules (issue 20), and the guard that keeps a stale
build from being imported.

The text path spends most of a report in pure-Python code: the interpreter's own loop is a
quarter of its instructions (docs/benchmarks.md, "Round 12: the text path's cost"). `make
install` compiles the modules in `COMPILED` with Cython, unchanged, as plain Python (no
annotations read as C types), each into an extension module beside its source
(`etl/extract/prose.cpython-311-x86_64-linux-gnu.so` next to `prose.py`), which Python's import
system prefers to the source. The Python files stay the only source: the build is optional and
everything runs without it (no compiler, `XXGK_PURE_PYTHON=1`).

A build is used only while its source is the one it was compiled from. `build` records each
source's SHA-256 in `etl/.compiled.json`; `install_guard` (run by `etl/__init__.py`) puts a finder
in front of the import system that, for a module whose source has changed since (an edit, a
`git checkout`), or when compiled modules are turned off, loads the source instead of the build.
So an edited module is never shadowed by an old build; it is only slower until the next
`make install` (or `python -m etl.compile build`) compiles it again.

    python -m etl.compile build       # compile what is missing or stale (a no-op when current)
    python -m etl.compile status      # which modules run compiled
"""
from __future__ import annotations

import hashlib
import importlib.machinery
import importlib.util
import json
import os
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
MANIFEST = PACKAGE / ".compiled.json"
PURE_ENV = "XXGK_PURE_PYTHON"  # set (to anything but "" or "0") to run every module from source

# The modules a report's extraction spends its time in (reading the text formats, the tables,
# prose, metadata, validation, the warehouse rows), by profile. Not here: the OCR and PDF-table
# modules (their time is in numpy, OpenCV, onnxruntime and pdfium), the CLI, the loader, the
# collector, the dashboard and the demo generator.
COMPILED = (
    "etl.pipeline",
    "etl.model",
    "etl.keys",
    "etl.organs",
    "etl.read.text",
    "etl.read.cells",
    "etl.read.html",
    "etl.read.docx",
    "etl.read.table_shape",
    "etl.extract.line_memo",
    "etl.extract.match_scan",
    "etl.extract.normalize",
    "etl.extract.numbers",
    "etl.extract.organ_letter",
    "etl.extract.prose",
    "etl.extract.prose_numbers",
    "etl.extract.prose_phrases",
    "etl.extract.prose_stats_table",
    "etl.extract.prose_unread",
    "etl.extract.prose_where",
    "etl.extract.report",
    "etl.extract.report_meta",
    "etl.extract.shingles",
    "etl.extract.template",
    "etl.extract.tables.assign",
    "etl.extract.tables.blank_rows",
    "etl.extract.tables.detached_rows",
    "etl.extract.tables.figures",
    "etl.extract.tables.known_rows",
    "etl.extract.tables.label_index",
    "etl.extract.tables.misread_labels",
    "etl.extract.tables.regions",
    "etl.extract.tables.split_constraints",
    "etl.extract.tables.stream",
    "etl.extract.tables.t2",
    "etl.extract.tables.t3",
    "etl.extract.tables.t3_columns",
    "etl.extract.tables.t4",
    "etl.extract.tables.where",
    "etl.validate.identities",
    "etl.validate.prose_vs_table",
    "etl.metadata.reasons",
)

# Cython's settings: the modules are compiled as the Python they are. `annotation_typing` off,
# so that an annotation never becomes a C type (an `int` annotation would reject a float, a
# `list` one a subclass); `binding` on, so that functions keep their names, signatures and
# pickling by reference as Python functions.
DIRECTIVES = {"language_level": 3, "annotation_typing": False, "binding": True}


def source_of(module: str) -> Path:
    return PACKAGE.parent.joinpath(*module.split(".")).with_suffix(".py")


def extension_of(module: str) -> Path:
    """Where the build of a module goes: beside its source, with this interpreter's suffix."""
    source = source_of(module)
    return source.with_name(source.stem + importlib.machinery.EXTENSION_SUFFIXES[0])


def source_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _manifest() -> dict[str, str]:
    try:
        return json.loads(MANIFEST.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def pure_python_forced() -> bool:
    return os.environ.get(PURE_ENV, "") not in ("", "0")


class _StaleBuildGuard:
    """A meta-path finder that gives a compiled module's source whenever its build may not be
    used (stale, unrecorded, or compiled modules turned off); for a current build it defers to
    the normal finders, which prefer the extension module."""

    def __init__(self, built: dict[str, str], pure: bool):
        self.built = built
        self.pure = pure
        self.from_source: set[str] = set()  # modules this guard loaded from source

    def find_spec(self, fullname, path=None, target=None):
        if fullname not in _COMPILED_SET:
            return None
        source = source_of(fullname)
        if not self.pure and self.built.get(fullname) == _digest_or_none(source):
            return None  # the build is this source's: the normal import takes the extension
        self.from_source.add(fullname)
        loader = importlib.machinery.SourceFileLoader(fullname, str(source))
        return importlib.util.spec_from_file_location(fullname, source, loader=loader)


_COMPILED_SET = frozenset(COMPILED)
_guard: _StaleBuildGuard | None = None


def _digest_or_none(path: Path) -> str | None:
    try:
        return source_digest(path)
    except OSError:
        return None


def install_guard() -> None:
    """Put the stale-build guard first on `sys.meta_path` (once)."""
    global _guard
    if _guard is not None:
        return
    _guard = _StaleBuildGuard(_manifest(), pure_python_forced())
    sys.meta_path.insert(0, _guard)


def running_compiled() -> list[str]:
    """The modules of `COMPILED` imported so far from their build (not from source)."""
    out = []
    for name in COMPILED:
        module = sys.modules.get(name)
        if module is not None and not str(getattr(module, "__file__", "")).endswith(".py"):
            out.append(name)
    return out


def status() -> dict[str, str]:
    """Each module of `COMPILED`: "compiled", "stale" (source changed since its build), or
    "not built"."""
    built = _manifest()
    out = {}
    for name in COMPILED:
        source = source_of(name)
        if not extension_of(name).exists() or name not in built:
            out[name] = "not built"
        else:
            out[name] = "compiled" if built[name] == _digest_or_none(source) else "stale"
    return out
