"""The hard parts of prose figures, on sentences written for the test (etl.extract.prose)."""
from __future__ import annotations

from etl.extract.prose import Sentence, categories_from_prose, extract_prose, prose_sentences
from etl.model import Document, ReportMeta, TextBlock, make_table


def figures(text: str, year: int = 2018, template: str = "pre2019", lines: bool = False) -> dict:
    blocks = [TextBlock(t) for t in (text.splitlines() if lines else [text])]
    out = {}
    for f in extract_prose(Document(blocks, "txt"), ReportMeta(year=year, template=template)):
        key = (f.metric, f.dimension) if f.dimension else f.metric
        out[key] = (f.value, f.value_kind)
    return out


def test_arabic_and_chinese_numerals():
    got = figures("2018年，我局主动公开政府信息一百二十条，收到政府信息公开申请十二件，发布政策解读两千篇。")
    assert got["text.proactive.total"] == (120, "number")
    assert got["text.requests.received"] == (12, "number")
    assert got["text.interpretations"] == (2000, "number")


def test_full_width_digits_and_wan():
    got = figures("全年主动公开政府信息１．２万条，受理政府信息公开申请１，２３４件。")
    assert got["text.proactive.total"] == (12000, "number")
    assert got["text.requests.received"] == (1234, "number")


def test_approximate_figures_keep_the_stated_number():
    assert figures("主动公开政府信息500多条。")["text.proactive.total"] == (500, "approximate")
    assert figures("主动公开政府信息600余条。")["text.proactive.total"] == (600, "approximate")
    assert figures("主动公开政府信息近千条。")["text.proactive.total"] == (1000, "approximate")
    assert figures("主动公开政府信息上千条。")["text.proactive.total"] == (1000, "approximate")


def test_cumulative_is_not_this_year():
    got = figures("本年度新增主动公开政府信息2110条，到年底累计主动公开政府信息5928条。")
    assert got["text.proactive.total"] == (2110, "number")
    assert got["text.proactive.cumulative"] == (5928, "number")
    got = figures("历年累计主动公开政府信息5928条。")
    assert "text.proactive.total" not in got and got["text.proactive.cumulative"] == (5928, "number")


def test_year_scoped_cumulative_is_this_year():
    assert figures("2018年累计主动公开政府信息321条。")["text.proactive.total"] == (321, "number")


def test_prior_year_figures_are_not_taken():
    got = figures("主动公开政府信息由2013年的1128条增加到2014年的1887条，总计2401条。", year=2014)
    assert got["text.proactive.total"] == (1887, "number")
    assert "text.proactive.total" not in figures("上年主动公开政府信息1128条。", year=2014)
    assert "text.requests.received" not in figures("2013年收到政府信息公开申请6件。", year=2014)


def test_zeros_stated_in_words():
    got = figures("2018年，我局没有发生依申请公开政府信息事项。我局没有对政府信息公开申请收取任何费用。"
                  "全年未发生因政府信息公开产生申请行政复议或者提起行政诉讼的情况。")
    assert got["text.requests.received"] == (0, "number")
    assert got["text.fees.collected_yuan"] == (0, "number")
    assert got["text.review.total"] == (0, "number")
    assert got["text.litigation.total"] == (0, "number")


def test_review_only_zero_leaves_litigation_absent():
    got = figures("未收到有关政府信息公开的申请，未收到有关政府信息公开行政复议申请。")
    assert got["text.requests.received"] == (0, "number")
    assert got["text.review.total"] == (0, "number")
    assert "text.litigation.total" not in got


def test_a_stated_number_beats_a_stated_zero():
    got = figures("全年受理政府信息公开申请3件。本机关未收到涉及政府信息公开的行政复议申请。"
                  "未收到申请公开政府信息的要求。")
    assert got["text.requests.received"] == (3, "number")


def test_a_fee_statement_is_not_a_request_statement():
    got = figures("2024年，市科委未发生政府信息公开收费事项。")
    assert got == {"text.fees.collected_yuan": (0, "number")}


def test_fee_amounts_and_wan_yuan():
    assert figures("全年收取信息处理费共计400元。")["text.fees.collected_yuan"] == (400, "number")
    assert figures("全年收取信息处理费1.2万元。")["text.fees.collected_yuan"] == (12000, "number")


def test_template_label_about_fees_is_not_a_zero():
    # a 2021 表三 row label flattened into text: 未按收费通知 is not "no fee was charged"
    got = figures("2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请 0 0 0", template="t2021")
    assert "text.fees.collected_yuan" not in got


def test_organ_figure_preferred_over_region_wide():
    got = figures("全市共受理政府信息公开申请3119件。我局受理政府信息公开申请21件。")
    assert got["text.requests.received"] == (21, "number")


def test_sub_units_are_not_the_total():
    got = figures("各乡镇主动公开政府信息122条。其中，区直、县直各单位主动公开政府信息1397条。2012年主动公开政府信息1913条。", year=2012)
    assert got["text.proactive.total"] == (1913, "number")


def test_main_statement_beats_one_without_zhudong():
    got = figures("通过门户网站公开政府信息3636条。2012年主动公开政府信息1913条。", year=2012)
    assert got["text.proactive.total"] == (1913, "number")


def test_answered_is_not_granted():
    got = figures("所有办结的申请中同意公开答复9件，部分公开答复0件，不予公开答复2件。", template="t2021")
    assert got["text.requests.granted"] == (9, "number")
    assert got["text.requests.partially_granted"] == (0, "number")
    assert got["text.requests.denied"] == (2, "number")
    assert "text.requests.answered" not in got


def test_online_approval_counts_are_not_requests():
    got = figures("截至12月14日，中国平潭网与区行政服务中心共同累计收件9898件，累计办结9542件。共受理申请121510件。")
    assert got == {}


def test_policy_documents_only_pre2019():
    s = "主动公开各类政策、法规、文件26条，解读回应27条。"
    assert figures(s)["text.policy_documents"] == (26, "number")
    assert "text.policy_documents" not in figures(s, template="t2021")


def test_categories_from_prose_list():
    got = figures("2011年，在网站主动公开的425条政府信息中，机构职能、主要职能、办事程序信息148条，占34.8%；"
                  "政策、规范性文件类信息21条，占4.9%；规划计划类信息21条，占4.9%。", year=2011)
    assert got[("text.proactive.by_category", "机构职能、主要职能、办事程序信息")] == (148, "number")
    assert got[("text.proactive.by_category", "政策、规范性文件类信息")] == (21, "number")
    assert got[("text.proactive.by_category", "规划计划类信息")] == (21, "number")
    assert got["text.proactive.total"] == (425, "number")


def test_categories_follow_the_sentence_that_restates_the_total():
    def sentence(text):
        return Sentence(text, text, None)
    decoy = sentence("累计公开政府信息1425条，其中规划计划类信息300条，机构职能类信息200条。")
    listed = sentence("全年公开政府信息425条，（其中规划计划类信息25条，机构职能类信息20条）。")
    assert categories_from_prose([decoy, listed], 1425.0)[0].evidence == decoy.raw
    got = {f.dimension: f.value for f in categories_from_prose([decoy, listed], 425.0)}
    assert got == {"规划计划类信息": 25, "机构职能类信息": 20}
    # the same sentence restating a total other than the chosen one lists nothing for it
    assert categories_from_prose([decoy], 425.0) == []


def test_categories_from_one_cell_per_line_table():
    text = "2018年商务局主动公开信息表(条)\n信息类型 |\n数量 |\n政策法规 |\n22 |\n解读回应 |\n27 |\n三、依申请公开"
    got = figures(text, lines=True)
    assert got[("text.proactive.by_category", "政策法规")] == (22, "number")
    assert got[("text.proactive.by_category", "解读回应")] == (27, "number")


def test_categories_from_a_table_block():
    table = make_table([[("信息类型", 1, 1), ("数量", 1, 1)], [("政策 法规", 1, 1), ("22", 1, 1)],
                        [("部门文件", 1, 1), ("3", 1, 1)]])
    doc = Document([TextBlock("主动公开信息表"), table], "html")
    got = {f.dimension: f.value for f in extract_prose(doc, ReportMeta(year=2018, template="pre2019"))}
    assert got == {"政策 法规": 22, "部门文件": 3}


def test_pdf_lines_are_joined_and_page_numbers_dropped():
    blocks = [TextBlock("（一）主动公开情况。2023 年，我区在政", 1), TextBlock("- 1 -", 1),
              TextBlock("府网站平台主动公开政府信息 1136 条。", 2)]
    sentences = prose_sentences(Document(blocks, "pdf"))
    assert any("主动公开政府信息 1136 条" in s.raw and s.page == 1 for s in sentences)
    figs = extract_prose(Document(blocks, "pdf"), ReportMeta(year=2023, template="t2021"))
    assert [(f.metric, f.value, f.page) for f in figs] == [("text.proactive.total", 1136, 1)]


def test_evidence_is_the_sentence():
    f = extract_prose(Document([TextBlock("一、概述。2018年，我局收到政府信息公开申请5件，均已答复。")], "txt"),
                      ReportMeta(year=2018, template="pre2019"))[0]
    assert f.evidence == "2018年，我局收到政府信息公开申请5件，均已答复。"


def test_phrasings_from_the_format_spec():
    """Sentences of formats.md §6.3 (pre-2019 reports)."""
    assert figures("共主动公开政府信息175条，其中全文电子化率达100%。")["text.proactive.total"] == (175, "number")
    assert figures("2014年度共主动公开政府信息(综合政务类)287条。", year=2014)["text.proactive.total"] == (287, "number")
    got = figures("受理政府信息公开申请6件，答复6件。")
    assert got["text.requests.received"] == (6, "number") and got["text.requests.answered"] == (6, "number")
    assert figures("收到12起政府信息依申请公开。")["text.requests.received"] == (12, "number")
    got = figures("因政府信息公开引起的行政复议案0件，行政诉讼案1件。")
    assert got["text.review.total"] == (0, "number") and got["text.litigation.total"] == (1, "number")
    assert figures("收到针对我办政府信息公开的行政复议3件。")["text.review.total"] == (3, "number")
    for zero in ("未收到申请公开政府信息的要求。", "没有依申请公开信息的情况。", "目前没有收到政府信息公开申请。"):
        assert figures(zero)["text.requests.received"] == (0, "number"), zero
    assert figures("未向申请人收取费用。")["text.fees.collected_yuan"] == (0, "number")
    assert figures("不存在减免情况。") == {}
    assert figures("不予公开信息有10条，咨询2070人次，网上共受理市民来信280件。") == {}


def test_more_request_and_interpretation_phrasings():
    assert figures("本年度收到政府信息公开申请数量为12件。")["text.requests.received"] == (12, "number")
    assert figures("印发政策解读材料5份。")["text.interpretations"] == (5, "number")
