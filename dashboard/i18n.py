"""Labels in Chinese (default) and English.

Metric labels come from the database's `metric_catalog` (label_zh / label_en), so the
dashboard says what the catalog says; interface words are the small table below.
"""
from __future__ import annotations

import streamlit as st

from dashboard import data
from dashboard.filters import K_LANG

LANGS = {"zh": "中文", "en": "English"}

# key: (zh, en)
UI: dict[str, tuple[str, str]] = {
    "app_title": ("政府信息公开工作年度报告", "Annual reports on government information disclosure"),
    "demo": ("演示数据（生成）", "demo data (generated)"),
    "no_db": ("没有数据库：请用 `xxgk dashboard --db FILE` 启动。", "No database: start with `xxgk dashboard --db FILE`."),
    "filters": ("筛选", "Filters"),
    "years": ("年度", "Years"),
    "province": ("省份", "Province"),
    "city": ("城市", "City"),
    "level": ("行政层级", "Admin level"),
    "type": ("机关类型", "Bureau type"),
    "bureau": ("机关（可按名称任意部分搜索）", "Bureaus (search any part of the name)"),
    "lang": ("语言", "Language"),
    "problems": ("包含有问题的报告", "Include problem reports"),
    "problems_help": ("关闭后，只使用已完整解析且没有未通过校验的报告。",
                      "When off, only fully parsed reports without failed checks are used."),
    "ocr": ("包含扫描件（OCR 识别）的报告", "Include reports read by OCR from scans"),
    "ocr_help": ("关闭后，图表不使用从扫描页识别出的数值。", "When off, charts use no figure read by OCR from a scanned page."),
    "empty": ("当前筛选条件下没有数据。", "No data under the current filters."),
    "missing_note": ("空白表示缺失（未报告或无法读取），不是 0。", "Blank means missing (not reported or unreadable), never 0."),
    "download_csv": ("下载 CSV", "Download CSV"),
    "download_parquet": ("下载 Parquet", "Download Parquet"),
    # pages
    "p_overview": ("概览", "Overview"),
    "p_proactive": ("主动公开", "Proactive disclosure"),
    "p_interpretation": ("政策解读比例", "Interpretation ratio"),
    "p_requests": ("依申请公开", "Requests"),
    "p_reviews": ("复议与诉讼", "Reviews and lawsuits"),
    "p_bureau": ("机关档案", "Bureau profile"),
    "p_compare": ("机关对比", "Compare"),
    "p_quality": ("数据质量", "Data quality"),
    "p_data": ("数据与查询", "Data"),
    "p_dictionary": ("数据字典", "Data dictionary"),
    "p_supervisor": ("政务公开监督", "Supervisor"),
    # overview
    "reports": ("报告", "Reports"),
    "bureaus": ("机关", "Bureaus"),
    "n_years": ("年份", "Years"),
    "figures": ("数值", "Figures"),
    "checks_failed": ("未通过校验", "Failed checks"),
    "coverage": ("覆盖情况（机关 × 年度）", "Coverage (bureau × year)"),
    "coverage_cap": ("仅显示前 {n} 个机关；完整表格可下载。", "Showing the first {n} bureaus; download the full table."),
    "year": ("年度", "Year"),
    "unpublished": ("{year} 年未公开或逾期公开的机关", "Organs that did not publish for {year} or published late"),
    "all_published": ("该年度所有机关均已按时公开（就已知日期而言）。", "Every organ published on time that year (as far as dates are known)."),
    "status_all": ("全部文件的状态", "Status of all files"),
    # proactive
    "by_category": ("按类别主动公开（文字）", "Proactive disclosure by category (text)"),
    "proactive_total": ("主动公开总数（文字）", "Proactive disclosures, total (text)"),
    "t2_items": ("表二 主动公开事项", "Table 2 items"),
    "group_note": ("未选择机关时，数值为筛选范围内各机关之和；“报告数”为有该数值的报告数。",
                   "With no bureau chosen, values are sums over the organs under the filters; "
                   "'reporting' is the number of reports with a value."),
    # interpretation
    "peer_group": ("同类机关组（行政层级 · 机关类型）", "Peer group (admin level · bureau type)"),
    "ratio_note": ("比例 = 政策解读数 / 本年制发政策文件数；只在同层级、同类型机关之间排名。",
                   "Ratio = interpretations / policy documents issued that year; ranked only among organs of the same level and type."),
    "ratio_over_years": ("各年比例", "Ratio over the years"),
    "ratio_pick": ("该组机关太多，无法逐一画线：请在侧栏选择要查看的机关。",
                   "Too many organs in this group to draw one line each: pick bureaus in the sidebar."),
    "ratio_cap": ("图中显示前 {n} 名（共 {total} 个有比例的机关）；完整排名见下表。",
                  "The chart shows the top {n} of {total} organs with a ratio; the table has the full ranking."),
    # requests
    "volumes": ("申请数量", "Request volumes"),
    "applicants": ("申请人构成（本年新收）", "Applicant mix (received this year)"),
    "outcomes": ("办理结果构成", "Outcome shares"),
    "rates": ("公开率与不予公开率", "Disclosure and denial rates"),
    "rates_note": ("公开率 = (予以公开 + 部分公开) / 总计；不予公开率 = 不予公开各项之和 / 总计。",
                   "Disclosure rate = (granted + partly granted) / total; denial rate = sum of denials / total."),
    # reviews
    "t4_counts": ("行政复议与诉讼数量", "Reviews and lawsuits"),
    "correction_rate": ("纠错率", "Correction rate"),
    "correction_note": ("纠错率 = 结果纠正 / 总计。", "Correction rate = corrected / total."),
    # bureau
    "choose_bureau": ("选择机关", "Choose a bureau"),
    "bureau_reports": ("报告文件", "Report files"),
    "source_files": ("来源文件", "Source files"),
    # xxgk fetch (issue 19)
    "source_versions": ("网上来源与版本（xxgk fetch 采集）", "Web source and versions (collected by xxgk fetch)"),
    "all_metrics": ("全部指标（行：指标，列：年度）", "Every metric (rows: metric, columns: year)"),
    "evidence": ("每个数值的出处", "Where each number comes from"),
    "failed_checks": ("未通过的校验", "Failed checks"),
    "no_failed_checks": ("没有未通过的校验。", "No failed checks."),
    # compare
    "choose_bureaus": ("选择 2–8 个机关", "Choose 2 to 8 bureaus"),
    "metric": ("指标", "Metric"),
    "peer_median": ("同类机关中位数", "Peer-group median"),
    "need_two": ("请至少选择 2 个机关（最多 8 个）。", "Choose at least 2 bureaus (at most 8)."),
    # quality
    "failed_by_report": ("各报告未通过的校验", "Failed checks by report"),
    "problem_files": ("部分解析与失败的文件", "Partial and failed files"),
    "duplicates": ("非首选的重复版本", "Non-preferred duplicate versions"),
    "quality_switch": ("侧栏中的“包含有问题的报告”开关决定其他页面是否使用这些报告。",
                       "The sidebar switch 'Include problem reports' decides whether other pages use these reports."),
    # data
    "filtered_figures": ("筛选后的数值", "Filtered figures"),
    "rows_shown": ("共 {n} 行，显示前 {m} 行；下载包含全部 {n} 行。", "{n} rows, the first {m} shown; downloads hold all {n}."),
    "rows_capped": ("共 {n} 行，超过下载上限 {cap}；请缩小筛选范围。", "{n} rows, above the download cap of {cap}; narrow the filters."),
    "sql_console": ("只读 SQL 查询", "Read-only SQL console"),
    "sql_help": ("只允许单条 SELECT 查询；最多返回 {rows} 行，超过 {secs} 秒中止；不能读取本地文件或网络。",
                 "One SELECT statement only; at most {rows} rows, stopped after {secs} s; no local files or network."),
    "run": ("运行", "Run"),
    # dictionary
    "tables": ("表与视图", "Tables and views"),
    "metrics": ("指标", "Metrics"),
    "vocabularies": ("代码表", "Vocabularies"),
}

PAGE_KEYS = ("p_overview", "p_proactive", "p_interpretation", "p_requests", "p_reviews", "p_bureau", "p_compare",
             "p_quality", "p_data", "p_dictionary")
PAGE_KEYS += ("p_supervisor",)  # issue 21


def lang() -> str:
    value = st.session_state.get(K_LANG)
    return value if value in LANGS else "zh"


def pick(pair: tuple[str, str], **kw) -> str:
    """One (zh, en) label in the current language, filled with `kw`: the one lookup behind t and
    the pages' own label tables (review_labels.tr, supervisor.w)."""
    zh, en = pair
    text = en if lang() == "en" else zh
    return text.format(**kw) if kw else text


def t(key: str, **kw) -> str:
    return pick(UI[key], **kw)


def metric_labels() -> dict[str, str]:
    """metric key → label in the current language, from the database's catalog."""
    cat = data.metric_catalog()
    col = "label_en" if lang() == "en" else "label_zh"
    return dict(zip(cat["metric"].to_list(), cat[col].to_list()))


def metric_label(key: str) -> str:
    return metric_labels().get(key, key)


# words for the coded values shown in charts
CODES: dict[str, tuple[str, str]] = {
    "parsed": ("已解析", "parsed"), "partial": ("部分解析", "partial"), "failed": ("失败", "failed"),
    "missing": ("缺失", "missing"), "late": ("逾期", "late"),
    "natural_person": ("自然人", "natural person"), "commercial": ("商业企业", "commercial"),
    "research": ("科研机构", "research"), "social_org": ("社会公益组织", "social organisation"),
    "legal_service": ("法律服务机构", "legal service"), "other_org": ("其他", "other"), "total": ("总计", "total"),
    "granted": ("予以公开", "granted"), "partially_granted": ("部分公开", "partly granted"),
    "denied": ("不予公开", "denied"), "unavailable": ("无法提供", "unavailable"),
    "not_processed": ("不予处理", "not processed"), "other": ("其他处理", "other"),
    "disclosure_rate": ("公开率", "disclosure rate"), "denial_rate": ("不予公开率", "denial rate"),
    "ratio": ("比例", "ratio"), "value": ("数值", "value"), "reporting": ("报告数", "reporting"),
    "share": ("占比", "share"),
}


# table headers: column name → (zh, en); columns not listed keep their database name
COLUMNS: dict[str, tuple[str, str]] = {
    "bureau_name": ("机关", "bureau"), "year": ("年度", "year"), "province": ("省份", "province"),
    "city": ("城市", "city"), "admin_level": ("行政层级", "admin level"), "bureau_type": ("机关类型", "bureau type"),
    "template": ("模板", "template"), "metric": ("指标键", "metric"), "label": ("指标", "metric label"),
    "dimension": ("维度", "dimension"), "value": ("数值", "value"), "value_kind": ("数值类型", "value kind"),
    "raw_text": ("原文", "as printed"), "source_kind": ("来源", "source"), "unit": ("单位", "unit"),
    "page": ("页码", "page"), "evidence": ("原文摘录", "evidence"), "status": ("状态", "status"),
    "ocr_confidence": ("OCR 置信度（扫描件）", "OCR confidence (scanned)"),
    "error": ("原因", "reason"), "file_name": ("文件名", "file name"), "source_path": ("来源路径", "source path"),
    "rule": ("校验规则", "rule"), "detail": ("说明", "detail"), "expected": ("应为", "expected"),
    "found": ("实际", "found"), "difference": ("差值", "difference"), "is_preferred": ("首选版本", "preferred"),
    "superseded_by": ("被取代于", "superseded by"), "published_on": ("发布日期", "published on"),
    "deadline_on": ("截止日期", "deadline"), "published_late": ("逾期", "late"),
    "figure_count": ("数值个数", "figures"), "checks_failed": ("未通过校验", "failed checks"),
    "interpretations": ("政策解读数", "interpretations"), "policy_documents": ("政策文件数", "policy documents"),
    "denominator_source": ("分母来源", "denominator source"), "ratio": ("比例", "ratio"),
    "peer_rank": ("同类排名", "peer rank"), "peers_with_ratio": ("同类机关数", "peers with a ratio"),
    "peer_median": ("同类中位数", "peer median"), "peers": ("同类机关数", "peers"), "problem": ("问题", "problem"),
    "disclosure_rate": ("公开率", "disclosure rate"), "denial_rate": ("不予公开率", "denial rate"),
    "correction_rate": ("纠错率", "correction rate"), "upheld": ("维持", "upheld"), "corrected": ("纠正", "corrected"),
    "other": ("其他", "other"), "pending": ("尚未审结", "pending"), "total": ("总计", "total"),
    "preferred_file": ("首选文件", "preferred file"), "organ_kind": ("机关性质", "organ kind"),
}


def column_label(name: str) -> str:
    pair = COLUMNS.get(name)
    return (pair[1] if lang() == "en" else pair[0]) if pair else name


def code(value: str | None) -> str:
    if value is None:
        return ""
    pair = CODES.get(value)
    return (pair[1] if lang() == "en" else pair[0]) if pair else value


def code_labels() -> dict[str, str]:
    """Every coded value → its word in the current language (resolve here, in the script thread)."""
    i = 1 if lang() == "en" else 0
    return {k: v[i] for k, v in CODES.items()}


def relabel(column: str, mapping: dict[str, str]):
    """A polars expression replacing codes in `column` by labels (unknown codes kept as they are)."""
    import polars as pl

    return pl.col(column).replace_strict(mapping, default=pl.col(column), return_dtype=pl.Utf8)


# ---------------------------------------------------------------------------------------
# issue 23: the Chinese UI in Chinese throughout (widget placeholders, empty states, every table
# header, coded values in cells, reasons), chart titles and axes, trend aggregation

UI.update({
    "choose": ("请选择", "Choose options"),
    "choose_one": ("请选择一项", "Choose an option"),
    "no_options": ("没有可选项", "No options to select"),
    "null_legend": ("“—” 表示没有数值：空白、不适用或无法确定（都不是 0）；“数值类型”列说明是哪一种。",
                    "“—” means no value: blank, not applicable or unassignable (never 0); the value-kind column says which."),
    "few_reports": ("注意：本图仅基于 {n} 份报告。", "Note: this chart rests on only {n} reports."),
    "organs_per_point": ("每个点背后的机关数：{counts}", "Organs behind each point: {counts}"),
    "aggregate": ("多个机关的汇总方式", "Combine organs as"),
    "agg_balanced": ("平衡面板之和（每个所选年度都有报告的机关）", "Sum over the balanced panel (organs reporting in every year)"),
    "agg_median": ("每个机关的中位数", "Median per organ"),
    "agg_sum": ("全部机关之和（机关集合逐年变化）", "Sum over all organs (the set changes by year)"),
    "agg_help": ("各年报告的机关不同时，直接求和会因机关增减而跳变；平衡面板只用每年都有报告的机关。",
                 "When different organs report in different years, a plain sum jumps as organs come and go; "
                 "the balanced panel uses only organs that reported in every year."),
    "balanced_empty": ("没有在所有所选年度都有报告的机关；请缩小年度范围或改用中位数。",
                       "No organ reported in every selected year; narrow the years or use the median."),
    "axis_year": ("年度", "Year"),
    "unit_count": ("件数", "count"),
    "unit_wan_yuan": ("万元", "10,000 yuan"),
    "unit_share": ("占比", "share"),
    "unit_ratio": ("比例", "ratio"),
    "per_organ": ("（每个机关）", " (per organ)"),
    "other_versions": ("同一机关同一年度的其他文件", "Other files of the same organ and year"),
    "unknown_levels": ("行政层级未知的机关（不参与同类比较）", "Organs whose admin level is unknown (left out of peer groups)"),
    "none_unknown": ("所有机关的行政层级都已确定。", "Every organ's admin level is known."),
    "chart_coverage": ("各机关各年度的报告情况", "Reports by organ and year"),
    "chart_ratio_rank": ("{year} 年政策解读比例排名（{group}）", "Interpretation ratio ranking, {year} ({group})"),
})

COLUMNS.update({
    "report_id": ("报告编号", "report id"), "bureau_id": ("机关编号", "bureau id"), "sha256": ("SHA-256", "SHA-256"),
    "file_size_bytes": ("文件大小（字节）", "file size (bytes)"), "duplicate_of_path": ("相同内容的文件", "duplicate of"),
    "reporting": ("报告数", "reporting"), "organs": ("机关数", "organs"), "share": ("占比", "share"),
    "applicant": ("申请人", "applicant"), "outcome": ("办理结果", "outcome"), "rate": ("比率", "rate"),
    "kind": ("类别", "kind"), "result": ("结果", "result"), "series": ("系列", "series"),
    "coverage": ("报告情况", "coverage"), "other_names": ("其他名称", "other names"), "n": ("数量", "n"),
    "other_files": ("其他文件", "other files"), "first_year": ("首个年度", "first year"),
    "last_year": ("最后年度", "last year"), "report_count": ("报告数", "reports"), "county": ("区县", "county"),
    "region_code": ("区划代码", "region code"), "title": ("标题", "title"), "page_count": ("页数", "pages"),
    "name_variant": ("名称写法", "name variant"), "description": ("说明", "description"),
    "label_zh": ("中文名称", "Chinese label"), "label_en": ("英文名称", "English label"),
    "section": ("所在表", "section"), "templates": ("模板", "templates"), "code": ("代码", "code"),
    "meaning": ("含义", "meaning"), "column": ("列", "column"), "type": ("类型", "type"), "name": ("名称", "name"),
    "relation": ("表或视图", "table or view"), "rows": ("行数", "rows"), "fail_share": ("未通过比例", "fail share"),
    "aggregate": ("汇总方式", "aggregate"), "nullable": ("可为空", "nullable"),
})

CODES.update({
    "number": ("数值", "number"), "blank": ("空白", "blank"), "not_applicable": ("不适用", "not applicable"),
    "approximate": ("约数", "approximate"), "unassignable": ("无法确定", "unassignable"),
    "table": ("表格", "table"), "text": ("正文", "text"), "derived": ("推算", "derived"),
    "pass": ("通过", "pass"), "fail": ("未通过", "fail"), "warn": ("需核实", "warn"),
    "not_assessable": ("无法核对", "not assessable"),
    "national": ("国家级", "national"), "province": ("省级", "province"), "city": ("市级", "city"),
    "county": ("县级", "county"), "township": ("乡镇级", "township"), "department": ("部门", "department"),
    "government": ("人民政府", "government"),
    "pre2019": ("2019 年前模板", "pre-2019 template"), "t2019": ("2019 年模板", "2019 template"),
    "t2021": ("2021 年模板", "2021 template"),
    "count": ("件数", "count"), "yuan": ("元", "yuan"), "wan_yuan": ("万元", "10,000 yuan"),
})

# columns whose cells are codes: shown as words of the current language
CODED_COLUMNS = ("status", "dimension", "value_kind", "source_kind", "admin_level", "organ_kind", "problem",
                 "coverage", "template", "unit")


def rule_label(rule: str) -> str:
    """A check rule id in the current language (rule labels of etl/metadata/reasons.csv)."""
    from etl.metadata.reasons import catalog

    reason = catalog().get(f"rule.{rule}")
    return reason.template(lang()) if reason else rule


def column_labels() -> dict[str, str]:
    """Every known column name → its label in the current language (chart hovers, headers)."""
    i = 1 if lang() == "en" else 0
    return {k: v[i] for k, v in COLUMNS.items()}
