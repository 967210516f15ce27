"""Every script of bench/ runs end to end at a tiny size, as a user would start it, so that a
change of the schema or of an API the benchmarks call breaks `make test` instead of the next
benchmark run. Nothing here is timed: speed is measured by the scripts themselves, not asserted.

instructions.py needs valgrind (minutes per figure): its smoke run is the child command valgrind
would start (the same code without valgrind around it), plus its table from that child's files.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from etl.demo.generator import write_corpus

ROOT = Path(__file__).resolve().parents[2]
BENCH = ROOT / "bench"


def _run(*args: str, timeout: int = 300) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)
    assert proc.returncode == 0, f"{args[0]} exited {proc.returncode}:\n{proc.stdout[-2000:]}\n{proc.stderr[-3000:]}"
    return proc


@pytest.fixture(scope="module")
def tiny_corpus(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("bench-corpus")
    write_corpus(out, 10, seed=3, workers=1)
    return out


def test_dashboard_rerun_builds_the_current_schema_and_runs_every_page(tmp_path):
    db = tmp_path / "d.duckdb"
    proc = _run(str(BENCH / "dashboard_rerun.py"), "--reports", "20", "--reruns", "1", "--db", str(db))
    con = duckdb.connect(str(db), read_only=True)
    n_reports = con.execute("SELECT count(*) FROM reports").fetchall()[0][0]
    con.close()
    assert n_reports == 18  # 2 bureaus × 9 years (2016-2024)
    for page in ("overview", "quality", "dictionary"):
        assert f"| {page} |" in proc.stdout
    assert "| v_check_summary |" in proc.stdout


def test_run_generates_ingests_and_grades(tmp_path):
    proc = _run(str(BENCH / "run.py"), "--reports", "6", "--workers", "1", "--out", str(tmp_path))
    result = json.loads((tmp_path / "result-6-0.json").read_text(encoding="utf-8"))
    assert result["files_seen"] == 6
    assert result["figures_expected"] > 0 and result["figures_right"] > 0
    assert "ingest (cold)" in proc.stdout


def test_profile_extract_times_every_format_of_a_folder(tiny_corpus):
    proc = _run(str(BENCH / "profile_extract.py"), "--dir", str(tiny_corpus / "reports"), "--repeat", "1")
    formats = {line.split()[0] for line in proc.stdout.splitlines()[1:] if line.strip()}
    assert formats and formats <= {"txt", "md", "html", "pdf", "docx", "doc", "zip"}


def test_compare_extraction_records_and_finds_no_difference_on_the_same_files(tiny_corpus, tmp_path):
    store = tmp_path / "before.pkl"
    _run(str(BENCH / "compare_extraction.py"), "record", str(store), str(tiny_corpus / "reports"))
    proc = _run(str(BENCH / "compare_extraction.py"), "compare", str(store), str(tiny_corpus / "reports"))
    assert ": 0 differ" in proc.stdout


def test_compare_extraction_diff_of_two_recordings_names_the_file_that_changed(tiny_corpus, tmp_path):
    import pickle

    before, after = tmp_path / "before.pkl", tmp_path / "after.pkl"
    _run(str(BENCH / "compare_extraction.py"), "record", str(before), str(tiny_corpus / "reports"))
    same = _run(str(BENCH / "compare_extraction.py"), "diff", str(before), str(before))
    assert ": 0 differ" in same.stdout and " figures" in same.stdout
    recording = pickle.loads(before.read_bytes())
    changed = next(k for k, (_, figures, _, _) in sorted(recording.items()) if figures)
    report, figures, checks, shingles = recording[changed]
    recording[changed] = (report, figures[1:], checks, shingles)  # one figure lost
    after.write_bytes(pickle.dumps(recording))
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    proc = subprocess.run([sys.executable, str(BENCH / "compare_extraction.py"), "diff", str(before), str(after)],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1
    assert f"DIFF {changed}" in proc.stdout and ": 1 differ" in proc.stdout
    assert "figures: -[" in proc.stdout


def test_dask_scaling_runs_both_engines(tmp_path):
    out = tmp_path / "dask.json"
    _run(str(BENCH / "dask_scaling.py"), "--reports", "4", "--repeat", "1", "--quick", "--out", str(tmp_path),
         "--json", str(out), timeout=600)
    result = json.loads(out.read_text(encoding="utf-8"))
    assert {(r["engine"], r["workers"]) for r in result["runs"]} == {("local", 1), ("local", 2), ("dask", 1), ("dask", 2)}
    assert all(r["files"] == 4 for r in result["runs"])


def test_instructions_child_runs_ours_and_the_floor(tiny_corpus):
    from bench.instructions import FORMATS

    by_format = {fmt: sorted((tiny_corpus / "reports").glob(f"*.{fmt}"))[:2] for fmt in FORMATS}
    fmt, files = next((f, p) for f, p in by_format.items() if p)
    for what in ("ours", "floor"):
        _run(str(BENCH / "instructions.py"), "--child", what, "--format", fmt, "--", *map(str, files))


def test_table_instructions_child_runs_the_table_stage_with_and_without_the_measured_files(tiny_corpus):
    files = sorted((tiny_corpus / "reports").glob("*.txt"))[:3]
    for which in ("with", "without"):
        _run(str(BENCH / "table_instructions.py"), "--child", which, "--warmup", "1", "--", *map(str, files))


def test_stage_instructions_child_runs_each_stage_through_the_collected_call(tiny_corpus, monkeypatch):
    # (the child that callgrind would run, without callgrind; and the call it collects inside
    # is made once per measured file for the stage, never for the warm-up files)
    import operator

    from bench import stage_instructions

    files = sorted((tiny_corpus / "reports").glob("*.txt"))[:3]
    for stage in stage_instructions.STAGES:
        _run(str(BENCH / "stage_instructions.py"), "--child", stage, "--warmup", "1", "--", *map(str, files))
    import etl.pipeline

    calls = []
    monkeypatch.setattr(operator, "call", lambda fn, *a, **k: calls.append(fn.__name__) or fn(*a, **k))
    # (the child replaces the stage in its module: put back after the test)
    monkeypatch.setattr(etl.pipeline, "validate_extraction", etl.pipeline.validate_extraction)
    stage_instructions._child("validate_extraction", 1, list(map(str, files)))
    assert calls == ["validate_extraction"] * 2


def test_reader_times_prints_the_reader_against_its_floor(tiny_corpus):
    proc = _run(str(BENCH / "reader_times.py"), "--corpus", str(tiny_corpus), "--format", "html", "txt",
                "--template", "t2019", "t2021", "pre2019", "--repeat", "1")
    timed = [line for line in proc.stdout.splitlines() if "reader ÷ floor" in line]
    assert timed, proc.stdout


def test_stage_times_cold_reports_the_first_pass(tiny_corpus):
    proc = _run(str(BENCH / "stage_times.py"), "--corpus", str(tiny_corpus), "--format", "txt", "html",
                "--template", "t2019", "t2021", "pre2019", "--repeat", "2", "--cold")
    assert "the first (cold) pass" in proc.stdout and "best of" not in proc.stdout, proc.stdout


def test_supervisor_generates_ingests_with_a_roster_and_times_the_scorecard(tmp_path):
    proc = _run(str(BENCH / "supervisor.py"), "--reports", "6", "--workers", "1", "--out", str(tmp_path))
    assert "ingest with roster" in proc.stdout and "report_indicators pass" in proc.stdout


def test_ocr_times_ours_and_the_floor_on_a_scanned_report():
    proc = _run(str(BENCH / "ocr.py"), "--quick")
    assert "| 150 dpi pdf |" in proc.stdout and "raw engine floor" in proc.stdout
    assert "| ppocrv6-tiny |" in proc.stdout  # the engine comparison, the default engine alone


def test_ocr_lineless_grades_a_borderless_scan():
    proc = _run(str(BENCH / "ocr_lineless.py"), "--quick")
    assert "| t2021 | none |" in proc.stdout and "right / NULL / wrong" in proc.stdout


def test_ocr_ab_reads_a_page_with_a_version_of_the_code():
    proc = _run(str(BENCH / "ocr_ab.py"), str(BENCH.parent), "--quick")
    assert "| t2021 page 2 table-only |" in proc.stdout and "| yes |" in proc.stdout


def test_every_bench_script_has_a_smoke_run():
    # a new benchmark script needs its tiny run here too
    names = {p.stem for p in BENCH.glob("*.py")}
    tested = {"dashboard_rerun", "run", "profile_extract", "compare_extraction", "dask_scaling", "instructions",
              "supervisor", "ocr", "stage_times", "table_stage", "reader_times", "table_instructions",
              "ocr_lineless", "ocr_ab", "ocr_grades", "stage_instructions", "lockstep_ab",
              "corpus_truth",  # (a module the scripts share, run by the stage_times and table_stage runs)
              "fetch"}  # bench/fetch.py's tiny run is tests/fetch/test_bench_smoke.py (it needs the fixture portals)
    assert names <= tested, sorted(names - tested)


def test_stage_times_prints_each_stage_per_format_and_template(tiny_corpus):
    proc = _run(str(BENCH / "stage_times.py"), "--corpus", str(tiny_corpus), "--format", "txt", "html",
                "--template", "t2019", "t2021", "pre2019", "--repeat", "1")
    timed = [line for line in proc.stdout.splitlines() if "files, best of 1 passes" in line]
    assert timed, proc.stdout  # at least one format × template of the tiny corpus was timed
    assert "extract_tables" in proc.stdout and "stages after reading (not tables)" in proc.stdout


def test_table_stage_times_extract_tables_for_this_checkout(tiny_corpus):
    proc = _run(str(BENCH / "table_stage.py"), "--corpus", str(tiny_corpus), "--format", "txt", "html", "md",
                "--template", "t2019", "t2021", "pre2019", "--warmup", "1")
    rows = [line for line in proc.stdout.splitlines() if line.startswith(f"| {ROOT}")]
    assert rows and all(" | 0 | " not in line for line in rows), proc.stdout


def test_ocr_grades_a_generated_scan_cell_by_cell():
    proc = _run(str(BENCH / "ocr_grades.py"), "--quick")
    assert "| t2021 #0 | 150 dpi mild |" in proc.stdout and "wrong in 1,000" in proc.stdout


def test_lockstep_ab_times_two_versions_in_turns_per_format_and_template(tiny_corpus):
    proc = _run(str(BENCH / "lockstep_ab.py"), "--corpus", str(tiny_corpus), "--rounds", "2",
                "--setup-b", "import gc; gc.disable()")
    assert "'import gc; gc.disable()'" in proc.stdout, proc.stdout
    rows = [line.split(" | ") for line in proc.stdout.splitlines() if line.startswith("| ") and " t20" in line]
    assert rows, proc.stdout
    for row in rows:  # files, both rates, and one ratio per round
        assert int(row[1]) > 0 and float(row[2]) > 0 and float(row[3]) > 0, row
        assert len(row[4].rstrip(" |").split(", ")) == 2, row
    # against each format's floor: the floor is cheaper than the extraction in every format
    proc = _run(str(BENCH / "lockstep_ab.py"), "--corpus", str(tiny_corpus), "--rounds", "1", "--b-floor")
    assert "B = each format's floor" in proc.stdout, proc.stdout
    rows = [line.split(" | ") for line in proc.stdout.splitlines() if line.startswith("| ") and " t20" in line]
    assert rows and all(float(row[4].rstrip(" |")) > 1 for row in rows), proc.stdout


def test_lockstep_ab_budget_splits_each_file_into_floor_reading_and_extracting(tiny_corpus):
    proc = _run(str(BENCH / "lockstep_ab.py"), "--corpus", str(tiny_corpus), "--rounds", "1", "--budget")
    rows = [line.split(" | ") for line in proc.stdout.splitlines() if line.startswith("| ") and " t20" in line]
    assert rows, proc.stdout
    targets = {"txt": lambda f: 4.0, "md": lambda f: 4.0, "html": lambda f: 4.0,
               "docx": lambda f: 3 * f, "pdf": lambda f: 1.5 * f}
    for row in rows:
        floor, read, ours = float(row[2]), float(row[3]), float(row[4])
        # (times of one file in one round: which of read and ours is larger is left to chance on
        # a PDF, whose extraction after reading is ~15 % of it; ours against the floor is not)
        assert floor >= 0 and read > 0 and ours > floor, row
        # each derived column is the arithmetic its header says, to the printed rounding
        after, budget = float(row[6]), float(row[8])
        assert abs(float(row[5]) - (read - floor)) < 0.011 and abs(after - (ours - read)) < 0.011, row
        if floor >= 1:  # (a floor of hundredths of a ms, as printed, is too coarse for the ratio)
            assert abs(float(row[7]) - ours / floor) < 0.01 * ours / floor, row
        assert abs(budget - targets[row[0].strip("| ").split()[0]](floor)) < 0.011 * max(1.0, budget), row
        assert abs(float(row[9].rstrip(" |")) - after / (budget - floor)) < 0.02 * max(1.0, abs(after / (budget - floor))), row
