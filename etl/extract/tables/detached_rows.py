"""表三 rows whose numbers were printed away from their labels (PDF-to-Markdown conversions, 013).

A converter that meets a table row whose label cell wraps over several lines writes the label as
plain lines and the row's numbers as a pipe row of their own (a "bare" row), often before or
after the text of other labels; a row whose label fits on one line keeps label and numbers on
one pipe row or plain line (a "labelled" row; in plain text its label may start on the lines
before). What survives is the order: the numbers of the rows still come in the table's
top-to-bottom order. So the bare rows between two labelled rows are the numbers of the template
rows between those two, in template order, and this is certain only when

- the labelled rows come in template order,
- every row between the two that is not optional has its label printed somewhere in the table
  (a row missing altogether would shift the others),
- the number of bare rows between them equals the number of rows whose label is printed there
  (less the rows known to be printed without numbers, etl.extract.tables.blank_rows), and
- no line between them holds numbers beside label text that is no template row's.

Numbers in running text between two labelled rows (a stray `1` line) are not a row; a stretch
that holds any is placed only when V3 (every column's outcome rows sum to （七）总计) holds with
the placement. When V3 can be checked and fails, nothing is placed: the set of rows would be
wrong.

The ordinary reading (t3.locate_rows) gives a label the numbers printed after it. For a bare row
that is right only when labels come before their numbers, which a converter does not promise:
such a reading is kept when the row order places the same numbers there, replaced when it places
others, and emptied (unassignable, with the reason) when the order cannot place the row.

The placed rows are `derived` (the values are printed, their row is inferred from the order);
a labelled row read here is `table` (its label is on its own row).

A scan adds one more case (issue 18): a label OCR misread beyond every anchor (`(一)予拟公开`),
so that its row of numbers stands beside a label the template does not have, or beside none.
When that row is the only one between two rows that were found, and the only template row
missing there is one row, it is that row's, provided its printed label looks like the row's
(etl.extract.tables.misread_labels) and V1/V3 hold with it wherever they can be checked and
somewhere at least; where they can be checked nowhere (another row unreadable), only when its
label holds most of the row's (LIKENESS_UNCHECKED) and its own row sum holds. Several such rows
between the same two take the missing rows in order, only when each printed label looks more
like its own row than like any other missing there (V3 holds with two of its rows swapped, so
the labels must tell them apart), or when every one of them
prints 0 as its total and no other number: rows of zeros, whichever is which. A header whose
sub-rows are printed (2021 （六）其他处理) labels none of these lines. The rows printed without
numbers take part in these checks as rows of zeros, and a digit in a grid row's label cell (a
seal's stroke, a numbering mark misread) is no number of the row.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from typing import NamedTuple, Sequence

from etl.extract.tables.assign import Assigned, Cell, assign
from etl.extract.tables.blank_rows import blank_row
from etl.extract.tables.known_rows import KnownRows
from etl.extract.tables.label_index import LabelIndex
from etl.extract.tables.misread_labels import LIKENESS, MARK, has_han, label_part, likeness
from etl.extract.tables.stream import CELL, Span, Stream, new_span
from etl.metadata.identities import V1_BALANCE
from etl.metadata.label_maps import T3Row


class _Line(NamedTuple):  # (a NamedTuple: one per line of the table, a frozen dataclass costs 4×)
    span: Span
    grid: bool


_new_line = partial(tuple.__new__, _Line)  # (the tuple made directly: see stream.new_span)


@dataclass(slots=True)
class _Labelled:
    row: int  # index in the template's rows
    assigned: Assigned
    span: Span


@dataclass(frozen=True, slots=True)
class _Unknown:
    printed: str  # label text no template row has, with numbers
    assigned: Assigned  # the numbers, read as a row's
    span: Span


@dataclass(slots=True)
class _Bare:
    assigned: Assigned
    span: Span


@dataclass
class Placement:
    """What the row order and the identities make certain: Assigned per metric, the evidence
    span per metric, and why the other stretches were left alone."""

    rows: dict[str, Assigned] = field(default_factory=dict)
    spans: dict[str, Span] = field(default_factory=dict)
    refused: list[str] = field(default_factory=list)
    bare: list[Span] = field(default_factory=list)  # every row of numbers printed without its label


def _lines(stream: Stream, region: Span) -> list[_Line]:
    out, pos = [], region.start
    text = stream.text
    while pos < region.end:
        nl = text.find("\n", pos, region.end)
        end = region.end if nl < 0 else nl
        if end > pos:
            line_start = text.rfind("\n", 0, pos) + 1
            out.append(_new_line((new_span((pos, end)), text.startswith(CELL, line_start))))
        pos = end + 1
    return out


def _row_on_line(labels: LabelIndex, anchors: Sequence[Sequence[str]], start: int, end: int
                 ) -> tuple[int, Span] | None:
    """The template row (its index in `anchors`, each row's anchors) whose label is in [start,
    end): the label match that ends last (a group header such as （六）其他处理 comes before its
    sub-row's own label)."""
    return labels.last_row_in(anchors, start, end)


def _is_header(rows: Sequence[T3Row], i: int) -> bool:
    """An optional row with optional sub-rows (2021 （六）其他处理 over its three sub-rows)."""
    return rows[i].optional and any(r.optional and r.metric.startswith(rows[i].metric + ".") for r in rows)


def _printed(labels: LabelIndex, rows: Sequence[T3Row], region: Span, labelled: set[int]) -> list[bool]:
    """Per template row: is its label printed anywhere in the table (and does it carry numbers:
    a header over printed sub-rows does not)."""
    found = [i in labelled or labels.find(r.anchors, region.start, region.end) is not None
             for i, r in enumerate(rows)]
    for i in range(len(rows)):
        if found[i] and _is_header(rows, i) and i not in labelled:
            found[i] = not any(found[j] for j, r in enumerate(rows) if r.metric.startswith(rows[i].metric + "."))
    return found


def _read_lines(stream: Stream, labels: LabelIndex, rows: Sequence[T3Row], region: Span, units: Sequence[str],
                identity, known: KnownRows) -> list[_Labelled | _Bare | _Unknown | str]:
    """The table's lines in order: labelled rows, bare rows, rows of unknown label and stray
    numbers (as printed). `known`: extract_t3's readings of its rows, taken where a labelled
    line's numbers read alike (known_rows)."""
    items: list[_Labelled | _Bare | _Unknown | str] = []
    # a header whose sub-rows are printed labels no line of numbers: a line it starts (a grid
    # repeats a merged header cell on each sub-row) is a sub-row's, its own label misread
    over = {i for i in range(len(rows)) if _is_header(rows, i)
            and any(labels.find(r.anchors, region.start, region.end) is not None
                    for r in rows if r.metric.startswith(rows[i].metric + "."))}
    anchors = tuple(() if i in over else row.anchors for i, row in enumerate(rows))
    label_run: int | None = None  # where the text lines of label (no numbers) just before start
    for line in _lines(stream, region):
        # the row whose label is on the line itself: what is looked for below when no label
        # text runs into the line from the lines before, so looked for once
        on_own_line = None
        if label_run is None or line.grid:
            # (a line whose row extract_t3 read with a number is not label text, and its label
            # starts on it: what the line's own reading below would decide, without it)
            on_line = on_own_line = _row_on_line(labels, anchors, line.span.start, line.span.end)
            if on_line is not None:
                i, hit = on_line
                read = known.get_numbers(stream, max(hit.end, line.span.start), line.span.end, line.grid)
                if read is not None:
                    items.append(_Labelled(i, read, line.span))
                    label_run = None
                    continue
        reg = stream.region(line.span.start, line.span.end)
        if not reg.values and (not reg.dirty or reg.label_at):
            # label text (`（四）无法提供1.` cut after a numbering mark) or a header row
            label_run = None if line.grid else (line.span.start if label_run is None else label_run)
            continue
        # a text row's label may start on the lines before (`5.要求行政机关确认或重新出` /
        # `具已获取信息 1 0 0 0 0 0 1`); a pipe row's is on its own row
        own_line = line.grid or label_run is None
        start = line.span.start if own_line or not reg.label_at else label_run
        label_run = None
        on_line = on_own_line if own_line else _row_on_line(labels, anchors, start, line.span.end)
        if on_line is not None:
            i, hit = on_line
            row_start = max(hit.end, line.span.start)
            read = known.get(stream, row_start, line.span.end, line.grid)  # (a row extract_t3 read)
            if read is not None:
                items.append(_Labelled(i, read, line.span))
                continue
            row_reg = stream.region(row_start, line.span.end)
            if row_reg.values or row_reg.dirty:
                items.append(_Labelled(i, assign(row_reg, units, identity=identity), line.span))
                continue
        if reg.label_at:
            # label text that is no template row's, with numbers: a row this map does not know
            # (or a label OCR misread)
            numbers = reg if not line.grid else stream.region(_after_label_cells(stream.text, line.span), line.span.end)
            items.append(_Unknown(stream.printed(*line.span), assign(numbers, units, identity=identity), line.span))
            continue
        if all(t.cell.kind == "blank" for t in reg.values) and not reg.dirty:
            continue  # a row of empty cells: layout
        assigned = assign(reg, units, identity=identity)
        if line.grid or (assigned.ok and len(reg.values) == len(units)):
            items.append(_Bare(assigned, line.span))
        else:
            items.append(stream.printed(*line.span))
    return items


def _after_label_cells(text: str, span: Span) -> int:
    """Where the cells after a grid line's last cell with a Chinese character begin (its number
    cells): at the cell break before them. A digit in a label cell is part of the label, misread
    (`2申请人逾期…` for `2.申请人…`) or a seal's stroke glued to it (`(t)总计D20`), not a number
    of the row. A grid's cells are as printed, so a number cell with a Chinese character in it
    is taken for a label cell here: the row is then a number short, and not assigned."""
    cells = text[span.start:span.end].split(CELL)
    last = max((k for k, c in enumerate(cells) if has_han(c)), default=-1)
    # (at the cell break before the first number cell, as a row's region of numbers begins)
    return span.start if last < 0 else span.start + sum(len(c) + 1 for c in cells[:last + 1]) - 1


def _outcome_sum_holds(rows: Sequence[T3Row], cells: dict[str, Assigned]) -> bool | None:
    """V3 on every column: the rows between 三、 and （七）总计 sum to （七）. None when a term
    is unknown (a row not read, a cell not a number)."""
    metrics = [r.metric for r in rows]
    first, total = "t3.granted", "t3.total_processed"
    if first not in metrics or total not in metrics:
        return None
    terms = [m for m in metrics[metrics.index(first):metrics.index(total)] if m in cells]
    # a header over sub-rows that are read carries no numbers of its own
    headers = _parents(terms)
    terms = [m for m in terms if m not in headers]
    needed = [r.metric for r in rows[metrics.index(first):metrics.index(total)]
              if not r.optional and r.metric not in terms]
    if needed or total not in cells:
        return None
    n = len(cells[total].cells)
    for col in range(n):
        values = [cells[m].cells[col].value for m in terms + [total]]
        if any(v is None for v in values):
            return None
        if abs(sum(values[:-1]) - values[-1]) > 1e-9:
            return False
    return True


def _parents(metrics: Sequence[str]) -> set[str]:
    """Every m such that a metric starts with m + "." (its group headers, at every level)."""
    return {o[:k] for o in metrics for k, c in enumerate(o) if c == "."}


def place_detached_rows(stream: Stream, rows: Sequence[T3Row], region: Span, units: Sequence[str],
                        identity=None, blank: frozenset[str] = frozenset(),
                        known: KnownRows | None = None) -> Placement:
    """The rows of 表三 that row order and V3 make certain, as described in the module doc.
    `blank`: the rows known to be printed without numbers (etl.extract.tables.blank_rows),
    which take no row of numbers. `known`: rows already read and assigned with these units
    and identity (known_rows)."""
    out = Placement()
    # (every line is searched for every row's labels: each label's matches in the table are
    # found once, and looked up per line)
    labels = LabelIndex(stream.text, region.start, region.end)
    items = _read_lines(stream, labels, rows, region, units, identity, known or KnownRows())
    out.bare = [it.span for it in items if isinstance(it, _Bare)]
    labelled = [it for it in items if isinstance(it, _Labelled)]
    order = [it.row for it in labelled]
    if order != sorted(set(order)):
        out.refused.append("labelled rows out of the template's order: rows not placed by order")
        return out
    found = _printed(labels, rows, region, set(order))
    printed = [p and r.metric not in blank for p, r in zip(found, rows)]
    # stretches between labelled rows (and before the first / after the last)
    bounds = [-1] + order + [len(rows)]
    stretches: list[tuple[int, int, list[_Bare | _Unknown], list[str]]] = []
    k = 0
    for a, b in zip(bounds, bounds[1:]):
        loose: list[_Bare | _Unknown] = []  # the rows of numbers without a template label, as printed
        stray: list[str] = []
        while k < len(items) and not (isinstance(items[k], _Labelled) and items[k].row == b):
            it = items[k]
            if isinstance(it, (_Bare, _Unknown)):
                loose.append(it)
            else:
                stray.append(it)
            k += 1
        k += 1  # the labelled row b itself
        stretches.append((a, b, loose, stray))
    cells: dict[str, Assigned] = {rows[it.row].metric: it.assigned for it in labelled if it.assigned.ok}
    # a row printed without numbers is a row of zeros to the identities, as its blank cells are
    # to _column_sums: without it V3 could not be checked in any column of a table that prints
    # its zeros blank
    for metric in blank:
        cells.setdefault(metric, blank_row(len(units), None))
    for it in labelled:
        out.rows[rows[it.row].metric] = it.assigned
        out.spans[rows[it.row].metric] = it.span
    placed: dict[str, tuple[_Bare | _Unknown, str]] = {}
    guessed: set[str] = set()  # rows placed though their label was not found (_misread_label_rows)
    alone: set[str] = set()  # of them, those whose label and row sum suffice where V1/V3 cannot be checked
    needs_v3 = False
    for a, b, loose, stray in stretches:
        bare = [it for it in loose if isinstance(it, _Bare)]
        unknown = [it for it in loose if isinstance(it, _Unknown)]
        between = range(a + 1, b)
        expected = [i for i in between if printed[i]]
        missing = [rows[i].label for i in between if not found[i] and not rows[i].optional]
        where = _between(rows, a, b)
        if not loose and not stray:
            continue
        misread = _misread_label_rows(rows, found, a, b, loose, stray, expected)
        if misread:
            for i, it, note in misread:
                placed[rows[i].metric] = (it, note)
                guessed.add(rows[i].metric)
            if len(misread) == 1 and _label_alone_suffices(rows[misread[0][0]], misread[0][1]):
                alone.add(rows[misread[0][0]].metric)
            continue
        if unknown:
            out.refused.append(f"{where}: numbers beside a label the template does not have "
                               f"('{unknown[0].printed}'): not placed")
            continue
        if missing:
            out.refused.append(f"{where}: {len(bare)} row(s) of numbers without a label, but the label of "
                               f"{missing[0]} is not printed: not placed")
            continue
        if len(bare) != len(expected):
            out.refused.append(f"{where}: {len(bare)} row(s) of numbers without a label for {len(expected)} "
                               f"row label(s): not placed")
            continue
        needs_v3 |= bool(stray)
        for i, it in zip(expected, bare):
            note = (f"numbers printed away from their label, placed by row order: the "
                    f"{_ordinal(expected.index(i))} of {len(bare)} unlabelled row(s) {where}")
            if stray:
                note += f"; the stray number(s) there ({', '.join(stray[:3])}) are no row's: V3 holds without them"
            placed[rows[i].metric] = (it, note)
    trial = dict(cells)
    trial.update({m: it.assigned for m, (it, _) in placed.items() if it.assigned.ok})
    verdicts = {m: _identity_verdicts(rows, trial, m) for m in guessed}
    unchecked = [m for m in guessed if not _identities_hold(verdicts[m])
                 and not (m in alone and all(v is None for v in verdicts[m]))]
    for m in alone.difference(unchecked):
        if not _identities_hold(verdicts[m]):
            it, note = placed[m]
            placed[m] = (it, note.replace("; the identities hold with it", _UNCHECKED_NOTE))
    if unchecked:
        for m in unchecked:
            out.refused.append(f"{next(r.label for r in rows if r.metric == m)}: its label not found, and the "
                               f"identities it is in (V1, V3) do not hold, or cannot be checked, with the only row "
                               f"of numbers where it belongs: not placed")
            del placed[m], trial[m]
    v3 = _outcome_sum_holds(rows, trial) if placed else None
    if v3 is False or (needs_v3 and v3 is not True):
        why = "fails" if v3 is False else "cannot be checked"
        out.refused.append(f"rows printed away from their labels not placed: V3 (outcome rows = （七）总计) {why} "
                           f"with them")
        return out
    for metric, (it, note) in placed.items():
        a = it.assigned
        out.rows[metric] = Assigned(a.cells, "derived", None, note) if a.ok else a
        out.spans[metric] = it.span
    return out


def _misread_label_rows(rows: Sequence[T3Row], found: list[bool], a: int, b: int, loose: list[_Bare | _Unknown],
                        stray: list[str], expected: list[int]) -> list[tuple[int, _Bare | _Unknown, str]]:
    """(row index, its numbers, the note) of each template row between the labelled rows a and b
    whose label is found nowhere, when the rows of numbers there are as many and no other: labels
    OCR misread (`(一)予拟公开`, `5.要求行政机美确认波重新出具`) or could not read at all. A row of
    unknown label must look like its row's label (misread_labels.LIKENESS). When there are
    several, each takes the row of its place in the table's order, and only if every one has a
    printed label that looks more like that row than like any other row missing there: the
    identities cannot tell two rows of one sum apart (V3 holds with （一） and （二） swapped), the
    order and the labels must. Either way the caller places them only when the identities they
    are in hold with them. [] when the stretch is not such."""
    absent = [i for i in range(a + 1, b) if not found[i] and not _is_header(rows, i)]
    if not absent or stray or expected or len(loose) != len(absent) or not all(it.assigned.ok for it in loose):
        return []
    where = _between(rows, a, b)
    if len(absent) == 1:
        i, it = absent[0], loose[0]
        if isinstance(it, _Bare):
            return [(i, it, f"numbers printed without a readable label: the only row of numbers {where}, where "
                            f"{rows[i].label} is the only row whose label is {MARK}; the identities hold with it")]
        alike = likeness(rows[i].label, label_part(it.printed))
        if alike < LIKENESS:
            return []
        return [(i, it, f"the label printed as '{label_part(it.printed)}' is no template row's; it is the only row "
                        f"of numbers {where}, where {rows[i].label} is the only row whose label is {MARK}, and "
                        f"holds {alike:.0%} of its characters; the identities hold with it")]
    if all(_zeros_only(it.assigned) for it in loose):
        # every row there prints 0 as its total and no number but 0: each of them is a row of zeros
        # (counts are never negative), so which row is which changes no figure
        return [(i, it, f"the {_ordinal(k)} of {len(loose)} rows of numbers {where}, where {len(absent)} rows' "
                        f"labels are {MARK}; each of them prints 0 as its total and no other number than 0, so "
                        f"the order places them without their labels; the identities hold with it")
                for k, (i, it) in enumerate(zip(absent, loose))]
    out = []
    for k, (i, it) in enumerate(zip(absent, loose)):
        if isinstance(it, _Bare):
            return []  # (which of the rows a row with no label at all is, only the labels around it would say)
        printed = label_part(it.printed)
        alike = likeness(rows[i].label, printed)
        if alike < LIKENESS or any(likeness(rows[j].label, printed) >= alike for j in absent if j != i):
            return []
        out.append((i, it, f"the label printed as '{printed}' is no template row's; it is the {_ordinal(k)} of "
                           f"{len(loose)} rows of numbers {where}, where {len(absent)} rows' labels are {MARK}, "
                           f"and holds {alike:.0%} of the characters of {rows[i].label}, more than of any other "
                           f"of them; the identities hold with it"))
    return out


def _zeros_only(a: Assigned) -> bool:
    """A row of counts whose total is read as 0 and whose other cells are 0, blank or unreadable:
    every cell of it is 0 (none is negative), what the printed ones do not say included."""
    cells = a.cells
    return (a.ok and len(cells) > 1 and cells[-1].value == 0
            and all(c.value == 0 or (c.value is None and c.kind in ("blank", "unreadable")) for c in cells[:-1]))


def _identities_hold(verdicts: list[bool | None]) -> bool:
    """Do V1 (for 一, 二, （七）, 四) and V3 (for the outcome rows and （七）) hold, by their
    `_identity_verdicts`, in every column where they can be checked, and can they be checked in
    one at least? (A scanned table has unreadable cells: a column holding one cannot be checked;
    a row missing from the cells leaves its identity unchecked everywhere.)"""
    return any(v is True for v in verdicts) and not any(v is False for v in verdicts)


def _identity_verdicts(rows: Sequence[T3Row], cells: dict[str, Assigned], metric: str) -> list[bool | None]:
    """Per column and identity the metric is in (V1, V3): holds, fails, or None (not checkable)."""
    verdicts: list[bool | None] = []
    if metric in V1_BALANCE:
        verdicts += _column_sums(cells, list(V1_BALANCE.items()))
    if metric == "t3.total_processed" or metric.startswith(_OUTCOME_PREFIXES):
        metrics = [r.metric for r in rows]
        first, total = metrics.index("t3.granted"), metrics.index("t3.total_processed")
        terms = [m for m in metrics[first:total] if m in cells]
        headers = _parents(terms)
        needed = [r.metric for r in rows[first:total] if not r.optional and r.metric not in terms]
        if needed:
            return verdicts + [None]  # (V3 cannot be checked in any column)
        verdicts += _column_sums(cells, [(m, -1) for m in terms if m not in headers] + [("t3.total_processed", 1)])
    return verdicts


# A row of numbers beside a misread label, the only one in its stretch, is placed where V1 and V3
# cannot be checked anywhere (another row of the table unreadable) only when its printed label
# holds at least this share of the row's characters (`(一)予公开` for （一）予以公开: 4 of 5) and its
# own row sum (V2) holds with every cell read: the label, the place and the sum vouch for it.
LIKENESS_UNCHECKED = 0.75
_UNCHECKED_NOTE = ("; V1 and V3 cannot be checked (another row of the table is unreadable), and its own row sum "
                   "(V2) holds")


def _label_alone_suffices(row: T3Row, it: _Bare | _Unknown) -> bool:
    """Is a single misread-label row's evidence enough without V1/V3 (LIKENESS_UNCHECKED)?"""
    if not isinstance(it, _Unknown) or not it.assigned.ok:
        return False
    values = [c.value for c in it.assigned.cells]
    return (likeness(row.label, label_part(it.printed)) >= LIKENESS_UNCHECKED and len(values) > 1
            and all(v is not None for v in values) and abs(sum(values[:-1]) - values[-1]) < 1e-9)


_OUTCOME_PREFIXES = ("t3.granted", "t3.partially_granted", "t3.denied.", "t3.unavailable.", "t3.not_processed.",
                     "t3.other")


def _column_sums(cells: dict[str, Assigned], terms: list[tuple[str, int]]) -> list[bool | None]:
    """Per column: do the rows times their coefficients sum to 0 (None: a term missing or not a
    number there)?"""
    if any(m not in cells for m, _ in terms):
        return [None]
    out: list[bool | None] = []
    for col in range(len(cells[terms[0][0]].cells)):
        values = [cells[m].cells[col].value for m, _ in terms]
        kinds = [cells[m].cells[col].kind for m, _ in terms]
        values = [0.0 if v is None and k in ("blank", "not_applicable") else v for v, k in zip(values, kinds)]
        if any(v is None for v in values):
            out.append(None)
        else:
            out.append(abs(sum(c * v for (_, c), v in zip(terms, values))) < 1e-9)
    return out


def _between(rows: Sequence[T3Row], a: int, b: int) -> str:
    after = rows[a].label if a >= 0 else "the table's start"
    before = rows[b].label if b < len(rows) else "the table's end"
    return f"between {after} and {before}"


def _ordinal(k: int) -> str:
    return {0: "1st", 1: "2nd", 2: "3rd"}.get(k, f"{k + 1}th")


def _values(a: Assigned) -> list:
    return [(c.value, c.kind) for c in a.cells]


def _reads_a_bare_row(a: Assigned, bare: list[Span]) -> bool:
    """Whether a row's cells were taken from a row of numbers printed without its label."""
    return any(c.at is not None and any(s.start <= c.at[0] < s.end for s in bare) for c in a.cells)


def _read_off_its_label_line(stream: Stream, hit: Span, a: Assigned) -> bool:
    """Whether a row's numbers were read from a line after its label's."""
    first = a.first_printed()
    return first is not None and "\n" in stream.text[hit.end:first]


def fill_detached_rows(stream: Stream, rows: Sequence[T3Row], region: Span, units: Sequence[str],
                       read: list[tuple], missing: dict[str, str], identity=None,
                       known: KnownRows | None = None
                       ) -> tuple[list[tuple], set[str], list[str]]:
    """表三's rows as extract_t3 read them (row, label hit, region, page, Assigned), completed
    with the rows `place_detached_rows` makes certain. Returns (the rows in template order, the
    metrics added that were missing, why rows printed away from their labels were left alone).

    The ordinary reading gives a label the numbers printed after it. When those numbers are a
    row of their own (no label on their line) that reading is certain only if the row order
    agrees: labels may be printed after their numbers (013), or in another order. So such a row
    keeps its numbers when the row order places the same ones there, gets the row order's
    numbers when it places others, and is left empty (unassignable, with the reason) when the
    row order cannot place it. `known`: extract_t3's own readings of its rows before any
    other rule replaced them (see place_detached_rows), so that their lines are not read again."""
    if not missing and all(a.ok and not _read_off_its_label_line(stream, hit, a) for _, hit, _, _, a in read):
        return read, set(), []
    blank = frozenset(r.metric for r, _, _, _, a in read if a.ok and all(c.kind == "blank" for c in a.cells))
    placement = place_detached_rows(stream, rows, region, units, identity=identity, blank=blank, known=known)
    problems = [f"表三: {why}" for why in placement.refused]
    by_metric = {r.metric: (r, hit, reg, page, a) for r, hit, reg, page, a in read}
    added: set[str] = set()
    for metric, (row, hit, reg, page, a) in list(by_metric.items()):
        if a.ok and metric not in placement.rows and _reads_a_bare_row(a, placement.bare):
            why = ("numbers printed on a row of their own after the label, in a table whose row order does "
                   "not place them there with certainty, cells left empty")
            by_metric[metric] = (row, hit, reg, page, _unassignable_like(a, why))
    for metric, a in placement.rows.items():
        old = by_metric.get(metric)
        if not a.ok or (old is not None and old[4].ok and _values(old[4]) == _values(a)):
            continue  # (the same numbers as the label's own reading: that one is kept)
        span = placement.spans[metric]
        row = next(r for r in rows if r.metric == metric)
        reg = stream.region(span.start, span.end)
        by_metric[metric] = (row, Span(span.start, span.start), reg, stream.page_at(span.start), a)
        if old is None:
            added.add(metric)
    order = {r.metric: i for i, r in enumerate(rows)}
    left = [m for m in missing if m not in added] + [m for m, t in by_metric.items() if not t[4].ok]
    return sorted(by_metric.values(), key=lambda t: order[t[0].metric]), added, problems if left else []


def _unassignable_like(a: Assigned, why: str) -> Assigned:
    return Assigned([Cell(None, "unassignable", None, c.page, None) for c in a.cells], "", why)
