"""表二, 表三 and 表四 of one report laid out as the regulations print them (issue 22).

The layout comes from the template label maps (etl/metadata/templates/*.toml through
etl.extract.tables.labels) and the metric catalog's Chinese labels, never from a copy:
- 表二: the template's rows in order; consecutive rows whose cells have the same column
  headings (the catalog label after the row's own label) form one block with a heading row,
  as the 第二十条 blocks are printed;
- 表三: the template's rows, a row label `（三）不予公开 1.属于国家秘密` split into its group
  (spanning its rows) and its item, under the applicant columns of the layout;
- 表四: the layout's three groups (`行政诉讼 复议后起诉` split into heading and sub-heading)
  and five result columns, one row of values.
What each value cell shows (its value or blank/not-applicable mark, derived/corrected/OCR
marks, the expected value of a failing check on hover) is decided here too; the report page
draws the grid with Streamlit elements (no HTML). Pure: no Streamlit, no database.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from etl.metadata.label_maps import label_map, layout, template_names

Key = tuple[str, str | None]  # (metric, dimension)


@dataclass(frozen=True)
class Head:
    """A heading or label cell."""

    text: str
    colspan: int = 1
    rowspan: int = 1
    heading: bool = False  # a column heading inside the body (表二's block headings)


@dataclass(frozen=True)
class Value:
    """A value cell: the figure (metric, dimension)."""

    metric: str
    dimension: str | None = None
    colspan: int = 1


@dataclass
class PrintedTable:
    name: str  # 表二, 表三, 表四
    heading: list[list[Head]] = field(default_factory=list)
    rows: list[list[Head | Value]] = field(default_factory=list)

    def keys(self) -> list[Key]:
        return [(c.metric, c.dimension) for row in self.rows for c in row if isinstance(c, Value)]


def _column_heading(metric: str, row_label: str, catalog_labels: dict[str, str]) -> str:
    """What the column of `metric` is called: its catalog label after the row's own label."""
    label = catalog_labels.get(metric, metric)
    return label.rsplit(" ", 1)[-1] if " " in label else label


def table_two(template: str, catalog_labels: dict[str, str]) -> PrintedTable:
    rows = label_map(template).t2_rows
    width = max(len(r.metrics) for r in rows)
    out = PrintedTable("表二")
    previous: tuple[str, ...] | None = None
    for r in rows:
        headings = tuple(_column_heading(m, r.label, catalog_labels) for m in r.metrics)
        if headings != previous:  # a new 第二十条 block: its heading row
            cells = [Head("信息内容", heading=True)] + [Head(h, heading=True) for h in headings]
            if len(headings) < width:
                cells[-1] = Head(headings[-1], colspan=width - len(headings) + 1, heading=True)
            out.rows.append(cells)
            previous = headings
        values: list[Head | Value] = [Head(r.label)] + [Value(m) for m in r.metrics]
        if len(r.metrics) < width:
            last = values[-1]
            values[-1] = Value(last.metric, None, colspan=width - len(r.metrics) + 1)
        out.rows.append(values)
    return out


def table_three(template: str, present: set[Key]) -> PrintedTable:
    lay = layout()
    out = PrintedTable("表三")
    out.heading = [[Head("", colspan=2, rowspan=2), Head("申请人情况", colspan=len(lay.t3_columns))],
                   [Head(label) for label in lay.t3_column_labels]]
    rows = [r for r in label_map(template).t3_rows
            if not r.optional or any((r.metric, d) in present for d in lay.t3_columns)]
    groups = [r.label.split(" ", 1) for r in rows]
    for i, (r, parts) in enumerate(zip(rows, groups)):
        cells: list[Head | Value] = []
        if len(parts) == 1:
            cells.append(Head(parts[0], colspan=2))
        else:
            group, item = parts
            if i == 0 or groups[i - 1][0] != group or len(groups[i - 1]) == 1:
                span = 1
                while i + span < len(groups) and len(groups[i + span]) == 2 and groups[i + span][0] == group:
                    span += 1
                cells.append(Head(group, rowspan=span))
            cells.append(Head(item))
        cells += [Value(r.metric, d) for d in lay.t3_columns]
        out.rows.append(cells)
    return out


def table_four() -> PrintedTable:
    lay = layout()
    n = len(lay.t4_columns)
    out = PrintedTable("表四")
    parts = [label.split(" ", 1) for _, label in lay.t4_groups]
    top: list[Head] = []
    i = 0
    while i < len(parts):
        j = i
        while j + 1 < len(parts) and len(parts[j + 1]) == 2 and len(parts[i]) == 2 and parts[j + 1][0] == parts[i][0]:
            j += 1
        top.append(Head(parts[i][0], colspan=n * (j - i + 1), rowspan=1 if len(parts[i]) == 2 else 2))
        i = j + 1
    sub = [Head(p[1], colspan=n) for p in parts if len(p) == 2]
    out.heading = [top, sub, [Head(label) for _ in lay.t4_groups for label in lay.t4_column_labels]]
    out.rows = [[Value(f"{key}.{col}") for key, _ in lay.t4_groups for col in lay.t4_columns]]
    return out


def printed_tables(template: str | None, catalog_labels: dict[str, str], present: set[Key]) -> list[PrintedTable]:
    """The standard tables of a report of this template (none for pre2019 or an unknown one)."""
    if template not in template_names():
        return []
    return [table_two(template, catalog_labels), table_three(template, present), table_four()]


# -- what each cell shows ------------------------------------------------------------------

MARKS = {"derived": ("拆", "derived: digits run together, split by the template identity"),
         "corrected": ("改", "corrected by the corrections file"),
         "ocr": ("OCR", "read by OCR from a scanned page")}


@dataclass(frozen=True)
class CellState:
    """What a value cell shows."""

    value: float | None
    value_kind: str
    source_kind: str = "table"
    corrected: bool = False
    expected: list[tuple[str, float | None, str]] = field(default_factory=list)  # failing checks: (rule, expected, detail)


def fmt(v: float | None) -> str:
    if v is None:
        return ""
    return f"{int(v):,}" if float(v).is_integer() else f"{v:,.2f}".rstrip("0").rstrip(".")


def cell_text(state: CellState | None) -> tuple[str, str]:
    """(text shown, its meaning) of a cell: the number, or the mark of a cell without one."""
    if state is None:
        return "缺", "no figure: not found in the report"
    kind = state.value_kind
    if kind == "blank":
        return "空", "blank: the cell was left empty (never read as 0)"
    if kind == "not_applicable":
        return "／", "not applicable: the cell printed / or —"
    if kind == "unassignable":
        return "?", "unassignable: the digits could not be assigned to this cell with certainty"
    if kind == "approximate":
        return "≈" + fmt(state.value), "approximate figure"
    return fmt(state.value), "number as printed"


def marks(state: CellState | None) -> list[tuple[str, str]]:
    """The marks of a cell: (mark, meaning) for derived, corrected and OCR'd cells."""
    if state is None:
        return []
    out = []
    if state.source_kind == "derived":
        out.append(MARKS["derived"])
    elif state.source_kind not in ("table", "text"):
        out.append(MARKS.get(state.source_kind, (state.source_kind, state.source_kind)))
    if state.corrected:
        out.append(MARKS["corrected"])
    return out


def tooltip(key: Key, state: CellState | None) -> str:
    """What hovering a cell says: the cell, what its text means, the expected value of each
    failing check and the meaning of its marks."""
    metric, dimension = key
    lines = [metric + (f" · {dimension}" if dimension else ""), cell_text(state)[1]]
    if state is not None:
        lines += [f"应为 expected {fmt(e)} ({rule}): {detail}" for rule, e, detail in state.expected]
        lines += [f"{m}: {why}" for m, why in marks(state)]
    return "  \n".join(lines)


def review_query(report_id: str, metric: str, dimension: str | None) -> dict[str, str]:
    """The review page's query parameters for a cell."""
    return {"report": report_id, "metric": metric, **({"dim": dimension} if dimension is not None else {})}


# -- the grid --------------------------------------------------------------------------------

# relative widths of a table's grid columns: label columns wider than value columns
def widths(table: PrintedTable) -> list[float]:
    n = max(sum(c.colspan for c in row) for row in table.heading + table.rows)
    if table.name == "表三":
        return [1.4, 3.0] + [1.0] * (n - 2)
    if table.name == "表二":
        return [2.2] + [1.3] * (n - 1)
    return [1.0] * n


def expanded(rows: list[list[Head | Value]]) -> list[list[tuple[int, int, Head | Value | None]]]:
    """Each row as (grid column, columns spanned, cell), the positions a row span from above
    covers given with cell None, so a renderer without row spans keeps every column in place."""
    covered: dict[tuple[int, int], int] = {}  # (row, col) → colspan of the covering cell
    out = []
    for r, row in enumerate(rows):
        line: list[tuple[int, int, Head | Value | None]] = []
        col = 0
        cells = list(row)
        while cells or (r, col) in covered:
            if (r, col) in covered:
                span = covered[(r, col)]
                line.append((col, span, None))
                col += span
                continue
            c = cells.pop(0)
            line.append((col, c.colspan, c))
            if isinstance(c, Head) and c.rowspan > 1:
                for k in range(1, c.rowspan):
                    covered[(r + k, col)] = c.colspan
            col += c.colspan
        out.append(line)
    return out
