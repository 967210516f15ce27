"""Fixtures shared by all tests. The shared corpus is read in place from ../shared/corpus;
its absence is an error, never a skip."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SHARED = PROJECT_ROOT.parent / "shared"
CORPUS = SHARED / "corpus"


@pytest.fixture(scope="session")
def project_root() -> Path:
    return PROJECT_ROOT


@pytest.fixture(scope="session")
def shared_corpus() -> Path:
    if not (CORPUS / "INDEX.md").exists():
        pytest.fail(f"the shared corpus is missing at {CORPUS}: tests need ../shared next to the checkout")
    return CORPUS


@pytest.fixture(scope="session")
def shared_spec() -> Path:
    spec = SHARED / "spec"
    if not (spec / "metrics.csv").exists():
        pytest.fail(f"the shared spec is missing at {spec}")
    return spec


@pytest.fixture(autouse=True)
def _restore_main_module():
    """Streamlit's AppTest runs the app as `__main__` and leaves it there; a later test that
    starts processes with the spawn method (Dask's LocalCluster) would then re-run the
    dashboard script in every child. Put the real `__main__` back after each test."""
    main = sys.modules.get("__main__")
    yield
    if main is not None:
        sys.modules["__main__"] = main
