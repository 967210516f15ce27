"""Template detection from the column labels (formats.md §4), never from the year.

Each label map in etl/metadata/templates/ lists the labels only its template prints
(`markers`). A document whose markers point to exactly one template has that template; one
with markers of several, or with the standard tables but no marker, gets None (the report
is then `partial`, see etl.extract.tables); one without the standard tables is pre2019.
"""
from __future__ import annotations

from functools import lru_cache

from etl.extract.line_memo import LineMemo
from etl.extract.normalize import label_key
from etl.metadata.label_maps import label_map, template_names
from etl.model import Document

# labels of 表三 that every template version prints
TABLE_MARKERS = ("本年新收政府信息公开申请数量", "本年度办理结果", "结转下年度继续办理")
PRE_TABLE_TEMPLATE = "pre2019"


def templates_marked(doc: Document) -> list[str]:
    """The templates whose marker labels the document prints."""
    return _templates_marked_in(document_key(doc.text))


def document_key(text: str) -> str:
    """label_key(text), a line at a time. No step of label_key looks across a line break
    (width, NFKC and quotes map one character at a time, whitespace goes, and no word zhconv
    converts holds one), so the key of the text is the keys of its lines joined. Most lines
    repeat from report to report (the labels of the standard tables, the template's stock
    sentences): their keys are kept, and the lines not seen before are keyed together in one
    label_key call, joined by a noncharacter that every step keeps as it is (and no text holds;
    when one does, its lines are keyed one by one). The whole text's zhconv test, which no cache
    could serve, was ~0.12 of the 0.14 ms this took a 2021 txt report."""
    lines = text.split("\n")
    keys: dict[str, str] = {}  # (this text's lines' keys: the shared table may be emptied meanwhile)
    new: list[str] = []
    for line in dict.fromkeys(lines):
        key = _LINE_KEYS.get(line)
        if key is None:
            new.append(line)
        else:
            keys[line] = key
    if new:
        joined = _LINE_SEPARATOR.join(new)
        fresh = label_key(joined).split(_LINE_SEPARATOR) if joined.count(_LINE_SEPARATOR) == len(new) - 1 else []
        if len(fresh) != len(new):
            fresh = [label_key(line) for line in new]
        for line, key in zip(new, fresh):
            keys[line] = key
            _LINE_KEYS.keep(line, key)
    return "".join([keys[line] for line in lines])


_LINE_KEYS: LineMemo[str] = LineMemo()  # line → its label_key
_LINE_SEPARATOR = "\ufdd0"


@lru_cache(maxsize=4096)
def _marker_key(marker: str) -> str:
    return label_key(marker)


def _templates_marked_in(text: str) -> list[str]:
    """`text` is the document's label_key, computed once: it is the expensive part."""
    return [name for name in template_names()
            if any(_marker_key(m) in text for m in label_map(name).markers)]


def detect_template(doc: Document) -> str | None:
    text = document_key(doc.text)
    marked = _templates_marked_in(text)
    if len(marked) == 1:
        return marked[0]
    if marked or any(_marker_key(m) in text for m in TABLE_MARKERS):
        return None  # the standard tables are there but their variant cannot be told
    return PRE_TABLE_TEMPLATE
