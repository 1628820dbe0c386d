"""The curated list of official formulations and stock phrases (``data/boilerplate.txt``).

Entries are matched on the canonical stream. The result is a boolean mask over canonical characters;
corpus document frequency adds to it at query time (see :mod:`mingjing.reuse.query`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

import numpy as np
import numpy.typing as npt

from mingjing.reuse.canon import canonicalize, simplified_shadow
from mingjing.reuse.fingerprint import kgram_hashes

GRAM = 6  # entries are also matched piecewise, by their 6-character substrings
_WILDCARD = re.compile(r"(……|…|XX|××|xx|X{1,4}年)")
_GAPS = {"……": ".{0,40}?", "…": ".{0,40}?"}

BoolArray = npt.NDArray[np.bool_]


def _codes(chars: str) -> npt.NDArray[np.uint32]:
    return np.frombuffer(chars.encode("utf-32-le"), dtype=np.uint32)


def _canon(piece: str) -> str:
    return canonicalize(simplified_shadow(piece)).chars


def compile_entry(entry: str) -> re.Pattern[str] | None:
    """One list entry as a regex over canonical characters; None when nothing is left of it."""
    parts: list[str] = []
    for piece in _WILDCARD.split(entry.strip()):
        if not piece:
            continue
        if piece in _GAPS:
            parts.append(_GAPS[piece])
        elif _WILDCARD.fullmatch(piece):
            parts.append(".{0,6}?" + ("年" if piece.endswith("年") else ""))
        else:
            parts.append(re.escape(_canon(piece)))
    literal = [p for p in parts if not p.startswith(".")]
    if not literal:
        return None
    while parts and parts[0].startswith("."):
        parts.pop(0)
    while parts and parts[-1].startswith("."):
        parts.pop()
    return re.compile("".join(parts))


@dataclass(frozen=True)
class Boilerplate:
    """A compiled list of stock phrases."""

    patterns: tuple[re.Pattern[str], ...]
    literals: tuple[str, ...]
    grams: npt.NDArray[np.uint64]

    @classmethod
    def from_lines(cls, lines: Iterable[str]) -> Boilerplate:
        patterns: list[re.Pattern[str]] = []
        literals: list[str] = []
        for line in lines:
            entry = line.strip()
            if not entry or entry.startswith("#"):
                continue
            if _WILDCARD.search(entry):
                compiled = compile_entry(entry)
                if compiled is not None:
                    patterns.append(compiled)
            elif canon := _canon(entry):
                literals.append(canon)
        pieces = [_codes(x) for x in literals if len(x) >= GRAM]
        grams = (
            np.unique(np.concatenate([kgram_hashes(p, GRAM) for p in pieces]))
            if pieces
            else np.zeros(0, np.uint64)
        )
        return cls(tuple(patterns), tuple(sorted(set(literals), key=len, reverse=True)), grams)

    @classmethod
    def from_file(cls, path: str | Path) -> Boilerplate:
        return cls.from_lines(Path(path).read_text("utf-8").splitlines())

    def mask(self, chars: str) -> BoolArray:
        """True for every canonical character inside a list entry, or inside a ``GRAM``-character piece
        of one (so a formulation with a word changed, cut short or run together still counts)."""
        mask = np.zeros(len(chars), dtype=np.bool_)
        for literal in (x for x in self.literals if len(x) < GRAM):
            start = chars.find(literal)
            while start >= 0:
                mask[start : start + len(literal)] = True
                start = chars.find(literal, start + 1)
        if len(chars) >= GRAM and len(self.grams):
            grams = kgram_hashes(np.frombuffer(chars.encode("utf-32-le"), dtype=np.uint32), GRAM)
            hit = np.flatnonzero(np.isin(grams, self.grams))
            for offset in range(GRAM):
                mask[hit + offset] = True

        for pattern in self.patterns:
            for found in pattern.finditer(chars):
                mask[found.start() : found.end()] = True
        return mask


@lru_cache(maxsize=1)
def default_boilerplate() -> Boilerplate:
    """The list shipped with 明镜."""
    text = resources.files("mingjing.reuse").joinpath("data/boilerplate.txt").read_text("utf-8")
    return Boilerplate.from_lines(text.splitlines())
