"""Figures stated in running text (text.* metrics). (See issue 4.)"""
from __future__ import annotations

from etl.model import Document, Figure, ReportMeta


def extract_prose(doc: Document, meta: ReportMeta) -> list[Figure]:
    return []
