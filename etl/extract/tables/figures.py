"""Turning assigned cells into `Figure`s."""
from __future__ import annotations

from functools import cache
from typing import Sequence

from etl.extract.tables.assign import Assigned
from etl.split_candidates import make_split_row
from etl.metadata.catalog import metric as catalog_metric
from etl.model import Figure


def row_figures(assigned: Assigned, metrics: Sequence[str], dimensions: Sequence[str | None],
                evidence: str, page: int | None, *, problem: str | None = None) -> list[Figure]:
    """The row's figures; `problem` is the report's problem line for the row when it could not
    be assigned (kept with its candidate splits, issue 20)."""
    source_kind = assigned.source_kind or "table"
    if assigned.note:  # a derived reading says which rule forced it (issue 20)
        evidence = f"{evidence} [{assigned.note}]"
    # (positional arguments: a dataclass __init__ takes them at half the cost of keywords)
    # (restated_as, bbox and locator None; printed_at given here rather than set in a second loop)
    units = units_of(tuple(metrics))
    tokens = assigned.plain_tokens
    if tokens is not None:  # (a plain row: each figure straight from its token, as its cell would give it)
        return [Figure(metric, tok.cell.value, "number", source_kind, evidence, tok.raw, dim,
                       tok.page if tok.page is not None else page, unit, None, None, None, (tok.pos, len(tok.raw)))
                for tok, metric, dim, unit in zip(tokens, metrics, dimensions, units)]
    figures = [Figure(metric, cell.value, cell.kind, source_kind, evidence, cell.raw, dim,
                      cell.page if cell.page is not None else page, unit, None, None, None, cell.at)
               for cell, metric, dim, unit in zip(assigned.cells, metrics, dimensions, units)]
    if assigned.candidates and not assigned.ok and figures:
        # (issue 20) kept for the same organ's adjacent reports: etl.load.cross_report
        figures[0].split_candidates = make_split_row(metrics, dimensions, assigned.candidates, evidence,
                                                    problem or "")
    return figures


@cache  # one look-up per row, not per cell
def units_of(metrics: tuple[str, ...]) -> tuple[str, ...]:
    """The catalog unit of each metric."""
    return tuple(catalog_metric(m).unit for m in metrics)

