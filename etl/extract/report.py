"""The whole extraction of one document: metadata, template, tables, prose. Checks are the
pipeline's next step (etl.validate), not extraction's."""
from __future__ import annotations

from etl.extract.organ_letter import organ_problems
from etl.extract.prose import extract_prose
from etl.extract.prose_where import locate_prose_figures
from etl.extract.report_meta import extract_meta
from etl.extract.tables import extract_tables
from etl.extract.shingles import sample_shingles
from etl.extract.template import detect_template
from etl.model import Document, Extraction


def extract_report(doc: Document) -> Extraction:
    meta = extract_meta(doc)
    meta.template = detect_template(doc)
    figures, problems = extract_tables(doc, meta.template)
    figures += extract_prose(doc, meta)
    locate_prose_figures(figures, doc)  # (issue 22: where each prose figure was printed)
    extraction = Extraction(meta, figures, [], list(problems) + organ_problems(doc, meta))
    extraction.shingles = sample_shingles(doc, meta.bureau_name)
    return extraction
