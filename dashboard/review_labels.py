"""Interface words of the review and report pages (issue 22), Chinese and English, in the same
(zh, en) form as dashboard.i18n.UI (kept here so the pages can be added without editing it)."""
from __future__ import annotations

from dashboard.i18n import pick

UI: dict[str, tuple[str, str]] = {
    "p_review": ("数值核对", "Review a figure"),
    "p_report": ("报告原表", "Report as printed"),
    "choose_report": ("选择报告", "Choose a report"),
    "choose_figure": ("选择数值", "Choose a figure"),
    "no_report": ("没有这份报告。", "No such report."),
    "no_figure": ("这份报告没有这个数值。", "The report has no such figure."),
    "served": ("采用值", "Value served"),
    "extracted": ("抽取值", "Value extracted"),
    "raw_text": ("原文", "As printed"),
    "value_kind": ("数值类型", "Value kind"),
    "source_kind": ("来源", "Source"),
    "corrected_note": ("此数值已由更正文件更正。", "This value was corrected by the corrections file."),
    "page_image": ("原文页面（第 {page} 页），框出该数值", "The page as printed (page {page}), the figure boxed"),
    "whole_page": ("整页", "Whole page"),
    "no_source": ("找不到与本报告字节一致的源文件（已移动或已更改）：无法显示页面。",
                  "The source file with this report's bytes was not found (moved or changed): no page to show."),
    "no_box": ("没有该数值在页面上的位置。", "Where the figure is on its page is not known."),
    "in_source": ("原文中的位置", "Where it is in the source"),
    "evidence": ("原文摘录", "Evidence"),
    "checks_cell": ("涉及该数值的校验", "Checks involving this figure"),
    "no_checks": ("没有涉及该数值的校验。", "No check involves this figure."),
    "versions": ("同一报告的其他版本", "Other versions of the same report"),
    "correction": ("提交更正", "Propose a correction"),
    "correction_help": ("更正以 CSV 行的形式保存，下次导入时由 `xxgk ingest --corrections FILE` 应用。",
                        "A correction is a CSV line, applied by the next `xxgk ingest --corrections FILE`."),
    "corrected_value": ("更正值（留空表示空白单元格）", "Corrected value (empty: the cell is blank)"),
    "reason": ("理由", "Reason"),
    "reviewer": ("核对人", "Reviewer"),
    "download_line": ("下载更正行 (CSV)", "Download the correction line (CSV)"),
    "append_line": ("追加到更正文件", "Append to the corrections file"),
    "appended": ("已追加到 {path}。", "Appended to {path}."),
    "bad_value": ("更正值必须是数字或留空。", "The corrected value must be a number or empty."),
    "need_reason": ("请填写理由和核对人。", "Give a reason and a reviewer."),
    "open_report": ("查看报告原表", "Open the report as printed"),
    "legend": ("点击数值查看原文位置。红框：未通过校验（悬停显示应为值）。空＝空白单元格，／＝不适用，?＝无法确定，缺＝未找到；"
               "拆＝由勾稽关系拆分，改＝已更正，OCR＝由文字识别读取。",
               "Click a value to see it in the source. Red: fails a check (hover for the expected value). "
               "空 blank, ／ not applicable, ? unassignable, 缺 not found; 拆 split by an identity, 改 corrected, "
               "OCR read by OCR."),
    "no_tables": ("该报告的模板没有标准表（2019 年以前的报告）。", "This report's template has no standard tables (before 2019)."),
    "corrected_cells": ("已更正的数值（按报告）", "Corrected cells per report"),
    "reports_of_bureau": ("按报告查看原表", "Each report as printed"),
}


def tr(key: str, **kw) -> str:
    return pick(UI[key], **kw)
