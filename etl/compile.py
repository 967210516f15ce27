"""The build of the compiled hot modules (etl/compiled.py says which and why): Cython, run by
`make install`, `make test` and `make demo` through

    python -m etl.compile build [--force]   # compile what is missing or stale (a no-op when current)
    python -m etl.compile status            # which modules have a current build

(kept apart from etl/compiled.py, which every `import etl` runs, so that neither Cython nor
setuptools is imported outside a build).
"""
from __future__ import annotations

import json
import os
import sys

from etl.compiled import COMPILED, DIRECTIVES, MANIFEST, PACKAGE, _manifest, source_digest, source_of, status


def build(force: bool = False) -> int:
    """Compile the modules whose build is missing or stale; record their sources' digests.
    Returns how many were compiled. Raises ImportError without Cython and setuptools."""
    built = {} if force else _manifest()
    current = status()
    todo = [name for name in COMPILED if force or current[name] != "compiled"]
    if not todo:
        return 0
    from Cython.Build import cythonize
    from setuptools import Distribution, Extension

    digests = {name: source_digest(source_of(name)) for name in todo}
    root = PACKAGE.parent
    extensions = [Extension(name, [str(source_of(name).relative_to(root))]) for name in todo]
    cwd = os.getcwd()
    os.chdir(root)
    try:
        # the generated C goes to build/ (not beside the sources); the extensions beside them
        modules = cythonize(extensions, compiler_directives=DIRECTIVES, build_dir="build/cython",
                            nthreads=os.cpu_count() or 1, quiet=True)
        dist = Distribution({"ext_modules": modules})
        cmd = dist.get_command_obj("build_ext")
        cmd.inplace = True
        cmd.parallel = os.cpu_count() or 1
        cmd.build_temp = "build/temp"
        cmd.ensure_finalized()
        cmd.run()
    finally:
        os.chdir(cwd)
    built.update(digests)
    MANIFEST.write_text(json.dumps(dict(sorted(built.items())), indent=1) + "\n", encoding="utf-8")
    return len(todo)


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "status"
    if command == "build":
        try:
            n = build(force="--force" in argv)
        except ImportError as exc:  # no Cython: everything runs from source
            print(f"etl.compiled: not compiling ({exc}); xxgk runs as pure Python", file=sys.stderr)
            return 0
        except Exception as exc:  # noqa: BLE001 - no compiler, no headers: slower, not broken
            print(f"etl.compiled: the build failed ({type(exc).__name__}: {exc}); the modules not built "
                  "run from source", file=sys.stderr)
            return 0
        print(f"etl.compiled: compiled {n} module(s); {sum(s == 'compiled' for s in status().values())} "
              f"of {len(COMPILED)} are current")
        return 0
    if command == "status":
        for name, state in status().items():
            print(f"{state:10} {name}")
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
