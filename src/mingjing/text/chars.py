"""Character classes and the simplified-Chinese shadow used for matching.

The classes are regular-expression fragments (for use inside ``[...]``) so that every component
agrees on what counts as a CJK character, a sentence end or blank space.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

# Ideographs: CJK Unified Ideographs, Extension A, Compatibility Ideographs.
IDEOGRAPH = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# CJK punctuation (without U+3000, which is a space), full-width forms, curly quotes, ellipsis, dashes.
CJK_PUNCT = "\u3001-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65\u2018-\u201f\u2026\u2014\u2015\u00b7"
CJKISH = IDEOGRAPH + CJK_PUNCT
# Everything we treat as blank inside or around a line (ASCII blanks, NBSP, en/em/ideographic spaces,
# zero-width characters and the BOM that survive copy and paste).
BLANK = " \t\f\v\u00a0\u1680\u2000-\u200b\u202f\u205f\u2060\u3000\ufeff"
# Characters that end a sentence or a clause that stands on its own.
SENTENCE_END = "。！？；：…!?;:"
# Closing quotes and brackets that may follow a sentence end ("……。”").
CLOSERS = "”’」』）)》〉】"

BLANK_RE = re.compile(f"[{BLANK}]+")
_IDEOGRAPH_RE = re.compile(f"[{IDEOGRAPH}]")


def strip_blank(text: str) -> tuple[int, int]:
    """Return ``(start, end)`` of ``text`` without leading and trailing blanks."""
    start = len(text) - len(text.lstrip(BLANK))
    end = len(text.rstrip(BLANK))
    return start, max(start, end)


def has_ideograph(text: str) -> bool:
    return _IDEOGRAPH_RE.search(text) is not None


def display_width(text: str) -> int:
    """Columns a line takes in a monospaced CJK layout: ideographs and full-width forms count two."""
    wide = sum(1 for ch in text if ch >= "\u2e80")
    return len(text) + wide


@lru_cache(maxsize=1)
def _converter() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


# Character → simplified character, filled lazily; only entries that differ are kept in the table.
_SIMPLIFIED_SEEN: set[str] = set()
_SIMPLIFIED_TABLE: dict[int, str] = {}


def _learn(chars: set[str]) -> None:
    convert = _converter().convert
    for ch in chars:
        simplified = convert(ch)
        # A one-to-many conversion would break the same-length guarantee: keep the original then.
        if len(simplified) == 1 and simplified != ch:
            _SIMPLIFIED_TABLE[ord(ch)] = simplified
    _SIMPLIFIED_SEEN.update(chars)


def to_simplified(text: str) -> str:
    """Simplified shadow of ``text``, character by character, so the result has exactly ``len(text)``.

    Converting per character (not per phrase) is what keeps offsets valid; phrase-level conversion
    could change lengths. Characters are converted once per process and cached.
    """
    unseen = {ch for ch in set(text) if ch >= "\u2e80"} - _SIMPLIFIED_SEEN
    if unseen:
        _learn(unseen)
    return text.translate(_SIMPLIFIED_TABLE)
