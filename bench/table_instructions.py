"""Instructions (valgrind) of the standard-table stage alone, `extract_tables`, per file, by
format × template, for one or more checkouts of the code: the figure that round 8 and round 9
of issue 20 compared versions of the table extractors by.

    .venv/bin/python bench/table_instructions.py --corpus bench/out/prof-600-0 --code /work/main --code .

Each figure is two runs under `valgrind --tool=cachegrind --cache-sim=no` of a child that reads
the files and detects their template (`read_document`, `detect_template`), runs
`extract_tables` on the first `--warmup` of them (imports, compiled patterns, the cell caches),
and then on the rest (one run) or not (the other): the difference divided by the rest is one
file's `extract_tables`. The child imports the checkout given with `--code` (first on its
path) and runs with PYTHONHASHSEED=0; even so a figure moved by up to 0.4 M between runs of the
same code (the difference of two ~3,000 M counts): a change smaller than that is noise.
bench/instructions.py gives the whole file's instructions.
"""
from __future__ import annotations

import argparse
import os
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.append(str(ROOT))  # (after the checkout the child measures, which goes first)

from bench.corpus_truth import corpus_files  # noqa: E402  (standard library only: imports no etl)


def _child(with_measured: bool, warmup: int, paths: list[str]) -> None:
    from etl.extract.tables import extract_tables
    from etl.extract.template import detect_template
    from etl.read import read_document

    docs = []
    for path in paths:
        doc = read_document(path, Path(path).read_bytes())
        docs.append((doc, detect_template(doc)))
    for doc, template in docs[:warmup]:
        extract_tables(doc, template)
    if with_measured:
        for doc, template in docs[warmup:]:
            extract_tables(doc, template)


def _instructions(code: Path, with_measured: bool, warmup: int, paths: list[Path]) -> int:
    # (imported here, in the parent: bench.instructions imports etl, and the child must import
    # only the checkout it measures)
    from bench.instructions import valgrind_instructions

    return valgrind_instructions([str(Path(__file__).resolve()), "--child", "with" if with_measured else "without",
                                  "--warmup", str(warmup), "--", *map(str, paths)],
                                 cwd=code, env=dict(os.environ, PYTHONPATH=str(code), PYTHONHASHSEED="0"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=ROOT / "bench" / "out" / "prof-600-0")
    ap.add_argument("--code", type=Path, action="append", help="a checkout to measure (default: this one)")
    ap.add_argument("--format", nargs="+", default=["txt", "md", "html"])
    ap.add_argument("--template", nargs="+", default=["t2019", "t2021"])
    ap.add_argument("--files", type=int, default=30, help="measured files per figure")
    ap.add_argument("--warmup", type=int, default=10)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="valgrind runs at a time")
    ap.add_argument("--child", choices=("with", "without"), help=argparse.SUPPRESS)
    ap.add_argument("paths", nargs="*", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        _child(args.child == "with", args.warmup, args.paths)
        return
    codes = [c.resolve() for c in (args.code or [ROOT])]
    kinds = [(f, t) for f in args.format for t in args.template]
    with ThreadPoolExecutor(args.jobs) as pool:
        runs = {}
        for fmt, template in kinds:
            paths = corpus_files(args.corpus, fmt, template, args.warmup + args.files)
            if len(paths) <= args.warmup:
                continue
            for code in codes:
                runs[fmt, template, code] = (len(paths) - args.warmup,
                                             *(pool.submit(_instructions, code, w, args.warmup, paths)
                                               for w in (True, False)))
        print("| format | template | files | " + " | ".join(f"M instructions/file `{c}`" for c in codes) + " |")
        print("| --- | --- | ---: | " + " | ".join("---:" for _ in codes) + " |")
        for fmt, template in kinds:
            if (fmt, template, codes[0]) not in runs:
                continue
            cells = []
            for code in codes:
                n, with_measured, without = runs[fmt, template, code]
                cells.append(f"{(with_measured.result() - without.result()) / n / 1e6:.2f}")
            print(f"| {fmt} | {template} | {runs[fmt, template, codes[0]][0]} | " + " | ".join(cells) + " |", flush=True)


if __name__ == "__main__":
    main()
