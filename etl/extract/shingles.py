"""A sample of a report's running text for the text-reuse measure (issue 21).

The measure (etl/load/indicators.py) asks: what share of this report's text repeats the same
organ's report of the year before, section by section, leaving out what every report of the
template says? Storing every report's text for that is not needed; a sample of its shingles is:

- only running text (TextBlocks; table grids take no part), split into sections at the
  headings 一、 … 六、 (section 0: the text before the first);
- only Chinese characters are kept: digits, punctuation, spaces and Latin letters go, so a copy
  of last year's report with its years and numbers changed repeats every shingle;
- the template's wording is removed first: the phrases of metadata/boilerplate_phrases.txt, the
  Chinese labels of metrics.csv and the row anchors of templates/*.toml (what remains shared by
  many organs is removed at build time by document frequency, see etl/load/indicators.py);
- shingles are 8 characters; each is hashed (64 bits, `shingle_hashes`) and kept when hash mod 8 = 0,
  so two reports' samples of a shared passage are the same shingles (a containment estimate,
  unlike a MinHash of the whole set), about one in 8 shingles.
"""
from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from typing import Iterable
from pathlib import Path

import numpy as np

from etl.metadata.catalog import metrics
from etl.model import Document, TextBlock

SHINGLE_CHARS = 8
SAMPLE_MODULUS = 8
MAX_SHINGLES_PER_REPORT = 2_000  # a 100-page report keeps at most this many (memory and table size)

_METADATA = Path(__file__).resolve().parent.parent / "metadata"
_NOT_CJK = re.compile(r"[^\u4e00-\u9fff]+")
_HEADING = re.compile(r"^\s*([一二三四五六])\s*[、.．]")
_SECTION_OF = {c: i for i, c in enumerate("一二三四五六", start=1)}


@lru_cache(maxsize=1)
def _boilerplate() -> re.Pattern:
    return re.compile(_longest_match_pattern(_boilerplate_words()))


def _boilerplate_words() -> list[str]:
    """The template's printed words that say nothing of reuse (labels, headings, stock phrases)."""
    phrases = set()
    for line in (_METADATA / "boilerplate_phrases.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            phrases.add(_NOT_CJK.sub("", line))
    for m in metrics().values():
        phrases.add(_NOT_CJK.sub("", m.label_zh))
    for path in sorted((_METADATA / "templates").glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        for section in data.values():
            if isinstance(section, dict):
                for row in section.get("rows", []):
                    phrases.update(_NOT_CJK.sub("", a) for a in row.get("anchors", []))
    # labels are printed with and without their numbering (一、本年新收… / 本年新收…)
    phrases |= {re.sub(r"^[一二三四五六七八九十]+", "", p) for p in phrases}
    return sorted(p for p in phrases if len(p) >= 2)


def _longest_match_pattern(words: Iterable[str]) -> str:
    """A regex matching, at each position, the longest of `words` that stands there: the words
    as a trie (`其他(?:对外管理服务事项(?:本年增减|…)?|…)`), each branch tried before the word
    that ends where it starts. The same matches as the words joined longest first with `|`
    (two words that match at one position differ in length, as one is the other's prefix), but
    sre follows one branch of the trie where it tried each of the ~200 words in turn at every
    position that starts one."""
    trie: dict[str, dict] = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}  # a word ends here

    def pattern(node: dict) -> str:
        branches = [re.escape(ch) + pattern(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        group = branches[0] if len(branches) == 1 and "" not in node else "(?:" + "|".join(branches) + ")"
        return group + "?" if "" in node else group

    return pattern(trie)


def _own_names(organ: str | None) -> list[str]:
    """The organ's name and the name without its region (淮安市洪泽区人民政府, 人民政府 is too
    short to matter): each organ prints its own name throughout, which says nothing of reuse."""
    if not organ:
        return []
    from etl.metadata.regions import resolve_region

    names = {_NOT_CJK.sub("", organ)}
    region = resolve_region(organ)
    if region is not None and len(organ) - len(region.matched) >= 4:
        names.add(_NOT_CJK.sub("", organ[len(region.matched):]))
    if region is not None:
        names.add(_NOT_CJK.sub("", region.matched))
        names.update(_NOT_CJK.sub("", part) for part in (region.province, region.city, region.county) if part)
    return sorted((n for n in names if len(n) >= 2), key=len, reverse=True)


def section_texts(doc: Document, organ: str | None = None) -> dict[int, str]:
    """Section number → its running text, Chinese characters only, boilerplate and the organ's
    own name removed."""
    parts: dict[int, list[str]] = {}
    section = 0
    for b in doc.blocks:
        if not isinstance(b, TextBlock):
            continue
        m = _HEADING.match(b.text)
        if m:
            section = _SECTION_OF[m.group(1)]
        text = b.text[m.end():] if m else b.text
        parts.setdefault(section, []).append(text)
    rx = _boilerplate()
    own = _own_names(organ)
    out = {}
    for s, texts in parts.items():
        # (the section's lines joined, then their non-CJK characters removed at once: the
        # same text as removing them line by line, in one call instead of one per line)
        text = rx.sub("", _NOT_CJK.sub("", "".join(texts)))
        for name in own:
            text = text.replace(name, "")
        out[s] = text
    return out


_MULTIPLIER = np.uint64(0x100000001B3)  # FNV-1a's 64-bit prime: spreads a window of code points
_MIX = np.uint64(0xBF58476D1CE4E5B9)  # splitmix64's finaliser: good low bits for the mod-8 sample


def shingle_hashes(text: str) -> np.ndarray:
    """A 64-bit hash (int64) of every window of SHINGLE_CHARS characters, vectorised: a
    polynomial over the code points (mod 2**64), then a splitmix64 finaliser. Deterministic
    across processes and machines (unlike Python's hash)."""
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    n = len(codes) - SHINGLE_CHARS + 1
    if n <= 0:
        return np.empty(0, dtype=np.int64)
    h = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(SHINGLE_CHARS):
            h = h * _MULTIPLIER + codes[j:j + n]
        h ^= h >> np.uint64(31)
        h *= _MIX
        h ^= h >> np.uint64(29)
    return h.view(np.int64)


def sample_shingles(doc: Document, organ: str | None = None) -> list[tuple[int, int]]:
    """(section, shingle hash) pairs of the report's sampled text, each pair once."""
    out: dict[tuple[int, int], None] = {}
    texts = section_texts(doc, organ)
    # The sections are hashed joined, in one pass (numpy's cost per call, ~25 calls a pass, was
    # half of it), and each section keeps the windows that lie inside it: a window's hash
    # depends only on its own characters.
    every = shingle_hashes("".join(texts.values()))
    kept = (every & (SAMPLE_MODULUS - 1)) == 0  # (the sample's test, once for all sections)
    at = 0
    for section, text in texts.items():
        end = at + max(0, len(text) - SHINGLE_CHARS + 1)
        sampled = every[at:end][kept[at:end]].tolist()
        at += len(text)
        if len(out) + len(sampled) < MAX_SHINGLES_PER_REPORT:
            # (far from the cap: the pairs added at once, as the loop below would add them)
            out.update(dict.fromkeys([(section, h) for h in sampled]))
            continue
        for h in sampled:
            out[(section, h)] = None
            if len(out) >= MAX_SHINGLES_PER_REPORT:
                return list(out)
    return list(out)


def reuse_share(current: list[tuple[int, int]], previous: list[tuple[int, int]]) -> float | None:
    """Share of `current`'s sampled shingles found in the same section of `previous` (the measure
    etl/load/indicators.py computes in SQL, there without the shingles many organs share);
    None when either has none."""
    if not current or not previous:
        return None
    prev = set(previous)
    return sum(pair in prev for pair in current) / len(current)
