"""`xxgk export`: every table and view as Parquet or CSV, one file each, plus a datapackage.json.

Rows are written in a fixed order (ORDER BY every column) so two exports of the same database
are byte-identical and diff cleanly. Each file is written under a temporary name and renamed, so
a reader never picks up half a file. `datapackage.json` (Frictionless Data) describes every file
and column with the descriptions from etl.metadata, so the export documents itself.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import duckdb

from etl.load.export_labelled import export_labelled
from etl.metadata.schema import RELATIONS, Relation

FORMATS = ("parquet", "csv")
_COPY_OPTIONS = {"parquet": "(FORMAT parquet, COMPRESSION zstd)", "csv": "(FORMAT csv, HEADER true)"}
# DuckDB type → Frictionless table-schema type
_FIELD_TYPES = {"VARCHAR": "string", "INTEGER": "integer", "BIGINT": "integer", "DOUBLE": "number",
                "BOOLEAN": "boolean", "DATE": "date", "TIMESTAMP": "datetime", "DOUBLE[4]": "array"}


def _sql_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def export_database(db: Path, out: Path, fmt: str) -> list[tuple[Path, int]]:
    """Write every table and view of `db` to `out/<name>.<fmt>`; returns (path, rows) per file."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    written: list[tuple[Path, int]] = []
    exported: list[Relation] = []
    con = duckdb.connect(str(db), read_only=True)
    try:
        present = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        for rel in RELATIONS:
            if rel.name not in present:  # a database built before a view was added
                continue
            path = out / f"{rel.name}.{fmt}"
            tmp = out / f".{rel.name}.{fmt}.partial"
            con.execute(f"COPY (SELECT * FROM {rel.name} ORDER BY ALL) TO {_sql_string(str(tmp))} {_COPY_OPTIONS[fmt]}")
            os.replace(tmp, path)
            n = con.execute(f"SELECT count(*) FROM {rel.name}").fetchone()[0]
            written.append((path, n))
            exported.append(rel)
        for rel, path, n in export_labelled(con, out, fmt, _COPY_OPTIONS[fmt]):  # reasons in zh and en
            written.append((path, n))
            exported.append(rel)
    finally:
        con.close()
    _write_datapackage(out, fmt, exported, {rel.name: n for rel, (_, n) in zip(exported, written)})
    return written


def datapackage(fmt: str, relations: list[Relation], rows: dict[str, int]) -> dict:
    """The Frictionless Data package descriptor of an export."""
    return {
        "profile": "tabular-data-package" if fmt == "csv" else "data-package",
        "name": "xxgk",
        "title": "Annual reports on government information disclosure (政府信息公开工作年度报告)",
        "description": "Exported by `xxgk export`. Column meanings: docs/data-dictionary.md.",
        "resources": [
            {
                "name": rel.name, "path": f"{rel.name}.{fmt}", "format": fmt,
                **({"mediatype": "text/csv", "encoding": "utf-8"} if fmt == "csv" else {}),
                "description": rel.description, "rows": rows[rel.name],
                "schema": {
                    "fields": [{"name": c.name, "type": _FIELD_TYPES[c.type], "description": c.description}
                               for c in rel.columns],
                    **({"primaryKey": list(rel.primary_key)} if rel.primary_key else {}),
                },
            }
            for rel in relations
        ],
    }


def _write_datapackage(out: Path, fmt: str, relations: list[Relation], rows: dict[str, int]) -> None:
    tmp = out / ".datapackage.json.partial"
    tmp.write_text(json.dumps(datapackage(fmt, relations, rows), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, out / "datapackage.json")
