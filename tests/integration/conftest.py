"""Databases for the integration tests, built once per session with the project's own code.

- `handmade_results()` / `handmade_db`: reports and figures written out by hand below and loaded
  with the real warehouse builder (`build_database`), so the API and export tests know every
  number without depending on the extractors, which are still being written.
- `report_files`: small report files in the 2021 template and in pre-2019 prose, written by the
  test (formats from shared/spec/formats.md), plus the shared corpus's real text reports.
- `generated_corpus`: 24 reports of every era and format from the demo generator (etl/demo).
- `research_db`: the written, real and generated files run through the real discovery and
  extraction (`discover`, `extract_source`) together with the handmade rows, in one database:
  what the notebooks run against.
"""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from etl.engines.limits import Limits
from etl.engines.local import extract_source
from etl.engines.sources import discover
from etl.load.warehouse import RunInfo, build_database
from etl.model import FileResult
from etl.pipeline import base_report, sha256_hex

REPORT_2021 = """\
淮安市洪泽区人民政府2023年政府信息公开工作年度报告
一、总体情况
2023年，洪泽区人民政府全面贯彻《中华人民共和国政府信息公开条例》，共发布政策解读12篇。
二、主动公开政府信息情况
第二十条第（一）项
信息内容 本年制发件数 本年废止件数 现行有效件数
规章 0 0 0
行政规范性文件 4 1 20
三、收到和处理政府信息公开申请情况
（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） 自然人 商业企业 科研机构 社会公益组织 法律服务机构 其他 总计
一、本年新收政府信息公开申请数量 90 5 0 0 0 0 95
二、上年结转政府信息公开申请数量 5 0 0 0 0 0 5
四、政府信息公开行政复议、行政诉讼情况
结果维持 结果纠正 其他结果 尚未审结 总计 结果维持 结果纠正 其他结果 尚未审结 总计 结果维持 结果纠正 其他结果 尚未审结 总计
0 0 0 0 0 0 0 0 0 0 0 0 0 0 0
"""

REPORT_PRE2019 = """\
淮北市商务局2017年政府信息公开工作年度报告
根据《中华人民共和国政府信息公开条例》要求，现公布2017年度政府信息公开工作年度报告。
一、主动公开政府信息情况
2017年，我局主动公开政府信息600多条。
二、依申请公开政府信息情况
2017年，我局共受理政府信息公开申请15件，均已按时答复。
三、政府信息公开的收费及减免情况
2017年未收取任何费用。
四、因政府信息公开申请行政复议、提起行政诉讼的情况
2017年无因政府信息公开申请行政复议、提起行政诉讼的情况。
"""


def _fig(metric, value, *, dimension=None, kind="number", source="table", raw=None, unit="count", evidence=None):
    return {"metric": metric, "dimension": dimension, "value": value, "value_kind": kind,
            "raw_text": raw if raw is not None else (None if value is None else f"{value:g}"),
            "source_kind": source, "unit": unit, "page": None, "evidence": evidence or f"{metric} {raw or value}"}


def _result(path: str, meta: dict, figures: list[dict], checks: list[dict], status="parsed", error=None) -> FileResult:
    data = f"handmade {path}".encode()
    rep = base_report(path, data, sha256_hex(data))
    rep.update(meta, status=status, error=error, figure_count=len(figures),
               ingested_at=datetime(2026, 1, 1, 12, 0, 0), extract_seconds=0.01)
    rid = rep["report_id"]
    return FileResult(rep, [dict(f, report_id=rid) for f in figures], [dict(c, report_id=rid) for c in checks])


HONGZE = {"bureau_name": "淮安市洪泽区人民政府", "province": "江苏省", "city": "淮安市", "county": "洪泽区",
          "admin_level": "county", "bureau_type": "人民政府", "organ_kind": "government", "template": "t2021"}
HUAIBEI = {"bureau_name": "淮北市商务局", "province": "安徽省", "city": "淮北市", "admin_level": "department",
           "bureau_type": "商务", "organ_kind": "department", "template": "pre2019"}


def handmade_results() -> list[FileResult]:
    """Four reports: 洪泽区 2023 and 2024 (t2021), a superseded partial copy of 2024, 淮北市商务局 2017."""
    balance_ok = {"rule": "t3.balance", "status": "pass", "detail": "一+二 = 三+四 (100 = 100)", "metric": "t3.total_processed",
                  "dimension": "total", "expected": 100.0, "found": 100.0}
    return [
        _result("handmade/hongze_2023.txt", dict(HONGZE, year=2023), [
            _fig("t2.regulations.issued", None, kind="not_applicable", raw="/"),
            _fig("t2.normative_docs.issued", 4.0),
            _fig("t3.received_new", 90.0, dimension="natural_person"),
            _fig("t3.received_new", 5.0, dimension="commercial"),
            _fig("t3.received_new", 95.0, dimension="total"),
            _fig("t3.carried_over", 5.0, dimension="total"),
            _fig("t3.granted", 60.0, dimension="total"),
            _fig("t3.partially_granted", 10.0, dimension="total"),
            _fig("t3.total_processed", 100.0, dimension="total"),
            _fig("t3.carried_forward", 0.0, dimension="total"),
            _fig("t4.review.total", None, kind="blank", raw=""),
            _fig("text.interpretations", 12.0, source="text", evidence="共发布政策解读12篇"),
        ], [balance_ok]),
        _result("handmade/hongze_2024.txt", dict(HONGZE, year=2024), [
            _fig("t2.normative_docs.issued", 2.0),
            _fig("t3.received_new", 120.0, dimension="total"),
            _fig("t3.carried_over", 0.0, dimension="total"),
            _fig("t3.granted", 80.0, dimension="total"),
            _fig("t3.partially_granted", 20.0, dimension="total"),
            _fig("t3.total_processed", 118.0, dimension="total"),
            _fig("t3.carried_forward", 0.0, dimension="total"),
            _fig("t4.review.total", 3.0),
            _fig("t4.litigation_direct.total", 1.0),
            _fig("t4.litigation_after_review.total", 1.0),
        ], [{"rule": "t3.balance", "status": "fail", "detail": "一+二 (120) ≠ 三+四 (118)", "metric": "t3.total_processed",
             "dimension": "total", "expected": 120.0, "found": 118.0}]),
        _result("handmade/hongze_2024_copy.txt", dict(HONGZE, year=2024), [
            _fig("t3.received_new", 999.0, dimension="total"),
        ], [], status="partial", error="表三 incomplete"),
        _result("handmade/huaibei_2017.txt", dict(HUAIBEI, year=2017), [
            _fig("text.proactive.total", 600.0, kind="approximate", source="text", raw="600多条",
                 evidence="我局主动公开政府信息600多条, 其中"),
            _fig("text.requests.received", 15.0, source="text", raw="15件"),
        ], [{"rule": "prose.requests", "status": "not_assessable", "detail": "no table to compare with", "metric": None,
             "dimension": None, "expected": None, "found": None}]),
    ]


def _run(n: int) -> RunInfo:
    return RunInfo("testrun00001", datetime(2026, 1, 1, 12, 0, 0), "local", 1, "test", n, n, 0)


def _source_rows(results: list[FileResult]) -> list[dict]:
    return [{"source_path": r.report["source_path"], "sha256": r.report["sha256"], "report_id": r.report["report_id"],
             "file_size_bytes": r.report["file_size_bytes"], "duplicate_of_path": None} for r in results]


def build(db: Path, results: list[FileResult]) -> Path:
    build_database(db, results, _source_rows(results), _run(len(results)))
    return db


@pytest.fixture(scope="session")
def db_builder():
    """(build, result, fig): write a database from FileResults made in a test."""
    return build, _result, _fig


@pytest.fixture(scope="session")
def handmade_db(tmp_path_factory) -> Path:
    return build(tmp_path_factory.mktemp("handmade") / "handmade.duckdb", handmade_results())


@pytest.fixture(scope="session")
def tiny_db(tmp_path_factory) -> Path:
    """One report only: 淮北市商务局 2017 from handmade_results (for exact-output tests)."""
    (huaibei,) = [r for r in handmade_results() if r.report["source_path"] == "handmade/huaibei_2017.txt"]
    return build(tmp_path_factory.mktemp("tiny") / "tiny.duckdb", [huaibei])


@pytest.fixture(scope="session")
def report_files(tmp_path_factory, shared_corpus) -> list[Path]:
    """Reports written here plus the shared corpus's real text, Markdown and HTML reports."""
    folder = tmp_path_factory.mktemp("reports")
    (folder / "hongze_2023_t2021.txt").write_text(REPORT_2021, encoding="utf-8")
    (folder / "huaibei_2017_pre2019.txt").write_text(REPORT_PRE2019, encoding="utf-8")
    real = sorted(p for p in shared_corpus.glob("[0-9]*") if p.suffix in (".txt", ".md", ".html"))
    assert len(real) >= 10, "the shared corpus lost its text reports"
    return sorted(folder.iterdir()) + real


@pytest.fixture(scope="session")
def generated_corpus(tmp_path_factory) -> Path:
    from etl.demo.generator import write_corpus

    out = tmp_path_factory.mktemp("generated")
    write_corpus(out, 24, seed=3)
    return out / "reports"


@pytest.fixture(scope="session")
def research_db(tmp_path_factory, report_files, generated_corpus) -> Path:
    found = discover([str(p) for p in report_files] + [str(generated_corpus)])
    extracted = [extract_source(s, sha256_hex(s.read_bytes()), Limits()) for s in found.sources]
    assert sum(len(r.figures) for r in extracted) > 100, "extraction found (almost) nothing in the test corpus"
    return build(tmp_path_factory.mktemp("research") / "research.duckdb", extracted + handmade_results())
