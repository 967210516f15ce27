"""The import rules of ARCHITECTURE.md (docs/architecture.md §Import rules), enforced on the
source: every module of `etl/` and `dashboard/` is parsed with `ast`, its imports (including
those inside functions) resolved to modules, and the rules checked over the transitive closure,
so that a circle through a third module (extract → pipeline → validate) is caught too.

A rule names packages by prefix; a package that does not exist yet (`etl.fetch` before it is
written) has no modules and breaks no rule, and starts being checked the day it appears.
"""
from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("etl", "dashboard")
# `etl/__init__.py` re-exports the notebook API lazily (inside `__getattr__`): importing any
# `etl.*` module runs it, but it imports nothing at import time, so it is not an edge.
LAZY_ROOTS = {"etl"}


def _inert_package(path: Path) -> bool:
    """A package whose `__init__.py` imports nothing: importing a module under it runs no code of
    another part of the project, so the package itself is not an edge (etl/load/__init__.py)."""
    return path.name == "__init__.py" and not any(
        isinstance(n, (ast.Import, ast.ImportFrom)) for n in ast.walk(ast.parse(path.read_text(encoding="utf-8"))))


@dataclass(frozen=True)
class Rule:
    """Modules under `scope` (and `scope` itself) must not reach any module under `forbidden`,
    directly or through others; `only` (when given) lists every `etl` prefix they may reach."""

    name: str
    scope: str
    forbidden: tuple[str, ...] = ()
    only: tuple[str, ...] = ()
    exempt: tuple[str, ...] = ()  # modules of the scope the rule does not apply to, with why below
    transitive: bool = True


RULES = (
    Rule("readers know no reports", "etl.read",
         forbidden=("etl.extract", "etl.validate", "etl.load", "etl.pipeline", "etl.ingest", "etl.engines",
                    "etl.demo", "etl.fetch")),
    Rule("extract never imports validate", "etl.extract",
         forbidden=("etl.validate", "etl.pipeline", "etl.load", "etl.ingest", "etl.engines")),
    Rule("validate never imports extract", "etl.validate",
         forbidden=("etl.extract", "etl.pipeline", "etl.load", "etl.ingest", "etl.engines")),
    Rule("metadata imports nothing from the rest of etl", "etl.metadata", only=("etl.metadata",)),
    Rule("the organ-name key depends on neither extract nor load", "etl.keys", only=("etl.keys", "etl.metadata")),
    Rule("organ names (kind, level, type) depend on neither extract nor load", "etl.organs",
         only=("etl.organs", "etl.metadata")),
    Rule("the model is data only", "etl.model", only=("etl.model",)),
    Rule("the corrections file's format depends on nothing", "etl.corrections_file", only=("etl.corrections_file",)),
    Rule("load imports the model and metadata, not pipeline or extract", "etl.load",
         forbidden=("etl.pipeline", "etl.extract", "etl.read", "etl.engines", "etl.ingest", "etl.cli",
                    "etl.demo", "etl.fetch")),
    # the build behind `xxgk demo` runs an ingest over the generated corpus; it writes no truth
    Rule("demo writes its truth from its own inputs", "etl.demo",
         forbidden=("etl.pipeline", "etl.extract", "etl.validate", "etl.ingest", "etl.engines", "etl.load"),
         exempt=("etl.demo.build",)),
    # the one exception: the 通报 writer (a query of the warehouse's views, formatted as XLSX), so the
    # supervisor page offers the same file as `xxgk scorecard`; it reads metadata only itself
    # The review page shows a figure in its source, so it reads the source file as ingest read it
    # (the readers and the document model, which know nothing of reports) and writes a reviewer's
    # correction line (etl.corrections_file, the file's format alone)
    Rule("dashboard reads the warehouse and metadata only", "dashboard",
         only=("etl.metadata", "etl.load.scorecard_export", "etl.read", "etl.model", "etl.corrections_file")),
    Rule("fetch imports nothing from extract, validate, load", "etl.fetch",
         forbidden=("etl.extract", "etl.validate", "etl.load", "etl.pipeline")),
)


def _under(module: str, prefix: str) -> bool:
    return module == prefix or module.startswith(prefix + ".")


def module_name(path: Path, root: Path = ROOT) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def discover(root: Path = ROOT, packages: tuple[str, ...] = PACKAGES) -> dict[str, Path]:
    return {module_name(p, root): p for pkg in packages for p in sorted((root / pkg).rglob("*.py"))}


def imported_names(source: str, module: str, is_package: bool) -> set[str]:
    """Every dotted name the module imports (`from a.b import c` gives `a.b` and `a.b.c`),
    relative imports made absolute."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".") if is_package else module.split(".")[:-1]
                base = base[: len(base) - (node.level - 1)]
                stem = ".".join(base + ([node.module] if node.module else []))
            else:
                stem = node.module or ""
            names.add(stem)
            names.update(f"{stem}.{alias.name}" for alias in node.names)
    return names


def resolve(name: str, modules: dict[str, Path]) -> set[str]:
    """The project modules an imported name runs: the module itself and its parent packages."""
    found = set()
    parts = name.split(".")
    for i in range(1, len(parts) + 1):
        candidate = ".".join(parts[:i])
        if candidate in modules and candidate not in LAZY_ROOTS and not _inert_package(modules[candidate]):
            found.add(candidate)
    return found


def import_graph(modules: dict[str, Path]) -> dict[str, set[str]]:
    graph = {}
    for mod, path in modules.items():
        names = imported_names(path.read_text(encoding="utf-8"), mod, path.name == "__init__.py")
        graph[mod] = {m for n in names for m in resolve(n, modules)} - {mod}
    return graph


def reachable(graph: dict[str, set[str]], start: str) -> dict[str, list[str]]:
    """Every module reachable from `start`, with one import path to it."""
    paths = {start: [start]}
    todo = [start]
    while todo:
        mod = todo.pop()
        for dep in sorted(graph.get(mod, ())):
            if dep not in paths:
                paths[dep] = paths[mod] + [dep]
                todo.append(dep)
    return paths


def violations(graph: dict[str, set[str]], rules=RULES) -> list[str]:
    found = []
    for rule in rules:
        for mod in sorted(m for m in graph if _under(m, rule.scope) and m not in rule.exempt):
            reached = reachable(graph, mod) if rule.transitive else {d: [mod, d] for d in graph[mod]}
            for dep, path in sorted(reached.items()):
                if dep == mod:
                    continue
                bad = any(_under(dep, f) for f in rule.forbidden)
                if rule.only and _under(dep, "etl") and not any(_under(dep, o) for o in rule.only):
                    bad = True
                if bad:
                    found.append(f"{rule.name}: {' → '.join(path)}")
    return found


@pytest.fixture(scope="module")
def graph() -> dict[str, set[str]]:
    return import_graph(discover())


def test_every_import_rule_holds(graph):
    assert violations(graph) == []


def test_the_graph_sees_the_packages_the_rules_name(graph):
    # a rule over a package that exists but whose modules the walk missed would pass vacuously
    for rule in RULES:
        if (ROOT / rule.scope.replace(".", "/")).is_dir() or (ROOT / (rule.scope.replace(".", "/") + ".py")).is_file():
            assert any(_under(m, rule.scope) for m in graph), rule.scope
    assert "etl.metadata.label_maps" in graph["etl.validate.identities"]
    assert "etl.validate" in graph["etl.pipeline"]


def _graph_of(tmp_path: Path, files: dict[str, str]) -> dict[str, set[str]]:
    for rel, text in files.items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return import_graph(discover(tmp_path, ("etl", "dashboard")))


def test_a_circle_through_a_third_module_is_caught(tmp_path):
    g = _graph_of(tmp_path, {
        "etl/__init__.py": "",
        "etl/pipeline.py": "from etl.validate import check\n",
        "etl/extract/__init__.py": "",
        "etl/extract/report.py": "def f():\n    from etl import pipeline\n",
        "etl/validate/__init__.py": "def check(): ...\n",
    })
    found = violations(g)
    assert found and all("etl.extract.report → etl.pipeline" in v for v in found)


def test_relative_imports_and_new_packages_are_checked(tmp_path):
    g = _graph_of(tmp_path, {
        "etl/__init__.py": "",
        "etl/load/__init__.py": "",
        "etl/load/x.py": "from etl.metadata import schema\n",
        "etl/metadata/__init__.py": "",
        "etl/metadata/schema.py": "",
        "etl/fetch/__init__.py": "",
        "etl/fetch/portal.py": "from ..load import x\n",
        "dashboard/__init__.py": "",
        "dashboard/page.py": "import etl.load.x\n",
    })
    found = violations(g)
    assert any(v.startswith("fetch imports nothing") and "etl.fetch.portal → etl.load" in v for v in found)
    assert any(v.startswith("dashboard reads") and "dashboard.page → etl.load" in v for v in found)
    assert not any("etl.load.x →" in v for v in found)  # load may read metadata
