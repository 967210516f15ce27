"""Prose figures against the table cells they restate (like with like only). (See issue 4.)"""
from __future__ import annotations

from etl.model import Check, Extraction


def check_prose_vs_table(extraction: Extraction) -> list[Check]:
    return []
