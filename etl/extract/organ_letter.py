"""The organ of a report sent inside a covering letter (函), and the words that are never one.

A report may come as 关于报送《平潭县交通运输局2015年政府信息公开工作情况》的函, addressed to the
office that collects the reports, the body speaking of 我局. The organ is then read, in this
order, from the letter's title (the name inside 《》, or before the year), the attachment line
(附件：平潭县交通运输局2015年…报告) or the contact line (联系单位：平潭县交通运输局办公室) — never from a
generic word of the body (政府, 我局, 本机关): `is_generic_organ` says which words those are.
When the letter names no organ, the organ stays NULL and `organ_problems` gives the reason.
Pure functions over the document's first and last lines; no I/O.
"""
from __future__ import annotations

import re
from itertools import islice
from typing import Iterator

from etl.extract.normalize import to_halfwidth
from etl.organs import organ_kind
from etl.model import Document, ReportMeta, TextBlock

_CJK = r"\u4e00-\u9fff"
# the letter's own title: 关于报送…的函 / 关于呈报…的函 / …的报告 (a covering report)
_LETTER_TITLE = re.compile(r"^关于(?:报送|呈报|上报|报)(?P<what>.{2,80}?)的(?:函|报告|请示)$")
_BOOK_TITLE = re.compile(r"《(?P<inner>[^》]{4,80})》")
_ORGAN_THEN_YEAR = re.compile(rf"^(?P<organ>[{_CJK}（）()]{{3,40}}?)(?:(?:19|20)\d{{2}})年")
_ATTACHMENT = re.compile(rf"^附件\d?[:：]?\s*(?:\d[.、])?\s*《?(?P<organ>[{_CJK}（）()]{{3,40}}?)(?:(?:19|20)\d{{2}})年")
# 联系单位/联系人 lines: the organ, then an office inside it (办公室, 综合科…) or the end of the name
_CONTACT = re.compile(rf"^(?:联系单位|报送单位|联系部门|联系人)[:：]?\s*(?:[{_CJK}]{{2,4}}[,，、\s]+)?"
                      rf"(?P<name>[{_CJK}（）()]{{3,40}})")
_OFFICE_TAIL = re.compile(r"(?:办公室|综合科|办公厅|政务公开科|政务公开办|信息科|秘书科|综合股|办公股)$")
# words that name no organ: the generic subject of a report's body, or a title's verbs
_GENERIC = re.compile(r"^(?:政府|人民政府|我(?:局|委|办|厅|院|署|中心|区|市|县|单位|部门|街道|镇|乡|社|处|站|所)"
                      r"|本(?:机关|局|委|办|厅|院|单位|部门|级)|本级机关|机关|单位|部门|各级政府"
                      r"|县政府|市政府|区政府|省政府|镇政府|乡政府|镇人民政府|乡人民政府|街道办事处)$")
_TITLE_VERBS = re.compile(r"^(?:关于|报送|呈报|上报|印发|转发|做好|开展)")


def is_generic_organ(name: str | None) -> bool:
    """Whether `name` is a generic word or a title's verb rather than an organ's name."""
    if not name:
        return True
    n = re.sub(r"\s+", "", name)
    return bool(_GENERIC.match(n) or _TITLE_VERBS.match(n)) or len(n) < 3


def _lines(doc: Document) -> Iterator[str]:
    """The document's non-empty text lines, half-width and without spaces, one at a time (every
    report asks for the letter's title from the first five: normalising the whole document for
    it cost ~0.3 ms a report)."""
    return (re.sub(r"\s+", "", to_halfwidth(b.text)) for b in doc.blocks if isinstance(b, TextBlock) and b.text.strip())


def letter_title(doc: Document) -> str | None:
    """The covering letter's title, when the document opens with one (first five lines)."""
    for line in islice(_lines(doc), 5):
        if _LETTER_TITLE.match(line):
            return line
    return None


def _named(name: str) -> str | None:
    name = name.strip("（）()《》")
    return None if is_generic_organ(name) or organ_kind(name) is None else name


def organ_from_letter(doc: Document) -> tuple[str, str] | None:
    """(organ, where it was read) for a document sent inside a covering letter, else None."""
    title = letter_title(doc)
    if title is None:
        return None
    what = _LETTER_TITLE.match(title).group("what")
    book = _BOOK_TITLE.search(what)
    for text in ([book.group("inner")] if book else []) + [what]:
        m = _ORGAN_THEN_YEAR.match(text)
        if m and (organ := _named(m.group("organ"))):
            return organ, f"the letter's title {title}"
    lines = list(_lines(doc))
    for line in lines:
        m = _ATTACHMENT.match(line)
        if m and (organ := _named(m.group("organ"))):
            return organ, f"the attachment line {line}"
    for line in lines[-15:]:
        m = _CONTACT.match(line)
        if m:
            name = re.split(r"[,，;；、\s]|电话|联系", m.group("name"))[0]
            organ = _named(_OFFICE_TAIL.sub("", name))
            if organ:
                return organ, f"the contact line {line}"
    return None


def organ_problems(doc: Document, meta: ReportMeta) -> list[str]:
    """The reason the organ is NULL, for a report inside a covering letter that names none."""
    if meta.bureau_name is None and letter_title(doc) is not None:
        return ["organ not found: the report is sent inside a covering letter whose title, attachment line and "
                "contact line name no organ (generic words such as 我局 or 政府 are not taken as one)"]
    return []
