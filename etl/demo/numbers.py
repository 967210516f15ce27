"""The numbers model: what an organ would report, year after year.

Counts scale with the organ's size and bureau type, grow over the years (requests jumped after the
2019 revision of the 条例), and are internally consistent: 表三 satisfies V1-V3 by construction,
表四 satisfies V4, what one year carries forward the next year carries over, and 现行有效件数
follows 上年 + 制发 − 废止. Planted failures (quirks.py) are applied afterwards, on purpose.
"""
from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

from etl.demo.layouts import T4_COLUMNS, T4_GROUPS, t3_outcome_metrics
from etl.demo.organs import Organ

# Share of requesters by applicant column (natural persons dominate everywhere).
APPLICANT_SHARES = {"natural_person": 0.86, "commercial": 0.07, "research": 0.005, "social_org": 0.01,
                    "legal_service": 0.035, "other_org": 0.02}
# Share of handled requests by outcome row (the 2021 (六) split follows below).
OUTCOME_SHARES = {
    "t3.granted": 0.34, "t3.partially_granted": 0.10,
    "t3.denied.state_secret": 0.004, "t3.denied.law_prohibited": 0.006, "t3.denied.security_stability": 0.004,
    "t3.denied.third_party": 0.012, "t3.denied.internal_affairs": 0.01, "t3.denied.process_info": 0.015,
    "t3.denied.enforcement_file": 0.008, "t3.denied.admin_query": 0.02,
    "t3.unavailable.not_held": 0.25, "t3.unavailable.needs_creation": 0.04, "t3.unavailable.unclear": 0.03,
    "t3.not_processed.complaint": 0.04, "t3.not_processed.repeat": 0.025, "t3.not_processed.publication": 0.005,
    "t3.not_processed.mass_repeat": 0.01, "t3.not_processed.confirmation": 0.008,
    "t3.other": 0.06, "t3.other.overdue_correction": 0.035, "t3.other.overdue_fee": 0.003, "t3.other.misc": 0.022,
}
PROACTIVE_CATEGORIES = ("机构职能类信息", "政策法规类信息", "规划计划类信息", "行政许可类信息", "财政预决算类信息",
                        "人事信息类信息", "工作动态类信息", "统计信息类信息", "应急管理类信息")
CATEGORY_SHARES = (0.05, 0.12, 0.05, 0.10, 0.06, 0.07, 0.40, 0.08, 0.07)


def template_for(year: int) -> str:
    return "pre2019" if year < 2019 else ("t2019" if year < 2021 else "t2021")


def _poisson(rng: random.Random, lam: float) -> int:
    if lam <= 0:
        return 0
    if lam > 50:  # normal approximation, clipped
        return max(0, int(round(rng.gauss(lam, math.sqrt(lam)))))
    limit, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def _binomial(rng: random.Random, n: int, p: float) -> int:
    if n <= 0 or p <= 0:
        return 0
    if p >= 1:
        return n
    if n < 40:
        return sum(rng.random() < p for _ in range(n))
    mean = n * p
    if mean < 10:  # rare events: Poisson approximation
        return min(n, _poisson(rng, mean))
    return max(0, min(n, int(round(rng.gauss(mean, math.sqrt(mean * (1 - p)))))))


def _split(rng: random.Random, n: int, shares: dict[str, float]) -> dict[str, int]:
    """n items drawn into the keys of `shares`: a multinomial draw as a chain of binomials."""
    out = {}
    remaining, mass = n, sum(shares.values())
    keys = list(shares)
    for k in keys[:-1]:
        x = _binomial(rng, remaining, shares[k] / mass) if mass > 0 else 0
        out[k] = x
        remaining -= x
        mass -= shares[k]
    out[keys[-1]] = remaining
    return out


@dataclass
class YearFigures:
    """Everything one report of one organ states, before rendering quirks."""

    year: int
    template: str
    t2: dict[str, float | None] = field(default_factory=dict)  # None = not applicable (printed '/')
    t3: dict[tuple[str, str], int] = field(default_factory=dict)  # (metric, dimension) → count
    t4: dict[str, int] = field(default_factory=dict)
    proactive_total: int = 0
    proactive_cumulative: int = 0
    categories: list[tuple[str, int]] = field(default_factory=list)
    interpretations: int = 0
    requests_received: int = 0
    granted: int = 0
    partially_granted: int = 0
    denied: int = 0
    fees_yuan: float = 0.0
    review_total: int = 0
    litigation_total: int = 0


@dataclass
class OrganState:
    """What carries from one year to the next."""

    carried_forward: dict[str, int] = field(default_factory=dict)
    in_force: dict[str, int] = field(default_factory=dict)
    published_total: dict[str, int] = field(default_factory=dict)
    items: dict[str, int] = field(default_factory=dict)
    proactive_cumulative: int = 0


def _trend(year: int) -> float:
    """Requests and disclosures grow over time, with a jump after the 2019 revision."""
    return (1.0 + 0.06 * (year - 2014)) * (1.6 if year >= 2019 else 1.0)


def _t3(rng: random.Random, organ: Organ, year: int, template: str, state: OrganState) -> dict:
    lam = organ.size * 6.0 * _trend(year) * rng.uniform(0.7, 1.3)
    received = _split(rng, _poisson(rng, lam), APPLICANT_SHARES)
    carried_over = {d: state.carried_forward.get(d, 0) for d in APPLICANT_SHARES}
    outcomes = [m for m in t3_outcome_metrics(template)]
    shares = {m: OUTCOME_SHARES[m] for m in outcomes}
    t3: dict[tuple[str, str], int] = {}
    forward = {}
    for d in APPLICANT_SHARES:
        available = received[d] + carried_over[d]
        forward[d] = _binomial(rng, available, 0.05)
        handled = _split(rng, available - forward[d], shares)
        t3[("t3.received_new", d)] = received[d]
        t3[("t3.carried_over", d)] = carried_over[d]
        for m in outcomes:
            t3[(m, d)] = handled[m]
        t3[("t3.total_processed", d)] = available - forward[d]
        t3[("t3.carried_forward", d)] = forward[d]
    for metric in {m for m, _ in t3}:
        t3[(metric, "total")] = sum(t3[(metric, d)] for d in APPLICANT_SHARES)
    state.carried_forward = forward
    return t3


def _t4(rng: random.Random, organ: Organ) -> dict[str, int]:
    out = {}
    for group, _ in T4_GROUPS:
        lam = organ.size * {"review": 0.5, "litigation_direct": 0.15, "litigation_after_review": 0.1}[group]
        n = _poisson(rng, lam)
        parts = _split(rng, n, {"upheld": 0.5, "corrected": 0.12, "other": 0.25, "pending": 0.13})
        for col, _ in T4_COLUMNS[:4]:
            out[f"t4.{group}.{col}"] = parts[col]
        out[f"t4.{group}.total"] = n
    return out


def _t2(rng: random.Random, organ: Organ, year: int, template: str, state: OrganState) -> dict:
    bt, size = organ.bureau_type, organ.size
    makes_rules = organ.is_government and organ.region_level in ("province", "city")
    t2: dict[str, float | None] = {}
    docs = {"regulations": _poisson(rng, 1.5 * size / 10) if makes_rules else None,
            "normative_docs": _poisson(rng, 1.5 + size * 0.8)}
    for stem, issued in docs.items():
        if issued is None:  # this organ cannot make 规章: the row does not apply
            for suffix in (("new_made", "new_published", "published_total") if template == "t2019"
                           else ("issued", "repealed", "in_force")):
                t2[f"t2.{stem}.{suffix}"] = None
            continue
        if template == "t2019":
            published = issued - (1 if issued and rng.random() < 0.2 else 0)
            state.published_total[stem] = state.published_total.get(stem, issued * 6 + _poisson(rng, 5)) + published
            t2[f"t2.{stem}.new_made"] = issued
            t2[f"t2.{stem}.new_published"] = published
            t2[f"t2.{stem}.published_total"] = state.published_total[stem]
        else:
            before = state.in_force.get(stem, issued * 5 + _poisson(rng, 8))
            repealed = min(before, _poisson(rng, 0.15 * before))
            state.in_force[stem] = before + issued - repealed
            t2[f"t2.{stem}.issued"] = issued
            t2[f"t2.{stem}.repealed"] = repealed
            t2[f"t2.{stem}.in_force"] = state.in_force[stem]
    activity = {"licensing": bt.licensing, "other_services": bt.licensing * 0.5, "punishment": bt.punishment,
                "coercion": bt.coercion}
    rows = ("licensing", "other_services", "punishment", "coercion") if template == "t2019" else (
        "licensing", "punishment", "coercion")
    for stem in rows:
        t2[f"t2.{stem}.decisions"] = _poisson(rng, activity[stem] * size * 40 * _trend(year) / 1.6)
        if template == "t2019":
            prev = state.items.get(stem, _poisson(rng, activity[stem] * 20 + 2))
            change = rng.choice((0, 0, 0, 1, 2, -1, 3, -2))
            change = max(change, -prev)
            state.items[stem] = prev + change
            t2[f"t2.{stem}.prev_items"] = prev
            t2[f"t2.{stem}.items_change"] = change
    if template == "t2019":
        prev = state.items.get("admin_fees", _poisson(rng, bt.fees * 4))
        change = max(rng.choice((0, 0, 0, -1, 1)), -prev)
        state.items["admin_fees"] = prev + change
        t2["t2.admin_fees.prev_items"] = prev
        t2["t2.admin_fees.items_change"] = change
        projects = _poisson(rng, size * 3)
        t2["t2.procurement.projects"] = projects
        t2["t2.procurement.amount_yuan"] = round(projects * rng.uniform(20_000, 400_000), 2) if projects else 0
    else:
        t2["t2.admin_fees.amount_wan_yuan"] = round(bt.fees * size * rng.uniform(5, 60), 2)
    return t2


def _prose(rng: random.Random, organ: Organ, year: int, fig: YearFigures, state: OrganState) -> None:
    fig.proactive_total = _poisson(rng, organ.size * 60 * _trend(year) / 1.3) + 3
    state.proactive_cumulative += fig.proactive_total + (_poisson(rng, organ.size * 300) if not state.proactive_cumulative else 0)
    fig.proactive_cumulative = state.proactive_cumulative
    parts = _split(rng, fig.proactive_total, dict(zip(PROACTIVE_CATEGORIES, CATEGORY_SHARES)))
    fig.categories = [(k, v) for k, v in parts.items() if v > 0]
    fig.interpretations = _poisson(rng, 2 + organ.size * 1.5)
    fig.fees_yuan = 0.0 if rng.random() < 0.92 else float(rng.choice((20, 50, 80, 100, 150, 380, 400)))
    if fig.template == "pre2019":
        n = _poisson(rng, organ.size * 3 * _trend(year)) if rng.random() < 0.7 else 0
        fig.requests_received = n
        fig.granted = sum(rng.random() < 0.6 for _ in range(n))
        fig.partially_granted = sum(rng.random() < 0.3 for _ in range(n - fig.granted))
        fig.denied = sum(rng.random() < 0.3 for _ in range(n - fig.granted - fig.partially_granted))
        fig.review_total = _poisson(rng, organ.size * 0.2)
        fig.litigation_total = _poisson(rng, organ.size * 0.08)
    else:
        fig.requests_received = fig.t3[("t3.received_new", "total")]


def organ_years(rng: random.Random, organ: Organ, years: list[int]) -> list[YearFigures]:
    """The consistent figures of an organ for consecutive `years` (state carried through)."""
    state = OrganState(carried_forward={d: _poisson(rng, organ.size * 0.2) for d in APPLICANT_SHARES})
    out = []
    for year in years:
        template = template_for(year)
        fig = YearFigures(year, template)
        if template == "pre2019":
            _t3(rng, organ, year, "t2019", state)  # requests still flow; nothing is printed
        else:
            fig.t2 = _t2(rng, organ, year, template, state)
            fig.t3 = _t3(rng, organ, year, template, state)
            fig.t4 = _t4(rng, organ)
        _prose(rng, organ, year, fig, state)
        out.append(fig)
    return out


__all__ = ["YearFigures", "organ_years", "template_for"]
