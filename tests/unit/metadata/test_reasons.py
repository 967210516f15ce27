"""Reason codes (etl/metadata/reasons.csv): the English sentences the readers and extractors
write are recognised with their parameters, and render in Chinese without English words."""
from __future__ import annotations

import json
import re

import pytest

from etl.metadata import reasons
from etl.metadata.vocab import RULES

# sentences as the code writes them (etl/read, etl/extract, etl/engines, etl/pipeline)
SENTENCES = [
    ("no text layer (scanned PDF)", "no_text_layer", {}),
    ("no annual-report content found", "no_report_content", {}),
    ("no annual-report content found (no organ, year or figures)", "no_report_content",
     {"why": " (no organ, year or figures)"}),
    ("empty file (no content)", "empty_file", {}),
    ("unsupported format .wps", "unsupported_format", {"suffix": ".wps"}),
    ("password-protected PDF", "password_pdf", {}),
    ("not a PDF (an HTML error page saved as .pdf)", "content_mismatch",
     {"expected": "a PDF", "what": "an HTML error page saved as .pdf"}),
    ("not a report (an HTML error page saved as .pdf)", "error_page", {"suffix": ".pdf"}),
    ("incomplete download (the file ends in 4096 zero bytes)", "incomplete_download", {"n": "4096"}),
    ("time limit exceeded (extraction took longer than 120 s)", "time_limit", {"seconds": "120"}),
    ("too many pages (812; limit 500)", "too_many_pages", {"pages": "812", "limit": "500"}),
    ("a legacy Word .doc file named .docx; read as .doc", "doc_named_docx", {}),
    ("表三 row （二）部分公开: no numbers for 7 columns, cells left empty", "row_no_numbers",
     {"table": "表三", "row": "（二）部分公开", "n": "7"}),
    ("表二 row 行政许可: digits run together ('3960181') for 3 columns: 4 possible splits, cells left empty",
     "row_digits_run_together", {"table": "表二", "row": "行政许可", "digits": "3960181", "n": "3"}),
    ("表四: not found", "table_not_found", {"table": "表四"}),
    ("printed in traditional characters: read as simplified, character for character", "traditional_read_simplified", {}),
    ("3 undecodable byte sequence(s) replaced (gb18030)", "bytes_replaced", {"n": "3"}),
    ("2 damaged UTF-8 byte sequence(s) replaced", "bytes_replaced", {"n": "2"}),
]


def test_notices_are_told_from_problems():
    assert reasons.is_notice("printed in traditional characters: read as simplified, character for character")
    assert reasons.is_notice("a legacy Word .doc file named .docx; read as .doc")
    assert not reasons.is_notice("表四: not found")
    assert not reasons.is_notice("something new happened")


@pytest.mark.parametrize("text, code, params", SENTENCES)
def test_sentences_are_recognised_with_their_parameters(text, code, params):
    assert reasons.parse(text) == [{"code": code, "params": params}]


def test_several_reasons_of_one_report_and_a_reason_containing_a_semicolon():
    text = "表四: not found; a legacy Word .doc file named .docx; read as .doc; something new happened"
    assert [r["code"] for r in reasons.parse(text)] == ["table_not_found", "doc_named_docx", "other"]
    code, stored = reasons.error_columns(text)
    assert code == "table_not_found"
    assert reasons.render_reasons(stored, "zh") == (
        "未找到表四；以 .docx 命名的旧版 Word .doc 文件，已按 .doc 读取；something new happened")
    assert reasons.error_columns(None) == (None, None)


def test_every_reason_renders_in_chinese_without_english_words():
    for code, reason in reasons.catalog().items():
        if code == reasons.OTHER:
            continue
        zh = reason.zh
        # placeholders and format names (PDF, Word, ZIP, HTML, .doc, Unicode, LibreOffice, Dask) may stay
        words = re.findall(r"[A-Za-z]{3,}", re.sub(r"\{[a-z_]+\}", "", zh))
        assert set(words) <= {"PDF", "Word", "ZIP", "HTML", "doc", "docx", "Unicode", "LibreOffice", "Dask", "OCR", "JPEG", "PNG", "TIFF"}, (code, zh)


def test_every_rule_has_a_label():
    assert {f"rule.{r}" for r in RULES} <= set(reasons.catalog())


@pytest.mark.parametrize("status, expected, found, zh", [
    ("fail", 10.0, 12.0, "表三平衡（本年新收 + 上年结转 = 总计 + 结转下年）：（七）总计（自然人）应为 10，填报为 12（相差 2）"),
    ("pass", 21.0, 21.0, "表三平衡（本年新收 + 上年结转 = 总计 + 结转下年）：（七）总计（自然人）核对一致"),
    ("not_assessable", None, None,
     "表三平衡（本年新收 + 上年结转 = 总计 + 结转下年）：（七）总计（自然人）无法核对（单元格缺失、空白或无法读取）"),
])
def test_check_details_render_from_the_checks_columns(status, expected, found, zh):
    code, params = reasons.check_columns("t3.balance", status, "t3.total_processed", "natural_person", expected, found)
    assert json.loads(params)["rule"] == "t3.balance"
    assert reasons.render(code, params, "zh") == zh
    en = reasons.render(code, params, "en")
    assert "natural person" in en and "  " not in en


def test_rows_are_coded_once_and_reused_rows_kept():
    rows = [{"error": "password-protected PDF"}, {"error": None},
            {"error": "empty file", "error_code": "kept", "error_reasons": "[]"}]
    reasons.add_reason_codes("reports", rows)
    assert rows[0]["error_code"] == "password_pdf" and rows[1]["error_code"] is None
    assert rows[2]["error_code"] == "kept"


def test_an_unknown_code_raises():
    with pytest.raises(ValueError):
        reasons.require("no_such_reason")


def test_every_reason_the_shared_corpus_gives_has_a_code_of_its_own():
    from pathlib import Path

    from etl.pipeline import extract_file

    corpus = Path(__file__).resolve().parents[4] / "shared" / "corpus"
    files = sorted(p for p in corpus.iterdir() if p.suffix in {".txt", ".pdf", ".html", ".docx", ".md"})
    assert len(files) >= 10, "the shared corpus is missing"
    coded = []
    for path in files:
        error = extract_file(path.name, path.read_bytes()).report["error"]
        coded += reasons.parse(error)
    assert coded, "the corpus has partial and failed reports"
    assert [r for r in coded if r["code"] == reasons.OTHER] == []


def test_check_columns_cache_keeps_equal_numbers_of_another_spelling_apart():
    # 1 == 1.0 and 0.0 == -0.0, but json.dumps writes each its own way: a cached answer for one
    # must not be given for the other
    for first, second in ((1, 1.0), (0.0, -0.0), (2.0, 2)):
        a = reasons.check_columns("v1", "fail", "t3.total", None, first, 3.0)
        b = reasons.check_columns("v1", "fail", "t3.total", None, second, 3.0)
        assert json.loads(a[1])["expected"] == first and a[1] != b[1]
        assert b[1] == json.dumps({"rule": "v1", "metric": "t3.total", "expected": second, "found": 3.0})
