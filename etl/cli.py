"""The `xxgk` command line."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Optional

from enum import Enum

import typer
from rich.console import Console
from rich.table import Table as RichTable

from etl.cli_errors import XxgkGroup, require_dask, require_database, require_inputs, require_unlocked
from etl.errors import UserError

EXIT_CODES = ("Exit codes: 0 the run completed (quarantined files alone do not fail a run); 2 a usage error "
              "(bad option, missing path, missing database); 1 the run could not complete. A user error prints "
              "one line; --debug (or XXGK_DEBUG=1) shows tracebacks.")
# Every command runs inside XxgkGroup (etl/cli_errors.py): raise etl.errors.UserError for a
# problem the user fixes; it becomes one line and the exit code.
app = typer.Typer(cls=XxgkGroup, add_completion=False, no_args_is_help=True, epilog=EXIT_CODES,
                  help="xxgk: annual reports on government information disclosure → DuckDB → dashboard.")
console = Console(stderr=False)


class Engine(str, Enum):  # choices: click says which are allowed when given another
    local = "local"
    dask = "dask"


class ExportFormat(str, Enum):
    parquet = "parquet"
    csv = "csv"

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DEMO_DB = PROJECT_ROOT / "data" / "demo.duckdb"


def _version(value: bool) -> None:
    if value:
        from etl.version import PACKAGE_VERSION, extractor_version

        typer.echo(f"xxgk {PACKAGE_VERSION} (extractor {extractor_version()})")
        raise typer.Exit()


@app.callback()
def _options(
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Print the version and exit."),
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks instead of one-line errors (or XXGK_DEBUG=1)."),
) -> None:
    """xxgk: annual reports on government information disclosure → DuckDB → dashboard."""


@app.command()
def ingest(
    paths: list[str] = typer.Argument(..., help="Files and folders to read (.txt .md .html .htm .pdf .docx .doc .zip)."),
    db: Path = typer.Option(..., "--db", help="The DuckDB file to publish (replaced atomically)."),
    workers: int = typer.Option(0, "--workers", help="Worker processes (0: one per core)."),
    engine: Engine = typer.Option(Engine.local, "--engine", help="local or dask."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", help="Address of a running Dask scheduler."),
    staging: Optional[Path] = typer.Option(None, "--staging", help="Dask engine: folder for the workers' Parquet "
                                           "partitions, visible to every worker (default: next to --db)."),
    max_file_mb: float = typer.Option(100.0, "--max-file-mb", help="Larger files fail with a reason."),
    max_pages: int = typer.Option(500, "--max-pages", help="Documents with more pages fail with a reason."),
    timeout: float = typer.Option(120.0, "--timeout", help="Per-file extraction time limit in seconds."),
    max_memory_mb: int = typer.Option(4096, "--max-memory-mb", help="Memory a worker may use for one file (0: no limit)."),
    dry_run: bool = typer.Option(False, "--dry-run", help="List what would be read, reused and skipped; extract nothing."),
    roster_path: Optional[Path] = typer.Option(None, "--roster", help="CSV or XLSX of the organs that must report "
                                               "(columns organ, region, level, parent, from_year, to_year, aliases); "
                                               "without it the database keeps the roster it has."),
    corrections: Optional[Path] = typer.Option(None, "--corrections", help="A corrections CSV (sha256, metric, dimension, "
                                               "value, reason, reviewer, corrected_at) applied before validation."),
) -> None:
    """Read reports, extract figures, validate, and publish the database."""
    roster = _read_roster_or_exit(roster_path)
    from etl.engines.limits import Limits
    from etl.engines.local import default_workers
    from etl.ingest import ingest as run_ingest

    require_inputs(paths)
    if dry_run:
        from etl.ingest_plan import plan_ingest, print_plan

        print_plan(plan_ingest(paths, db), db, console)
        return
    engine = engine.value
    if engine == "dask":
        require_dask()
    require_unlocked(db)
    limits = Limits(int(max_file_mb * 1024 * 1024), max_pages, timeout, max_memory_mb)
    n_workers = workers or default_workers()
    if corrections is not None:  # a malformed file stops the run before anything is built
        from etl.corrections_file import CorrectionsError, read_corrections

        try:
            read_corrections(corrections)
        except CorrectionsError as exc:
            raise UserError(f"corrections: {exc}", "fix that line and run again") from None
    if sys.stdout.isatty():
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

        with Progress("[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(),
                      TimeElapsedColumn(), console=console, transient=True) as bar:
            task = bar.add_task("extracting", total=None)

            def progress(done: int, total: int) -> None:
                bar.update(task, completed=done, total=total)

            summary = run_ingest(paths, db, workers=n_workers, engine=engine, scheduler=scheduler,
                                 limits=limits, progress=progress, staging=staging, roster=roster,
                                 corrections=corrections)
    else:
        summary = run_ingest(paths, db, workers=n_workers, engine=engine, scheduler=scheduler, limits=limits,
                             staging=staging, roster=roster, corrections=corrections)
    _print_summary(summary, db)
    _print_roster_summary(db, roster)


def _print_summary(s, db: Path) -> None:
    t = RichTable(title=f"ingest → {db}", show_header=False, box=None)
    t.add_row("files seen", str(s.files_seen))
    t.add_row("  extracted / reused", f"{s.files_extracted} / {s.files_reused}")
    t.add_row("  identical copies", str(s.duplicates))
    t.add_row("  skipped (not reports)", str(s.files_skipped))
    t.add_row("parsed", str(s.parsed))
    t.add_row("partial", str(s.partial))
    t.add_row("failed", str(s.failed))
    from etl.metadata import reasons

    lang = reasons.cli_lang()  # XXGK_LANG=zh (or a zh locale) says the reasons in Chinese
    for reason, n in s.top_failures:
        t.add_row("", f"{n} × {reasons.label(reason, lang) if reason in reasons.catalog() else reason}")
    t.add_row("figures loaded", str(s.figures))
    t.add_row("checks failed", str(s.checks_failed))
    if getattr(s, "corrections_applied", 0):
        t.add_row("corrections applied", str(s.corrections_applied))
    t.add_row("time taken", f"{s.seconds:.2f} s")
    console.print(t)
    for path, reason in s.skipped[:10]:
        console.print(f"  skipped {path}: {reason}", style="dim", markup=False)
    if len(s.skipped) > 10:
        console.print(f"  … and {len(s.skipped) - 10} more skipped", style="dim")


# --- the supervisor's roster and scorecard (issue 21) ------------------------------------------

def _read_roster_or_exit(path: Optional[Path]):
    """The parsed roster; a bad file is a UserError (one line, exit status 2)."""
    if path is None:
        return None
    from etl.load.roster import RosterError, read_roster

    try:
        return read_roster(path)
    except RosterError as exc:
        raise UserError(str(exc), "fix the roster file and run again") from None


def _print_roster_summary(db: Path, roster) -> None:
    """Lines on the roster: rows, duplicates dropped, organs without reports, publishers not listed."""
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        n = con.execute("SELECT count(*) FROM roster").fetchall()[0][0]
        if not n:
            return
        gaps = con.sql("SELECT kind, name, region FROM v_roster_gaps ORDER BY kind, name").fetchall()
    finally:
        con.close()
    unmatched = [g for g in gaps if g[0] == "roster_unmatched"]
    unlisted = [g for g in gaps if g[0] == "unlisted_publisher"]
    kept = "" if roster is not None else " (kept from the previous run)"
    dup = f", {roster.duplicates} duplicate rows dropped" if roster is not None and roster.duplicates else ""
    console.print(f"roster: {n} organs{kept}{dup}; {n - len(unmatched)} matched to reports", markup=False)
    for label, rows in (("in the roster, no report", unmatched), ("publishing, not in the roster", unlisted)):
        if rows:
            names = "、".join(r[1] for r in rows[:10]) + (f" … and {len(rows) - 10} more" if len(rows) > 10 else "")
            console.print(f"  {len(rows)} {label}: {names}", markup=False)


@app.command()
def scorecard(
    db: Path = typer.Option(..., "--db", help="The DuckDB file (opened read-only)."),
    year: int = typer.Option(..., "--year", help="Report year (the statistics year)."),
    out: Path = typer.Option(..., "--out", help="FILE.xlsx (formatted, with a sheet of definitions) or FILE.csv."),
    roster_only: bool = typer.Option(False, "--roster-only", help="Only the roster's organs (not the publishers missing from it)."),
    weights: Optional[Path] = typer.Option(None, "--weights", help="TOML file of weights (default: etl/metadata/scorecard.toml)."),
) -> None:
    """Write the 通报 table of one year: every roster organ, its indicators, score and rank."""
    from etl.load.scorecard_export import scorecard_table, write_scorecard
    from etl.metadata.scorecard import WeightsError

    require_database(db)  # user errors: one line and exit 2 through etl/cli_errors.py
    if out.suffix.lower() not in (".xlsx", ".csv"):
        raise UserError(f"--out must end in .xlsx or .csv: {out}")
    try:
        table = scorecard_table(db, year, roster_only=roster_only, weights_path=weights)
    except WeightsError as exc:
        raise UserError(str(exc)) from exc
    write_scorecard(table, out, year=year, weights_path=weights)
    counts = table["status"].value_counts().sort("status").iter_rows()
    console.print(f"{table.height} organs → {out} (" + ", ".join(f"{s} {n}" for s, n in counts) + ")", markup=False)


@app.command()
def dashboard(
    db: Path = typer.Option(..., "--db", help="The DuckDB file to show (opened read-only)."),
    port: int = typer.Option(8501, "--port"),
    address: str = typer.Option("127.0.0.1", "--address", help="Interface to listen on."),
    demo_label: bool = typer.Option(False, "--demo-label", hidden=True),
    corrections: Optional[Path] = typer.Option(None, "--corrections", help="A corrections CSV the review page may "
                                               "append to (never set this on a public deployment)."),
) -> None:
    """Serve the Streamlit dashboard over a database."""
    require_database(db)
    env = dict(os.environ, XXGK_DB=str(db.resolve()))
    if demo_label:
        env["XXGK_DEMO"] = "1"
    if corrections is not None:
        env["XXGK_CORRECTIONS"] = str(corrections.resolve())
    app_path = PROJECT_ROOT / "dashboard" / "app.py"
    cmd = [sys.executable, "-m", "streamlit", "run", str(app_path), "--server.port", str(port),
           "--server.address", address, "--server.headless", "true", "--browser.gatherUsageStats", "false",
           "--server.fileWatcherType", "none",
           "--client.toolbarMode", "viewer"]  # no Deploy button or developer menu for users
    console.print(f"dashboard on http://{address}:{port} (Ctrl-C stops it)")
    raise typer.Exit(subprocess.call(cmd, env=env))


@app.command()
def demo(
    port: int = typer.Option(8501, "--port"),
    db: Path = typer.Option(DEFAULT_DEMO_DB, "--db"),
    rebuild: bool = typer.Option(False, "--rebuild", help="Rebuild the demo database even if it exists."),
    no_serve: bool = typer.Option(False, "--no-serve", help="Build only."),
) -> None:
    """Build the demo database if missing and serve the dashboard."""
    from etl.demo.build import ensure_demo_database

    ensure_demo_database(db, rebuild=rebuild, console=console)
    if not no_serve:
        dashboard(db=db, port=port, address="127.0.0.1", demo_label=True, corrections=None)


@app.command()
def export(
    db: Path = typer.Option(..., "--db"),
    out: Path = typer.Option(..., "--out"),
    format: ExportFormat = typer.Option(ExportFormat.parquet, "--format", help="parquet or csv."),
) -> None:
    """Write every table and view for download (one file each)."""
    from etl.load.export import export_database

    require_database(db)
    written = export_database(db, out, format.value)
    for path, rows in written:
        console.print(f"{rows:>9} rows → {path}")


@app.command("demo-corpus")
def demo_corpus(
    out: Path = typer.Option(..., "--out"),
    reports: int = typer.Option(..., "--reports"),
    seed: int = typer.Option(0, "--seed"),
) -> None:
    """Write N generated realistic reports of all eras and formats, with ground truth."""
    from etl.demo.generator import write_corpus

    n = write_corpus(out, reports, seed=seed)
    console.print(f"wrote {n} reports and their ground truth to {out}")


@app.command()
def docs() -> None:
    """Regenerate docs/data-dictionary.md from the metadata."""
    from etl.metadata.dictionary import render_markdown

    path = PROJECT_ROOT / "docs" / "data-dictionary.md"
    path.write_text(render_markdown(), encoding="utf-8")
    console.print(f"wrote {path}")


# --- xxgk fetch (issue 19): self-contained; the work is in etl/fetch/command.py --------------------
@app.command()
def fetch(
    urls: Optional[list[str]] = typer.Argument(None, help="Column (list) pages to start from."),
    into: Path = typer.Option(..., "--into", help="Folder for the documents and the state (.xxgk-fetch/)."),
    delay: float = typer.Option(1.0, "--delay", help="Seconds between request starts to one host (at least)."),
    timeout: float = typer.Option(30.0, "--timeout", help="Seconds before a request is given up."),
    user_agent: Optional[str] = typer.Option(None, "--user-agent", help="Must identify you; default names xxgk."),
    since: Optional[int] = typer.Option(None, "--since", help="Skip reports for years before this one."),
    max_pages: int = typer.Option(50, "--max-pages", help="List pages followed per start URL."),
    urls_file: Optional[Path] = typer.Option(None, "--urls-file", help="A file of start URLs, one a line."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Read the lists and say what would be fetched."),
    max_doc_mb: float = typer.Option(50.0, "--max-doc-mb", help="Larger documents are skipped with a reason."),
    max_crawl_delay: float = typer.Option(60.0, "--max-crawl-delay",
                                          help="A host whose robots.txt asks for a longer Crawl-delay is skipped."),
) -> None:
    """Collect annual reports from portal column pages, politely and resumably."""
    from etl.fetch.command import read_urls_file, run_fetch_command
    from etl.fetch.crawl import DEFAULT_USER_AGENT, FetchOptions

    starts = list(urls or []) + (read_urls_file(urls_file) if urls_file else [])
    opts = FetchOptions(delay=delay, timeout=timeout, user_agent=user_agent or DEFAULT_USER_AGENT, since=since,
                        max_pages=max_pages, max_doc_bytes=int(max_doc_mb * 1024 * 1024), dry_run=dry_run,
                        max_crawl_delay=max_crawl_delay)
    code = run_fetch_command(starts, into, opts, console)
    if code:
        raise typer.Exit(code)
# --- end of xxgk fetch ------------------------------------------------------------------------------


def main() -> None:  # pragma: no cover
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
