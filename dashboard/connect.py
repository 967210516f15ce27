"""Opening the warehouse read-only and locked down.

Why ATTACH instead of `duckdb.connect(path, read_only=True, config=...)`: DuckDB keeps one
database instance per path and process, so a second connect to the same file with another
config fails, and after ingest replaces the file (os.replace) a connect to the same path
would hand back the old instance. An in-memory connection that ATTACHes the file READ_ONLY
always opens the file as it is now and can carry its own locked configuration.
"""
from __future__ import annotations

import duckdb

CATALOG = "xxgk"

# applied after the ATTACH, then locked: no file system, no network, no extensions, no SET
LOCKDOWN = (
    "SET enable_external_access = false",
    "SET autoinstall_known_extensions = false",
    "SET autoload_known_extensions = false",
    "SET allow_community_extensions = false",
    "SET lock_configuration = true",
)


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def open_readonly(path: str, *, memory_limit: str = "2GB", threads: int | None = None) -> duckdb.DuckDBPyConnection:
    """A connection that sees the database file read-only and cannot touch anything else."""
    con = duckdb.connect(":memory:")
    try:
        con.execute(f"SET memory_limit = {_quote(memory_limit)}")
        if threads:
            con.execute(f"SET threads = {int(threads)}")
        con.execute(f"ATTACH {_quote(path)} AS {CATALOG} (READ_ONLY)")
        con.execute(f"USE {CATALOG}")
        for stmt in LOCKDOWN:
            con.execute(stmt)
    except Exception:
        con.close()
        raise
    return con


def cursor(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """A cursor (its own client context, safe to use from another thread) on the warehouse catalog."""
    cur = con.cursor()
    cur.execute(f"USE {CATALOG}")
    return cur
