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
import shutil
import sys
import time
import uuid
from dataclasses import dataclass
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path

import duckdb
import polars as pl

from etl.load import ddl
from etl.load.bureaus import assign_bureaus, bureau_rows
from etl.load.preferred import mark_preferred
from etl.load.indicators import write_indicators, write_weights
from etl.load.roster import SOURCE_COLUMNS as ROSTER_SOURCE_COLUMNS, Roster, match_roster
from etl.metadata.schema import ROSTER, SCORECARD_WEIGHTS
from etl.metadata.scorecard import load_weights
from etl.metadata.catalog import metrics
from etl.metadata.schema import SOURCE_VERSIONS  # xxgk fetch provenance (issue 19)
from etl.metadata.schema import (BUREAU_NAMES, BUREAUS, CHECKS, FIGURES, INGEST_RUNS, METRIC_CATALOG, REPORTS,
                                  SOURCE_FILES, TABLES, VIEWS, Relation)
from etl.model import FileResult
from etl.metadata.schema import CORRECTIONS
from etl.metadata import vocab
from etl.metadata.reasons import add_reason_codes
from etl.validate.cross_year import METRICS_READ, SOURCE_KINDS_READ, add_value_rows, add_values, cross_year_checks


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
    corrections_sha256: str | None = None  # the corrections file applied (issue 22)


def _schema(rel: Relation) -> dict[str, pl.DataType]:
    mapping = {"VARCHAR": pl.Utf8, "INTEGER": pl.Int32, "BIGINT": pl.Int64, "DOUBLE": pl.Float64,
               "BOOLEAN": pl.Boolean, "DATE": pl.Date, "TIMESTAMP": pl.Datetime("us")}
    mapping["DOUBLE[4]"] = pl.Array(pl.Float64, 4)  # figures.bbox
    return {c.name: mapping[c.type] for c in rel.columns}


def frame(rel: Relation, rows: list[dict]) -> pl.DataFrame:
    """Rows as a polars frame with exactly the relation's columns and types."""
    return pl.DataFrame(rows, schema=_schema(rel), orient="row") if rows else pl.DataFrame(schema=_schema(rel))


PREVIOUS = "previous"  # the catalog name the live database is attached under, read-only


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


# Report columns with few distinct values: one string object each for all rows kept (a
# 100,000-report build holds every reports row until its global passes)
_SHARED_VALUE_COLUMNS = frozenset({"file_format", "status", "template", "bureau_type", "organ_kind", "province",
                                   "city", "county", "admin_level", "region_code", "extractor_version",
                                   "bureau_name"})


def _kept_row(row: dict) -> dict:
    """A reports row as kept in memory until the global passes: the same keys and values, with
    the keys and the low-cardinality values interned (rows come unpickled from the workers,
    each with its own copies of them)."""
    return {sys.intern(k): (sys.intern(v) if k in _SHARED_VALUE_COLUMNS and isinstance(v, str) else v)
            for k, v in row.items()}


# DuckDB's buffer manager keeps the blocks it has written until it reaches its limit (80 % of
# the machine's memory by default): building a 100,000-report warehouse then took the ingest
# process past 2 GiB. Under this limit it writes blocks out (the build file, or the temp
# directory next to it for intermediate results) and the process stays well under 1 GiB.
BUILD_MEMORY_LIMIT = "256MB"


class Build:
    """One new database being built next to the live one, then published over it.

    Rows reach it two ways, and neither keeps the whole warehouse in Python:
    - newly extracted files (`add_extracted`): their figures and checks are written as they
      arrive; only the reports rows and what the global passes need stay in memory;
    - unchanged files (`add_reused`): their figures and checks are copied by SQL from the live
      database, attached read-only when the build starts (so every read sees one file, even if
      another run publishes meanwhile); when every live report is reused (a no-op rerun, or
      files only added), the build starts as a byte copy of the live file instead, which is
      much faster than rewriting and recompressing millions of figures.
    `finish` runs the global passes (bureaus, preferred versions, cross-year checks) over the
    reports rows, writes the remaining tables and publishes."""

    def __init__(self, db_path: Path, *, attach_previous: bool = False):
        self.db_path = Path(db_path)
        self.db_path.parent.mkdir(parents=True, exist_ok=True)
        remove_stale_builds(self.db_path)
        self.tmp = self.db_path.with_name(f".{self.db_path.name}.{os.getpid()}-{uuid.uuid4().hex[:8]}.building")
        self.reports: dict[str, dict] = {}  # report_id → reports row, in the order added
        self.numbers: Counter = Counter()  # report_id → figures with a number
        self.own_fails: Counter = Counter()  # report_id → failed checks of the report itself
        # what the cross-year checks read (report_id → (metric, dimension) → value), not the
        # figures themselves: those are written as they arrive
        self.cross_year_values: dict = {}
        self.figure_count = 0
        self.source_versions: list[dict] = []  # rows of source_versions (xxgk fetch provenance), set by ingest
        # An in-memory connection that attaches the live database now (it keeps that file open,
        # whatever another run publishes meanwhile) and the build file when the first rows are
        # written (so no build file exists before there is something to write).
        self.con = duckdb.connect(":memory:", config={"memory_limit": BUILD_MEMORY_LIMIT,
                                                      "temp_directory": f"{self.tmp}.tmp"})
        self._build_attached = False
        self._previous_file = None  # the live file, open while it may be copied
        self.has_previous = attach_previous and self._attach_previous()
        # the supervisor's roster (etl.load.roster.Roster) given to this run; None keeps the
        # live database's roster, if any
        self.roster = None
        self.corrections = None  # an etl.load.corrections.CorrectionsFile, applied by finish
        self.indicators_kept = False  # set when the build starts as a copy of the live file

    def _build(self) -> duckdb.DuckDBPyConnection:
        """The connection, with the build file created (tables only) and selected."""
        if not self._build_attached:
            con = duckdb.connect(str(self.tmp))
            try:
                _execute_in_one_transaction(con, ddl.table_statements())
            finally:
                con.close()
            self.con.execute(f"ATTACH {_quote(str(self.tmp))} AS build")
            self.con.execute("USE build")
            self._build_attached = True
        return self.con

    def _attach_previous(self) -> bool:
        try:
            # the open file is the one attached unless a publish slipped in between (checked below)
            self._previous_file = open(self.db_path, "rb")
        except OSError:
            return False
        try:
            self.con.execute(f"ATTACH {_quote(str(self.db_path))} AS {PREVIOUS} (READ_ONLY)")
            self.con.sql(f"SELECT count(*) FROM {PREVIOUS}.reports").fetchall()
        except duckdb.Error:
            try:
                self.con.execute(f"DETACH DATABASE IF EXISTS {PREVIOUS}")
            except duckdb.Error:
                pass
            self._close_previous_file()
            return False
        try:
            same = os.stat(self.db_path).st_ino == os.fstat(self._previous_file.fileno()).st_ino
        except OSError:
            same = False
        if not same:
            self._close_previous_file()
        return True

    def _close_previous_file(self) -> None:
        if self._previous_file is not None:
            self._previous_file.close()
            self._previous_file = None

    def _can_copy_previous_file(self, n_reused: int) -> bool:
        """The build may start as a copy of the live file when nothing has been written yet,
        every report of the live file is reused and its tables have this schema's columns."""
        if self._build_attached or self._previous_file is None:
            return False
        n_previous, n_kept = self.con.sql(
            f"SELECT count(*), count(*) FILTER (WHERE report_id IN (SELECT report_id FROM _reused_ids)) "
            f"FROM {PREVIOUS}.reports").fetchall()[0]
        if not n_previous == n_kept == n_reused:
            return False
        found = self.con.sql(
            "SELECT c.table_name, c.column_name, c.data_type FROM information_schema.columns c "
            "JOIN information_schema.tables t USING (table_catalog, table_schema, table_name) "
            f"WHERE c.table_catalog = '{PREVIOUS}' AND t.table_type = 'BASE TABLE' "
            "ORDER BY c.table_name, c.ordinal_position").fetchall()
        wanted = sorted(((rel.name, c.name, c.type) for rel in TABLES for c in rel.columns), key=lambda t: t[0])
        return sorted(found, key=lambda t: t[0]) == wanted

    def _start_from_previous_file(self) -> None:
        """Copy the live file (the very file attached) as the build, keep its figures and the
        reports' own checks, and empty what `finish` writes again."""
        self._previous_file.seek(0)
        with open(self.tmp, "wb") as out:
            shutil.copyfileobj(self._previous_file, out, 16 * 2**20)
        self.con.execute(f"ATTACH {_quote(str(self.tmp))} AS build")
        self.con.execute("USE build")
        self._build_attached = True
        for rel in VIEWS:
            self.con.execute(f"DROP VIEW IF EXISTS {rel.name}")
        self.con.execute("DELETE FROM checks WHERE rule LIKE 'cross_year.%'")
        for rel in (REPORTS, SOURCE_FILES, BUREAUS, BUREAU_NAMES, METRIC_CATALOG, INGEST_RUNS):
            self.con.execute(f"DELETE FROM {rel.name}")
        self.con.execute(f"DELETE FROM {SOURCE_VERSIONS.name}")  # xxgk fetch provenance (issue 19)
        for rel in (ROSTER, SCORECARD_WEIGHTS):  # written again by finish (issue 21)
            self.con.execute(f"DELETE FROM {rel.name}")
        # the same reports, figures, checks and text: report_indicators stays as it is
        self.indicators_kept = True

    def previous_reports(self, extractor_version: str) -> dict[str, dict]:
        """Reports rows of the live database extracted by this extractor version, by sha256,
        so unchanged files are not extracted again. Empty when there is no usable database."""
        if not self.has_previous:
            return {}
        out: dict[str, dict] = {}
        try:
            # row by row in batches, each kept as add_reused keeps it: a frame of 100,000 rows
            # turned into dicts took the rerun of a 100,000-report warehouse past 1 GiB
            cur = self.con.execute(f"SELECT * FROM {PREVIOUS}.reports WHERE extractor_version = ?",
                                   [extractor_version])
            names = [sys.intern(d[0]) for d in cur.description]
            while batch := cur.fetchmany(10_000):
                for values in batch:
                    row = _kept_row(dict(zip(names, values)))
                    out[row["sha256"]] = row
        except duckdb.Error:
            return {}
        return out

    def add_extracted(self, results: list[FileResult]) -> None:
        figures = [f for r in results for f in r.figures]
        if figures and "extracted_value_kind" not in figures[-1]:  # rows made without the pipeline
            for f in figures:
                f.setdefault("extracted_value", f.get("value"))
                f.setdefault("extracted_value_kind", f.get("value_kind"))
                f.setdefault("corrected", False)
        checks = [c for r in results for c in r.checks]
        for r in results:
            row = _kept_row(r.report)
            self.reports[row["report_id"]] = row
        self.numbers.update(f["report_id"] for f in figures if f.get("value") is not None)
        self.own_fails.update(c["report_id"] for c in checks if c["status"] == "fail")
        add_values(self.cross_year_values, figures)
        self.figure_count += len(figures)
        if figures or checks:
            _insert(self._build(), FIGURES, figures)
            _insert(self._build(), CHECKS, checks)
        _insert_shingles(self, results)

    def add_reused(self, reports: list[dict]) -> None:
        """Reports rows taken from the live database (by `previous_reports`); their figures and
        their own checks (not the cross-year ones, which are recomputed) are copied by SQL."""
        if not reports:
            return
        for rep in reports:  # rows from previous_reports, already kept compactly
            self.reports[rep["report_id"]] = rep
        ids = pl.DataFrame({"report_id": [r["report_id"] for r in reports]}, schema={"report_id": pl.Utf8})
        self.con.register("_reused", ids.to_arrow())
        try:
            self.con.execute("CREATE TEMP TABLE _reused_ids AS SELECT DISTINCT report_id FROM _reused")
        finally:
            self.con.unregister("_reused")
        if self._can_copy_previous_file(len(self.reports.keys() & set(ids["report_id"]))):
            # every live row stays: copying the file beats rewriting (and recompressing) it
            self._start_from_previous_file()
        else:
            self._build()
            fig_cols, chk_cols = ", ".join(FIGURES.column_names), ", ".join(CHECKS.column_names)
            self.con.execute(f"INSERT INTO figures SELECT {fig_cols} FROM {PREVIOUS}.figures "
                             "WHERE report_id IN (SELECT report_id FROM _reused_ids)")
            self.con.execute(f"INSERT INTO checks SELECT {chk_cols} FROM {PREVIOUS}.checks WHERE report_id IN "
                             "(SELECT report_id FROM _reused_ids) AND rule NOT LIKE 'cross_year.%'")
            _copy_shingles(self.con, PREVIOUS)
        self._close_previous_file()
        where = "WHERE report_id IN (SELECT report_id FROM _reused_ids)"
        for rid, n, numbers in self.con.sql(
                f"SELECT report_id, count(*), count(value) FROM {PREVIOUS}.figures {where} GROUP BY report_id").fetchall():
            self.figure_count += n
            if numbers:
                self.numbers[rid] += numbers
        for rid, n in self.con.sql(f"SELECT report_id, count(*) FROM {PREVIOUS}.checks {where} AND status = 'fail' "
                                   "AND rule NOT LIKE 'cross_year.%' GROUP BY report_id").fetchall():
            self.own_fails[rid] += n
        metrics_in, kinds_in = ", ".join("?" * len(METRICS_READ)), ", ".join("?" * len(SOURCE_KINDS_READ))
        # in batches: at 100,000 reports these are millions of rows
        cur = self.con.execute(f"SELECT report_id, metric, dimension, value, value_kind FROM {PREVIOUS}.figures "
                               f"{where} AND metric IN ({metrics_in}) AND source_kind IN ({kinds_in}) ORDER BY rowid",
                               [*METRICS_READ, *SOURCE_KINDS_READ])
        while batch := cur.fetchmany(50_000):
            add_value_rows(self.cross_year_values, batch)
        self.con.execute("DROP TABLE _reused_ids")

    def finish(self, source_rows: list[dict], run: RunInfo, order: list[str] | None = None) -> dict:
        """Run the global passes, write the remaining tables and publish. `order` (report ids)
        is the order the passes see the reports in (default: the order they were added).

        Returns the run summary (the `ingest_runs` row)."""
        try:
            summary = self._finish(source_rows, run, order)
        except BaseException:
            self.abort()
            raise
        _publish(self.tmp, self.db_path)
        return summary

    def _finish(self, source_rows: list[dict], run: RunInfo, order: list[str] | None) -> dict:
        reports = [self.reports[rid] for rid in order] if order is not None else list(self.reports.values())
        assign_bureaus(reports)
        corrections_applied = self._apply_corrections(reports)
        mark_preferred(reports, numbers=self.numbers)
        self._resolve_across_reports(reports)  # issue 20: needs the bureaus, years and preferred versions
        cross_year = cross_year_checks(reports, values=self.cross_year_values)
        for c in cross_year:
            vocab.require(vocab.RULES, c["rule"], nullable=False)
            vocab.require(vocab.CHECK_STATUSES, c["status"], nullable=False)
        failed_by_report = Counter(self.own_fails)
        failed_by_report.update(c["report_id"] for c in cross_year if c["status"] == "fail")
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
            "figures": self.figure_count, "checks_failed": sum(failed_by_report.values()),
            "corrections_sha256": run.corrections_sha256, "corrections_applied": corrections_applied,
        }
        previous_runs = self._previous_runs() if self.has_previous else _previous_runs(self.db_path)
        roster = self.roster if self.roster is not None else self._previous_roster(previous_runs)
        con = self._build()
        _insert(con, REPORTS, reports)
        _insert(con, CHECKS, cross_year)
        _insert(con, SOURCE_FILES, source_rows)
        _insert(con, SOURCE_VERSIONS, self.source_versions)  # xxgk fetch provenance (issue 19)
        b_rows, n_rows = bureau_rows(reports)
        _insert(con, BUREAUS, b_rows)
        _insert(con, BUREAU_NAMES, n_rows)
        con.executemany("INSERT INTO metric_catalog VALUES (?, ?, ?, ?, ?, ?, ?)",
                        [(m.metric, m.section, ",".join(m.templates), m.unit, m.label_zh, m.label_en, m.description)
                         for m in metrics().values()])
        # the supervisor's frame (issue 21): roster matched to the bureaus, per-report indicators
        if roster is not None:
            _insert(con, ROSTER, match_roster(roster.rows, b_rows, n_rows))
            summary["roster_path"], summary["roster_sha256"] = roster.path, roster.sha256
        if not self.indicators_kept:
            write_indicators(con)
        write_weights(con, load_weights())
        summary["finished_at"] = datetime.now(timezone.utc).replace(tzinfo=None)
        _insert(con, INGEST_RUNS, previous_runs + [summary])
        con.execute("CHECKPOINT build")
        con.close()
        self._close_previous_file()  # detaches the build file and the live one
        # the views are created on the file itself, so they name its tables without a catalog
        con = duckdb.connect(str(self.tmp))
        try:
            _execute_in_one_transaction(con, ddl.view_statements())
            con.execute("CHECKPOINT")
        finally:
            con.close()
        return summary

    def _previous_roster(self, previous_runs: list[dict]):
        """The live database's roster (its source rows, matched again), so a run without
        --roster keeps the roster it was given before; None when there is none."""
        if not self.has_previous or not previous_runs or not previous_runs[-1].get("roster_sha256"):
            return None
        try:
            rows = self.con.sql(f"SELECT {', '.join(ROSTER_SOURCE_COLUMNS)} FROM {PREVIOUS}.roster "
                                "ORDER BY roster_row").pl().to_dicts()
        except duckdb.Error:
            return None
        last = previous_runs[-1]
        return Roster(last["roster_path"], last["roster_sha256"], rows, 0)
    def _apply_corrections(self, reports: list[dict]) -> int:
        """Apply the corrections file to the build's figures (undoing the corrections figures
        copied from the live database carry), recompute the changed reports' own checks and
        the values the cross-year checks read. Returns the number of applied rows."""
        from etl.load.corrections import apply_corrections

        con = self._build()
        rows, touched = apply_corrections(con, self.corrections, {r["sha256"]: r["report_id"] for r in reports})
        for row in rows:
            vocab.require(vocab.CORRECTION_STATUSES, row["status"], nullable=False)
        con.execute("DELETE FROM corrections")
        _insert(con, CORRECTIONS, rows)
        self._served_figures_changed(reports, touched)
        return sum(r["status"] == "applied" for r in rows)

    def _resolve_across_reports(self, reports: list[dict]) -> None:
        """Run-together rows resolved (or withdrawn) by the same organ's adjacent reports, from
        the candidates stored in the build (issue 20; etl.load.cross_report)."""
        from etl.load.cross_report import resolve_across_reports

        self._served_figures_changed(reports, resolve_across_reports(self._build(), reports))

    def _served_figures_changed(self, reports: list[dict], touched: set[str]) -> None:
        """Recompute the own checks of the reports whose served figures changed, and what the
        cross-year checks, the indicators and the preferred versions read of them."""
        from etl.load.corrections import revalidate

        con = self._build()
        if touched:
            self.indicators_kept = False  # the served figures changed: the indicators are computed again
            templates = {r["report_id"]: r.get("template") for r in reports}
            fails = revalidate(con, touched, templates)
            for rid in touched:
                self.own_fails[rid] = fails[rid]
                self.numbers[rid] = 0
            metrics_in, kinds_in = ", ".join("?" * len(METRICS_READ)), ", ".join("?" * len(SOURCE_KINDS_READ))
            ids_in = ", ".join("?" * len(touched))
            for rid in touched:
                self.cross_year_values.pop(rid, None)
            add_value_rows(self.cross_year_values, con.execute(
                f"SELECT report_id, metric, dimension, value, value_kind FROM figures WHERE report_id IN ({ids_in}) "
                f"AND metric IN ({metrics_in}) AND source_kind IN ({kinds_in}) ORDER BY rowid",
                [*touched, *METRICS_READ, *SOURCE_KINDS_READ]).fetchall())
            for rid, n in con.execute(f"SELECT report_id, count(value) FROM figures WHERE report_id IN ({ids_in}) "
                                      "GROUP BY report_id", [*touched]).fetchall():
                self.numbers[rid] = n

    def _previous_runs(self) -> list[dict]:
        try:
            return self.con.sql(f"SELECT * FROM {PREVIOUS}.ingest_runs ORDER BY started_at").pl().to_dicts()[-49:]
        except duckdb.Error:
            return []

    def abort(self) -> None:
        """Close and delete the unfinished build (the live database is untouched)."""
        self._close_previous_file()
        try:
            self.con.close()
        except Exception:  # noqa: BLE001 - closing is best effort; the files go either way
            pass
        for path in (self.tmp, self.tmp.with_name(self.tmp.name + ".wal"), self.tmp.with_name(self.tmp.name + ".tmp")):
            _remove(path)


def build_database(db_path: Path, results: list[FileResult], source_rows: list[dict], run: RunInfo) -> dict:
    """Build a new database from extraction results alone and publish it over `db_path`.

    Returns the run summary (the `ingest_runs` row)."""
    build = Build(db_path)
    try:
        build.add_extracted(results)
    except BaseException:
        build.abort()
        raise
    return build.finish(source_rows, run)


def _execute_in_one_transaction(con: duckdb.DuckDBPyConnection, statements: list[str]) -> None:
    """The DDL of the build file (a hundred CREATE and COMMENT ON statements) in one transaction:
    each statement committed on its own cost ~5 ms, 0.7 s of a small ingest's 1.2 s."""
    con.execute("BEGIN TRANSACTION")
    try:
        for stmt in statements:
            con.execute(stmt)
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


def _publish(tmp: Path, db_path: Path) -> None:
    # fsync the new file before the rename, so a power cut cannot publish an empty file
    with open(tmp, "rb") as fh:
        os.fsync(fh.fileno())
    _remove(tmp.with_name(tmp.name + ".wal"))
    _remove(tmp.with_name(tmp.name + ".tmp"))  # DuckDB's spill folder, if it made one
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
    if path.is_dir():  # DuckDB's temp folder
        shutil.rmtree(path, ignore_errors=True)
        return
    try:
        path.unlink()
    except FileNotFoundError:
        pass


# A build file whose process id cannot be read (older naming) is stale after this long.
STALE_BUILD_SECONDS = 6 * 3600


def remove_stale_builds(db_path: Path) -> list[Path]:
    """Delete `.NAME.<pid>-<id>.building` files (and their `.wal` and DuckDB's `.tmp` folder)
    left by runs that died (kill -9, power cut) before publishing. A build whose process is
    still alive is left alone: another ingest may be writing it."""
    removed = []
    for path in db_path.parent.glob(f".{db_path.name}.*.building*"):
        if not path.name.endswith((".building", ".building.wal", ".building.tmp")):
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


# Rows converted to one Arrow table at a time: the reports rows of a 100,000-report build in
# one frame would add a few hundred MiB at the end of the run.
INSERT_CHUNK_ROWS = 20_000


def _insert(con: duckdb.DuckDBPyConnection, rel: Relation, rows: list[dict]) -> None:
    if rel.name in ("reports", "checks"):
        add_reason_codes(rel.name, rows)
    for start in range(0, len(rows), INSERT_CHUNK_ROWS):
        # from_dicts with the schema takes exactly the relation's columns (missing keys are NULL)
        df = pl.from_dicts(rows[start:start + INSERT_CHUNK_ROWS], schema=_schema(rel))
        con.register("_rows", df.to_arrow())
        con.execute(f"INSERT INTO {rel.name} SELECT {', '.join(rel.column_names)} FROM _rows")
        con.unregister("_rows")
        del df


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


# --- text_shingles (issue 21) -------------------------------------------------------------------

def _insert_shingles(build: Build, results: list[FileResult]) -> None:
    """The sampled shingles of newly extracted files, as three columns (not a dict per row)."""
    ids, sections, hashes = [], [], []
    for r in results:
        for section, h in getattr(r, "shingles", None) or ():
            ids.append(r.report["report_id"])
            sections.append(section)
            hashes.append(h)
    if not ids:
        return
    con = build._build()
    df = pl.DataFrame({"report_id": ids, "section": sections, "shingle": hashes},
                      schema={"report_id": pl.Utf8, "section": pl.Int32, "shingle": pl.Int64})
    con.register("_shingles", df.to_arrow())
    try:
        con.execute("INSERT INTO text_shingles SELECT report_id, section, shingle FROM _shingles")
    finally:
        con.unregister("_shingles")


def _copy_shingles(con: duckdb.DuckDBPyConnection, previous: str) -> None:
    """The shingles of reused reports, from the live database (none when it predates them)."""
    try:
        con.execute(f"INSERT INTO text_shingles SELECT report_id, section, shingle FROM {previous}.text_shingles "
                    "WHERE report_id IN (SELECT report_id FROM _reused_ids)")
    except duckdb.CatalogException:
        pass
