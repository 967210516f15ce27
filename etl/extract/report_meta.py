"""Who, where, when: organ, region, year, publication date. (Minimal; see issue 4.)"""
from __future__ import annotations

import re

from etl.model import Document, ReportMeta

_TITLE = re.compile(r"^(?P<organ>.{2,40}?)\s*(?P<year>(?:19|20)\d{2})\s*年度?\s*(?:政府信息公开|政务公开).*?(?:年度)?报告")


def extract_meta(doc: Document) -> ReportMeta:
    meta = ReportMeta()
    for block in doc.lines()[:40]:
        m = _TITLE.search(block.text.replace(" ", ""))
        if m:
            meta.bureau_name = m.group("organ")
            meta.year = int(m.group("year"))
            meta.title = block.text.strip()
            break
    return meta
