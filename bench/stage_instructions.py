"""Instructions (valgrind) one file's first extraction spends in each stage after reading: a
per-stage figure that the machine's load does not move, and cold, as an ingest pays it.

    PYTHONPATH=$PWD .venv/bin/python bench/stage_instructions.py --corpus bench/out/prof-600-0 \
        --format txt html --template t2021 --files 12 --warmup 4

bench/stage_times.py gives the stages in CPU ms, which move by a quarter on a shared machine;
bench/instructions.py counts instructions, but of the whole file only. This counts a stage's
instructions alone: the child runs `extract_file` over the warm-up files, then over the measured
files with the stage called through `operator.call`, and callgrind collects only inside that C
function (`--collect-atstart=no --toggle-collect=_operator_call`; nothing else in the extraction
calls it). One valgrind run per stage and format × template, as many at a time as there are
cores; each takes 30-60 s. Needs valgrind and a Python whose symbols name `_operator_call`.
"""
from __future__ import annotations

import argparse
import operator
import os
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.corpus_truth import corpus_files  # noqa: E402

# the stages after reading, as bench/stage_times.py names them: (module of the caller, name)
STAGES = {
    "extract_meta": "etl.extract.report", "detect_template": "etl.extract.report",
    "extract_prose": "etl.extract.report", "locate_prose_figures": "etl.extract.report",
    "sample_shingles": "etl.extract.report", "validate_extraction": "etl.pipeline",
    "_rows_from_extraction": "etl.pipeline",
}
_TOTALS = re.compile(r"^(?:summary|totals):\s+(\d+)", re.MULTILINE)


def _child(stage: str, warmup: int, paths: list[str]) -> None:
    """Run inside callgrind: every file once, the measured ones with `stage` called through
    operator.call (where callgrind collects)."""
    import importlib

    from etl.pipeline import extract_file

    module = importlib.import_module(STAGES[stage])
    plain = getattr(module, stage)
    files = [(p, Path(p).read_bytes()) for p in paths]
    for path, data in files[:warmup]:
        extract_file(path, data)
    setattr(module, stage, lambda *args, **kwargs: operator.call(plain, *args, **kwargs))
    for path, data in files[warmup:]:
        extract_file(path, data)


def stage_instructions(stage: str, paths: list[Path], warmup: int) -> int:
    """The instructions `stage` executes over the files after the first `warmup`."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "callgrind.out"
        cmd = ["valgrind", "--tool=callgrind", "--collect-atstart=no", "--toggle-collect=_operator_call",
               f"--callgrind-out-file={out}", sys.executable, str(Path(__file__).resolve()), "--child", stage,
               "--warmup", str(warmup), "--", *map(str, paths)]
        proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
        m = _TOTALS.search(out.read_text()) if out.exists() else None
        if proc.returncode != 0 or not m:
            raise SystemExit(f"callgrind run failed ({proc.returncode}):\n{proc.stderr[-2000:]}")
        return int(m.group(1))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=ROOT / "bench" / "out" / "prof-600-0")
    ap.add_argument("--format", nargs="+", default=["txt", "html"])
    ap.add_argument("--template", nargs="+", default=["t2021"])
    ap.add_argument("--stage", nargs="+", choices=list(STAGES), default=list(STAGES))
    ap.add_argument("--files", type=int, default=12, help="measured files per figure")
    ap.add_argument("--warmup", type=int, default=4, help="files run before the measured ones")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="valgrind runs at a time")
    ap.add_argument("--child", choices=list(STAGES), help=argparse.SUPPRESS)
    ap.add_argument("paths", nargs="*", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        _child(args.child, args.warmup, args.paths)
        return
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed (apt-get install -y valgrind)")
    cells = [(f, t, corpus_files(args.corpus, f, t, args.warmup + args.files))
             for f in args.format for t in args.template]
    cells = [(f, t, paths) for f, t, paths in cells if len(paths) > args.warmup]
    with ThreadPoolExecutor(args.jobs) as pool:
        runs = {(f, t, s): pool.submit(stage_instructions, s, paths, args.warmup)
                for f, t, paths in cells for s in args.stage}
        print("M instructions per file, first extraction (callgrind)")
        print(f"| stage | " + " | ".join(f"{f} {t} ({len(p) - args.warmup} files)" for f, t, p in cells) + " |")
        print("| --- |" + " ---: |" * len(cells))
        for s in args.stage:
            print(f"| {s} | " + " | ".join(f"{runs[f, t, s].result() / (len(p) - args.warmup) / 1e6:.3f}"
                                           for f, t, p in cells) + " |")


if __name__ == "__main__":
    main()
