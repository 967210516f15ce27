"""Decoding text bytes: BOMs, UTF-8, GB18030 (a superset of GBK and GB2312), then detection."""
from __future__ import annotations

import codecs

from etl.read import ReadError

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
# Chinese government sites declare gb2312 or gbk and then use characters outside them:
# always decode the GB family as GB18030, which contains both.
_GB_FAMILY = {"gb2312", "gbk", "gb18030", "cp936", "euc-cn", "x-gbk", "hz-gb-2312"}


def normalise_encoding_name(name: str) -> str:
    n = name.strip().lower().replace("_", "-")
    return "gb18030" if n in _GB_FAMILY else n


def decode_text(data: bytes, declared: str | None = None) -> str:
    """Decode bytes of a text file. Raises ReadError when no encoding fits."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return data.decode(enc, errors="replace")
    candidates = []
    if declared:
        candidates.append(normalise_encoding_name(declared))
    candidates += ["utf-8", "gb18030"]
    for enc in candidates:
        try:
            return data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover
        best = None
    else:
        best = from_bytes(data).best()
    if best is not None and best.encoding:
        return str(best)
    raise ReadError("encoding could not be determined")
