"""Benchmark the supervisor's additions (issue 21) on a generated corpus:

- the text-reuse sample at extraction time: sample_shingles against the whole extraction of the
  same documents (one core, documents read once beforehand), as a share;
- ingest with a roster (one cold run), and within it the build-time indicators (the
  report_indicators pass: frozen figures, text reuse, template compliance …), timed again alone
  on the built database, as a share of the ingest;
- the scorecard queries on the built database: v_scorecard for one year, all of it, v_coverage
  for one year, and the 通报 table of one year (median of 5 warm runs).

    .venv/bin/python bench/supervisor.py --reports 10000
    .venv/bin/python bench/supervisor.py --reports 10000 --db bench/out/bench-10000-0.duckdb  # reuse a database

Figures are DEMO DATA (etl/demo). The corpus goes to bench/out/corpus-N-SEED (shared with bench/run.py).
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import duckdb  # noqa: E402

from etl.demo.build import corpus_is_current  # noqa: E402
from etl.demo.generator import write_corpus  # noqa: E402
from etl.demo.roster import write_demo_roster  # noqa: E402

SAMPLE_FILES = 400  # documents the extraction-time share is measured on


def extraction_share(reports: Path) -> dict:
    from etl.extract.report import extract_report
    from etl.extract.shingles import sample_shingles
    from etl.read import ReadError, read_document

    docs = []
    for path in sorted(reports.iterdir())[:SAMPLE_FILES * 2]:
        if path.suffix not in (".txt", ".md", ".html", ".docx", ".pdf"):
            continue
        try:
            docs.append(read_document(path.name, path.read_bytes()))
        except ReadError:
            continue
        if len(docs) >= SAMPLE_FILES:
            break
    t0 = time.process_time()
    metas = [extract_report(d).meta.bureau_name for d in docs]  # (includes sample_shingles)
    whole = time.process_time() - t0
    t0 = time.process_time()
    for d, organ in zip(docs, metas):
        sample_shingles(d, organ)
    shingles = time.process_time() - t0
    return {"docs": len(docs), "extract_ms": 1000 * whole / len(docs), "shingles_ms": 1000 * shingles / len(docs),
            "share": shingles / whole}


def _median_ms(con, sql: str, params=(), runs: int = 5) -> float:
    """Median time to run the query and fetch it as a polars frame (as the dashboard and etl.api do)."""
    con.sql(sql, params=list(params)).pl()  # warm
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        con.sql(sql, params=list(params)).pl()
        times.append(time.perf_counter() - t0)
    return 1000 * statistics.median(times)


def replicate(db: Path, times: int) -> Path:
    """A database `times` as large: every report, bureau, figure, check, shingle and roster row
    copied with its ids suffixed (`~k`), so each copy is its own set of organs. For timing the
    build-time pass and the queries at 100,000 reports without generating and extracting them."""
    from etl.load.ddl import view_statements
    from etl.metadata.schema import VIEWS

    big = db.with_name(f"{db.stem}-x{times}.duckdb")
    shutil.copy(db, big)
    con = duckdb.connect(str(big))
    try:
        for rel in VIEWS:
            con.execute(f"DROP VIEW IF EXISTS {rel.name}")
        ids = {"reports": ("report_id", "bureau_id", "superseded_by"), "figures": ("report_id",), "checks": ("report_id",),
               "bureaus": ("bureau_id",), "bureau_names": ("bureau_id",), "text_shingles": ("report_id",),
               "roster": ("bureau_id", "organ")}
        for table, cols in ids.items():
            names = [r[0] for r in con.execute(f"SELECT column_name FROM information_schema.columns WHERE table_name = '{table}' "
                                               "ORDER BY ordinal_position").fetchall()]
            for k in range(1, times):
                sel = ", ".join(f"{c} || '~{k}'" if c in cols else c for c in names)
                con.execute(f"INSERT INTO {table} SELECT {sel} FROM {table} WHERE NOT contains(coalesce({cols[0]}, ''), '~')")
        from etl.load.indicators import write_indicators

        write_indicators(con)
        for stmt in view_statements():
            con.execute(stmt)
        con.execute("CHECKPOINT")
    finally:
        con.close()
    return big


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--reports", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--db", type=Path, help="an existing database to time the queries on (no ingest)")
    ap.add_argument("--out", type=Path, default=ROOT / "bench" / "out", help="where corpus and databases go")
    ap.add_argument("--replicate", type=int, default=1, help="time on a copy this many times as large (see replicate)")
    args = ap.parse_args()
    out = args.out
    out.mkdir(parents=True, exist_ok=True)
    corpus = out / f"corpus-{args.reports}-{args.seed}"
    if not corpus_is_current(corpus, args.reports, args.seed):
        shutil.rmtree(corpus, ignore_errors=True)
        write_corpus(corpus, args.reports, seed=args.seed, workers=args.workers)
    roster_path = write_demo_roster(corpus, args.seed, out / f"roster-{args.reports}-{args.seed}.csv")

    share = extraction_share(corpus / "reports")
    print(f"text-reuse sample at extraction: {share['shingles_ms']:.2f} ms of {share['extract_ms']:.2f} ms a document "
          f"({share['share']:.1%} of extraction without reading, {share['docs']} documents, one core)")

    db = args.db
    if db is None:
        from etl.ingest import ingest
        from etl.load.roster import read_roster

        db = out / f"supervisor-{args.reports}-{args.seed}.duckdb"
        db.unlink(missing_ok=True)
        t0 = time.perf_counter()
        s = ingest([str(corpus / "reports")], db, workers=args.workers, roster=read_roster(roster_path))
        ingest_s = time.perf_counter() - t0
        print(f"ingest with roster: {ingest_s:.1f} s for {s.files_seen} files ({args.workers} workers)")
    else:
        ingest_s = None

    if args.replicate > 1:
        t0 = time.perf_counter()
        db = replicate(db, args.replicate)
        print(f"replicated ×{args.replicate} in {time.perf_counter() - t0:.0f} s → {db}")
        ingest_s = None
    work = out / f".indicators-{args.reports}.duckdb"
    shutil.copy(db, work)
    con = duckdb.connect(str(work))
    try:
        from etl.load.indicators import write_indicators

        t0 = time.perf_counter()
        write_indicators(con)
        ind_s = time.perf_counter() - t0
        n_ind, n_sh = con.execute("SELECT (SELECT count(*) FROM report_indicators), (SELECT count(*) FROM text_shingles)").fetchall()[0]
    finally:
        con.close()
        work.unlink(missing_ok=True)
    if ingest_s is None:  # the CPU the files cost, as recorded by that ingest
        con = duckdb.connect(str(args.db), read_only=True)
        try:
            cpu, n = con.execute("SELECT sum(extract_cpu_seconds), count(*) FROM reports").fetchall()[0]
        finally:
            con.close()
        print(f"sample at extraction ≈ {share['shingles_ms'] * n / 1000 / cpu:.1%} of the {cpu:.0f} s of CPU "
              f"the {n} files cost (reading included)")
    tail = f" = {ind_s / ingest_s:.1%} of the ingest" if ingest_s else ""
    print(f"report_indicators pass: {ind_s:.2f} s for {n_ind} reports, {n_sh} sampled shingles{tail}")

    con = duckdb.connect(str(db), read_only=True)
    try:
        year = con.execute("SELECT year FROM reports WHERE year IS NOT NULL GROUP BY year ORDER BY count(*) DESC LIMIT 1").fetchall()[0][0]
        for label, sql, params in (("v_scorecard, one year", "SELECT * FROM v_scorecard WHERE year = ?", [year]),
                                   ("v_scorecard, all", "SELECT * FROM v_scorecard", []),
                                   ("v_coverage, one year", "SELECT * FROM v_coverage WHERE year = ?", [year])):
            print(f"{label}: {_median_ms(con, sql, params):.0f} ms")
    finally:
        con.close()
    from etl.load.scorecard_export import scorecard_table

    times = []
    for _ in range(3):
        t0 = time.perf_counter()
        scorecard_table(db, year)
        times.append(time.perf_counter() - t0)
    print(f"通报 table of {year} (xxgk scorecard without writing): {1000 * statistics.median(times):.0f} ms")


if __name__ == "__main__":
    main()
