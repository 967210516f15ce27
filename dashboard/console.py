"""The read-only SQL console: the one place where a user's text becomes SQL.

Layers, each sufficient on its own for the dangerous cases:
1. exactly one statement, and it must be a SELECT (incl. WITH/FROM/DESCRIBE/SHOW) or EXPLAIN;
2. a fresh connection per query that sees the database READ_ONLY with external access off
   (no files, no network, no extensions) and its configuration locked (no SET);
3. a row limit, and a time limit that interrupts the query.
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass

import duckdb
import polars as pl
import streamlit as st

from dashboard import connect, data
from dashboard.i18n import t

MAX_ROWS = 5_000
TIMEOUT_SECONDS = 10.0
ALLOWED = {duckdb.StatementType.SELECT, duckdb.StatementType.EXPLAIN}
EXAMPLE = ("SELECT r.bureau_name, r.year, f.value\nFROM figures f JOIN reports r USING (report_id)\n"
           "WHERE f.metric = 't3.received_new' AND f.dimension = 'total' AND r.is_preferred\nORDER BY 1, 2")


@dataclass
class ConsoleResult:
    frame: pl.DataFrame | None
    error: str | None
    truncated: bool = False
    seconds: float = 0.0


def check_statement(sql: str) -> str | None:
    """Why `sql` may not run (None when it may)."""
    try:
        statements = duckdb.extract_statements(sql)
    except duckdb.Error as exc:
        return f"SQL error: {exc}"
    if len(statements) != 1:
        return f"Exactly one statement is allowed; found {len(statements)}."
    kind = statements[0].type
    if kind not in ALLOWED:
        return f"{kind.name} statements are not allowed: the console is read-only (SELECT only)."
    return None


def execute(con: duckdb.DuckDBPyConnection, sql: str, max_rows: int = MAX_ROWS,
            timeout: float = TIMEOUT_SECONDS) -> ConsoleResult:
    """Run `sql` on `con` with the row and time limits (no statement check: see run_query)."""
    started = time.perf_counter()
    timer = threading.Timer(timeout, con.interrupt)
    timer.start()
    try:
        frame = con.sql(sql).limit(max_rows + 1).pl()
    except duckdb.InterruptException:
        return ConsoleResult(None, f"Stopped: the query ran longer than {timeout:g} s.", False,
                             time.perf_counter() - started)
    except duckdb.PermissionException as exc:
        return ConsoleResult(None, f"Not allowed: the console cannot read files, the network or extensions ({exc}).",
                             False, time.perf_counter() - started)
    except duckdb.Error as exc:
        return ConsoleResult(None, f"{type(exc).__name__}: {exc}", False, time.perf_counter() - started)
    finally:
        timer.cancel()
    truncated = frame.height > max_rows
    return ConsoleResult(frame.head(max_rows), None, truncated, time.perf_counter() - started)


def run_query(db_path: str, sql: str, max_rows: int = MAX_ROWS, timeout: float = TIMEOUT_SECONDS) -> ConsoleResult:
    """Check, then run on a fresh locked-down read-only connection."""
    reason = check_statement(sql)
    if reason:
        return ConsoleResult(None, reason)
    con = connect.open_readonly(db_path, memory_limit="1GB", threads=2)
    try:
        return execute(con, sql, max_rows, timeout)
    finally:
        con.close()


def render() -> None:
    st.subheader(t("sql_console"))
    st.caption(t("sql_help", rows=f"{MAX_ROWS:,}", secs=f"{TIMEOUT_SECONDS:g}"))
    with st.form("sql_console"):
        sql = st.text_area("SQL", value=EXAMPLE, height=140, key="sql")
        submitted = st.form_submit_button(t("run"), icon=":material/play_arrow:")
    if submitted and sql and sql.strip():
        res = run_query(data.db_key()[0], sql)
        if res.error:
            st.error(res.error)  # st.error renders its text as markdown without HTML
        else:
            st.caption(f"{res.frame.height:,} rows · {res.seconds * 1000:.0f} ms"
                       + (f" · truncated to {MAX_ROWS:,}" if res.truncated else ""))
            st.dataframe(res.frame, hide_index=True, key="sql_result")
