"""Who, where, when (etl.extract.report_meta) on documents written for the test."""
from __future__ import annotations

from datetime import date

from etl.extract.report_meta import extract_meta
from etl.model import Document, TextBlock


def doc(*lines: str, fmt: str = "txt", **props: str) -> Document:
    return Document([TextBlock(t) for t in lines], fmt, properties=dict(props))


def test_title_on_the_first_line():
    m = extract_meta(doc("淮北市商务局2018年度政府信息公开工作报告", "根据《条例》……"))
    assert (m.bureau_name, m.year, m.province, m.city, m.admin_level, m.organ_kind, m.bureau_type) == \
        ("淮北市商务局", 2018, "安徽省", "淮北市", "department", "department", "商务")
    assert m.is_aggregate is False


def test_title_broken_over_two_pdf_lines_with_page_number_first():
    m = extract_meta(doc("- 1 -", "洪泽区人民政府", "2023 年政府信息公开工作年度报告", "本报告由……", fmt="pdf"))
    assert (m.bureau_name, m.year, m.county, m.city, m.province) == ("洪泽区人民政府", 2023, "洪泽区", "淮安市", "江苏省")
    assert (m.admin_level, m.organ_kind, m.region_code) == ("county", "government", "320813")
    assert m.title == "洪泽区人民政府2023年政府信息公开工作年度报告"


def test_year_first_title_with_abbreviated_organ():
    m = extract_meta(doc("正文", "2024 年上海市科委政府信息公开工作", "年度报告"))
    assert (m.bureau_name, m.year, m.bureau_type, m.province) == ("上海市科学技术委员会", 2024, "科技", "上海市")


def test_region_wide_report_without_organ():
    m = extract_meta(doc("2022年上海市政府信息公开工作年度报告"))
    assert (m.bureau_name, m.year, m.admin_level, m.organ_kind, m.is_aggregate) == \
        ("上海市", 2022, "province", "government", True)


def test_crawler_title_wins_over_navigation_and_publication_date_is_read():
    m = extract_meta(doc("标题: 平潭县人民政府2011年政府信息公开工作年度报告", "发布时间: 2012-04-18 00:00",
                         "当前位置： 首页政务公开政府信息公开政府信息公开年报 平潭县人民政府2011年政府信息公开工作年度报告",
                         "本报告主要根据……以及平潭县人民政府、平潭县各相关部门、平潭县各乡镇人民政府的政府信息公开年度报告编制。"))
    assert (m.bureau_name, m.year, m.published_on) == ("平潭县人民政府", 2011, date(2012, 4, 18))
    assert m.is_aggregate is True  # compiled from subordinate organs' reports


def test_html_article_title_and_pubdate():
    m = extract_meta(doc("首页", "政务公开", fmt="html", title="平潭综合实验区2022年度政府信息公开工作年度报告_政府信息公开年报_平潭",
                         **{"meta:ArticleTitle": "平潭综合实验区2022年度政府信息公开工作年度报告",
                            "meta:PubDate": "2023-02-20 15:07"}))
    assert (m.bureau_name, m.year, m.published_on) == ("平潭综合实验区", 2022, date(2023, 2, 20))
    assert (m.province, m.city, m.county, m.admin_level) == ("福建省", "福州市", "平潭县", "city")


def test_signature_date_in_chinese_numerals_not_the_statistics_period():
    m = extract_meta(doc("某县人民政府2012年政府信息公开工作年度报告",
                         "本报告所列数据的统计期限自2012年1月1日起至2012年12月31日。",
                         "某县人民政府", "二○一三年一月二十日"))
    assert m.published_on == date(2013, 1, 20)


def test_title_year_wins_over_dates_in_the_text():
    m = extract_meta(doc("淮北市商务局2019年度政府信息公开工作报告", "2020年1月15日，我局……"))
    assert m.year == 2019


def test_statistics_period_gives_the_year_without_a_title():
    m = extract_meta(doc("一、总体情况", "本报告所列数据的统计期限自2019年1月1日起至2019年12月31日止。"))
    assert (m.bureau_name, m.year) == (None, 2019)


def test_government_speaking_for_the_whole_city_is_aggregate():
    m = extract_meta(doc("淮安市人民政府2024年政府信息公开工作年度报告", "2024年，全市共受理政府信息公开申请3119件。"))
    assert (m.admin_level, m.is_aggregate) == ("city", True)
    m = extract_meta(doc("淮安市人民政府2024年政府信息公开工作年度报告", "市政府办受理政府信息公开申请17件。"))
    assert m.is_aggregate is None


def test_township_government():
    m = extract_meta(doc("南京市鼓楼区某某街道办事处2021年政府信息公开工作年度报告"))
    assert (m.admin_level, m.organ_kind, m.county) == ("township", "government", "鼓楼区")


def test_title_variants():
    assert extract_meta(doc("淮北市商务局关于2018年度政府信息公开工作报告")).bureau_name == "淮北市商务局"
    m = extract_meta(doc("淮北市财政局政府信息公开工作2019年度报告"))
    assert (m.bureau_name, m.year, m.bureau_type) == ("淮北市财政局", 2019, "财政")
    m = extract_meta(doc("淮安市人民政府办公室2019年政府信息公开工作年度报告"))
    # the general office is a 办 (admin level department) that keeps the government's deadline
    assert (m.organ_kind, m.admin_level, m.bureau_type) == ("government", "department", "人民政府")


def test_dates_that_are_not_the_publication_date():
    m = extract_meta(doc("某县人民政府2019年政府信息公开工作年度报告", "统计时间：2019年1月1日至2019年12月31日。",
                         "《某某办法》自2020年3月1日起施行。", "五、其他需要报告的事项", "无。"))
    assert m.published_on is None


def test_signature_date_before_the_appendix():
    m = extract_meta(doc("平潭县人民政府2011年政府信息公开工作年度报告 …… 二○一二年二月二十日 附件1：统计表 指标名称……"))
    assert m.published_on == date(2012, 2, 20)


def test_signature_date_on_its_own_line_before_a_footer():
    m = extract_meta(doc("南京市审计局2018年政府信息公开工作年度报告", "六、……", "南京市审计局", "2019年2月12日",
                         "本页由某某网站提供"))
    assert m.published_on == date(2019, 2, 12)


# --- round 19: crawled copies of real reports whose title was lost (documents invented) ---

def test_a_preambles_verb_is_not_part_of_the_organ():
    m = extract_meta(doc("根据《条例》规定，现公布区审计局2021年政府信息公开工作年度报告。", "一、总体情况"))
    assert (m.bureau_name, m.year) == ("区审计局", 2021)
    m = extract_meta(doc("现公开县人民政府办公室2021年政府信息公开工作年度报告。"))
    assert m.bureau_name == "县人民政府办公室"


def test_a_cited_notice_is_not_the_reports_organ():
    m = extract_meta(doc("根据《某市某区人民政府办公室关于做好2023年政府信息公开工作年度报告编制工作的通知》的要求，编制本报告。",
                         "一、总体情况", "2023年，区科技局深入贯彻落实《条例》。"))
    assert m.bureau_name is None


def test_the_portals_publisher_field_names_the_organ_when_no_title_does():
    m = extract_meta(doc("索 引 号：0012/2016-00001 | 主题分类：政府信息公开年报", "发布机构：某区审计局 | 关 键 词：政务",
                         "本年报中所列数据的统计期限自2015年1月1日起至2015年12月31日止。"))
    assert (m.bureau_name, m.year) == ("某区审计局", 2015)
    # a generic word there is no organ
    assert extract_meta(doc("发布机构：本机关", "统计期限自2015年1月1日起")).bureau_name is None


def test_the_preamble_gives_the_year_when_nothing_else_does():
    assert extract_meta(doc("现将我办2022年度政府信息公开情况报告如下：", "一、总体情况")).year == 2022
    assert extract_meta(doc("现公布我局2021年政府信息公开工作年度报告。")).year == 2021
    assert extract_meta(doc("一、总体情况", "2019年我局政府信息公开工作运行良好。")).year == 2019
    assert extract_meta(doc("本报告所列数据为2020年1月1日至2020年12月31日。")).year == 2020
    # a year in a sentence about something else is not the report's
    assert extract_meta(doc("一、总体情况", "我局认真落实《2018年政务公开工作要点》。")).year is None


def test_the_compiler_named_in_the_preamble_is_the_organ_without_the_preambles_words():
    m = extract_meta(doc("本报告是根据《条例》要求，由江北区望江街道编制的2014年度政府信息公开工作年度报告。"))
    assert (m.bureau_name, m.year) == ("江北区望江街道", 2014)


def test_a_sentences_words_are_no_organ():
    # 认真编制了 is no name (it ends as no organ does); the portal's source field is then read
    m = extract_meta(doc("信息来源：望江镇人民政府", "望江镇政府结合实际工作，认真编制了2016年度政府信息公开年度报告。"))
    assert (m.bureau_name, m.year) == ("望江镇人民政府", 2016)
    m = extract_meta(doc("特向社会公布2010年度本级机关信息公开工作年度报告。"))
    assert (m.bureau_name, m.year) == (None, 2010)


def test_a_portals_lines_above_the_title_are_not_part_of_the_organ():
    # navigation, a `field:` line, a panel's value, an accessibility switch: never joined with the title
    for above in ("您当前的位置：首页>政务公开>部委", "发布单位：区卫生和计划生育局", "主动公开", "服务对象", "主题颜色",
                  "长者模式", "无障碍浏览"):
        m = extract_meta(doc(above, "某市某区卫生和计划生育局2016年政府信息公开年度报告", "根据《条例》……"))
        assert (m.bureau_name, m.year) == ("某市某区卫生和计划生育局", 2016), above


def test_an_organ_said_twice_by_a_heading_and_the_title_is_said_once():
    m = extract_meta(doc("北京市某区民政局", "某区民政局2009年政府信息公开年报"))
    assert (m.bureau_name, m.year) == ("北京市某区民政局", 2009)
    # (a PDF title broken after the organ's name is still joined)
    m = extract_meta(doc("淮安市洪泽区人民政府", "2023 年政府信息公开工作年度报告"))
    assert m.bureau_name == "淮安市洪泽区人民政府"


def test_title_wordings_and_preamble_words():
    assert extract_meta(doc("某区水利局2013年度政府信息公开年度工作报告")).bureau_name == "某区水利局"
    assert extract_meta(doc("根据《条例》，特编制市农业局2011年政府信息公开工作年度报告。")).bureau_name == "市农业局"
    # a name cut by a PDF line break, with 以下简称 in it, is no organ
    m = extract_meta(doc("由某市统计局、国家统计局某市调", "查总队(以下简称统计局队)编制的 2012 年度政府信息公开", "工作年度报告。"))
    assert m.bureau_name is None


def test_organs_of_the_last_held_back_set():
    # a preamble's 编制发布, a crawler's 标题 field without a colon, a portal's category line above
    # the title, a generic 我街道
    assert extract_meta(doc("根据要求，编制发布某市体育局2021年政府信息公开工作年度报告。")).bureau_name == "某市体育局"
    assert extract_meta(doc("标      题 某区国资委2023年度信息公开工作报告", "索引号 000014349")).bureau_name == "某区国资委"
    assert extract_meta(doc("文件类信息公开", "某县某乡人民政府2025年政府信息公开工作年度报告")).bureau_name == "某县某乡人民政府"
    assert extract_meta(doc("我街道2012年政府信息公开工作年度报告")).bureau_name is None
