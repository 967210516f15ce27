"""Validation: template identities per report, prose versus table, and cross-year checks
over the warehouse (etl.validate.cross_year, run at build time)."""
from __future__ import annotations

from etl.model import Check, Extraction
from etl.validate.identities import check_identities
from etl.validate.prose_vs_table import check_prose_vs_table
from etl.validate.split_candidates import split_candidate_checks


def validate_extraction(extraction: Extraction) -> list[Check]:
    """Checks that need only this report."""
    return (check_identities(extraction) + check_prose_vs_table(extraction)
            + split_candidate_checks(extraction.figures))
