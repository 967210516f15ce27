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


def test_a_byte_copy_is_graded_by_the_row_of_the_file_it_copies(demo_run, tmp_path):
    """Two generated files can have the same bytes (scanned PDFs at 100,000 reports): the ETL keeps
    one row for both, and the grader checks the copy's status against that row."""
    import json
    import shutil

    corpus, _, _ = demo_run
    copy = tmp_path / "corpus"
    shutil.copytree(corpus, copy)
    scanned = next(t for t in load_truth(copy).values() if t["expected_status"] == "failed" and not t["archive"])
    original = copy / "reports" / scanned["file"]
    shutil.copy(original, copy / "reports" / "99999_copy.pdf")
    truth = dict(scanned, file="99999_copy.pdf")
    truth_path = copy / "truth" / "99999_copy.json"
    truth_path.write_text(json.dumps(truth, ensure_ascii=False), encoding="utf-8")
    db = tmp_path / "copy.duckdb"
    ingest([str(copy / "reports")], db, workers=2)
    assert not grade(db, copy).of_kind("status")
    # the copy's truth saying something its original's row does not say is a mismatch
    truth_path.write_text(json.dumps(dict(truth, expected_status="parsed"), ensure_ascii=False), encoding="utf-8")
    (bad,) = grade(db, copy).of_kind("status")
    assert bad.file == "99999_copy.pdf" and scanned["file"] in str(bad.found)
