"""Phrasings and degraded-text quirks of issue 20, applied to a composed report with their truth.

Applied after etl.demo.content.compose, from an rng of their own (seeded by the organ, year and
format, so the main draws of the generator and the rest of the corpus are unchanged):
- prose phrasings real reports use: words between verb and noun (主动公开本系统各科室政府信息N条,
  受理…通过信函、网页提交的各类政府信息公开申请共计N件), noun-first order (全年政府信息主动公开N条),
  依申请信息公开, 全年共收到N件申请, 办理, 2022年，…累计… as the year's figure, category lists
  introduced by 信息类别包括 or in the next sentence, a last item without its unit, zeros without
  the usual verb (本年度无收费情况 under the fee heading, 未产生任何信息处理费用);
- trap sentences that look alike but state no figure of the truth (未发生…考核扣分情况,
  予以公开及部分公开N件, 行政公文和政策解读信息N条, 涉密文件不予公开N件, the fee policy);
- txt tables (t2019/t2021, reports without planted failures): a row of zeros printed with no
  digits (blank cells), a row's numbers on the line after its label, full-width digits, an
  `O` for a 0 (read as derived), a space printed inside a number where exactly one joining of
  neighbours fits the row sum (derived);
- a covering letter (关于报送《…》的函) in place of the title (txt, docx);
- md: 表三 as a PDF-to-Markdown converter breaks it (etl.demo.md_conversion, modelled on 013).
The truth changes only where the printed facts do (blank cells, category labels) and lists
the cells that are read as `derived` (`derived_cells`) and the variants used (`phrasings`).
"""
from __future__ import annotations

import random
import zlib

from etl.demo.content import Grid, Para, ReportContent
from etl.demo.layouts import T3_DIMENSIONS, t3_row_metrics
from etl.demo.numbers import YearFigures
from etl.demo.organs import Organ
from etl.demo.quirks import ReportQuirks
from etl.metadata.identities import V1_BALANCE

RATE = 0.35  # the share of reports that get each applicable variant
_FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")


def variant_rng(organ: Organ, fig: YearFigures, fmt: str) -> random.Random:
    return random.Random(zlib.crc32(f"issue20:{organ.bureau_name}:{fig.year}:{fmt}".encode()))


def _replace(content: ReportContent, old: str, new: str) -> bool:
    for block in content.blocks:
        if isinstance(block, Para) and old in block.text:
            block.text = block.text.replace(old, new, 1)
            return True
    return False


def _append_to(content: ReportContent, holding: str, sentence: str) -> bool:
    for block in content.blocks:
        if isinstance(block, Para) and holding in block.text:
            block.text += sentence
            return True
    return False


def _prose(content: ReportContent, organ: Organ, fig: YearFigures, quirks: ReportQuirks, rng: random.Random,
           used: list[str]) -> None:
    me, year, n = organ.self_name, fig.year, fig.proactive_total
    default_total = f"{year}年，{me}在政府门户网站主动公开政府信息{n}条"
    plain = "text.proactive.total" not in content.approximate and "cumulative_beside_yearly" not in quirks
    listed = fig.template == "pre2019" and "local_category_table" not in quirks and plain
    # categories (pre2019 inline list after the default total sentence)
    if listed and fig.categories and rng.random() < RATE:
        inline = "，其中" + "，".join(f"{k}{v}条" for k, v in fig.categories) + "。"
        style = rng.choice(("包括", "next", "bare"))
        items = [f"{k}{v}条" for k, v in fig.categories]
        if style == "包括":
            new = "，信息类别包括：" + "、".join(items) + "。"
        elif style == "next":
            new = "。其中，" + "，".join(items) + "。"
        else:  # the last item without its unit, its label as 类
            k, v = fig.categories[-1]
            if len(fig.categories) < 3 or not k.endswith("类信息"):
                new = inline
            else:
                short = k[: -len("信息")]
                new = "，其中" + "，".join(items[:-1]) + f"，{short} {v}。"
                cats = dict(content.text["text.proactive.by_category"])
                del cats[k]
                cats[short] = v
                content.text["text.proactive.by_category"] = cats
        if new != inline and _replace(content, default_total + inline, default_total + new):
            used.append(f"categories_{style}")
        listed = False  # the total sentence now carries its list: keep its words
    # the proactive total
    if plain and not listed and rng.random() < RATE and "categories_next" not in used:
        style = rng.choice(("owner", "noun_first", "year_cumulative"))
        new = {"owner": f"{year}年，{me}主动公开本系统各科室政府信息{n}条",
               "noun_first": f"全年政府信息主动公开{n}条",
               "year_cumulative": f"{year}年，通过门户网站累计主动公开政府信息{n}条"}[style]
        if not any(u.startswith("categories") for u in used) and _replace(content, default_total, new):
            used.append(f"proactive_{style}")
    # requests received
    r = fig.requests_received
    if r and rng.random() < RATE:
        if fig.template == "pre2019":
            style = rng.choice(("between", "banli"))
        else:
            style = rng.choice(("between", "yishenqing", "noun_last"))
        old = f"{year}年，{me}共受理政府信息公开申请{r}件"
        new = {"between": f"{year}年，{me}共受理公民、法人和其他组织通过信函、网页提交的各类政府信息公开申请共计{r}件",
               "banli": f"{year}年，{me}共办理政府信息公开申请{r}件",
               "yishenqing": f"{year}年，本局共收到依申请信息公开{r}件",
               "noun_last": f"依申请公开方面，全年共收到{r}件申请"}[style]
        if _replace(content, old, new):
            used.append(f"received_{style}")
    # a fee of 0 stated without the usual verb
    if not fig.fees_yuan and rng.random() < RATE:
        if fig.template == "pre2019":
            ok = _replace(content, f"{year}年，{me}未向申请人收取任何费用，不存在减免情况。", "本年度无收费情况。")
            style = "heading"
        else:
            ok = any(_replace(content, s, f"{year}年，{me}未产生任何信息处理费用。")
                     for s in ("全年收取政府信息公开信息处理费0元。", f"{year}年，{me}未收取政府信息公开信息处理费。"))
            style = "no_verb"
        if ok:
            used.append(f"fee_zero_{style}")
    # traps: sentences that look like figures the truth does not have
    if rng.random() < RATE and _append_to(content, "（五）监督保障情况。", "全年未发生政府信息公开考核扣分情况。"):
        used.append("trap_negation")
    if fig.template != "pre2019" and r and rng.random() < RATE:
        both = fig.t3[("t3.granted", "total")] + fig.t3[("t3.partially_granted", "total")]
        if _append_to(content, "（二）依申请公开情况。", f"对收到的申请，予以公开及部分公开{both}件。"):
            used.append("trap_combined_outcomes")
    if fig.template != "pre2019" and rng.random() < RATE:
        if _append_to(content, "（二）依申请公开情况。", f"对申请涉及的涉密文件不予公开{rng.randint(1, 5)}件。"):
            used.append("trap_withheld_documents")
    if fig.template != "pre2019" and not fig.interpretations and rng.random() < RATE:
        if _append_to(content, "（一）主动公开情况。", f"全年发布行政公文和政策解读信息{rng.randint(5, 60)}条。"):
            used.append("trap_combined_interpretations")
    if fig.template == "t2021" and fig.fees_yuan and rng.random() < RATE:
        if _append_to(content, "（二）依申请公开情况。", "依申请提供政府信息，不收取费用。但是，申请人申请公开政府信息的"
                                                      "数量、频次明显超过合理范围的，行政机关可以收取信息处理费。"):
            used.append("trap_fee_policy")


def _joinings(tokens: list[str], n: int) -> list[list[str]]:
    """Every way to join neighbouring tokens into n numbers without leading zeros. The
    generator's own enumeration (recursive), not the extractor's: the truth it plants must not
    share the code it checks."""
    if n == 1:
        whole = "".join(tokens)
        return [[whole]] if len(whole) == 1 or whole[0] != "0" else []
    out = []
    for cut in range(1, len(tokens) - n + 2):
        head = "".join(tokens[:cut])
        if len(head) > 1 and head[0] == "0":
            continue
        out += [[head] + rest for rest in _joinings(tokens[cut:], n - 1)]
    return out


def _joinings_fitting(tokens: list[str]) -> int:
    """How many ways of joining neighbouring tokens into 7 numbers give a row whose last number
    is the sum of the others: the generator plants a space only where the answer is one."""
    return sum(int(p[-1]) == sum(map(int, p[:-1])) for p in _joinings(tokens, 7))


def _t3_printed_rows(grid: Grid, fig: YearFigures) -> dict | None:
    """表三's rows that print the truth, by metric: (the row's cells, its label); None when the
    grid is not a layout this module knows."""
    rows = grid.rows[grid.header_rows:]
    metrics = t3_row_metrics(fig.template)
    if len(rows) != len(metrics):
        return None
    return {m: (row, row[-8][0]) for m, row in zip(metrics, rows)
            if len(row) >= 8 and _row_values(row) == [fig.t3[(m, d)] for d in T3_DIMENSIONS]}


def _txt_tables(content: ReportContent, fig: YearFigures, rng: random.Random, used: list[str],
                derived: list[str]) -> None:
    grid = next((b for b in content.blocks if isinstance(b, Grid) and b.kind == "t3"), None)
    if grid is None:
        return
    by_metric = _t3_printed_rows(grid, fig)
    if by_metric is None:
        return  # not the layout this module knows
    zero_rows = [m for m, (row, _) in by_metric.items() if _row_values(row) == [0] * 7]
    if len(zero_rows) >= 3 and rng.random() < RATE:  # a row printed with no digits: blank cells
        m = rng.choice(zero_rows[1:])
        row, _ = by_metric.pop(m)
        for i in range(len(row) - 7, len(row)):
            row[i] = ("", 1, 1)
        for d in T3_DIMENSIONS:
            content.cells[f"{m}|{d}"] = None
        used.append("txt_blank_row")
    candidates = list(by_metric)
    rng.shuffle(candidates)
    for style in ("next_line", "fullwidth", "ocr_O", "stray_space"):
        if not candidates or rng.random() >= RATE:
            continue
        if style == "stray_space" and "txt_blank_row" in used:
            continue  # a row of 8 numbers makes the extractor doubt a blank row: not both in one table
        m = candidates.pop()
        row, label = by_metric[m]
        values = [str(v) for v in _row_values(row)]
        if style == "next_line":
            row[-8] = (label + "\n", *row[-8][1:])
        elif style == "fullwidth":
            for i, v in enumerate(values):
                row[len(row) - 7 + i] = (v.translate(_FULLWIDTH), 1, 1)
        elif style == "ocr_O":
            zeros = [i for i, v in enumerate(values[:-1]) if v == "0"]
            if not zeros:
                continue
            i = rng.choice(zeros)
            row[len(row) - 7 + i] = ("O", 1, 1)
            derived.extend(f"{m}|{d}" for d in T3_DIMENSIONS)
        else:
            wide = [i for i, v in enumerate(values) if len(v) >= 2]
            done = False
            for i in wide:
                tokens = values[:i] + [values[i][0], values[i][1:]] + values[i + 1:]
                if values[i][1] != "0" and _joinings_fitting(tokens) == 1:
                    row[len(row) - 7 + i] = (f"{values[i][0]} {values[i][1:]}", 1, 1)
                    derived.extend(f"{m}|{d}" for d in T3_DIMENSIONS)
                    done = True
                    break
            if not done:
                continue
        used.append(f"txt_{style}")
    if "txt_blank_row" not in used:  # (a row that cannot be read alone makes the blank row doubtful)
        _run_together_row(by_metric, candidates, fig, used, derived)
        if "txt_run_together_columns" not in used:
            _run_together_pair(by_metric, candidates, fig, used, derived)


def _splits_fitting(digits: str, parts: int, fits) -> tuple[int, int]:
    """(how many splits of `digits` into `parts` numbers without leading zeros there are, how
    many of them `fits`), by the generator's own enumeration."""
    splits = [[int(p) for p in s] for s in _joinings(list(digits), parts)]
    return len(splits), sum(1 for s in splits if fits(s))


def _run_together_row(by_metric: dict, candidates: list[str], fig: YearFigures, used: list[str],
                      derived: list[str]) -> None:
    """(issue 20) A 表三 row whose six applicant numbers are printed run together (`1210000 13`)
    where several splits fit the row's own sum, so that only the column identities (V1, V3,
    with the other rows as printed) say which: the extractor reads it as derived."""
    rng = random.Random(zlib.crc32(f"issue20-columns:{fig.year}:{sorted(candidates)}".encode()))
    if rng.random() >= RATE:
        return
    for m in sorted(candidates, key=lambda m: rng.random()):
        row, _ = by_metric[m]
        values = _row_values(row)
        digits = "".join(map(str, values[:-1]))
        if len(digits) > 14:
            continue
        n, fitting = _splits_fitting(digits, 6, lambda s, total=values[-1]: sum(s) == total)
        if fitting < 2:
            continue  # the row's own sum would do: not this variant
        _print_run_together(row, values)
        derived.extend(f"{m}|{d}" for d in T3_DIMENSIONS)
        used.append("txt_run_together_columns")
        candidates.remove(m)
        return


_V1 = V1_BALANCE  # per applicant column: 一 + 二 − （七） − 四 = 0


def _print_run_together(row, values: list[int]) -> None:
    row[len(row) - 7] = ("".join(map(str, values[:-1])), 1, 1)
    for i in range(len(row) - 6, len(row) - 1):
        row[i] = ("", 1, 1)


def _row_sum_splits(values: list[int]) -> list[list[int]]:
    """The splits of a row's six applicant numbers printed run together (the total printed
    apart) that fit the row sum; none when the run is too long to enumerate."""
    digits = "".join(map(str, values[:-1]))
    if len(digits) > 14:
        return []
    splits = [[int(p) for p in s] + [values[-1]] for s in _joinings(list(digits), 6)]
    return [s for s in splits if sum(s[:-1]) == values[-1]]


def _v1_fits(a: str, options_a: list, b: str, options_b: list, rest: dict[str, list[int]]) -> list[tuple]:
    """The pairs of splits of rows a and b that balance V1 in every column with the `rest`."""
    return [(x, y) for x in options_a for y in options_b
            if all(_V1[a] * x[c] + _V1[b] * y[c] + sum(_V1[m] * v[c] for m, v in rest.items()) == 0
                   for c in range(7))]


def _run_together_pair(by_metric: dict, candidates: list[str], fig: YearFigures, used: list[str],
                       derived: list[str]) -> None:
    """(issue 20) Two rows of V1 printed run together, each with several splits fitting its
    row sum, where only one pair of splits balances V1 with the other two rows as printed:
    neither row can be resolved alone, together they are (derived)."""
    rng = random.Random(zlib.crc32(f"issue20-pair:{fig.year}:{sorted(candidates)}".encode()))
    if rng.random() >= RATE or not all(m in by_metric for m in _V1):
        return
    values = {m: _row_values(by_metric[m][0]) for m in _V1}
    if None in values.values():  # a row printed with a blank or a mark: V1 cannot pin the pair
        return
    options = {m: _row_sum_splits(values[m]) for m in _V1 if m in candidates}
    options = {m: o for m, o in options.items() if len(o) >= 2}
    if len(options) < 2:
        return
    a, b = rng.sample(sorted(options), 2)
    rest = {m: values[m] for m in _V1 if m not in (a, b)}
    if len(_v1_fits(a, options[a], b, options[b], rest)) != 1:
        return
    for m in (a, b):
        _print_run_together(by_metric[m][0], _row_values(by_metric[m][0]))
        derived.extend(f"{m}|{d}" for d in T3_DIMENSIONS)
        candidates.remove(m)
    used.append("txt_run_together_pair")


def previous_year_splits(plan) -> None:
    """(issue 20) Mark the t2021 txt reports whose 表二 行政规范性文件 row is printed run
    together (`3020` for 3 0 20) where several splits exist and only the previous year's
    现行有效件数 (last year's stock + issued − repealed = this year's stock) picks one: the
    previous year's report must be in the corpus, readable, on the 2021 layout, and not
    marked itself. Sets `previous_in_force` on the planned report (read by apply_variants).
    Draws from an rng of its own: the rest of the plan is unchanged."""
    by_key = {(r.organ.bureau_name, r.fig.year): r for r in plan}
    for r in sorted(plan, key=lambda r: (r.fig.year, r.index)):
        prev = by_key.get((r.organ.bureau_name, r.fig.year - 1))
        if (r.fmt != "txt" or r.scanned or r.fig.template != "t2021" or r.quirks.planted or prev is None
                or prev.scanned or prev.fig.template != "t2021" or prev.quirks.planted
                or prev.previous_in_force is not None):
            continue
        stock = prev.fig.t2.get("t2.normative_docs.in_force")
        flow = [r.fig.t2.get(f"t2.normative_docs.{c}") for c in ("issued", "repealed", "in_force")]
        if stock is None or None in flow or not all(float(v).is_integer() for v in [stock, *flow]):
            continue
        rng = random.Random(zlib.crc32(f"issue20-stock:{r.organ.bureau_name}:{r.fig.year}".encode()))
        if rng.random() >= RATE:
            continue
        n, fitting = _splits_fitting("".join(str(int(v)) for v in flow), 3,
                                     lambda s, k=int(stock): k + s[0] - s[1] == s[2])
        if n > 1 and fitting == 1:
            r.previous_in_force = int(stock)


def _t2_run_together(content: ReportContent, fig: YearFigures, used: list[str], derived: list[str]) -> None:
    grid = next((b for b in content.blocks if isinstance(b, Grid) and b.kind == "t2"), None)
    metrics = [f"t2.normative_docs.{c}" for c in ("issued", "repealed", "in_force")]
    want = [str(int(fig.t2[m])) for m in metrics]
    for row in grid.rows if grid is not None else ():
        if row[0][0].replace(" ", "").endswith("规范性文件") and [c[0] for c in row[1:4]] == want:
            row[1:4] = [("".join(want), 1, 1), ("", 1, 1), ("", 1, 1)]
            derived.extend(metrics)
            used.append("txt_t2_previous_year")
            return


def _row_values(row) -> list[int] | None:
    try:
        return [int(c[0]) for c in row[-7:]]
    except ValueError:
        return None


def _letter(content: ReportContent, organ: Organ, fig: YearFigures, used: list[str]) -> None:
    """The report sent inside a covering letter: the letter's title replaces the report's."""
    titles = [b for b in content.blocks if isinstance(b, Para) and b.kind == "title"]
    if not titles:
        return
    first = content.blocks.index(titles[0])
    for t in titles:
        content.blocks.remove(t)
    content.blocks[first:first] = [
        Para(f"关于报送《{organ.bureau_name}{fig.year}年政府信息公开工作情况》的函", "title"),
        Para("政务公开办公室："),
        Para(f"根据工作要求，现将{organ.self_name}{fig.year}年政府信息公开工作情况报告如下。")]
    used.append("covering_letter")


def _md_converted(content: ReportContent, fig: YearFigures, rng: random.Random, used: list[str],
                  derived: list[str]) -> None:
    """表三 as a PDF-to-Markdown converter breaks it (etl.demo.md_conversion): the cells of the rows
    whose numbers are printed away from their labels are read by row order (derived)."""
    from etl.demo.md_conversion import convert_t2, convert_t3

    grid = next((b for b in content.blocks if isinstance(b, Grid) and b.kind == "t3"), None)
    metrics = t3_row_metrics(fig.template)
    if grid is None or len(grid.rows) - grid.header_rows != len(metrics) or rng.random() >= RATE:
        return
    lines, bare, styles = convert_t3(grid, metrics, rng)
    content.blocks[content.blocks.index(grid)] = lines
    t2 = next((b for b in content.blocks if isinstance(b, Grid) and b.kind == "t2"), None)
    if t2 is not None and rng.random() < 0.5:
        t2_lines, t2_styles = convert_t2(t2, rng)
        content.blocks[content.blocks.index(t2)] = t2_lines
        styles = styles + t2_styles
    derived.extend(f"{m}|{d}" for m in bare for d in T3_DIMENSIONS)
    used.append("md_converted")
    used.extend(f"md_{s}" for s in styles)


def apply_variants(content: ReportContent, organ: Organ, fig: YearFigures, quirks: ReportQuirks,
                   fmt: str, previous_in_force: int | None = None) -> dict:
    """Rewrite `content` in place; the truth fields this adds ({'phrasings', 'derived_cells'}).
    `previous_in_force`: set by previous_year_splits for a report whose 表二 行政规范性文件 row
    is printed run together (only the previous year's report resolves it)."""
    rng = variant_rng(organ, fig, fmt)
    used: list[str] = []
    derived: list[str] = []
    _prose(content, organ, fig, quirks, rng, used)
    if fmt == "txt" and fig.template != "pre2019" and not quirks.planted:
        _txt_tables(content, fig, rng, used, derived)
    if previous_in_force is not None:
        _t2_run_together(content, fig, used, derived)
    if fmt in ("txt", "docx") and rng.random() < 0.08:
        _letter(content, organ, fig, used)
    if fmt == "md" and fig.template != "pre2019" and not quirks.planted and "blank_zero_cells" not in quirks:
        _md_converted(content, fig, rng, used, derived)
    return {"phrasings": used, "derived_cells": derived}
