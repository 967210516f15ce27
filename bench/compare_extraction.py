"""Record the extractor's full output on a set of files, or compare it with a recording:
proves a speed-up changed no extracted value.

    .venv/bin/python bench/compare_extraction.py record /tmp/before.pkl DIR [DIR ...]
    .venv/bin/python bench/compare_extraction.py compare /tmp/before.pkl DIR [DIR ...]

Each file (zip members one by one) gives its report row minus the timing fields, and its
figures and checks sorted. `compare` prints every file whose output differs and exits 1.
"""
from __future__ import annotations

import pickle
import sys
import zipfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from etl.pipeline import extract_file  # noqa: E402

VOLATILE = ("extract_seconds", "extract_cpu_seconds", "ingested_at", "extractor_version")
SUFFIXES = {".txt", ".md", ".html", ".htm", ".pdf", ".docx", ".doc", ".zip"}


def _files(dirs: list[str]) -> list[Path]:
    out = []
    for d in dirs:
        for p in sorted(Path(d).rglob("*")):
            if p.is_file() and p.suffix.lower() in SUFFIXES and "truth" not in p.parts:
                out.append(p)
    return out


def _snapshot(result) -> tuple:
    report = {k: v for k, v in result.report.items() if k not in VOLATILE}
    figures = sorted(repr(sorted(f.items())) for f in result.figures)
    checks = sorted(repr(sorted(c.items())) for c in result.checks)
    return repr(sorted(report.items())), figures, checks


def _one(path: str) -> list[tuple[str, tuple]]:
    p = Path(path)
    data = p.read_bytes()
    if p.suffix.lower() == ".zip":
        rows = []
        with zipfile.ZipFile(p) as zf:
            for name in sorted(zf.namelist()):
                if name.endswith("/"):
                    continue
                src = f"{p}!{name}"
                rows.append((src, _snapshot(extract_file(src, zf.read(name)))))
        return rows
    return [(str(p), _snapshot(extract_file(str(p), data)))]


def run(dirs: list[str]) -> dict:
    files = [str(p) for p in _files(dirs)]
    with ProcessPoolExecutor(2) as pool:
        return {k: v for rows in pool.map(_one, files, chunksize=8) for k, v in rows}


def main() -> int:
    mode, store, *dirs = sys.argv[1:]
    current = run(dirs)
    if mode == "record":
        Path(store).write_bytes(pickle.dumps(current))
        print(f"recorded {len(current)} files -> {store}")
        return 0
    before = pickle.loads(Path(store).read_bytes())
    bad = 0
    for key in sorted(set(before) | set(current)):
        if before.get(key) != current.get(key):
            bad += 1
            print("DIFF", key)
            b, c = before.get(key), current.get(key)
            if b and c:
                for part, x, y in zip(("report", "figures", "checks"), b, c):
                    if x != y:
                        xs, ys = (set(x), set(y)) if isinstance(x, list) else ({x}, {y})
                        print(f"  {part}: -{sorted(xs - ys)[:3]}\n  {part}: +{sorted(ys - xs)[:3]}")
    print(f"compared {len(current)} files ({len(before)} recorded): {bad} differ")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
