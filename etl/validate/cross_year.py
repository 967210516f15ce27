"""Checks across years of the same bureau (run over the whole warehouse at build time)."""
from __future__ import annotations


def cross_year_checks(reports: list[dict], figures: list[dict]) -> list[dict]:
    """Check rows comparing each preferred report with the same bureau's previous year."""
    return []
