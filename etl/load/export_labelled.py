"""The labelled variants of an export: reports and checks with their reasons and check details
rendered in Chinese and English from the reason codes (etl/metadata/reasons.csv), for readers
of the files who do not parse the JSON of `error_reasons` / `detail_params`."""
from __future__ import annotations

import os
from pathlib import Path

import duckdb

from etl.metadata import reasons
from etl.metadata.schema import CHECKS, REPORTS, Column, Relation

REPORTS_LABELLED = Relation(
    "reports_labelled", "The reports table with its reasons rendered in both languages (an export file, not a table).",
    REPORTS.columns + (
        Column("error_zh", "VARCHAR", "The reasons of `error_reasons` in Chinese; NULL when parsed."),
        Column("error_en", "VARCHAR", "The reasons of `error_reasons` in English; NULL when parsed."),
    ))
CHECKS_LABELLED = Relation(
    "checks_labelled", "The checks table with what each check found rendered in both languages (an export file, not a table).",
    CHECKS.columns + (
        Column("detail_zh", "VARCHAR", "`detail_code` with `detail_params` in Chinese (rule, cell, expected, printed)."),
        Column("detail_en", "VARCHAR", "`detail_code` with `detail_params` in English."),
    ))
LABELLED = (REPORTS_LABELLED, CHECKS_LABELLED)


def _sql_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def export_labelled(con: duckdb.DuckDBPyConnection, out: Path, fmt: str, copy_options: str) -> list[tuple[Relation, Path, int]]:
    """Write reports_labelled and checks_labelled next to the plain files (a database built
    before the reason codes existed has no code columns: nothing is written)."""
    columns = {(t, c) for t, c in con.execute("SELECT table_name, column_name FROM information_schema.columns").fetchall()}
    if ("reports", "error_reasons") not in columns or ("checks", "detail_code") not in columns:
        return []
    con.create_function("xxgk_reasons", lambda j, lang: reasons.render_reasons(j, lang), [str, str], str,
                        null_handling="special")
    con.create_function("xxgk_detail", lambda code, params, lang: reasons.render(code, params, lang) if code else None,
                        [str, str, str], str, null_handling="special")
    queries = {
        "reports_labelled": "SELECT *, xxgk_reasons(error_reasons, 'zh') AS error_zh, "
                            "xxgk_reasons(error_reasons, 'en') AS error_en FROM reports",
        "checks_labelled": "SELECT *, xxgk_detail(detail_code, detail_params, 'zh') AS detail_zh, "
                           "xxgk_detail(detail_code, detail_params, 'en') AS detail_en FROM checks",
    }
    written = []
    for rel in LABELLED:
        path, tmp = out / f"{rel.name}.{fmt}", out / f".{rel.name}.{fmt}.partial"
        cols = ", ".join(rel.column_names)
        con.execute(f"COPY (SELECT {cols} FROM ({queries[rel.name]}) ORDER BY ALL) TO {_sql_string(str(tmp))} {copy_options}")
        os.replace(tmp, path)
        n = con.execute(f"SELECT count(*) FROM {rel.name.removesuffix('_labelled')}").fetchall()[0][0]
        written.append((rel, path, n))
    return written
