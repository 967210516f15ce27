"""The ETL against a generated corpus that holds every phrasing and degraded-text quirk of
issue 20 (etl.demo.variants): every figure right, traps giving nothing, derived cells where
the truth says so. The truth comes from the generator's model, never from the ETL."""
from __future__ import annotations

import json
from collections import Counter

from etl.demo.generator import write_corpus
from etl.demo.grading import grade
from etl.ingest import ingest

N_REPORTS, SEED = 300, 11  # the corpus of tests/unit/demo/test_variants.py: every variant drawn


def test_every_variant_is_read_right(tmp_path):
    corpus = tmp_path / "corpus"
    write_corpus(corpus, N_REPORTS, seed=SEED)
    used = Counter(p for f in (corpus / "truth").glob("*.json") for p in json.loads(f.read_text("utf-8")).get("phrasings", []))
    assert len(used) >= 23, used
    db = tmp_path / "demo.duckdb"
    ingest([str(corpus / "reports")], db, workers=2)
    g = grade(db, corpus)
    bad = g.of_kind("wrong", "missing", "unexpected", "meta", "status", "checks")
    assert not bad, "\n".join(str(m)[:300] for m in bad[:30])
    assert g.figures_expected > 40_000
