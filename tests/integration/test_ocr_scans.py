"""The OCR path end to end, graded cell by cell: generated reports scanned by the demo
generator (etl/demo/render_scan.py: skew, noise, blur, JPEG, a red seal over the table, a page
turned sideways), and the real PDFs of the shared corpus rasterised here with pypdfium2 (their
text layer thrown away) against their hand-read values. Wrong cells must be none; a cell OCR
cannot vouch for is NULL with a reason (`unreadable`, and an `ocr.unreadable` check naming it).

Kept to a few pages: OCR costs seconds a page on one core.
"""
from __future__ import annotations

import io
import json
import zipfile

import pytest

from etl.demo.generator import plan_corpus, render_report
from etl.demo.render_scan import ScanStyle, scanned_images, scanned_pdf
from etl.demo.scan_grading import grade_cells
from etl.pipeline import extract_file

pytestmark = pytest.mark.slow


def _planned(template: str):
    """A generated PDF report of `template` with no planted identity failure (those null the
    cells the failure involves, by design: graded separately below)."""
    for r in plan_corpus(60, 7):
        if (r.fmt == "pdf" and not r.scanned and r.fig.template == template and not r.quirks.planted):
            return render_report(r, 7)
    raise AssertionError(f"the generator planned no clean {template} PDF")


def _grade(result, truth, min_right: float):
    counts, wrong = grade_cells(result.figures, truth)
    total = sum(counts.values())
    assert wrong == [], "\n".join(wrong)
    assert counts["missing"] == 0, counts
    assert counts["right"] >= min_right * total, counts
    # every NULL cell is named in checks with its page
    unreadable = [f for f in result.figures if f["value_kind"] == "unreadable"]
    named = {(c["metric"], c["dimension"]) for c in result.checks if c["rule"] == "ocr.unreadable"}
    assert {(f["metric"], f["dimension"]) for f in unreadable} <= named
    return counts


def test_scanned_2021_pdf_with_seal_skew_and_jpeg(generated_scans):
    data, truth = generated_scans["t2021"]
    scan = scanned_pdf(data, ScanStyle(dpi=200, skew=1.2, noise=8, blur=0.6, jpeg_quality=70, stamp_page=2), seed=1)
    result = extract_file("scan_2021.pdf", scan)
    r = result.report
    assert (r["read_method"], r["bureau_name"], r["year"], r["template"]) == (
        "ocr", truth["bureau_name"], truth["year"], "t2021")
    _grade(result, truth, 0.95)
    confidences = [f["ocr_confidence"] for f in result.figures if f["value"] is not None]
    assert confidences and all(c is not None and 0 < c <= 1 for c in confidences)


def test_a_photo_lit_unevenly_reads_as_a_scan(generated_scans):
    """A phone photo of the pages: the paper darkens to half its brightness towards one side,
    and the seal over 表三 with it. Otsu's one threshold for the page read 30 % of such cells,
    one of them wrong (round 15); the light is evened out first (ocr_grid.even_light)."""
    data, truth = generated_scans["t2021"]
    style = ScanStyle(dpi=150, skew=-0.9, noise=6, blur=0.5, jpeg_quality=75, shade=0.5, stamp_page=2)
    result = extract_file("photo_2021.pdf", scanned_pdf(data, style, seed=4))
    assert result.report["read_method"] == "ocr"
    _grade(result, truth, 0.95)


def test_a_photo_taken_at_a_slant_reads_as_a_scan(generated_scans):
    """A phone tilted over the pages: each page's top 8 % narrower than its bottom, so the
    tables' vertical rules lean towards each other and no turn makes them upright. Unmended, a
    quarter of such cells came out NULL and some missing (round 15); the page is warped back to
    a rectangle first (ocr_grid.keystone)."""
    data, truth = generated_scans["t2021"]
    style = ScanStyle(dpi=150, skew=0.5, noise=6, blur=0.5, jpeg_quality=75, shade=0.3, keystone=0.04)
    result = extract_file("slanted_2021.pdf", scanned_pdf(data, style, seed=5))
    _grade(result, truth, 0.9)


def test_scanned_2019_tiff_with_a_page_turned_sideways(generated_scans):
    data, truth = generated_scans["t2019"]
    tiff, = scanned_images(data, ScanStyle(dpi=150, skew=-0.8, noise=6, turned_page=2, turn=90), "tiff", seed=2)
    result = extract_file("scan_2019.tiff", tiff)
    assert result.report["read_method"] == "ocr" and result.report["file_format"] == "image"
    _grade(result, truth, 0.95)


def test_pre2019_photo_upside_down(generated_scans):
    """Prose era: the totals stated in the text are read from the photos, page 1 upside down."""
    from etl.demo.grading import _expected_figures

    data, truth = generated_scans["pre2019"]
    pages = scanned_images(data, ScanStyle(dpi=150, noise=5, turned_page=1, turn=180), "jpg", seed=3)
    doc_result = extract_file("p1.jpg", pages[0])
    assert doc_result.report["read_method"] == "ocr"
    assert doc_result.report["bureau_name"] == truth["bureau_name"]
    expected = {k: v for k, v in _expected_figures(truth).items() if k[0].startswith("text.")}
    got = {(f["metric"], f["dimension"]): f["value"] for f in doc_result.figures}
    read = [k for k in expected if k in got]
    assert read, "no prose figure read from the photo"
    assert all(got[k] == expected[k] for k in read), {k: (got[k], expected[k]) for k in read}


@pytest.fixture(scope="module")
def generated_scans():
    return {t: _planned(t) for t in ("t2021", "t2019", "pre2019")}


# (corpus PDF, cells of its 200 hand-read ones that must come out right from the page images:
# the issue's 98 %; measured 200 and 198 — 003's two NULL cells are `11` printed faint and
# half-height at the top of a page, refused under DIGIT_CONFIDENCE)
CORPUS_SCANS = [("001_huaian_hongzequ_2023", 196), ("003_huaian_shi_2024", 196)]


@pytest.mark.parametrize("name,floor", CORPUS_SCANS, ids=[c[0] for c in CORPUS_SCANS])
def test_real_pdf_rasterised_reads_its_hand_read_values(shared_corpus, name, floor):
    """The real report's pages as 150-dpi greyscale images in an image-only PDF: the OCR path
    gives the hand-read values of shared/corpus/truth, none wrong."""
    import pypdfium2 as pdfium

    from etl.extract.tables import extract_tables
    from etl.extract.template import detect_template
    from etl.read import read_document
    from test_golden_tables import score

    pdf = pdfium.PdfDocument((shared_corpus / f"{name}.pdf").read_bytes())
    pages = [pdf[i].render(scale=150 / 72).to_pil().convert("L") for i in range(len(pdf))]
    pdf.close()
    buf = io.BytesIO()
    pages[0].save(buf, "PDF", save_all=True, append_images=pages[1:], resolution=150.0)
    doc = read_document(f"{name}.pdf", buf.getvalue())
    assert doc.ocr_pages == list(range(1, len(pages) + 1))
    truth = json.loads((shared_corpus / "truth" / f"{name}.json").read_text(encoding="utf-8"))
    figures, _ = extract_tables(doc, detect_template(doc))
    right, wrong = score(truth["cells"], figures)
    assert wrong == [], "\n".join(wrong)
    assert right >= floor, f"{right}/{len(truth['cells'])} right"


def test_quarter_turns_sideways_portrait_back_and_keeps_a_landscape_page(generated_scans):
    import numpy as np
    import pypdfium2 as pdfium

    from etl.read.ocr import upright

    data, _ = generated_scans["t2021"]
    pdf = pdfium.PdfDocument(data)
    page = np.asarray(pdf[1].render(scale=150 / 72).to_pil().convert("L"))
    pdf.close()
    for k in (-1, 1):  # turned 90° clockwise, then counter-clockwise
        side = np.ascontiguousarray(np.rot90(page, k=k))
        back, _, _ = upright(side, np.zeros_like(side))
        assert back.shape == page.shape and np.abs(back.astype(int) - page.astype(int)).mean() < 1
    # a page printed landscape (its lines lie along the long side) is not turned
    land = np.full((page.shape[1], page.shape[0]), 255, np.uint8)
    land[100:-100, 200:200 + page.shape[1]] = page[300:300 + land.shape[0] - 200, :]
    kept, _, _ = upright(land, np.zeros_like(land))
    assert kept.shape == land.shape


def test_mixed_pdf_reads_only_its_scanned_pages_by_ocr(generated_scans):
    """Page 1 with its text layer, pages 2-3 replaced by their images: read_method `mixed`,
    OCR confidence only on the figures of the scanned pages."""
    import pypdfium2 as pdfium

    data, truth = generated_scans["t2021"]
    src = pdfium.PdfDocument(data)
    out = pdfium.PdfDocument.new()
    out.import_pages(src, [0])
    for i in range(1, len(src)):
        w, h = src[i].get_size()
        jpeg = io.BytesIO()
        src[i].render(scale=150 / 72).to_pil().convert("L").save(jpeg, "JPEG", quality=85)
        page = out.new_page(w, h)
        image = pdfium.PdfImage.new(out)
        image.load_jpeg(io.BytesIO(jpeg.getvalue()), inline=False)
        image.set_matrix(pdfium.PdfMatrix().scale(w, h))
        page.insert_obj(image)
        page.gen_content()
    buf = io.BytesIO()
    out.save(buf)
    result = extract_file("mixed.pdf", buf.getvalue())
    assert result.report["read_method"] == "mixed"
    _grade(result, truth, 0.95)
    by_page = {(f["page"], f["ocr_confidence"] is None) for f in result.figures}
    assert (1, True) in by_page and (2, False) in by_page
    assert not any(f["page"] == 1 and f["ocr_confidence"] is not None for f in result.figures)


def _third_clean_2019(seed: int):
    """The third clean 2019 PDF report of plan_corpus(400, seed): (pdf bytes, truth)."""
    clean = (r for r in plan_corpus(400, seed)
             if r.fmt == "pdf" and not r.scanned and r.fig.template == "t2019" and not r.quirks.planted)
    next(clean), next(clean)
    return render_report(next(clean), seed)


def test_a_seal_scanned_in_grey_gives_no_wrong_cell():
    """A 2019 report scanned in grey (150 dpi, noise 8, blur 0.6, JPEG 70) with a seal over
    表三: no red gives the seal away. At 854da1c two of its cells came out wrong, each a `0`
    the ring crossed: read `/` (not applicable) and `1₀` (10). The seal is now found by its
    ring (etl.read.ocr_grid.grey_seal_mask), its cells read as sealed ones, the tables found
    without its strokes; a stroke running out of its cell is no slash and a lowered digit no
    digit."""
    data, truth = _third_clean_2019(23)
    style = ScanStyle(dpi=150, skew=0.8, noise=8, blur=0.6, jpeg_quality=70, stamp_page=2, seal_in_colour=False)
    result = extract_file("grey_seal_2019.pdf", scanned_pdf(data, style, seed=2305))
    counts, wrong = grade_cells(result.figures, truth)
    assert wrong == [], "\n".join(wrong)
    # 198 of 198 since the vouched totals force the sealed block's zeros (ocr_derive), 174 before,
    # 161 at 854da1c
    assert counts["right"] >= 190, counts


def test_a_heavy_scan_with_a_seal_has_no_wrong_cell():
    """A 2019 report at 150 dpi with noise 14, blur 1.0, JPEG 45 and a seal over 表三. At
    56de38f four of its cells came out wrong, each read sure: `31` as `3` (two digits blurred
    into one blob, and the narrow reading took it), `-2` as `2` and `-1` as `4` (a faint minus
    left out), `74` as `4`. The two readings of the narrow pass, the sign in the ink and the
    page's digit width (etl.read.ocr) now leave each NULL or right. Its NULL cells and the rows
    whose labels the noise garbled (no `missing == 0` here) are the price of the noise."""
    data, truth = _third_clean_2019(11)
    style = ScanStyle(dpi=150, skew=-1.8, noise=14, blur=1.0, jpeg_quality=45, stamp_page=2)
    result = extract_file("heavy_2019.pdf", scanned_pdf(data, style, seed=1105))
    counts, wrong = grade_cells(result.figures, truth)
    assert wrong == [], "\n".join(wrong)
    assert counts["right"] >= 160, counts  # 168 of 198 at 56f94a4 and since, 129 when this test was written
