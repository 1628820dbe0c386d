"""The canonical stream that fingerprints are taken from, with a map back to text offsets.

Copy detection compares content characters only: punctuation, whitespace and item numerals (一是/二是/
（一）/1./第一，) are dropped, so a copy survives re-punctuation and renumbering. ``Canonical.positions``
maps every canonical character back to its offset in the report's ``text``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int64]
AnyInts = npt.NDArray[np.integer[Any]]
CodeArray = npt.NDArray[np.uint32]

_NUM = "一二三四五六七八九十"
_OPENERS = frozenset("“‘「『《（(")
_CLOSERS = frozenset("。；！？!?;”’」』》）)…")
# Item numerals are only numbering where an item can start: at a line start or after a sentence end.
_ITEM_NUMERAL = re.compile(
    rf"(?:^|[\n。；;！!？?：:])[ \t\u3000]*"
    rf"([{_NUM}]{{1,3}}是|第[{_NUM}]{{1,3}}(?=[，、,：:])|[（(][{_NUM}\d]{{1,3}}[）)]"
    rf"|[{_NUM}]{{1,3}}[、．.]|\d{{1,2}}(?:[.、．）)](?!\d))|[①-⑳])",
)


@dataclass(frozen=True)
class Canonical:
    """Content characters of a text (``chars``) and the text offset of each (``positions``)."""

    chars: str
    positions: IntArray = field(repr=False)
    codes: CodeArray = field(repr=False)
    numerals: npt.NDArray[np.bool_] = field(repr=False)

    def __len__(self) -> int:
        return len(self.chars)

    def text_span(self, start: int, end: int) -> tuple[int, int]:
        """The text offsets ``[start, end)`` covered by canonical characters ``[start, end)``."""
        return int(self.positions[start]), int(self.positions[end - 1]) + 1

    def snapped_span(self, text: str, start: int, end: int) -> tuple[int, int]:
        """Like :meth:`text_span`, widened over an item numeral or opening quote just before and the
        closing punctuation just after, so a copied sentence is shown whole."""
        a, b = self.text_span(start, end)
        floor = int(self.positions[start - 1]) + 1 if start > 0 else 0
        while a > floor and (self.numerals[a - 1] or text[a - 1] in _OPENERS):
            a -= 1
        ceiling = int(self.positions[end]) if end < len(self.positions) else len(text)
        while b < ceiling and text[b] in _CLOSERS:
            b += 1
        return a, b

    @classmethod
    def from_positions(cls, match_text: str, positions: AnyInts, numerals: AnyInts) -> Canonical:
        """Rebuild the stream kept compactly (positions, numeral offsets) without the regex pass."""
        pos = positions.astype(np.int64)
        kept = _fold(_codes(match_text)[pos])
        flags = np.zeros(len(match_text), dtype=np.bool_)
        flags[numerals] = True
        return cls(kept.tobytes().decode("utf-32-le"), pos, kept, flags)


def _codes(text: str) -> CodeArray:
    return np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)


def _keep_mask(codes: CodeArray) -> npt.NDArray[np.bool_]:
    """Han characters, ASCII/full-width letters and digits; everything else is punctuation or space."""
    han = (
        ((codes >= 0x4E00) & (codes <= 0x9FFF))
        | ((codes >= 0x3400) & (codes <= 0x4DBF))
        | ((codes >= 0xF900) & (codes <= 0xFAFF))
        | (codes >= 0x20000)
    )
    folded = np.where((codes >= 0xFF01) & (codes <= 0xFF5E), codes - 0xFEE0, codes)
    ascii_alnum = (
        ((folded >= 0x30) & (folded <= 0x39))
        | ((folded >= 0x41) & (folded <= 0x5A))
        | ((folded >= 0x61) & (folded <= 0x7A))
    )
    return np.asarray(han | ascii_alnum)


def _fold(codes: CodeArray) -> CodeArray:
    """Full-width ASCII to ASCII and upper to lower case, so 'Ａ', 'A' and 'a' are one character."""
    folded = np.where((codes >= 0xFF01) & (codes <= 0xFF5E), codes - 0xFEE0, codes)
    upper = (folded >= 0x41) & (folded <= 0x5A)
    return np.asarray(np.where(upper, folded + 0x20, folded), dtype=np.uint32)


def numeral_mask(match_text: str) -> npt.NDArray[np.bool_]:
    """True for characters that belong to an item numeral (一是, （二）, 3., 第四，…)."""
    mask = np.zeros(len(match_text), dtype=np.bool_)
    for found in _ITEM_NUMERAL.finditer(match_text):
        mask[found.start(1) : found.end(1)] = True
    return mask


def canonicalize(match_text: str) -> Canonical:
    """Build the canonical stream of ``match_text`` (same length as the report's ``text``)."""
    codes = _codes(match_text)
    numerals = numeral_mask(match_text)
    keep = _keep_mask(codes) & ~numerals
    positions = np.flatnonzero(keep).astype(np.int64)
    kept = _fold(codes[positions])
    return Canonical(kept.tobytes().decode("utf-32-le"), positions, kept, numerals)


@lru_cache(maxsize=1)
def _t2s_table() -> dict[int, str]:
    """Traditional → simplified, character by character, from OpenCC's own dictionary file."""
    import opencc

    path = Path(opencc.__file__).parent / "dictionary" / "TSCharacters.txt"
    table: dict[int, str] = {}
    for line in path.read_text("utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) == 2 and len(parts[0]) == 1:
            target = parts[1].split(" ")[0]
            if len(target) == 1:
                table[ord(parts[0])] = target
    return table


def simplified_shadow(text: str) -> str:
    """A same-length simplified shadow of ``text`` (what ``ParsedReport.match_text`` is), for raw text input."""
    return text.translate(_t2s_table())
