"""DDL and COMMENT ON statements generated from etl.metadata.schema."""
from __future__ import annotations

from etl.metadata.schema import RELATIONS, TABLES, VIEWS, Relation


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def create_table_sql(rel: Relation) -> str:
    cols = [f"  {c.name} {c.type}{'' if c.nullable else ' NOT NULL'}" for c in rel.columns]
    if rel.primary_key:
        cols.append(f"  PRIMARY KEY ({', '.join(rel.primary_key)})")
    return f"CREATE TABLE {rel.name} (\n" + ",\n".join(cols) + "\n)"


def create_view_sql(rel: Relation) -> str:
    return f"CREATE VIEW {rel.name} AS {rel.sql.strip()}"


def comment_sql(rel: Relation) -> list[str]:
    kind = "VIEW" if rel.kind == "view" else "TABLE"
    out = [f"COMMENT ON {kind} {rel.name} IS {_quote(rel.description)}"]
    out += [f"COMMENT ON COLUMN {rel.name}.{c.name} IS {_quote(c.description)}" for c in rel.columns]
    return out


def table_statements() -> list[str]:
    out = []
    for rel in TABLES:
        out.append(create_table_sql(rel))
        out += comment_sql(rel)
    return out


def view_statements() -> list[str]:
    out = []
    for rel in VIEWS:
        out.append(create_view_sql(rel))
        out += comment_sql(rel)
    return out


def all_statements() -> list[str]:
    return table_statements() + view_statements()


assert all(r.kind in ("table", "view") for r in RELATIONS)
