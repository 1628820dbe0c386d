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
CJK_PUNCT = (
    "\u3001-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65\u2018-\u201f\u2026\u2014\u2015\u00b7"
)
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


@lru_cache(maxsize=1)
def _simplified_table() -> tuple[dict[int, str], frozenset[str]]:
    """Every traditional character OpenCC's t2s knows, mapped one to one (converted through OpenCC
    itself, character by character), plus the set of those characters.

    Characters whose conversion is not a single character are left out: keeping the original is
    what guarantees ``len(match_text) == len(text)``.
    """
    from importlib import resources

    convert = _converter().convert
    raw = resources.files("opencc").joinpath("dictionary/TSCharacters.txt").read_text("utf-8")
    table: dict[int, str] = {}
    for line in raw.splitlines():
        source = line.split("\t", 1)[0]
        if len(source) != 1:
            continue
        simplified = convert(source)
        if len(simplified) == 1 and simplified != source:
            table[ord(source)] = simplified
    return table, frozenset(chr(code) for code in table)


def to_simplified(text: str) -> str:
    """Simplified shadow of ``text``, character by character, so the result has exactly ``len(text)``.

    Converting per character (not per phrase) is what keeps offsets valid; phrase-level conversion
    could change lengths. Text without any traditional character is returned as it is (fast path).
    """
    table, traditional = _simplified_table()
    if traditional.isdisjoint(text):
        return text
    return text.translate(table)
