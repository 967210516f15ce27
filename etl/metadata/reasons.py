"""Reason codes: why a file failed or is partial, and what a check found, as a code with
parameters that renders in Chinese or English (etl/metadata/reasons.csv).

The readers, extractors and engines state their reasons as English sentences (the contract's
`reports.error` and `checks.detail` columns stay as they are). Each sentence form is a row of
reasons.csv: its code, the pattern that recognises it (named groups are the parameters), and
an English and a Chinese template. The loader stores the code and parameters next to the text
(`reports.error_reasons`, `checks.detail_code`/`detail_params`); the dashboard, the labelled
exports and the CLI summary render them in the user's language. A sentence no row recognises
keeps code `other` with the sentence as its parameter (shown as it is): the test over the corpus
(tests/unit/metadata/test_reasons.py) lists such sentences so that they get a row.

Check details are coded from the check's own columns (rule, status, metric, dimension,
expected, found): the rule's label and the metric's label come from this catalog and the
metric catalog, so they read the same as everywhere else.
"""
from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from etl.metadata.catalog import metrics
from etl.metadata.vocab import DIMENSIONS_T3

REASONS_CSV = Path(__file__).with_name("reasons.csv")
OTHER = "other"
LANGS = ("zh", "en")
# how several reasons of one report are joined in each language
JOINERS = {"zh": "；", "en": "; "}


@dataclass(frozen=True)
class Reason:
    code: str
    pattern: re.Pattern | None  # None: a code the loader assigns itself (checks, rule labels)
    en: str
    zh: str

    def template(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


@cache
def catalog() -> dict[str, Reason]:
    with REASONS_CSV.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    out: dict[str, Reason] = {}
    for row in rows:
        if row["code"] in out:
            raise ValueError(f"reasons.csv: code {row['code']!r} twice")
        pattern = re.compile(row["pattern"], re.S) if row["pattern"] else None
        out[row["code"]] = Reason(row["code"], pattern, row["en"], row["zh"])
    return out


# Reasons that say how a readable file was read, not that a figure was left out: a report whose
# `error` holds only these is `parsed` (the pipeline writes them beside a parsed status, and
# etl.load.cross_report keeps that so once a resolved row's problem has left the error).
NOTICES = frozenset({"doc_named_docx", "traditional_read_simplified", "bytes_replaced"})


def is_notice(sentence: str) -> bool:
    """Whether one reason sentence of `reports.error` is a notice (see NOTICES)."""
    return parse_one(sentence)[0] in NOTICES


def require(code: str) -> str:
    if code not in catalog():
        raise ValueError(f"unknown reason code {code!r} (add it to etl/metadata/reasons.csv)")
    return code


@cache
def _matchers() -> tuple[Reason, ...]:
    # in file order: specific rows first, `other` (which matches anything) last
    return tuple(r for r in catalog().values() if r.pattern is not None)


@lru_cache(maxsize=8192)
def parse_one(text: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    """(code, params) of one reason sentence."""
    for reason in _matchers():
        m = reason.pattern.fullmatch(text)
        if m:
            return reason.code, tuple((k, v) for k, v in m.groupdict().items() if v is not None)
    raise AssertionError("reasons.csv has no catch-all row")  # `other` matches any text


def parse(text: str | None) -> list[dict]:
    """Each reason of a `reports.error` (reasons joined by '; ') as {"code", "params"}. A sentence
    that itself contains '; ' is recognised whole when its parts alone are not."""
    if not text:
        return []
    pieces = text.split("; ")
    out, i = [], 0
    while i < len(pieces):
        code, params = parse_one(pieces[i])
        step = 1
        if code == OTHER:
            for j in range(i + 2, min(len(pieces), i + 4) + 1):
                joined_code, joined_params = parse_one("; ".join(pieces[i:j]))
                if joined_code != OTHER:
                    code, params, step = joined_code, joined_params, j - i
                    break
        out.append({"code": code, "params": dict(params)})
        i += step
    return out


def error_columns(error: str | None) -> tuple[str | None, str | None]:
    """(error_code, error_reasons) of a reports row: the first reason's code, and every reason as
    JSON (None when there is no error)."""
    reasons = parse(error)
    if not reasons:
        return None, None
    return reasons[0]["code"], json.dumps(reasons, ensure_ascii=False)


def check_columns(rule: str, status: str, metric: str | None, dimension: str | None,
                  expected: float | None, found: float | None) -> tuple[str, str]:
    """(detail_code, detail_params) of a checks row, from its own columns."""
    # Most of a report's checks read as another report's (validate.identities shares them), and
    # the JSON costs ~5 µs a check: the result is cached. The numbers' reprs are part of the key
    # because 1 == 1.0 and 0.0 == -0.0 while json.dumps writes them differently.
    return _check_columns(rule, status, metric, dimension, expected, found, repr(expected), repr(found))


@lru_cache(maxsize=8192)
def _check_columns(rule: str, status: str, metric: str | None, dimension: str | None,
                   expected: float | None, found: float | None, _expected_repr: str,
                   _found_repr: str) -> tuple[str, str]:
    quantified = expected is not None and found is not None
    code = {"pass": "check.pass", "not_assessable": "check.not_assessable",
            "fail": "check.fail" if quantified else "check.fail_unquantified",
            "warn": "check.warn" if quantified else "check.warn_unquantified"}[status]
    params = {"rule": rule, "metric": metric, "dimension": dimension, "expected": expected, "found": found}
    return code, json.dumps({k: v for k, v in params.items() if v is not None}, ensure_ascii=False)


def _number(v) -> str:
    return "" if v is None else (str(int(v)) if float(v).is_integer() else f"{v:g}")


def _dimension_label(code: str, lang: str) -> str:
    if lang == "zh":
        return DIMENSIONS_T3.get(code, code)
    return {"other_org": "other applicants"}.get(code, code.replace("_", " "))


def _check_params(params: dict, lang: str) -> dict:
    rule = params.get("rule", "")
    rule_reason = catalog().get(f"rule.{rule}")
    metric = metrics().get(params.get("metric") or "")
    subject = (metric.label_zh if lang == "zh" else metric.label_en) if metric else ""
    if params.get("dimension"):
        dim = _dimension_label(params["dimension"], lang)
        subject = f"{subject}（{dim}）" if lang == "zh" else f"{subject} ({dim})"
    expected, found = params.get("expected"), params.get("found")
    diff = abs(expected - found) if expected is not None and found is not None else None
    return {"rule": rule_reason.template(lang) if rule_reason else rule,
            "subject": subject,
            "expected": _number(expected), "found": _number(found), "diff": _number(diff)}


class _Blank(dict):
    def __missing__(self, key):  # a parameter the sentence did not carry
        return ""


def render(code: str, params: dict | str | None, lang: str = "zh") -> str:
    """One reason in `lang`; `params` as stored (a dict or its JSON)."""
    if isinstance(params, str):
        params = json.loads(params)
    params = dict(params or {})
    reason = catalog().get(code) or catalog()[OTHER]
    if code.startswith("check."):
        params = _check_params(params, lang)
    return re.sub(r" {2,}", " ", reason.template(lang).format_map(_Blank(params))).strip()


def render_reasons(reasons_json: str | None, lang: str = "zh") -> str | None:
    """A `reports.error_reasons` value as one text in `lang` (None stays None)."""
    if not reasons_json:
        return None
    reasons = json.loads(reasons_json)
    return JOINERS[lang].join(render(r["code"], r["params"], lang) for r in reasons)


def add_reason_codes(table: str, rows: list[dict]) -> None:
    """Fill the code columns of reports or checks rows from their text and columns (in place;
    rows that carry them already, reused from an earlier build, are left as they are)."""
    if table == "reports":
        for row in rows:
            if "error_reasons" not in row or (row.get("error") and not row.get("error_reasons")):
                row["error_code"], row["error_reasons"] = error_columns(row.get("error"))
    elif table == "checks":
        for row in rows:
            if not row.get("detail_code"):
                row["detail_code"], row["detail_params"] = check_columns(
                    row["rule"], row["status"], row.get("metric"), row.get("dimension"), row.get("expected"),
                    row.get("found"))


class _Ellipsis(dict):
    def __missing__(self, key):
        return "…"


def label(code: str, lang: str = "zh") -> str:
    """A code's sentence without its parameters (… in their place), for counts by reason."""
    reason = catalog().get(code) or catalog()[OTHER]
    return reason.template(lang).format_map(_Ellipsis())


def cli_lang() -> str:
    """The language of the command line's summary: Chinese when the locale says so."""
    import os

    value = os.environ.get("XXGK_LANG") or os.environ.get("LC_ALL") or os.environ.get("LANG") or ""
    return "zh" if value.lower().startswith("zh") else "en"
