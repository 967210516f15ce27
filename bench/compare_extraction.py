"""Record the extractor's full output on a set of files, or compare it with a recording:
proves a speed-up changed no extracted value.

    .venv/bin/python bench/compare_extraction.py record /tmp/before.pkl DIR [DIR ...]
    .venv/bin/python bench/compare_extraction.py compare /tmp/before.pkl DIR [DIR ...]
    .venv/bin/python bench/compare_extraction.py diff /tmp/before.pkl /tmp/after.pkl

Each file (zip members one by one) gives its report row minus the timing fields, its figures
and checks sorted, and its text-reuse shingles. `compare` extracts the files again and
compares with a recording; `diff` compares two recordings (e.g. made by two checkouts of the
code). Both print every file whose output differs, a count of files and figures per format,
and exit 1 when any file differs.
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
    shingles = sorted(result.shingles)
    return repr(sorted(report.items())), figures, checks, shingles


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


def differences(before: dict, current: dict) -> list[str]:
    """Lines describing every file whose output differs between two recordings."""
    lines = []
    for key in sorted(set(before) | set(current)):
        b, c = before.get(key), current.get(key)
        if b == c:
            continue
        lines.append(f"DIFF {key}" + ("" if b and c else " (only in the " + ("second" if c else "first") + ")"))
        if b and c:
            for part, x, y in zip(("report", "figures", "checks", "shingles"), b, c):
                if x != y:
                    xs, ys = (set(x), set(y)) if isinstance(x, list) else ({x}, {y})
                    lines.append(f"  {part}: -{sorted(xs - ys)[:3]}\n  {part}: +{sorted(ys - xs)[:3]}")
    return lines


def per_format(recording: dict) -> dict[str, tuple[int, int]]:
    """format → (files, figures) of a recording."""
    out: dict[str, tuple[int, int]] = {}
    for key, snap in recording.items():
        fmt = key.rsplit(".", 1)[-1].lower()
        files, figures = out.get(fmt, (0, 0))
        out[fmt] = (files + 1, figures + len(snap[1]))
    return out


def main() -> int:
    mode, store, *rest = sys.argv[1:]
    if mode == "diff":
        before, current = (pickle.loads(Path(p).read_bytes()) for p in (store, rest[0]))
    else:
        current = run(rest)
        if mode == "record":
            Path(store).write_bytes(pickle.dumps(current))
            print(f"recorded {len(current)} files -> {store}")
            return 0
        before = pickle.loads(Path(store).read_bytes())
    lines = differences(before, current)
    print("\n".join(lines))
    differ = sum(line.startswith("DIFF") for line in lines)
    for fmt, (files, figures) in sorted(per_format(current).items()):
        print(f"  {fmt}: {files} files, {figures} figures")
    print(f"compared {len(current)} files ({len(before)} recorded): {differ} differ")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
