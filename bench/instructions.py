"""Instructions per file (valgrind), ours against the format's floor: a speed figure that the
machine's load does not move.

Timings on a shared virtual machine move by a quarter from one minute to the next; the number
of instructions a file costs moves by well under 1 %. That makes this the measure to compare two
versions of the code with (a change of 2 % shows), while bench/run.py gives the real rates.

    .venv/bin/python bench/instructions.py                          # html, 2021 template
    .venv/bin/python bench/instructions.py --format html txt --template pre2019 t2021 --write-docs
    .venv/bin/python bench/instructions.py --format docx pdf --stage read   # the reader alone

Each figure runs the same script twice under `valgrind --tool=cachegrind --cache-sim=no`: once
with only the warm-up files (imports, caches, compiled patterns) and once with the warm-up plus
N measured files; the difference divided by N is the cost of one file. Needs valgrind
(`apt-get install -y valgrind`); it is not part of `make test`. Each valgrind run takes 20-60 s
(PDF longer); four per format × template, as many at a time as there are cores.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.corpus_truth import corpus_files  # noqa: E402
from bench.run import FLOORS, code_commit, machine, replace_block  # noqa: E402

FORMATS = ("txt", "md", "html", "docx", "pdf")
TEMPLATES = ("pre2019", "t2019", "t2021")
_I_REFS = re.compile(r"I\s+refs:\s+([\d,]+)")


def _child(what: str, fmt: str, paths: list[str]) -> None:
    """Run inside valgrind: extract (or only read, or read with the floor) each file once."""
    files = [(p, Path(p).read_bytes()) for p in paths]
    if what == "ours":
        from etl.pipeline import extract_file

        for path, data in files:
            extract_file(path, data)
    elif what == "read":
        from etl.read import read_document

        for path, data in files:
            document = read_document(path, data)
            if document.geometry is not None:
                document.geometry.close()
    else:
        floor = FLOORS[fmt][1]
        for _, data in files:
            floor(data)


def _instructions(what: str, fmt: str, paths: list[Path]) -> int:
    return valgrind_instructions([str(Path(__file__).resolve()), "--child", what, "--format", fmt, "--",
                                  *map(str, paths)])


def valgrind_instructions(script_args: list[str], cwd: Path = ROOT, env: dict | None = None) -> int:
    """The instructions a Python run of `script_args` executes, counted by valgrind."""
    cmd = ["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
           sys.executable, *script_args]
    proc = subprocess.run(cmd, capture_output=True, text=True, cwd=cwd, env=env)
    m = _I_REFS.search(proc.stderr)
    if proc.returncode != 0 or not m:
        raise SystemExit(f"valgrind run failed ({proc.returncode}):\n{proc.stderr[-2000:]}")
    return int(m.group(1).replace(",", ""))


def measure(pool: ThreadPoolExecutor, corpus: Path, fmt: str, template: str, files: int, warmup: int,
            ours: str = "ours") -> dict | None:
    """Instructions one measured file costs, ours (`ours`: the whole extraction; `read`: the
    reader alone) and the floor's (the warm-up run subtracted)."""
    paths = corpus_files(corpus, fmt, template, warmup + files)
    if len(paths) < warmup + 2:
        return None  # too few files of this kind in the corpus
    warm = paths[:warmup]
    runs = {(what, n): pool.submit(_instructions, what, fmt, paths[:n])
            for what in (ours, "floor") for n in (warmup, len(paths))}
    ours, floor = ((runs[what, len(paths)].result() - runs[what, warmup].result()) / (len(paths) - len(warm))
                   for what in (ours, "floor"))
    return {"format": fmt, "template": template, "files": len(paths) - len(warm), "ours_minstr": ours / 1e6,
            "floor": FLOORS[fmt][0], "floor_minstr": floor / 1e6, "ratio_to_floor": ours / floor}


def markdown(rows: list[dict], corpus: Path, command: str, commit: str, ours: str = "ours") -> str:
    m = machine()
    lines = [f"Command: `{command}`  ",
             f"Corpus: `{corpus.relative_to(ROOT) if corpus.is_relative_to(ROOT) else corpus}`; code at commit "
             f"{commit}; Python {m['python']}", "",
             f"| format | template | files | {ours}: M instructions/file | floor | floor: M instructions/file "
             "| ours ÷ floor |", "| --- | --- | ---: | ---: | --- | ---: | ---: |"]
    for r in rows:
        lines.append(f"| {r['format']} | {r['template']} | {r['files']} | {r['ours_minstr']:.1f} | {r['floor']} "
                     f"| {r['floor_minstr']:.2f} | {r['ratio_to_floor']:.1f}× |")
    return "\n".join(lines) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=ROOT / "bench" / "out" / "corpus-10000-0",
                    help="a corpus written by bench/run.py or `xxgk demo-corpus` (reports/ and truth/)")
    ap.add_argument("--format", choices=FORMATS, nargs="+", default=["html"])
    ap.add_argument("--template", choices=TEMPLATES, nargs="+", default=["t2021"])
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="valgrind runs at a time")
    ap.add_argument("--files", type=int, default=40, help="measured files per figure")
    ap.add_argument("--warmup", type=int, default=20, help="files run before the measured ones")
    ap.add_argument("--stage", choices=("extract", "read"), default="extract",
                    help="what `ours` runs: the whole extraction (extract_file), or the reader alone")
    ap.add_argument("--write-docs", action="store_true", help="record the results in docs/benchmarks.md")
    ap.add_argument("--child", choices=("ours", "read", "floor"), help=argparse.SUPPRESS)
    ap.add_argument("paths", nargs="*", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        _child(args.child, args.format[0], args.paths)
        return
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed (apt-get install -y valgrind)")
    if not (args.corpus / "truth").is_dir():
        raise SystemExit(f"{args.corpus} is not a generated corpus (no truth/ folder): run bench/run.py first")
    commit = code_commit()  # before the runs: the code they import
    with ThreadPoolExecutor(args.jobs) as pool:
        ours = "ours" if args.stage == "extract" else "read"
        rows = [r for f in args.format for t in args.template
                if (r := measure(pool, args.corpus, f, t, args.files, args.warmup, ours))]
    command = "python bench/instructions.py " + " ".join(sys.argv[1:])
    text = markdown(rows, args.corpus, command, commit, "ours" if args.stage == "extract" else "reader")
    print(text)
    if args.write_docs:
        block = "instructions" if args.stage == "extract" else "instructions-read"
        replace_block(ROOT / "docs" / "benchmarks.md", block, text)


if __name__ == "__main__":
    main()
