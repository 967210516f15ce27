"""Turning assigned cells into `Figure`s."""
from __future__ import annotations

from functools import cache
from typing import Sequence

from etl.extract.tables.assign import Assigned
from etl.metadata.catalog import metric as catalog_metric
from etl.model import Figure


def row_figures(assigned: Assigned, metrics: Sequence[str], dimensions: Sequence[str | None],
                evidence: str, page: int | None) -> list[Figure]:
    source_kind = assigned.source_kind or "table"
    if assigned.note:  # a derived reading says which rule forced it (issue 20)
        evidence = f"{evidence} [{assigned.note}]"
    # (positional arguments: a dataclass __init__ takes them at half the cost of keywords)
    # (restated_as, bbox and locator None; printed_at given here rather than set in a second loop)
    return [Figure(metric, cell.value, cell.kind, source_kind, evidence, cell.raw, dim,
                   cell.page if cell.page is not None else page, unit, None, None, None, cell.at)
            for cell, metric, dim, unit in zip(assigned.cells, metrics, dimensions, _units(tuple(metrics)))]


@cache  # one look-up per row, not per cell
def _units(metrics: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(catalog_metric(m).unit for m in metrics)

