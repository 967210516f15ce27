"""Publishing the database: a run killed with SIGKILL leaves the previous database intact and
the next run completes; readers never see an error while ingest republishes; stale build
files and a crashed writer's WAL do not break anything."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import duckdb
import pytest

from corpus_copy import copy_corpus
from etl.ingest import ingest
from etl.load.warehouse import remove_stale_builds

XXGK = Path(sys.executable).parent / "xxgk"


def _content(db: Path) -> tuple:
    """What a reader sees: the reports and figures, as sorted tuples."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        reports = con.sql("SELECT source_path, sha256, status, error, year, bureau_name FROM reports ORDER BY 1").fetchall()
        figures = con.sql("SELECT report_id, metric, dimension, value FROM figures ORDER BY ALL").fetchall()
        return reports, figures
    finally:
        con.close()




N_NEW = 450


def _many_files(shared_corpus: Path, dest: Path, copies: int) -> Path:
    """Many distinct files (each a real report with a line appended), so a run takes a while."""
    dest.mkdir(parents=True, exist_ok=True)
    texts = sorted(shared_corpus.glob("*.txt"))
    for i in range(copies):
        src = texts[i % len(texts)]
        (dest / f"{i:04d}_{src.name}").write_bytes(src.read_bytes() + f"\n{i}\n".encode())
    return dest


def _builds(db: Path) -> list[Path]:
    return sorted(db.parent.glob(f".{db.name}.*.building*"))


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _kill_group(proc: subprocess.Popen) -> None:
    """SIGKILL the ingest and the workers it forked (its own process group, started by us)."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proc.wait(timeout=30)


@pytest.mark.slow
def test_sigkill_mid_run_keeps_the_old_database(tmp_path, shared_corpus):
    db = tmp_path / "db" / "xxgk.duckdb"
    old_input = copy_corpus(shared_corpus, tmp_path / "old", ["000_huaibei_shangwuju_2018.txt",
                                                                "004_pingtan_xian_2011.txt"])
    ingest([str(old_input)], db)
    old = _content(db)
    assert len(old[0]) == 2

    # enough files that the first 500-file chunk is still being extracted 0.2 s after the workers
    # start (150 real reports were once enough; a faster extractor finished them in that time)
    new_input = _many_files(shared_corpus, tmp_path / "new", N_NEW)
    cmd = [str(XXGK), "ingest", str(new_input), "--db", str(db), "--workers", "2"]

    # 1. killed while extracting (its worker processes are running; no build file yet)
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + 120
    while not _children(proc.pid) and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    time.sleep(0.2)
    assert proc.poll() is None, "the run finished before it could be killed: give it more files"
    assert _children(proc.pid) and not _builds(db)
    os.kill(proc.pid, signal.SIGKILL)
    _kill_group(proc)
    assert _content(db) == old

    # 2. killed while writing the new database (the moment its build file appears)
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    deadline = time.monotonic() + 120
    while not _builds(db) and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.002)
    assert _builds(db), "never saw the build file"
    os.kill(proc.pid, signal.SIGKILL)
    _kill_group(proc)
    assert _builds(db), "the killed run left its half-built file (as a real crash would)"
    assert _content(db) == old  # the old database opens, with its old content

    # 3. the next run completes, publishes the new content and removes the dead run's file
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Traceback" not in done.stdout + done.stderr
    new = _content(db)
    assert len(new[0]) == N_NEW
    assert not _builds(db)


READER = textwrap.dedent("""
    import json, sys, time, duckdb
    from dashboard.connect import open_readonly
    db, seconds = sys.argv[1], float(sys.argv[2])
    seen, errors, reads = set(), [], 0
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            # alternately as the API opens it and as the dashboard does (ATTACH ... READ_ONLY)
            con = duckdb.connect(db, read_only=True) if reads % 2 else open_readonly(db)
            try:
                n = con.sql("SELECT count(*) FROM reports").fetchall()[0][0]
                m = con.sql("SELECT count(*) FROM reports r JOIN source_files s USING (report_id)").fetchall()[0][0]
                seen.add((n, m))
                reads += 1
            finally:
                con.close()
        except Exception as exc:
            errors.append(f"{type(exc).__name__}: {exc}")
    print(json.dumps({"seen": sorted(seen), "errors": errors[:5], "n_errors": len(errors), "reads": reads}))
""")


@pytest.mark.slow
def test_readers_never_fail_while_ingest_republishes(tmp_path, shared_corpus):
    db = tmp_path / "xxgk.duckdb"
    small = copy_corpus(shared_corpus, tmp_path / "small", ["000_huaibei_shangwuju_2018.txt"])
    large = copy_corpus(shared_corpus, tmp_path / "large", ["000_huaibei_shangwuju_2018.txt",
                                                              "004_pingtan_xian_2011.txt",
                                                              "016_pingtan_xian_2012.txt"])
    ingest([str(small)], db)
    reader = subprocess.Popen([sys.executable, "-c", READER, str(db), "6"], stdout=subprocess.PIPE, text=True)
    # and one long-lived connection in this process, open across every replace
    held = duckdb.connect(str(db), read_only=True)
    before = held.sql("SELECT count(*) FROM reports").fetchall()[0][0]
    publishes = 0
    end = time.monotonic() + 5
    while time.monotonic() < end:
        ingest([str(large if publishes % 2 == 0 else small)], db)
        publishes += 1
    out, _ = reader.communicate(timeout=60)
    result = json.loads(out)
    assert publishes >= 4
    assert result["n_errors"] == 0, result["errors"]
    assert result["reads"] > 20
    # readers saw whole databases only: one report per source file, 1 or 3 of them
    assert set(map(tuple, result["seen"])) <= {(1, 1), (3, 3)}
    # the connection opened before the first replace still reads (the old file)
    assert held.sql("SELECT count(*) FROM reports").fetchall()[0][0] == before
    held.close()


def test_a_crashed_writers_wal_does_not_break_the_new_database(tmp_path, shared_corpus):
    """Someone opened the live database read-write and crashed, leaving a .wal that belongs to the
    old file: DuckDB would refuse the new file with it. Publishing removes it."""
    db = tmp_path / "xxgk.duckdb"
    src = copy_corpus(shared_corpus, tmp_path / "in", ["000_huaibei_shangwuju_2018.txt"])
    ingest([str(src)], db)
    crash = ("import duckdb, os, sys; c = duckdb.connect(sys.argv[1]); "
             "c.execute('CREATE TABLE scratch AS SELECT 1 AS x'); os._exit(0)")
    subprocess.run([sys.executable, "-c", crash, str(db)], check=True)
    wal = db.with_name(db.name + ".wal")
    assert wal.exists()
    ingest([str(src)], db)
    assert not wal.exists()
    con = duckdb.connect(str(db), read_only=True)  # the new database opens, without the old file's table
    assert "scratch" not in {r[0] for r in con.sql("SHOW TABLES").fetchall()}
    assert con.sql("SELECT count(*) FROM reports").fetchall() == [(1,)]
    con.close()


def test_stale_build_files_of_dead_runs_are_removed(tmp_path):
    db = tmp_path / "xxgk.duckdb"
    dead = tmp_path / f".{db.name}.999999999-deadbeef.building"  # no such process
    dead_wal = tmp_path / f".{db.name}.999999999-deadbeef.building.wal"
    alive = tmp_path / f".{db.name}.{os.getppid()}-cafe0001.building"  # a live process: another ingest
    other = tmp_path / f".other.duckdb.999999999-deadbeef.building"  # another database's
    for p in (dead, dead_wal, alive, other):
        p.write_bytes(b"x")
    removed = remove_stale_builds(db)
    assert sorted(removed) == sorted([dead, dead_wal])
    assert alive.exists() and other.exists() and not dead.exists()
