"""prose_sentences makes every sentence half-width in one call and skips the sentence-end split
on lines without a sentence end: checked against the plain definition, a sentence at a time."""
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from etl.extract import prose
from etl.extract.normalize import squash_spaces, to_halfwidth
from etl.model import Document, TextBlock, make_table


def _plain_sentences(doc: Document) -> list[prose.Sentence]:
    """The definition: lines joined into sentences, each sentence converted on its own."""
    out: list[prose.Sentence] = []

    def emit(buf, page, heading):
        raw = squash_spaces(buf).lstrip("。")
        if raw:
            out.append(prose.Sentence(raw, re.sub(r"\s+", "", to_halfwidth(buf)), page, heading))

    pieces = []
    for b in doc.blocks:
        if not isinstance(b, TextBlock):
            pieces.append(("。", b.page))
        elif prose._PAGE_NUMBER.match(b.text) or prose._HEADER_LINE.match(b.text):
            continue
        elif prose._STANDALONE_LINE.match(b.text):
            pieces += [("。", b.page), (b.text, b.page), ("。", b.page)]
        else:
            pieces.append((b.text, b.page))
    buf, page, heading = "", None, ""
    for text, pg in pieces:
        if prose._HEADING_LINE.match(text):
            emit(buf, page, heading)
            buf, heading = "", re.sub(r"\s+", "", to_halfwidth(text))
            emit(text, pg, heading)
            continue
        for part in re.split(r"(?<=[。！？!?])", text):
            if part:
                if not buf.strip():
                    page = pg
                buf += part
                if part[-1] in "。！？!?":
                    emit(buf, page, heading)
                    buf = ""
    emit(buf, page, heading)
    return out


_PIECES = st.sampled_from(["一、总体情况", "（二）", "主动公开政府信息", "１２３", "12", "条", "。", "！", "?", "，", "（",
                           "）", " ", "　", "\u00a0", "\t", "ＡＢＣ", "：", "第3页", "- 2 -", "标题：", "发布时间:",
                           "18 |", "|", "收到申请", "===正文", "\u200b", "中"])
_LINE = st.lists(_PIECES, max_size=7).map("".join)
_BLOCK = st.one_of(st.tuples(_LINE, st.sampled_from([None, 1, 2])).map(lambda t: TextBlock(t[0], t[1])),
                   st.sampled_from([None, 2]).map(lambda pg: make_table([[("a", 1, 1)]], page=pg)))


@settings(deadline=None, max_examples=400)
@given(st.lists(_BLOCK, max_size=12))
def test_prose_sentences_as_the_plain_definition(blocks):
    doc = Document(blocks, "txt")
    assert prose.prose_sentences(doc) == _plain_sentences(doc)


def test_skipped_line_is_page_number_or_header():
    for line in ["- 3 -", "第 2 页", "标题：某某", "=== 正文", "  12  ", "主动公开", "一、总体情况", "发布时间 2020"]:
        expected = bool(prose._PAGE_NUMBER.match(line) or prose._HEADER_LINE.match(line))
        assert bool(prose._SKIPPED_LINE.match(line)) is expected, line


@settings(deadline=None, max_examples=200)
@given(st.lists(_BLOCK, max_size=12), st.booleans())
def test_prose_sentences_from_kept_and_new_line_pieces_alike(blocks, forget):
    # (a line's pieces are kept by its text: asked again, or after the table is emptied, or for
    # a line too long to keep, the sentences are the same)
    doc = Document(blocks + [TextBlock("甲" * 300 + "。乙"), TextBlock("甲" * 300 + "。乙")], "txt")
    if forget:
        prose._LINE_PIECES.clear()
    first = prose.prose_sentences(doc)
    assert first == prose.prose_sentences(doc) == _plain_sentences(doc)
