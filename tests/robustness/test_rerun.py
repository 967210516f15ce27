"""Reruns: unchanged files are reused, not extracted again, and the tables come out identical;
failures that depend on the run (limits, crashes) are retried by the next run."""
from __future__ import annotations

import shutil
from pathlib import Path

import duckdb

from etl.engines.limits import Limits
from etl.ingest import ingest

# every table but ingest_runs, which gains a row per run
TABLES = {
    "reports": "SELECT * FROM reports ORDER BY report_id",
    "figures": "SELECT * FROM figures ORDER BY ALL",
    "checks": "SELECT * FROM checks ORDER BY ALL",
    "source_files": "SELECT * FROM source_files ORDER BY source_path",
    "bureaus": "SELECT * FROM bureaus ORDER BY bureau_id",
    "bureau_names": "SELECT * FROM bureau_names ORDER BY ALL",
    "metric_catalog": "SELECT * FROM metric_catalog ORDER BY metric",
}


def _tables(db: Path) -> dict[str, list]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {name: con.sql(q).fetchall() for name, q in TABLES.items()}
    finally:
        con.close()


def _input(shared_corpus: Path, dest: Path, suffixes=(".txt", ".md", ".html", ".pdf")) -> Path:
    dest.mkdir()
    for p in shared_corpus.iterdir():
        if p.is_file() and p.suffix in suffixes:
            shutil.copy(p, dest / p.name)
    (dest / "copy_of_000.txt").write_bytes((shared_corpus / "000_huaibei_shangwuju_2018.txt").read_bytes())
    (dest / "broken.pdf").write_bytes(b"<html><title>404</title></html>")
    return dest


def test_rerun_reuses_every_row_and_gives_identical_tables(tmp_path, shared_corpus):
    src = _input(shared_corpus, tmp_path / "in")
    db = tmp_path / "xxgk.duckdb"
    first = ingest([str(src)], db, workers=2)
    assert first.files_extracted == first.files_seen - first.duplicates > 10
    before = _tables(db)
    second = ingest([str(src)], db, workers=2)
    assert second.files_extracted == 0
    assert second.files_reused == first.files_extracted
    assert _tables(db) == before
    con = duckdb.connect(str(db), read_only=True)
    assert con.sql("SELECT files_extracted FROM ingest_runs ORDER BY started_at").fetchall() == \
        [(first.files_extracted,), (0,)]
    con.close()


def test_a_changed_file_alone_is_extracted_again(tmp_path, shared_corpus):
    src = _input(shared_corpus, tmp_path / "in", (".txt",))
    db = tmp_path / "xxgk.duckdb"
    ingest([str(src)], db, workers=2)
    changed = src / "004_pingtan_xian_2011.txt"
    changed.write_bytes(changed.read_bytes() + "\n（更正）\n".encode())
    again = ingest([str(src)], db, workers=2)
    assert again.files_extracted == 1


def test_a_renamed_extension_is_read_again(tmp_path, shared_corpus):
    """The same bytes as .md are read by another reader: not reused from the .txt row."""
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(shared_corpus / "000_huaibei_shangwuju_2018.txt", src / "r.txt")
    db = tmp_path / "xxgk.duckdb"
    ingest([str(src)], db)
    (src / "r.txt").rename(src / "r.md")
    again = ingest([str(src)], db)
    assert again.files_extracted == 1
    con = duckdb.connect(str(db), read_only=True)
    assert con.sql("SELECT file_name, file_format FROM reports").fetchall() == [("r.md", "md")]
    con.close()


def test_failures_of_the_run_are_retried_not_reused(tmp_path, shared_corpus):
    """A file that failed on a limit of the last run (or a crash) is extracted again; a file that
    failed on its bytes (an HTML page saved as .pdf) is not."""
    src = _input(shared_corpus, tmp_path / "in", (".txt", ".html", ".pdf"))
    db = tmp_path / "xxgk.duckdb"
    small = ingest([str(src)], db, workers=2, limits=Limits(max_file_bytes=20_000))
    con = duckdb.connect(str(db), read_only=True)
    too_large = con.sql("SELECT count(*) FROM reports WHERE error LIKE 'file too large%'").fetchall()[0][0]
    con.close()
    assert too_large >= 4  # the PDFs and the html page
    again = ingest([str(src)], db, workers=2)
    assert again.files_extracted == too_large
    assert again.files_reused == small.files_extracted - too_large
