"""Benchmark the ETL on a generated corpus: throughput per format against a floor measured in the
same run, no-op rerun time, peak memory, database size, and accuracy against the ground truth.

    .venv/bin/python bench/run.py --reports 1000            # prints the results
    .venv/bin/python bench/run.py --reports 10000 --write-docs   # also records them in docs/benchmarks.md
    .venv/bin/python bench/run.py --reports 10000 --cold-runs 3  # the median of three cold ingests

The corpus and database go to bench/out/ (ignored by git); a corpus already there for the same
(reports, seed, generator version) is reused. Figures are DEMO DATA (etl/demo).
"""
from __future__ import annotations

import argparse
import io
import json
import os
import platform
import re
import resource
import statistics
import shutil
import subprocess
import sys
import time
import zipfile
from collections import defaultdict
from datetime import datetime, timezone
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import duckdb  # noqa: E402

from etl.demo import GENERATOR_VERSION  # noqa: E402
from etl.demo.build import corpus_is_current  # noqa: E402
from etl.demo.generator import write_corpus  # noqa: E402
from etl.demo.grading import grade  # noqa: E402

FLOOR_SAMPLE = 300  # files per format the floor is measured on (single core)


# ------------------------------------------------------------------ floors: the least any reader must do

def _floor_txt(data: bytes) -> None:
    data.decode("utf-8")


def _floor_html(data: bytes) -> None:
    import lxml.html

    lxml.html.fromstring(data).text_content()


def _floor_pdf(data: bytes) -> None:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(data)
    try:
        for i in range(len(pdf)):
            pdf[i].get_textpage().get_text_range()
    finally:
        pdf.close()


def _floor_docx(data: bytes) -> None:
    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        etree.fromstring(zf.read("word/document.xml"))


FLOORS = {"txt": ("read + decode UTF-8", _floor_txt), "md": ("read + decode UTF-8", _floor_txt),
          "html": ("lxml parse + text_content", _floor_html), "pdf": ("pypdfium2 text of every page", _floor_pdf),
          "docx": ("unzip + lxml parse of document.xml", _floor_docx)}


def _member_bytes(corpus: Path) -> dict[str, list[bytes]]:
    """Up to FLOOR_SAMPLE files per format, zip members included (as ingest sees them)."""
    out: dict[str, list[bytes]] = defaultdict(list)
    for p in sorted((corpus / "reports").iterdir()):
        items = ([(p.name, p.read_bytes())] if p.suffix != ".zip" else
                 [(i.filename, zipfile.ZipFile(p).read(i)) for i in zipfile.ZipFile(p).infolist()])
        for name, data in items:
            fmt = name.rsplit(".", 1)[-1]
            if len(out[fmt]) < FLOOR_SAMPLE:
                out[fmt].append(data)
    return out


def measure_floors(corpus: Path) -> dict[str, float]:
    """Seconds per file, single core, for each format's floor."""
    out = {}
    for fmt, files in _member_bytes(corpus).items():
        _, fn = FLOORS[fmt]
        ok = []
        started = time.process_time()  # CPU time, as reports.extract_cpu_seconds
        for data in files:
            try:
                fn(data)
                ok.append(data)
            except Exception:  # noqa: BLE001 - the scanned PDF has no text; it still costs its parse
                pass
        out[fmt] = (time.process_time() - started) / max(1, len(files))
    return out


# ------------------------------------------------------------------ the machine

def machine() -> dict[str, str]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = "unknown"
    try:
        kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
        mem = f"{kb / 1024 / 1024:.1f} GiB"
    except (OSError, AttributeError):
        pass
    load = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    return {"nproc": str(os.cpu_count()), "memory": mem, "cpu": cpu, "loadavg": load,
            "python": platform.python_version(), "duckdb": duckdb.__version__}


def code_commit() -> str:
    """The code measured: the git commit, `+changes` when the working tree differs from it."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                              text=True, check=True).stdout.strip()
        # (code only: a run that records its results in docs/ must not call the next one changed)
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no", "--", "etl", "bench",
                                "dashboard", "pyproject.toml"], cwd=ROOT, capture_output=True, text=True,
                               check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head + ("+changes" if dirty else "")


def _maxrss_mib(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024  # KiB on Linux


# ------------------------------------------------------------------ run

_INGEST_CHILD = """
import json, sys
from dataclasses import asdict
from pathlib import Path
from etl.ingest import ingest
s = ingest([sys.argv[1]], Path(sys.argv[2]), workers=int(sys.argv[3]))
print(json.dumps(asdict(s)))
"""


def _ingest_in_child(reports: Path, db: Path, workers: int) -> SimpleNamespace:
    """Run `etl.ingest.ingest` in a child process, so that its peak memory (and its workers') is
    measured apart from the generator and the grading done here."""
    out = subprocess.run([sys.executable, "-c", _INGEST_CHILD, str(reports), str(db), str(workers)],
                         check=True, capture_output=True, text=True, cwd=ROOT)
    return SimpleNamespace(**json.loads(out.stdout.strip().splitlines()[-1]))


# scanned files read by OCR are their own row: seconds a page, not milliseconds a file, and not
# comparable with the text floor of their format (`pdf (OCR)`, `png (OCR)`)
_FORMAT_READ = ("CASE WHEN read_method IN ('ocr', 'mixed') THEN file_format || ' (OCR)' "
                "ELSE file_format END")


def _rates(db: Path) -> tuple[dict, dict, dict]:
    """From one ingest's database: (files, CPU seconds, wall seconds) per format, files and CPU
    seconds per (format, template), and the count of each status."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        per_format = {fmt: (count, cpu, wall) for fmt, count, cpu, wall in con.sql(
            f"SELECT {_FORMAT_READ}, count(*), sum(extract_cpu_seconds), sum(extract_seconds) FROM reports "
            "GROUP BY 1 ORDER BY 1").fetchall()}
        per_template = {f"{fmt} {template}": (count, cpu) for fmt, template, count, cpu in con.sql(
            f"SELECT {_FORMAT_READ}, template, count(*), sum(extract_cpu_seconds) FROM reports "
            "WHERE file_format IN ('txt', 'md', 'html', 'docx', 'pdf') AND template IS NOT NULL "
            "GROUP BY ALL ORDER BY ALL").fetchall()}
        statuses = dict(con.sql("SELECT status, count(*) FROM reports GROUP BY 1").fetchall())
    finally:
        con.close()
    return per_format, per_template, statuses


def _spread(values: list[float | None]) -> dict | None:
    """The median of the cold runs' values (the figure reported) and their range; None when
    no run has one (a format none of whose files got as far as extraction)."""
    values = sorted(v for v in values if v is not None)
    if not values:
        return None
    return {"median": statistics.median(values), "min": values[0], "max": values[-1]}


def _per_second(files: int, seconds: float | None) -> float | None:
    return files / seconds if seconds else None


def run(n: int, seed: int, workers: int, out_dir: Path, cold_runs: int = 1) -> dict:
    load_before = machine()["loadavg"]
    commit = code_commit()  # before the run: the code the workers import
    corpus = out_dir / f"corpus-{n}-{seed}"
    db = out_dir / f"bench-{n}-{seed}.duckdb"
    gen_seconds = None
    if not corpus_is_current(corpus, n, seed):
        shutil.rmtree(corpus, ignore_errors=True)
        started = time.perf_counter()
        write_corpus(corpus, n, seed=seed, workers=workers)
        gen_seconds = time.perf_counter() - started
    # Cold ingests, each into a new database: the figures reported are the median run's, with
    # the range beside them (on a shared machine one run's rate can be off by a tenth or more).
    runs = []
    for _ in range(max(1, cold_runs)):
        for p in (db, db.with_suffix(".duckdb.wal")):
            p.unlink(missing_ok=True)
        # the OCR cache beside the database too: a cold ingest reads its scans again
        shutil.rmtree(out_dir / "ocr-cache", ignore_errors=True)
        first = _ingest_in_child(corpus / "reports", db, workers)
        runs.append((first, *_rates(db)))
    second = _ingest_in_child(corpus / "reports", db, workers)  # the no-op rerun, over the last one
    peak_children = _maxrss_mib(resource.RUSAGE_CHILDREN)  # before floors and grading add to anything
    _, per_format, _, statuses = runs[-1]
    floors = measure_floors(corpus)
    g = grade(db, corpus)
    formats = {}
    for fmt, (count, _, _) in per_format.items():
        rate = _spread([_per_second(count, r[1][fmt][1]) for r in runs])
        wall = _spread([_per_second(count, r[1][fmt][2]) for r in runs])
        floor = floors.get(fmt)  # none for the OCR rows
        right, expected = g.right_by_format.get(fmt, [0, 0])  # (the OCR rows' figures count in their format's)
        formats[fmt] = {
            "files": count, "reports_per_s_per_core": rate and rate["median"], "reports_per_s_per_core_range": rate,
            "reports_per_s_wall_in_worker": wall and wall["median"],
            "floor": FLOORS[fmt][0] if fmt in FLOORS else "–", "floor_reports_per_s_per_core": 1 / floor if floor else None,
            "ratio_to_floor": 1 / rate["median"] / floor if rate and floor else None,
            "figures_right": right, "figures_expected": expected,
        }
    templates = {key: {"files": count, "reports_per_s_per_core": _spread([_per_second(count, r[2][key][1]) for r in runs])}
                 for key, (count, _) in runs[-1][2].items()}
    ingest_seconds = _spread([r[0].seconds for r in runs])
    return {
        "when": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"), "reports": n, "seed": seed,
        "workers": workers, "generator_version": GENERATOR_VERSION, "machine": machine(), "commit": commit,
        "loadavg_before": load_before, "cold_runs": len(runs),
        "generate_seconds": gen_seconds, "ingest_seconds": ingest_seconds["median"],
        "ingest_seconds_range": ingest_seconds,
        "reports_per_s_wall": first.files_seen / ingest_seconds["median"], "files_seen": first.files_seen,
        "noop_rerun_seconds": second.seconds, "noop_rerun_extracted": second.files_extracted,
        "statuses": statuses, "figures_loaded": first.figures, "db_mib": db.stat().st_size / 2**20,
        "peak_rss_ingest_mib": peak_children,
        "figures_expected": g.figures_expected, "figures_right": g.figures_right,
        "mismatches": {k: sum(m.kind == k for m in g.mismatches)
                       for k in ("wrong", "missing", "unexpected", "meta", "status", "checks")},
        "formats": formats, "templates": templates,
    }


def to_markdown(r: dict) -> str:
    m = r["machine"]
    lines = [
        f"### {r['reports']:,} reports (seed {r['seed']}, {r['workers']} workers) — {r['when']}",
        "",
        f"Command: `.venv/bin/python bench/run.py --reports {r['reports']} --seed {r['seed']}"
        f"{' --cold-runs %d' % r['cold_runs'] if r.get('cold_runs', 1) > 1 else ''} --write-docs`  ",
        f"Machine: {m['nproc']} cores ({m['cpu']}), {m['memory']} RAM; Python {m['python']}, DuckDB {m['duckdb']}; "
        f"generator {r['generator_version']}; code at commit {r.get('commit', 'unknown')}  ",
        f"Load average (1/5/15 min) before the run: {r['loadavg_before']}; after: {m['loadavg']} "
        "(other jobs on the machine slow every figure below)",
        "",
        "| measure | value |",
        "| --- | --- |",
        f"| corpus generation | {r['generate_seconds']:.1f} s |" if r["generate_seconds"] is not None
        else "| corpus generation | reused from bench/out |",
        f"| ingest (cold{_runs_note(r)}) | {r['ingest_seconds']:.1f} s{_range(r.get('ingest_seconds_range'), '.1f')} "
        f"for {r['files_seen']:,} files = {r['reports_per_s_wall']:.0f} reports/s wall |",
        f"| no-op rerun | {r['noop_rerun_seconds']:.2f} s ({r['noop_rerun_extracted']} files re-extracted) |",
        f"| peak memory (largest ingest process: main or worker) | {r['peak_rss_ingest_mib']:.0f} MiB |",
        f"| database size | {r['db_mib']:.1f} MiB ({r['figures_loaded']:,} figures) |",
        f"| statuses | {', '.join(f'{k} {v}' for k, v in sorted(r['statuses'].items()))} |",
        f"| figures right (vs ground truth) | {r['figures_right']:,} / {r['figures_expected']:,} "
        f"({100 * r['figures_right'] / max(1, r['figures_expected']):.2f} %) |",
        f"| other mismatches | {', '.join(f'{k} {v}' for k, v in r['mismatches'].items())} |",
        "",
        "| format | files | ours: reports/s/core (CPU) | ours: wall, in busy workers | floor | floor: reports/s/core "
        "| ours ÷ floor (CPU time) | figures right |",
        "| --- | ---: | ---: | ---: | --- | ---: | ---: | ---: |",
    ]
    for fmt, f in sorted(r["formats"].items()):
        ours = (f"{f['reports_per_s_per_core']:.0f}{_range(f.get('reports_per_s_per_core_range'), '.0f')}"
                if f["reports_per_s_per_core"] else "–")
        wall = f"{f['reports_per_s_wall_in_worker']:.0f}" if f.get("reports_per_s_wall_in_worker") else "–"
        floor = f"{f['floor_reports_per_s_per_core']:.0f}" if f["floor_reports_per_s_per_core"] else "–"
        ratio = f"{f['ratio_to_floor']:.1f}×" if f["ratio_to_floor"] else "–"
        right = (f"{f['figures_right']:,} / {f['figures_expected']:,}" if f["figures_expected"]
                 else "counted in its format's row")
        lines.append(f"| {fmt} | {f['files']:,} | {ours} | {wall} | {f['floor']} | {floor} | {ratio} | {right} |")
    if r.get("templates"):
        lines += ["", "By template (the 2019 and 2021 templates' tables cost most):", "",
                  "| format, template | files | ours: reports/s/core (CPU) |", "| --- | ---: | ---: |"]
        for key, t in r["templates"].items():
            rate = t["reports_per_s_per_core"]
            shown = f"{rate['median']:.0f}{_range(rate, '.0f')}" if rate else "–"
            lines.append(f"| {key} | {t['files']:,} | {shown} |")
    return "\n".join(lines) + "\n"


def _runs_note(r: dict) -> str:
    n = r.get("cold_runs", 1)
    return f", median of {n} runs, range in brackets" if n > 1 else ""


def _range(spread: dict | None, spec: str) -> str:
    if not spread or spread["min"] == spread["max"]:
        return ""
    return f" ({spread['min']:{spec}}-{spread['max']:{spec}})"


def write_docs(result: dict, docs: Path) -> None:
    """Replace (or append) this size's block in docs/benchmarks.md."""
    replace_block(docs, f"bench:{result['reports']}", to_markdown(result))


def replace_block(docs: Path, tag: str, markdown: str) -> None:
    """Replace the text between `<!-- tag -->` and `<!-- /tag -->` in `docs` (or append it)."""
    begin, end = f"<!-- {tag} -->", f"<!-- /{tag} -->"
    block = f"{begin}\n{markdown}{end}"
    text = docs.read_text(encoding="utf-8") if docs.exists() else "# Benchmarks\n\n"
    if begin in text and end in text:
        text = text[:text.index(begin)] + block + text[text.index(end) + len(end):]
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    docs.write_text(text, encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reports", type=int, default=1000, help="corpus size (1,000 by default; 10,000 for scale)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "out")
    ap.add_argument("--cold-runs", type=int, default=1,
                    help="cold ingests to take the median of (each into a new database; the range is shown)")
    ap.add_argument("--write-docs", action="store_true", help="record the results in docs/benchmarks.md")
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    result = run(args.reports, args.seed, args.workers, args.out, args.cold_runs)
    (args.out / f"result-{args.reports}-{args.seed}.json").write_text(json.dumps(result, indent=1, ensure_ascii=False))
    print(to_markdown(result))
    if args.write_docs:
        write_docs(result, ROOT / "docs" / "benchmarks.md")


if __name__ == "__main__":
    main()
