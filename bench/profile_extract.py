"""Time per-file extraction (read + extract, `etl.pipeline.extract_file`) per format on one core.

    .venv/bin/python bench/profile_extract.py                 # 300 generated reports, best of 5
    .venv/bin/python bench/profile_extract.py --profile txt   # also cProfile the txt files
    .venv/bin/python bench/profile_extract.py --dir /work/shared/corpus

Prints reports/s/core per format (files ÷ extraction time of one pass, the best of `--repeat`
passes; CPU time of this process unless --wall).
The corpus goes to bench/out/profile-<n>-<seed> (ignored by git) and is reused when present.
Zip archives are timed as whole files (every member extracted).
"""
from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
import zipfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from etl.demo.generator import write_corpus  # noqa: E402
from etl.pipeline import extract_file  # noqa: E402

SUFFIXES = {".txt", ".md", ".html", ".htm", ".pdf", ".docx", ".doc", ".zip"}


def _load(directory: Path) -> dict[str, list[tuple[str, bytes]]]:
    by_format: dict[str, list[tuple[str, bytes]]] = defaultdict(list)
    for p in sorted(directory.rglob("*")):
        if p.is_file() and p.suffix.lower() in SUFFIXES and "truth" not in p.parts:
            by_format[p.suffix.lower().lstrip(".")].append((str(p), p.read_bytes()))
    return by_format


def _extract_one(path: str, data: bytes) -> None:
    if path.endswith(".zip"):
        with zipfile.ZipFile(path) as zf:
            for name in zf.namelist():
                if not name.endswith("/"):
                    extract_file(f"{path}!{name}", zf.read(name))
    else:
        extract_file(path, data)


def _time_pass(files: list[tuple[str, bytes]], clock) -> float:
    started = clock()
    for path, data in files:
        _extract_one(path, data)
    return clock() - started


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--reports", type=int, default=300)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--dir", type=Path, help="time the files of this directory instead of a generated corpus")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--formats", default="", help="comma-separated formats to time (default: all)")
    ap.add_argument("--profile", metavar="FORMAT", help="cProfile one pass over this format's files")
    ap.add_argument("--top", type=int, default=25)
    ap.add_argument("--wall", action="store_true",
                    help="time by the wall clock (as reports.extract_seconds does) instead of this "
                         "process's CPU time, which other load on the machine disturbs less")
    args = ap.parse_args()

    directory = args.dir
    if directory is None:
        directory = ROOT / "bench" / "out" / f"profile-{args.reports}-{args.seed}"
        if not (directory / "reports").is_dir():
            write_corpus(directory, args.reports, args.seed, workers=2)
        directory = directory / "reports"
    by_format = _load(directory)
    wanted = [f for f in args.formats.split(",") if f] or sorted(by_format)

    clock = time.perf_counter if args.wall else time.process_time
    for files in by_format.values():  # warm-up: imports, label maps, compiled patterns, caches
        for path, data in files[:20]:
            _extract_one(path, data)
    print(f"{'format':<6} {'files':>5} {'best s':>8} {'reports/s/core':>15}")
    for fmt in wanted:
        files = by_format.get(fmt, [])
        if not files:
            continue
        best = min(_time_pass(files, clock) for _ in range(args.repeat))
        print(f"{fmt:<6} {len(files):>5} {best:>8.3f} {len(files) / best:>15.1f}")

    if args.profile:
        files = by_format.get(args.profile, [])
        prof = cProfile.Profile()
        prof.enable()
        for path, data in files:
            _extract_one(path, data)
        prof.disable()
        print(f"\ncProfile of {len(files)} {args.profile} files (cumulative, top {args.top})")
        pstats.Stats(prof).sort_stats("tottime").print_stats(args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
