"""Prose figures against the table cells they restate (etl.validate.prose_vs_table), on
hand-made extractions."""
from __future__ import annotations

import re

from etl.model import Extraction, Figure, ReportMeta
from etl.validate.prose_vs_table import check_prose_vs_table


def text(metric, value, evidence, raw, kind="number", dimension=None):
    return Figure(metric, value, kind, "text", evidence, raw, dimension=dimension)


def cell(metric, value, dimension=None):
    return Figure(metric, value, "number", "table", "表", str(value), dimension=dimension)


def checks(figs, template="t2021"):
    return {c.rule: c for c in check_prose_vs_table(Extraction(ReportMeta(template=template), figs))}


T3 = [cell("t3.received_new", 95, "total"), cell("t3.carried_over", 0, "total"), cell("t3.total_processed", 95, "total")]


def test_agreement_passes():
    got = checks([text("text.requests.received", 95, "全年受理政府信息公开申请95件。", "受理政府信息公开申请95件"), *T3])
    c = got["prose.requests_received"]
    assert (c.status, c.expected, c.found, c.metric) == ("pass", 95, 95, "text.requests.received")


def test_disagreement_warns_and_names_the_scope():
    got = checks([text("text.requests.received", 17, "2024 年，区政府办代表区政府受理政府信息公开申请 17 件。",
                       "受理政府信息公开申请17件"), *T3])
    c = got["prose.requests_received"]
    assert c.status == "warn" and (c.expected, c.found) == (95, 17)
    assert "区政府办" in c.detail and "95" in c.detail and "17" in c.detail


def test_prose_that_includes_carried_over_is_compared_with_new_plus_carried():
    figs = [text("text.requests.received", 877, "共受理政府信息公开申请877件（含上年结转18件）。", "受理政府信息公开申请877件"),
            cell("t3.received_new", 859, "total"), cell("t3.carried_over", 18, "total")]
    c = checks(figs)["prose.requests_received"]
    assert (c.status, c.expected) == ("pass", 877)


def test_carried_over_in_another_clause_does_not_change_the_comparison():
    figs = [text("text.requests.received", 34, "全年收到政府信息公开申请 34 件，上年结转政府信息公开申请 2 件。",
                 "收到政府信息公开申请34件"),
            cell("t3.received_new", 34, "total"), cell("t3.carried_over", 2, "total")]
    assert checks(figs)["prose.requests_received"].status == "pass"


def test_warn_says_when_prose_equals_new_plus_carried():
    figs = [text("text.requests.received", 75, "2022年，全区收到政府信息公开申请75件。", "收到政府信息公开申请75件"),
            cell("t3.received_new", 74, "total"), cell("t3.carried_over", 1, "total")]
    c = checks(figs)["prose.requests_received"]
    assert c.status == "warn" and "新收 + 上年结转" in c.detail and "全区" in c.detail


def test_reviews_and_lawsuits():
    figs = [text("text.review.total", 2, "行政复议案件2件", "行政复议案件2件"),
            text("text.litigation.total", 1, "行政诉讼案件1件", "行政诉讼案件1件"),
            cell("t4.review.total", 2), cell("t4.litigation_direct.total", 1), cell("t4.litigation_after_review.total", 1)]
    got = checks(figs)
    assert got["prose.review_total"].status == "pass"
    assert (got["prose.litigation_total"].status, got["prose.litigation_total"].expected) == ("warn", 2)


def test_missing_cell_or_approximate_prose_is_not_assessable():
    got = checks([text("text.requests.received", 21, "受理申请21件", "受理政府信息公开申请21件")])
    assert got["prose.requests_received"].status == "not_assessable"
    got = checks([text("text.requests.received", 500, "受理政府信息公开申请500余件", "受理政府信息公开申请500余件",
                       kind="approximate"), *T3])
    assert got["prose.requests_received"].status == "not_assessable"


def test_no_table_comparison_before_2019():
    figs = [text("text.requests.received", 21, "受理申请21件", "受理政府信息公开申请21件"), *T3]
    assert "prose.requests_received" not in checks(figs, template="pre2019")


def test_categories_against_the_total():
    total = text("text.proactive.total", 425, "主动公开政府信息425条", "主动公开政府信息425条")
    cats = [text("text.proactive.by_category", v, "…", f"{v}条", dimension=d) for d, v in (("甲", 400), ("乙", 21))]
    c = checks([total, *cats], template="pre2019")["prose.categories_sum"]
    assert (c.status, c.expected, c.found) == ("warn", 425, 421)
    cats.append(text("text.proactive.by_category", 4, "…", "4条", dimension="丙"))
    assert checks([total, *cats], template="pre2019")["prose.categories_sum"].status == "pass"


def test_narrative_against_the_statistics_form():
    total = text("text.proactive.total", 1913, "2012年主动公开政府信息1913条。", "主动公开政府信息1913条")
    total.restated_as = ("统计表 主动公开信息数 本年度", 739.0)
    review = text("text.review.total", 0, "未收到…行政复议申请。", "未收到行政复议")
    review.restated_as = ("统计表 行政复议数 本年度", 0.0)
    figs = [total, review]
    got = [c for c in check_prose_vs_table(Extraction(ReportMeta(template="pre2019"), figs)) if c.rule == "prose.stats_table"]
    assert [(c.metric, c.status, c.found, c.expected) for c in got] == [
        ("text.proactive.total", "warn", 1913, 739), ("text.review.total", "pass", 0, 0)]
    assert "统计表 主动公开信息数" in got[0].detail


# --- a statement the text makes but no phrase reads (issue 20) ---------------------------

def _extract_with_table(sentence: str, template: str = "t2021"):
    from etl.extract.prose import extract_prose
    from etl.model import Document, TextBlock
    figs = extract_prose(Document([TextBlock(sentence)], "txt"), ReportMeta(year=2022, template=template))
    return figs, checks(figs + T3, template)


def test_a_missed_prose_figure_still_challenges_the_table():
    # the count is not next to any phrase's noun: no figure is guessed, but the check speaks
    figs, got = _extract_with_table("2022年各渠道收到的申请中，涉及政府信息公开的申请经登记受理17件。")
    unread = [f for f in figs if f.metric == "text.requests.received"]
    assert [(f.value, f.value_kind) for f in unread] == [(None, "unassignable")]
    c = got["prose.requests_received"]
    assert c.status == "warn" and c.expected == 95 and c.found is None
    assert "17" in c.detail and "95" in c.detail and "not read with certainty" in c.detail


def test_a_missed_prose_figure_equal_to_the_table_is_not_a_warning():
    _, got = _extract_with_table("2022年各渠道收到的申请中，涉及政府信息公开的申请经登记受理95件。")
    assert got["prose.requests_received"].status == "not_assessable"


def test_no_mention_without_a_count_or_about_something_else():
    for sentence in ("2022年认真受理政府信息公开申请，按时答复。",          # no count
                     "2022年收到涉及政府信息公开的行政复议申请2件。",     # a review, not a request
                     "2021年受理的政府信息公开申请中，结转3件。"):           # another year / carried over
        figs, got = _extract_with_table(sentence)
        assert not [f for f in figs if f.metric == "text.requests.received"], sentence
        assert "prose.requests_received" not in got, sentence


def test_the_table_index_holds_every_cell_a_rule_reads():
    # (_table_checks indexes only these metrics' figures: a rule reading another would find none)
    from etl.validate import prose_vs_table

    read = {m for _, _, cells, _ in prose_vs_table._RULES for m, _ in cells}
    source = open(prose_vs_table.__file__, encoding="utf-8").read()
    read |= set(re.findall(r'\("(t[234]\.[\w.]+)", "total"\)', source))
    assert read <= prose_vs_table._CELL_METRICS
