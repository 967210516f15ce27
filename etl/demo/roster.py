"""The demo's supervisor frame (issue 21): a roster for the organs of a generated corpus, with
organs that never publish, and a few near-copies of an organ's previous report, so that the
supervisor page has something to show (who is missing, who is late, who copied last year).

Late publication comes from the generator itself (quirks.py: late_publication). Everything is
derived from the corpus's ground truth and a seed, so the same corpus gets the same extras.

The generator's prose is the same phrase bank for every organ, so none of it is an organ's
own text and the text-reuse measure leaves all of it out. For the measure to have something to
show, a few plain-text reports get a paragraph of the organ's own work (no figures in it, so
the ground truth is unchanged): the near-copies repeat their source's paragraph, and a few
other organs write a new one every year."""
from __future__ import annotations

import csv
import json
import random
from pathlib import Path

from etl.demo.organs import all_organs

ROSTER_FILE = "roster.csv"
NEVER_PUBLISH = 6  # organs on the roster that have no report at all
NEAR_COPIES = 8  # reports written as a year-shifted copy of the same organ's previous report
NEAR_COPY_FORMATS = (".txt", ".md")  # plain text: shifting the years cannot break the markup


def _truths(corpus: Path) -> list[dict]:
    out = []
    for path in sorted((corpus / "truth").glob("*.json")):
        t = json.loads(path.read_text(encoding="utf-8"))
        if t.get("bureau_name") and t.get("year") and not t.get("archive"):
            out.append(t)
    return out


def _region(t: dict) -> str:
    return "".join(p for p in (t.get("province"), t.get("city"), t.get("county")) if p)


def shift_years(text: str, by: int = 1) -> str:
    """Every year 2000-2035 in the text moved by `by` (from the latest down, so none moves twice)."""
    for year in range(2035, 1999, -1):
        text = text.replace(str(year), str(year + by))
    return text


# an organ's own account of its year: clauses of an action and a subject, drawn with a seed (the
# pairs are many, so two organs rarely share one and the measure does not take them for wording
# everyone uses)
_ACTIONS = ("专题梳理", "集中清理", "全面规范", "逐项核查", "试点推行", "分批公开", "动态更新", "定期通报",
            "联合督导", "深入调研", "优化整合", "跟踪评估", "细化完善", "重点推进", "常态开展", "统筹部署")
_SUBJECTS = ("基层站所标准目录", "历史文件有效性标注", "办事大厅查阅终端", "政府开放日群众代表", "企业政策问答手册",
             "重大决策预公开意见", "答复文书合法性审查", "网站栏目季度巡检", "项目资金使用情况", "政务新媒体矩阵账号",
             "项目现场审批验收公示", "新任人员条例培训", "文件归档移交流程", "图解短视频政策解读", "群众切身利益事项清单",
             "政务公开月调度制度", "科室年度工作要点", "投诉较多栏目整改", "行政处罚决定公开期限", "公共企事业单位信息公开",
             "防汛抗旱预警调度信息", "公开属性认定复核", "规范化试点乡镇", "依申请办理台账")


def _own_paragraph(rng: random.Random) -> str:
    clauses = [rng.choice(_ACTIONS) + rng.choice(_SUBJECTS) for _ in range(10)]
    return "本年度，我们" + "，".join(clauses) + "，群众满意度进一步提升。"


def _with_paragraph(text: str, paragraph: str) -> str:
    """The paragraph inserted after the first paragraph of 一、总体情况 (at the end without one)."""
    at = text.find("一、总体情况")
    if at < 0:
        return text + "\n\n" + paragraph + "\n"
    end = text.find("\n\n", text.find("\n\n", at) + 2)
    end = len(text) if end < 0 else end
    return text[:end] + "\n\n" + paragraph + text[end:]


def write_own_work(corpus: Path, seed: int, n: int = 8) -> list[Path]:
    """A new paragraph of its own work in every plain-text report of `n` organs (other organs'
    reports are left as generated)."""
    rng = random.Random(seed * 7 + 23)
    by_organ: dict[str, list[dict]] = {}
    for t in _truths(corpus):
        if Path(t["file"]).suffix in NEAR_COPY_FORMATS:
            by_organ.setdefault(t["bureau_name"], []).append(t)
    writers = sorted(o for o, ts in by_organ.items() if len(ts) >= 2)
    changed = []
    for organ in rng.sample(writers, min(n, len(writers))):
        for t in by_organ[organ]:
            path = corpus / "reports" / t["file"]
            para = _own_paragraph(random.Random(f"{seed}|{organ}|{t['year']}"))
            path.write_text(_with_paragraph(path.read_text(encoding="utf-8"), para), encoding="utf-8")
            changed.append(path)
    return changed


def write_near_copies(corpus: Path, seed: int, n: int = NEAR_COPIES) -> list[Path]:
    """Copies of a text report for the next year (one its organ did not publish), years shifted."""
    rng = random.Random(seed * 7 + 21)
    truths = _truths(corpus)
    have = {(t["bureau_name"], t["year"]) for t in truths}
    candidates = [t for t in truths if Path(t["file"]).suffix in NEAR_COPY_FORMATS and t["year"] >= 2021
                  and t["year"] + 1 <= 2024 and (t["bureau_name"], t["year"] + 1) not in have
                  and t.get("expected_status") == "parsed"]
    written = []
    for t in rng.sample(candidates, min(n, len(candidates))):
        src = corpus / "reports" / t["file"]
        dst = src.with_name(f"near_copy_{t['bureau_name']}_{t['year'] + 1}{src.suffix}")
        text = src.read_text(encoding="utf-8")
        if "本年度，我们" not in text:  # the source gets the organ's own paragraph; the copy repeats it
            text = _with_paragraph(text, _own_paragraph(random.Random(f"{seed}|{t['bureau_name']}|{t['year']}")))
            src.write_text(text, encoding="utf-8")
        dst.write_text(shift_years(text), encoding="utf-8")
        written.append(dst)
    return written


def write_demo_roster(corpus: Path, seed: int, path: Path | None = None) -> Path:
    """roster.csv of every organ the corpus has reports of, plus organs that never publish. Some
    rows name the organ without its region (the region column says it), as rosters often do."""
    rng = random.Random(seed * 7 + 22)
    truths = _truths(corpus)
    organs: dict[str, dict] = {}
    for t in truths:
        o = organs.setdefault(t["bureau_name"], {"t": t, "years": set()})
        o["years"].add(t["year"])
    rows = []
    for name, o in sorted(organs.items()):
        t = o["t"]
        region = _region(t)
        short = name[len(region):] if name.startswith(region) and len(name) > len(region) + 1 else name
        rows.append({"organ": short if rng.random() < 0.25 else name, "region": region,
                     "level": t.get("admin_level") or "", "parent": "", "from_year": min(o["years"]), "to_year": ""})
    years = sorted({t["year"] for t in truths})
    pool = [o for o in all_organs(random.Random(seed)) if o.bureau_name not in organs]
    for o in rng.sample(pool, min(NEVER_PUBLISH, len(pool))):
        rows.append({"organ": o.bureau_name, "region": "".join(p for p in (o.province, o.city, o.county) if p),
                     "level": o.admin_level, "parent": "", "from_year": years[len(years) // 2] if years else "",
                     "to_year": ""})
    path = path or corpus / ROSTER_FILE
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=["organ", "region", "level", "parent", "from_year", "to_year"])
        w.writeheader()
        w.writerows(rows)
    return path


def ensure_supervisor_extras(corpus: Path, seed: int) -> Path:
    """The roster (and the near-copies, written with it) of a generated corpus, made once."""
    path = corpus / ROSTER_FILE
    if not path.exists():
        write_own_work(corpus, seed)
        write_near_copies(corpus, seed)
        path = write_demo_roster(corpus, seed)
    return path
