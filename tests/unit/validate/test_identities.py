"""V1-V5, H2 and the digit-split note on small hand-made extractions (values chosen by hand:
the 上海 2019 figures quoted in formats.md §5 and deliberate breaks)."""
from __future__ import annotations

from etl.model import Extraction, Figure, ReportMeta
from etl.validate.identities import check_identities

DIMS = ("natural_person", "commercial", "research", "social_org", "legal_service", "other_org", "total")


def _t3(metric, vals, kind="number", source="table"):
    out = []
    for d, v in zip(DIMS, vals):
        if v is None:
            out.append(Figure(metric, None, "blank", source, f"{metric} row", dimension=d))
        elif v == "?":
            out.append(Figure(metric, None, "unassignable", source, f"{metric} row", dimension=d))
        else:
            out.append(Figure(metric, float(v), kind, source, f"{metric} row", raw_text=str(v), dimension=d))
    return out


def _t4(vals):
    keys = [f"{g}.{c}" for g in ("t4.review", "t4.litigation_direct", "t4.litigation_after_review")
            for c in ("upheld", "corrected", "other", "pending", "total")]
    return [Figure(k, float(v), "number", "table", "表四 row") for k, v in zip(keys, vals)]


# 上海 2019 (formats.md §5): 一 859 = 821+35+2+1; 二 18; （七） 805; 四 72; 859+18 = 805+72
SHANGHAI = (
    _t3("t3.received_new", [821, 35, None, None, 2, 1, 859])
    + _t3("t3.carried_over", [18, None, None, None, None, None, 18])
    + _t3("t3.granted", [700, 30, None, None, 2, 1, 733])
    + _t3("t3.partially_granted", [67, None, None, None, None, None, 67])
    + _t3("t3.other", [None, 5, None, None, None, None, 5])
    + _t3("t3.total_processed", [767, 35, None, None, 2, 1, 805])
    + _t3("t3.carried_forward", [72, None, None, None, None, None, 72])
)


def _checks(figures, template="t2019"):
    return check_identities(Extraction(ReportMeta(template=template), figures))


def _by(checks, rule, status=None):
    return [c for c in checks if c.rule == rule and (status is None or c.status == status)]


def test_v1_balance_per_column_passes_on_shanghai_2019():
    checks = _checks(SHANGHAI)
    v1 = _by(checks, "t3.balance")
    assert len(v1) == 7
    total = next(c for c in v1 if c.dimension == "total")
    assert total.status == "pass" and total.expected == 805 and total.found == 805
    assert "859" in total.detail and "18" in total.detail and "72" in total.detail
    # 科研机构: every cell blank → nothing to assess
    assert next(c for c in v1 if c.dimension == "research").status == "not_assessable"


def test_v1_fails_with_the_numbers_in_words():
    figs = [f for f in SHANGHAI if not (f.metric == "t3.carried_forward" and f.dimension == "total")]
    figs += [Figure("t3.carried_forward", 70.0, "number", "table", "row", dimension="total")]
    total = next(c for c in _by(_checks(figs), "t3.balance") if c.dimension == "total")
    assert total.status == "fail"
    assert total.detail == ("表三 column 总计: 一、本年新收 859 + 二、上年结转 18 = 877, but （七）总计 805 + "
                            "四、结转下年度继续办理 70 = 875 (off by 2)")


def test_v2_row_sum_one_check_per_row_blank_subcolumns_read_as_zero():
    v2 = _by(_checks(SHANGHAI), "t3.row_sum")
    assert len(v2) == 7
    row1 = next(c for c in v2 if c.metric == "t3.received_new")
    assert row1.status == "pass" and row1.expected == 859 and "blank cells read as 0" in row1.detail


def test_v2_fails_and_blank_total_is_not_assessable():
    figs = _t3("t3.received_new", [20, 1, 0, 0, 0, 0, 22]) + _t3("t3.granted", [3, 0, 0, 0, 0, 0, None])
    v2 = {c.metric: c for c in _by(_checks(figs), "t3.row_sum")}
    assert v2["t3.received_new"].status == "fail"
    assert "= 21, but 总计 prints 22 (off by 1)" in v2["t3.received_new"].detail
    assert v2["t3.granted"].status == "not_assessable" and "总计 is blank" in v2["t3.granted"].detail


def test_v2_failure_resting_on_a_blank_cell_is_a_warning():
    figs = _t3("t3.received_new", [20, None, 0, 0, 0, 0, 22])
    (c,) = _by(_checks(figs), "t3.row_sum")
    assert c.status == "warn"


def test_v3_outcome_sum_uses_the_2021_subrows():
    figs = (_t3("t3.granted", [5, 0, 0, 0, 0, 0, 5]) + _t3("t3.other.overdue_correction", [1, 0, 0, 0, 0, 0, 1])
            + _t3("t3.other.overdue_fee", [0] * 7) + _t3("t3.other.misc", [2, 0, 0, 0, 0, 0, 2])
            + _t3("t3.total_processed", [8, 0, 0, 0, 0, 0, 8]))
    for m in ("t3.partially_granted", "t3.denied.state_secret", "t3.denied.law_prohibited",
              "t3.denied.security_stability", "t3.denied.third_party", "t3.denied.internal_affairs",
              "t3.denied.process_info", "t3.denied.enforcement_file", "t3.denied.admin_query",
              "t3.unavailable.not_held", "t3.unavailable.needs_creation", "t3.unavailable.unclear",
              "t3.not_processed.complaint", "t3.not_processed.repeat", "t3.not_processed.publication",
              "t3.not_processed.mass_repeat", "t3.not_processed.confirmation"):
        figs += _t3(m, [0] * 7)
    v3 = {c.dimension: c for c in _by(_checks(figs, "t2021"), "t3.outcome_sum")}
    assert v3["natural_person"].status == "pass" and v3["natural_person"].expected == 8
    assert "（六）其他处理 3" in v3["natural_person"].detail


def test_v3_not_assessable_when_a_row_is_unreadable():
    figs = _t3("t3.granted", ["?"] * 7) + _t3("t3.total_processed", [8, 0, 0, 0, 0, 0, 8])
    v3 = _by(_checks(figs), "t3.outcome_sum")
    assert {c.status for c in v3} == {"not_assessable"}


def test_v4_group_sums_say_which_cells():
    checks = _checks(_t4([10, 1, 0, 0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0, 0]), "t2021")
    v4 = {c.metric: c for c in _by(checks, "t4.group_sum")}
    assert v4["t4.review.total"].status == "fail"
    assert v4["t4.review.total"].detail == ("表四 行政复议: 结果维持 10 + 结果纠正 1 + 其他结果 0 + 尚未审结 0 = 11, "
                                            "but 总计 prints 0 (off by 11)")
    assert (v4["t4.review.total"].expected, v4["t4.review.total"].found) == (11, 0)
    assert v4["t4.litigation_direct.total"].status == "pass"
    assert v4["t4.litigation_after_review.total"].status == "fail"


def test_v5_nonnegative_except_signed_deltas():
    ok = _checks([Figure("t2.licensing.items_change", -3.0, "number", "table", "行政许可 120 -3 40")])
    assert _by(ok, "nonnegative")[0].status == "pass"
    bad = _checks(_t3("t3.granted", [-1, 0, 0, 0, 0, 0, -1]))
    (c,) = _by(bad, "nonnegative")
    assert c.status == "fail" and "-1" in c.detail


def test_h2_is_a_warning():
    figs = [Figure("t2.regulations.new_made", 2.0, "number", "table", "规章 2 5 4"),
            Figure("t2.regulations.new_published", 5.0, "number", "table", "规章 2 5 4"),
            Figure("t2.regulations.published_total", 4.0, "number", "table", "规章 2 5 4")]
    h2 = _by(_checks(figs), "t2.published_within_total") + _by(_checks(figs), "t2.published_within_made")
    assert {c.status for c in h2 if c.metric == "t2.regulations.new_published"} == {"warn"}


def test_derived_split_gets_a_check():
    figs = _t3("t3.received_new", [71, 3, 0, 0, 0, 0, 74], source="derived")
    (c,) = _by(_checks(figs, "t2021"), "t3.digit_split")
    assert c.status == "warn" and "71 | 3 | 0 | 0 | 0 | 0 | 74" in c.detail


def test_no_table_figures_no_checks():
    assert _checks([Figure("text.proactive.total", 5.0, "number", "text", "共主动公开5条")], "pre2019") == []


def test_parts_in_words_by_hand():
    from etl.validate.identities import _READ_AS_ZERO, _parts_in_words

    assert _parts_in_words(("自然人", "商业企业", "其他"), ((3.0, False), _READ_AS_ZERO, (2.5, False))) == (
        "自然人 3 + 商业企业 0 + 其他 2.5", ("商业企业",))
    # the cache answers equal readings with equal text: 1 and 1.0 both print as 1
    assert _parts_in_words(("总计",), ((1, False),))[0] == _parts_in_words(("总计",), ((1.0, False),))[0] == "总计 1"
