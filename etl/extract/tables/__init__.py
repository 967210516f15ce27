"""Standard-table extraction (表二, 表三, 表四), one extractor per table kind. (See issue 3.)"""
from __future__ import annotations

from etl.model import Document, Figure


def extract_tables(doc: Document, template: str | None) -> tuple[list[Figure], list[str]]:
    """Figures of the standard tables and the problems that make the report partial."""
    return [], []
