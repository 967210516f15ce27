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
    return [Figure(metric=metric, value=cell.value, value_kind=cell.kind, source_kind=source_kind,
                   evidence=evidence, raw_text=cell.raw, dimension=dim,
                   page=cell.page if cell.page is not None else page, unit=_unit(metric))
            for cell, metric, dim in zip(assigned.cells, metrics, dimensions)]


@cache
def _unit(metric: str) -> str:
    return catalog_metric(metric).unit

