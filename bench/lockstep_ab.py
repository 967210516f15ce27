"""Two versions of the extraction in turns on one core, file by file: a CPU-time comparison that
the shared machine's drift does not move.

    .venv/bin/python bench/lockstep_ab.py --corpus bench/out/corpus-1000-0 --a /tmp/old --b . --rounds 3
    .venv/bin/python bench/lockstep_ab.py --a . --b . --setup-b "import gc; gc.set_threshold(10000, 50, 50)"
    .venv/bin/python bench/lockstep_ab.py --b-floor        # ours against each format's floor
    .venv/bin/python bench/lockstep_ab.py --budget         # floor, reading, extracting: each target's budget

Why: on this machine a core's speed drifts by a quarter within minutes, so `bench/run.py` run
twice in a row can differ by 30 % with the same code, and two processes started side by side on
the two cores differ by ±15 % (one core is slowed, the other not). Instruction counts
(`bench/instructions.py`) do not drift, but they are not time: Cython builds of the hot modules
ran 11-16 % fewer instructions a file and were no faster (docs/benchmarks.md, round 17).

How: two worker processes, one per version (`--a`, `--b`: a checkout's root, e.g. from
`git archive`), both pinned to the same core. Each is warmed up as an ingest worker is
(`etl.engines.local._warm_up`, then `gc.freeze()`) and optionally runs a line of Python
(`--setup-a`, `--setup-b`). For every parsed file of the corpus, A and B extract it one after the
other (which goes first alternates by round), so both meet the machine in the same state within
a few milliseconds. Each file's CPU time is the one ingest records (`extract_cpu_seconds`), summed
per format × template over the files read as text (OCR pages left out). A against itself reads
0.96-1.03x. With `--b-floor`, B runs each format's floor instead (bench/run.py's: decode,
lxml parse, unzip and parse, pypdfium2 text), so that A's CPU ÷ B's is ours ÷ floor measured
in the same milliseconds.

With `--budget`, three workers take their turns: A, A's reader alone (`read_document`) and the
floor. Per format × template it prints where a file's time goes against issue 20's target
for it (≥ 250 reports/s/core, so 4 ms a file, for txt, md and HTML; 3x the floor for docx;
1.5x for PDF): what reading costs beyond the floor, and what extracting the read document
costs, which no faster reader can save. The last column, extracting alone ÷ (budget − floor),
above 1 says the target cannot be met by any reader without a faster extraction.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.corpus_truth import corpus_files  # noqa: E402

FORMATS = ("txt", "md", "html", "docx", "pdf")
TEMPLATES = ("pre2019", "t2019", "t2021")

WORKER = r'''
import gc, json, os, sys, time
sys.path.insert(0, sys.argv[1])
if hasattr(os, "sched_setaffinity"):  # (Linux; elsewhere the two take turns wherever they run)
    os.sched_setaffinity(0, {int(sys.argv[2])})
from etl.pipeline import extract_file
from etl.engines.local import _warm_up
_warm_up()
exec(sys.argv[3])
gc.freeze()
print("ready", flush=True)
floor, read_only = sys.argv[4] == "floor", sys.argv[4] == "read"
if floor:  # the format's floor (bench/run.py), timed as ingest times a file
    from bench.run import FLOORS
if read_only:  # the reader alone: read_document, as extract_file calls it
    from etl.read import read_document
for line in sys.stdin:
    path = line.rstrip("\n")
    with open(path, "rb") as fh:
        data = fh.read()
    if read_only:
        started = time.thread_time()
        method = "text"
        try:
            document = read_document(path, data)
            method = "ocr" if getattr(document, "ocr_pages", None) else "text"
            if document.geometry is not None:
                document.geometry.close()
        except Exception:  # (a file the reader refuses still cost its reading)
            pass
        print(json.dumps([time.thread_time() - started, method]), flush=True)
        continue
    if floor:
        started = time.thread_time()
        try:
            FLOORS[path.rsplit(".", 1)[-1]][1](data)
        except Exception:  # (as bench/run.py: a file the floor cannot read still cost its parse)
            pass
        print(json.dumps([time.thread_time() - started, "text"]), flush=True)
        continue
    r = extract_file(path, data)
    print(json.dumps([r.report["extract_cpu_seconds"], r.report.get("read_method")]), flush=True)
'''


def parsed_files(corpus: Path) -> list[tuple[str, str]]:
    """(path, "format template") of every file the generator expects parsed, in name order."""
    return sorted((str(path), f"{fmt} {template}") for fmt in FORMATS for template in TEMPLATES
                  for path in corpus_files(corpus, fmt, template))


def _start(root: Path, setup: str, core: int, mode: str = "extract") -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-c", WORKER, str(root.resolve()), str(core), setup, mode],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    if proc.stdout.readline().strip() != "ready":
        raise SystemExit(f"the worker for {root} did not start")
    return proc


def one_round(files: list[tuple[str, str]], procs: list[subprocess.Popen], first: int) -> list[dict]:
    """CPU seconds and files per format × template, for each process; for each file the
    processes take their turns starting with procs[first]."""
    spent: list[dict] = [{} for _ in procs]
    turn = [(k % len(procs), procs[k % len(procs)]) for k in range(first, first + len(procs))]
    for path, key in files:
        got: list = [None] * len(procs)  # each one's (seconds, read method)
        for side, proc in turn:
            proc.stdin.write(path + "\n")
            proc.stdin.flush()
            got[side] = json.loads(proc.stdout.readline())
        if all(method == "text" for _, method in got):  # (OCR pages left out of all)
            for side, (seconds, _) in enumerate(got):
                n, sec = spent[side].get(key, (0, 0.0))
                spent[side][key] = (n + 1, sec + seconds)
    return spent


# what each issue-20 target leaves for a file, in milliseconds of CPU, given the floor's
TARGET_MS = {"txt": lambda floor: 4.0, "md": lambda floor: 4.0, "html": lambda floor: 4.0,  # ≥ 250 reports/s/core
             "docx": lambda floor: 3.0 * floor, "pdf": lambda floor: 1.5 * floor}  # within 3x / 1.5x of the floor


def budget(args, files: list[tuple[str, str]]) -> int:
    """Ours, our reader alone and the floor in turns: where each file's time goes against the
    target's budget (what the reader costs beyond the floor; what extracting the read document
    costs, which no faster reader can save)."""
    print(f"ours, our reader alone and each format's floor, in turns on core {args.core}\n"
          f"{len(files)} files of {args.corpus}\n")
    print("| format, template | files | floor ms | read ms | ours ms | reading beyond the floor ms "
          "| extracting after reading ms | ours ÷ floor | target's budget ms | extracting alone ÷ (budget − floor) |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    totals: dict[str, list] = {}
    for k in range(args.rounds):
        procs = [_start(args.a, args.setup_a, args.core), _start(args.a, args.setup_a, args.core, "read"),
                 _start(args.a, "", args.core, "floor")]
        try:
            spent = one_round(files, procs, first=k % len(procs))
        finally:
            for proc in procs:
                proc.stdin.close()
                proc.wait()
        for key in spent[0]:
            row = totals.setdefault(key, [spent[0][key][0], 0.0, 0.0, 0.0])
            for side in range(3):
                row[1 + side] += spent[side][key][1]
    for key, (n, ours, read, floor) in sorted(totals.items()):
        floor_ms, read_ms, ours_ms = (1000 * x / (n * args.rounds) for x in (floor, read, ours))
        after = ours_ms - read_ms
        target = TARGET_MS[key.split()[0]](floor_ms)
        room = target - floor_ms  # what is left once the floor is paid
        share = f"{after / room:.2f}" if room > 0 else "— (the floor alone exceeds it)"
        print(f"| {key} | {n} | {floor_ms:.2f} | {read_ms:.2f} | {ours_ms:.2f} | {read_ms - floor_ms:.2f} "
              f"| {after:.2f} | {ours_ms / floor_ms:.2f} | {target:.2f} | {share} |")
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=ROOT / "bench" / "out" / "corpus-1000-0")
    ap.add_argument("--a", type=Path, default=ROOT, help="root of version A (default: this checkout)")
    ap.add_argument("--b", type=Path, default=ROOT, help="root of version B (default: this checkout)")
    ap.add_argument("--setup-a", default="", help="Python run in A's worker after its warm-up")
    ap.add_argument("--setup-b", default="", help="Python run in B's worker after its warm-up")
    ap.add_argument("--b-floor", action="store_true",
                    help="B runs each format's floor (bench/run.py's FLOORS) instead of the extraction: "
                         "A's CPU ÷ B's is then ours ÷ floor")
    ap.add_argument("--budget", action="store_true",
                    help="A, A's reader alone and each format's floor in turns: what reading and extracting "
                         "cost against each target's budget (issue 20)")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--core", type=int, default=0)
    args = ap.parse_args()
    files = parsed_files(args.corpus)
    if not files:
        raise SystemExit(f"no generated reports under {args.corpus} (xxgk demo-corpus --out … --reports 1000)")
    if args.budget:
        return budget(args, files)
    b_name = "each format's floor" if args.b_floor else f"{args.b} {args.setup_b!r}"
    print(f"A = {args.a} {args.setup_a!r}\nB = {b_name}\n{len(files)} files of {args.corpus}\n")
    print("| format, template | files | A: reports/s/core | B: reports/s/core | A's CPU ÷ B's, by round |")
    print("| --- | ---: | ---: | ---: | --- |")
    rows: dict[str, list] = {}
    for k in range(args.rounds):
        a = _start(args.a, args.setup_a, args.core)
        b = _start(args.b, args.setup_b, args.core, "floor" if args.b_floor else "extract")
        try:
            spent_a, spent_b = one_round(files, [a, b], first=k % 2)
        finally:
            for proc in (a, b):
                proc.stdin.close()
                proc.wait()
        for key in sorted(spent_a):
            (n, sa), (_, sb) = spent_a[key], spent_b[key]
            row = rows.setdefault(key, [n, 0.0, 0.0, []])
            row[1] += sa
            row[2] += sb
            row[3].append(sa / sb)
    for key, (n, sa, sb, ratios) in rows.items():
        per_round = ", ".join(f"{r:.2f}" for r in ratios)
        print(f"| {key} | {n} | {n * args.rounds / sa:.0f} | {n * args.rounds / sb:.0f} | {per_round} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
