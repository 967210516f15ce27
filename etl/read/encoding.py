"""Decoding text bytes: BOMs, UTF-8, the declared charset, GB18030, then detection.

UTF-8 is tried before a declared charset: pages re-saved as UTF-8 by crawlers keep their old
`charset=gb2312`, and GBK text is practically never valid UTF-8, so valid UTF-8 is UTF-8.
The GB family (gb2312, gbk, cp936 ...) is always decoded as GB18030, their superset: sites
declare gb2312 and then use characters outside it.
"""
from __future__ import annotations

import codecs
import re

from etl.read import ReadError

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_GB_FAMILY = {"gb2312", "gbk", "gb18030", "cp936", "euc-cn", "x-gbk", "hz-gb-2312", "gb-2312", "csgb2312",
              "x-euc-cn", "chinese", "936", "ms936", "windows-936"}
# a UTF-8 file with at most this share of broken sequences among its non-ASCII characters is
# UTF-8 with a few damaged bytes (a truncated download), not text in another encoding
_DAMAGED_UTF8_SHARE = 0.01


def normalise_encoding_name(name: str) -> str:
    n = name.strip().lower().replace("_", "-")
    return "gb18030" if n in _GB_FAMILY else n


def _utf16_without_bom(data: bytes) -> str | None:
    head = data[:4096]
    if len(head) < 8:
        return None
    even, odd = head[0::2].count(0), head[1::2].count(0)
    half = len(head) // 2
    # text in UTF-8 or the GB family has no NUL bytes; UTF-16 has them in the high byte of
    # every ASCII character (digits, spaces, line breaks), so on one side only
    # (a CJK character with a 00 byte, like U+4E00 一, puts the odd NUL on the other side)
    if odd > 0.05 * half and even * 4 <= odd:
        return "utf-16-le"
    if even > 0.05 * half and odd * 4 <= even:
        return "utf-16-be"
    return None


# Terminal escape sequences and C0 control characters (other than tab and line breaks) are
# never report content: they come from logs or copy-paste and would break labels and titles.
_ANY_CONTROL = re.compile(r"[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f]")
# (one bytes object per control byte: `in` finds a single byte with memchr)
_CONTROL_BYTES = tuple(bytes([b]) for b in (*range(0x00, 0x09), 0x0b, 0x0c, *range(0x0e, 0x20), 0x7f))
_CONTROLS = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[@-Z\\-_]|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _may_hold_controls(data: bytes) -> bool:
    """False when the text of `data` cannot hold a control character: without NUL bytes the
    encoding is ASCII-compatible (UTF-8, GB18030, Big5: their multibyte sequences never use a
    control byte), so a control character in the text is the same byte in the data. Looking
    for each byte with memchr is three times faster than one pass of translate() deleting them
    and thirteen times faster than a regex character class."""
    return any(b in data for b in _CONTROL_BYTES)


def decode_text_with_warnings(data: bytes, declared: str | None = None) -> tuple[str, list[str]]:
    """Decode bytes of a text file: (text, remarks about damage), control characters removed.
    Raises ReadError when no encoding fits."""
    text, warnings = _decode(data, declared)
    # a single character class scans the text; the full pattern only runs when there is one
    if _may_hold_controls(data) and _ANY_CONTROL.search(text):
        text = _CONTROLS.sub("", text)
    return text, warnings


def _decode(data: bytes, declared: str | None) -> tuple[str, list[str]]:
    for bom, enc in _BOMS:
        if data.startswith(bom):
            text = data.decode(enc, errors="replace")
            bad = text.count("\ufffd")
            return text, ([f"{bad} undecodable byte sequence(s) replaced ({enc})"] if bad else [])
    utf16 = _utf16_without_bom(data)
    if utf16:
        return data.decode(utf16, errors="replace"), []
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    lenient = data.decode("utf-8", errors="replace")
    bad = lenient.count("\ufffd")
    multibyte = sum(1 for ch in lenient if ord(ch) > 0x7F) - bad
    # (one broken byte inside a 3-byte character gives up to 3 replacement characters)
    if multibyte >= 20 and bad <= 3 + _DAMAGED_UTF8_SHARE * multibyte:
        return lenient, [f"{bad} damaged UTF-8 byte sequence(s) replaced"]
    candidates = []
    if declared:
        candidates.append(normalise_encoding_name(declared))
    candidates.append("gb18030")
    for enc in candidates:
        try:
            return data.decode(enc), []
        except (UnicodeDecodeError, LookupError):
            continue
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover
        best = None
    else:
        best = from_bytes(data).best()
    if best is not None and best.encoding:
        return str(best), [f"encoding guessed as {best.encoding}"]
    raise ReadError("encoding could not be determined")


def may_be_plain_utf8(data: bytes) -> bool:
    """is_plain_utf8 without the check that the bytes are valid UTF-8: no BOM, NUL bytes or
    control characters (a reader whose parser validates UTF-8 itself checks only this)."""
    return not data.startswith(codecs.BOM_UTF8) and not _may_hold_controls(data)


def is_plain_utf8(data: bytes) -> bool:
    """True when decode_text_with_warnings would return exactly data.decode("utf-8"): valid
    UTF-8 without a BOM, NUL bytes or control characters. A reader that can hand such bytes
    on as they are (lxml parses UTF-8 bytes) then need not encode the text again."""
    if not may_be_plain_utf8(data):
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def decode_text(data: bytes, declared: str | None = None) -> str:
    """Decode bytes of a text file. Raises ReadError when no encoding fits."""
    return decode_text_with_warnings(data, declared)[0]
