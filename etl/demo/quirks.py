"""Real-world quirks and planted failures, in chosen and documented proportions.

Each rate is the share of eligible reports that get the quirk (eligibility in the comment).
The generator draws them per report from its seeded rng, then makes sure a corpus of
`COVERAGE_MIN_REPORTS` or more reports holds every quirk and every planted failure at least once.
A report carries at most one planted failure, and never together with blank zero cells (nor when
last year's table has blank zeros, for the carry-over): whether a blank counts as 0 is a judgement
the validator documents, so the expected check outcome would be moot there.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field

from etl.demo.numbers import YearFigures

QUIRK_RATES = {
    # cells
    "blank_zero_cells": 0.10,  # t2019/t2021 in html/md/docx/pdf: every zero cell of 表三 left blank (上海 2019)
    "slash_not_applicable": 0.60,  # rows that do not apply (规章 of organs that cannot make them): '/' not '0'
    "stray_spaces": 0.20,  # spaces inside labels: 商业 企业, 无正当理由大量反复 申请, 行政 许可
    "broken_headers": 0.30,  # header cells broken over lines: 本年新<br/>制作数量, 结果<br/>维持
    "page_numbers_in_table": 0.30,  # txt: a '- 3 -' page-number line inside 表三 (PDFs always have footers)
    "title_split": 0.15,  # txt/pdf/docx: organ name and '2023年政府信息公开工作年度报告' on two lines
    # prose
    "approximate_proactive": 0.06,  # the proactive total stated as '500多条' (value_kind approximate)
    "cumulative_beside_yearly": 0.15,  # '累计主动公开…N条' printed beside the yearly figure
    "local_category_table": 0.40,  # pre2019: categories in a '信息类型 | 数量' table, not in prose
    "late_publication": 0.08,  # published after the deadline (1月31日 departments since 2019, else 3月31日)
    # planted failures (rule ids as the validation reports them)
    "t3.balance": 0.02,  # V1: 一 + 二 ≠ （七）总计 + 四 (one column and 总计)
    "t3.row_sum": 0.02,  # V2: a row's 总计 ≠ the sum of its applicant columns (two rows)
    "t3.outcome_sum": 0.02,  # V3: （七）总计 ≠ Σ outcome rows (one column and 总计)
    "t4.group_sum": 0.03,  # V4: 行政复议 总计 ≠ 维持 + 纠正 + 其他 + 尚未审结
    "nonnegative": 0.01,  # V5: a negative count printed in 表二 (行政强制 处理决定数量)
    "cross_year.carry_over": 0.02,  # 二、上年结转 ≠ last year's 四、结转下年度继续办理
    # whole files
    "scanned_pdf": 0.006,  # a PDF of page images with no text layer (expected status failed)
    "zip_bundle": 0.04,  # the report is shipped inside a .zip of 2-4 reports
}
# txt/md/HTML printed in traditional characters (a portal's 繁體 version, a mirror site's copy:
# 5 of 93 real crawled reports in round 19). Drawn from an rng of its own after rendering, so
# that adding it changed no other report of a seeded corpus.
TRADITIONAL_RATE = 0.03
TRADITIONAL_FORMATS = ("txt", "md", "html")
PLANTED_RULES = ("t3.balance", "t3.row_sum", "t3.outcome_sum", "t4.group_sum", "nonnegative", "cross_year.carry_over")
STRUCTURED_FORMATS = ("html", "md", "docx", "pdf")
COVERAGE_MIN_REPORTS = 40


@dataclass
class ReportQuirks:
    names: set[str] = field(default_factory=set)

    def __contains__(self, name: str) -> bool:
        return name in self.names

    @property
    def planted(self) -> list[str]:
        return [r for r in PLANTED_RULES if r in self.names]


def plant_failure(rule: str, fig: YearFigures, rng: random.Random) -> bool:
    """Break exactly one identity of `fig` (and no other). False when `fig` cannot carry it."""
    t3 = fig.t3
    if fig.template == "pre2019":
        return False
    k = rng.randint(1, 3)
    if rule == "t3.balance":  # 一 grows in one column and its total: V2 and V3 still hold
        t3[("t3.received_new", "natural_person")] += k
        t3[("t3.received_new", "total")] += k
        fig.requests_received = t3[("t3.received_new", "total")]
        return True
    if rule == "t3.outcome_sum":  # one outcome row grows in one column and its total: V1, V2 hold
        t3[("t3.granted", "natural_person")] += k
        t3[("t3.granted", "total")] += k
        return True
    if rule == "t3.row_sum":  # two outcome rows' totals move in opposite directions: V1, V3 hold
        donor = max((m for (m, d) in t3 if d == "total" and m.startswith(("t3.unavailable", "t3.denied", "t3.not_"))),
                    key=lambda m: t3[(m, "total")])
        if t3[(donor, "total")] < 1:
            return False
        k = min(k, t3[(donor, "total")])
        t3[(donor, "total")] -= k
        t3[("t3.partially_granted", "total")] += k
        return True
    if rule == "t4.group_sum":
        fig.t4["t4.review.total"] += k
        return True
    if rule == "nonnegative":
        value = fig.t2.get("t2.coercion.decisions")
        if not value:
            return False
        fig.t2["t2.coercion.decisions"] = -value
        return True
    if rule == "cross_year.carry_over":  # 二 grows and 一 shrinks by as much: V1-V3 hold within the year
        if t3[("t3.received_new", "natural_person")] < k:
            return False
        for metric, sign in (("t3.carried_over", 1), ("t3.received_new", -1)):
            t3[(metric, "natural_person")] += sign * k
            t3[(metric, "total")] += sign * k
        fig.requests_received = t3[("t3.received_new", "total")]
        return True
    raise ValueError(f"unknown planted rule {rule!r}")


