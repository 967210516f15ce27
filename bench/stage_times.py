"""CPU milliseconds per file of each extraction stage after reading, per format × template.

    PYTHONPATH=$PWD .venv/bin/python bench/stage_times.py --corpus bench/out/prof-600-0 \
        --format txt html --template t2019 t2021 --repeat 5

Wraps the stage functions where `etl.extract.report` and `etl.pipeline` call them with a timer
(`time.thread_time`), runs `extract_file` over every parsed file of each format × template of a
generated corpus (its truth/ gives each file's template), and prints the per-file mean of each
stage, the best of `--repeat` passes (the pass least disturbed by other load), or with `--cold`
the first pass: each file's first extraction, what an ingest pays (the passes after it find
every line of the files in the caches keyed by a line's text, ~25-40 % cheaper on txt 2019/2021
reports). Timings move with
the machine's load: compare two versions of the code by running this for each in turn, several
times, in the same minutes (and by bench/instructions.py, which the load does not move).
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import etl.extract.report as report_module  # noqa: E402
from bench.corpus_truth import corpus_files  # noqa: E402
import etl.pipeline as pipeline_module  # noqa: E402

# (module, name) of each timed stage, as its caller looks it up
STAGES = [
    (report_module, "extract_meta"), (report_module, "detect_template"), (report_module, "extract_tables"),
    (report_module, "extract_prose"), (report_module, "locate_prose_figures"), (report_module, "organ_problems"),
    (report_module, "sample_shingles"), (pipeline_module, "validate_extraction"),
    (pipeline_module, "_rows_from_extraction"), (pipeline_module, "read_document"),
]
NOT_MINE = ("extract_tables", "read_document")  # left out of the sum of the stages after reading
_spent: dict[str, float] = defaultdict(float)


def _timed(name: str, fn):
    clock = time.thread_time

    def wrapper(*args, **kwargs):
        started = clock()
        try:
            return fn(*args, **kwargs)
        finally:
            _spent[name] += clock() - started
    return wrapper


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=ROOT / "bench" / "out" / "prof-600-0")
    ap.add_argument("--format", nargs="+", default=["txt", "html"])
    ap.add_argument("--template", nargs="+", default=["t2019", "t2021"])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--cold", action="store_true",
                    help="report the first pass (each file's first extraction: what an ingest pays), "
                         "not the fastest (its lines already cached)")
    ap.add_argument("--json", action="store_true", help="print one JSON line per format × template")
    args = ap.parse_args()
    for module, name in STAGES:
        setattr(module, name, _timed(name, getattr(module, name)))
    from etl.pipeline import extract_file

    for fmt in args.format:
        for template in args.template:
            files = [(str(p), p.read_bytes()) for p in corpus_files(args.corpus, fmt, template)]
            if not files:  # (a small corpus need not hold every format × template)
                print(f"{fmt} {template}: no files")
                continue
            # warm-up: imports, compiled patterns, caches; on files left out of the measured ones,
            # so that the first pass costs what a run pays for files it has not seen (the caches
            # keyed by a line's text hit only for the lines other reports share); the passes
            # after it find every line of these files in those caches
            warm_up, files = files[:5], files[5:] or files
            for path, data in warm_up:
                extract_file(path, data)
            best: dict[str, float] | None = None
            for _ in range(args.repeat):
                _spent.clear()
                started = time.thread_time()
                for path, data in files:
                    extract_file(path, data)
                total = time.thread_time() - started
                ms = {name: 1000 * _spent[name] / len(files) for _, name in STAGES}
                ms["whole file"] = 1000 * total / len(files)
                ms["stages after reading (not tables)"] = sum(v for k, v in ms.items()
                                                             if k not in NOT_MINE and k != "whole file")
                if best is None or (ms["whole file"] < best["whole file"] and not args.cold):
                    best = ms
            if args.json:
                print(json.dumps({"format": fmt, "template": template, "files": len(files), "ms": best}))
                continue
            which = "the first (cold) pass" if args.cold else f"best of {args.repeat} passes"
            print(f"{fmt} {template}: {len(files)} files, {which} (CPU ms per file)")
            for name, value in best.items():
                print(f"  {name:36s} {value:7.3f}")


if __name__ == "__main__":
    main()
