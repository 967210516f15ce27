"""Trust in figures read by OCR (etl.read.ocr): the template identities must hold with them.

A cell OCR read with confidence can still be wrong (a 3 read as 8 at 0.99). The identities
V1-V5 catch most such misreadings: when one fails (or warns, resting on a blank), the OCR cells
it involves that no identity that holds vouches for become NULL with value_kind `unreadable`
(a failing row and a failing column leave the cell where they cross; _doubted). So do numbers
of two characters or more read under a seal that no identity checks. The unreadable 表三 cells
the identities then fix are given back (etl.validate.ocr_derive), and the checks are run again.
Every unreadable cell gets an `ocr.unreadable` check naming it, and every cell given back a
`t3.ocr_derived` check, so a reader of `checks` sees which cells of which page to read by eye.
"""
from __future__ import annotations

from etl.model import UNREADABLE_CELL, Check, Document, Extraction, Figure
from etl.validate.ocr_derive import Key, derive_unreadable, equations

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


def _sealed(figures: list[Figure], doc: Document) -> set[int]:
    """The figures (indices) read from a table cell a seal lay over (Table.sealed), by their
    locator `table=N;row=R;col=C` (N counts the document's tables)."""
    tables = doc.tables
    if not any(t.sealed for t in tables):
        return set()
    out = set()
    for i, f in enumerate(figures):
        if f.locator and f.locator.startswith("table="):
            n, r, c = (int(part.split("=")[1]) for part in f.locator.split(";"))
            if n < len(tables) and (r, c) in tables[n].sealed:
                out.add(i)
    return out


def _doubted(extraction: Extraction, ocr_pages: set[int], sealed: set[int], exact: dict[tuple, set[Key]],
             holding: list[set[Key]]) -> tuple[set[int], set[int]]:
    """The OCR cells (indices into the figures) that failing identities point to. A cell in a
    failing identity is doubted unless an identity that holds vouches for it (a misread cell
    that still lets its other identity hold needs a second misread to make up for it): with a
    failing row and a failing column, that leaves the cell where they cross. When every cell
    of a failing identity is vouched for, all of them are doubted (the source breaks it, or
    two cells were misread).

    A number of two or more characters read under a seal (`sealed`) needs such a vouching
    identity to be kept at all (`holding`: the cells of each identity of `exact` that holds): a remnant of the seal's ring beside a digit passes every test
    of the ink as a digit of its own (a `0` under the ring was read `70`, sure, in a row no
    identity could check). A single digit is kept as read: requiring the check of it too left
    77 more cells NULL on 8 sealed scans, every one of them read right. Returns (doubted by a
    failing identity, doubted for the seal)."""
    checks = extraction.checks
    failing = [c for c in checks if c.rule in _IDENTITIES and c.status in ("fail", "warn")]
    if not failing and not sealed:
        return set(), set()
    candidates = {i for i, f in enumerate(extraction.figures)
                  if f.page in ocr_pages and f.source_kind in _TABLE_KINDS and f.value_kind in ("number", "blank")}
    figures = extraction.figures

    def vouched(f: Figure) -> bool:
        return any((f.metric, f.dimension) in cells for cells in holding)

    def involved_in(c: Check, f: Figure) -> bool:
        cells = exact.get((c.rule, c.metric, c.dimension))  # (表四's groups and V5: by shape)
        return (f.metric, f.dimension) in cells if cells is not None else _involved(c, f)

    doubted: set[int] = set()
    for c in failing:
        involved = [i for i in sorted(candidates) if involved_in(c, figures[i])]
        if c.rule == "nonnegative":
            doubted.update(involved)
            continue
        suspects = [i for i in involved if not vouched(figures[i])]
        doubted.update(suspects or involved)
    unchecked = {i for i in sealed if i in candidates and figures[i].value_kind == "number"
                 and len((figures[i].raw_text or "").strip()) >= 2 and not vouched(figures[i])} - doubted
    return doubted, unchecked


def _holding(extraction: Extraction, exact: dict[tuple, set[Key]]) -> list[set[Key]]:
    """The cells of each identity of `exact` (V1-V3, by its check's key) that holds."""
    return [exact[key] for c in extraction.checks
            if c.status == "pass" and (key := (c.rule, c.metric, c.dimension)) in exact]


def _vouched_cells(extraction: Extraction, holding: list[set[Key]]) -> set[Key]:
    """The 表三 cells of identities that hold with every cell read (none made unreadable since)."""
    unreadable = {(f.metric, f.dimension) for f in extraction.figures if f.value_kind == "unreadable"}
    return {k for cells in holding if not cells & unreadable for k in cells}


def _clear_zeros(extraction: Extraction, sealed: set[int]) -> set[Key]:
    """The 表三 cells read 0 clear of any seal, which may stand as a total for the zeros
    etl.validate.ocr_derive forces, as vouched cells do. A total of 0 makes every cell of its
    row or column 0 whatever the other cells read; the only risk is a 0 misread from another
    digit, which is a wrong cell already (1 wrong cell in 26,670 on the five-style mixes, not a
    0). On the grey-sealed scans, six seeds × 10: 11,517 → 11,558 cells right, none wrong."""
    return {(f.metric, f.dimension) for i, f in enumerate(extraction.figures)
            if i not in sealed and f.metric.startswith("t3.") and f.source_kind == "table"
            and f.value_kind == "number" and f.value == 0}


def apply_ocr_trust(extraction: Extraction, doc: Document) -> None:
    """Make OCR cells behind a failing identity unreadable, give back the unreadable 表三
    cells the identities force (etl.validate.ocr_derive), re-validate, and name every
    unreadable and derived cell in `checks` (in place)."""
    from etl.validate import validate_extraction

    ocr_pages = set(doc.ocr_pages)
    if not ocr_pages:
        return
    sealed = _sealed(extraction.figures, doc)
    exact = {e.check: set(e.coef) for e in equations({f.metric for f in extraction.figures})}
    holding = _holding(extraction, exact)  # (the checks as they were before any cell was doubted)
    doubted, unchecked = _doubted(extraction, ocr_pages, sealed, exact, holding)
    for i in doubted | unchecked:
        f = extraction.figures[i]
        f.value, f.value_kind = None, "unreadable"
    derived = derive_unreadable(extraction.figures, ocr_pages,
                                _vouched_cells(extraction, holding) | _clear_zeros(extraction, sealed))
    if doubted or unchecked or derived:
        extraction.checks = validate_extraction(extraction)
    named = []
    for i, f in enumerate(extraction.figures):
        if f.value_kind != "unreadable":
            continue
        why = ("a template identity failed with the value OCR read" if i in doubted
               else "read under a seal, and no identity that holds checks it" if i in unchecked
               else "OCR could not read its digits with confidence")
        where = f"{f.metric}" + (f" [{f.dimension}]" if f.dimension else "") + (f" on page {f.page}" if f.page else "")
        named.append(Check("ocr.unreadable", "warn", f"{where}: {why}; left NULL (read the scan by eye)",
                           f.metric, f.dimension))
    extraction.checks += derived + named
    if named:
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

