"""Convenience views for common questions, declared like tables (description per column)."""
from __future__ import annotations

from etl.metadata.schema import Column as C, Relation
from etl.metadata.deadlines import deadline_sql

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
    -- only the six metrics the ratio uses: scanning every figure made this view slow
    AND f.metric IN ('text.interpretations', 'text.policy_documents', 't2.regulations.issued',
                     't2.normative_docs.issued', 't2.regulations.new_made', 't2.normative_docs.new_made')
  WHERE r.is_preferred AND r.status <> 'failed' AND r.bureau_id IS NOT NULL AND r.year IS NOT NULL
  GROUP BY r.report_id, r.bureau_id, r.bureau_name, r.bureau_type, r.admin_level, r.province, r.year, r.template
)
SELECT *, CASE WHEN policy_documents > 0 THEN interpretations / policy_documents END AS ratio
FROM per
""",
)

# an organ's kind and region, as every per-organ view lists them (for peer groups and filters)
_ORGAN_COLUMNS = (
        C("bureau_type", "VARCHAR", "Kind of organ, for peer groups."),
        C("organ_kind", "VARCHAR", "`government` or `department`."),
        C("admin_level", "VARCHAR", "Administrative level, for peer groups."),
        C("province", "VARCHAR", "Province."),
        C("city", "VARCHAR", "Prefecture-level division."),
        C("county", "VARCHAR", "County-level division."),
)

# --- for notebooks and comparisons (issue 7) ---------------------------------------------------

V_BUREAU_YEAR = Relation(
    "v_bureau_year",
    "One row per bureau and year (the preferred report of that organ-year) with the main totals side by side, "
    "for peer-group comparisons over years. Every number is NULL when the report does not print it (never 0).",
    (
        C("bureau_id", "VARCHAR", "→ bureaus."),
        C("bureau_name", "VARCHAR", "Canonical name of the organ (bureaus.bureau_name)."),
        *_ORGAN_COLUMNS,
        C("year", "INTEGER", "Statistics year."),
        C("report_id", "VARCHAR", "→ reports (the preferred version for this bureau and year)."),
        C("template", "VARCHAR", "Template of the report."),
        C("status", "VARCHAR", "Status of the report (`parsed` or `partial`; failed reports have no row)."),
        C("published_late", "BOOLEAN", "Published after the legal deadline (reports.published_late)."),
        C("figure_count", "INTEGER", "Figures extracted from the report."),
        C("checks_failed", "INTEGER", "Checks the report fails."),
        C("requests_received", "DOUBLE", "New requests received that year: 表三 一、本年新收 总计 (t2019, t2021); "
          "for pre2019 reports the count stated in the text (text.requests.received)."),
        C("requests_processed", "DOUBLE", "表三 （七）总计 总计 (t2019, t2021 only)."),
        C("granted", "DOUBLE", "表三 （一）予以公开 总计 (t2019, t2021 only)."),
        C("partially_granted", "DOUBLE", "表三 （二）部分公开 总计 (t2019, t2021 only)."),
        C("disclosure_rate", "DOUBLE", "(granted + partially_granted) / requests_processed; NULL when any is missing or the total is 0."),
        C("reviews", "DOUBLE", "Administrative reviews: 表四 行政复议 总计 (t2019, t2021); text.review.total for pre2019."),
        C("lawsuits", "DOUBLE", "Lawsuits: 表四 未经复议直接起诉 总计 + 复议后起诉 总计 (t2019, t2021); NULL when either is missing."),
        C("interpretations", "DOUBLE", "Policy interpretations stated in the text (text.interpretations)."),
    ),
    kind="view",
    sql="""
WITH per AS (
  SELECT r.bureau_id, b.bureau_name, b.bureau_type, b.organ_kind, b.admin_level, b.province, b.city, b.county,
    r.year, r.report_id, r.template, r.status, r.published_late, r.figure_count, r.checks_failed,
    CASE WHEN r.template = 'pre2019' THEN max(f.value) FILTER (WHERE f.metric = 'text.requests.received')
         ELSE max(f.value) FILTER (WHERE f.metric = 't3.received_new' AND f.dimension = 'total') END AS requests_received,
    max(f.value) FILTER (WHERE f.metric = 't3.total_processed' AND f.dimension = 'total') AS requests_processed,
    max(f.value) FILTER (WHERE f.metric = 't3.granted' AND f.dimension = 'total') AS granted,
    max(f.value) FILTER (WHERE f.metric = 't3.partially_granted' AND f.dimension = 'total') AS partially_granted,
    CASE WHEN r.template = 'pre2019' THEN max(f.value) FILTER (WHERE f.metric = 'text.review.total')
         ELSE max(f.value) FILTER (WHERE f.metric = 't4.review.total') END AS reviews,
    max(f.value) FILTER (WHERE f.metric = 't4.litigation_direct.total')
      + max(f.value) FILTER (WHERE f.metric = 't4.litigation_after_review.total') AS lawsuits,
    max(f.value) FILTER (WHERE f.metric = 'text.interpretations') AS interpretations
  FROM reports r JOIN bureaus b ON b.bureau_id = r.bureau_id LEFT JOIN figures f ON f.report_id = r.report_id
  WHERE r.is_preferred AND r.status <> 'failed' AND r.year IS NOT NULL
  GROUP BY r.bureau_id, b.bureau_name, b.bureau_type, b.organ_kind, b.admin_level, b.province, b.city, b.county,
    r.year, r.report_id, r.template, r.status, r.published_late, r.figure_count, r.checks_failed
)
SELECT bureau_id, bureau_name, bureau_type, organ_kind, admin_level, province, city, county, year, report_id,
  template, status, published_late, figure_count, checks_failed, requests_received, requests_processed, granted,
  partially_granted,
  CASE WHEN requests_processed > 0 THEN (granted + partially_granted) / requests_processed END AS disclosure_rate,
  reviews, lawsuits, interpretations
FROM per
""",
)

V_CHECK_SUMMARY = Relation(
    "v_check_summary",
    "One row per validation rule: on how many preferred reports it passed, failed, warned or could not be assessed. "
    "A rule applied several times to one report (e.g. once per 表三 row) counts once for that report, with its worst "
    "outcome: fail, then warn, then not_assessable, then pass (a report passes only when every application passed), "
    "so passed + failed + warned + not_assessable = reports. The failing reports themselves are in `checks` joined to `reports`.",
    (
        C("rule", "VARCHAR", "Rule id (checks.rule)."),
        C("reports", "BIGINT", "Preferred reports the rule was applied to."),
        C("passed", "BIGINT", "Reports where every application of the rule holds."),
        C("failed", "BIGINT", "Reports where at least one application fails."),
        C("warned", "BIGINT", "Reports with a warning and no failure."),
        C("not_assessable", "BIGINT", "Reports where some cells the rule needs are missing, and nothing failed or warned."),
        C("failing_checks", "BIGINT", "Rows of `checks` with status fail for this rule (a report can have several)."),
        C("fail_share", "DOUBLE", "failed / (passed + failed): the failure rate among reports where the rule could be decided; NULL when none."),
    ),
    kind="view",
    sql="""
WITH per AS (
  SELECT c.rule, c.report_id,
    CASE WHEN bool_or(c.status = 'fail') THEN 'fail' WHEN bool_or(c.status = 'warn') THEN 'warn'
         WHEN bool_or(c.status = 'not_assessable') THEN 'not_assessable' ELSE 'pass' END AS outcome,
    count(*) FILTER (WHERE c.status = 'fail') AS fail_rows
  FROM checks c JOIN reports r ON r.report_id = c.report_id
  WHERE r.is_preferred
  GROUP BY c.rule, c.report_id
)
SELECT rule, count(*) AS reports,
  count(*) FILTER (WHERE outcome = 'pass') AS passed,
  count(*) FILTER (WHERE outcome = 'fail') AS failed,
  count(*) FILTER (WHERE outcome = 'warn') AS warned,
  count(*) FILTER (WHERE outcome = 'not_assessable') AS not_assessable,
  sum(fail_rows)::BIGINT AS failing_checks,
  CASE WHEN count(*) FILTER (WHERE outcome IN ('pass', 'fail')) > 0
    THEN (count(*) FILTER (WHERE outcome = 'fail'))::DOUBLE / count(*) FILTER (WHERE outcome IN ('pass', 'fail')) END AS fail_share
FROM per
GROUP BY rule
""",
)

VIEWS: tuple[Relation, ...] = (V_REPORT_T3_TOTALS, V_INTERPRETATION_RATIO, V_BUREAU_YEAR, V_CHECK_SUMMARY)

# --- the supervisor's frame: coverage against the roster, scorecard (issue 21) -------------------

from etl.metadata.scorecard import indicators as _scorecard_indicators, score_sql, weights_pivot_sql  # noqa: E402

# formats.md §7: from report year 2019 (条例 2019 第四十九条) departments publish by 1月31日 and
# governments by 3月31日 of the next year; before, 3月31日 for all (条例 2007 第三十一条). The
# the rule of reports.deadline_on (etl/metadata/deadlines.py), applied here to the roster's organ
# kind for organs that published nothing

V_COVERAGE = Relation(
    "v_coverage",
    "One row per roster organ and report year (the years of the database's reports, within the organ's from_year-"
    "to_year): did it publish, on time? status `published` (a preferred report that was read, published on or before "
    "the deadline or with no known date: late is never claimed without a date), `late` (published_on after the "
    "deadline) or `missing` (no report read for that organ and year). Deadline rule (formats.md §7): from report "
    "year 2019, 1月31日 of the next year for departments and 3月31日 for governments (条例 2019 第四十九条); before "
    "2019, 3月31日 for all (条例 2007 第三十一条). The roster's organ kind decides; the report's when the roster's "
    "is unknown. Empty when no roster was given.",
    (
        C("organ", "VARCHAR", "The organ as named in the roster."),
        C("region", "VARCHAR", "The roster's region column."),
        C("level", "VARCHAR", "The roster's level column."),
        C("organ_kind", "VARCHAR", "`department` or `government` (roster.organ_kind)."),
        C("roster_row", "INTEGER", "→ roster.roster_row."),
        C("bureau_id", "VARCHAR", "→ bureaus (NULL when the roster row matches no report)."),
        C("year", "INTEGER", "Report year."),
        C("status", "VARCHAR", "`published`, `late` or `missing`."),
        C("report_id", "VARCHAR", "→ reports: the preferred report of that organ and year; NULL when missing."),
        C("published_on", "DATE", "Publication date of that report (reports.published_on); NULL when unknown or missing."),
        C("deadline", "DATE", "The legal deadline for that organ and year (rule in the view description)."),
        C("days_after_deadline", "BIGINT", "published_on - deadline in days (negative: early); NULL when either is unknown."),
    ),
    kind="view",
    sql=f"""
WITH yrs AS (SELECT DISTINCT year FROM reports WHERE year IS NOT NULL AND status <> 'failed'),
ro AS (
  SELECT r.*, y.year FROM roster r JOIN yrs y
    ON (r.from_year IS NULL OR y.year >= r.from_year) AND (r.to_year IS NULL OR y.year <= r.to_year)
),
rep AS (SELECT report_id, bureau_id, year, published_on, organ_kind FROM reports
        WHERE is_preferred AND status <> 'failed' AND bureau_id IS NOT NULL),
joined AS (
  SELECT ro.organ, ro.region, ro.level, coalesce(ro.organ_kind, rep.organ_kind) AS organ_kind, ro.roster_row,
    ro.bureau_id, ro.year, rep.report_id, rep.published_on
  FROM ro LEFT JOIN rep ON rep.bureau_id = ro.bureau_id AND rep.year = ro.year
),
dl AS (SELECT *, {deadline_sql("year", "organ_kind")} AS deadline FROM joined)
SELECT organ, region, level, organ_kind, roster_row, bureau_id, year,
  CASE WHEN report_id IS NULL THEN 'missing' WHEN published_on > deadline THEN 'late' ELSE 'published' END AS status,
  report_id, published_on, deadline, datediff('day', deadline, published_on) AS days_after_deadline
FROM dl
""",
)

V_ROSTER_GAPS = Relation(
    "v_roster_gaps",
    "What does not line up between the roster and the reports: roster rows that match no report in any year "
    "(`roster_unmatched`), and publishing organs (bureaus) that match no roster row (`unlisted_publisher`). "
    "Empty when no roster was given.",
    (
        C("kind", "VARCHAR", "`roster_unmatched` or `unlisted_publisher`."),
        C("name", "VARCHAR", "The roster's organ, or the bureau's canonical name."),
        C("region", "VARCHAR", "The roster's region column, or the bureau's province, city and county."),
        C("roster_row", "INTEGER", "→ roster.roster_row (roster_unmatched)."),
        C("bureau_id", "VARCHAR", "→ bureaus (unlisted_publisher)."),
        C("report_count", "INTEGER", "Reports of the bureau (unlisted_publisher)."),
    ),
    kind="view",
    sql="""
SELECT 'roster_unmatched' AS kind, organ AS name, region, roster_row, NULL::VARCHAR AS bureau_id, NULL::INTEGER AS report_count
FROM roster WHERE bureau_id IS NULL
UNION ALL
SELECT 'unlisted_publisher', b.bureau_name, concat_ws('', b.province, b.city, b.county), NULL, b.bureau_id, b.report_count
FROM bureaus b
WHERE EXISTS (SELECT 1 FROM roster) AND b.bureau_id NOT IN (SELECT bureau_id FROM roster WHERE bureau_id IS NOT NULL)
""",
)

_INDICATOR_COLUMNS = ("template_compliance", "identities_failed", "cross_year_failed", "prose_table_conflicts",
                      "text_reuse_prev", "frozen_figures", "grant_rate", "correction_rate", "dispute_rate")

V_SCORECARD = Relation(
    "v_scorecard",
    "One row per preferred report that was read: the supervisor's indicators and a weighted score (0-100). "
    "Every indicator's definition, denominator, NULL rule and source are under Scorecard indicators below "
    "(etl/metadata/scorecard_indicators.csv); the weights are in scorecard_weights (etl/metadata/scorecard.toml). "
    "score = 100 × Σ weight × goodness / Σ weight over the indicators that are not NULL for the report.",
    (
        C("report_id", "VARCHAR", "→ reports."),
        C("bureau_id", "VARCHAR", "→ bureaus."),
        C("bureau_name", "VARCHAR", "Canonical name of the organ (bureaus.bureau_name), else the report's."),
        *_ORGAN_COLUMNS,
        C("year", "INTEGER", "Report year."),
        C("template", "VARCHAR", "Template of the report."),
        C("published_on", "DATE", "reports.published_on."),
        C("deadline_on", "DATE", "reports.deadline_on."),
        C("previous_report_id", "VARCHAR", "→ reports: the same bureau's preferred report of the year before."),
        C("on_time", "BOOLEAN", "published_on ≤ deadline_on; NULL when either is unknown."),
        C("days_after_deadline", "BIGINT", "published_on - deadline_on in days; NULL when either is unknown."),
        *(C(name, "DOUBLE" if name in ("template_compliance", "text_reuse_prev", "frozen_figures", "grant_rate",
                                      "correction_rate", "dispute_rate") else "INTEGER",
            _scorecard_indicators()[name].definition + ". NULL: " + _scorecard_indicators()[name].null_rule + ".")
          for name in _INDICATOR_COLUMNS),
        C("score", "DOUBLE", "Weighted score 0-100 (see the view description); NULL when no weighted indicator is known."),
    ),
    kind="view",
    sql=f"""
WITH base AS (
  SELECT r.report_id, r.bureau_id, coalesce(b.bureau_name, r.bureau_name) AS bureau_name, r.bureau_type, r.organ_kind,
    r.admin_level, r.province, r.city, r.county, r.year, r.template, r.published_on, r.deadline_on,
    i.previous_report_id,
    CASE WHEN r.published_on IS NOT NULL AND r.deadline_on IS NOT NULL THEN r.published_on <= r.deadline_on END AS on_time,
    datediff('day', r.deadline_on, r.published_on) AS days_after_deadline,
    {", ".join("i." + n for n in _INDICATOR_COLUMNS)}
  FROM reports r JOIN report_indicators i ON i.report_id = r.report_id LEFT JOIN bureaus b ON b.bureau_id = r.bureau_id
), w AS ({weights_pivot_sql()})
SELECT base.*, {score_sql()} AS score
FROM base CROSS JOIN w
""",
)

VIEWS = VIEWS + (V_COVERAGE, V_ROSTER_GAPS, V_SCORECARD)
