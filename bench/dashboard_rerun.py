"""Benchmark: dashboard page reruns (AppTest) and typical queries on a large warehouse.

    # the database bench/run.py built from 100,000 generated reports (generator + ingest):
    .venv/bin/python bench/dashboard_rerun.py --db bench/out/bench-100000-0.duckdb --reuse --write-docs
    # or a synthetic one filled by SQL in seconds (no generator run needed):
    .venv/bin/python bench/dashboard_rerun.py [--reports 100000] [--db bench/out/big.duckdb] [--reruns 5]

The synthetic database has the real schema (etl.load.ddl) and is filled with generated rows by
DuckDB SQL: one report per bureau and year 2016-2024 (templates by era), ~60-80 figures per
report (表三 with all applicant columns, 表二, 表四, prose), a check per report, 1 % failed checks.
For each page it reports the first run (cold caches) and the median of warm reruns, which is
what a user waits for after clicking a filter that was seen before; for each query of
QUERIES (the API calls and views notebook users run) the median of `--reruns` runs.
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
sys.path.insert(0, str(ROOT / "bench"))

from etl.load import ddl  # noqa: E402
from etl.metadata.catalog import metrics  # noqa: E402
from etl.metadata.schema import (BUREAU_NAMES, BUREAUS, CHECKS, FIGURES, METRIC_CATALOG, REPORTS,  # noqa: E402
                                  SOURCE_FILES, Relation)
from run import machine, replace_block  # noqa: E402 - the ingest benchmark's machine description and docs writer

PAGES = ("overview", "proactive", "interpretation", "applications", "reviews", "bureau", "compare", "quality",
         "explore", "dictionary")


_ORGAN_KIND = "CASE WHEN bureau_type = '人民政府' THEN 'government' ELSE 'department' END"
# a value for a NOT NULL column the rows below do not fill (a column added to the schema since)
_TYPE_DEFAULTS = {"VARCHAR": "''", "INTEGER": "0", "BIGINT": "0", "DOUBLE": "0", "BOOLEAN": "false",
                  "DATE": "DATE '2000-01-01'", "TIMESTAMP": "TIMESTAMP '2000-01-01'"}


def insert(con: duckdb.DuckDBPyConnection, rel: Relation, source: str, values: dict[str, str]) -> None:
    """INSERT INTO rel SELECT … FROM source, one SQL expression per column of the schema's column
    list (etl.metadata.schema): a column the rows do not set is NULL, or its type's zero when it is
    NOT NULL, so a column added to the schema does not break the benchmark; a column named here
    that the schema lost raises."""
    columns = {c.name: c for c in rel.columns}
    unknown = set(values) - set(columns)
    if unknown:
        raise KeyError(f"{rel.name} has no column {sorted(unknown)}")
    exprs = [values.get(name) or ("NULL" if col.nullable else _TYPE_DEFAULTS[col.type]) for name, col in columns.items()]
    con.execute(f"INSERT INTO {rel.name} ({', '.join(columns)}) SELECT {', '.join(exprs)} FROM {source}")


def load_catalog(con: duckdb.DuckDBPyConnection) -> None:
    """The metric catalog, column by column of the schema's list (a list column joined by commas)."""
    cols = [c.name for c in METRIC_CATALOG.columns]

    def cell(m, name):
        value = getattr(m, name, None)
        return ",".join(value) if isinstance(value, (tuple, list)) else value

    con.executemany(f"INSERT INTO metric_catalog ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                    [[cell(m, c) for c in cols] for m in metrics().values()])


def build(db: Path, n_reports: int) -> None:
    if db.exists():
        db.unlink()
    db.parent.mkdir(parents=True, exist_ok=True)
    n_bureaus = max(1, n_reports // 9)
    con = duckdb.connect(str(db))
    for stmt in ddl.table_statements():
        con.execute(stmt)
    load_catalog(con)
    con.execute(f"""
        CREATE TEMP TABLE b AS
        SELECT i, printf('b%011d', i) AS bureau_id,
               (['安徽省','江苏省','浙江省','山东省','河南省','湖北省','广东省','四川省'])[i % 8 + 1] AS province,
               printf('市%03d', i % 200) AS city,
               (['department','county','city'])[i % 3 + 1] AS admin_level,
               (['商务','人民政府','财政','教育','公安','卫生健康'])[i % 6 + 1] AS bureau_type
        FROM range({n_bureaus}) t(i)""")
    insert(con, BUREAUS, "b", {
        "bureau_id": "bureau_id", "bureau_name": "city || bureau_type || '局' || i", "bureau_type": "bureau_type",
        "organ_kind": _ORGAN_KIND, "province": "province", "city": "city", "admin_level": "admin_level",
        "first_year": "2016", "last_year": "2024", "report_count": "9"})
    insert(con, BUREAU_NAMES, "b", {"bureau_id": "bureau_id", "name_variant": "city || bureau_type || '局' || i",
                                    "report_count": "9"})
    insert(con, REPORTS, "b, range(2016, 2025) t(y)", {
        "report_id": "substr(md5(bureau_id || y), 1, 20)", "source_path": "'big/' || bureau_id || '_' || y || '.pdf'",
        "file_name": "bureau_id || '_' || y || '.pdf'", "file_format": "'pdf'", "file_size_bytes": "100000",
        "sha256": "md5(bureau_id || y)",
        "status": "CASE WHEN hash(bureau_id, y) % 50 = 0 THEN 'partial' ELSE 'parsed' END",
        "error": "CASE WHEN hash(bureau_id, y) % 50 = 0 THEN '表四 not found' END",
        "template": "CASE WHEN y < 2019 THEN 'pre2019' WHEN y < 2021 THEN 't2019' ELSE 't2021' END", "year": "y",
        "title": "'title'", "bureau_name": "city || bureau_type || '局' || i", "bureau_id": "bureau_id",
        "bureau_type": "bureau_type", "organ_kind": _ORGAN_KIND, "province": "province", "city": "city",
        "admin_level": "admin_level", "is_aggregate": "false", "published_on": "make_date(y + 1, 1, 15)",
        "deadline_on": "make_date(y + 1, 3, 31)", "published_late": "hash(bureau_id, y) % 30 = 0",
        "page_count": "10", "figure_count": "0", "checks_failed": "0", "is_preferred": "true",
        "extractor_version": "'bench'", "extract_seconds": "0.1", "ingested_at": "now()::TIMESTAMP"})
    t3 = [m for m in metrics() if m.startswith("t3.")]
    plain = [m for m in metrics() if not m.startswith("t3.") and m != "text.proactive.by_category"]
    con.execute("CREATE TEMP TABLE m AS SELECT unnest(?::VARCHAR[]) AS metric", [plain])
    con.execute("CREATE TEMP TABLE m3 AS SELECT unnest(?::VARCHAR[]) AS metric", [t3])
    con.execute("CREATE TEMP TABLE d AS SELECT unnest(['natural_person','commercial','research','social_org',"
                "'legal_service','other_org','total']) AS dimension")
    figure = {"report_id": "r.report_id", "value_kind": "'number'", "evidence": "'evidence'"}
    insert(con, FIGURES, "reports r JOIN m ON true JOIN metric_catalog c ON c.metric = m.metric "
                         "WHERE position(r.template IN c.templates) > 0", figure | {
        "metric": "m.metric", "value": "(hash(r.report_id, m.metric) % 500)::DOUBLE",
        "source_kind": "CASE WHEN m.metric LIKE 'text.%' THEN 'text' ELSE 'table' END", "unit": "c.unit", "page": "3"})
    insert(con, FIGURES, "reports r, m3, d WHERE r.template <> 'pre2019'", figure | {
        "metric": "m3.metric", "dimension": "d.dimension",
        "value": "(hash(r.report_id, m3.metric, d.dimension) % 300)::DOUBLE", "source_kind": "'table'",
        "unit": "'count'", "page": "4"})
    insert(con, FIGURES, "reports r, (SELECT unnest(['政策法规','规划计划','人事信息']) AS cat)", figure | {
        "metric": "'text.proactive.by_category'", "dimension": "cat", "value": "(hash(r.report_id, cat) % 100)::DOUBLE",
        "source_kind": "'text'", "unit": "'count'", "page": "2"})
    insert(con, CHECKS, "reports WHERE template <> 'pre2019'", {
        "report_id": "report_id", "rule": "'t3.balance'",
        "status": "CASE WHEN hash(report_id) % 100 = 0 THEN 'fail' ELSE 'pass' END", "detail": "'detail'",
        "metric": "'t3.total_processed'", "dimension": "'total'", "expected": "10",
        "found": "CASE WHEN hash(report_id) % 100 = 0 THEN 12 ELSE 10 END"})
    con.execute("""UPDATE reports SET figure_count = f.n FROM (SELECT report_id, count(*) n FROM figures GROUP BY 1) f
                   WHERE f.report_id = reports.report_id""")
    con.execute("""UPDATE reports SET checks_failed = 1 WHERE report_id IN (SELECT report_id FROM checks WHERE status = 'fail')""")
    insert(con, SOURCE_FILES, "reports", {"source_path": "source_path", "sha256": "sha256", "report_id": "report_id",
                                          "file_size_bytes": "file_size_bytes"})
    for stmt in ddl.view_statements():
        con.execute(stmt)
    con.execute("CHECKPOINT")
    con.close()


def bench(db: Path, reruns: int) -> list[tuple[str, float, float]]:
    from streamlit.testing.v1 import AppTest

    os.environ["XXGK_DB"] = str(db)
    app = ROOT / "dashboard" / "app.py"
    con = duckdb.connect(str(db), read_only=True)
    # four bureaus of one type (commerce when there are any), as a supervisor compares peers
    four = [r[0] for r in con.sql("SELECT bureau_name FROM bureaus ORDER BY bureau_type <> '商务', bureau_type, "
                                  "bureau_id LIMIT 4").fetchall()]
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


# (what it shows, how it is called): the API of etl/api.py and the views, as the notebooks use them
QUERIES: tuple[tuple[str, str], ...] = (
    ("etl.figures: 表三 of one province, 2021-2024", "etl.figures(con, metric='t3.', region=PROVINCE, year=(2021, 2024))"),
    ("etl.wide: every metric of one year", "etl.wide(con, year=2022)"),
    ("etl.checks: failed checks of one province", "etl.checks(con, status='fail', region=PROVINCE)"),
    ("etl.reports: one bureau's reports", "etl.reports(con, bureau=BUREAU)"),
    ("v_bureau_year: every bureau and year", "etl.query(con, 'SELECT * FROM v_bureau_year')"),
    ("v_interpretation_ratio by year", "etl.query(con, 'SELECT year, avg(ratio) FROM v_interpretation_ratio GROUP BY 1')"),
    ("v_check_summary", "etl.query(con, 'SELECT * FROM v_check_summary')"),
    ("requests received per province and year", "etl.query(con, \"SELECT province, year, sum(value) FROM figures "
     "JOIN reports USING (report_id) WHERE metric = 't3.received_new' AND dimension = 'total' "
     "GROUP BY ALL ORDER BY ALL\")"),
)


def bench_queries(db: Path, reruns: int) -> list[tuple[str, float, int]]:
    """(query, median ms, rows) for each of QUERIES on a read-only connection."""
    import etl

    con = etl.connect(db)
    province, bureau = con.sql("SELECT province, bureau_name FROM reports WHERE province IS NOT NULL "
                               "GROUP BY ALL ORDER BY count(*) DESC LIMIT 1").fetchall()[0]
    env = {"etl": etl, "con": con, "PROVINCE": province, "BUREAU": bureau}
    out = []
    for name, call in QUERIES:
        times, rows = [], 0
        for _ in range(reruns):
            t0 = time.perf_counter()
            frame = eval(call, env)  # noqa: S307 - the calls are the constants above
            times.append(time.perf_counter() - t0)
            rows = frame.height
        out.append((name, statistics.median(times) * 1000, rows))
    con.close()
    return out


def to_markdown(db: Path, counts: tuple[int, int, int], pages: list, queries: list, reruns: int) -> str:
    from datetime import datetime, timezone

    m = machine()
    lines = [
        f"### {counts[0]:,} reports, {counts[1]:,} figures, {counts[2]:,} bureaus — "
        f"{datetime.now(timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}",
        "",
        f"Command: `.venv/bin/python bench/dashboard_rerun.py --db {db.relative_to(ROOT) if db.is_relative_to(ROOT) else db} "
        f"--reuse --reruns {reruns} --write-docs`  ",
        f"Machine: {m['nproc']} cores ({m['cpu']}), {m['memory']} RAM; Python {m['python']}, DuckDB {m['duckdb']}; "
        f"load average {m['loadavg']}  ",
        f"Database file: {db.stat().st_size / 2**20:.0f} MiB",
        "",
        f"| page | first visit (ms) | warm rerun, median of {reruns} (ms) |",
        "| --- | ---: | ---: |",
        *(f"| {page} | {cold:,.0f} | {warm:,.0f} |" for page, cold, warm in pages),
        "",
        f"| query | median of {reruns} (ms) | rows |",
        "| --- | ---: | ---: |",
        *(f"| {name} | {ms:,.0f} | {rows:,} |" for name, ms, rows in queries),
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--reports", type=int, default=100_000)
    ap.add_argument("--db", type=Path, default=ROOT / "bench" / "out" / "dashboard_big.duckdb")
    ap.add_argument("--reruns", type=int, default=5)
    ap.add_argument("--reuse", action="store_true", help="Reuse an existing database at --db.")
    ap.add_argument("--write-docs", action="store_true", help="record the results in docs/benchmarks.md")
    args = ap.parse_args()
    if not (args.reuse and args.db.exists()):
        t0 = time.perf_counter()
        build(args.db, args.reports)
        print(f"built {args.db} ({args.reports:,} reports) in {time.perf_counter() - t0:.1f} s")
    con = duckdb.connect(str(args.db), read_only=True)
    counts = tuple(con.sql(f"SELECT count(*) FROM {t}").fetchall()[0][0] for t in ("reports", "figures", "bureaus"))
    con.close()
    print("reports {:,} · figures {:,} · bureaus {:,}".format(*counts))
    pages = bench(args.db, args.reruns)
    queries = bench_queries(args.db, args.reruns)
    markdown = to_markdown(args.db.resolve(), counts, pages, queries, args.reruns)
    print(markdown)
    if args.write_docs:
        replace_block(ROOT / "docs" / "benchmarks.md", "dashboard", markdown)


if __name__ == "__main__":
    main()
