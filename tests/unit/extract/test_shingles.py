"""The text-reuse sample (etl/extract/shingles.py) on real reports of the shared corpus: a copy
of last year's report with its years and numbers changed repeats its text; another organ's
report on the same template does not; headings, table labels and the organ's own name are
not counted."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from etl.extract.shingles import reuse_share, sample_shingles, section_texts
from etl.model import Document, TextBlock
from etl.read import read_document

CORPUS = Path(__file__).resolve().parents[3] / ".." / "shared" / "corpus"
HONGZE_2023 = CORPUS / "001_huaian_hongzequ_2023.txt"
HONGZE_2024 = CORPUS / "002_huaian_hongzequ_2024.txt"
HUAIAN_2024 = CORPUS / "003_huaian_shi_2024.txt"


def year_shifted(text: str) -> str:
    """Next year's report made from this one: every year + 1, every other number changed."""
    text = re.sub(r"(?<![\d-])(?!20[12]\d(?!\d))(\d{1,4})(?!\d)", lambda m: str(int(m.group(1)) * 3 + 7), text)
    return re.sub(r"20[12]\d", lambda m: str(int(m.group(0)) + 1), text)


def _sample(path: Path, organ: str, text: str | None = None) -> list[tuple[int, int]]:
    data = text.encode("utf-8") if text is not None else path.read_bytes()
    return sample_shingles(read_document(path.name, data), organ)


def test_corpus_is_there():
    assert HONGZE_2023.is_file() and HONGZE_2024.is_file() and HUAIAN_2024.is_file()


def test_year_shifted_copy_scores_at_least_0_9():
    original = HONGZE_2023.read_text(encoding="utf-8")
    copy = year_shifted(original)
    assert copy != original and "2024 年政府信息公开工作年度报告" in copy
    sampled = _sample(HONGZE_2023, "洪泽区人民政府")
    assert len(sampled) >= 50  # a 6,000-character report gives a usable sample
    assert reuse_share(_sample(HONGZE_2023, "洪泽区人民政府", copy), sampled) >= 0.9


def test_different_organs_on_the_same_template_score_low():
    # 淮安市人民政府 and 洪泽区人民政府, both on the 2021 template, same region and year
    huaian = _sample(HUAIAN_2024, "淮安市人民政府")
    assert reuse_share(huaian, _sample(HONGZE_2024, "洪泽区人民政府")) < 0.25
    assert reuse_share(huaian, _sample(HONGZE_2023, "洪泽区人民政府")) < 0.25


def test_the_same_organ_rewritten_scores_between():
    # 洪泽区 wrote its 2024 report anew, keeping some passages: well below a copy, above strangers
    share = reuse_share(_sample(HONGZE_2024, "洪泽区人民政府"), _sample(HONGZE_2023, "洪泽区人民政府"))
    assert 0.1 < share < 0.8


def test_boilerplate_and_own_name_are_removed():
    doc = Document(blocks=[TextBlock("洪泽区人民政府2023年政府信息公开工作年度报告"),
                           TextBlock("一、总体情况"), TextBlock("2023年，洪泽区人民政府主动公开政府信息1136条。"),
                           TextBlock("三、收到和处理政府信息公开申请情况"), TextBlock("本年新收政府信息公开申请数量 21")], source_format="txt")
    texts = section_texts(doc, "淮安市洪泽区人民政府")
    assert "总体情况" not in texts[1] and "洪泽区" not in texts[1] and "1136" not in texts[1]
    assert "主动公开政府信息条" in texts[1]
    assert texts[3] == ""  # a heading and a table label: nothing of the organ's own


def test_sections_keep_text_apart():
    a = Document(blocks=[TextBlock("一、总体情况"), TextBlock("我们坚持以人民为中心推进政务公开标准化规范化建设工作")], source_format="txt")
    b = Document(blocks=[TextBlock("五、存在的主要问题及改进情况"), TextBlock("我们坚持以人民为中心推进政务公开标准化规范化建设工作")], source_format="txt")
    sa, sb = sample_shingles(a), sample_shingles(b)
    assert sa and {h for _, h in sa} == {h for _, h in sb}  # the same text …
    assert reuse_share(sa, sb) == 0.0  # … in another section is not reuse


@pytest.mark.parametrize("current, previous", [([], [(1, 5)]), ([(1, 5)], [])])
def test_no_sample_no_measure(current, previous):
    assert reuse_share(current, previous) is None


def _sample_section_by_section(doc: Document, organ: str | None) -> list[tuple[int, int]]:
    """sample_shingles' plain definition: each section hashed on its own."""
    from etl.extract.shingles import MAX_SHINGLES_PER_REPORT, SAMPLE_MODULUS, shingle_hashes

    out: dict[tuple[int, int], None] = {}
    for section, text in section_texts(doc, organ).items():
        hashes = shingle_hashes(text)
        for h in hashes[(hashes & (SAMPLE_MODULUS - 1)) == 0].tolist():
            out[(section, h)] = None
            if len(out) >= MAX_SHINGLES_PER_REPORT:
                return list(out)
    return list(out)


@pytest.mark.parametrize("path", [HONGZE_2023, HONGZE_2024, HUAIAN_2024])
def test_sections_hashed_joined_give_the_sample_of_each_section_hashed_alone(path):
    doc = read_document(path.name, path.read_bytes())
    assert sample_shingles(doc, "淮安市洪泽区人民政府") == _sample_section_by_section(doc, "淮安市洪泽区人民政府")


@pytest.mark.parametrize("cap", [1, 7, 40, 150])
def test_the_cap_cuts_the_sample_where_the_plain_definition_does(cap, monkeypatch):
    # (the sections are added at once while far from the cap, pair by pair near it)
    import etl.extract.shingles as shingles

    monkeypatch.setattr(shingles, "MAX_SHINGLES_PER_REPORT", cap)
    doc = read_document(HUAIAN_2024.name, HUAIAN_2024.read_bytes())
    sample = sample_shingles(doc, "淮安市人民政府")
    assert sample == _sample_section_by_section(doc, "淮安市人民政府") and len(sample) == cap


@pytest.mark.parametrize("lines", [
    ["一、概述", "甲", "二、主动公开", "乙丙丁戊己庚辛壬癸子丑寅卯"],  # a section shorter than a window
    ["一、", "二、", "三、政府信息公开申请办理情况很好很好很好"],  # empty sections
    ["只有一行文字而没有任何标题的报告正文内容"],
    [],
])
def test_short_and_empty_sections_sample_as_when_hashed_alone(lines):
    doc = Document([TextBlock(line) for line in lines], "txt")
    assert sample_shingles(doc) == _sample_section_by_section(doc, None)


@pytest.mark.parametrize("words, text", [
    (["其他", "其他对外管理服务事项", "其他对外管理服务事项本年增减", "对外"],
     "其他对外管理服务事项本年增减其他对外管理服务事项本年其他对外其他对外管理服务事项上年"),
    (["ab", "abc", "abd", "bcd", "c"], "abcdabdabcabbcdc"),
    (["行政复议", "行政诉讼", "行政"], "行政复议行政诉讼行政行政复行政诉"),
])
def test_boilerplate_trie_removes_what_the_words_joined_longest_first_remove(words, text):
    from etl.extract.shingles import _longest_match_pattern

    plain = re.compile("|".join(map(re.escape, sorted(words, key=len, reverse=True))))
    assert re.sub(_longest_match_pattern(words), "", text) == plain.sub("", text)


def test_boilerplate_trie_on_the_real_phrase_list_and_corpus_texts():
    from etl.extract.shingles import _NOT_CJK, _boilerplate, _boilerplate_words

    phrases = _boilerplate_words()
    assert len(phrases) > 100 and "其他对外管理服务事项" in phrases and "其他对外管理服务事项本年增减" in phrases
    texts = [_NOT_CJK.sub("", read_document(p.name, p.read_bytes()).text) for p in (HONGZE_2023, HONGZE_2024, HUAIAN_2024)]
    plain = re.compile("|".join(map(re.escape, sorted(phrases, key=len, reverse=True))))
    for text in texts:
        assert _boilerplate().sub("", text) == plain.sub("", text)
        assert len(_boilerplate().sub("", text)) < len(text)
