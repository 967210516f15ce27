"""The demo generator on its own: its truth obeys the template identities (except where a failure
is planted, and then only that one breaks), it carries requests over between years, it is
deterministic, and small corpora hold every era, format and quirk."""
from __future__ import annotations

import random
from pathlib import Path

import pytest

from etl.demo.content import compose
from etl.demo.generator import plan_corpus, write_corpus
from etl.demo.layouts import T3_DIMENSIONS, t3_outcome_metrics
from etl.demo.quirks import PLANTED_RULES, QUIRK_RATES

PARTS = [d for d in T3_DIMENSIONS if d != "total"]


def _cells(r) -> dict:
    content = compose(r.organ, r.fig, r.quirks, "html", random.Random(0))
    return {k: (0 if v is None else v) for k, v in content.cells.items()}


def _failing_identities(template: str, c: dict) -> set[str]:
    bad = set()
    for d in T3_DIMENSIONS:
        if c[f"t3.received_new|{d}"] + c[f"t3.carried_over|{d}"] != c[f"t3.total_processed|{d}"] + c[f"t3.carried_forward|{d}"]:
            bad.add("t3.balance")
        if c[f"t3.total_processed|{d}"] != sum(c[f"{m}|{d}"] for m in t3_outcome_metrics(template)):
            bad.add("t3.outcome_sum")
    rows = {k.split("|")[0] for k in c if k.startswith("t3.")}
    for m in rows:
        if c[f"{m}|total"] != sum(c[f"{m}|{d}"] for d in PARTS):
            bad.add("t3.row_sum")
    for group in ("review", "litigation_direct", "litigation_after_review"):
        if c[f"t4.{group}.total"] != sum(c[f"t4.{group}.{p}"] for p in ("upheld", "corrected", "other", "pending")):
            bad.add("t4.group_sum")
    if any(isinstance(v, (int, float)) and v < 0 for k, v in c.items() if not k.endswith("items_change")):
        bad.add("nonnegative")
    return bad


@pytest.fixture(scope="module")
def plan():
    return plan_corpus(400, seed=11)


def test_truth_tables_obey_v1_to_v5_except_the_planted_failure(plan):
    checked = 0
    for r in plan:
        if r.fig.template == "pre2019" or r.scanned:
            continue
        planted = {q for q in r.quirks.planted if not q.startswith("cross_year")}
        assert _failing_identities(r.fig.template, _cells(r)) == planted, r.file_name
        checked += 1
    assert checked > 250


def test_what_one_year_carries_forward_the_next_carries_over(plan):
    by_key = {(r.organ.bureau_name, r.fig.year): r for r in plan}
    pairs = 0
    for (name, year), r in by_key.items():
        prev = by_key.get((name, year - 1))
        if prev is None or "pre2019" in (r.fig.template, prev.fig.template):
            continue
        same = all(r.fig.t3[("t3.carried_over", d)] == prev.fig.t3[("t3.carried_forward", d)] for d in T3_DIMENSIONS)
        assert same != ("cross_year.carry_over" in r.quirks), r.file_name
        pairs += 1
    assert pairs > 150


def test_2021_documents_in_force_follow_last_year_plus_issued_minus_repealed(plan):
    by_key = {(r.organ.bureau_name, r.fig.year): r for r in plan}
    for (name, year), r in by_key.items():
        prev = by_key.get((name, year - 1))
        if prev and r.fig.template == prev.fig.template == "t2021":
            t2, p2 = r.fig.t2, prev.fig.t2
            assert t2["t2.normative_docs.in_force"] == (p2["t2.normative_docs.in_force"] + t2["t2.normative_docs.issued"]
                                                        - t2["t2.normative_docs.repealed"])


def test_the_template_matches_the_year(plan):
    for r in plan:
        assert r.fig.template == ("pre2019" if r.fig.year < 2019 else "t2019" if r.fig.year < 2021 else "t2021")


def test_a_small_corpus_holds_every_era_format_quirk_and_failure():
    plan = plan_corpus(40, seed=3)
    assert {(r.fig.template, r.fmt) for r in plan if not r.scanned} >= {
        (t, f) for t in ("pre2019", "t2019", "t2021") for f in ("txt", "md", "html", "pdf", "docx")}
    names = {q for r in plan for q in r.quirks.names}
    assert names >= set(QUIRK_RATES) - {"scanned_pdf", "zip_bundle"}
    assert set(PLANTED_RULES) <= names
    assert any(r.scanned for r in plan) and any(r.bundle is not None for r in plan)


def test_the_same_seed_writes_the_same_bytes(tmp_path: Path):
    a, b = tmp_path / "a", tmp_path / "b"
    write_corpus(a, 14, seed=5)
    write_corpus(b, 14, seed=5)
    files = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    assert len(files) > 20
    for rel in files:
        assert (a / rel).read_bytes() == (b / rel).read_bytes(), rel


def test_a_corpus_larger_than_the_demo_world_is_refused():
    with pytest.raises(ValueError, match="at most"):
        plan_corpus(1_000_000, seed=0)


def test_some_text_reports_are_printed_in_traditional_characters_and_read_as_their_truth(plan):
    """(Round 19) ~3 % of txt/md/HTML reports are printed in traditional characters, drawn after
    rendering from an rng of their own; each reads to its truth's figures, organ and year."""
    from etl.demo.generator import render_report
    from etl.pipeline import extract_file
    from etl.read.simplified import is_traditional

    printed = []
    for r in plan:
        if r.fmt in ("txt", "md", "html") and not r.scanned:
            data, truth = render_report(r, 11)
            if "traditional_characters" in truth["quirks"]:
                printed.append((r, data, truth))
    assert 3 <= len(printed) <= 25, len(printed)  # (~3 % of ~260)
    for r, data, truth in printed[:4]:
        assert is_traditional(data.decode("utf-8"))
        result = extract_file(r.file_name, data)
        assert (result.report["bureau_name"], result.report["year"]) == (truth["bureau_name"], truth["year"])
        got = {f"{f['metric']}|{f['dimension']}" if f["dimension"] else f["metric"]: f["value"] for f in result.figures}
        for key, value in truth["cells"].items():  # (a blank cell, None, or one not applicable, 'NA', has no value)
            assert got.get(key) == (None if value in (None, "NA") else value), (r.file_name, key, got.get(key), value)
        for key, value in truth["text"].items():
            if key != "text.proactive.by_category":
                assert got.get(key) == value, (r.file_name, key, got.get(key), value)
