"""The metric catalog (etl/metadata/metrics.csv): keys, units, zh/en labels, descriptions."""
from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from etl.metadata import vocab

CATALOG_CSV = Path(__file__).with_name("metrics.csv")


@dataclass(frozen=True)
class Metric:
    metric: str
    section: str
    templates: tuple[str, ...]
    unit: str
    label_zh: str
    label_en: str
    description: str


@cache
def metrics() -> dict[str, Metric]:
    out: dict[str, Metric] = {}
    with CATALOG_CSV.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            templates = tuple(t.strip() for t in row["templates"].split(","))
            vocab.require_all(vocab.TEMPLATES, templates)
            vocab.require(vocab.UNITS, row["unit"], nullable=False)
            out[row["metric"]] = Metric(row["metric"], row["table"], templates, row["unit"],
                                        row["label_zh"], row["label_en"], row["description"])
    return out


def metric(key: str) -> Metric:
    """The catalog entry for `key`; raises KeyError naming the unknown key."""
    try:
        return metrics()[key]
    except KeyError:
        raise KeyError(f"metric {key!r} is not in the catalog ({CATALOG_CSV.name})") from None


def label(key: str, lang: str = "zh") -> str:
    m = metric(key)
    return m.label_en if lang == "en" else m.label_zh
