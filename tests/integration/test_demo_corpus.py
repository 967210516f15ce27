"""The ETL against a generated corpus of every era and format: every figure the ground truth lists
must come out right, and exactly the planted check failures must be reported.

The truth is written by the generator from its own model (etl/demo/numbers.py), never from the
ETL's output, so a wrong extractor fails here. Generation and ingest take a few seconds."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from etl.demo.generator import write_corpus
from etl.demo.grading import Grade, grade, load_truth
from etl.ingest import ingest

N_REPORTS = 40  # the smallest corpus that holds every era × format, quirk and planted failure
SEED = 7


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory) -> tuple[Path, Path, Grade]:
    root = tmp_path_factory.mktemp("demo")
    corpus = root / "corpus"
    write_corpus(corpus, N_REPORTS, seed=SEED)
    db = root / "demo.duckdb"
    ingest([str(corpus / "reports")], db, workers=2)
    return corpus, db, grade(db, corpus)


def _show(mismatches, limit: int = 40) -> str:
    kinds = Counter((m.kind, m.fmt) for m in mismatches)
    lines = [str(m)[:400] for m in mismatches[:limit]]
    return f"{len(mismatches)} mismatches by (kind, format): {dict(kinds)}\n" + "\n".join(lines)


def test_the_corpus_covers_every_era_format_and_planted_failure(demo_run):
    corpus, _, _ = demo_run
    truths = list(load_truth(corpus).values())
    combos = {(t["template"], t["format"]) for t in truths if t["expected_status"] == "parsed"}
    assert combos >= {(t, f) for t in ("pre2019", "t2019", "t2021") for f in ("txt", "md", "html", "pdf", "docx")}
    planted = {rule for t in truths for rule in t["failing_checks"]}
    assert planted == {"t3.balance", "t3.row_sum", "t3.outcome_sum", "t4.group_sum", "nonnegative",
                       "cross_year.carry_over"}
    assert any(t["archive"] for t in truths), "no report inside a .zip bundle"
    assert any(t["expected_status"] == "failed" for t in truths), "no scanned PDF"


def test_every_figure_matches_the_truth(demo_run):
    _, _, g = demo_run
    bad = g.of_kind("wrong", "missing", "unexpected")
    assert g.figures_expected > 3000
    assert not bad, _show(bad)


def test_report_metadata_and_status_match_the_truth(demo_run):
    _, _, g = demo_run
    bad = g.of_kind("meta", "status")
    assert not bad, _show(bad)


def test_exactly_the_planted_check_failures_are_reported(demo_run):
    _, _, g = demo_run
    bad = g.of_kind("checks")
    assert not bad, _show(bad)
