"""Trust in figures read by OCR (etl.read.ocr): the template identities must hold with them.

A cell OCR read with confidence can still be wrong (a 3 read as 8 at 0.99). The identities
V1-V5 catch most such misreadings: when one fails (or warns, resting on a blank) and cells it
involves were read by OCR, those cells become NULL with value_kind `unreadable` and the checks
are run again. Every unreadable cell gets an `ocr.unreadable` check naming it, so a reader of
`checks` sees which cells of which page to read by eye.
"""
from __future__ import annotations

from etl.model import UNREADABLE_CELL, Check, Document, Extraction, Figure

_IDENTITIES = ("t3.balance", "t3.row_sum", "t3.outcome_sum", "t4.group_sum", "nonnegative")
_TABLE_KINDS = ("table", "derived")


def _involved(check: Check, f: Figure) -> bool:
    """Is figure f one of the cells `check` adds up? (by the rule's shape: a row, a column, a group)"""
    if check.rule == "t3.row_sum":
        return f.metric == check.metric
    if check.rule in ("t3.balance", "t3.outcome_sum"):
        return f.metric.startswith("t3.") and f.dimension == check.dimension
    if check.rule == "t4.group_sum":
        return f.metric.rsplit(".", 1)[0] == (check.metric or "").rsplit(".", 1)[0]
    return f.value is not None and f.value < 0  # nonnegative


def apply_ocr_trust(extraction: Extraction, doc: Document) -> None:
    """Make OCR cells behind a failing identity unreadable, re-validate, and name every
    unreadable cell in `checks` (in place)."""
    from etl.validate import validate_extraction

    ocr_pages = set(doc.ocr_pages)
    if not ocr_pages:
        return
    failing = [c for c in extraction.checks if c.rule in _IDENTITIES and c.status in ("fail", "warn")]
    doubted: set[int] = set()
    for i, f in enumerate(extraction.figures):
        if (f.page in ocr_pages and f.source_kind in _TABLE_KINDS and f.value_kind in ("number", "blank")
                and any(_involved(c, f) for c in failing)):
            doubted.add(i)
    for i in doubted:
        f = extraction.figures[i]
        f.value, f.value_kind = None, "unreadable"
    if doubted:
        extraction.checks = validate_extraction(extraction)
    named = []
    for i, f in enumerate(extraction.figures):
        if f.value_kind != "unreadable":
            continue
        why = ("a template identity failed with the value OCR read" if i in doubted
               else "OCR could not read its digits with confidence")
        where = f"{f.metric}" + (f" [{f.dimension}]" if f.dimension else "") + (f" on page {f.page}" if f.page else "")
        named.append(Check("ocr.unreadable", "warn", f"{where}: {why}; left NULL (read the scan by eye)",
                           f.metric, f.dimension))
    if named:
        extraction.checks += named
        extraction.problems.append(f"{len(named)} scanned cells could not be read with confidence, left NULL")


def ocr_confidences(figures: list[Figure], doc: Document) -> list[float | None]:
    """Per figure: the OCR confidence of the text it was read from (the lowest of the same
    text on its page), NULL for figures of pages with a text layer. A cell OCR could not read
    (UNREADABLE_CELL; confidence 0 when it had no ink left under a seal) gave no figure a value,
    so its confidence is no other figure's."""
    ocr_pages = set(doc.ocr_pages)
    if not ocr_pages:
        return [None] * len(figures)
    exact: dict[tuple[int, str], float] = {}
    page_min: dict[int, float] = {}
    for page, text, conf in doc.ocr_texts:
        text = text.strip()
        if text == UNREADABLE_CELL:
            continue
        key = (page, text)
        exact[key] = min(conf, exact.get(key, 1.0))
        page_min[page] = min(conf, page_min.get(page, 1.0))
    out: list[float | None] = []
    for f in figures:
        if f.page not in ocr_pages:
            out.append(None)
            continue
        raw = (f.raw_text or "").strip()
        conf = exact.get((f.page, raw))
        if conf is None and raw:
            hits = [c for (p, t), c in exact.items() if p == f.page and raw in t]
            conf = min(hits) if hits else None
        out.append(conf if conf is not None else page_min.get(f.page))
    return out

