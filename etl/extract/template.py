"""Template detection from the column labels (formats.md §4), never from the year.

Each label map in etl/metadata/templates/ lists the labels only its template prints
(`markers`). A document whose markers point to exactly one template has that template; one
with markers of several, or with the standard tables but no marker, gets None (the report
is then `partial`, see etl.extract.tables); one without the standard tables is pre2019.
"""
from __future__ import annotations

from functools import lru_cache

from etl.extract.normalize import label_key
from etl.metadata.label_maps import label_map, template_names
from etl.model import Document

# labels of 表三 that every template version prints
TABLE_MARKERS = ("本年新收政府信息公开申请数量", "本年度办理结果", "结转下年度继续办理")
PRE_TABLE_TEMPLATE = "pre2019"


def templates_marked(doc: Document) -> list[str]:
    """The templates whose marker labels the document prints."""
    return _templates_marked_in(label_key(doc.text))


@lru_cache(maxsize=4096)
def _marker_key(marker: str) -> str:
    return label_key(marker)


def _templates_marked_in(text: str) -> list[str]:
    """`text` is the document's label_key, computed once: it is the expensive part."""
    return [name for name in template_names()
            if any(_marker_key(m) in text for m in label_map(name).markers)]


def detect_template(doc: Document) -> str | None:
    text = label_key(doc.text)
    marked = _templates_marked_in(text)
    if len(marked) == 1:
        return marked[0]
    if marked or any(_marker_key(m) in text for m in TABLE_MARKERS):
        return None  # the standard tables are there but their variant cannot be told
    return PRE_TABLE_TEMPLATE
