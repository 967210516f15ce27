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
                 "DIMENSIONS_T3", "UNITS", "READ_METHODS", "RULES", "CORRECTION_STATUSES"):
        lines += [f"### {name.lower()}", "", "| code | meaning |", "| --- | --- |"]
        lines += [f"| `{k}` | {_cell(v)} |" for k, v in getattr(vocab, name).items()]
        lines.append("")
    lines += ["## Metrics", "", "| metric | section | templates | unit | label (zh) | label (en) | description |",
              "| --- | --- | --- | --- | --- | --- | --- |"]
    for m in metrics().values():
        lines.append(f"| `{m.metric}` | {m.section} | {', '.join(m.templates)} | {m.unit} | {_cell(m.label_zh)} | "
                     f"{_cell(m.label_en)} | {_cell(m.description)} |")
    lines.append("")
    lines += _scorecard_section()
    return "\n".join(lines)


def _scorecard_section() -> list[str]:
    """The scorecard's indicators (etl/metadata/scorecard_indicators.csv) and default weights."""
    from etl.metadata.scorecard import indicators, load_weights

    weights = load_weights()
    lines = ["## Scorecard indicators", "",
             "Columns of `v_scorecard` (etl/metadata/scorecard_indicators.csv); default weights from "
             "etl/metadata/scorecard.toml (`xxgk scorecard --weights FILE` uses another file).", "",
             "| indicator | label (zh) | label (en) | definition | denominator | NULL when | source | goodness (0-1) | default weight |",
             "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"]
    for i in indicators().values():
        w = weights.get(i.indicator)
        lines.append(f"| `{i.indicator}` | {_cell(i.label_zh)} | {_cell(i.label_en)} | {_cell(i.definition)} | "
                     f"{_cell(i.denominator)} | {_cell(i.null_rule)} | {_cell(i.source)} | "
                     f"{_cell(i.goodness) or 'not scored'} | {'' if w is None else f'{w:g}'} |")
    lines.append("")
    return lines
