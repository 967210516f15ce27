"""Run-together rows resolved at load by the same organ's adjacent report (issue 20), through
`xxgk ingest`: two years of one organ written by hand, then the earlier year edited.

2023 表三 二、上年结转 is printed `1210000 13`: 12|1|0|0|0|0 and 1|2|10|0|0|0 both sum to 13,
and 一、本年新收 cannot be read (six numbers for seven columns), so the report alone leaves it
unassignable. 2022 四、结转下年度 says which one it is. 2023 表二 行政规范性文件 is printed
`3120`: 3|1|20, 3|12|0 and 31|2|0; with 2022's 现行有效件数 18 only 3|1|20 gives
18 + 3 − 1 = 20."""
from __future__ import annotations

from pathlib import Path

import duckdb

from etl.ingest import ingest

import sys

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "unit" / "extract"))
from tables_helpers import DIMS, T2_2021, T3_2021_ROWS, T4_TEXT, t3_text  # noqa: E402

ORGAN = "宿迁市宿城区交通运输局"
ROW_2 = "二、上年结转政府信息公开申请数量"
ROW_4 = "四、结转下年度继续办理"
ROW_1 = "一、本年新收政府信息公开申请数量"


def _report(year: int, t2: str, rows: dict[str, str]) -> str:
    t3 = t3_text(T3_2021_ROWS)
    for label, printed in rows.items():
        old = next(f"{label} {' '.join(map(str, v))}" for lab, v in T3_2021_ROWS if lab == label)
        t3 = t3.replace(old, f"{label} {printed}")
    return (f"{ORGAN}\n{year}年政府信息公开工作年度报告\n"
            f"本报告由{ORGAN}根据《中华人民共和国政府信息公开条例》要求编制。报告中所列数据统计期限自{year}年1月1日"
            f"起至{year}年12月31日止。\n一、总体情况\n{year}年，{ORGAN}认真贯彻落实《条例》。\n"
            f"{t2}{t3}{T4_TEXT}")


def _t2(normative: str) -> str:
    return T2_2021.replace("行政规范性文件 3 1 12", f"行政规范性文件 {normative}")


def _write_2022(folder: Path, forward: str, in_force: str = "2 0 18") -> None:
    (folder / "2022.txt").write_text(_report(2022, _t2(in_force), {ROW_4: forward}), encoding="utf-8")


def _write_2023(folder: Path) -> None:
    (folder / "2023.txt").write_text(
        _report(2023, _t2("3120"), {ROW_2: "1210000 13", ROW_1: "21 2 0 0 1 25"}), encoding="utf-8")


def _q(db: Path, sql: str, params=()):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


def _row(db: Path, year: int, metric: str):
    got = dict((d, (v, vk, sk)) for d, v, vk, sk in _q(
        db, "SELECT f.dimension, f.value, f.value_kind, f.source_kind FROM figures f JOIN reports r USING (report_id) "
            "WHERE r.year = ? AND f.metric = ?", [year, metric]))
    return [got[d] for d in DIMS]


def _cells(db: Path, year: int, metrics: list[str]):
    got = dict((m, (v, vk, sk)) for m, v, vk, sk in _q(
        db, "SELECT f.metric, f.value, f.value_kind, f.source_kind FROM figures f JOIN reports r USING (report_id) "
            "WHERE r.year = ?", [year]))
    return [got[m] for m in metrics]


NORMATIVE = ["t2.normative_docs.issued", "t2.normative_docs.repealed", "t2.normative_docs.in_force"]


def test_split_forced_by_the_previous_year_then_re_derived_and_withdrawn(tmp_path):
    src, db = tmp_path / "in", tmp_path / "x.duckdb"
    src.mkdir()
    _write_2023(src)
    ingest([str(src)], db)
    # alone, 2023 keeps both rows unassignable, their candidates in its checks
    assert _row(db, 2023, "t3.carried_over") == [(None, "unassignable", "table")] * 7
    assert _cells(db, 2023, NORMATIVE) == [(None, "unassignable", "table")] * 3
    kept = _q(db, "SELECT rule, status, detail FROM checks WHERE rule LIKE '%split_candidates' ORDER BY rule")
    assert [(r, s) for r, s, _ in kept] == [("t2.split_candidates", "not_assessable"),
                                             ("t3.split_candidates", "not_assessable")]
    assert "3 1 20 / 3 12 0 / 31 2 0" in kept[0][2] and "1 2 10 0 0 0 13 / 12 1 0 0 0 0 13" in kept[1][2]

    _write_2022(src, "12 1 0 0 0 0 13")
    ingest([str(src)], db)
    assert _row(db, 2023, "t3.carried_over") == [(v, "number", "derived") for v in (12, 1, 0, 0, 0, 0, 13)]
    assert _cells(db, 2023, NORMATIVE) == [(v, "number", "derived") for v in (3, 1, 20)]
    rid_2022 = _q(db, "SELECT report_id FROM reports WHERE year = 2022")[0][0]
    warns = _q(db, "SELECT c.rule, c.status, c.detail FROM checks c JOIN reports r USING (report_id) "
                   "WHERE r.year = 2023 AND c.rule LIKE '%cross_report_split' ORDER BY c.rule")
    assert [(r, s) for r, s, _ in warns] == [("t2.cross_report_split", "warn"), ("t3.cross_report_split", "warn")]
    assert all(rid_2022 in d for _, _, d in warns)  # the report that forced the split is named
    # the report's error keeps the row of 一 (still unreadable), no longer the resolved rows
    status, error = _q(db, "SELECT status, error FROM reports WHERE year = 2023")[0]
    assert status == "partial" and ROW_1 in error and ROW_2 not in error and "行政规范性文件" not in error
    # the cross-year check now reads the derived cells and passes
    assert {s for (s,) in _q(db, "SELECT status FROM checks WHERE rule = 'cross_year.carry_over'")} == {"pass"}

    # an idempotent rerun: the same cells, the same checks
    before = _q(db, "SELECT * FROM figures ORDER BY ALL"), _q(db, "SELECT * FROM checks ORDER BY ALL")
    ingest([str(src)], db)
    assert (_q(db, "SELECT * FROM figures ORDER BY ALL"), _q(db, "SELECT * FROM checks ORDER BY ALL")) == before

    # the earlier year edited: the other candidate is now the one forced
    _write_2022(src, "1 2 10 0 0 0 13")
    ingest([str(src)], db)
    assert _row(db, 2023, "t3.carried_over") == [(v, "number", "derived") for v in (1, 2, 10, 0, 0, 0, 13)]

    # edited again so that no candidate of either row fits: both withdrawn
    _write_2022(src, "5 0 0 0 0 0 5", in_force="2 0 10")
    ingest([str(src)], db)
    assert _row(db, 2023, "t3.carried_over") == [(None, "unassignable", "table")] * 7
    assert _cells(db, 2023, NORMATIVE) == [(None, "unassignable", "table")] * 3
    assert _q(db, "SELECT count(*) FROM checks WHERE rule LIKE '%cross_report_split'") == [(0,)]
    status, error = _q(db, "SELECT status, error FROM reports WHERE year = 2023")[0]
    assert status == "partial" and ROW_1 in error and ROW_2 in error and "行政规范性文件" in error
    # the printed row is the evidence again
    assert _q(db, "SELECT DISTINCT evidence FROM figures f JOIN reports r USING (report_id) WHERE r.year = 2023 "
                  "AND metric = 't3.carried_over'")[0][0].startswith(ROW_2)
