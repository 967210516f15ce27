"""Template detection from the column labels (formats.md §4), never from the year."""
from __future__ import annotations

from etl.extract.normalize import label_key
from etl.model import Document

T2019_MARKERS = ("本年新制作数量", "对外公开总数量", "上一年项目数量", "第二十条第(九)项", "政府集中采购")
T2021_MARKERS = ("本年制发件数", "现行有效件数", "本年收费金额")
TABLE_MARKERS = ("本年新收政府信息公开申请数量", "本年度办理结果", "结转下年度继续办理")


def detect_template(doc: Document) -> str | None:
    text = label_key(doc.text)
    if any(label_key(m) in text for m in T2021_MARKERS):
        return "t2021"
    if any(label_key(m) in text for m in T2019_MARKERS):
        return "t2019"
    if any(label_key(m) in text for m in TABLE_MARKERS):
        return None  # the standard tables are there but their variant cannot be told
    return "pre2019"
