"""The incremental build copies reused rows by SQL from the live database and writes new
extractions chunk by chunk; the tables must come out exactly as a cold build of the same input
makes them from Python rows alone."""
from __future__ import annotations

import multiprocessing as mp
from pathlib import Path

import duckdb
import pytest

import etl.ingest as ingest_module
import etl.load.warehouse as warehouse
from corpus_copy import copy_corpus
from etl.ingest import ingest

# every table but ingest_runs (a row per run), without the columns that depend on the run
RUN_COLUMNS = {"ingested_at", "extract_seconds", "extract_cpu_seconds"}
TABLES = ("reports", "figures", "checks", "source_files", "bureaus", "bureau_names", "metric_catalog")


def _tables(db: Path) -> dict[str, list]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        out = {}
        for t in TABLES:
            cols = [r[0] for r in con.sql(f"DESCRIBE {t}").fetchall() if r[0] not in RUN_COLUMNS]
            out[t] = con.sql(f"SELECT {', '.join(cols)} FROM {t} ORDER BY ALL").fetchall()
        return out
    finally:
        con.close()




def _report_files(shared_corpus: Path) -> list[str]:
    return sorted(p.name for p in shared_corpus.iterdir() if p.is_file() and p.suffix in (".txt", ".md", ".html", ".pdf"))


def test_a_mixed_rerun_equals_a_cold_build(tmp_path, shared_corpus):
    names = _report_files(shared_corpus)
    assert len(names) > 12
    # run 1 sees all but the last three files; run 2 drops the first two and adds the last three
    old_input = copy_corpus(shared_corpus, tmp_path / "old", names[:-3])
    db = tmp_path / "incremental.duckdb"
    ingest([str(old_input)], db, workers=2)
    new_input = copy_corpus(shared_corpus, tmp_path / "new", names[2:])
    second = ingest([str(new_input)], db, workers=2)
    assert second.files_extracted == 3 and second.files_reused == len(names) - 5

    cold_db = tmp_path / "cold.duckdb"
    cold = ingest([str(new_input)], cold_db, workers=2)
    assert cold.files_extracted == len(names) - 2 and cold.files_reused == 0
    assert (second.parsed, second.partial, second.failed, second.figures, second.checks_failed) == \
        (cold.parsed, cold.partial, cold.failed, cold.figures, cold.checks_failed)
    incremental, fresh = _tables(db), _tables(cold_db)
    for t in TABLES:
        assert incremental[t] == fresh[t], t
    # the copy kept the cross-year checks of the reused reports recomputed, not duplicated
    con = duckdb.connect(str(db), read_only=True)
    n_cross = con.sql("SELECT count(*) FROM checks WHERE rule LIKE 'cross_year.%'").fetchall()[0][0]
    con.close()
    assert n_cross > 0


def test_extraction_in_small_chunks_builds_the_same_database(tmp_path, shared_corpus, monkeypatch):
    src = copy_corpus(shared_corpus, tmp_path / "in", _report_files(shared_corpus))
    whole = ingest([str(src)], tmp_path / "whole.duckdb", workers=2)
    monkeypatch.setattr(ingest_module, "EXTRACT_CHUNK_FILES", 4)
    chunked = ingest([str(src)], tmp_path / "chunked.duckdb", workers=2)
    assert chunked.files_extracted == whole.files_extracted > 8
    assert _tables(tmp_path / "chunked.duckdb") == _tables(tmp_path / "whole.duckdb")


def test_a_rerun_that_only_adds_files_equals_a_cold_build(tmp_path, shared_corpus):
    """Every live row is reused: the build starts as a copy of the live file (views, run
    history and the cross-year checks are rewritten) and must still equal a cold build."""
    names = _report_files(shared_corpus)
    src = copy_corpus(shared_corpus, tmp_path / "in", names[:-3])
    db = tmp_path / "incremental.duckdb"
    ingest([str(src)], db, workers=2)
    copy_corpus(shared_corpus, src, names[-3:])
    second = ingest([str(src)], db, workers=2)
    assert second.files_extracted == 3 and second.files_reused == len(names) - 3
    cold = ingest([str(src)], tmp_path / "cold.duckdb", workers=2)
    assert (second.parsed, second.partial, second.failed, second.figures, second.checks_failed) == \
        (cold.parsed, cold.partial, cold.failed, cold.figures, cold.checks_failed)
    assert _tables(db) == _tables(tmp_path / "cold.duckdb")
    con = duckdb.connect(str(db), read_only=True)
    try:
        views = con.sql("SELECT view_name FROM duckdb_views() WHERE NOT internal ORDER BY 1").fetchall()
        assert len(con.sql("SELECT * FROM ingest_runs").fetchall()) == 2
    finally:
        con.close()
    cold_con = duckdb.connect(str(tmp_path / "cold.duckdb"), read_only=True)
    try:
        assert views == cold_con.sql("SELECT view_name FROM duckdb_views() WHERE NOT internal ORDER BY 1").fetchall()
    finally:
        cold_con.close()
    assert views


def test_a_failed_load_ends_the_run_and_keeps_the_live_database(tmp_path, shared_corpus, monkeypatch):
    """Chunks are loaded in a thread while the workers extract the next one: an error in
    that thread ends the run with that error, the workers stopped and the live file as it was."""
    src = copy_corpus(shared_corpus, tmp_path / "in", _report_files(shared_corpus))
    db = tmp_path / "live.duckdb"
    ingest([str(src)], db, workers=2)
    before = _tables(db)
    (src / "more").mkdir()
    for name in _report_files(shared_corpus)[:9]:  # nine files to extract: chunks of 4, 4 and 1
        (src / "more" / name).write_bytes((shared_corpus / name).read_bytes() + b"\nmore\n")
    real, calls = warehouse.Build.add_extracted, []

    def failing(self, results):
        calls.append(len(results))
        if len(calls) == 2:  # (the first call adds the files that failed before extraction: none)
            raise OSError("disk full")
        return real(self, results)

    monkeypatch.setattr(warehouse.Build, "add_extracted", failing)
    monkeypatch.setattr(ingest_module, "EXTRACT_CHUNK_FILES", 4)
    with pytest.raises(OSError, match="disk full"):
        ingest([str(src)], db, workers=2)
    assert calls == [0, 4]  # the first chunk's load failed; the third chunk was never loaded
    assert not mp.active_children()
    assert _tables(db) == before
