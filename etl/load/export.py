"""`xxgk export`: every table and view as Parquet or CSV."""
from __future__ import annotations

from pathlib import Path

import duckdb

from etl.metadata.schema import RELATIONS


def export_database(db: Path, out: Path, fmt: str) -> list[tuple[Path, int]]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    con = duckdb.connect(str(db), read_only=True)
    try:
        for rel in RELATIONS:
            path = out / f"{rel.name}.{fmt}"
            opts = "(FORMAT parquet)" if fmt == "parquet" else "(FORMAT csv, HEADER true)"
            target = str(path).replace("'", "''")
            con.execute(f"COPY (SELECT * FROM {rel.name} ORDER BY ALL) TO '{target}' {opts}")
            n = con.execute(f"SELECT count(*) FROM {rel.name}").fetchone()[0]
            written.append((path, n))
    finally:
        con.close()
    return written
