"""表三 as a third-party PDF-to-Markdown converter leaves it (issue 20; modelled on corpus 013).

What such a converter does to a table, and what this module prints in its place:
- the header rows split: the header words as plain lines broken mid-word (`商业企科研机社会公法律服`)
  and a pipe row of the leftover pieces (`| 业 | 构 | 益组织 | 务机构 |`) — `split_header`;
- a row whose label cell wraps over several lines loses its label to plain lines and keeps its
  numbers as a pipe row of their own (a "bare" row); the label lines are held back and printed
  together later, often after the numbers of other rows, so labels and numbers come in different
  orders (`labels_away`, `labels_out_of_order`); a label printed right before its bare row is
  `next_line`;
- a delimiter row (`|---|`) after almost every row, rows of different widths;
- some rows printed as plain lines, label and numbers on one line (`plain_rows`);
- the table broken over a page: a page-number line and the header repeated (`page_break`);
- a stray number line among the label lines (013's `1`), which is no row's (`stray_number`).

Rows whose label is short stay whole (label and numbers on one pipe row), and so do the rows the
table is found by (一、 二、 （一） （七） 四、). The numbers of the rows come in the table's order,
and every label is printed somewhere in the table: the reading order fixes where each bare row
goes. The cells of the bare rows are listed as `derived` in the truth (read by row order).
"""
from __future__ import annotations

import random
from dataclasses import dataclass

from etl.demo.content import Cell, Grid

# the rows 表三 is found by and that anchor the order: always printed whole
_ANCHOR_PREFIXES = ("一、", "二、", "（一）", "（七）", "四、")


@dataclass
class MarkdownLines:
    """Lines printed as they are (render_md copies them)."""

    lines: list[str]


def _wrap(text: str, width: int) -> list[str]:
    """The label cut into lines of `width` characters, never between a row number and its mark
    (`1` / `.本机关…`: the number would stand as a value after label text)."""
    text = text.replace("\n", "")
    out, i = [], 0
    while i < len(text):
        j = min(i + width, len(text))
        while i + 1 < j < len(text) and text[j - 1].isdigit() and text[j] in ".、":
            j -= 1
        out.append(text[i:j])
        i = j
    return out


def _pipe(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _rule(n: int) -> str:
    return "|" + "---|" * n


def _header_lines(rng: random.Random) -> list[str]:
    """The applicant-column header as 013 prints it: words cut by the converter."""
    return ["申请人情况", "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
            "自然人总计", "商业企科研机社会公法律服", "其他", _pipe(["业", "构", "益组织", "务机构"] + [""] * rng.randint(1, 5)),
            _rule(9)]


def _labels(row: list[Cell]) -> tuple[list[str], str]:
    """(group labels printed in the row, the row's own label)."""
    texts = [c[0].replace("\n", "") for c in row[:-7] if c[0].strip()]
    return texts[:-1], texts[-1]


def convert_t3(grid: Grid, metrics: list[str], rng: random.Random) -> tuple[MarkdownLines, list[str], list[str]]:
    """The grid as a converter breaks it: (the lines, the metrics whose numbers are printed on a
    bare row, the styles used)."""
    rows = grid.rows[grid.header_rows:]
    width = rng.randint(8, 13)  # the label column's width in characters
    lines: list[str] = []
    used: set[str] = set()
    if rng.random() < 0.7:
        lines += _header_lines(rng)
        used.add("split_header")
    pending: list[tuple[int, list[str]]] = []  # label lines held back: (row index, lines)
    bare: list[str] = []
    stray_at = rng.randrange(len(rows)) if rng.random() < 0.3 else None
    break_at = rng.randrange(4, len(rows) - 3) if rng.random() < 0.4 else None

    def flush() -> None:
        if len(pending) > 1 and any(i < j for (i, _), (j, _) in zip(pending, pending[1:])) and rng.random() < 0.3:
            pending.reverse()  # the converter put a later label's lines first
            used.add("labels_out_of_order")
        for _, ls in pending:
            lines.extend(ls)
        if pending:
            lines.append("")
        pending.clear()

    for k, (row, metric) in enumerate(zip(rows, metrics)):
        groups, label = _labels(row)
        values = [c[0] for c in row[-7:]]
        whole = label.startswith(_ANCHOR_PREFIXES) or len(label) <= width
        if whole:
            if pending and rng.random() < 0.5:
                flush()
            if rng.random() < 0.25:
                lines.append(" ".join(groups + [label] + values))  # a plain line
                used.add("plain_rows")
            else:
                lines.append(_pipe(groups + [label] + values + ([""] if rng.random() < 0.2 else [])))
                lines.append(_rule(len(groups) + 8))
        else:
            text = _wrap("".join(groups) + label, width)
            if k == stray_at:
                text.append(str(rng.randint(1, 9)))
                used.add("stray_number")
            if rng.random() < 0.3:
                flush()
                lines.extend(text)
                used.add("next_line")
            else:
                pending.append((k, text))
                used.add("labels_away")
            lines.append(_pipe(values))
            lines.append(_rule(7))
            bare.append(metric)
            if rng.random() < 0.4:
                flush()
        if k == break_at:
            flush()
            lines += ["", f"- {rng.randint(2, 9)} -", "", _pipe(["申请人情况", "自然人", "商业企业", "科研机构", "社会公益组织",
                                                                "法律服务机构", "其他", "总计"]), _rule(8)]
            used.add("page_break")
    flush()
    return MarkdownLines(lines), bare, sorted(used)


def convert_t2(grid: Grid, rng: random.Random) -> tuple[MarkdownLines, list[str]]:
    """表二 as 013 prints it: the blocks after the first as plain lines (`行政许可 97`), the first
    block (第二十条第（一）项, 规章 and 规范性文件) moved to the end as a pipe table under a heading
    of its own, its header row kept (the row labels are unique: found wherever they are)."""
    blocks: list[list[list[str]]] = []
    for row in grid.rows:
        texts = [c[0].replace("\n", "") for c in row]
        if texts[0].startswith("第二十条第"):
            blocks.append([])
        if blocks:
            blocks[-1].append(texts)
    first, rest = blocks[0], blocks[1:]
    lines = [" ".join(t for t in first[0] if t)]  # its 第二十条第（一）项 header stays in place
    for block in rest:
        lines += [" ".join(t for t in texts if t) for texts in block]
    lines += ["## 表二：主动公开政府信息情况"]
    width = max(len(texts) for texts in first[1:])
    for k, texts in enumerate(first[1:]):
        if texts[0] == "行政规范性文件" and rng.random() < 0.5:
            texts = ["规范性文件", *texts[1:]]  # 013's label
        lines.append(_pipe(texts + [""] * (width - len(texts))))
        if k == 0:
            lines.append(_rule(width))
    return MarkdownLines(lines), ["t2_first_block_last"]
