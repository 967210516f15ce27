"""The pre-2019 statistics form, flattened by crawlers (etl.extract.prose_stats_table)."""
from __future__ import annotations

import pytest

from etl.extract.prose import extract_prose
from etl.extract.prose_stats_table import split_run_together, stats_table_figures
from etl.model import Document, ReportMeta, TextBlock


@pytest.mark.parametrize("digits,split", [
    ("00", (0, 0)), ("07", (0, 7)), ("22", (2, 2)), ("77", (7, 7)),
    ("2121", None),        # 2|121 or 21|21
    ("20263542", None),    # 2026|3542, 20|263542, …
    ("4251516", None),     # 425|1516 is right, but so are 42|51516 and 4|251516
    ("10", None),          # 1|0 would make the cumulative smaller than the year
])
def test_split_only_when_unique(digits, split):
    assert split_run_together(digits) == split


SPACED = ("统计表 指标名称 计量单位 2012年度 历年累计 主动公开信息数 条 739 4359 受理依申请公开信息总数 条 0 0 "
          "对申请的答复总数 条 0 0 其中：1、同意公开答复数 条 0 0 2、同意部分公开答复数 条 0 0 3、否决公开答复数 条 0 0 "
          "政府信息公开收费减免金额 元 0 0 行政复议数 件 0 0 行政诉讼数 件 3 5")
RUN_TOGETHER = ("附件1：统计表 指标名称计量单位2012年度历年累计主动公开信息数条20263542其中：1.网站公开条17953304"
                "受理依申请公开信息总数条2121其中：1.当面申请数条18182.传真申请数条00对申请的答复数条2121"
                "其中：1.同意公开答复数条17172.同意部分公开答复数条223.否决公开答复数条22行政复议数条00")


def test_space_separated_rows():
    figs, skipped = stats_table_figures(SPACED, 2012)
    got = {f.metric: f.value for f in figs}
    assert got == {"text.proactive.total": 739, "text.requests.received": 0, "text.requests.answered": 0,
                   "text.requests.granted": 0, "text.requests.partially_granted": 0, "text.requests.denied": 0,
                   "text.review.total": 0, "text.litigation.total": 3}
    assert skipped == [] and all(f.source_kind == "table" for f in figs)


def test_run_together_rows_read_only_when_certain():
    figs, skipped = stats_table_figures(RUN_TOGETHER, 2012)
    got = {f.metric: f.value for f in figs}
    # 223. = 22 + the next row's item number 3 → 2|2; 22 → 2|2; 00 → 0|0
    assert got == {"text.requests.partially_granted": 2, "text.requests.denied": 2, "text.review.total": 0}
    assert len(skipped) == 4 and any("20263542" in s for s in skipped)


def test_form_of_another_year_is_not_read():
    assert stats_table_figures(SPACED, 2013) == ([], [])


def test_narrative_wins_and_unreadable_rows_stay_empty_with_a_reason():
    text = "2012年主动公开政府信息1913条。" + RUN_TOGETHER
    figs = extract_prose(Document([TextBlock(text)], "txt"), ReportMeta(year=2012, template="pre2019"))
    by = {f.metric: f for f in figs}
    assert by["text.proactive.total"].value == 1913 and by["text.proactive.total"].source_kind == "text"
    assert "统计表" not in by["text.proactive.total"].evidence  # the form's row could not be read
    received = by["text.requests.received"]
    assert (received.value, received.value_kind, received.source_kind) == (None, "unassignable", "table")
    assert "2121" in received.evidence


def test_narrative_and_form_both_stated_notes_the_form_in_evidence():
    text = "2012年主动公开政府信息1913条。" + SPACED
    figs = extract_prose(Document([TextBlock(text)], "txt"), ReportMeta(year=2012, template="pre2019"))
    total = next(f for f in figs if f.metric == "text.proactive.total")
    assert total.value == 1913 and total.restated_as == ("统计表 主动公开信息数 本年度", 739.0)
    assert sum(f.metric == "text.proactive.total" for f in figs) == 1


# --- variants of other local forms (issue 20) ---------------------------------------------

SINGLE_COLUMN = ("政府信息公开情况统计表 指 标 名 称 单 位 年末统计 主动公开信息数 条 120 "
                 "受理政府信息公开申请总数 件 5 对申请的答复总数 件 5 其中：1、同意公开答复总数 件 3 "
                 "2、同意部分公开答复数 件 1 3、否决公开答复总数 件 1 行政复议数 件 0 行政诉讼数 件 0")


def test_letter_spaced_header_with_a_single_year_end_column():
    figs, skipped = stats_table_figures(SINGLE_COLUMN, 2013)
    assert {f.metric: f.value for f in figs} == {
        "text.proactive.total": 120, "text.requests.received": 5, "text.requests.answered": 5,
        "text.requests.granted": 3, "text.requests.partially_granted": 1, "text.requests.denied": 1,
        "text.review.total": 0, "text.litigation.total": 0}
    assert skipped == []


def test_single_column_with_its_year_of_another_year_is_not_read():
    text = SINGLE_COLUMN.replace("年末统计", "2012年度")
    assert stats_table_figures(text, 2013) == ([], [])
    assert {f.metric for f in stats_table_figures(text, 2012)[0]} >= {"text.requests.denied"}


def test_single_column_run_together_digits():
    # 受理政府信息公开申请总数件52.: 5, then row 2. ; 否决公开答复总数件13.: 1 then row 3.
    text = ("指标名称单位年末统计受理政府信息公开申请总数件52.当面申请数件3否决公开答复总数件13.其他件0"
            "行政复议数件01.行政诉讼数件0")
    figs, skipped = stats_table_figures(text, 2013)
    got = {f.metric: f.value for f in figs}
    assert got == {"text.requests.received": 5, "text.requests.denied": 1, "text.litigation.total": 0}
    assert any("行政复议数" in s for s in skipped)  # `01.`: item number 1 is never a later row's


def test_letter_spaced_two_column_header():
    text = SPACED.replace("指标名称 计量单位 2012年度 历年累计", "指 标 名 称 计 量 单 位 2012 年 度 历 年 累 计")
    figs, _ = stats_table_figures(text, 2012)
    assert {f.metric: f.value for f in figs}["text.litigation.total"] == 3


def test_a_second_column_not_recognised_is_not_read_as_one_column():
    # 累计 beside the year: two columns whose header is not the known one; `7394359` is two numbers
    figs, _ = stats_table_figures("指标名称 计量单位 2012年度 累计 主动公开信息数 条 7394359 行政诉讼数 件 0", 2012)
    assert figs == []
