"""Building the DuckDB warehouse and publishing it atomically.

The database is always built into a new file next to the live one, then moved over it with
`os.replace`, so a reader of the live file sees either the old or the new database, never a
half-built one; a crash mid-build leaves the live file untouched.

What this relies on (checked against DuckDB 2.0, see tests/robustness/test_publish.py):
- a connection open on the old file keeps reading the old file after the replace (it holds
  the old inode); a connection opened afterwards reads the new one. Within one process,
  DuckDB reuses the open database instance for the same path, so a process that keeps one
  connection open keeps seeing the old database until every connection to it is closed.
- a `.wal` file left next to the live database by a writer that crashed belongs to the old
  file: DuckDB refuses to open the new file with it ("WAL does not match database file"),
  so it is removed before the new file is moved in.
- the new file is checkpointed and closed before it is moved, so it has no `.wal` of its own.
"""
from __future__ import annotations

import os
import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import duckdb
import polars as pl

from etl.load import ddl
from etl.load.bureaus import assign_bureaus
from etl.load.preferred import mark_preferred
from etl.metadata.catalog import metrics
from etl.metadata.schema import CHECKS, FIGURES, REPORTS, SOURCE_FILES, INGEST_RUNS, Relation
from etl.pipeline import FileResult
from etl.metadata import vocab
from etl.validate.cross_year import cross_year_checks


@dataclass
class RunInfo:
    run_id: str
    started_at: datetime
    engine: str
    workers: int
    extractor_version: str
    files_seen: int
    files_extracted: int
    files_skipped: int


def _schema(rel: Relation) -> dict[str, pl.DataType]:
    mapping = {"VARCHAR": pl.Utf8, "INTEGER": pl.Int32, "BIGINT": pl.Int64, "DOUBLE": pl.Float64,
               "BOOLEAN": pl.Boolean, "DATE": pl.Date, "TIMESTAMP": pl.Datetime("us")}
    return {c.name: mapping[c.type] for c in rel.columns}


def frame(rel: Relation, rows: list[dict]) -> pl.DataFrame:
    """Rows as a polars frame with exactly the relation's columns and types."""
    return pl.DataFrame(rows, schema=_schema(rel), orient="row") if rows else pl.DataFrame(schema=_schema(rel))


def load_previous(db_path: Path, extractor_version: str) -> dict[str, FileResult]:
    """Rows of the live database extracted by this same extractor version, by sha256,
    so unchanged files are not extracted again. Empty when there is no usable database."""
    if not db_path.exists():
        return {}
    try:
        con = duckdb.connect(str(db_path), read_only=True)
    except duckdb.Error:
        return {}
    try:
        reports = con.sql("SELECT * FROM reports WHERE extractor_version = ?", params=[extractor_version]).pl()
        if reports.is_empty():
            return {}
        figures = con.sql("SELECT f.* FROM figures f JOIN reports r USING (report_id) WHERE r.extractor_version = ?",
                          params=[extractor_version]).pl()
        checks = con.sql("SELECT c.* FROM checks c JOIN reports r USING (report_id) WHERE r.extractor_version = ? "
                         "AND c.rule NOT LIKE 'cross_year.%'", params=[extractor_version]).pl()
    except duckdb.Error:
        return {}
    finally:
        con.close()
    figs = {k[0]: g.to_dicts() for k, g in figures.group_by("report_id")} if not figures.is_empty() else {}
    chks = {k[0]: g.to_dicts() for k, g in checks.group_by("report_id")} if not checks.is_empty() else {}
    out = {}
    for rep in reports.to_dicts():
        rid = rep["report_id"]
        out[rep["sha256"]] = FileResult(rep, figs.get(rid, []), chks.get(rid, []))
    return out


def build_database(db_path: Path, results: list[FileResult], source_rows: list[dict], run: RunInfo) -> dict:
    """Build a new database from the extraction results and publish it over `db_path`.

    Returns the run summary (the `ingest_runs` row)."""
    db_path = Path(db_path)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_builds(db_path)
    tmp = db_path.with_name(f".{db_path.name}.{os.getpid()}-{uuid.uuid4().hex[:8]}.building")
    reports = [dict(r.report) for r in results]
    figures = [f for r in results for f in r.figures]
    checks = [c for r in results for c in r.checks]

    assign_bureaus(reports)
    mark_preferred(reports, figures)
    cross_year = cross_year_checks(reports, figures)
    for c in cross_year:
        vocab.require(vocab.RULES, c["rule"], nullable=False)
        vocab.require(vocab.CHECK_STATUSES, c["status"], nullable=False)
    checks += cross_year
    failed_by_report: dict[str, int] = {}
    for c in checks:
        if c["status"] == "fail":
            failed_by_report[c["report_id"]] = failed_by_report.get(c["report_id"], 0) + 1
    for rep in reports:
        rep["checks_failed"] = failed_by_report.get(rep["report_id"], 0)

    summary = {
        "run_id": run.run_id, "started_at": run.started_at,
        "finished_at": None, "engine": run.engine, "workers": run.workers,
        "extractor_version": run.extractor_version, "files_seen": run.files_seen,
        "files_extracted": run.files_extracted, "files_skipped": run.files_skipped,
        "parsed": sum(r["status"] == "parsed" for r in reports),
        "partial": sum(r["status"] == "partial" for r in reports),
        "failed": sum(r["status"] == "failed" for r in reports),
        "figures": len(figures), "checks_failed": sum(failed_by_report.values()),
    }
    previous_runs = _previous_runs(db_path)
    try:
        _write(tmp, reports, figures, checks, source_rows, previous_runs, summary)
    except BaseException:
        _remove(tmp)
        _remove(tmp.with_name(tmp.name + ".wal"))
        raise
    _publish(tmp, db_path)
    return summary


def _write(tmp: Path, reports: list[dict], figures: list[dict], checks: list[dict], source_rows: list[dict],
           previous_runs: list[dict], summary: dict) -> None:
    con = duckdb.connect(str(tmp))
    try:
        for stmt in ddl.table_statements():
            con.execute(stmt)
        _insert(con, REPORTS, reports)
        _insert(con, FIGURES, figures)
        _insert(con, CHECKS, checks)
        _insert(con, SOURCE_FILES, source_rows)
        from etl.load.bureaus import bureau_rows
        from etl.metadata.schema import BUREAUS, BUREAU_NAMES
        b_rows, n_rows = bureau_rows(reports)
        _insert(con, BUREAUS, b_rows)
        _insert(con, BUREAU_NAMES, n_rows)
        con.executemany("INSERT INTO metric_catalog VALUES (?, ?, ?, ?, ?, ?, ?)",
                        [(m.metric, m.section, ",".join(m.templates), m.unit, m.label_zh, m.label_en, m.description)
                         for m in metrics().values()])
        summary["finished_at"] = datetime.now(timezone.utc).replace(tzinfo=None)
        _insert(con, INGEST_RUNS, previous_runs + [summary])
        for stmt in ddl.view_statements():
            con.execute(stmt)
        con.execute("CHECKPOINT")
    finally:
        con.close()


def _publish(tmp: Path, db_path: Path) -> None:
    # fsync the new file before the rename, so a power cut cannot publish an empty file
    with open(tmp, "rb") as fh:
        os.fsync(fh.fileno())
    _remove(tmp.with_name(tmp.name + ".wal"))
    _remove(db_path.with_name(db_path.name + ".wal"))  # a crashed writer's WAL of the old file
    os.replace(tmp, db_path)
    try:
        dir_fd = os.open(db_path.parent, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        pass
    finally:
        os.close(dir_fd)


def _remove(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass


# A build file whose process id cannot be read (older naming) is stale after this long.
STALE_BUILD_SECONDS = 6 * 3600


def remove_stale_builds(db_path: Path) -> list[Path]:
    """Delete `.NAME.<pid>-<id>.building` files (and their `.wal`) left by runs that died
    (kill -9, power cut) before publishing. A build whose process is still alive is left
    alone: another ingest may be writing it."""
    removed = []
    for path in db_path.parent.glob(f".{db_path.name}.*.building*"):
        if not (path.name.endswith(".building") or path.name.endswith(".building.wal")):
            continue
        tag = path.name[len(db_path.name) + 2:].split(".building")[0]
        pid_text = tag.split("-")[0]
        if pid_text.isdigit():
            stale = not _process_alive(int(pid_text))
        else:
            try:
                stale = time.time() - path.stat().st_mtime > STALE_BUILD_SECONDS
            except FileNotFoundError:
                continue
        if stale:
            _remove(path)
            removed.append(path)
    return removed


def _process_alive(pid: int) -> bool:
    if pid == os.getpid():
        return False  # this process is not building yet: a leftover with a recycled pid
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _insert(con: duckdb.DuckDBPyConnection, rel: Relation, rows: list[dict]) -> None:
    if not rows:
        return
    df = frame(rel, [{c: r.get(c) for c in rel.column_names} for r in rows])
    con.register("_rows", df.to_arrow())
    con.execute(f"INSERT INTO {rel.name} SELECT {', '.join(rel.column_names)} FROM _rows")
    con.unregister("_rows")


def _previous_runs(db_path: Path) -> list[dict]:
    if not db_path.exists():
        return []
    try:
        con = duckdb.connect(str(db_path), read_only=True)
        try:
            return con.sql("SELECT * FROM ingest_runs ORDER BY started_at").pl().to_dicts()[-49:]
        finally:
            con.close()
    except duckdb.Error:
        return []
