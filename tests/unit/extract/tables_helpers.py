"""Small documents for the table-extraction unit tests (inputs written by hand)."""
from __future__ import annotations

from etl.extract.tables import extract_tables
from etl.extract.template import detect_template
from etl.model import Document, Figure, TextBlock
from etl.read.html import read_html
from etl.read.text import read_markdown

DIMS = ("natural_person", "commercial", "research", "social_org", "legal_service", "other_org", "total")

T2_2021 = """二、主动公开政府信息情况
第二十条第（一）项
信息内容 本年制发件数 本年废止件数 现行有效件数
规章 0 0 0
行政规范性文件 3 1 12
第二十条第（五）项
信息内容 本年处理决定数量
行政许可 550
第二十条第（六）项
信息内容 本年处理决定数量
行政处罚 4119
行政强制 /
第二十条第（八）项
信息内容 本年收费金额（单位：万元）
行政事业性收费 7730.28
"""

T3_HEAD = """三、收到和处理政府信息公开申请情况
（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）
申请人情况
自然人
法人或其他组织
总计
商业
企业
科研
机构
社会
公益
组织
法律
服务
机构
其他
"""

# a 2021 表三 whose rows all balance: 一 25 + 二 2 = （七） 24 + 四 3
T3_2021_ROWS = [
    ("一、本年新收政府信息公开申请数量", [21, 2, 0, 0, 1, 1, 25]),
    ("二、上年结转政府信息公开申请数量", [2, 0, 0, 0, 0, 0, 2]),
    ("（一）予以公开", [10, 1, 0, 0, 0, 0, 11]),
    ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", [4, 0, 0, 0, 0, 0, 4]),
    ("1.属于国家秘密", [1, 0, 0, 0, 0, 0, 1]),
    ("2.其他法律行政法规禁止公开", [0, 0, 0, 0, 0, 0, 0]),
    ("3.危及“三安全一稳定”", [0, 0, 0, 0, 0, 0, 0]),
    ("4.保护第三方合法权益", [0, 0, 0, 0, 0, 0, 0]),
    ("5.属于三类内部事务信息", [0, 0, 0, 0, 0, 0, 0]),
    ("6.属于四类过程性信息", [1, 0, 0, 0, 0, 0, 1]),
    ("7.属于行政执法案卷", [0, 0, 0, 0, 0, 0, 0]),
    ("8.属于行政查询事项", [0, 0, 0, 0, 0, 0, 0]),
    ("1.本机关不掌握相关政府信息", [3, 1, 0, 0, 0, 0, 4]),
    ("2.没有现成信息需要另行制作", [0, 0, 0, 0, 0, 0, 0]),
    ("3.补正后申请内容仍不明确", [0, 0, 0, 0, 0, 0, 0]),
    ("1.信访举报投诉类申请", [1, 0, 0, 0, 0, 0, 1]),
    ("2.重复申请", [0, 0, 0, 0, 0, 0, 0]),
    ("3.要求提供公开出版物", [0, 0, 0, 0, 0, 0, 0]),
    ("4.无正当理由大量反复申请", [0, 0, 0, 0, 0, 0, 0]),
    ("5.要求行政机关确认或重新出具已获取信息", [0, 0, 0, 0, 0, 0, 0]),
    ("1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", [1, 0, 0, 0, 1, 0, 2]),
    ("2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", [0, 0, 0, 0, 0, 0, 0]),
    ("3.其他", [0, 0, 0, 0, 0, 0, 0]),
    ("（七）总计", [21, 2, 0, 0, 1, 0, 24]),
    ("四、结转下年度继续办理", [2, 0, 0, 0, 0, 1, 3]),
]
T3_2021_METRICS = [
    "t3.received_new", "t3.carried_over", "t3.granted", "t3.partially_granted",
    "t3.denied.state_secret", "t3.denied.law_prohibited", "t3.denied.security_stability", "t3.denied.third_party",
    "t3.denied.internal_affairs", "t3.denied.process_info", "t3.denied.enforcement_file", "t3.denied.admin_query",
    "t3.unavailable.not_held", "t3.unavailable.needs_creation", "t3.unavailable.unclear",
    "t3.not_processed.complaint", "t3.not_processed.repeat", "t3.not_processed.publication",
    "t3.not_processed.mass_repeat", "t3.not_processed.confirmation",
    "t3.other.overdue_correction", "t3.other.overdue_fee", "t3.other.misc", "t3.total_processed",
    "t3.carried_forward",
]
# group headers printed before these rows (as the PDF text gives them)
GROUP_HEADERS = {"（一）予以公开": "三、本年度办理结果", "1.属于国家秘密": "（三）不予公开",
                 "1.本机关不掌握相关政府信息": "（四）无法提供", "1.信访举报投诉类申请": "（五）不予处理",
                 "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请": "（六）其他处理"}

T4_TEXT = """四、政府信息公开行政复议、行政诉讼情况
行政复议 行政诉讼
结果
维持
结果
纠正
其他
结果
尚未
审结 总 计
未经复议直接起诉 复议后起诉
结果 维持 结果 纠正 其他 结果 尚未 审结 总 计 结果 维持 结果 纠正 其他 结果 尚未 审结 总 计
3 1 0 1 5 0 0 0 0 0 2 0 0 0 2
五、存在的主要问题及改进情况
"""
T4_VALUES = [3, 1, 0, 1, 5, 0, 0, 0, 0, 0, 2, 0, 0, 0, 2]
T4_METRICS = [f"{g}.{c}" for g in ("t4.review", "t4.litigation_direct", "t4.litigation_after_review")
              for c in ("upheld", "corrected", "other", "pending", "total")]


def t3_text(rows=T3_2021_ROWS) -> str:
    lines = [T3_HEAD]
    for label, vals in rows:
        if label in GROUP_HEADERS:
            lines.append(GROUP_HEADERS[label] + "\n")
        lines.append(f"{label} {' '.join(map(str, vals))}\n")
    return "".join(lines)


def text_doc(text: str, page: int | None = None) -> Document:
    return Document([TextBlock(line, page) for line in text.split("\n") if line.strip()], "txt")


def paged_doc(pages: list[str]) -> Document:
    return Document([TextBlock(line, i + 1) for i, t in enumerate(pages) for line in t.split("\n") if line.strip()],
                    "pdf", page_count=len(pages))


def html_doc(html: str) -> Document:
    return read_html(html.encode("utf-8"))


def md_doc(md: str) -> Document:
    return read_markdown(md.encode("utf-8"))


def run(doc: Document, template: str | None = "detect") -> tuple[dict, list[str], list[Figure]]:
    """(cells by 'metric|dimension', problems, figures)."""
    if template == "detect":
        template = detect_template(doc)
    figures, problems = extract_tables(doc, template)
    cells = {(f"{f.metric}|{f.dimension}" if f.dimension else f.metric): f for f in figures}
    return cells, problems, figures


def values(cells: dict) -> dict:
    return {k: f.value for k, f in cells.items()}
