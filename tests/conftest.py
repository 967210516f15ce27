"""Fixtures shared by all tests. The shared corpus is read in place from ../shared/corpus;
its absence is an error, never a skip."""
from __future__ import annotations

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
