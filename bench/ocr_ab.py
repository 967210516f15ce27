"""OCR pages read by two (or more) versions of the code, alternated: CPU seconds per page and
whether the versions read the same thing (every block and every confidence).

    git archive 1cc5610 etl | tar -x -C /tmp/old      # a version is a folder holding etl/
    .venv/bin/python bench/ocr_ab.py /tmp/old .       # prints a Markdown table
    .venv/bin/python bench/ocr_ab.py /tmp/old . --rounds 5 --reads 3
    .venv/bin/python bench/ocr_ab.py . --quick        # the 2021 table-only page once (smoke run)

On a machine shared with other work a single timing says little (the same page moves by a
quarter between minutes); the versions are run one after the other, each in a fresh process,
`--rounds` times, and each page is read `--reads` times per process after one warm-up read
(the engine loaded, caches filled): the table gives the fastest and the median of the rounds'
fastest reads. The pages are bench/ocr.py's 150-dpi scans (the 2021 and 2019 reports' pages 1
to 3 and page 2 table-only), made once by this checkout's generator and handed to every
version as the same pixels.
"""
from __future__ import annotations

import argparse
import json
import os
import pickle
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# run in each version's own process, with that version's etl first on the path
_CHILD = """
import hashlib, json, os, pickle, sys, time
sys.path.insert(0, sys.argv[3])  # the version's etl, before the folder python was started in
os.environ.pop("XXGK_OCR_CACHE", None)
from etl.read import ocr, ocr_engine
assert ocr.__file__.startswith(sys.argv[3]), ocr.__file__
pages = pickle.loads(open(sys.argv[1], "rb").read())
ocr_engine._engine()
out = {}
for name, image in pages.items():
    ocr._read_page(image, 1)
    best = None
    for _ in range(int(sys.argv[2])):
        t = time.process_time()
        page = ocr._read_page(image, 1)
        best = min(best or 1e9, time.process_time() - t)
    read = repr(page.blocks) + repr(page.confidences) + repr(page.unreadable)
    out[name] = (best, hashlib.sha256(read.encode()).hexdigest())
print(json.dumps(out))
"""


def bench_pages() -> dict:
    """name → BGR page image: bench/ocr.py's 150-dpi scans of the 2021 and 2019 reports."""
    import numpy as np

    from bench.ocr import _reports, _table_only
    from etl.demo.render_scan import ScanStyle, scan_pages

    style = ScanStyle(dpi=150, skew=0.9, noise=6, blur=0.4, jpeg_quality=80)
    pages = {}
    for k, (data, truth) in enumerate(_reports(("t2021", "t2019"))):
        for i, page in enumerate(scan_pages(data, style, seed=k)[:3]):
            image = np.ascontiguousarray(np.asarray(page.convert("RGB"))[..., ::-1])
            pages[f"{truth['template']} page {i + 1}"] = image
            if i == 1:
                pages[f"{truth['template']} page 2 table-only"] = _table_only(image)
    return pages


def run(versions: list[str], rounds: int, reads: int, only: str | None = None) -> tuple[dict, dict]:
    """(page → version → the rounds' CPU s, page → version → digest of what it read); `only`:
    that page alone."""
    times: dict = {}
    digests: dict = {}
    pages = {name: image for name, image in bench_pages().items() if only in (None, name)}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "pages.pkl"
        path.write_bytes(pickle.dumps(pages))
        for _ in range(rounds):
            for version in versions:
                folder = str(Path(version).resolve())
                done = subprocess.run([sys.executable, "-c", _CHILD, str(path), str(reads), folder],
                                      env={**os.environ, "PYTHONPATH": folder}, cwd=tmp,
                                      capture_output=True, text=True, check=True)
                for name, (cpu, digest) in json.loads(done.stdout).items():
                    times.setdefault(name, {}).setdefault(version, []).append(cpu)
                    digests.setdefault(name, {})[version] = digest
    return times, digests


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("versions", nargs="+", help="folders holding an etl/ package (the first is the reference)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--reads", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="the 2021 table-only page, one round, one read")
    args = parser.parse_args()
    if args.quick:
        args.rounds, args.reads = 1, 1
    load = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    times, digests = run(args.versions, args.rounds, args.reads, "t2021 page 2 table-only" if args.quick else None)
    print(f"load average (1/5/15 min) before the run {load}; {args.rounds} rounds, fastest of {args.reads} reads\n")
    print("| page | " + " | ".join(f"`{v}` CPU s (fastest / median)" for v in args.versions) + " | same reading |")
    print("| --- |" + " --- |" * (len(args.versions) + 1))
    for name, per in times.items():
        cells = []
        for v in args.versions:
            ts = sorted(per[v])
            cells.append(f"{ts[0]:.3f} / {ts[len(ts) // 2]:.3f}")
        same = "yes" if len(set(digests[name].values())) == 1 else "**no**"
        print(f"| {name} | " + " | ".join(cells) + f" | {same} |")


if __name__ == "__main__":
    main()
