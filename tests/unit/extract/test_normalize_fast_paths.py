"""The speed-ups of text normalisation give exactly what the slow forms give."""
from __future__ import annotations

import zhconv
from zhconv.zhconv import getdict

from etl.extract.normalize import to_simplified
from etl.extract.tables.stream import build_stream, norm_char, norm_text
from etl.model import Document, TextBlock


def _slow_simplified(text: str) -> str:
    for a, b in (("資訊", "信息"), ("资讯", "信息")):
        text = text.replace(a, b)
    return zhconv.convert(text, "zh-cn")


def test_skipping_zhconv_never_skips_a_conversion():
    # every key of zhconv's zh-cn table, alone and inside simplified text: the skip test must
    # see each one that changes (覆 in 反覆 is a shared character, 幹 a traditional one)
    for key in getdict("zh-cn"):
        for text in (key, f"本机关{key}公开申请"):
            assert to_simplified(text) == _slow_simplified(text), text
    assert to_simplified("答覆申请人") == "答复申请人"
    assert to_simplified("我幹什麼") == "我干什么"
    assert to_simplified("政府信息公开") == "政府信息公开"


def test_skipping_zhconv_on_the_corpus_texts(shared_corpus):
    for path in sorted(shared_corpus.glob("*.txt")) + sorted(shared_corpus.glob("*.md")):
        text = path.read_text(encoding="utf-8", errors="replace")
        assert to_simplified(text) == _slow_simplified(text), path.name


def test_norm_text_is_norm_char_per_character():
    text = "（三）不予公開①項【一】　ＡＢ１２\x1f\n㈠ 資訊"
    assert norm_text(text) == "".join(norm_char(c) for c in text)
    assert norm_text("①項（三）") == "1项(三)"


def test_stream_maps_expanded_characters_back_to_their_source():
    # ① → 1 and ㈠ → (一): every normalised character points at the character it came from
    stream = build_stream(Document([TextBlock("①項㈠ 5")], "txt"))
    assert stream.text == "1项(一) 5\n"
    assert stream.to_orig == [0, 1, 2, 2, 2, 3, 4, 5]
    assert stream.original(2, 5) == "㈠"
    assert stream.original(0, 2) == "①項"
    assert stream.pages == [None] * 8
