"""The metadata is the single source of truth: every relation and column is described,
the catalog covers the shared spec, and the generated docs are current."""
from __future__ import annotations

import csv

import duckdb
import pytest

from etl.load import ddl
from etl.metadata import vocab
from etl.metadata.catalog import metrics
from etl.metadata.dictionary import render_markdown
from etl.metadata.schema import RELATIONS

CONTRACT_COLUMNS = {
    "reports": ["report_id", "source_path", "sha256", "status", "error", "template", "year", "bureau_name",
                "province", "city", "county", "admin_level"],
    "figures": ["report_id", "metric", "dimension", "value", "value_kind", "raw_text", "source_kind", "page", "evidence"],
    "checks": ["report_id", "rule", "status", "detail"],
}


@pytest.mark.parametrize("rel", RELATIONS, ids=lambda r: r.name)
def test_every_relation_and_column_is_described(rel):
    assert len(rel.description) >= 20, f"{rel.name} needs a description"
    for col in rel.columns:
        assert len(col.description.strip()) >= 5, f"{rel.name}.{col.name} has no description"


def test_contract_tables_and_columns_exist():
    names = {r.name: r for r in RELATIONS}
    for table, cols in CONTRACT_COLUMNS.items():
        assert set(cols) <= set(names[table].column_names), table
    assert "metric_catalog" in names


def test_catalog_contains_every_shared_metric_with_same_meaning(shared_spec):
    ours = metrics()
    with (shared_spec / "metrics.csv").open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            assert row["metric"] in ours, f"{row['metric']} missing from etl/metadata/metrics.csv"
            m = ours[row["metric"]]
            assert m.unit == row["unit"], row["metric"]
            assert m.section == row["table"], row["metric"]
            # we may find a metric in more templates than the spec lists (003 states reviews in
            # prose in a t2021 report), never in fewer
            assert set(m.templates) >= {t.strip() for t in row["templates"].split(",")}, row["metric"]
            assert m.label_zh == row["label_zh"], row["metric"]
            assert m.description == row["description"], row["metric"]
    for m in ours.values():
        assert m.label_en and m.label_zh and m.description, m.metric


def test_ddl_creates_every_relation_with_comments():
    con = duckdb.connect()
    for stmt in ddl.all_statements():
        con.execute(stmt)
    for rel in RELATIONS:
        got = [r[0] for r in con.execute(f"DESCRIBE {rel.name}").fetchall()]
        assert got == rel.column_names, rel.name
    n_missing = con.execute(
        "SELECT count(*) FROM duckdb_columns() WHERE NOT internal AND (comment IS NULL OR comment = '')"
    ).fetchone()[0]
    assert n_missing == 0


def test_data_dictionary_is_current(project_root):
    path = project_root / "docs" / "data-dictionary.md"
    assert path.read_text(encoding="utf-8") == render_markdown(), "docs/data-dictionary.md is stale: run `make docs`"


def test_vocabulary_rejects_unknown_codes():
    assert vocab.require(vocab.STATUSES, "parsed") == "parsed"
    with pytest.raises(ValueError, match="unknown code 'parse'"):
        vocab.require(vocab.STATUSES, "parse")
    with pytest.raises(ValueError):
        vocab.require(vocab.TEMPLATES, None, nullable=False)


def test_rule_registry_is_a_vocabulary_that_the_pipeline_enforces(shared_corpus):
    """Rule ids are a controlled vocabulary (etl/metadata/rules.csv): every rule has a kind, a
    source and a description, and a rule the validators emit that is not declared makes the
    pipeline raise, which a corpus file would show as an extractor error."""
    from etl.pipeline import extract_file

    assert len(vocab.RULES) >= 15
    for rule, text in vocab.RULES.items():
        assert text.startswith("[") and len(text) > 40, rule
    with pytest.raises(ValueError, match="unknown code 't3.balanse'"):
        vocab.require(vocab.RULES, "t3.balanse")
    seen = set()
    for path in sorted(shared_corpus.glob("0*")):
        result = extract_file(str(path), path.read_bytes())
        assert "unknown code" not in (result.report["error"] or ""), (path.name, result.report["error"])
        seen |= {c["rule"] for c in result.checks}
    assert {"t3.balance", "t3.row_sum", "t3.outcome_sum", "t4.group_sum", "nonnegative"} <= seen
