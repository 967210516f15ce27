"""Every corpus report through the real pipeline against hand-read goldens
(tests/golden/prose/*.json: metadata and every prose figure read off the document).

A golden's `text` lists every text.* figure a person reads in the document (the narrative, and
for pre-2019 reports the local statistics form for facts the narrative does not state:
`from_stats_table`); `missed` lists the ones the extractor is known not to read (with the
reason); anything extracted must be in `text` with the same value (a wrong number fails), and
everything in `text` but not in `missed` must be extracted.
"""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from etl.pipeline import extract_file

GOLDEN = Path(__file__).resolve().parent.parent / "golden" / "prose"
CASES = [(g.stem, f) for g in sorted(GOLDEN.glob("*.json")) for f in json.loads(g.read_text("utf-8"))["files"]]
META_FIELDS = ("bureau_name", "year", "template", "province", "city", "county", "admin_level", "organ_kind",
               "bureau_type", "region_code", "is_aggregate")


def test_every_corpus_report_has_a_golden(shared_corpus):
    reports = {p.name for p in shared_corpus.glob("0*") if p.suffix in (".txt", ".pdf", ".md", ".html")}
    covered = {f for _, f in CASES}
    assert reports <= covered, sorted(reports - covered)


@pytest.fixture(scope="module")
def results(shared_corpus):
    return {f: extract_file(str(shared_corpus / f), (shared_corpus / f).read_bytes()) for _, f in CASES}


def _golden(stem: str) -> dict:
    return json.loads((GOLDEN / f"{stem}.json").read_text("utf-8"))


@pytest.mark.parametrize("stem,file", CASES)
def test_metadata(stem, file, results):
    g, rep = _golden(stem), results[file].report
    got = {k: rep[k] for k in META_FIELDS}
    assert got == {k: g["meta"][k] for k in META_FIELDS}
    want_pub = g["meta"]["published_on"]
    assert rep["published_on"] == (date.fromisoformat(want_pub) if want_pub else None)


def _prose(result) -> dict:
    out: dict = {}
    for f in result.figures:
        if not f["metric"].startswith("text."):
            continue
        assert f["value"] is not None, f"{f['metric']} left unassigned: {f['evidence']}"
        if f["metric"] == "text.proactive.by_category":
            out.setdefault(f["metric"], {})[f["dimension"]] = f["value"]
        else:
            assert f["metric"] not in out, f"two values for {f['metric']}"
            out[f["metric"]] = f["value"]
    return out


@pytest.mark.parametrize("stem,file", CASES)
def test_prose_figures_right_or_absent(stem, file, results):
    g, got = _golden(stem), _prose(results[file])
    for metric, value in got.items():
        assert metric in g["text"], f"{metric} = {value} extracted but not stated in the document"
        assert value == g["text"][metric], metric
    expected = {m for m in g["text"] if m not in g["missed"]}
    assert expected <= set(got), sorted(expected - set(got))


@pytest.mark.parametrize("stem,file", CASES)
def test_value_kinds_sources_and_evidence(stem, file, results):
    g = _golden(stem)
    for f in results[file].figures:
        if not f["metric"].startswith("text."):
            continue
        want = "approximate" if f["metric"] in g["approximate"] else "number"
        assert f["value_kind"] == want, f["metric"]
        assert f["source_kind"] == ("table" if f["metric"] in g["from_stats_table"] else "text"), f["metric"]
        assert f["evidence"] and f["raw_text"], f["metric"]


def test_prose_table_disagreement_is_a_check_not_a_changed_figure(results):
    """002: the prose says 17 requests (区政府办) while 表三 says 95; 024: prose 75 = 新收 74 + 结转 1;
    015: the narrative's 1913 against the statistics form's 739."""
    for file, found, expected in (("002_huaian_hongzequ_2024.pdf", 17, 95), ("024_pingtan_shiyanqu_2022.txt", 75, 74)):
        checks = [c for c in results[file].checks if c["rule"] == "prose.requests_received"]
        assert [(c["status"], c["found"], c["expected"]) for c in checks] == [("warn", found, expected)], file
    stats = [c for c in results["015_pingtan_shiyanqu_2012.txt"].checks
             if c["rule"] == "prose.stats_table" and c["metric"] == "text.proactive.total"]
    assert [(c["status"], c["found"], c["expected"]) for c in stats] == [("warn", 1913, 739)]
    agree = [c for c in results["003_huaian_shi_2024.pdf"].checks if c["rule"].startswith("prose.")]
    assert {c["rule"]: c["status"] for c in agree} == {
        "prose.requests_received": "pass", "prose.requests_answered": "pass",
        "prose.review_total": "pass", "prose.litigation_total": "pass"}


def test_goldens_agree_with_the_shared_truth(shared_corpus):
    """Every prose figure and the organ/year/template of truth/*.json (hand-read by someone else)
    is in our golden with the same value; our goldens may state more."""
    checked = 0
    for truth_file in sorted((shared_corpus / "truth").glob("0*.json")):
        truth = json.loads(truth_file.read_text("utf-8"))
        g = _golden(truth_file.stem)
        assert {k: g["meta"][k] for k in ("bureau_name", "year", "template")} == \
            {k: truth[k] for k in ("bureau_name", "year", "template")}
        for metric, value in truth["text"].items():
            assert g["text"][metric] == value, (truth_file.stem, metric)
            checked += 1
    assert checked >= 25
