"""Every page over a warehouse built the way users build it: a generated demo corpus ingested
by `etl.ingest.ingest` (real files of every format through the real readers and extractors)."""
from __future__ import annotations

from pathlib import Path

import pytest

import dashboard

APP = Path(dashboard.__file__).with_name("app.py")
PAGES = ("overview", "proactive", "interpretation", "applications", "reviews", "bureau", "compare", "quality",
         "explore", "dictionary", "supervisor")


@pytest.fixture(scope="module")
def ingested_db(tmp_path_factory):
    from etl.demo.generator import write_corpus
    from etl.ingest import ingest

    root = tmp_path_factory.mktemp("generated")
    write_corpus(root / "corpus", 24, seed=7)
    db = root / "demo.duckdb"
    summary = ingest([str(root / "corpus")], db, workers=1)
    assert summary.parsed > 0
    return db


@pytest.mark.slow
def test_every_page_renders_on_an_ingested_generated_corpus(ingested_db, monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("XXGK_DB", str(ingested_db))
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    for page in PAGES:
        at.switch_page(f"views/{page}.py").run()
        assert not at.exception, (page, [e.value for e in at.exception])
        assert not at.error, (page, [e.value for e in at.error])
        assert at.title[0].value
