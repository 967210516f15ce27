"""Organ names: normalisation so the same organ over years is one bureau. (See issue 4.)"""
from __future__ import annotations

import re

_PREFIX = re.compile(r"^(.{2,9}?(?:省|自治区|市|州|盟|地区))")


def bureau_key(name: str, province: str | None, city: str | None, county: str | None) -> str:
    """A key equal for all names of one organ: region prefixes that the resolved region
    already says are dropped (淮安市洪泽区人民政府 and 洪泽区人民政府 → 洪泽区人民政府)."""
    short = name.strip()
    for prefix in (province, city):
        if prefix and short.startswith(prefix) and len(short) > len(prefix) + 1:
            short = short[len(prefix):]
    return "|".join([province or "", city or "", county or "", short])
