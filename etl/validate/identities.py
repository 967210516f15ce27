"""The template identities V1-V5 (formats.md §5). (See issue 3.)"""
from __future__ import annotations

from etl.model import Check, Extraction


def check_identities(extraction: Extraction) -> list[Check]:
    return []
