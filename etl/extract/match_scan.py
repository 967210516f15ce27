"""`pattern.finditer(text)`'s match spans, found faster for patterns that sre cannot skip ahead in.

sre looks for the start of a match itself (a C scan, a few instructions a character) only when
the pattern opens with a literal or a set of literals. A pattern opening with a lookbehind
(`(?<!重点)政府信息主动…`) or an optional group (`(?:同意)?部分公开…`) is tried at every
position of the text instead, which cost ~20 times as much on a report's prose. For those the
characters a match can start with are worked out from the parsed pattern, and a twin pattern
opening with that set finds where a match starts:

    [同部](?<=(?=PATTERN).)    one character of the set, at which PATTERN matches

Each such position at or after the previous match's end is then matched by the pattern itself:
the same matches, in the same order, as `finditer` (a pattern with a first character never
matches the empty string, so finditer's handling of empty matches does not arise).

Pure functions; the twin of each pattern is built once (patterns are module-level constants).
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterator

try:  # (sre's parser: the same module `re.compile` uses; private, hence the fallback)
    from re import _constants as _sre, _parser as _sre_parse
except ImportError:  # pragma: no cover - Python versions before 3.11
    _sre = _sre_parse = None

# a set of first characters wider than this is not worth a twin (and a RANGE this wide is rare)
_MAX_FIRST_CHARS = 256


def match_spans(pattern: re.Pattern[str], text: str) -> Iterator[tuple[int, int]]:
    """The (start, end) of every match of `pattern.finditer(text)`, in order."""
    twin = _twin(pattern)
    if twin is None:
        for m in pattern.finditer(text):
            yield m.span()
        return
    end = 0
    for c in twin.finditer(text):
        start = c.start()
        if start >= end:
            m = pattern.match(text, start)
            end = m.end()
            yield start, end


@lru_cache(maxsize=512)
def _twin(pattern: re.Pattern[str]) -> re.Pattern[str] | None:
    """The pattern finding where a match of `pattern` starts, or None when sre already scans
    for one itself, or the first characters cannot be told."""
    if _sre_parse is None or pattern.flags & (re.IGNORECASE | re.VERBOSE):
        return None
    try:
        parsed = _sre_parse.parse(pattern.pattern, pattern.flags)
    except re.error:  # pragma: no cover - it compiled once already
        return None
    if _opens_with_literals(list(parsed)):
        return None
    first = _first_chars(list(parsed))
    if first is None or first[1] or not first[0] or len(first[0]) > _MAX_FIRST_CHARS:
        return None
    chars = "".join(re.escape(c) for c in sorted(first[0]))
    try:
        return re.compile(f"[{chars}](?<=(?={pattern.pattern}).)", pattern.flags)
    except re.error:  # (e.g. inline global flags, allowed only at the start of a pattern)
        return None


def _opens_with_literals(items: list) -> bool:
    """Whether sre gives the pattern a literal or a character-set prefix of its own (the cases of
    re._compiler._get_literal_prefix / _get_charset_prefix)."""
    while items and items[0][0] is _sre.SUBPATTERN:
        items = list(items[0][1][3])
    if not items:
        return False
    op, av = items[0]
    if op in (_sre.LITERAL, _sre.IN):
        return True
    return op is _sre.BRANCH and all(alt and list(alt)[0][0] is _sre.LITERAL for alt in av[1])


def _first_chars(items: list) -> tuple[set[str], bool] | None:
    """(the characters a match of this sequence can start with, whether it can match the empty
    string), or None when that cannot be told (a class, a negated set, a backreference…)."""
    out: set[str] = set()
    for op, av in items:
        if op is _sre.LITERAL:
            out.add(chr(av))
            return out, False
        if op is _sre.IN:
            for o, a in av:
                if o is _sre.LITERAL:
                    out.add(chr(a))
                elif o is _sre.RANGE and a[1] - a[0] < _MAX_FIRST_CHARS:
                    out.update(map(chr, range(a[0], a[1] + 1)))
                else:
                    return None
            return out, False
        if op in (_sre.ASSERT, _sre.ASSERT_NOT):
            continue  # (zero-width: the next item consumes the first character)
        if op is _sre.BRANCH:
            parts = [_first_chars(list(alt)) for alt in av[1]]
        elif op is _sre.SUBPATTERN:
            parts = [_first_chars(list(av[3]))]
        elif op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT):
            inner = _first_chars(list(av[2]))
            parts = [None if inner is None else (inner[0], inner[1] or av[0] == 0)]
        else:
            return None
        if any(p is None for p in parts):
            return None
        for chars, _ in parts:
            out |= chars
        if not any(nullable for _, nullable in parts):
            return out, False
    return out, True
