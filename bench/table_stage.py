"""CPU time of the standard-table stage (`extract_tables`) per file, by format × template, and
of the whole file, optionally for two checkouts alternated in the same minutes.

    .venv/bin/python bench/table_stage.py --corpus bench/out/prof-600-0
    .venv/bin/python bench/table_stage.py --corpus bench/out/prof-600-0 --code /work/main --code . --rounds 3

Each measurement is a fresh process importing the code of one checkout (`--code`): it extracts
the first `--warmup` files of each format × template untimed (imports, compiled patterns, the
cell caches), then every other file once, with `etl.extract.report.extract_tables` wrapped so
that the CPU time (`time.process_time`) of each call is summed. With several `--code`
checkouts the processes alternate (A B A B …) so that the machine's load moves all alike;
each figure printed is the median of the rounds, with their range.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # (the child puts the checkout it measures before it)

from bench.corpus_truth import corpus_files  # noqa: E402  (standard library only: imports no etl)


def _child(code: str, corpus: Path, groups: list[tuple[str, str]], warmup: int) -> dict:
    """Runs in a fresh process with `code` first on the path."""
    sys.path.insert(0, code)
    import etl.extract.report as report
    from etl.pipeline import extract_file

    spent = [0.0]
    plain = report.extract_tables

    def timed(*args, **kwargs):
        started = time.process_time()
        try:
            return plain(*args, **kwargs)
        finally:
            spent[0] += time.process_time() - started

    report.extract_tables = timed
    files = {g: [(str(p), p.read_bytes()) for p in corpus_files(corpus, *g)] for g in groups}
    for g in groups:
        for path, data in files[g][:warmup]:
            extract_file(path, data)
    out = {}
    for g in groups:
        measured = files[g][warmup:]
        spent[0] = 0.0
        started = time.process_time()
        for path, data in measured:
            extract_file(path, data)
        whole = time.process_time() - started
        out[f"{g[0]} {g[1]}"] = {"files": len(measured), "tables_ms": 1e3 * spent[0] / max(len(measured), 1),
                                 "file_ms": 1e3 * whole / max(len(measured), 1)}
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, required=True, help="a generated corpus (reports/ and truth/)")
    ap.add_argument("--format", nargs="+", default=["txt", "md", "html"])
    ap.add_argument("--template", nargs="+", default=["t2019", "t2021"])
    ap.add_argument("--code", action="append", help="checkouts to measure, alternated (default: this one)")
    ap.add_argument("--rounds", type=int, default=1)
    ap.add_argument("--warmup", type=int, default=8, help="files of each format × template run first, untimed")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    args = ap.parse_args()
    groups = [(f, t) for f in args.format for t in args.template]
    corpus = args.corpus.resolve()
    if args.child:
        print(json.dumps(_child(args.child, corpus, groups, args.warmup)))
        return
    codes = [str(Path(c).resolve()) for c in (args.code or [str(ROOT)])]
    results: dict[str, list[dict]] = {c: [] for c in codes}
    for _ in range(args.rounds):
        for code in codes:
            cmd = [sys.executable, str(Path(__file__).resolve()), "--corpus", str(corpus), "--warmup",
                   str(args.warmup), "--child", code, "--format", *args.format, "--template", *args.template]
            proc = subprocess.run(cmd, capture_output=True, text=True, check=True, cwd=code,
                                  env={**os.environ, "PYTHONPATH": code})
            results[code].append(json.loads(proc.stdout))
    print("| code | format × template | files | extract_tables ms/file | whole file ms/file |")
    print("| --- | --- | ---: | ---: | ---: |")
    for code in codes:
        for g in results[code][0]:
            if not results[code][0][g]["files"]:  # (a small corpus need not hold every format × template)
                continue
            t = [r[g]["tables_ms"] for r in results[code]]
            w = [r[g]["file_ms"] for r in results[code]]
            print(f"| {code} | {g} | {results[code][0][g]['files']} | {statistics.median(t):.2f} "
                  f"({min(t):.2f}-{max(t):.2f}) | {statistics.median(w):.2f} ({min(w):.2f}-{max(w):.2f}) |")


if __name__ == "__main__":
    main()
