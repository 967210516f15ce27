"""The local engine's worker processes: a crash, a hard hang or an escaping exception on one
file fails that file only, with the reason; the other files of its batch are not lost."""
from __future__ import annotations

import multiprocessing as mp
import os
import time
from pathlib import Path

import pytest

import etl.engines.local as local
from etl.engines.limits import Limits
from etl.engines.local import LocalPool, run_local
from etl.engines.sources import discover
from faults import faulty_extract, flaky_extract, gc_extract, greedy_extract, pid_extract

GOOD = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"]


def _files(folder: Path, names: list[str], shared_corpus: Path) -> list:
    text = (shared_corpus / "000_huaibei_shangwuju_2018.txt").read_bytes()
    folder.mkdir(parents=True, exist_ok=True)
    for n in names:
        # distinct bytes per file (the name appended), the same report
        (folder / f"{n}.txt").write_bytes(text + f"\n{n}\n".encode())
    return [(s, s.sha256()) for s in discover([str(folder)]).sources]


def _by_name(results) -> dict[str, dict]:
    return {r.report["file_name"].removesuffix(".txt"): r.report for r in results}


@pytest.fixture(autouse=True)
def no_leftover_processes():
    yield
    assert not mp.active_children(), "worker processes left running"


@pytest.mark.parametrize("workers", [1, 2])
def test_a_dying_worker_fails_only_its_file(tmp_path, shared_corpus, workers):
    names = GOOD[:3] + ["segfault"] + GOOD[3:6] + ["exit"] + GOOD[6:] + ["sigkill", "raise"]
    todo = _files(tmp_path, names, shared_corpus)
    results = run_local(todo, Limits(timeout_seconds=30), workers, extract=faulty_extract)
    assert [r.report["source_path"] for r in results] == [s.source_path for s, _ in todo]
    got = _by_name(results)
    assert got["segfault"]["error"] == "worker process died while reading this file (killed by SIGSEGV)"
    assert got["exit"]["error"] == "worker process died while reading this file (exit code 3)"
    assert got["sigkill"]["error"].startswith("worker process died while reading this file (killed by SIGKILL")
    assert got["raise"]["error"].startswith("extractor error: RuntimeError: boom")
    for n in GOOD:
        assert got[n]["status"] == "parsed", (n, got[n]["error"])
    assert all(got[n]["status"] == "failed" for n in ("segfault", "exit", "sigkill", "raise"))


def test_a_worker_killed_once_is_retried_alone_and_succeeds(tmp_path, shared_corpus):
    """A file whose first worker died (as when the OOM killer picks a worker for a neighbour's
    memory) is run again in a fresh process and is not marked failed."""
    todo = _files(tmp_path, GOOD[:4] + ["flaky"] + GOOD[4:], shared_corpus)
    results = run_local(todo, Limits(timeout_seconds=30), 2, extract=flaky_extract)
    assert all(r.report["status"] == "parsed" for r in results), [r.report["error"] for r in results]
    assert (tmp_path / "flaky.txt.attempted").exists()  # it did die once


def test_a_hang_in_c_code_is_killed_at_the_time_limit(tmp_path, shared_corpus, monkeypatch):
    monkeypatch.setattr(local, "HARD_KILL_GRACE_SECONDS", 0.5)
    todo = _files(tmp_path, GOOD[:3] + ["hang"] + GOOD[3:6], shared_corpus)
    started = time.monotonic()
    # 5 s: far above a report's extraction time, even on a loaded machine
    results = run_local(todo, Limits(timeout_seconds=5.0), 2, extract=faulty_extract)
    elapsed = time.monotonic() - started
    got = _by_name(results)
    assert got["hang"]["error"] == "time limit exceeded (extraction took longer than 5 s)"
    assert all(got[n]["status"] == "parsed" for n in GOOD[:6])
    assert elapsed < 15


def test_slow_python_code_ends_at_the_soft_limit(tmp_path, shared_corpus, monkeypatch):
    """Code that returns to Python is stopped by SIGALRM inside the worker, before the hard kill."""
    monkeypatch.setattr(local, "HARD_KILL_GRACE_SECONDS", 30.0)
    real = local.extract_file

    def slow(source_path, data, sha=None):
        if Path(source_path).name == "slow.txt":
            time.sleep(3600)
        return real(source_path, data, sha)

    monkeypatch.setattr(local, "extract_file", slow)  # workers are forked: they see the patch
    todo = _files(tmp_path, ["a", "slow", "b"], shared_corpus)
    started = time.monotonic()
    results = run_local(todo, Limits(timeout_seconds=5.0), 2)
    assert time.monotonic() - started < 15  # well before the 35 s hard kill
    got = _by_name(results)
    assert got["slow"]["error"] == "time limit exceeded (extraction took longer than 5 s)"
    assert got["a"]["status"] == got["b"]["status"] == "parsed"


def test_without_time_limit_one_worker_runs_in_process(tmp_path, shared_corpus):
    todo = _files(tmp_path, ["a", "raise"], shared_corpus)
    results = run_local(todo, Limits(timeout_seconds=0), 1, extract=faulty_extract)
    got = _by_name(results)
    assert got["a"]["status"] == "parsed" and got["raise"]["error"].startswith("extractor error: RuntimeError")


def test_progress_counts_every_file_once(tmp_path, shared_corpus):
    todo = _files(tmp_path, GOOD + ["segfault", "exit"], shared_corpus)
    seen = []
    run_local(todo, Limits(timeout_seconds=30), 2, seen.append, extract=faulty_extract)
    assert sum(seen) == len(todo)


def test_size_and_page_limits_fail_before_reading(tmp_path, shared_corpus):
    big = tmp_path / "big.txt"
    big.write_bytes((shared_corpus / "000_huaibei_shangwuju_2018.txt").read_bytes() * 5)  # 28,810 bytes
    pdf = tmp_path / "five_pages.pdf"
    pdf.write_bytes((shared_corpus / "001_huaian_hongzequ_2023.pdf").read_bytes())
    todo = [(s, s.sha256()) for s in discover([str(tmp_path)]).sources]
    results = run_local(todo, Limits(max_file_bytes=20_000, max_pages=4, timeout_seconds=30), 2)
    got = {Path(r.report["source_path"]).name: r.report for r in results}
    assert got["big.txt"]["error"] == "file too large (28.1 KB; limit 19.5 KB)"
    assert got["five_pages.pdf"]["error"] == "file too large (286.6 KB; limit 19.5 KB)"
    results = run_local(todo, Limits(max_pages=4, timeout_seconds=30), 2)
    got = {Path(r.report["source_path"]).name: r.report for r in results}
    assert got["five_pages.pdf"]["error"] == "too many pages (5; limit 4)"
    assert got["five_pages.pdf"]["page_count"] == 5
    assert got["big.txt"]["status"] != "failed"


def test_a_memory_hog_fails_with_memory_error_not_the_oom_killer(tmp_path, shared_corpus):
    todo = _files(tmp_path, ["a", "greedy", "b"], shared_corpus)
    results = run_local(todo, Limits(timeout_seconds=30, max_memory_mb=500), 2, extract=greedy_extract)
    got = _by_name(results)
    assert got["greedy"]["error"].startswith("extractor error: MemoryError")
    assert got["a"]["status"] == got["b"]["status"] == "parsed"


def test_an_html_table_with_absurd_spans_cannot_exhaust_memory(tmp_path, shared_corpus):
    """Hostile markup: 200 rows of 300 cells each spanning 1000 columns would be a grid of
    60 million positions. The grid builder refuses it (etl.model.MAX_GRID_POSITIONS); were that
    bound missing, the worker's memory cap or the time limit would end it. The rest go on."""
    todo = _files(tmp_path, ["a", "b"], shared_corpus)
    row = "<tr>" + "<td colspan=1000>1</td>" * 300 + "</tr>"
    (tmp_path / "spans.html").write_text("<html><body><p>政府信息公开工作年度报告</p><table>" + row * 200
                                         + "</table></body></html>")
    todo = [(s, s.sha256()) for s in discover([str(tmp_path)]).sources]
    started = time.monotonic()
    results = run_local(todo, Limits(timeout_seconds=20, max_memory_mb=400), 2)
    got = {Path(r.report["source_path"]).name: r.report for r in results}
    assert got["spans.html"]["status"] == "failed"
    assert got["spans.html"]["error"].startswith("table too large")
    assert got["a.txt"]["status"] == got["b.txt"]["status"] == "parsed"
    assert time.monotonic() - started < 40


def test_a_file_rewritten_after_hashing_is_not_loaded_under_the_old_hash(tmp_path, shared_corpus):
    (source, sha), = _files(tmp_path, ["a"], shared_corpus)
    (tmp_path / "a.txt").write_bytes(b"rewritten by a crawler while ingest ran")
    result = local.extract_source(source, sha, Limits())
    assert result.report["sha256"] == sha
    assert result.report["error"] == "file changed during the run (it is read again next run)"


def _pids(results) -> set[str]:
    return {r.report["title"] for r in results}


def test_a_pool_keeps_its_workers_from_one_run_to_the_next(tmp_path, shared_corpus):
    """An ingest runs chunk after chunk through one pool: the second chunk is read by the
    processes that read the first (a fresh worker pays for imports and caches again)."""
    first = _files(tmp_path / "1", GOOD[:5], shared_corpus)
    second = _files(tmp_path / "2", GOOD[5:], shared_corpus)
    with LocalPool(Limits(timeout_seconds=30), 2, pid_extract) as pool:
        a, b = pool.run(first), pool.run(second)
        assert len(pool.workers) == 2 and all(w.process.is_alive() for w in pool.workers)
    assert all(r.report["status"] == "parsed" for r in a + b)
    assert _pids(b) <= _pids(a) and os.getpid() not in map(int, _pids(a))
    assert not pool.workers


def test_a_worker_is_replaced_after_its_quota_of_files(tmp_path, shared_corpus, monkeypatch):
    monkeypatch.setattr(local, "WORKER_MAX_FILES", 4)
    monkeypatch.setattr(local, "MAX_BATCH", 1)
    todo = _files(tmp_path, GOOD, shared_corpus)
    with LocalPool(Limits(timeout_seconds=30), 1, pid_extract) as pool:
        results = pool.run(todo)
    pids = [r.report["title"] for r in results]
    assert all(r.report["status"] == "parsed" for r in results)
    # ten files, one worker at a time, four files each: three processes, in order
    assert [pids.index(p) for p in dict.fromkeys(pids)] == [0, 4, 8]


def test_a_pool_runs_on_after_a_worker_died_or_was_killed(tmp_path, shared_corpus, monkeypatch):
    monkeypatch.setattr(local, "HARD_KILL_GRACE_SECONDS", 0.5)
    bad = _files(tmp_path / "1", ["a", "segfault", "hang", "b"], shared_corpus)
    good = _files(tmp_path / "2", GOOD[:4], shared_corpus)
    with LocalPool(Limits(timeout_seconds=3.0), 2, faulty_extract) as pool:
        first = pool.run(bad)
        second = pool.run(good)
    got = _by_name(first)
    assert got["segfault"]["error"].startswith("worker process died")
    assert got["hang"]["error"] == "time limit exceeded (extraction took longer than 3 s)"
    assert got["a"]["status"] == got["b"]["status"] == "parsed"
    assert all(r.report["status"] == "parsed" for r in second)


@pytest.mark.parametrize("n_files, n_workers", [(0, 2), (1, 2), (7, 2), (250, 2), (250, 1), (1000, 8), (33, 3)])
def test_batches_cover_every_file_once_in_order_and_shrink_to_one(n_files, n_workers):
    got = local.batches(n_files, n_workers)
    assert [i for b in got for i in b] == list(range(n_files))
    assert all(1 <= len(b) <= local.MAX_BATCH for b in got)
    assert all(len(a) >= len(b) for a, b in zip(got, got[1:]))  # never larger towards the end
    if n_files:
        assert len(got[-1]) == 1
        # each batch is at most a quarter of what was left per worker (or one file)
        left = n_files
        for b in got:
            assert len(b) <= max(1, left // (n_workers * 4))
            left -= len(b)


def test_workers_collect_garbage_far_apart(tmp_path, shared_corpus):
    # a worker's caches grow to ~100,000 tracked objects, and each full collection walked them
    # all (docs/benchmarks.md, round 17): workers raise the thresholds after gc.freeze()
    import gc

    todo = _files(tmp_path, ["a", "b", "c"], shared_corpus)
    results = run_local(todo, Limits(timeout_seconds=30), 2, extract=gc_extract)
    assert {r.report["title"] for r in results} == {"(10000, 50, 50)"}
    assert gc.get_threshold() != (10000, 50, 50)  # (the loading process keeps its own)
