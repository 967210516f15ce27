"""Assigning the values found after a row label to the row's columns, or refusing to.

A row's values are assigned only when there is exactly one value per column. Digits run
together in flattened text (`7000007`, `230 000023`) are split only when exactly one split
gives numbers without leading zeros that satisfy the row's template identity (and every
cell printed a number); anything else is left unassignable with the reason in words.
"""
from __future__ import annotations

import math
import re
from functools import lru_cache, partial
from itertools import combinations
from typing import Callable, NamedTuple, Sequence

from etl.extract.numbers import CellValue, parse_cell
from etl.extract.tables.stream import Region, Token

# a split is a list of ints, one per column; the identity says whether it can be right
Identity = Callable[[Sequence[int]], bool]
_MAX_SPLITS = 200_000
_LEADING_ZERO_RUN = re.compile(r"0\d+")
_DIGITS = re.compile(r"\d+")
_LOOKALIKE = re.compile(r"[OolI]")
_MAX_SHOWN_CANDIDATES = 5
_MAX_KEPT_CANDIDATES = 500


class Cell(NamedTuple):
    value: float | None
    kind: str  # vocab.VALUE_KINDS
    raw: str | None
    page: int | None
    # where it was printed: (position in the stream, length as printed), for Stream.locate
    at: tuple[int, int] | None = None


class Assigned:
    """A row's cells as assigned (or not) to its columns."""

    __slots__ = ("_cells", "source_kind", "problem", "note", "candidates", "_plain")

    def __init__(self, cells: list[Cell] | None, source_kind: str, problem: str | None = None,
                 note: str | None = None, candidates: list[list[int]] | None = None) -> None:
        self._cells = cells
        self.source_kind = source_kind  # 'table', 'derived' or '' when unassignable
        self.problem = problem  # why the row could not be assigned (the report becomes partial)
        self.note = note  # how a derived split was found (becomes a Check)
        # the splits of run-together digits that fit the row's identity, when more than one
        # (the table's column identities may leave exactly one: etl.extract.tables.t3_columns)
        self.candidates = candidates
        self._plain: list[Token] | None = None

    @classmethod
    def of_plain_tokens(cls, tokens: list[Token]) -> Assigned:
        """The row of one plain number per column (Region.plain), its cells those of the tokens
        as they are: made only if asked for (most rows go from tokens to figures: plain_tokens)."""
        out = cls(None, "table")
        out._plain = tokens
        return out

    @property
    def cells(self) -> list[Cell]:
        if self._cells is None:
            self._cells = [_new_cell((tok.cell.value, "number", tok.raw, tok.page, (tok.pos, len(tok.raw))))
                           for tok in self._plain]
        return self._cells

    @property
    def plain_tokens(self) -> list[Token] | None:
        """The tokens of a plain row (of_plain_tokens), whose cells they give as they are."""
        return self._plain

    def first_printed(self) -> int | None:
        """Where the first cell that was printed somewhere starts in the stream."""
        if self._plain is not None:
            return self._plain[0].pos
        return next((c.at[0] for c in self.cells if c.at is not None), None)

    @property
    def ok(self) -> bool:
        return self.problem is None

    def _fields(self) -> tuple:
        return self.cells, self.source_kind, self.problem, self.note, self.candidates

    def __eq__(self, other: object) -> bool:
        return self._fields() == other._fields() if isinstance(other, Assigned) else NotImplemented

    __hash__ = None  # (mutable, as the dataclass it replaces)

    def __repr__(self) -> str:
        return (f"Assigned(cells={self.cells!r}, source_kind={self.source_kind!r}, problem={self.problem!r}, "
                f"note={self.note!r}, candidates={self.candidates!r})")


def _unassignable(n: int, page: int | None, problem: str) -> Assigned:
    return Assigned([Cell(None, "unassignable", None, page, None) for _ in range(n)], "", problem)


def _count(k: int) -> str:
    return f"{k} number" + ("" if k == 1 else "s")


def assign(region: Region, units: Sequence[str], *, identity: Identity | None = None,
           page: int | None = None) -> Assigned:
    """Cells for the columns whose metric units are `units`, from the values of `region`."""
    n = len(units)
    vals = list(region.values)
    page = vals[0].page if vals else page
    if region.dirty:
        shown = ", ".join(f"'{d}'" for d in region.dirty[:3])
        return _unassignable(n, page, f"digits that are not a cell value ({shown}), cells left empty")
    if region.plain and region.blank_cells == len(vals) - n and not (region.blank_cells and _own_line_row(vals, n)):
        # the common row: one plain number per column, with blank grid cells only at one end
        plain = _plain_row(vals, n)
        if plain is not None and not _label_between(region.label_at, plain):
            # (each token's cell is the value parse_cell gives its digits for any unit: no
            # token is read again, and the cells are made only if asked for)
            return Assigned.of_plain_tokens(plain)
    if _own_line_row(vals, n):
        # more values than columns: when the label's own line or grid row holds exactly one
        # value per column, those are the row (the rest were printed away from their own
        # label, as PDF-to-Markdown conversions do, and are left to nobody). Asked before the
        # blank cells at one end are dropped: a row printed blank, followed by the numbers of a
        # row whose label OCR misread, would lose its own blank cells and take those numbers
        vals = _trim_blank_grid_cells([t for t in vals if t.on_label_line], n)
    vals = _trim_blank_grid_cells(vals, n)
    if _label_between(region.label_at, vals):
        return _unassignable(n, page, "numbers interleaved with label text (the reading order is not the "
                                      "table's), cells left empty")
    # `00` or `023` in running text is digits run together, never one number
    run_together = any(t.from_text and _LEADING_ZERO_RUN.fullmatch(t.norm) for t in vals)
    lookalikes = [t.raw for t in vals if t.from_text and _LOOKALIKE.search(t.raw)]
    if lookalikes:
        return _with_lookalikes(vals, units, identity, lookalikes, run_together)
    if len(vals) == n and not run_together:
        return _from_tokens(vals, units)
    if not vals:
        return _unassignable(n, page, f"no numbers for {n} columns, cells left empty")
    if (len(vals) <= n and all(t.from_text and _DIGITS.fullmatch(t.norm) for t in vals)
            and sum(len(t.norm) for t in vals) >= n):
        return _split(vals, units, identity)
    if (len(vals) > n and identity is not None and all(t.from_text and _DIGITS.fullmatch(t.norm) for t in vals)
            and len({t.on_label_line for t in vals}) == 1):
        return _join_stray_spaces(vals, units, identity)
    shown = " ".join(t.raw or "(blank)" for t in vals)
    shown = shown if len(shown) <= 60 else shown[:59] + "…"
    return _unassignable(n, page, f"{_count(len(vals))} ('{shown}') for {n} columns, cells left empty")


def _own_line_row(vals: list[Token], n: int) -> bool:
    """More values than columns, some off the label's own line, and that line (or grid row)
    holding one per column (blank cells at one end aside)?"""
    return (len(vals) > n and any(not t.on_label_line for t in vals)
            and len(_trim_blank_grid_cells([t for t in vals if t.on_label_line], n)) == n)


def _label_between(label_at: list[int], vals: list[Token]) -> bool:
    return bool(label_at) and bool(vals) and any(vals[0].pos < at < vals[-1].pos for at in label_at)


def _is_blank_cell(t: Token) -> bool:
    return not t.from_text and t.cell.kind == "blank"


def _trim_blank_grid_cells(vals: list[Token], n: int) -> list[Token]:
    """A grid row with more cells than columns because of blank cells at one end (an empty
    label column on the left, padding on the right): drop them, but only when the blanks
    are all on one side; with blanks on both sides it is not known which end is a cell.

    One exception where the alignment does not matter: a grid row whose cells are all blank
    (a label spanning several columns printed as empty cells, as Markdown has no spans:
    `| 二、上年结转… | | | | … |`) is blank in every column whichever cells are the columns."""
    excess = len(vals) - n
    if excess <= 0:
        return vals
    if all(_is_blank_cell(t) for t in vals):
        return vals[excess:]
    lead = next((i for i, t in enumerate(vals) if not _is_blank_cell(t)), len(vals))
    trail = next((i for i, t in enumerate(reversed(vals)) if not _is_blank_cell(t)), len(vals))
    if lead >= excess and trail == 0:
        return vals[excess:]
    if trail >= excess and lead == 0:
        return vals[:-excess]
    return vals


# Cell(...) runs the Python-level __new__ of a NamedTuple; making the tuple directly costs
# half as much, and a report has a Cell per figure
_new_cell = partial(tuple.__new__, Cell)


def _from_tokens(vals: list[Token], units: Sequence[str]) -> Assigned:
    cells = []
    for tok, unit in zip(vals, units):
        cv: CellValue | None = tok.cell if tok.cell.kind != "number" else parse_cell(tok.norm, unit)
        if cv is None:
            return _unassignable(len(units), vals[0].page,
                                 f"'{tok.raw}' is not a {'whole number' if unit == 'count' else 'value'} "
                                 f"for its column, cells left empty")
        cells.append(_new_cell((cv.value, cv.kind, tok.raw, tok.page, (tok.pos, len(tok.raw)))))
    return Assigned(cells, "table")


def _plain_row(vals: list[Token], n: int) -> list[Token] | None:
    """`_trim_blank_grid_cells(vals, n)` when its values are n plain numbers and the rest blank
    grid cells (Region.plain, Region.blank_cells), if those are all at one end; otherwise None.
    (A blank is the only value of such a region with empty text.)"""
    excess = len(vals) - n
    if not excess:
        return vals
    if not any(t.norm for t in vals[:excess]):
        return vals[excess:]
    if not any(t.norm for t in vals[n:]):
        return vals[:n]
    return None


def splits_of(digits: str, parts: int) -> list[list[str]]:
    """Every way to cut `digits` into `parts` numbers without leading zeros."""
    if parts == 1:
        return [[digits]] if digits and (digits == "0" or digits[0] != "0") else []
    if len(digits) < parts:
        return []
    out = []
    first_max = 1 if digits[0] == "0" else len(digits) - parts + 1
    for k in range(1, first_max + 1):
        for rest in splits_of(digits[k:], parts - 1):
            out.append([digits[:k], *rest])
    return out


def _all_splits(tokens: list[str], n: int) -> list[list[str]]:
    """Splits of the whitespace-separated digit runs into n numbers (a space is always a
    cell boundary)."""
    results: list[list[str]] = []

    def rec(i: int, left: int, acc: list[str]) -> None:
        if len(results) > _MAX_SPLITS:
            return
        if i == len(tokens):
            if left == 0:
                results.append(acc)
            return
        remaining_tokens = len(tokens) - i - 1
        for parts in range(1, min(len(tokens[i]), left - remaining_tokens) + 1):
            for s in splits_of(tokens[i], parts):
                rec(i + 1, left - parts, acc + s)

    rec(0, n, [])
    return results


@lru_cache(maxsize=4096)  # pure; a run-together row is read again when 表三's rows are placed by order
def _fitting_splits(runs: tuple[str, ...], n: int, identity: Identity | None
                    ) -> tuple[int, tuple[tuple[str, ...], ...]] | None:
    """(how many splits of the runs into n numbers there are, those that satisfy the identity),
    or None when there are too many to try."""
    # comb(digits - 1, n - 1) bounds the number of splits: refuse before enumerating too many
    if math.comb(sum(len(r) for r in runs) - 1, n - 1) > _MAX_SPLITS:
        return None
    candidates = _all_splits(list(runs), n)
    if len(candidates) > _MAX_SPLITS:
        return None
    return len(candidates), tuple(tuple(c) for c in candidates if identity is None or identity([int(x) for x in c]))


def _split(vals: list[Token], units: Sequence[str], identity: Identity | None) -> Assigned:
    n = len(units)
    runs = tuple(t.norm for t in vals)
    shown = " ".join(runs)
    searched = _fitting_splits(runs, n, identity)
    if searched is None:
        return _unassignable(n, vals[0].page, f"digits run together ('{shown}') for {n} columns, cells left empty")
    n_candidates, fitting = searched
    if len(fitting) != 1:
        if not fitting:
            why = "no split" + (" fits the row's identity" if identity else "")
        else:
            listed = " / ".join(" ".join(c) for c in fitting[:_MAX_SHOWN_CANDIDATES])
            more = ", …" if len(fitting) > _MAX_SHOWN_CANDIDATES else ""
            why = f"{len(fitting)} possible splits" + (" fit the row's identity" if identity else "") + \
                f" ({listed}{more})"
        out = _unassignable(n, vals[0].page, f"digits run together ('{shown}') for {n} columns: "
                                            f"{why}, cells left empty")
        if 1 < len(fitting) <= _MAX_KEPT_CANDIDATES:  # (without an identity too: 表二, issue 20)
            out.candidates = [[int(x) for x in c] for c in fitting]
        return out
    chosen = fitting[0]
    # the page of each part is the page of the run it came from
    pages, starts = [], []  # of each digit: its page and its position in the stream
    for t in vals:
        pages += [t.page] * len(t.norm)
        starts += range(t.pos, t.pos + len(t.norm))
    cells, pos = [], 0
    for part in chosen:
        cells.append(Cell(float(int(part)), "number", part, pages[pos] if pos < len(pages) else vals[0].page,
                          (starts[pos], len(part)) if pos < len(starts) else None))
        pos += len(part)
    how = ("the only split into numbers without leading zeros"
           + (" that satisfies the row's identity" if identity and n_candidates > 1 else ""))
    considered = f"{n_candidates} split{'s' if n_candidates != 1 else ''} considered"
    note = (f"digits run together ('{shown}') split as {' | '.join(chosen)}: {how} "
            f"({considered}; assumes no cell was left blank)")
    return Assigned(cells, "derived", None, note)


def _with_lookalikes(vals: list[Token], units: Sequence[str], identity: Identity | None, lookalikes: list[str],
                     run_together: bool) -> Assigned:
    """A row with letters that look like digits (`O` for 0, `l` for 1): read as those digits
    only when there is one value per column and the row's identity holds with them; the
    cells are then `derived`, the note says which letters were read as which digits."""
    n = len(units)
    shown = ", ".join(f"'{r}'" for r in lookalikes[:3])
    if len(vals) != n or run_together or identity is None:
        return _unassignable(n, vals[0].page, f"letters that look like digits ({shown}) in a row that cannot be "
                                             f"checked, cells left empty")
    got = _from_tokens(vals, units)
    if not got.ok:
        return got
    if any(c.value is None or not float(c.value).is_integer() for c in got.cells) or \
            not identity([int(c.value) for c in got.cells]):
        return _unassignable(n, vals[0].page, f"letters that look like digits ({shown}): read as digits the row's "
                                             f"identity does not hold, cells left empty")
    note = (f"letters that look like digits ({shown}) read as {', '.join(t.norm for t in vals if _LOOKALIKE.search(t.raw))}"
            f": the row's identity holds with them")
    return Assigned(got.cells, "derived", None, note)


def joinings(runs: Sequence[str], n: int) -> list[list[str]]:
    """Every way to join neighbouring digit runs into n numbers without leading zeros."""
    out = []
    for joins in combinations(range(len(runs) - 1), len(runs) - n):
        parts, acc = [], runs[0]
        for i in range(1, len(runs)):
            if i - 1 in joins:
                acc += runs[i]
            else:
                parts.append(acc)
                acc = runs[i]
        parts.append(acc)
        if not any(len(p) > 1 and p[0] == "0" for p in parts):
            out.append(parts)
    return out


def _join_stray_spaces(vals: list[Token], units: Sequence[str], identity: Identity) -> Assigned:
    """More digit runs than columns on one line (`2 1 2 0 0 1 1 25` for 7 columns): a space
    printed inside a number. Joined only when exactly one way of joining neighbours gives
    numbers without leading zeros that satisfy the row's identity (cells `derived`);
    otherwise unassignable, the candidate readings listed."""
    n = len(units)
    runs = [t.norm for t in vals]
    shown = " ".join(runs)
    extra = len(runs) - n
    fitting = []
    if math.comb(len(runs) - 1, extra) <= _MAX_SPLITS:
        fitting = [parts for parts in joinings(runs, n) if identity([int(p) for p in parts])]
    if len(fitting) != 1:
        listed = " / ".join(" ".join(c) for c in fitting[:_MAX_SHOWN_CANDIDATES])
        why = "no joining of neighbouring numbers fits the row's identity" if not fitting else \
            f"{len(fitting)} joinings fit the row's identity ({listed})"
        return _unassignable(n, vals[0].page, f"{_count(len(runs))} ('{shown}') for {n} columns: {why}, "
                                             f"cells left empty")
    chosen = fitting[0]
    pages, k = [], 0
    for part in chosen:  # each part starts at a run: its page is that run's
        pages.append(vals[k].page)
        k += _runs_in(part, runs[k:])
    cells = [Cell(float(int(p)), "number", p, pg) for p, pg in zip(chosen, pages)]
    note = (f"{_count(len(runs))} ('{shown}') for {n} columns read as {' | '.join(chosen)}: the only joining of "
            f"neighbouring numbers (a space printed inside a number) that satisfies the row's identity")
    return Assigned(cells, "derived", None, note)


def _runs_in(part: str, runs: list[str]) -> int:
    """How many of the leading `runs` make up `part`."""
    acc, k = "", 0
    while acc != part:
        acc += runs[k]
        k += 1
    return k
