"""A new user's wrong command ends in one line on stderr and a non-zero exit, never a traceback
(issue 23): 2 for a usage error, 1 when the run could not complete; --debug / XXGK_DEBUG=1 show
the traceback. Each case runs the real `xxgk` entry point in a child process."""
from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from etl.cli import app
from etl.cli_errors import explain
from etl.errors import UserError

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpus"


def xxgk(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    full_env = {k: v for k, v in os.environ.items() if k != "XXGK_DEBUG"} | (env or {})
    return subprocess.run([sys.executable, "-m", "etl.cli", *args], cwd=ROOT, env=full_env, capture_output=True,
                          text=True, timeout=120)


def one_line(proc: subprocess.CompletedProcess, code: int, *words: str) -> str:
    assert proc.returncode == code, (proc.returncode, proc.stdout, proc.stderr)
    err = proc.stderr.strip()
    assert "Traceback" not in proc.stderr + proc.stdout and "╭" not in proc.stderr
    assert len(err.splitlines()) == 1, err
    assert err.startswith("xxgk: ")
    for w in words:
        assert w in err, err
    return err


@pytest.fixture(scope="module")
def small_db(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("cli") / "small.duckdb"
    con = duckdb.connect(str(db))
    con.execute("CREATE TABLE reports AS SELECT 1 AS x")
    con.close()
    return db


@pytest.mark.parametrize("command", ["export", "dashboard"])
def test_a_missing_database(command, tmp_path):
    args = [command, "--db", str(tmp_path / "missing.duckdb")] + (["--out", str(tmp_path / "o")] if command == "export" else [])
    one_line(xxgk(*args), 2, "no database at", "missing.duckdb", "xxgk ingest")


def test_a_file_that_is_not_a_database(tmp_path):
    bad = tmp_path / "notes.duckdb"
    bad.write_text("not a database", encoding="utf-8")
    one_line(xxgk("export", "--db", str(bad), "--out", str(tmp_path / "o")), 2, "is not a DuckDB database")


def test_a_missing_input_path_ingests_nothing(tmp_path):
    db = tmp_path / "x.duckdb"
    one_line(xxgk("ingest", str(tmp_path / "no" / "such"), "--db", str(db)), 2, "no such file or folder", "no/such")
    assert not db.exists()


@pytest.mark.parametrize("args, words", [
    (["ingest", "x", "--db", "y.duckdb", "--engine", "spark"], ("--engine", "spark", "local", "dask")),
    (["export", "--db", "y.duckdb", "--out", "o", "--format", "xml"], ("--format", "xml", "parquet", "csv")),
    (["ingest", "--no-such-option"], ("--no-such-option",)),
    (["ingest"], ("Missing argument",)),
    (["no-such-command"], ("no-such-command",)),
])
def test_usage_errors(args, words):
    one_line(xxgk(*args), 2, *words)


def test_dask_engine_without_dask_says_which_extra(tmp_path, monkeypatch):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name.split(".")[0] in ("dask", "distributed") else real(name, *a))
    result = CliRunner().invoke(app, ["ingest", str(tmp_path), "--db", str(tmp_path / "x.duckdb"), "--engine", "dask"])
    assert result.exit_code == 2
    assert "xxgk[dask]" in result.output and "Traceback" not in result.output


def test_a_database_locked_by_another_writer(tmp_path, small_db):
    holder = subprocess.Popen([sys.executable, "-c", "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); "
                               "print('locked', flush=True); time.sleep(60)", str(small_db)],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        one_line(xxgk("export", "--db", str(small_db), "--out", str(tmp_path / "o")), 1,
                 "in use by another program", f"PID {holder.pid}")
        inputs = tmp_path / "in"
        inputs.mkdir()
        (inputs / "a.txt").write_text("2023年政府信息公开工作年度报告", encoding="utf-8")
        before = small_db.stat().st_ino
        one_line(xxgk("ingest", str(inputs), "--db", str(small_db), "--workers", "1"), 1, "in use by another program")
        assert small_db.stat().st_ino == before  # not replaced under the writer
    finally:
        holder.kill()
        holder.wait()


def test_an_output_folder_that_cannot_be_created(small_db):
    # /proc refuses new folders even to root, which a read-only folder would not stop
    one_line(xxgk("export", "--db", str(small_db), "--out", "/proc/xxgk-no-such/out"), 1, "cannot use /proc/xxgk-no-such")


def test_a_database_folder_without_write_permission(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "a.txt").write_text("2023年政府信息公开工作年度报告", encoding="utf-8")
    one_line(xxgk("ingest", str(inputs), "--db", "/sys/xxgk.duckdb", "--workers", "1"), 1, "cannot use /sys/")


def test_a_full_disk(tmp_path, small_db, monkeypatch):
    import etl.load.export as export

    def full(*a, **k):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(tmp_path / "o" / "figures.parquet"))

    monkeypatch.setattr(export, "export_database", full)
    result = CliRunner().invoke(app, ["export", "--db", str(small_db), "--out", str(tmp_path / "o")])
    assert result.exit_code == 1
    assert "disk is full" in result.output and "figures.parquet" in result.output
    assert "Traceback" not in result.output


def test_duckdb_disk_errors_are_explained():
    err = explain(duckdb.IOException('IO Error: Could not write file "/data/x.duckdb.wal": No space left on device'))
    assert err is not None and err.exit_code == 1 and "disk is full" in err.line()
    assert explain(ValueError("a bug")) is None


def test_a_bug_is_one_line_and_a_traceback_with_debug(tmp_path, monkeypatch):
    import etl.load.export as export

    def bug(*a, **k):
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(export, "export_database", bug)
    db = tmp_path / "a.duckdb"
    duckdb.connect(str(db)).close()
    result = CliRunner().invoke(app, ["export", "--db", str(db), "--out", str(tmp_path / "o")])
    assert result.exit_code == 1 and "ZeroDivisionError" in result.output and "--debug" in result.output
    monkeypatch.setenv("XXGK_DEBUG", "0")  # --debug sets it for child processes; restored after the test
    debug = CliRunner().invoke(app, ["--debug", "export", "--db", str(db), "--out", str(tmp_path / "o")])
    assert isinstance(debug.exception, ZeroDivisionError)  # raised through: the traceback is shown


def test_debug_env_shows_the_traceback(tmp_path):
    proc = xxgk("export", "--db", str(tmp_path / "missing.duckdb"), "--out", "o", env={"XXGK_DEBUG": "1"})
    assert proc.returncode != 0 and "Traceback" in proc.stderr + proc.stdout


def test_a_user_error_raised_by_any_command_is_one_line():
    @app.command("raise-user-error", hidden=True)
    def _raise() -> None:
        raise UserError("something the user can fix", "do this")

    try:
        result = CliRunner().invoke(app, ["raise-user-error"])
    finally:
        app.registered_commands.pop()
    assert result.exit_code == 2 and result.output.strip() == "xxgk: something the user can fix: do this"


def test_version_and_help_document_the_exit_codes():
    proc = xxgk("--version")
    assert proc.returncode == 0 and proc.stdout.startswith("xxgk 0.") and "extractor" in proc.stdout
    help_text = xxgk("--help").stdout
    assert "Exit codes" in help_text and "--debug" in help_text


def test_dry_run_reads_nothing_and_lists_what_it_would_do(tmp_path):
    src = sorted(CORPUS.glob("*.txt"))[:2]
    assert len(src) == 2, "the shared corpus is missing"
    inputs = tmp_path / "in"
    inputs.mkdir()
    for p in src:
        (inputs / p.name).write_bytes(p.read_bytes())
    (inputs / "copy.txt").write_bytes(src[0].read_bytes())
    (inputs / "notes.xyz").write_text("x", encoding="utf-8")
    db = tmp_path / "x.duckdb"
    proc = xxgk("ingest", str(inputs), "--db", str(db), "--dry-run")
    assert proc.returncode == 0, proc.stderr
    assert not db.exists()
    assert "would extract: 2" in proc.stdout and "identical copies: 1" in proc.stdout and "skipped: 1" in proc.stdout
    # after a real ingest, the same files would be reused
    assert xxgk("ingest", str(inputs), "--db", str(db), "--workers", "1").returncode == 0
    again = xxgk("ingest", str(inputs), "--db", str(db), "--dry-run")
    assert "would extract: 0" in again.stdout and "would reuse (unchanged): 2" in again.stdout


def test_scorecard_user_errors_are_one_line(tmp_path, small_db):
    one_line(xxgk("scorecard", "--db", str(tmp_path / "missing.duckdb"), "--year", "2023", "--out", "x.xlsx"), 2,
             "no database at")
    one_line(xxgk("scorecard", "--db", str(small_db), "--year", "2023", "--out", str(tmp_path / "x.pdf")), 2,
             "--out must end in .xlsx or .csv")
