"""Convenience views for common questions, declared like tables (description per column)."""
from __future__ import annotations

from etl.metadata.schema import Column as C, Relation

V_REPORT_T3_TOTALS = Relation(
    "v_report_t3_totals",
    "One row per report with the 总计 column of the main 表三 rows (NULL when not printed). Preferred versions only.",
    (
        C("report_id", "VARCHAR", "→ reports."),
        C("bureau_id", "VARCHAR", "→ bureaus."),
        C("bureau_name", "VARCHAR", "Organ as named in the report."),
        C("year", "INTEGER", "Statistics year."),
        C("template", "VARCHAR", "t2019 or t2021."),
        C("received_new", "DOUBLE", "一、本年新收 总计."),
        C("carried_over", "DOUBLE", "二、上年结转 总计."),
        C("granted", "DOUBLE", "（一）予以公开 总计."),
        C("partially_granted", "DOUBLE", "（二）部分公开 总计."),
        C("total_processed", "DOUBLE", "（七）总计 总计."),
        C("carried_forward", "DOUBLE", "四、结转下年度继续办理 总计."),
        C("disclosure_rate", "DOUBLE", "(予以公开 + 部分公开) / （七）总计; NULL when the total is missing or 0."),
    ),
    kind="view",
    sql="""
SELECT r.report_id, r.bureau_id, r.bureau_name, r.year, r.template,
  max(f.value) FILTER (WHERE f.metric = 't3.received_new') AS received_new,
  max(f.value) FILTER (WHERE f.metric = 't3.carried_over') AS carried_over,
  max(f.value) FILTER (WHERE f.metric = 't3.granted') AS granted,
  max(f.value) FILTER (WHERE f.metric = 't3.partially_granted') AS partially_granted,
  max(f.value) FILTER (WHERE f.metric = 't3.total_processed') AS total_processed,
  max(f.value) FILTER (WHERE f.metric = 't3.carried_forward') AS carried_forward,
  (max(f.value) FILTER (WHERE f.metric = 't3.granted') + max(f.value) FILTER (WHERE f.metric = 't3.partially_granted'))
    / nullif(max(f.value) FILTER (WHERE f.metric = 't3.total_processed'), 0) AS disclosure_rate
FROM reports r JOIN figures f ON f.report_id = r.report_id AND f.dimension = 'total' AND f.metric LIKE 't3.%'
WHERE r.is_preferred AND r.status <> 'failed'
GROUP BY ALL
""",
)

V_INTERPRETATION_RATIO = Relation(
    "v_interpretation_ratio",
    "One row per bureau and year: policy interpretations (解读) per policy document issued that year. "
    "Formula: interpretations / policy_documents, where policy_documents is, for t2021, 规章 本年制发件数 + 行政规范性文件 本年制发件数; "
    "for t2019, 规章 + 规范性文件 本年新制作数量; for pre2019, the report's own stated count of policy documents (text.policy_documents). "
    "NULL (never 0 or infinity) when either side is missing or the denominator is 0.",
    (
        C("report_id", "VARCHAR", "→ reports (the preferred version for this bureau and year)."),
        C("bureau_id", "VARCHAR", "→ bureaus."),
        C("bureau_name", "VARCHAR", "Organ as named in the report."),
        C("bureau_type", "VARCHAR", "Kind of organ, for peer groups."),
        C("admin_level", "VARCHAR", "Administrative level, for peer groups."),
        C("province", "VARCHAR", "Province."),
        C("year", "INTEGER", "Statistics year."),
        C("template", "VARCHAR", "Template of the report."),
        C("interpretations", "DOUBLE", "Numerator: text.interpretations."),
        C("policy_documents", "DOUBLE", "Denominator: policy documents issued that year (see the view description for the formula per template)."),
        C("denominator_source", "VARCHAR", "Which figures made the denominator: `t2021 issued`, `t2019 new_made` or `text`."),
        C("ratio", "DOUBLE", "interpretations / policy_documents; NULL when either is missing or the denominator is 0."),
    ),
    kind="view",
    sql="""
WITH per AS (
  SELECT r.report_id, r.bureau_id, r.bureau_name, r.bureau_type, r.admin_level, r.province, r.year, r.template,
    max(f.value) FILTER (WHERE f.metric = 'text.interpretations') AS interpretations,
    CASE r.template
      WHEN 't2021' THEN sum(f.value) FILTER (WHERE f.metric IN ('t2.regulations.issued', 't2.normative_docs.issued'))
      WHEN 't2019' THEN sum(f.value) FILTER (WHERE f.metric IN ('t2.regulations.new_made', 't2.normative_docs.new_made'))
      ELSE max(f.value) FILTER (WHERE f.metric = 'text.policy_documents')
    END AS policy_documents,
    CASE r.template WHEN 't2021' THEN 't2021 issued' WHEN 't2019' THEN 't2019 new_made' ELSE 'text' END AS denominator_source
  FROM reports r LEFT JOIN figures f ON f.report_id = r.report_id
  WHERE r.is_preferred AND r.status <> 'failed' AND r.bureau_id IS NOT NULL AND r.year IS NOT NULL
  GROUP BY r.report_id, r.bureau_id, r.bureau_name, r.bureau_type, r.admin_level, r.province, r.year, r.template
)
SELECT *, CASE WHEN policy_documents > 0 THEN interpretations / policy_documents END AS ratio
FROM per
""",
)

VIEWS: tuple[Relation, ...] = (V_REPORT_T3_TOTALS, V_INTERPRETATION_RATIO)
