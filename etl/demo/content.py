"""One report's content, independent of the file format: paragraphs and table grids, plus the
ground truth of every figure the content states (written from the model, never from the ETL)."""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from etl.demo import DEMO_LABEL
from etl.demo.layouts import (SECTION_HEADINGS, T2_BLOCKS, T3_APPLICANT_COLUMNS, T3_CARRIED_FORWARD,
                              T3_CARRIED_OVER, T3_DIMENSIONS, T3_NOTE, T3_OUTCOMES, T3_RECEIVED,
                              T3_RESULTS_HEADER, T3_TOTAL, T4_COLUMNS, T4_GROUPS)
from etl.demo.numbers import YearFigures
from etl.demo.organs import Organ
from etl.demo.quirks import ReportQuirks

Cell = tuple[str, int, int]  # text, rowspan, colspan (as HTML markup gives them)


@dataclass
class Para:
    text: str
    kind: str = "body"  # title, heading, body, caption, signature


@dataclass
class Grid:
    rows: list[list[Cell]]
    kind: str  # t2, t3, t4, categories
    header_rows: int = 1
    page_break_after: int | None = None  # txt: a '- N -' line after this row (page-number quirk)


Block = Para | Grid


@dataclass
class ReportContent:
    blocks: list[Block]
    published_on: date
    cells: dict[str, object] = field(default_factory=dict)
    text: dict[str, object] = field(default_factory=dict)
    approximate: list[str] = field(default_factory=list)


_STRAY = {"商业企业": "商业 企业", "社会公益组织": "社会 公益组织", "行政许可": "行政 许可",
          "4.无正当理由大量反复申请": "4.无正当理由大量反复 申请", "（一）予以公开": "（一）予以 公开"}
_BROKEN = {"本年新制作数量": "本年新\n制作数量", "本年新公开数量": "本年新\n公开数量", "对外公开总数量": "对外公开\n总数量",
           "本年制发件数": "本年制发\n件数", "本年废止件数": "本年废止\n件数", "现行有效件数": "现行有效\n件数",
           "上一年项目数量": "上一年\n项目数量", "处理决定数量": "处理决定\n数量", "结果维持": "结果\n维持",
           "结果纠正": "结果\n纠正", "其他结果": "其他\n结果", "尚未审结": "尚未\n审结", "商业企业": "商业\n企业",
           "科研机构": "科研\n机构", "社会公益组织": "社会\n公益\n组织", "法律服务机构": "法律\n服务\n机构"}


class _Labels:
    def __init__(self, quirks: ReportQuirks):
        self.stray = "stray_spaces" in quirks
        self.broken = "broken_headers" in quirks

    def row(self, label: str) -> str:
        return _STRAY.get(label, label) if self.stray else label

    def header(self, label: str) -> str:
        if self.broken and label in _BROKEN:
            return _BROKEN[label]
        return _STRAY.get(label, label) if self.stray else label


def _fmt(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.2f}".rstrip("0").rstrip(".")


def _signed(value: float) -> str:
    return f"+{int(value)}" if value > 0 else str(int(value))


# ---------------------------------------------------------------- standard tables

def _t2_grid(fig: YearFigures, quirks: ReportQuirks, labels: _Labels, cells: dict, rng: random.Random) -> Grid:
    rows: list[list[Cell]] = []
    slash = "slash_not_applicable" in quirks
    wan_yuan_procurement = rng.random() < 0.25
    for block in T2_BLOCKS[fig.template]:
        rows.append([(block.header, 1, 4)])
        span = 3 - len(block.columns)  # the last value column spans what is left of the 3 (028's layout)
        rows.append([("信息内容", 1, 1)] + [(labels.header(c), 1, 1 + (span if i == len(block.columns) - 1 else 0))
                                            for i, (c, _) in enumerate(block.columns)])
        for row_label, stem in block.rows:
            row: list[Cell] = [(labels.row(row_label), 1, 1)]
            for i, (_, suffix) in enumerate(block.columns):
                metric = f"t2.{stem}.{suffix}"
                value = fig.t2[metric]
                if value is None:
                    text, truth = ("/", "NA") if slash else ("0", 0)
                elif suffix == "items_change":
                    text, truth = _signed(value), int(value)
                elif suffix == "amount_yuan":
                    if wan_yuan_procurement and value:
                        wan = round(value / 10000, 2)
                        text, truth = f"{_fmt(wan)}万元", round(wan * 10000, 2)
                    else:
                        text, truth = f"{_fmt(value)}元" if value else "0", value
                else:
                    text, truth = _fmt(value), value
                cells[metric] = truth
                row.append((text, 1, 1 + (span if i == len(block.columns) - 1 else 0)))
            rows.append(row)
    return Grid(rows, "t2", header_rows=0)


def _t3_value(fig: YearFigures, metric: str, dim: str, blank_zeros: bool, cells: dict) -> Cell:
    value = fig.t3[(metric, dim)]
    if blank_zeros and value == 0:
        cells[f"{metric}|{dim}"] = None
        return ("", 1, 1)
    cells[f"{metric}|{dim}"] = value
    return (str(value), 1, 1)


def _t3_grid(fig: YearFigures, quirks: ReportQuirks, labels: _Labels, cells: dict, fmt: str,
             rng: random.Random) -> Grid:
    blank = "blank_zero_cells" in quirks and fmt != "txt"
    h = labels.header
    rows: list[list[Cell]] = [
        [(T3_NOTE, 3, 3), ("申请人情况", 1, 7)],
        [(h("自然人"), 2, 1), ("法人或其他组织", 1, 5), (h("总计"), 2, 1)],
        [(h(c), 1, 1) for c in T3_APPLICANT_COLUMNS[1:6]],
    ]

    def values(metric: str) -> list[Cell]:
        return [_t3_value(fig, metric, d, blank, cells) for d in T3_DIMENSIONS]

    for label, metric in (T3_RECEIVED, T3_CARRIED_OVER):
        rows.append([(label, 1, 3)] + values(metric))
    outcomes = T3_OUTCOMES[fig.template]
    group_sizes: dict[str, int] = {}
    for group, sub, _ in outcomes:
        if sub:
            group_sizes[group] = group_sizes.get(group, 0) + 1
    seen: set[str] = set()
    for i, (group, sub, metric) in enumerate(outcomes):
        row: list[Cell] = []
        if i == 0:
            row.append((T3_RESULTS_HEADER, len(outcomes) + 1, 1))
        if sub is None:
            row.append((labels.row(group), 1, 2))
        else:
            if group not in seen:
                row.append((group, group_sizes[group], 1))
                seen.add(group)
            row.append((labels.row(sub), 1, 1))
        rows.append(row + values(metric))
    rows.append([(T3_TOTAL[0], 1, 2)] + values(T3_TOTAL[1]))
    rows.append([(T3_CARRIED_FORWARD[0], 1, 3)] + values(T3_CARRIED_FORWARD[1]))
    page_break = None
    if fmt == "txt" and "page_numbers_in_table" in quirks:
        page_break = rng.randint(6, len(rows) - 3)
    return Grid(rows, "t3", header_rows=3, page_break_after=page_break)


def _t4_grid(fig: YearFigures, labels: _Labels, cells: dict) -> Grid:
    h = labels.header
    rows: list[list[Cell]] = [
        [("行政复议", 1, 5), ("行政诉讼", 1, 10)],
        [(h(label), 2, 1) for _, label in T4_COLUMNS] + [("未经复议直接起诉", 1, 5), ("复议后起诉", 1, 5)],
        [(h(label), 1, 1) for _, label in T4_COLUMNS] * 2,
    ]
    values: list[Cell] = []
    for group, _ in T4_GROUPS:
        for col, _ in T4_COLUMNS:
            metric = f"t4.{group}.{col}"
            cells[metric] = fig.t4[metric]
            values.append((str(fig.t4[metric]), 1, 1))
    rows.append(values)
    return Grid(rows, "t4", header_rows=3)


# ---------------------------------------------------------------- prose

_FILLER = {
    "management": "严格执行信息发布审核制度，坚持“先审后发”，落实“三审三校”，确保公开信息准确、规范。",
    "platform": "加强政府网站和政务新媒体日常监管，及时更新栏目内容，整改空白栏目和不良链接。",
    "supervision": "将政务公开工作纳入年度绩效考核，开展业务培训，本年度未发生政务公开工作责任追究情况。",
    "problems": "对照上级要求，仍存在公开内容深度不够、政策解读形式较为单一等问题。下一步，将进一步完善工作机制，"
                "加强业务培训，提升政务公开工作质量。",
    "overview_pre": "我们认真贯彻落实《条例》，加强组织领导，完善工作机制，推进政府信息公开工作规范化、制度化。",
}


def _date_text(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _published_on(organ: Organ, year: int, late: bool, rng: random.Random) -> date:
    if year >= 2019 and organ.organ_kind == "department":
        start, deadline = date(year + 1, 1, 5), date(year + 1, 1, 31)
    else:
        start, deadline = date(year + 1, 2, 10), date(year + 1, 3, 31)
    if late:
        return deadline + timedelta(days=rng.randint(5, 90))
    return start + timedelta(days=rng.randint(0, (deadline - start).days))


def _proactive_sentence(organ: Organ, fig: YearFigures, quirks: ReportQuirks, content: ReportContent) -> str:
    """The yearly proactive-disclosure sentence (ends before its full stop, so that a category
    list can follow with 其中); the cumulative figure, when printed, comes after via
    `_cumulative_sentence` so that 其中 never attaches to it."""
    me = organ.self_name
    if "approximate_proactive" in quirks and fig.proactive_total >= 30:
        step = 100 if fig.proactive_total >= 1000 else 10
        approx = fig.proactive_total // step * step
        content.text["text.proactive.total"] = approx
        content.approximate.append("text.proactive.total")
        return f"{fig.year}年，{me}通过政府网站、政务新媒体等平台共主动公开政府信息{approx}多条"
    content.text["text.proactive.total"] = fig.proactive_total
    if "cumulative_beside_yearly" in quirks:
        return f"本年度新增主动公开政府信息{fig.proactive_total}条"
    return f"{fig.year}年，{me}在政府门户网站主动公开政府信息{fig.proactive_total}条"


def _cumulative_sentence(fig: YearFigures, quirks: ReportQuirks, content: ReportContent) -> str:
    if "cumulative_beside_yearly" not in quirks or "text.proactive.total" in content.approximate:
        return ""
    content.text["text.proactive.cumulative"] = fig.proactive_cumulative
    return f"到年底累计主动公开政府信息{fig.proactive_cumulative}条。"


def _fee_sentence(organ: Organ, fig: YearFigures, rng: random.Random, content: ReportContent) -> str:
    content.text["text.fees.collected_yuan"] = fig.fees_yuan
    if fig.fees_yuan:
        return f"{fig.year}年，{organ.self_name}共收取政府信息公开信息处理费{_fmt(fig.fees_yuan)}元。"
    if fig.template == "pre2019":
        return f"{fig.year}年，{organ.self_name}未向申请人收取任何费用，不存在减免情况。"
    return rng.choice(("全年收取政府信息公开信息处理费0元。",
                       f"{fig.year}年，{organ.self_name}未收取政府信息公开信息处理费。"))


def _standard_blocks(organ: Organ, fig: YearFigures, quirks: ReportQuirks, content: ReportContent, fmt: str,
                     rng: random.Random) -> list[Block]:
    heads = SECTION_HEADINGS["standard"]
    labels = _Labels(quirks)
    me = organ.self_name
    out: list[Block] = [Para(heads[0], "heading")]
    out.append(Para(f"{fig.year}年，{organ.bureau_name}坚持以习近平新时代中国特色社会主义思想为指导，认真贯彻落实《条例》，"
                    "持续推进政府信息公开工作规范化、标准化。"))
    out.append(Para("（一）主动公开情况。" + _proactive_sentence(organ, fig, quirks, content) + "。"
                    + _cumulative_sentence(fig, quirks, content)
                    + (f"发布政策解读{fig.interpretations}篇。" if fig.interpretations else "")))
    if fig.interpretations:
        content.text["text.interpretations"] = fig.interpretations
    received = fig.requests_received
    content.text["text.requests.received"] = received
    if received:
        out.append(Para(f"（二）依申请公开情况。{fig.year}年，{me}共受理政府信息公开申请{received}件，均在法定期限内答复。"))
    else:
        out.append(Para(f"（二）依申请公开情况。{fig.year}年，{me}未收到政府信息公开申请。"))
    out.append(Para("（三）政府信息管理情况。" + _FILLER["management"]))
    out.append(Para("（四）政府信息公开平台建设情况。" + _FILLER["platform"]))
    out.append(Para("（五）监督保障情况。" + _FILLER["supervision"]))
    out.append(Para(heads[1], "heading"))
    out.append(_t2_grid(fig, quirks, labels, content.cells, rng))
    out.append(Para(heads[2], "heading"))
    out.append(_t3_grid(fig, quirks, labels, content.cells, fmt, rng))
    out.append(Para(heads[3], "heading"))
    out.append(_t4_grid(fig, labels, content.cells))
    out.append(Para(heads[4], "heading"))
    out.append(Para(f"{fig.year}年，{me}政府信息公开工作取得一定成效，但" + _FILLER["problems"]))
    out.append(Para(heads[5], "heading"))
    out.append(Para(_fee_sentence(organ, fig, rng, content)))
    return out


def _pre2019_blocks(organ: Organ, fig: YearFigures, quirks: ReportQuirks, content: ReportContent,
                    rng: random.Random) -> list[Block]:
    heads = SECTION_HEADINGS["pre2019"]
    me, year = organ.self_name, fig.year
    out: list[Block] = [Para(heads[0], "heading"), Para(_FILLER["overview_pre"])]
    out.append(Para(heads[1], "heading"))
    sentence = _proactive_sentence(organ, fig, quirks, content)
    cumulative = _cumulative_sentence(fig, quirks, content)
    table = "local_category_table" in quirks and "text.proactive.total" not in content.approximate
    if table:
        content.text["text.proactive.by_category"] = dict(fig.categories)
        out.append(Para(sentence + "。" + cumulative + "分类情况如下表。"))
        out.append(Para(f"{year}年{organ.bureau_name}主动公开信息分类统计表（条）", "caption"))
        out.append(Grid([[("信息类型", 1, 1), ("数量", 1, 1)]] + [[(k, 1, 1), (str(v), 1, 1)] for k, v in fig.categories],
                        "categories"))
    elif "text.proactive.total" not in content.approximate:
        content.text["text.proactive.by_category"] = dict(fig.categories)
        out.append(Para(sentence + "，其中" + "，".join(f"{k}{v}条" for k, v in fig.categories) + "。" + cumulative))
    else:
        out.append(Para(sentence + "。"))
    if fig.interpretations and rng.random() < 0.6:
        content.text["text.interpretations"] = fig.interpretations
        out.append(Para(f"围绕重要政策文件，发布政策解读{fig.interpretations}条。"))
    out.append(Para(heads[2], "heading"))
    content.text["text.requests.received"] = fig.requests_received
    if fig.requests_received:
        rest = fig.requests_received - fig.granted - fig.partially_granted - fig.denied
        content.text.update({"text.requests.granted": fig.granted, "text.requests.partially_granted": fig.partially_granted,
                             "text.requests.denied": fig.denied})
        out.append(Para(f"{year}年，{me}共受理政府信息公开申请{fig.requests_received}件，其中同意公开{fig.granted}件，"
                        f"同意部分公开{fig.partially_granted}件，不予公开{fig.denied}件"
                        + (f"，其余{rest}件因信息不存在或不属于本机关公开职责范围等原因已告知申请人" if rest else "")
                        + "，均已按期答复。"))
    else:
        out.append(Para(f"{year}年，{me}未收到政府信息公开申请。"))
    out.append(Para(heads[3], "heading"))
    out.append(Para(_fee_sentence(organ, fig, rng, content)))
    out.append(Para(heads[4], "heading"))
    content.text["text.review.total"] = fig.review_total
    content.text["text.litigation.total"] = fig.litigation_total
    if fig.review_total or fig.litigation_total:
        out.append(Para(f"{year}年，{me}发生政府信息公开行政复议案{fig.review_total}件，行政诉讼案{fig.litigation_total}件。"))
    else:
        out.append(Para(f"{year}年，{me}未发生因政府信息公开申请行政复议或提起行政诉讼的情况。"))
    out.append(Para(heads[5], "heading"))
    out.append(Para(_FILLER["problems"]))
    return out


def title_of(organ: Organ, year: int) -> str:
    word = "年度政府信息公开工作报告" if year < 2019 else "年政府信息公开工作年度报告"
    return f"{organ.bureau_name}{year}{word}"


def compose(organ: Organ, fig: YearFigures, quirks: ReportQuirks, fmt: str, rng: random.Random) -> ReportContent:
    """The report as blocks, with the truth of every figure it states."""
    published = _published_on(organ, fig.year, "late_publication" in quirks, rng)
    content = ReportContent([], published)
    if "title_split" in quirks and fmt in ("txt", "pdf", "docx"):
        head = [Para(organ.bureau_name, "title"), Para(title_of(organ, fig.year)[len(organ.bureau_name):], "title")]
    else:
        head = [Para(title_of(organ, fig.year), "title")]
    preamble = Para(f"本报告由{organ.bureau_name}根据《中华人民共和国政府信息公开条例》（以下简称《条例》）要求编制。"
                    f"报告中所列数据统计期限自{fig.year}年1月1日起至{fig.year}年12月31日止。"
                    f"如对本报告有疑问，请与{organ.bureau_name}办公室联系。")
    body = (_pre2019_blocks(organ, fig, quirks, content, rng) if fig.template == "pre2019"
            else _standard_blocks(organ, fig, quirks, content, fmt, rng))
    tail = [Para(organ.bureau_name, "signature"), Para(_date_text(published), "signature"),
            Para(DEMO_LABEL, "signature")]
    content.blocks = head + [preamble] + body + tail
    return content
