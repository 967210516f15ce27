"""The standard tables of the 2019 and 2021 templates as data (formats.md §2-§4).

The generator keeps its own copy of the labels instead of importing the extractor's label maps,
so that the demo corpus is an independent check of the extractor, not a mirror of it.
"""
from __future__ import annotations

from dataclasses import dataclass

T3_DIMENSIONS = ("natural_person", "commercial", "research", "social_org", "legal_service", "other_org", "total")
T3_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"


@dataclass(frozen=True)
class T2Block:
    header: str  # 第二十条第（一）项
    columns: tuple[tuple[str, str], ...]  # (column label, metric suffix)
    rows: tuple[tuple[str, str], ...]  # (row label, metric stem)

    def metric(self, row_stem: str, col_suffix: str) -> str:
        return f"t2.{row_stem}.{col_suffix}"


T2_BLOCKS = {
    "t2019": (
        T2Block("第二十条第（一）项",
                (("本年新制作数量", "new_made"), ("本年新公开数量", "new_published"), ("对外公开总数量", "published_total")),
                (("规章", "regulations"), ("规范性文件", "normative_docs"))),
        T2Block("第二十条第（五）项",
                (("上一年项目数量", "prev_items"), ("本年增/减", "items_change"), ("处理决定数量", "decisions")),
                (("行政许可", "licensing"), ("其他对外管理服务事项", "other_services"))),
        T2Block("第二十条第（六）项",
                (("上一年项目数量", "prev_items"), ("本年增/减", "items_change"), ("处理决定数量", "decisions")),
                (("行政处罚", "punishment"), ("行政强制", "coercion"))),
        T2Block("第二十条第（八）项",
                (("上一年项目数量", "prev_items"), ("本年增/减", "items_change")),
                (("行政事业性收费", "admin_fees"),)),
        T2Block("第二十条第（九）项",
                (("采购项目数量", "projects"), ("采购总金额", "amount_yuan")),
                (("政府集中采购", "procurement"),)),
    ),
    "t2021": (
        T2Block("第二十条第（一）项",
                (("本年制发件数", "issued"), ("本年废止件数", "repealed"), ("现行有效件数", "in_force")),
                (("规章", "regulations"), ("行政规范性文件", "normative_docs"))),
        T2Block("第二十条第（五）项", (("本年处理决定数量", "decisions"),), (("行政许可", "licensing"),)),
        T2Block("第二十条第（六）项", (("本年处理决定数量", "decisions"),),
                (("行政处罚", "punishment"), ("行政强制", "coercion"))),
        T2Block("第二十条第（八）项", (("本年收费金额（单位：万元）", "amount_wan_yuan"),),
                (("行政事业性收费", "admin_fees"),)),
    ),
}

T3_APPLICANT_COLUMNS = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")

# 表三 rows: (group label or None, row label, metric). Group labels are the rowspan headers.
_OUTCOMES_HEAD = (
    ("（一）予以公开", None, "t3.granted"),
    ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", None, "t3.partially_granted"),
    ("（三）不予公开", "1.属于国家秘密", "t3.denied.state_secret"),
    ("（三）不予公开", "2.其他法律行政法规禁止公开", "t3.denied.law_prohibited"),
    ("（三）不予公开", "3.危及“三安全一稳定”", "t3.denied.security_stability"),
    ("（三）不予公开", "4.保护第三方合法权益", "t3.denied.third_party"),
    ("（三）不予公开", "5.属于三类内部事务信息", "t3.denied.internal_affairs"),
    ("（三）不予公开", "6.属于四类过程性信息", "t3.denied.process_info"),
    ("（三）不予公开", "7.属于行政执法案卷", "t3.denied.enforcement_file"),
    ("（三）不予公开", "8.属于行政查询事项", "t3.denied.admin_query"),
    ("（四）无法提供", "1.本机关不掌握相关政府信息", "t3.unavailable.not_held"),
    ("（四）无法提供", "2.没有现成信息需要另行制作", "t3.unavailable.needs_creation"),
    ("（四）无法提供", "3.补正后申请内容仍不明确", "t3.unavailable.unclear"),
    ("（五）不予处理", "1.信访举报投诉类申请", "t3.not_processed.complaint"),
    ("（五）不予处理", "2.重复申请", "t3.not_processed.repeat"),
    ("（五）不予处理", "3.要求提供公开出版物", "t3.not_processed.publication"),
    ("（五）不予处理", "4.无正当理由大量反复申请", "t3.not_processed.mass_repeat"),
    ("（五）不予处理", "5.要求行政机关确认或重新出具已获取信息", "t3.not_processed.confirmation"),
)
_OTHER_2019 = (("（六）其他处理", None, "t3.other"),)
_OTHER_2021 = (
    ("（六）其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "t3.other.overdue_correction"),
    ("（六）其他处理", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "t3.other.overdue_fee"),
    ("（六）其他处理", "3.其他", "t3.other.misc"),
)
T3_OUTCOMES = {
    "t2019": _OUTCOMES_HEAD + _OTHER_2019,
    "t2021": _OUTCOMES_HEAD + _OTHER_2021,
}
T3_RECEIVED = ("一、本年新收政府信息公开申请数量", "t3.received_new")
T3_CARRIED_OVER = ("二、上年结转政府信息公开申请数量", "t3.carried_over")
T3_RESULTS_HEADER = "三、本年度办理结果"
T3_TOTAL = ("（七）总计", "t3.total_processed")
T3_CARRIED_FORWARD = ("四、结转下年度继续办理", "t3.carried_forward")

T4_GROUPS = (("review", "行政复议"), ("litigation_direct", "未经复议直接起诉"),
             ("litigation_after_review", "复议后起诉"))
T4_COLUMNS = (("upheld", "结果维持"), ("corrected", "结果纠正"), ("other", "其他结果"),
              ("pending", "尚未审结"), ("total", "总计"))

SECTION_HEADINGS = {
    "standard": ("一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                 "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"),
    "pre2019": ("一、概述", "二、主动公开政府信息情况", "三、依申请公开政府信息和不予公开政府信息情况",
                "四、政府信息公开的收费及减免情况", "五、因政府信息公开申请行政复议、提起行政诉讼的情况",
                "六、政府信息公开工作存在的主要问题及改进措施"),
}


def t3_row_metrics(template: str) -> list[str]:
    """Every 表三 data row's metric, in printed order (23 rows in 2019, 25 in 2021)."""
    return ([T3_RECEIVED[1], T3_CARRIED_OVER[1]] + [m for _, _, m in T3_OUTCOMES[template]]
            + [T3_TOTAL[1], T3_CARRIED_FORWARD[1]])


def t3_outcome_metrics(template: str) -> list[str]:
    return [m for _, _, m in T3_OUTCOMES[template]]
