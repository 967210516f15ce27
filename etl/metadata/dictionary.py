"""Render the data dictionary (docs/data-dictionary.md) from the metadata."""
from __future__ import annotations

from etl.metadata import vocab
from etl.metadata.catalog import metrics
from etl.metadata.schema import RELATIONS


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown() -> str:
    lines = [
        "# Data dictionary",
        "",
        "Generated from `etl/metadata` by `xxgk docs` (a test fails when this file is stale). "
        "Do not edit by hand.",
        "",
    ]
    for rel in RELATIONS:
        lines += [f"## `{rel.name}` ({rel.kind})", "", _cell(rel.description), ""]
        lines += ["| column | type | description |", "| --- | --- | --- |"]
        lines += [f"| `{c.name}` | {c.type} | {_cell(c.description)} |" for c in rel.columns]
        lines.append("")
    lines += ["## Vocabularies", ""]
    for name in ("STATUSES", "TEMPLATES", "VALUE_KINDS", "SOURCE_KINDS", "CHECK_STATUSES", "ADMIN_LEVELS",
                 "DIMENSIONS_T3", "UNITS", "READ_METHODS", "RULES"):
        lines += [f"### {name.lower()}", "", "| code | meaning |", "| --- | --- |"]
        lines += [f"| `{k}` | {_cell(v)} |" for k, v in getattr(vocab, name).items()]
        lines.append("")
    lines += ["## Metrics", "", "| metric | section | templates | unit | label (zh) | label (en) | description |",
              "| --- | --- | --- | --- | --- | --- | --- |"]
    for m in metrics().values():
        lines.append(f"| `{m.metric}` | {m.section} | {', '.join(m.templates)} | {m.unit} | {_cell(m.label_zh)} | "
                     f"{_cell(m.label_en)} | {_cell(m.description)} |")
    lines.append("")
    return "\n".join(lines)
