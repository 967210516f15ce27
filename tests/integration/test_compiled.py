"""The compiled hot modules (etl/compiled.py): `make test` runs on their builds, they extract
exactly what the sources extract, and a build whose source has changed is never imported."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from etl import compiled
from etl.compiled import COMPILED, _StaleBuildGuard, running_compiled, source_digest, source_of, status
from etl.demo.generator import write_corpus

# Each file's extraction as comparable text: the report row without its timings, the figures,
# the checks and the text-reuse shingles (as bench/compare_extraction.py records them).
SNAPSHOT = textwrap.dedent("""
    import json, sys
    from pathlib import Path
    from etl.pipeline import extract_file
    from etl.compiled import COMPILED, running_compiled

    VOLATILE = {"extract_seconds", "extract_cpu_seconds", "ingested_at"}
    out = {}
    for path in sys.argv[1:]:
        r = extract_file(path, Path(path).read_bytes())
        out[path] = [repr(sorted((k, v) for k, v in r.report.items() if k not in VOLATILE)),
                     sorted(repr(sorted(f.items())) for f in r.figures),
                     sorted(repr(sorted(c.items())) for c in r.checks), repr(sorted(r.shingles))]
    print(json.dumps({"compiled": running_compiled(), "imported": [n for n in COMPILED if n in sys.modules],
                      "out": out}))
""")


def _snapshot(files: list[Path], pure: bool) -> dict:
    env = {k: v for k, v in os.environ.items() if k != compiled.PURE_ENV}
    if pure:
        env[compiled.PURE_ENV] = "1"
    done = subprocess.run([sys.executable, "-c", SNAPSHOT, *map(str, files)], capture_output=True, text=True,
                          env=env, timeout=600, check=True)
    return json.loads(done.stdout)


def test_every_listed_module_is_a_module_of_the_package():
    for name in COMPILED:
        assert source_of(name).is_file(), name
        assert source_of(name).name != "__init__.py", name  # (a package's __init__ stays Python)


def test_make_test_runs_on_current_builds():
    # `make test` compiles first (Makefile: test depends on compiled); a module left stale or
    # unbuilt would run from source, correct but slower: the speed figures would not hold
    if os.environ.get(compiled.PURE_ENV, "") not in ("", "0"):
        pytest.skip(f"{compiled.PURE_ENV} is set: every module runs from source by request")
    assert {name: state for name, state in status().items() if state != "compiled"} == {}


def test_builds_extract_exactly_what_the_sources_extract(tmp_path, shared_corpus):
    write_corpus(tmp_path / "gen", 45, seed=11)  # every era, the text formats, docx, PDF, zip
    files = sorted(p for p in (tmp_path / "gen" / "reports").iterdir() if p.suffix != ".pdf")[:36]
    files += sorted(p for p in shared_corpus.iterdir() if p.suffix in {".txt", ".md", ".html"})
    built, pure = _snapshot(files, pure=False), _snapshot(files, pure=True)
    assert pure["compiled"] == [] and len(pure["imported"]) > 30
    if all(state == "compiled" for state in status().values()):  # (test_make_test_runs_on_current_builds)
        assert built["compiled"] == built["imported"] == pure["imported"]
    assert {p.suffix for p in files} >= {".txt", ".md", ".html", ".docx"}
    differ = [path for path in pure["out"] if pure["out"][path] != built["out"][path]]
    assert differ == [] and len(pure["out"]) == len(files)


def test_a_build_is_used_only_while_its_source_is_unchanged():
    name = "etl.extract.numbers"
    current = source_digest(source_of(name))
    # a current build: the guard defers to the normal import, which prefers the extension
    assert _StaleBuildGuard({name: current}, pure=False).find_spec(name) is None
    # a stale build (the source edited since), an unrecorded one, or pure Python asked for:
    # the source is loaded
    for guard in (_StaleBuildGuard({name: "0" * 64}, pure=False), _StaleBuildGuard({}, pure=False),
                  _StaleBuildGuard({name: current}, pure=True)):
        spec = guard.find_spec(name)
        assert spec is not None and spec.origin == str(source_of(name))
        assert name in guard.from_source
    # modules that are never compiled are none of its business
    assert _StaleBuildGuard({}, pure=False).find_spec("etl.cli") is None
    assert _StaleBuildGuard({}, pure=False).find_spec("json") is None


def test_an_edited_module_runs_from_source_until_it_is_compiled_again(tmp_path):
    """End to end, in a copy of the package: a build, then its source edited."""
    name = "etl.extract.numbers"
    pkg = tmp_path / "etl"
    # the copy: the package's sources and builds (symlinked), with one source edited
    for path in compiled.PACKAGE.rglob("*"):
        rel = path.relative_to(compiled.PACKAGE)
        if "__pycache__" in rel.parts or path.is_dir():
            continue
        dest = pkg / rel
        dest.parent.mkdir(parents=True, exist_ok=True)
        if rel.as_posix() in ("__init__.py", "compiled.py"):  # (the guard finds its package by its own path)
            dest.write_bytes(path.read_bytes())
        else:
            dest.symlink_to(path)
    edited = pkg / "extract" / "numbers.py"
    edited.unlink()
    edited.write_text(source_of(name).read_text(encoding="utf-8") + "\nEDITED_SINCE_ITS_BUILD = True\n",
                      encoding="utf-8")
    probe = ("import importlib, json; m = importlib.import_module('etl.extract.numbers'); "
             "p = importlib.import_module('etl.extract.prose'); "
             "print(json.dumps([m.__file__, getattr(m, 'EDITED_SINCE_ITS_BUILD', False), p.__file__]))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=tmp_path,
                          env={**os.environ, "PYTHONPATH": str(tmp_path)}, timeout=120, check=True)
    numbers_file, edited_seen, prose_file = json.loads(done.stdout)
    assert numbers_file == str(edited) and edited_seen is True
    if status()["etl.extract.prose"] == "compiled":  # an unedited module keeps its build
        assert not prose_file.endswith(".py")
