"""bench/run.py's report: the median of the cold runs with their range, and the table by
template (exact output, as docs/benchmarks.md shows it)."""
from __future__ import annotations

from bench.run import _spread, to_markdown


def _result(cold_runs: int) -> dict:
    rate = _spread([190.0, 201.4, 196.2][:cold_runs])
    return {
        "when": "2026-11-26 06:00 UTC", "reports": 10000, "seed": 0, "workers": 2, "generator_version": "g",
        "machine": {"nproc": "2", "cpu": "AMD EPYC", "memory": "23.5 GiB", "python": "3.11.7", "duckdb": "2.0.1",
                    "loadavg": "1.0 / 1.0 / 1.0"},
        "commit": "abc1234", "loadavg_before": "0.5 / 0.5 / 0.5", "cold_runs": cold_runs, "generate_seconds": None,
        "ingest_seconds": 75.0, "ingest_seconds_range": _spread([75.0, 73.2, 80.1][:cold_runs]),
        "reports_per_s_wall": 133.3, "files_seen": 10000, "noop_rerun_seconds": 2.5, "noop_rerun_extracted": 0,
        "peak_rss_ingest_mib": 400.0, "db_mib": 42.0, "figures_loaded": 1000, "statuses": {"parsed": 10000},
        "figures_expected": 1000, "figures_right": 1000,
        "mismatches": {"wrong": 0, "missing": 0, "unexpected": 0, "meta": 0, "status": 0, "checks": 0},
        "formats": {"html": {"files": 2941, "reports_per_s_per_core": rate["median"],
                             "reports_per_s_per_core_range": rate, "reports_per_s_wall_in_worker": 188.4,
                             "floor": "lxml parse + text_content", "floor_reports_per_s_per_core": 650.0,
                             "ratio_to_floor": 3.4, "figures_right": 1000, "figures_expected": 1000}},
        "templates": {"html t2021": {"files": 1723, "reports_per_s_per_core": _spread([170.0, 180.6, 176.0][:cold_runs])}},
    }


def test_the_median_run_is_reported_with_the_range_of_the_runs():
    md = to_markdown(_result(3))
    assert "--reports 10000 --seed 0 --cold-runs 3 --write-docs`" in md
    assert "| ingest (cold, median of 3 runs, range in brackets) | 75.0 s (73.2-80.1) for 10,000 files" in md
    assert "| html | 2,941 | 196 (190-201) | 188 | lxml parse + text_content | 650 | 3.4× | 1,000 / 1,000 |" in md
    assert "| html t2021 | 1,723 | 176 (170-181) |" in md


def test_one_run_shows_no_range():
    md = to_markdown(_result(1))
    assert "--seed 0 --write-docs`" in md and "--cold-runs" not in md
    assert "| ingest (cold) | 75.0 s for 10,000 files" in md
    assert "| html | 2,941 | 190 | 188 |" in md
    assert "| html t2021 | 1,723 | 170 |" in md


def test_a_format_without_extraction_time_shows_a_dash():
    assert _spread([None, None]) is None
    assert _spread([3.0, None, 1.0]) == {"median": 2.0, "min": 1.0, "max": 3.0}
    r = _result(1)
    r["formats"]["html"].update(reports_per_s_per_core=None, reports_per_s_per_core_range=None,
                                reports_per_s_wall_in_worker=None, ratio_to_floor=None)
    r["templates"]["html t2021"]["reports_per_s_per_core"] = None
    md = to_markdown(r)
    assert "| html | 2,941 | – | – | lxml parse + text_content | 650 | – | 1,000 / 1,000 |" in md
    assert "| html t2021 | 1,723 | – |" in md
