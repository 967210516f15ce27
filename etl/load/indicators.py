"""`report_indicators`: the scorecard's indicators that need figures, checks or text, computed
once over the whole build (after reports, figures, checks, metric_catalog and text_shingles are
written), so that v_scorecard is a join of small tables and reads fast at 100,000 reports.
Definitions: etl/metadata/scorecard_indicators.csv."""
from __future__ import annotations

import csv
from pathlib import Path

import duckdb

_RULES = Path(__file__).resolve().parent.parent / "metadata" / "rules.csv"


def _rules_of_kind(kind: str) -> list[str]:
    with _RULES.open(encoding="utf-8", newline="") as fh:
        return [r["rule"] for r in csv.DictReader(fh) if r["kind"] == kind]


def _in_list(values: list[str]) -> str:
    return ", ".join("'" + v.replace("'", "''") + "'" for v in values) or "NULL"


# A shingle found in the reports of at least this many bureaus (and this share of all bureaus)
# is the template's or everyone's wording, not this organ's: it takes no part in text reuse.
BOILERPLATE_MIN_BUREAUS = 3
BOILERPLATE_MIN_SHARE = 0.2
# Fewer sampled shingles of a report's own text than this (about 80 characters) measure nothing:
# text_reuse_prev is then NULL, not a share of a handful.
REUSE_MIN_SHINGLES = 10


def indicators_sql() -> str:
    identity, cross, prose = (_in_list(_rules_of_kind(k)) for k in ("identity", "cross_year", "prose_vs_table"))
    return f"""
INSERT INTO report_indicators
WITH p AS (
  SELECT report_id, bureau_id, year, template FROM reports WHERE is_preferred AND status <> 'failed'
), prev AS (
  -- one preferred report per bureau and year (etl/load/preferred.py), so at most one match
  SELECT cur.report_id, cur.template, pr.report_id AS previous_report_id
  FROM p cur LEFT JOIN p pr ON pr.bureau_id = cur.bureau_id AND pr.year = cur.year - 1
), template_rows AS (
  SELECT t.template, m.metric FROM metric_catalog m
  JOIN (VALUES ('t2019'), ('t2021')) t(template) ON list_contains(string_split(m.templates, ','), t.template)
  WHERE m.section IN ('t2', 't3', 't4')
), expected AS (
  SELECT template, count(*)::INTEGER AS n FROM template_rows GROUP BY template
), present AS (
  SELECT f.report_id, count(DISTINCT f.metric)::INTEGER AS n
  FROM figures f JOIN p ON p.report_id = f.report_id JOIN template_rows t ON t.template = p.template AND t.metric = f.metric
  GROUP BY f.report_id
), chk AS (
  SELECT c.report_id,
    count(DISTINCT c.rule) FILTER (WHERE c.status = 'fail' AND c.rule IN ({identity}))::INTEGER AS identities_failed,
    count(DISTINCT c.rule) FILTER (WHERE c.status IN ('fail', 'warn') AND c.rule IN ({cross}))::INTEGER AS cross_year_failed,
    count(DISTINCT c.rule) FILTER (WHERE c.status = 'fail' AND c.rule IN ({prose}))::INTEGER AS prose_table_conflicts
  FROM checks c JOIN p ON p.report_id = c.report_id
  GROUP BY c.report_id
), cells AS (
  SELECT f.report_id,
    max(f.value) FILTER (WHERE f.metric = 't3.granted' AND f.dimension = 'total') AS granted,
    max(f.value) FILTER (WHERE f.metric = 't3.partially_granted' AND f.dimension = 'total') AS partially_granted,
    max(f.value) FILTER (WHERE f.metric = 't3.total_processed' AND f.dimension = 'total') AS processed,
    max(f.value) FILTER (WHERE f.metric = 't3.received_new' AND f.dimension = 'total') AS received,
    max(f.value) FILTER (WHERE f.metric = 't4.review.corrected') AS rv_corr,
    max(f.value) FILTER (WHERE f.metric = 't4.litigation_direct.corrected') AS ld_corr,
    max(f.value) FILTER (WHERE f.metric = 't4.litigation_after_review.corrected') AS la_corr,
    max(f.value) FILTER (WHERE f.metric = 't4.review.total') AS rv_total,
    max(f.value) FILTER (WHERE f.metric = 't4.litigation_direct.total') AS ld_total,
    max(f.value) FILTER (WHERE f.metric = 't4.litigation_after_review.total') AS la_total
  FROM figures f JOIN p ON p.report_id = f.report_id
  WHERE f.metric IN ('t3.granted', 't3.partially_granted', 't3.total_processed', 't3.received_new',
    't4.review.corrected', 't4.litigation_direct.corrected', 't4.litigation_after_review.corrected',
    't4.review.total', 't4.litigation_direct.total', 't4.litigation_after_review.total')
  GROUP BY f.report_id
), frozen AS (
  SELECT pv.report_id, count(*)::INTEGER AS compared, avg(CASE WHEN fc.value = fp.value THEN 1.0 ELSE 0.0 END) AS share
  FROM prev pv
  JOIN figures fc ON fc.report_id = pv.report_id AND fc.source_kind = 'table' AND fc.value IS NOT NULL AND fc.value <> 0
    AND (fc.metric LIKE 't2.%' OR fc.metric LIKE 't3.%' OR fc.metric LIKE 't4.%')
  JOIN figures fp ON fp.report_id = pv.previous_report_id AND fp.metric = fc.metric
    AND fp.dimension IS NOT DISTINCT FROM fc.dimension AND fp.source_kind = 'table' AND fp.value IS NOT NULL
  WHERE pv.previous_report_id IS NOT NULL
  GROUP BY pv.report_id
), shingle_bureaus AS (
  SELECT s.shingle FROM text_shingles s JOIN reports r ON r.report_id = s.report_id AND r.is_preferred
  GROUP BY s.shingle
  HAVING count(DISTINCT r.bureau_id) >= greatest({BOILERPLATE_MIN_BUREAUS},
    {BOILERPLATE_MIN_SHARE} * (SELECT count(DISTINCT bureau_id) FROM reports WHERE is_preferred))
), has_text AS (
  SELECT DISTINCT report_id FROM text_shingles
), reuse AS (
  SELECT pv.report_id, count(*)::INTEGER AS compared,
    CASE WHEN count(*) >= {REUSE_MIN_SHINGLES} THEN avg(CASE WHEN sp.shingle IS NULL THEN 0.0 ELSE 1.0 END) END AS share
  FROM prev pv
  JOIN has_text ht ON ht.report_id = pv.previous_report_id
  JOIN text_shingles sc ON sc.report_id = pv.report_id
  LEFT JOIN text_shingles sp ON sp.report_id = pv.previous_report_id AND sp.section = sc.section AND sp.shingle = sc.shingle
  WHERE sc.shingle NOT IN (SELECT shingle FROM shingle_bureaus)
  GROUP BY pv.report_id
)
SELECT pv.report_id, pv.previous_report_id,
  e.n AS template_cells_expected, CASE WHEN e.n IS NOT NULL THEN coalesce(pr.n, 0) END AS template_cells_present,
  CASE WHEN e.n > 0 THEN coalesce(pr.n, 0)::DOUBLE / e.n END AS template_compliance,
  coalesce(chk.identities_failed, 0), coalesce(chk.cross_year_failed, 0), coalesce(chk.prose_table_conflicts, 0),
  CASE WHEN cells.processed > 0 THEN (cells.granted + cells.partially_granted) / cells.processed END AS grant_rate,
  CASE WHEN cells.rv_total + cells.ld_total + cells.la_total > 0
    THEN (cells.rv_corr + cells.ld_corr + cells.la_corr) / (cells.rv_total + cells.ld_total + cells.la_total) END AS correction_rate,
  CASE WHEN cells.received > 0 THEN (cells.rv_total + cells.ld_total + cells.la_total) / cells.received END AS dispute_rate,
  coalesce(frozen.compared, 0), frozen.share,
  coalesce(reuse.compared, 0), reuse.share
FROM prev pv
LEFT JOIN expected e ON e.template = pv.template
LEFT JOIN present pr ON pr.report_id = pv.report_id
LEFT JOIN chk ON chk.report_id = pv.report_id
LEFT JOIN cells ON cells.report_id = pv.report_id
LEFT JOIN frozen ON frozen.report_id = pv.report_id
LEFT JOIN reuse ON reuse.report_id = pv.report_id
"""


def write_indicators(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("DELETE FROM report_indicators")
    con.execute(indicators_sql())


def write_weights(con: duckdb.DuckDBPyConnection, weights: dict[str, float]) -> None:
    con.execute("DELETE FROM scorecard_weights")
    con.executemany("INSERT INTO scorecard_weights VALUES (?, ?)", sorted(weights.items()))
