"""Controlled vocabularies. `require` raises on a code that is not in the vocabulary, so a
typo in an extractor fails loudly in tests instead of landing in the warehouse."""
from __future__ import annotations

from typing import Iterable

STATUSES = {
    "parsed": "every section the template has was read",
    "partial": "readable, but some sections are missing or some cells could not be assigned with certainty",
    "failed": "quarantined: the file could not be read as an annual report",
}
TEMPLATES = {
    "pre2019": "free text with optional local tables (report years 2008-2018)",
    "t2019": "the 2019 template (国办公开办函〔2019〕60号), report years 2019-2020",
    "t2021": "the 2021 template (国办公开办函〔2021〕30号), report years 2021 onward",
}
VALUE_KINDS = {
    "number": "a number as printed",
    "blank": "the cell was empty",
    "not_applicable": "the cell said / — - 无 (not applicable)",
    "approximate": "an approximate figure such as 500多 / 600余 / 近千; value is the stated number",
    "unassignable": "the cell exists but its digits could not be assigned to it with certainty",
    "unreadable": "a scanned cell whose digits OCR could not read with confidence (or that broke a template identity)",
}
SOURCE_KINDS = {
    "table": "read from a table cell",
    "text": "read from running text",
    "derived": "computed from other figures through a template identity (explained in checks)",
}
CHECK_STATUSES = {
    "pass": "the rule holds",
    "fail": "the rule does not hold; detail says which cells and by how much",
    "not_assessable": "cells needed by the rule are missing",
    "warn": "a heuristic (not an identity) does not hold",
}
ADMIN_LEVELS = {
    "national": "a State Council organ or ministry",
    "province": "a provincial-level government (省, 自治区, 直辖市)",
    "city": "a prefecture-level government (地级市, 州, 盟) or special zone of that rank",
    "county": "a county-level government (县, 县级市, 区, 旗)",
    "township": "a township-level government (乡, 镇, 街道)",
    "department": "a department of a government at any level (局, 委, 办 …)",
}
DIMENSIONS_T3 = {
    "natural_person": "自然人",
    "commercial": "商业企业",
    "research": "科研机构",
    "social_org": "社会公益组织",
    "legal_service": "法律服务机构",
    "other_org": "其他",
    "total": "总计",
}
SOURCE_FORMATS = {
    "txt": "plain text", "md": "Markdown", "html": "HTML", "pdf": "PDF",
    "docx": "Word 2007+", "doc": "Word 97-2003 (via LibreOffice)",
    "image": "an image file (JPEG, PNG, TIFF) read by OCR",
}
READ_METHODS = {
    "text": "every page read from the file's text",
    "ocr": "every page read by OCR from its image (a scan or photo)",
    "mixed": "a PDF with some scanned pages: those read by OCR, the rest from the text layer",
}
ORGAN_KINDS = {
    "government": "a people's government (人民政府) or its general office: 3月31日 deadline",
    "department": "a department of a government: 1月31日 deadline since 2019",
}
# corrections.status (issue 22)
CORRECTION_STATUSES = {
    "applied": "the served value is the corrected one",
    "unmatched": "no report with that sha256, or no such cell in it: listed, the run goes on",
    "obsolete": "the extractor already reads the corrected value",
}
UNITS = {"count": "a count", "yuan": "元", "wan_yuan": "万元 (10,000 yuan)", "ratio": "a ratio"}


def _load_rules() -> dict[str, str]:
    import csv
    from pathlib import Path

    with (Path(__file__).with_name("rules.csv")).open(encoding="utf-8", newline="") as fh:
        return {row["rule"]: f"[{row['kind']}; {row['source']}] {row['description']}" for row in csv.DictReader(fh)}


# validation rules (checks.rule), kept as data in rules.csv
RULES = _load_rules()


def require(vocab: dict[str, str], code: str | None, *, nullable: bool = True) -> str | None:
    """Return `code` if it is in `vocab` (or None and allowed); raise ValueError otherwise."""
    if code is None and nullable:
        return None
    if code not in vocab:
        raise ValueError(f"unknown code {code!r}; expected one of {sorted(vocab)}")
    return code


def require_all(vocab: dict[str, str], codes: Iterable[str | None]) -> None:
    for c in codes:
        require(vocab, c)
