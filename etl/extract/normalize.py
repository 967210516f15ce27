"""Text normalisation before label matching: width, whitespace, traditional characters."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Iterable, NamedTuple, Sequence

from etl.read.simplified import GATEWAY_REWRITES

# Full-width ASCII range maps to half-width by a fixed offset; the ideographic space to a space.
_FULLWIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_FULLWIDTH[0x3000] = 0x20
_HALFWIDTH_OF = {chr(full): chr(half) for full, half in _FULLWIDTH.items()}
_WS = re.compile(r"[\s\u00a0\u200b\u2002-\u200a\ufeff]+")
_QUOTES = re.compile(r"[\"'“”‘’「」『』《》]")
# a big5 gateway's 資訊 for 信息, put back (the same rewrite the readers undo: etl.read.simplified)
_GATEWAY_FIXES = GATEWAY_REWRITES


_FULLWIDTH_CHAR = re.compile("[\uff01-\uff5e\u3000]")


def to_halfwidth(text: str) -> str:
    # str.translate costs ~100 ns a character on text that is not ASCII, and a regex callback
    # per full-width run costs ~0.4 M instructions on a report (a Chinese sentence has several):
    # each distinct full-width character present (a report has ~10: ，（）：；…) is replaced
    # in one C pass. Replacing one never makes another, so the order does not matter.
    if text.isascii():
        return text
    for ch in set(_FULLWIDTH_CHAR.findall(text)):
        text = text.replace(ch, _HALFWIDTH_OF[ch])
    return text


def compact(text: str) -> str:
    """The text made half-width and without whitespace (= re.sub(r"\\s", "", to_halfwidth(text)):
    str.split splits on what `\\s` matches, and split/join costs less than the regex's scan)."""
    return "".join(to_halfwidth(text).split())


def compact_each(texts: Sequence[str]) -> list[str]:
    """Each text made half-width and without whitespace (`compact` of each, the same as
    removing what `\\s` matches: both use str.isspace), with one to_halfwidth call
    for them all: a call per text cost more than the conversion. to_halfwidth replaces one
    character by one, so each text's half-width form is the slice of the joined result at its
    own offsets."""
    half = to_halfwidth("".join(texts))
    out = []
    at = 0
    for text in texts:
        end = at + len(text)
        out.append("".join(half[at:end].split()))
        at = end
    return out


class _ConversionTriggers(NamedTuple):
    converted: frozenset[str]  # characters zhconv converts wherever they are
    converted_bmp: re.Pattern  # matches one of them below U+10000
    phrase_char: re.Pattern  # matches a character that a converted phrase is indexed by
    # that character → its phrases, each with where the character first stands in it
    phrases_at: dict[str, tuple[tuple[str, int], ...]]


# (a character class holding characters above U+FFFF is compiled by `re` into a list that is
# scanned for every character of the text: those few are looked up in `converted` instead)
_ASTRAL_CHAR = re.compile("[\U00010000-\U0010ffff]")


@lru_cache(maxsize=1)
def _conversion_triggers() -> _ConversionTriggers:
    """What a text must contain for zhconv's zh-cn conversion to change it.

    zhconv replaces the longest dictionary key at each position by its value, so a text
    changes only if it contains a key whose value differs. Such a key either holds a
    character that is itself converted (a traditional-only character) or is a phrase of
    shared characters (`反覆` → `反复`): those are indexed by one of their characters, and a
    text holding that character is searched for the phrase. A text with none of them comes
    out of zhconv unchanged, so converting it can be skipped (zhconv's per-character Python
    loop costs ~1 ms per report). The characters are found by regex character classes, not
    by a set of the text's characters: set(text) makes a string object per CJK character
    (~1 M instructions on a report)."""
    from zhconv.zhconv import getdict

    table = getdict("zh-cn")
    converted = frozenset(k for k, v in table.items() if len(k) == 1 and k != v)
    phrases: dict[str, list[str]] = {}
    for k, v in table.items():
        if k != v and len(k) > 1 and converted.isdisjoint(k):
            phrases.setdefault(max(k), []).append(k)
    return _ConversionTriggers(converted, _char_class(c for c in converted if c <= "\uffff"),
                               _char_class(phrases),
                               {c: tuple((k, k.index(c)) for k in ks) for c, ks in phrases.items()})


def converted_characters() -> frozenset[str]:
    """The characters that to_simplified changes wherever they stand (traditional-only ones)."""
    return _conversion_triggers().converted


def _char_class(chars: Iterable[str]) -> re.Pattern:
    return re.compile("[" + "".join(re.escape(c) for c in sorted(chars)) + "]")


def _zhconv_changes(text: str) -> bool:
    triggers = _conversion_triggers()
    if triggers.converted_bmp.search(text):
        return True
    if _ASTRAL_CHAR.search(text) and not triggers.converted.isdisjoint(_ASTRAL_CHAR.findall(text)):
        return True
    # a phrase holds its index character, so it can only start just before where that
    # character stands: it is looked for there (a report holds ~130 such characters, 本 and 行
    # most), not searched for in the whole text once per phrase (~3 % of a report's time)
    for m in triggers.phrase_char.finditer(text):
        i = m.start()
        for phrase, offset in triggers.phrases_at[m.group()]:
            if i >= offset and text.startswith(phrase, i - offset):
                return True
    return False


# Labels, cells and characters repeat from report to report and are worth a cache; whole
# document texts (label_key of a report) never repeat, and a worker extracting 50,000 reports
# would keep each of them: they are converted without the cache.
_CACHED_TEXT_CHARS = 256


def to_simplified(text: str) -> str:
    """Traditional → simplified (zhconv), with the big5-gateway rewrite undone."""
    if len(text) <= _CACHED_TEXT_CHARS:
        return _to_simplified_cached(text)
    return _to_simplified(text)


@lru_cache(maxsize=65536)
def _to_simplified_cached(text: str) -> str:
    return _to_simplified(text)


def _to_simplified(text: str) -> str:
    for a, b in _GATEWAY_FIXES:
        text = text.replace(a, b)
    try:
        import zhconv
    except ImportError:  # pragma: no cover - zhconv is a declared dependency
        return text
    if not _zhconv_changes(text):
        return text
    return zhconv.convert(text, "zh-cn")


def squash_spaces(text: str) -> str:
    # Most texts have nothing to squash (a report's sentences: ~93 %), and the regex's scan
    # cost more than the text: every character _WS matches and every one strip() removes is
    # whitespace or invisible, which str.isprintable() rejects, except the ASCII space.
    if " " not in text and text.isprintable():
        return text
    return _WS.sub(" ", text).strip()


def label_key(text: str) -> str:
    """The form labels are compared in: simplified, half-width, NFKC, no whitespace, no
    quotes, unified brackets. `（三）不予 公开` and `(三)不予公开` give the same key."""
    # (NFKC would map the full-width forms too, but text with none left passes its quick
    # check: ~30 times faster on a whole report than normalising them)
    text = unicodedata.normalize("NFKC", to_halfwidth(text))
    text = to_simplified(text)
    # whitespace is what str.split() splits on (= `\s`), plus the two invisible spaces of _WS
    text = "".join(text.split()).replace("\u200b", "").replace("\ufeff", "")
    text = _QUOTES.sub("", text)
    text = text.replace("【", "(").replace("】", ")").replace("〔", "(").replace("〕", ")")
    return text
