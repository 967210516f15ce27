"""The collector's state in DIR/.xxgk-fetch/state.sqlite: what was saved (every version), the
provenance of every saved file, what went wrong and why, and which run checked what (a stopped run
is resumed by the next one without asking for what it already has).

One connection shared by the host threads, each write under a lock and committed at once, so a
run killed at any moment loses at most the document in flight."""
from __future__ import annotations

import sqlite3
import threading
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from etl.fetch.store import STATE_DIR

STATE_FILE = "state.sqlite"

DDL = """
CREATE TABLE IF NOT EXISTS runs (
    run_id INTEGER PRIMARY KEY, started_at TEXT NOT NULL, finished_at TEXT, argv TEXT);
CREATE TABLE IF NOT EXISTS documents (
    url TEXT PRIMARY KEY, path TEXT, version INTEGER, sha256 TEXT, etag TEXT, last_modified TEXT,
    content_type TEXT, first_seen TEXT, fetched_at TEXT, checked_at TEXT, checked_run INTEGER);
CREATE TABLE IF NOT EXISTS provenance (
    path TEXT PRIMARY KEY, url TEXT NOT NULL, version INTEGER NOT NULL, final_url TEXT, list_page TEXT,
    article TEXT, role TEXT, title TEXT, list_date TEXT, fetched_at TEXT, status INTEGER, etag TEXT,
    last_modified TEXT, content_type TEXT, sha256 TEXT, size INTEGER, first_seen TEXT, changed INTEGER,
    note TEXT, run_id INTEGER);
CREATE TABLE IF NOT EXISTS events (
    run_id INTEGER, at TEXT, origin TEXT, url TEXT, kind TEXT, reason TEXT, list_page TEXT, title TEXT);
"""


def utc_now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


def state_path(root: Path) -> Path:
    return Path(root) / STATE_DIR / STATE_FILE


@dataclass(frozen=True)
class Known:
    url: str
    path: str
    version: int
    sha256: str
    etag: str | None
    last_modified: str | None
    checked_run: int | None
    first_seen: str
    final_url: str | None


class FetchState:
    def __init__(self, root: Path, argv: str = ""):
        path = state_path(root)
        path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._con = sqlite3.connect(path, check_same_thread=False, isolation_level=None, timeout=30)
        self._con.execute("PRAGMA journal_mode=WAL")
        # a commit survives the process being killed (what resuming needs) without an fsync per
        # document, which would serialise every host's thread on the disk
        self._con.execute("PRAGMA synchronous=NORMAL")
        self._con.executescript(DDL)
        last = self._con.execute("SELECT run_id, finished_at FROM runs ORDER BY run_id DESC LIMIT 1").fetchone()
        self.resumed = bool(last and last[1] is None)
        if self.resumed:
            self.run_id = last[0]
        else:
            self.run_id = self._con.execute("INSERT INTO runs(started_at, argv) VALUES (?, ?) RETURNING run_id",
                                            (utc_now(), argv)).fetchone()[0]
        self.closed = False

    def _write(self, sql: str, args: tuple) -> None:
        with self._lock:
            if not self.closed:
                self._con.execute(sql, args)

    def known(self, url: str) -> Known | None:
        with self._lock:
            row = self._con.execute(
                "SELECT d.url, d.path, d.version, d.sha256, d.etag, d.last_modified, d.checked_run, d.first_seen,"
                " p.final_url FROM documents d LEFT JOIN provenance p ON p.path = d.path WHERE d.url = ?",
                (url,)).fetchone()
        return Known(*row) if row else None

    def checked(self, url: str, etag: str | None = None, last_modified: str | None = None) -> None:
        """The document was asked for in this run and is unchanged."""
        self._write("UPDATE documents SET checked_at = ?, checked_run = ?, etag = COALESCE(?, etag),"
                    " last_modified = COALESCE(?, last_modified) WHERE url = ?",
                    (utc_now(), self.run_id, etag, last_modified, url))

    def saved(self, record: dict) -> None:
        """A new document or a new version of one: its provenance row and the current version."""
        r = dict(record, run_id=self.run_id)
        cols = ", ".join(r)
        marks = ", ".join("?" for _ in r)
        with self._lock:
            if self.closed:
                return
            self._con.execute("BEGIN")
            self._con.execute(f"INSERT OR REPLACE INTO provenance ({cols}) VALUES ({marks})", tuple(r.values()))
            self._con.execute(
                "INSERT INTO documents(url, path, version, sha256, etag, last_modified, content_type, first_seen,"
                " fetched_at, checked_at, checked_run) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT(url) DO UPDATE SET path = excluded.path, version = excluded.version,"
                " sha256 = excluded.sha256, etag = excluded.etag, last_modified = excluded.last_modified,"
                " content_type = excluded.content_type, fetched_at = excluded.fetched_at,"
                " checked_at = excluded.checked_at, checked_run = excluded.checked_run",
                (r["url"], r["path"], r["version"], r["sha256"], r["etag"], r["last_modified"], r["content_type"],
                 r["first_seen"], r["fetched_at"], r["fetched_at"], self.run_id))
            self._con.execute("COMMIT")

    def event(self, origin: str, url: str, kind: str, reason: str, list_page: str | None = None,
              title: str | None = None) -> None:
        self._write("INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (self.run_id, utc_now(), origin, url, kind, reason, list_page, title))

    def events(self, run_only: bool = True) -> list[tuple]:
        with self._lock:
            sql = "SELECT origin, url, kind, reason FROM events" + (" WHERE run_id = ?" if run_only else "")
            return self._con.execute(sql, (self.run_id,) if run_only else ()).fetchall()

    def finish(self) -> None:
        self._write("UPDATE runs SET finished_at = ? WHERE run_id = ?", (utc_now(), self.run_id))

    def close(self) -> None:
        with self._lock:
            if not self.closed:
                self.closed = True
                self._con.close()


def read_provenance(root: Path) -> list[dict]:
    """Every saved file's provenance (for `xxgk ingest`), read-only; [] when DIR was not fetched into."""
    path = state_path(root)
    if not path.is_file():
        return []
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        con.row_factory = sqlite3.Row
        return [dict(r) for r in con.execute("SELECT * FROM provenance ORDER BY url, version")]
    except sqlite3.DatabaseError:
        return []
    finally:
        con.close()
