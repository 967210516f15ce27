"""bench/fetch.py runs end to end on a tiny setting (its timings are for docs/benchmarks.md, not asserted)."""
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_bench_fetch_smoke():
    out = subprocess.run([sys.executable, "bench/fetch.py", "--hosts", "2", "--reports", "3", "--delay", "0.05",
                          "--memory-hosts", "1", "--json"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    r = json.loads(out.stdout.strip().splitlines()[-1])
    assert r["documents"] == 2 * 3 * 2  # an article and its PDF per report
    assert r["rerun_downloaded"] == 0 and r["rerun_unchanged"] == 12
    assert r["requests_busiest_host"] == 1 + 1 + 3 * 2  # robots, one list page, article + PDF each
    assert r["min_gap_any_host"] >= 0.05
    assert set(r["max_rss_mib_by_hosts"]) == {"1", "2"}
