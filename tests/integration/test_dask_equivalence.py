"""The Dask engine gives the same database as the local engine, row for row, and loses no file
when extraction times out or its process dies."""
from __future__ import annotations

import io
import sys
import zipfile
from pathlib import Path

import duckdb
import pytest

from etl.engines import dask_engine
from etl.engines.limits import Limits
from etl.engines.sources import Source
from etl.ingest import ingest
from etl.pipeline import sha256_hex

# run-specific columns: when and how fast this run extracted; the extractor version is compared
# on its own (it hashes the source, which other work may touch between the two runs of a test)
RUN_SPECIFIC = {"reports": ("ingested_at", "extract_seconds", "extract_cpu_seconds", "extractor_version")}
COMPARED = ("reports", "figures", "checks", "source_files", "bureaus", "bureau_names", "text_shingles", "report_indicators")


@pytest.fixture(scope="module")
def engine_inputs(tmp_path_factory, report_files, shared_corpus) -> list[str]:
    """Written and real text reports, the real PDFs, and a zip with a report and a broken PDF."""
    folder = tmp_path_factory.mktemp("engine_inputs")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("reports/hongze_copy_in_zip.txt", report_files[0].read_text(encoding="utf-8") + "\n附件\n")
        zf.writestr("reports/broken.pdf", b"%PDF-1.7 this is not really a PDF")
    (folder / "bundle.zip").write_bytes(buf.getvalue())
    pdfs = sorted(shared_corpus.glob("*.pdf"))
    assert len(pdfs) >= 3
    return [str(p) for p in report_files] + [str(p) for p in pdfs] + [str(folder)]


def _rows(db: Path, table: str) -> list[tuple]:
    exclude = RUN_SPECIFIC.get(table)
    cols = f"* EXCLUDE ({', '.join(exclude)})" if exclude else "*"
    with duckdb.connect(str(db), read_only=True) as con:
        return con.sql(f"SELECT {cols} FROM {table} ORDER BY ALL").fetchall()


@pytest.mark.slow
def test_dask_and_local_engines_build_identical_databases(engine_inputs, tmp_path):
    local = ingest(engine_inputs, tmp_path / "local.duckdb", workers=1, engine="local")
    dask = ingest(engine_inputs, tmp_path / "dask.duckdb", workers=2, engine="dask")
    assert (dask.parsed, dask.partial, dask.failed, dask.figures) == (local.parsed, local.partial, local.failed, local.figures)
    assert local.files_extracted == dask.files_extracted == len(_rows(tmp_path / "local.duckdb", "reports")) > 15
    assert local.failed >= 1  # the broken PDF: failed rows travel through the Parquet partitions too
    versions = {name: _rows(tmp_path / f"{name}.duckdb", "(SELECT DISTINCT extractor_version FROM reports)")
                for name in ("local", "dask")}
    if versions["local"] != versions["dask"]:  # the dask children import the code afresh
        pytest.fail(f"the extractor code changed on disk between the two runs ({versions}); run the test again")
    for table in COMPARED:
        assert _rows(tmp_path / "dask.duckdb", table) == _rows(tmp_path / "local.duckdb", table), table
    with duckdb.connect(str(tmp_path / "dask.duckdb"), read_only=True) as con:
        assert con.sql("SELECT engine, workers FROM ingest_runs").fetchall() == [("dask", 2)]
    # an incremental run on the dask database extracts nothing again
    again = ingest(engine_inputs, tmp_path / "dask.duckdb", workers=2, engine="dask")
    assert again.files_extracted == 0 and again.files_reused == dask.files_extracted


def _items(shared_corpus: Path, names: list[str]) -> list[tuple[Source, str]]:
    out = []
    for name in names:
        p = shared_corpus / name
        out.append((Source(str(p), str(p)), sha256_hex(p.read_bytes())))
    return out


def test_time_limit_holds_on_dask_workers(shared_corpus, tmp_path):
    """SIGALRM cannot fire in a Dask worker thread; the child process makes the limit hold."""
    todo = _items(shared_corpus, ["001_huaian_hongzequ_2023.pdf", "003_huaian_shi_2024.pdf"])
    done = []
    results = dask_engine.run_dask(todo, Limits(timeout_seconds=1e-6), workers=1, staging=tmp_path,
                                   on_done=done.append)
    assert [r.report["source_path"] for r in results] == [s.source_path for s, _ in todo]
    assert [r.report["status"] for r in results] == ["failed", "failed"]
    assert all("time limit" in r.report["error"] for r in results), [r.report["error"] for r in results]
    assert sum(done) == 2
    assert list((tmp_path / "xxgk-staging").iterdir()) == []  # the run folder is removed


def test_a_dying_extraction_process_loses_no_file(shared_corpus, tmp_path, monkeypatch):
    """Run the task body in-process with a child that kills itself: every file still gets a row."""
    monkeypatch.setattr(dask_engine, "child_command",
                        lambda serve=False: [sys.executable, "-c", "import os, signal; os.kill(os.getpid(), signal.SIGKILL)"])
    todo = _items(shared_corpus, ["001_huaian_hongzequ_2023.txt", "002_huaian_hongzequ_2024.txt", "INDEX.md"])
    items = [(s.source_path, s.fs_path, s.member, sha) for s, sha in todo]
    parts = dask_engine.extract_batch(items, {"timeout_seconds": 5.0, "max_file_bytes": 10**8, "max_pages": 500},
                                      str(tmp_path), 0)
    assert len(parts) == 3  # the batch was redone one file per child
    results = [r for p in parts for r in dask_engine.read_partition(Path(p))]
    assert [r.report["sha256"] for r in results] == [sha for _, sha in todo]
    for r in results:
        assert r.report["status"] == "failed"
        assert r.report["error"] == "extraction process died (killed by signal 9)"
        assert r.report["file_size_bytes"] > 0  # the failed row still describes the file


def test_runs_on_a_running_cluster(shared_corpus, tmp_path):
    """`--scheduler ADDRESS`: connect to a cluster someone else started, and leave it running."""
    import logging

    from dask.distributed import LocalCluster

    from etl.engines.local import extract_source

    todo = _items(shared_corpus, ["000_huaibei_shangwuju_2018.txt", "028_pingtan_shiyanqu_2022.html"])
    with LocalCluster(n_workers=1, threads_per_worker=1, dashboard_address=None, silence_logs=logging.WARNING) as cluster:
        results = dask_engine.run_dask(todo, Limits(), scheduler=cluster.scheduler_address, staging=tmp_path)
        assert len(cluster.workers) == 1  # still there for the next run
    for (source, sha), got in zip(todo, results):
        want = extract_source(source, sha, Limits())
        drop = ("ingested_at", "extract_seconds", "extract_cpu_seconds", "extractor_version")
        assert {k: v for k, v in got.report.items() if k not in drop} == \
               {k: v for k, v in want.report.items() if k not in drop}
        assert got.figures == want.figures and got.checks == want.checks


def test_a_hanging_extraction_process_is_stopped(shared_corpus, tmp_path, monkeypatch):
    """A child stuck where SIGALRM cannot reach (C code) is killed by the wall-clock limit."""
    monkeypatch.setattr(dask_engine, "child_command",
                        lambda serve=False: [sys.executable, "-c", "import time; time.sleep(60)"])
    monkeypatch.setattr(dask_engine, "STARTUP_SECONDS", 0.3)
    monkeypatch.setattr(dask_engine, "WALL_MARGIN_SECONDS", 0.0)
    todo = _items(shared_corpus, ["001_huaian_hongzequ_2023.txt", "INDEX.md"])
    items = [(s.source_path, s.fs_path, s.member, sha) for s, sha in todo]
    parts = dask_engine.extract_batch(items, {"timeout_seconds": 0.2, "max_file_bytes": 10**8, "max_pages": 500},
                                      str(tmp_path), 0)
    results = [r for p in parts for r in dask_engine.read_partition(Path(p))]
    assert [r.report["sha256"] for r in results] == [sha for _, sha in todo]
    assert {r.report["error"] for r in results} == {"extraction did not finish within 0.5 s and was stopped (time limit)"}


@pytest.mark.slow
def test_workers_cache_ocr_in_the_drivers_folder(tmp_path, monkeypatch):
    """A cluster started before the driver chose its OCR cache folder (as a remote one always
    is) never saw the driver's environment: the folder travels with the task, and the worker's
    OCR of a scanned page lands there; a second run of the same page is served from it."""
    import logging

    from dask.distributed import LocalCluster

    from etl.demo.generator import plan_corpus, render_report
    from etl.demo.render_scan import ScanStyle, scanned_images

    planned = next(r for r in plan_corpus(60, 7) if r.fmt == "pdf" and r.fig.template == "pre2019"
                   and not r.scanned and not r.quirks.planted)
    page, *_ = scanned_images(render_report(planned, 7)[0], ScanStyle(dpi=150, noise=4), "png", seed=5)
    scan = tmp_path / "scan_p1.png"
    scan.write_bytes(page)
    todo = [(Source(str(scan), str(scan)), sha256_hex(page))]
    cache = tmp_path / "ocr-cache"
    monkeypatch.delenv("XXGK_OCR_CACHE", raising=False)
    with LocalCluster(n_workers=1, threads_per_worker=1, dashboard_address=None, silence_logs=logging.WARNING) as cluster:
        monkeypatch.setenv("XXGK_OCR_CACHE", str(cache))  # after the worker started: not in its environment
        first, = dask_engine.run_dask(todo, Limits(), scheduler=cluster.scheduler_address, staging=tmp_path)
        entries = sorted(cache.rglob("*.json"))
        assert first.report["read_method"] == "ocr" and len(entries) == 1
        stamp = entries[0].stat().st_mtime_ns
        second, = dask_engine.run_dask(todo, Limits(), scheduler=cluster.scheduler_address, staging=tmp_path)
    assert sorted(cache.rglob("*.json")) == entries and entries[0].stat().st_mtime_ns == stamp  # read, not rewritten
    assert second.figures == first.figures
