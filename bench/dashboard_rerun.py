"""Benchmark: dashboard page reruns (AppTest) on a large synthetic warehouse.

    .venv/bin/python bench/dashboard_rerun.py [--reports 100000] [--db bench/out/big.duckdb] [--reruns 5]

The database has the real schema (etl.load.ddl) and is filled with generated rows by DuckDB
SQL: one report per bureau and year 2016-2024 (templates by era), ~60-80 figures per report
(表三 with all applicant columns, 表二, 表四, prose), a check per report, 1 % failed checks.
For each page it reports the first run (cold caches) and the median of warm reruns, which is
what a user waits for after clicking a filter that was seen before.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from etl.load import ddl  # noqa: E402
from etl.metadata.catalog import metrics  # noqa: E402

PAGES = ("overview", "proactive", "interpretation", "applications", "reviews", "bureau", "compare", "quality",
         "explore", "dictionary")


def build(db: Path, n_reports: int) -> None:
    if db.exists():
        db.unlink()
    db.parent.mkdir(parents=True, exist_ok=True)
    n_bureaus = max(1, n_reports // 9)
    con = duckdb.connect(str(db))
    for stmt in ddl.table_statements():
        con.execute(stmt)
    con.executemany("INSERT INTO metric_catalog VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [(m.metric, m.section, ",".join(m.templates), m.unit, m.label_zh, m.label_en, m.description)
                     for m in metrics().values()])
    con.execute(f"""
        CREATE TEMP TABLE b AS
        SELECT i, printf('b%011d', i) AS bureau_id,
               (['安徽省','江苏省','浙江省','山东省','河南省','湖北省','广东省','四川省'])[i % 8 + 1] AS province,
               printf('市%03d', i % 200) AS city,
               (['department','county','city'])[i % 3 + 1] AS admin_level,
               (['商务','人民政府','财政','教育','公安','卫生健康'])[i % 6 + 1] AS bureau_type
        FROM range({n_bureaus}) t(i)""")
    con.execute("""
        INSERT INTO bureaus SELECT bureau_id, city || bureau_type || '局' || i, bureau_type,
          CASE WHEN bureau_type = '人民政府' THEN 'government' ELSE 'department' END,
          province, city, NULL, admin_level, 2016, 2024, 9 FROM b""")
    con.execute("INSERT INTO bureau_names SELECT bureau_id, city || bureau_type || '局' || i, 9 FROM b")
    con.execute("""
        INSERT INTO reports
        SELECT substr(md5(bureau_id || y), 1, 20), 'big/' || bureau_id || '_' || y || '.pdf', bureau_id || '_' || y || '.pdf',
          'pdf', 100000, md5(bureau_id || y),
          CASE WHEN hash(bureau_id, y) % 50 = 0 THEN 'partial' ELSE 'parsed' END,
          CASE WHEN hash(bureau_id, y) % 50 = 0 THEN '表四 not found' END,
          CASE WHEN y < 2019 THEN 'pre2019' WHEN y < 2021 THEN 't2019' ELSE 't2021' END, y, 'title',
          city || bureau_type || '局' || i, bureau_id, bureau_type,
          CASE WHEN bureau_type = '人民政府' THEN 'government' ELSE 'department' END,
          province, city, NULL, admin_level, NULL, false, make_date(y + 1, 1, 15), make_date(y + 1, 3, 31),
          hash(bureau_id, y) % 30 = 0, 10, 0, 0, true, NULL, 'bench', 0.1, now()::TIMESTAMP
        FROM b, range(2016, 2025) t(y)""")
    t3 = [m for m in metrics() if m.startswith("t3.")]
    plain = [m for m in metrics() if not m.startswith("t3.") and m != "text.proactive.by_category"]
    con.execute("CREATE TEMP TABLE m AS SELECT unnest(?::VARCHAR[]) AS metric", [plain])
    con.execute("CREATE TEMP TABLE m3 AS SELECT unnest(?::VARCHAR[]) AS metric", [t3])
    con.execute("CREATE TEMP TABLE d AS SELECT unnest(['natural_person','commercial','research','social_org',"
                "'legal_service','other_org','total']) AS dimension")
    con.execute("""
        INSERT INTO figures
        SELECT r.report_id, m.metric, NULL, (hash(r.report_id, m.metric) % 500)::DOUBLE, 'number', NULL,
               CASE WHEN m.metric LIKE 'text.%' THEN 'text' ELSE 'table' END, c.unit, 3, 'evidence'
        FROM reports r JOIN m ON true JOIN metric_catalog c ON c.metric = m.metric
        WHERE position(r.template IN c.templates) > 0""")
    con.execute("""
        INSERT INTO figures
        SELECT r.report_id, m3.metric, d.dimension, (hash(r.report_id, m3.metric, d.dimension) % 300)::DOUBLE,
               'number', NULL, 'table', 'count', 4, 'evidence'
        FROM reports r, m3, d WHERE r.template <> 'pre2019'""")
    con.execute("""
        INSERT INTO figures
        SELECT r.report_id, 'text.proactive.by_category', cat, (hash(r.report_id, cat) % 100)::DOUBLE, 'number',
               NULL, 'text', 'count', 2, 'evidence'
        FROM reports r, (SELECT unnest(['政策法规','规划计划','人事信息']) AS cat)""")
    con.execute("""
        INSERT INTO checks SELECT report_id, 't3.balance', CASE WHEN hash(report_id) % 100 = 0 THEN 'fail' ELSE 'pass' END,
          'detail', 't3.total_processed', 'total', 10, CASE WHEN hash(report_id) % 100 = 0 THEN 12 ELSE 10 END
        FROM reports WHERE template <> 'pre2019'""")
    con.execute("""UPDATE reports SET figure_count = f.n FROM (SELECT report_id, count(*) n FROM figures GROUP BY 1) f
                   WHERE f.report_id = reports.report_id""")
    con.execute("""UPDATE reports SET checks_failed = 1 WHERE report_id IN (SELECT report_id FROM checks WHERE status = 'fail')""")
    con.execute("INSERT INTO source_files SELECT source_path, sha256, report_id, file_size_bytes, NULL FROM reports")
    for stmt in ddl.view_statements():
        con.execute(stmt)
    con.execute("CHECKPOINT")
    con.close()


def bench(db: Path, reruns: int) -> list[tuple[str, float, float]]:
    from streamlit.testing.v1 import AppTest

    os.environ["XXGK_DB"] = str(db)
    app = ROOT / "dashboard" / "app.py"
    con = duckdb.connect(str(db), read_only=True)
    four = [r[0] for r in con.sql("SELECT bureau_name FROM bureaus WHERE bureau_type = '商务' ORDER BY bureau_id "
                                  "LIMIT 4").fetchall()]
    con.close()
    rows = []
    for page in PAGES:
        at = AppTest.from_file(str(app), default_timeout=600)
        params = {"compare": {"cmp": four}, "bureau": {"organ": four[0]}}.get(page, {})
        at.query_params = params
        at.run()
        at.switch_page(f"views/{page}.py")
        t0 = time.perf_counter()
        at.run()
        cold = time.perf_counter() - t0
        assert not at.exception, [e.value for e in at.exception]
        warm = []
        for _ in range(reruns):
            t0 = time.perf_counter()
            at.run()
            warm.append(time.perf_counter() - t0)
        rows.append((page, cold * 1000, statistics.median(warm) * 1000))
    return rows


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--reports", type=int, default=100_000)
    ap.add_argument("--db", type=Path, default=ROOT / "bench" / "out" / "dashboard_big.duckdb")
    ap.add_argument("--reruns", type=int, default=5)
    ap.add_argument("--reuse", action="store_true", help="Reuse an existing database at --db.")
    args = ap.parse_args()
    if not (args.reuse and args.db.exists()):
        t0 = time.perf_counter()
        build(args.db, args.reports)
        print(f"built {args.db} ({args.reports:,} reports) in {time.perf_counter() - t0:.1f} s")
    con = duckdb.connect(str(args.db), read_only=True)
    print("reports {:,} · figures {:,} · bureaus {:,}".format(
        *(con.sql(f"SELECT count(*) FROM {t}").fetchall()[0][0] for t in ("reports", "figures", "bureaus"))))
    con.close()
    print(f"{'page':<16}{'first run ms':>14}{'warm rerun ms':>16}")
    for page, cold, warm in bench(args.db, args.reruns):
        print(f"{page:<16}{cold:>14.0f}{warm:>16.0f}")


if __name__ == "__main__":
    main()
