"""Plain text (as a crawler or a PDF-to-text tool leaves it) and Markdown renderings."""
from __future__ import annotations

from etl.demo.content import Grid, Para, ReportContent
from etl.demo.md_conversion import MarkdownLines
from etl.model import make_table


def _txt_grid(grid: Grid, page_number: int) -> list[str]:
    if grid.kind == "categories":  # one cell per line with a trailing ' |' (as in a real 2018 report)
        return [f"{text} |" for row in grid.rows for text, _, _ in row]
    table = make_table(grid.rows)
    lines = []
    for r in range(table.n_rows):
        cells = [table.rows[r][c] for c in range(table.n_cols) if table.is_origin(r, c)]
        lines.append(" ".join(c for c in cells if c))
        if grid.page_break_after == r:
            lines.append(f"- {page_number} -")
    return lines


def render_txt(content: ReportContent) -> bytes:
    lines: list[str] = []
    page = 2
    for block in content.blocks:
        if isinstance(block, Para):
            lines.append(block.text)
        else:
            lines.extend(_txt_grid(block, page))
            page += 1
    return ("\n".join(lines) + "\n").encode("utf-8")


def render_md(content: ReportContent) -> bytes:
    """Markdown as converters write it: plain lines, pipe tables of the span-resolved grid (a
    merged cell's text once, the positions it covers left empty), line breaks in cells as spaces."""
    lines: list[str] = []
    for block in content.blocks:
        if isinstance(block, Para):
            lines += [block.text, ""]
            continue
        if isinstance(block, MarkdownLines):  # a table as a PDF-to-Markdown converter broke it
            lines += block.lines + [""]
            continue
        table = make_table(block.rows)
        for r in range(table.n_rows):
            # a merged cell's text once, at its top-left position; the positions it covers are empty
            cells = [table.rows[r][c] if table.is_origin(r, c) else "" for c in range(table.n_cols)]
            lines.append("| " + " | ".join(c.replace("\n", " ") for c in cells) + " |")
            if r == 0:
                lines.append("|" + "---|" * table.n_cols)
        lines.append("")
    return "\n".join(lines).encode("utf-8")
