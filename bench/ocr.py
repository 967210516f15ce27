"""Benchmark the OCR path: CPU seconds per scanned page on one core, at 150 and 300 dpi, next to
the raw engine floor on the same page images in the same run, and cells right / NULL / wrong
against the generator's truth.

    .venv/bin/python bench/ocr.py            # prints a Markdown table (paste into docs/benchmarks.md)
    .venv/bin/python bench/ocr.py --quick    # one pre-2019 report at 150 dpi (make test's smoke run)

Then the engines side by side (`etl.read.ocr_engine.ENGINES`, chosen by $XXGK_OCR_ENGINE): each
reads the same cell line images (those of the 2021 表三 page, cut by the default engine's run)
the way the pipeline reads cells, timed, and reads the 150-dpi scans whole, graded cell by cell.

The floor is RapidOCR's own whole-page call (detector, angle classifier, recogniser, its
defaults, one thread) on the page image: what any use of the engine must pay. Ours is the
whole `extract_file` of the scanned report (render, deskew, grid, recognition of the cells and
lines, extraction, validation) divided by its pages. CPU time of this process (`process_time`;
onnxruntime runs on one thread), so the machine's other load does not count.
"""
from __future__ import annotations

import io
import os
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from etl.demo.generator import plan_corpus, render_report  # noqa: E402
from etl.demo.render_scan import ScanStyle, scan_pages, scanned_images, scanned_pdf  # noqa: E402
from etl.demo.scan_grading import grade_cells  # noqa: E402
from etl.pipeline import extract_file  # noqa: E402
from etl.read import ocr_engine  # noqa: E402

TEMPLATES = ("t2021", "t2019", "pre2019")


def _reports(templates=TEMPLATES):
    out = {}
    for r in plan_corpus(60, 7):
        t = r.fig.template
        if r.fmt == "pdf" and not r.scanned and t not in out and t in templates and not r.quirks.planted:
            out[t] = render_report(r, 7)
    return [out[t] for t in templates if t in out]


def _cpu(fn):
    t = time.process_time()
    result = fn()
    return time.process_time() - t, result


def _floor(images) -> float:
    eng = ocr_engine._engine()
    total = 0.0
    for img in images:
        bgr = np.ascontiguousarray(np.asarray(img.convert("RGB"))[..., ::-1])
        total += _cpu(lambda: eng(bgr))[0]
    return total


def run(templates=TEMPLATES, scans=((150, "pdf"), (300, "png"))) -> list[dict]:
    os.environ.pop("XXGK_OCR_CACHE", None)  # every page read, none served from a cache
    ocr_engine._engine()  # loaded once per worker, not counted per page
    rows = []
    for dpi, container in scans:
        style = ScanStyle(dpi=dpi, skew=0.9, noise=6, blur=0.4, jpeg_quality=80)
        ours = floor = 0.0
        n_pages = 0
        counts: Counter = Counter()
        table_pages = table_cpu = 0.0
        for k, (data, truth) in enumerate(_reports(templates)):
            pages = scan_pages(data, style, seed=k)
            n_pages += len(pages)
            floor += _floor(pages)
            if container == "pdf":
                files = [(f"r{k}.pdf", scanned_pdf(data, style, seed=k))]
            else:
                files = [(f"r{k}_p{i + 1}.png", b) for i, b in enumerate(scanned_images(data, style, "png", seed=k))]
            for name, blob in files:
                cpu, result = _cpu(lambda: extract_file(name, blob))
                ours += cpu
                if container == "pdf":
                    counts += grade_cells(result.figures, truth)[0]
            if container == "pdf" and truth["template"] != "pre2019":
                # the table-only page: the pages whose every line is in a table (page 2 of these reports)
                from etl.read.ocr import read_page
                img = np.ascontiguousarray(np.asarray(pages[1].convert("RGB"))[..., ::-1])
                table_cpu += _cpu(lambda: read_page(img, 2))[0]
                table_pages += 1
        rows.append({"dpi": dpi, "container": container, "pages": n_pages, "ours": ours / n_pages,
                     "floor": floor / n_pages, "table_page": table_cpu / table_pages if table_pages else None,
                     "cells": dict(counts)})
    return rows


def _cell_images(page_image) -> list:
    """The line images of the table cells of one page, as the pipeline cuts them."""
    from etl.read import ocr

    caught: list = []
    recognise = ocr._recognise_cells

    def spy(images):
        caught.extend(images)
        return recognise(images)

    ocr._recognise_cells = spy
    try:
        ocr.read_page(page_image, 2)
    finally:
        ocr._recognise_cells = recognise
    return caught


def compare_engines(engines=None, templates=TEMPLATES) -> list[dict]:
    """Per engine: CPU s to read the cells of a 2021 表三 page (the same images for every engine),
    and the 150-dpi scans' table cells right / NULL / wrong."""
    from etl.read import ocr

    engines = engines or list(ocr_engine.ENGINES)
    style = ScanStyle(dpi=150, skew=0.9, noise=6, blur=0.4, jpeg_quality=80)
    reports = _reports(templates)
    table_page = next((scan_pages(data, style, seed=k)[1] for k, (data, truth) in enumerate(reports)
                       if truth["template"] == "t2021"), None)
    images = _cell_images(np.ascontiguousarray(np.asarray(table_page.convert("RGB"))[..., ::-1])) if table_page else []
    default = os.environ.get(ocr_engine.ENV)
    rows = []
    try:
        for name in engines:
            os.environ[ocr_engine.ENV] = name
            ocr_engine._engine()  # loading is paid once per worker, not per page
            ocr._recognise_cells(images[:6])  # first-call warm-up of the session
            cells_cpu = _cpu(lambda: ocr._recognise_cells(images))[0] if images else None
            counts: Counter = Counter()
            cpu = 0.0
            for k, (data, truth) in enumerate(reports):
                t, result = _cpu(lambda: extract_file(f"r{k}.pdf", scanned_pdf(data, style, seed=k)))
                cpu += t
                counts += grade_cells(result.figures, truth)[0]
            rows.append({"engine": name, "version": ocr_engine.engine_version(name), "cells": len(images),
                         "cells_cpu": cells_cpu, "scan_cpu": cpu, "graded": dict(counts)})
    finally:
        if default is None:
            os.environ.pop(ocr_engine.ENV, None)
        else:
            os.environ[ocr_engine.ENV] = default
    return rows


def main() -> None:
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    load = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    # --quick: one pre-2019 report at 150 dpi, the smoke run of make test (the script still runs whole)
    rows = run(("pre2019",), ((150, "pdf"),)) if "--quick" in sys.argv[1:] else run()
    print(f"commit {head}; load average (1/5/15 min) before the run {load}; {ocr_engine.engine_version()}\n")
    print("| scan | pages | ours: CPU s/page | raw engine floor: CPU s/page | ours ÷ floor | "
          "a 2021 表三 page (grid + cells) CPU s | table cells right / NULL / wrong |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for r in rows:
        c = r["cells"]
        cells = f"{c.get('right', 0)} / {c.get('null', 0)} / {c.get('wrong', 0)}" if c else "(not graded)"
        table = f"{r['table_page']:.2f}" if r["table_page"] is not None else "-"
        print(f"| {r['dpi']} dpi {r['container']} | {r['pages']} | {r['ours']:.2f} | {r['floor']:.2f} | "
              f"{r['ours'] / r['floor']:.2f} | {table} | {cells} |")
    quick = "--quick" in sys.argv[1:]
    engines = compare_engines([ocr_engine.engine_name()], ("t2021",)) if quick else compare_engines(templates=("t2021", "t2019"))
    print("\n| engine | models | cells of a 2021 表三 page: CPU s (cells) | 150-dpi scans read whole: CPU s | "
          "table cells right / NULL / wrong |")
    print("| --- | --- | --- | --- | --- |")
    for e in engines:
        g = e["graded"]
        cells = "-" if e["cells_cpu"] is None else f"{e['cells_cpu']:.2f} ({e['cells']})"
        print(f"| {e['engine']} | {e['version']} | {cells} | {e['scan_cpu']:.2f} | "
              f"{g.get('right', 0)} / {g.get('null', 0)} / {g.get('wrong', 0)} |")


if __name__ == "__main__":
    main()
