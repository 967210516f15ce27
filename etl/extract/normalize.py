"""Text normalisation before label matching: width, whitespace, traditional characters."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Full-width ASCII range maps to half-width by a fixed offset; the ideographic space to a space.
_FULLWIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_FULLWIDTH[0x3000] = 0x20
_WS = re.compile(r"[\s\u00a0\u200b\u2002-\u200a\ufeff]+")
# beijing.gov.cn's big5 gateway rewrites 信息 as 資訊 (資讯 after conversion to simplified)
_GATEWAY_FIXES = (("資訊", "信息"), ("资讯", "信息"))


def to_halfwidth(text: str) -> str:
    return text.translate(_FULLWIDTH)


@lru_cache(maxsize=65536)
def to_simplified(text: str) -> str:
    """Traditional → simplified (zhconv), with the big5-gateway rewrite undone."""
    for a, b in _GATEWAY_FIXES:
        text = text.replace(a, b)
    try:
        import zhconv
    except ImportError:  # pragma: no cover - zhconv is a declared dependency
        return text
    return zhconv.convert(text, "zh-cn")


def squash_spaces(text: str) -> str:
    return _WS.sub(" ", text).strip()


def label_key(text: str) -> str:
    """The form labels are compared in: simplified, half-width, NFKC, no whitespace, no
    quotes, unified brackets. `（三）不予 公开` and `(三)不予公开` give the same key."""
    text = unicodedata.normalize("NFKC", to_halfwidth(text))
    text = to_simplified(text)
    text = _WS.sub("", text)
    text = re.sub(r"[\"'“”‘’「」『』《》]", "", text)
    text = text.replace("【", "(").replace("】", ")").replace("〔", "(").replace("〕", ")")
    return text
