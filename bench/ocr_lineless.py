"""Benchmark tables without ruling lines in scans (issue 18): the same generated reports with
their tables ruled (`grid`, the floor of this run), borderless (`none`), with only a top and a
bottom rule (`plain`) and with lines too faint to binarise (`faint`), scanned alike; CPU
seconds per page and for the 表三 page alone, and table cells right / NULL / wrong against the
generator's truth.

    .venv/bin/python bench/ocr_lineless.py           # prints a Markdown table (docs/benchmarks.md)
    .venv/bin/python bench/ocr_lineless.py --quick   # one borderless 2021 report
    .venv/bin/python bench/ocr_lineless.py --all     # both templates × 4 rulings × 2 scan styles

The ruled scan of the same report in the same run is the floor: a lineless page costs what
the ruled path costs plus finding the grid from the ink, and reads the same cells. CPU time
of this process (`process_time`; onnxruntime runs on one thread).
"""
from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from etl.demo.render_scan import ScanStyle, lineless_report, scan_pages, scanned_pdf  # noqa: E402
from etl.demo.scan_grading import grade_cells  # noqa: E402
from etl.pipeline import extract_file  # noqa: E402
from etl.read import ocr_engine  # noqa: E402

LIGHT = ScanStyle(dpi=150, skew=0.9, noise=6, blur=0.4, jpeg_quality=80)
HEAVY = ScanStyle(dpi=200, skew=-1.2, noise=10, blur=0.7, jpeg_quality=65, stamp_page=2)
# (template, rules, scan style, time the 表三 page alone); --all: every template × rules × style
RUNS = [("t2021", "grid", LIGHT, True), ("t2021", "none", LIGHT, True), ("t2021", "plain", LIGHT, False),
        ("t2021", "faint", LIGHT, False), ("t2019", "none", LIGHT, False), ("t2019", "plain", LIGHT, False),
        ("t2021", "none", HEAVY, False)]
ALL = [(t, rules, style, rules in ("grid", "none")) for style in (LIGHT, HEAVY) for t in ("t2021", "t2019")
       for rules in ("grid", "none", "plain", "faint")]


def _cpu(fn):
    t = time.process_time()
    result = fn()
    return time.process_time() - t, result


def run(runs=RUNS) -> list[dict]:
    from etl.read.ocr import read_page

    ocr_engine._engine()  # loaded once per worker, not counted per page
    rows = []
    for k, (template, rules, style, time_table_page) in enumerate(runs):
        data, truth = lineless_report(template, rules)
        scan = scanned_pdf(data, style, seed=k)
        cpu, result = _cpu(lambda: extract_file(f"{template}_{rules}.pdf", scan))
        counts, wrong = grade_cells(result.figures, truth)
        table_cpu = None
        if time_table_page:
            page = scan_pages(data, style, seed=k)[1]  # 表三's body
            img = np.ascontiguousarray(np.asarray(page.convert("RGB"))[..., ::-1])
            table_cpu, _ = _cpu(lambda: read_page(img, 2))
        rows.append({"template": template, "rules": rules, "style": style, "pages": result.report["page_count"],
                     "cpu": cpu, "table_page": table_cpu, "cells": counts, "wrong": wrong})
    return rows


def main() -> None:
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    load = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    args = sys.argv[1:]
    rows = run([("t2021", "none", LIGHT, True)] if "--quick" in args else ALL if "--all" in args else RUNS)
    print(f"commit {head}; load average (1/5/15 min) before the run {load}; {ocr_engine.engine_version()}\n")
    print("| report | tables | scan | CPU s/page | 表三 page CPU s | table cells right / NULL / wrong |")
    print("| --- | --- | --- | --- | --- | --- |")
    for r in rows:
        s, c = r["style"], r["cells"]
        table = "-" if r["table_page"] is None else f"{r['table_page']:.2f}"
        scan = f"{s.dpi} dpi, skew {s.skew}°, noise {s.noise:g}, JPEG {s.jpeg_quality}" + (", seal" if s.stamp_page else "")
        print(f"| {r['template']} | {r['rules']} | {scan} | {r['cpu'] / r['pages']:.2f} | {table} | "
              f"{c.get('right', 0)} / {c.get('null', 0)} / {c.get('wrong', 0)} |")
    for r in rows:
        for w in r["wrong"]:
            print(f"wrong ({r['template']}, {r['rules']}): {w}", file=sys.stderr)


if __name__ == "__main__":
    main()
