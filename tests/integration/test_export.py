"""`xxgk export` writes every table and view as Parquet and CSV, with the exact text we expect."""
from __future__ import annotations

import hashlib
import json
import subprocess
import sys

import duckdb
import polars as pl
import pytest

from etl.load.export_labelled import LABELLED
from etl.load.export import export_database
from etl.metadata.schema import RELATIONS


# the report id is the first 20 hex digits of the sha256 of the file's bytes (conftest._result)
RID = hashlib.sha256("handmade handmade/huaibei_2017.txt".encode()).hexdigest()[:20]

# Written by hand from conftest.handmade_results: rows sorted by every column, NULL as an empty
# field, DOUBLE with its decimal point, a field with a comma quoted.
FIGURES_CSV = f"""\
report_id,metric,dimension,value,value_kind,raw_text,source_kind,unit,page,evidence,extracted_value,extracted_value_kind,corrected,bbox,locator,ocr_confidence
{RID},text.proactive.total,,600.0,approximate,600多条,text,count,,"我局主动公开政府信息600多条, 其中",600.0,approximate,false,,,
{RID},text.requests.received,,15.0,number,15件,text,count,,text.requests.received 15件,15.0,number,false,,,
"""

CHECKS_CSV = f"""\
report_id,rule,status,detail,metric,dimension,expected,found,detail_code,detail_params
{RID},prose.requests,not_assessable,no table to compare with,,,,,check.not_assessable,"{{""rule"": ""prose.requests""}}"
"""

CHECK_SUMMARY_CSV = """\
rule,reports,passed,failed,warned,not_assessable,failing_checks,fail_share
prose.requests,1,0,0,0,1,0,
"""


def test_exact_csv_of_small_tables(tiny_db, tmp_path):
    export_database(tiny_db, tmp_path, "csv")
    assert (tmp_path / "figures.csv").read_text(encoding="utf-8") == FIGURES_CSV
    assert (tmp_path / "checks.csv").read_text(encoding="utf-8") == CHECKS_CSV
    assert (tmp_path / "v_check_summary.csv").read_text(encoding="utf-8") == CHECK_SUMMARY_CSV
    # an empty view still gets its header line
    header = ",".join(c.name for c in next(r for r in RELATIONS if r.name == "v_report_t3_totals").columns)
    assert (tmp_path / "v_report_t3_totals.csv").read_text(encoding="utf-8") == header + "\n"


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_cli_exports_every_table_and_view(handmade_db, tmp_path, fmt):
    out = tmp_path / fmt
    proc = subprocess.run([sys.executable, "-m", "etl.cli", "export", "--db", str(handmade_db), "--out", str(out),
                           "--format", fmt], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    files = sorted(p.name for p in out.iterdir())
    assert files == sorted([f"{r.name}.{fmt}" for r in RELATIONS + LABELLED] + ["datapackage.json"])
    package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    with duckdb.connect(str(handmade_db), read_only=True) as con:
        for rel in RELATIONS:
            # a CSV holds an array column (figures.bbox) as its text, `[x0, y0, x1, y1]`
            arrays = [c.name for c in rel.columns if c.type.endswith("]")] if fmt == "csv" else []
            replace = f" REPLACE ({', '.join(f'CAST({a} AS VARCHAR) AS {a}' for a in arrays)})" if arrays else ""
            expected = con.sql(f"SELECT *{replace} FROM {rel.name} ORDER BY ALL").pl()
            path = out / f"{rel.name}.{fmt}"
            got = pl.read_parquet(path) if fmt == "parquet" else pl.read_csv(path, schema=expected.schema)
            assert got.columns == rel.column_names
            assert got.equals(expected), rel.name
            assert f"{expected.height:>9} rows → " in proc.stdout
        resource = next(r for r in package["resources"] if r["name"] == "figures")
        assert resource["rows"] == con.sql("SELECT count(*) FROM figures").fetchall()[0][0] > 0
        assert [f["name"] for f in resource["schema"]["fields"]] == next(r for r in RELATIONS if r.name == "figures").column_names
    assert not list(out.glob(".*partial"))


def test_export_is_deterministic(handmade_db, tmp_path):
    export_database(handmade_db, tmp_path / "a", "csv")
    export_database(handmade_db, tmp_path / "b", "csv")
    for p in (tmp_path / "a").iterdir():
        assert p.read_bytes() == (tmp_path / "b" / p.name).read_bytes(), p.name


def test_labelled_exports_say_the_reasons_in_both_languages(handmade_db, tmp_path):
    export_database(handmade_db, tmp_path, "csv")
    checks = pl.read_csv(tmp_path / "checks_labelled.csv")
    row = checks.filter(pl.col("rule") == "prose.requests").row(0, named=True)
    # the hand-made check: prose.requests (a rule id without a label: shown as it is), not assessable, no metric
    assert row["detail_zh"] == "prose.requests：无法核对（单元格缺失、空白或无法读取）"
    assert row["detail_en"] == "prose.requests: not assessable (cells missing, blank or unreadable)"
    reports = pl.read_csv(tmp_path / "reports_labelled.csv", infer_schema_length=0)
    assert reports.columns[-2:] == ["error_zh", "error_en"]
    balance = checks.filter((pl.col("rule") == "t3.balance") & (pl.col("status") == "pass")).row(0, named=True)
    assert balance["detail_zh"].startswith("表三平衡（本年新收 + 上年结转 = 总计 + 结转下年）：") and "核对一致" in balance["detail_zh"]
