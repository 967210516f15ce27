"""`xxgk demo-corpus`: N generated reports of every era and format, each with its ground truth.

Layout of the output folder:
  reports/   the report files (.txt .md .html .pdf .docx, and .zip bundles of 2-4 reports)
  truth/     one JSON per report (the format of shared/corpus/truth/*.json, plus demo fields)
  corpus.json  generator version, seed, counts, quirk rates
Ingest `reports/`. Everything is DEMO DATA (real place names, generated figures) and is
deterministic for a seed: the same (n, seed) writes byte-identical files.
"""
from __future__ import annotations

import io
import json
import random
import zipfile
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from etl.demo import DEMO_LABEL, GENERATOR_VERSION
from etl.demo.content import compose, title_of
from etl.demo.numbers import YearFigures, organ_years, template_for
from etl.demo.organs import NAMED_SINCE, Organ, all_organs
from etl.demo.quirks import (COVERAGE_MIN_REPORTS, PLANTED_RULES, QUIRK_RATES, STRUCTURED_FORMATS, TRADITIONAL_FORMATS,
                             TRADITIONAL_RATE, ReportQuirks, plant_failure)
from etl.metadata.deadlines import deadline_for

FORMAT_WEIGHTS = {"txt": 25, "html": 30, "md": 10, "pdf": 20, "docx": 15}
FIRST_YEAR, LAST_YEAR = 2008, 2024
_ZIP_DATE = (2025, 1, 1, 0, 0, 0)
COVERAGE_SPANS = ((2012, 2025), (2014, 2023), (2017, 2022))  # [start, stop) years of the first series


@dataclass
class PlannedReport:
    index: int
    organ: Organ
    fig: YearFigures
    fmt: str
    quirks: ReportQuirks = field(default_factory=ReportQuirks)
    scanned: bool = False
    bundle: int | None = None  # index of the zip bundle holding it
    # (issue 20) last year's 行政规範性文件 stock, when this report prints that row run together
    previous_in_force: int | None = None

    @property
    def file_name(self) -> str:
        return f"{self.index:05d}_{self.organ.bureau_name}_{self.fig.year}.{self.fmt}"


# ------------------------------------------------------------------ planning

def _full_years(organ: Organ) -> list[int]:
    return list(range(max(FIRST_YEAR, NAMED_SINCE.get(organ.county or "", FIRST_YEAR)), LAST_YEAR + 1))


_LEVEL_WEIGHT = {"province": 8.0, "city": 4.0, "county": 1.0, "township": 2.0}


def _pick_weight(organ: Organ) -> float:
    kind = {"government": 3.0, "general_office": 1.5}.get(organ.bureau_type.key, 1.0)
    return _LEVEL_WEIGHT[organ.region_level] * kind


def _timelines(rng: random.Random, organs: list[Organ], n: int) -> list[tuple[Organ, list[int]]]:
    """Organs with the consecutive years they publish (a few with one year missing) until n reports.
    Up to half the world's capacity, series have random lengths; beyond, every series is complete."""
    capacity = sum(len(_full_years(o)) for o in organs)
    if n > capacity:
        raise ValueError(f"the demo world holds at most {capacity} reports; asked for {n}")
    dense = n > capacity // 2
    mean_len = min(15.0, max(6.0, 1.4 * n / len(organs)))
    # a weighted random order (Efraimidis-Spirakis keys): governments and higher levels come up more
    # often than their number alone would make them, so that a few hundred reports show every level
    order = sorted(organs, key=lambda o: -rng.random() ** (1.0 / _pick_weight(o)))
    # a small corpus starts with long series, so that it holds at least 5 reports of every era
    forced = list(COVERAGE_SPANS) if n >= COVERAGE_MIN_REPORTS else []
    out, total, left = [], 0, capacity
    for organ in order:
        if total >= n:
            break
        full = _full_years(organ)
        left -= len(full)
        if forced and organ.county not in NAMED_SINCE:
            years = list(range(*forced.pop(0)))
        elif dense:
            years = full
        else:
            length = max(3, min(len(full), int(rng.gauss(mean_len, 2))))
            end = rng.choice((2022, 2023, 2024, 2024, 2024))
            years = [y for y in range(end - length + 1, end + 1) if y in full] or full[-3:]
        spare = left + total + len(years) - n  # reports we can still afford to leave out
        if len(years) >= 5 and spare > 0 and rng.random() < 0.15:  # a missing year inside the series
            years.pop(rng.randint(1, len(years) - 2))
        out.append((organ, years))
        total += len(years)
    return out


def _eligible(name: str, r: PlannedReport) -> bool:
    t, fmt = r.fig.template, r.fmt
    if r.scanned:
        return False
    if name in PLANTED_RULES or name in ("stray_spaces", "broken_headers"):
        return t != "pre2019"
    if name == "blank_zero_cells":
        return t != "pre2019" and fmt in STRUCTURED_FORMATS
    if name == "page_numbers_in_table":
        return t != "pre2019" and fmt == "txt"
    if name == "title_split":
        return fmt in ("txt", "pdf", "docx")
    if name == "local_category_table":
        return t == "pre2019"
    if name == "approximate_proactive":
        return r.fig.proactive_total >= 30
    if name == "slash_not_applicable":
        return t != "pre2019" and any(v is None for v in r.fig.t2.values())
    return True


def _can_plant(rule: str, r: PlannedReport, by_key: dict) -> bool:
    """One planted failure per report, never in a table whose zeros are left blank (whether a blank
    counts as 0 is the validator's documented judgement, so the expected outcome would be moot)."""
    if r.quirks.planted or "blank_zero_cells" in r.quirks or not _eligible(rule, r):
        return False
    if rule == "cross_year.carry_over":
        prev = by_key.get((r.organ.bureau_name, r.fig.year - 1))
        return (prev is not None and prev.fig.template != "pre2019" and not prev.scanned
                and "blank_zero_cells" not in prev.quirks)
    return True


def _can_blank(r: PlannedReport, by_key: dict) -> bool:
    """Blank zeros only where no planted failure depends on the cells (this year's or next year's)."""
    after = by_key.get((r.organ.bureau_name, r.fig.year + 1))
    return not r.quirks.planted and not (after and "cross_year.carry_over" in after.quirks)


def plan_corpus(n: int, seed: int) -> list[PlannedReport]:
    """Which organ-years, in which format, with which quirks: everything but the rendering."""
    rng = random.Random(seed)
    organs = all_organs(random.Random(seed + 1))
    plan: list[PlannedReport] = []
    timelines = _timelines(rng, organs, n)
    for organ, years in timelines:
        figs = organ_years(random.Random(rng.getrandbits(64)), organ, years)
        for fig in figs:
            if len(plan) >= n:
                break
            fmt = rng.choices(list(FORMAT_WEIGHTS), weights=list(FORMAT_WEIGHTS.values()))[0]
            plan.append(PlannedReport(len(plan), organ, fig, fmt))
    by_key = {(r.organ.bureau_name, r.fig.year): r for r in plan}
    # whole-file quirks first: they exclude the others
    for r in plan:
        if rng.random() < QUIRK_RATES["scanned_pdf"]:
            r.scanned, r.fmt = True, "pdf"
    coverage = n >= COVERAGE_MIN_REPORTS
    if coverage and not any(r.scanned for r in plan):
        r = rng.choice([r for r in plan if r.fig.template == "pre2019"] or plan)
        r.scanned, r.fmt = True, "pdf"
    if coverage:  # every era in every format at least once
        for template in ("pre2019", "t2019", "t2021"):
            for fmt in FORMAT_WEIGHTS:
                if not any(r.fig.template == template and r.fmt == fmt and not r.scanned for r in plan):
                    pool = [r for r in plan if r.fig.template == template and not r.scanned
                            and sum(x.fig.template == template and x.fmt == r.fmt for x in plan) > 1]
                    if pool:
                        rng.choice(pool).fmt = fmt
    # cell, prose and planted quirks
    names = [q for q in QUIRK_RATES if q not in ("scanned_pdf", "zip_bundle")]
    for r in plan:
        for name in names:
            if rng.random() < QUIRK_RATES[name] and _eligible(name, r):
                if name == "blank_zero_cells" and not _can_blank(r, by_key):
                    continue
                if name in PLANTED_RULES:
                    if _can_plant(name, r, by_key) and plant_failure(name, r.fig, rng):
                        r.quirks.names.add(name)
                else:
                    r.quirks.names.add(name)
    if coverage:
        for name in names:
            if any(name in r.quirks for r in plan):
                continue
            pool = [r for r in plan if _eligible(name, r)]
            rng.shuffle(pool)
            for r in pool:
                if name == "blank_zero_cells" and not _can_blank(r, by_key):
                    continue
                if name in PLANTED_RULES:
                    if _can_plant(name, r, by_key) and plant_failure(name, r.fig, rng):
                        r.quirks.names.add(name)
                        break
                else:
                    r.quirks.names.add(name)
                    break
    # zip bundles: runs of 2-4 reports
    bundle = 0
    i = 0
    marked = [r for r in plan if rng.random() < QUIRK_RATES["zip_bundle"]]
    if coverage and len(marked) < 2:
        marked = rng.sample(plan, 3)
    marked.sort(key=lambda r: r.index)
    while i < len(marked):
        size = rng.randint(2, 4)
        for r in marked[i:i + size]:
            r.bundle = bundle
        bundle += 1
        i += size
    from etl.demo.variants import previous_year_splits  # (issue 20; an rng of its own)
    previous_year_splits(plan)
    return plan


# ------------------------------------------------------------------ rendering

def _fixed_zip(members: list[tuple[str, bytes]]) -> bytes:
    """A zip with fixed timestamps, so that the same content gives the same bytes."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members:
            zf.writestr(zipfile.ZipInfo(name, date_time=_ZIP_DATE), data, compress_type=zipfile.ZIP_DEFLATED)
    return buf.getvalue()


def _renormalise_zip(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return _fixed_zip([(info.filename, zf.read(info)) for info in zf.infolist()])


def render_report(r: PlannedReport, seed: int, pdf_rules: str = "grid") -> tuple[bytes, dict]:
    """The file bytes and the ground truth of one planned report. `pdf_rules`: how a PDF's
    tables are ruled (etl.demo.render_pdf.TABLE_RULES; lineless scans, issue 18)."""
    rng = random.Random(f"{seed}:{r.index}")
    title = title_of(r.organ, r.fig.year)
    truth = _truth_base(r)
    if r.scanned:
        from etl.demo.render_pdf import render_scanned_pdf

        truth.update(expected_status="failed", cells={}, text={},
                     notes="A scanned PDF: page images with no text layer. Nothing can be read without OCR.")
        return render_scanned_pdf(hash((seed, r.index)) & 0xFFFF), truth
    content = compose(r.organ, r.fig, r.quirks, r.fmt, rng)
    # (issue 20) phrasings and degraded-text quirks, from an rng of their own
    from etl.demo.variants import apply_variants
    variant_truth = apply_variants(content, r.organ, r.fig, r.quirks, r.fmt, r.previous_in_force)
    if r.fmt == "txt":
        from etl.demo.render_text import render_txt
        data = render_txt(content)
    elif r.fmt == "md":
        from etl.demo.render_text import render_md
        data = render_md(content)
    elif r.fmt == "html":
        from etl.demo.render_html import render_html
        data = render_html(content, r.organ, title)
    elif r.fmt == "pdf":
        from etl.demo.render_pdf import render_pdf
        data = render_pdf(content, title, pdf_rules)
    else:
        from etl.demo.render_docx import render_docx
        data = _renormalise_zip(render_docx(content, title))
    if r.fmt in TRADITIONAL_FORMATS and random.Random(f"traditional:{seed}:{r.index}").random() < TRADITIONAL_RATE:
        import zhconv

        data = zhconv.convert(data.decode("utf-8"), "zh-hant").encode("utf-8")
        truth["quirks"] = sorted([*truth["quirks"], "traditional_characters"])
    deadline = deadline_for(r.fig.year, r.organ.organ_kind)
    truth.update(
        cells=content.cells, text=content.text, approximate=content.approximate,
        published_on=content.published_on.isoformat(),
        published_late=content.published_on > deadline if deadline else None,
        expected_status="parsed",
    )
    truth.update(variant_truth)
    return data, truth


def _truth_base(r: PlannedReport) -> dict:
    o = r.organ
    return {
        "file": r.file_name, "archive": None, "format": r.fmt, "demo": True, "demo_label": DEMO_LABEL,
        "bureau_name": o.bureau_name, "year": r.fig.year, "template": template_for(r.fig.year),
        "province": o.province, "city": o.city, "county": o.county, "admin_level": o.admin_level,
        "organ_kind": o.organ_kind, "bureau_type": o.bureau_type.key,
        "cells": {}, "text": {}, "approximate": [], "published_on": None, "published_late": None,
        "expected_status": "parsed", "failing_checks": sorted(r.quirks.planted),
        "identity_failures": sorted(q for q in r.quirks.planted if not q.startswith("cross_year")),
        "quirks": sorted(q for q in r.quirks.names if q not in PLANTED_RULES),
        "notes": "DEMO DATA generated by etl/demo: the organ and place are real, every figure is generated.",
    }


def _render_job(args: tuple[PlannedReport, int]) -> tuple[int, bytes, dict]:
    r, seed = args
    data, truth = render_report(r, seed)
    return r.index, data, truth


def write_corpus(out: Path, n: int, seed: int = 0, workers: int = 1) -> int:
    """Write n reports and their truth under `out` (reports/, truth/, corpus.json). Returns n."""
    out = Path(out)
    reports_dir, truth_dir = out / "reports", out / "truth"
    reports_dir.mkdir(parents=True, exist_ok=True)
    truth_dir.mkdir(parents=True, exist_ok=True)
    plan = plan_corpus(n, seed)
    jobs = [(r, seed) for r in plan]
    pool = ProcessPoolExecutor(workers) if workers > 1 and n > 50 else None
    rendered = pool.map(_render_job, jobs, chunksize=16) if pool else map(_render_job, jobs)
    bundles: dict[int, list[tuple[str, bytes]]] = {}
    for (index, data, truth), r in zip(rendered, plan):  # written as they come: memory stays flat
        if r.bundle is not None:
            archive = f"bundle_{r.bundle:04d}.zip"
            truth["archive"] = archive
            bundles.setdefault(r.bundle, []).append((r.file_name, data))
        else:
            (reports_dir / r.file_name).write_bytes(data)
        stem = r.file_name.rsplit(".", 1)[0]
        (truth_dir / f"{stem}.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1), encoding="utf-8")
    if pool:
        pool.shutdown()
    for b, members in bundles.items():
        (reports_dir / f"bundle_{b:04d}.zip").write_bytes(_fixed_zip(members))
    manifest = {
        "generator_version": GENERATOR_VERSION, "seed": seed, "reports": n, "demo_label": DEMO_LABEL,
        "formats": dict(Counter("scanned_pdf" if r.scanned else r.fmt for r in plan)),
        "templates": dict(Counter(r.fig.template for r in plan)),
        "zip_bundles": len(bundles), "organs": len({r.organ.bureau_name for r in plan}),
        "quirks": dict(Counter(q for r in plan for q in r.quirks.names)),
        "quirk_rates": QUIRK_RATES,
    }
    (out / "corpus.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return n
