"""A small but complete warehouse for the dashboard tests, built through the project's own
loader (etl.load.warehouse.build_database) from hand-made FileResults.

Every value is a closed formula of (bureau, year) written below, so a test can compute what a
page must show without reading the database. What it covers: two peer groups (city commerce
bureaus; county governments), three provinces, years 2016-2024 across the three templates, a
missing year, a late report, a partial report, a failed (quarantined) file, a failed check, a
duplicate version, blank and not-applicable cells, a zero denominator, and report text that
looks like HTML.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from etl.load.warehouse import RunInfo, build_database
from etl.metadata.deadlines import deadline_for
from etl.model import FileResult
from etl.pipeline import base_report, report_id_for


@dataclass(frozen=True)
class Organ:
    name: str
    province: str
    city: str | None
    county: str | None
    admin_level: str
    bureau_type: str
    organ_kind: str
    size: int  # scales every count, so organs differ


ORGANS = (
    Organ("淮北市商务局", "安徽省", "淮北市", None, "department", "商务", "department", 10),
    Organ("合肥市商务局", "安徽省", "合肥市", None, "department", "商务", "department", 30),
    Organ("南京市商务局", "江苏省", "南京市", None, "department", "商务", "department", 40),
    Organ("淮安市洪泽区人民政府", "江苏省", "淮安市", "洪泽区", "county", "人民政府", "government", 20),
    Organ("濉溪县人民政府", "安徽省", "淮北市", "濉溪县", "county", "人民政府", "government", 15),
    Organ("杭州市西湖区人民政府", "浙江省", "杭州市", "西湖区", "county", "人民政府", "government", 25),
)
YEARS = range(2016, 2025)
MISSING = {("合肥市商务局", 2018)}  # no report at all
LATE = {("南京市商务局", 2022)}  # published after the deadline
PARTIAL = {("濉溪县人民政府", 2020)}  # 表四 not found
FAILED_CHECK = {("淮北市商务局", 2021)}  # 表三 予以公开 总计 printed 5 too high: outcomes do not sum to （七）总计
DUPLICATE = ("杭州市西湖区人民政府", 2023)  # a second, poorer file for the same organ-year
ZERO_DENOMINATOR = {("南京市商务局", 2023)}  # no policy documents issued: ratio must be NULL
HTML_EVIDENCE = "<script>alert('xss')</script><b>主动公开</b>"
DIMS = ("natural_person", "commercial", "research", "social_org", "legal_service", "other_org")


def template_for(year: int) -> str:
    return "pre2019" if year < 2019 else ("t2019" if year < 2021 else "t2021")


def t3_values(o: Organ, year: int) -> dict[str, dict[str, float]]:
    """表三 per dimension; balanced: received_new + carried_over = total_processed + carried_forward."""
    k = year - 2018
    out: dict[str, dict[str, float]] = {}
    for i, dim in enumerate(DIMS):
        w = (3, 2, 1, 1, 0, 1)[i]
        granted = float(o.size * w + k)
        partial = float(w)
        denied_secret = float(1 if w else 0)
        not_held = float(w)
        other = float(1 if w >= 2 else 0)
        total = granted + partial + denied_secret + not_held + other
        # the same every year, so last year's 结转下年度 equals this year's 上年结转 (cross-year check)
        carried_over = carried_forward = float(1 if w else 0)
        out[dim] = {"t3.granted": granted, "t3.partially_granted": partial, "t3.denied.state_secret": denied_secret,
                    "t3.unavailable.not_held": not_held, "t3.other": other, "t3.total_processed": total,
                    "t3.carried_over": carried_over, "t3.carried_forward": carried_forward,
                    "t3.received_new": total + carried_forward - carried_over}
    out["total"] = {m: sum(out[d][m] for d in DIMS) for m in out[DIMS[0]]}
    return out


def plain_values(o: Organ, year: int) -> dict[str, float | None]:
    """Metrics without dimension (None = a blank cell)."""
    k = year - 2015
    tpl = template_for(year)
    v: dict[str, float | None] = {
        "text.proactive.total": float(o.size * 10 + k * 5),
        "text.interpretations": float(o.size // 5 + k),
    }
    if tpl == "pre2019":
        v.update({"text.policy_documents": float(o.size // 2 + k), "text.requests.received": float(o.size + k),
                  "text.review.total": float(k % 3)})
    elif tpl == "t2019":
        v.update({"t2.regulations.new_made": 0.0, "t2.normative_docs.new_made": float(o.size // 10 + k),
                  "t2.licensing.decisions": float(o.size * 7 + k), "t2.punishment.decisions": float(o.size + k)})
    else:
        issued = 0.0 if (o.name, year) in ZERO_DENOMINATOR else float(o.size // 10 + k)
        v.update({"t2.regulations.issued": 0.0, "t2.normative_docs.issued": issued,
                  "t2.normative_docs.repealed": float(k % 2), "t2.normative_docs.in_force": float(o.size + 3 * k),
                  "t2.licensing.decisions": float(o.size * 7 + k), "t2.punishment.decisions": float(o.size + k),
                  "t2.coercion.decisions": None,  # blank cell
                  "t2.admin_fees.amount_wan_yuan": None})  # not applicable (/)
    if tpl != "pre2019" and (o.name, year) not in PARTIAL:
        v.update({"t4.review.upheld": float(k % 3), "t4.review.corrected": float(1 if k % 2 else 0),
                  "t4.review.other": 0.0, "t4.review.pending": 0.0,
                  "t4.litigation_direct.total": float(k % 2), "t4.litigation_after_review.total": 0.0})
        v["t4.review.total"] = v["t4.review.upheld"] + v["t4.review.corrected"]
    return v


CATEGORIES = ("政策法规", "规划计划", "人事信息", "<i>其他</i>")  # the last: report text that looks like HTML


def category_values(o: Organ, year: int) -> dict[str, float]:
    return {c: float(o.size * (i + 1) + year - 2015) for i, c in enumerate(CATEGORIES)}


def organ_years() -> list[tuple[Organ, int]]:
    return [(o, y) for o in ORGANS for y in YEARS if (o.name, y) not in MISSING]


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _report(o: Organ, year: int, variant: str = "") -> FileResult:
    path = f"corpus/{o.province}/{o.name}_{year}{variant}.html"
    sha = _sha(path)
    rep = base_report(path, path.encode("utf-8"), sha)
    tpl = template_for(year)
    deadline = deadline_for(year, o.organ_kind)
    published = date(year + 1, 4, 20) if (o.name, year) in LATE else date(year + 1, 1, 15)
    rep.update(status="parsed", template=tpl, year=year, title=f"{o.name}{year}年政府信息公开工作年度报告",
               bureau_name=o.name, bureau_type=o.bureau_type, organ_kind=o.organ_kind, province=o.province,
               city=o.city, county=o.county, admin_level=o.admin_level, is_aggregate=False,
               published_on=published, deadline_on=deadline, published_late=published > deadline,
               extract_seconds=0.01, ingested_at=datetime(2026, 1, 1))
    rid = report_id_for(sha)
    figures: list[dict] = []

    def fig(metric, value, dimension=None, kind=None, source="table", evidence=None):
        unit = "wan_yuan" if metric.endswith("wan_yuan") else "count"
        figures.append({"report_id": rid, "metric": metric, "dimension": dimension, "value": value,
                        "value_kind": kind or ("number" if value is not None else "blank"),
                        "raw_text": None if value is None else f"{value:g}", "source_kind": source, "unit": unit,
                        "page": None, "evidence": evidence or f"{metric} {dimension or ''} {value}"})

    for metric, value in plain_values(o, year).items():
        kind = "not_applicable" if metric == "t2.admin_fees.amount_wan_yuan" else None
        fig(metric, value, kind=kind, source="text" if metric.startswith("text.") else "table",
            evidence=HTML_EVIDENCE if metric == "text.proactive.total" else None)
    for cat, value in category_values(o, year).items():
        fig("text.proactive.by_category", value, dimension=cat, source="text")
    checks: list[dict] = []
    if tpl != "pre2019":
        t3 = t3_values(o, year)
        for dim, metrics in t3.items():
            for metric, value in metrics.items():
                if (o.name, year) in FAILED_CHECK and metric == "t3.granted" and dim == "total":
                    value += 5  # printed wrong: the outcomes now sum to 5 more than （七）总计
                fig(metric, value, dimension=dim)
        found = t3["total"]["t3.total_processed"]
        expected = found + (5 if (o.name, year) in FAILED_CHECK else 0)
        checks.append({"report_id": rid, "rule": "t3.outcomes_sum", "status": "fail" if found != expected else "pass",
                       "detail": f"（七）总计 总计: the outcome rows sum to {expected:g}, the cell prints {found:g}",
                       "metric": "t3.total_processed", "dimension": "total", "expected": expected, "found": found})
    if variant:  # the poorer duplicate: only the text figures
        figures = [f for f in figures if f["source_kind"] == "text"]
        checks = []
    if (o.name, year) in PARTIAL:
        rep.update(status="partial", error="表四 not found")
    rep["figure_count"] = len(figures)
    return FileResult(rep, figures, checks)


def failed_file() -> FileResult:
    path = "corpus/broken/扫描件.pdf"
    rep = base_report(path, b"%PDF-broken", _sha(path))
    rep.update(error="no text layer (scanned PDF)", file_format="pdf", ingested_at=datetime(2026, 1, 1))
    return FileResult(rep)


def results() -> list[FileResult]:
    out = [_report(o, y) for o, y in organ_years()]
    dup_organ = next(o for o in ORGANS if o.name == DUPLICATE[0])
    out.append(_report(dup_organ, DUPLICATE[1], variant="_copy"))
    out.append(failed_file())
    return out


def build(db_path: Path) -> Path:
    res = results()
    sources = [{"source_path": r.report["source_path"], "sha256": r.report["sha256"],
                "report_id": r.report["report_id"], "file_size_bytes": r.report["file_size_bytes"],
                "duplicate_of_path": None} for r in res]
    run = RunInfo("fixture", datetime(2026, 1, 1), "local", 1, "fixture", len(res), len(res), 0)
    build_database(Path(db_path), res, sources, run)
    return Path(db_path)
