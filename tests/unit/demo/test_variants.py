"""The phrasings and degraded-text quirks of issue 20 in the generator (etl.demo.variants):
every variant is drawn somewhere in a corpus, and the truth follows what is printed."""
from __future__ import annotations

import random

from etl.demo.content import Grid, Para, compose
from etl.demo.generator import plan_corpus
from etl.demo.variants import apply_variants

VARIANTS = {"categories_包括", "categories_next", "categories_bare", "proactive_owner", "proactive_noun_first",
            "proactive_year_cumulative", "received_between", "received_banli", "received_yishenqing",
            "received_noun_last", "fee_zero_heading", "fee_zero_no_verb", "trap_negation", "trap_combined_outcomes",
            "trap_withheld_documents", "trap_combined_interpretations", "trap_fee_policy", "txt_blank_row",
            "txt_next_line", "txt_fullwidth", "txt_ocr_O", "txt_stray_space", "covering_letter",
            "txt_run_together_columns", "txt_run_together_pair", "txt_t2_previous_year",
            # md: 表三 as a PDF-to-Markdown converter breaks it (etl.demo.md_conversion)
            "md_converted", "md_labels_away", "md_next_line", "md_plain_rows", "md_split_header",
            "md_labels_out_of_order", "md_page_break", "md_stray_number", "md_t2_first_block_last"}


def _composed(n: int = 300, seed: int = 11):
    for r in plan_corpus(n, seed):
        if r.scanned:
            continue
        content = compose(r.organ, r.fig, r.quirks, r.fmt, random.Random(f"{seed}:{r.index}"))
        yield r, content, apply_variants(content, r.organ, r.fig, r.quirks, r.fmt, r.previous_in_force)


def test_every_variant_is_drawn_in_a_corpus():
    used = set()
    for _, _, extra in _composed():
        used |= set(extra["phrasings"])
    assert used == VARIANTS


def test_the_truth_follows_what_is_printed():
    seen = 0
    for r, content, extra in _composed(200):
        text = "".join(b.text for b in content.blocks if isinstance(b, Para))
        if "txt_blank_row" in extra["phrasings"]:
            blank = [k for k, v in content.cells.items() if k.startswith("t3.") and v is None]
            assert len(blank) == 7 and len({k.split("|")[0] for k in blank}) == 1
            seen += 1
        if "categories_bare" in extra["phrasings"]:
            cats = content.text["text.proactive.by_category"]
            bare = [k for k in cats if k.endswith("类")]
            assert len(bare) == 1 and f"{bare[0]} {cats[bare[0]]}。" in text
        if "received_noun_last" in extra["phrasings"]:
            assert f"全年共收到{content.text['text.requests.received']}件申请" in text
        if "covering_letter" in extra["phrasings"]:
            first = next(b for b in content.blocks if isinstance(b, Para))
            assert first.text.startswith("关于报送《" + r.organ.bureau_name)
        for key in extra["derived_cells"]:
            assert content.cells[key] is not None
        grids = [b for b in content.blocks if isinstance(b, Grid)]
        assert grids or r.fig.template == "pre2019"
    assert seen


def test_md_conversion_prints_every_label_and_every_row_of_numbers_in_order():
    """The converted 表三 keeps what makes it readable: every row's numbers in the table's order
    (whole rows and bare rows alike), every row's label somewhere, and the truth lists the bare
    rows' cells as derived."""
    from etl.demo.md_conversion import MarkdownLines
    from etl.demo.layouts import T3_DIMENSIONS, t3_row_metrics
    seen = 0
    for r, content, extra in _composed():
        if "md_converted" not in extra["phrasings"]:
            continue
        seen += 1
        block = next(b for b in content.blocks if isinstance(b, MarkdownLines) and any("总计" in x for x in b.lines))
        text = "\n".join(block.lines)
        flat = text.replace("\n", "")
        metrics = t3_row_metrics(r.fig.template)
        numbers = []
        for line in block.lines:
            cells = [c.strip() for c in line.strip("|").split("|")] if line.startswith("|") else line.split()
            tail = cells[-8:] if cells and cells[-1] == "" else cells[-7:]
            tail = [c for c in tail if c != ""]
            if len(tail) == 7 and all(c.isdigit() for c in tail) and not line.startswith("|---"):
                numbers.append([int(c) for c in tail])
        assert numbers == [[content.cells[f"{m}|{d}"] for d in T3_DIMENSIONS] for m in metrics]
        for label in ("重复申请", "属于国家秘密", "没有现成信息需要另行制作", "总计"):
            assert label in flat
        bare = {k.split("|")[0] for k in extra["derived_cells"]}
        assert bare and bare <= set(metrics)
    assert seen


def _printed_rows(content, kind):
    grid = next(b for b in content.blocks if isinstance(b, Grid) and b.kind == kind)
    return [[c[0] for c in row] for row in grid.rows]


def test_run_together_rows_print_the_truths_digits_with_several_splits_possible():
    """(issue 20) 表三 rows that only the column identities resolve, 表二 rows that only the
    previous year's report resolves: printed as the truth's digits run together, the
    previous year's stock in the plan."""
    plan = {(r.organ.bureau_name, r.fig.year): r for r in plan_corpus(300, 11)}
    seen = set()
    for r, content, extra in _composed():
        if "txt_run_together_columns" in extra["phrasings"]:
            metric = {k.split("|")[0] for k in extra["derived_cells"] if k.startswith("t3.")
                      and f"{k.split('|')[0]}|natural_person" in extra["derived_cells"]}
            rows = [row for row in _printed_rows(content, "t3") if len(row) >= 3 and row[-2] == "" and row[-6] == ""]
            assert rows, "a row with five cells left empty"
            for m in metric:
                want = [content.cells[f"{m}|{d}"] for d in ("natural_person", "commercial", "research", "social_org",
                                                             "legal_service", "other_org", "total")]
                if any(row[-7] == "".join(str(v) for v in want[:-1]) and row[-1] == str(want[-1]) for row in rows):
                    seen.add("columns")
        if "txt_t2_previous_year" in extra["phrasings"]:
            issued, repealed, in_force = (content.cells[f"t2.normative_docs.{c}"]
                                          for c in ("issued", "repealed", "in_force"))
            prev = plan[(r.organ.bureau_name, r.fig.year - 1)]
            assert not prev.scanned and prev.fig.template == "t2021"
            assert prev.fig.t2["t2.normative_docs.in_force"] + issued - repealed == in_force
            printed = [row for row in _printed_rows(content, "t2") if row[0].replace(" ", "").endswith("规范性文件")]
            assert printed[0][1:4] == [f"{issued}{repealed}{in_force}", "", ""]
            seen.add("previous_year")
    assert seen == {"columns", "previous_year"}


def test_a_run_together_pair_is_not_drawn_where_a_v1_row_prints_a_blank():
    """Report 460 of `plan_corpus(1000, 0)` (a 2023 txt report) has a V1 row printed with a
    blank or a mark: drawing the run-together pair there crashed the generator (bench/run.py
    --reports 1000); it is now rendered, its V1 rows as printed."""
    from etl.demo.generator import render_report

    report = plan_corpus(1000, 0)[460]
    assert (report.fig.year, report.fmt) == (2023, "txt")
    data, truth = render_report(report, 0)
    assert data and "txt_run_together_pair" not in truth["quirks"]
