"""Cell and line text normalisation shared by the readers (no knowledge of reports)."""
from __future__ import annotations

import re

_WS = re.compile(r"[ \t\r\f\v\u00a0\u2002\u2003\u2009\u3000\ufeff]+")
_BREAK = re.compile(r" *\n[ \n]*")


def is_cjk(ch: str) -> bool:
    """A Chinese character or full-width punctuation (no space is written around these)."""
    return ("\u2e80" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" or "\uff00" <= ch <= "\uffef"
            or "\u3000" <= ch <= "\u303f" or "\U00020000" <= ch <= "\U0003ffff")


def squash(text: str) -> str:
    """Whitespace runs (non-breaking and ideographic spaces included) → one space, trimmed."""
    return _WS.sub(" ", text.replace("\n", " ")).strip()


def squash_parts(text: str, sep: str) -> list[str]:
    """squash() of each `sep`-separated part of `text`, the empty ones left out (`sep` holds
    no whitespace). One replace and one regex pass over the whole text instead of a call per
    part (a page has hundreds of lines): a run of whitespace never reaches across `sep`, so
    each part comes out as squash() makes it."""
    return list(filter(None, map(str.strip, _WS.sub(" ", text.replace("\n", " ")).split(sep))))


def join_wrapped_each(texts: list[str]) -> list[str]:
    """join_wrapped of each text. Most texts are its fast case (nothing inside to squash or
    join once stripped), which one test on the stripped texts joined tells; otherwise only the
    texts that are not get the call. (A call per cell cost more than the rest of reading a row.)"""
    out = list(map(str.strip, texts))
    joined = "".join(out)
    if not joined.isprintable() or " " in joined:
        for i in [i for i, text in enumerate(out) if not text.isprintable() or " " in text]:
            out[i] = join_wrapped(texts[i])
    return out


def join_wrapped(text: str) -> str:
    """A cell's text whose line breaks are layout (a header wrapped in a narrow column):
    breaks between Chinese characters vanish (`商业\\n企业` → `商业企业`), other breaks become a
    space; whitespace is squashed."""
    stripped = text.strip()
    # nothing to squash or join inside (most cells: a number, a label): printable characters
    # are none of _WS's but the space, nor a line break
    if stripped.isprintable() and " " not in stripped:
        return stripped
    text = _WS.sub(" ", text).strip()
    if "\n" not in text:
        return text

    def join(m: re.Match) -> str:
        before = text[m.start() - 1] if m.start() else ""
        after = text[m.end()] if m.end() < len(text) else ""
        return "" if (not before or not after or is_cjk(before) or is_cjk(after)) else " "

    return _BREAK.sub(join, text).strip()
