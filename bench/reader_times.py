"""CPU milliseconds per file of the reader alone (`etl.read.read_document`) against its format's
floor (bench/run.py's FLOORS), per format × template, on the same files in the same process.

    PYTHONPATH=$PWD .venv/bin/python bench/reader_times.py --corpus bench/out/prof-600-0 \
        --format html --template t2019 t2021 --repeat 5

Each pass reads every parsed file of the kind once with the reader and once with the floor
(`time.process_time`), the two in turn; the best pass of each is kept (the one least
disturbed by other load).
To compare two checkouts, run this from each in turn, several times, in the same minutes.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.corpus_truth import corpus_files  # noqa: E402
from bench.run import FLOORS  # noqa: E402


def _ms_per_file(fn, files: list[tuple[str, bytes]]) -> float:
    started = time.process_time()
    for name, data in files:
        fn(name, data)
    return 1000 * (time.process_time() - started) / len(files)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=ROOT / "bench" / "out" / "prof-600-0")
    ap.add_argument("--format", nargs="+", default=["html"])
    ap.add_argument("--template", nargs="+", default=["t2019", "t2021"])
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    from etl.read import read_document

    def reader(name: str, data: bytes) -> None:
        document = read_document(name, data)
        if document.geometry is not None:
            document.geometry.close()

    for fmt in args.format:
        floor = FLOORS[fmt][1]
        for template in args.template:
            files = [(p.name, p.read_bytes()) for p in corpus_files(args.corpus, fmt, template)]
            if not files:
                print(f"{fmt} {template}: no files")
                continue
            for name, data in files[:5]:  # warm-up: imports, compiled patterns, caches
                reader(name, data)
                floor(data)
            passes = [(_ms_per_file(reader, files), _ms_per_file(lambda _, data: floor(data), files))
                      for _ in range(args.repeat)]  # (the reader and the floor in turn)
            ours, least = min(p[0] for p in passes), min(p[1] for p in passes)
            print(f"{fmt} {template}: {len(files)} files, reader {ours:.3f} ms, floor {least:.3f} ms, "
                  f"reader ÷ floor {ours / least:.2f}×")


if __name__ == "__main__":
    main()
