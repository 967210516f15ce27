"""Scanned tables WITHOUT ruling lines (issue 18), graded cell by cell against the generator's
truth: a borderless 2021 report, a 2019 report whose tables have only a top and a bottom rule
(Word's plain-table style) and a 2021 report whose lines are too faint to survive binarisation,
with a red seal over its 表三 (etl/demo/render_scan.lineless_report). Wrong cells must be none;
a value whose column the geometry cannot tell is NULL with a reason, never moved to a neighbour.

Kept to three scanned reports and one page-level check: OCR costs seconds a page on one core.
"""
from __future__ import annotations

import io

import numpy as np
import pytest

from etl.demo.render_scan import ScanStyle, lineless_report, scan_pages, scanned_images, scanned_pdf
from etl.demo.scan_grading import grade_cells
from etl.model import UNREADABLE_CELL
from etl.pipeline import extract_file
from etl.read import read_document
from test_ocr_scans import _grade  # right ≥ a share, none wrong or missing, every NULL named in checks

pytestmark = pytest.mark.slow


def test_borderless_2021_pdf_150dpi():
    data, truth = lineless_report("t2021", "none")
    scan = scanned_pdf(data, ScanStyle(dpi=150, skew=0.8, noise=6, blur=0.5, jpeg_quality=80), seed=1)
    result = extract_file("borderless_2021.pdf", scan)
    assert (result.report["read_method"], result.report["template"]) == ("ocr", "t2021")
    _grade(result, truth, 0.98)


def test_plain_table_2019_tiff_200dpi():
    """Only the tables' top and bottom rules: no grid, and the two rules are not a table."""
    data, truth = lineless_report("t2019", "plain")
    tiff, = scanned_images(data, ScanStyle(dpi=200, skew=-0.7, noise=6, blur=0.4), "tiff", seed=2)
    result = extract_file("plain_2019.tiff", tiff)
    assert (result.report["read_method"], result.report["template"]) == ("ocr", "t2019")
    _grade(result, truth, 0.98)


def test_faint_lines_2021_pdf_200dpi_with_a_seal_over_the_table():
    """Lines too faint to binarise, and a red seal over 表三's body (page 2)."""
    data, truth = lineless_report("t2021", "faint")
    style = ScanStyle(dpi=200, skew=-1.0, noise=8, blur=0.6, jpeg_quality=75, stamp_page=2)
    scan = scanned_pdf(data, style, seed=3)
    result = extract_file("faint_2021.pdf", scan)
    _grade(result, truth, 0.98)


def test_a_value_over_a_column_boundary_is_null_not_shifted():
    """One value of a borderless 表三 moved half a column to the right, over the boundary of
    its column and the next: OCR reads no value there (the cell is UNREADABLE in the table),
    and what the report stores for it is given back by the table's identities (`derived`,
    named in a t3.ocr_derived check, etl/validate/ocr_derive.py) or NULL; no cell of the
    report is wrong, none moves to the next column."""
    from etl.read import ocr_grid, ocr_lineless

    data, truth = lineless_report("t2021", "none")
    pages = [np.asarray(p) for p in scan_pages(data, ScanStyle(dpi=150, noise=4), seed=4)]
    page = pages[1].copy()  # 表三's body
    table = ocr_lineless.find_tables(ocr_grid.binarise(page), [])[0]
    row = next(r for r in range(1, table.grid.n_rows)
               if not ocr_grid.is_blank(ocr_grid.cell_ink(ocr_grid.binarise(page), _cell(table, r, 2).box)[0]))
    x0, y0, x1, y1 = _cell(table, row, 2).box
    shift = (x1 - x0) // 2
    moved = page[y0:y1, x0:x1].copy()
    page[y0:y1, x0:x1] = 255
    target = page[y0:y1, x0 + shift:x1 + shift]
    page[y0:y1, x0 + shift:x1 + shift] = np.minimum(target, moved[:, :target.shape[1]])
    pages[1] = page
    from PIL import Image

    buf = io.BytesIO()
    frames = [Image.fromarray(p) for p in pages]
    frames[0].save(buf, "TIFF", save_all=True, append_images=frames[1:], compression="tiff_deflate")
    result = extract_file("straddle_2021.tiff", buf.getvalue())
    counts, wrong = grade_cells(result.figures, truth)
    assert wrong == [], "\n".join(wrong)
    straddled = [r for t in read_document("straddle_2021.tiff", buf.getvalue()).tables for r in t.rows
                 if UNREADABLE_CELL in r]
    assert straddled, "the straddling value was read as a number of one of its cells"
    given_back = {(f["metric"], f["dimension"]) for f in result.figures
                  if f["source_kind"] == "derived" and f["page"] == 2}
    unreadable = {(f["metric"], f["dimension"]) for f in result.figures
                  if f["value_kind"] == "unreadable" and f["page"] == 2}
    assert given_back | unreadable, counts
    named = {(c["metric"], c["dimension"]) for c in result.checks if c["rule"] == "t3.ocr_derived"}
    assert given_back <= named
    named = {(c["metric"], c["dimension"]) for c in result.checks if c["rule"] == "ocr.unreadable"}
    assert unreadable <= named
    assert counts["missing"] == 0 and counts["right"] + counts["null"] == sum(counts.values()), counts


def _cell(table, row: int, col: int):
    return next(c for c in table.grid.cells if c.row == row and c.col == col)
