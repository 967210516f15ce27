"""The label maps of the standard tables (etl/metadata/templates/*.toml) as typed objects.

A template version is a TOML file; the code below never names a template, so adding a
version means adding a file.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
COMMON = "common"


@dataclass(frozen=True)
class T2Row:
    label: str
    anchors: tuple[str, ...]
    metrics: tuple[str, ...]


@dataclass(frozen=True)
class T3Row:
    metric: str
    label: str
    anchors: tuple[str, ...]
    # optional rows may be absent without a problem (2021 （六） header and its sub-rows)
    optional: bool = False


@dataclass(frozen=True)
class LabelMap:
    name: str
    markers: tuple[str, ...]
    t2_boundaries: tuple[str, ...]
    t2_rows: tuple[T2Row, ...]
    t3_rows: tuple[T3Row, ...]


@dataclass(frozen=True)
class Layout:
    """What every template shares: region anchors, 表三 columns, 表四 cells."""

    t2_start: tuple[str, ...]
    t2_misread_start_regex: tuple[str, ...]
    t2_fallback_start: tuple[str, ...]
    t2_end: tuple[str, ...]
    t3_fallback_start: tuple[str, ...]
    t4_start: tuple[str, ...]
    t4_end_regex: tuple[str, ...]
    t3_columns: tuple[str, ...]
    t3_column_labels: tuple[str, ...]
    t4_groups: tuple[tuple[str, str], ...]  # (metric prefix, label)
    t4_columns: tuple[str, ...]
    t4_column_labels: tuple[str, ...]

    @property
    def t4_metrics(self) -> tuple[str, ...]:
        return tuple(f"{g}.{c}" for g, _ in self.t4_groups for c in self.t4_columns)


def _load(name: str) -> dict:
    with (TEMPLATES_DIR / f"{name}.toml").open("rb") as fh:
        return tomllib.load(fh)


@cache
def template_names() -> tuple[str, ...]:
    return tuple(sorted(p.stem for p in TEMPLATES_DIR.glob("*.toml") if p.stem != COMMON))


@cache
def label_map(name: str) -> LabelMap:
    d = _load(name)
    return LabelMap(
        name=d["name"],
        markers=tuple(d["markers"]),
        t2_boundaries=tuple(d.get("t2_boundaries", ())),
        t2_rows=tuple(T2Row(r["label"], tuple(r["anchors"]), tuple(r["metrics"])) for r in d["t2"]["rows"]),
        t3_rows=tuple(T3Row(r["metric"], r["label"], tuple(r["anchors"]), bool(r.get("optional", False)))
                      for r in d["t3"]["rows"]),
    )


@cache
def layout() -> Layout:
    d = _load(COMMON)
    reg = d["regions"]
    return Layout(
        t2_start=tuple(reg["t2_start"]), t2_misread_start_regex=tuple(reg["t2_misread_start_regex"]),
        t2_fallback_start=tuple(reg["t2_fallback_start"]),
        t2_end=tuple(reg["t2_end"]), t3_fallback_start=tuple(reg["t3_fallback_start"]),
        t4_start=tuple(reg["t4_start"]), t4_end_regex=tuple(reg["t4_end_regex"]),
        t3_columns=tuple(d["t3"]["columns"]), t3_column_labels=tuple(d["t3"]["column_labels"]),
        t4_groups=tuple((g["key"], g["label"]) for g in d["t4"]["groups"]),
        t4_columns=tuple(d["t4"]["columns"]), t4_column_labels=tuple(d["t4"]["column_labels"]),
    )
