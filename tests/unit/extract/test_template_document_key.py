"""template.document_key (label_key a line at a time, the new lines keyed in one call, the keys
of lines seen before kept) against label_key of the whole text, its plain definition."""
from hypothesis import given, settings
from hypothesis import strategies as st

from etl.extract import template
from etl.extract.line_memo import LineMemo
from etl.extract.normalize import label_key

# pieces that each step of label_key changes: full width, traditional characters and a phrase
# zhconv converts (反覆), the big5 gateway's 資訊, quotes, brackets, whitespace of every kind,
# a combining mark, NFKC forms, and the separator document_key joins new lines with
_PIECES = st.sampled_from(["本年新收政府信息公开申请数量", "本年度辦理結果", "反覆", "資訊公開", "资讯", "“申请”", "【一】",
                           "〔二〕", "（三）", "ＡＢ１", "　", " ", "\t", "\u00a0", "\u200b", "\ufeff", "e\u0301", "①", "㎡",
                           "\ufdd0", "\u0301", "e", "结转下年度继续办理", "行", "本", "", "\r", "…", "ｶ"])
_TEXT = st.lists(st.lists(_PIECES, max_size=6).map("".join), max_size=8).map("\n".join)


@settings(deadline=None, max_examples=400)
@given(st.lists(_TEXT, min_size=1, max_size=4), st.booleans())
def test_document_key_is_label_key_of_the_whole_text(texts, forget):
    if forget:
        template._LINE_KEYS.clear()
    for text in texts + texts:  # (the second time from the kept keys)
        assert template.document_key(text) == label_key(text)


def test_the_kept_keys_are_emptied_when_full(monkeypatch):
    monkeypatch.setattr(template, "_LINE_KEYS", LineMemo(lines=3))
    text = "\n".join(["一、本年新收", "二、上年结转", "（七）總計", "四、结转下年度继续办理"])
    assert template.document_key(text) == label_key(text) and len(template._LINE_KEYS) <= 4
    assert template.document_key(text + "\n資訊") == label_key(text + "\n資訊")
