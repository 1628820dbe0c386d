"""Statistical detection of a wrong character of the same or similar sound or shape.

A character is suspect when it forms no dictionary word with either neighbour (the segmentation breaks
around it — what a slip of the input method usually does), or when it forms only a rare word that a
confusable character turns into a common one (自已 → 自己). For a suspect, every confusable character that
is in common use is tried; the best one is proposed when it raises the word-unigram log-probability of the
surrounding clause (:func:`~mingjing.proofread.segment.route_score`) enough: the rise, how freely the
character stands alone in the dictionary, the kind of likeness and the length of the word formed are
weighed by a small linear model (weights in ``data/thresholds.toml``, fitted on the dev half of SIGHAN-2015)
and the correction is proposed when the score reaches ``confusion.min-score``.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

import numpy as np
import numpy.typing as npt

from mingjing.proofread.resources import Tables, curated, pair_codes, threshold
from mingjing.proofread.segment import best_route, route_score

_RUN_RE = re.compile("[\u4e00-\u9fff]{2,}")
_EMPTY: frozenset[str] = frozenset()
_WINDOW = 2  # characters on each side of the suspect that take part in the score


@dataclass(frozen=True)
class Correction:
    start: int
    char: str
    replacement: str
    gain: float
    word: str  # the word the replacement forms (for the message)
    same_sound: bool
    score: float = 0.0


@dataclass(frozen=True)
class Scan:
    """Where a text's characters stand alone, computed once and shared by the detectors."""

    runs: tuple[tuple[int, int], ...]  # stretches of two or more CJK characters
    loose: bytearray  # 1: the character forms no common dictionary word with either neighbour
    strict: bytearray  # 1: the character forms no dictionary word at all with either neighbour
    aba: tuple[int, ...] = ()  # positions i of three CJK characters with text[i] == text[i + 2]

    def run_at(self, pos: int) -> tuple[int, int]:
        i = bisect_right(self.runs, (pos, len(self.loose) + 1)) - 1
        return self.runs[i]


def scan(text: str, tabs: Tables) -> Scan:
    """Mark the characters that stand alone (see :class:`Scan`): one vectorised look-up of every character
    pair in the sorted codes of the dictionary's pairs (a set look-up per pair costs a cache miss each)."""
    n = len(text)
    inside = np.zeros(n + 1, dtype=bool)  # inside[i]: text[i:i+2] lies inside a dictionary word
    common = np.zeros(n + 1, dtype=bool)  # … and is not a rare word of its own (自已 does not protect 已)
    if n >= 2:
        # sorted distinct queries: numpy's binary search then walks the table in order (few cache misses)
        distinct, back = np.unique(pair_codes(text), return_inverse=True)
        in_words = _member(distinct, _codes(tabs, "bigrams"))
        inside[: n - 1] = in_words[back]
        common[: n - 1] = (in_words & ~_member(distinct, _codes(tabs, "rare")))[back]
    in_run = np.zeros(n, dtype=bool)
    spans = []
    for match in _RUN_RE.finditer(text):
        spans.append(match.span())
        in_run[match.start() : match.end()] = True
    aba: tuple[int, ...] = ()
    if n >= 3:
        points = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
        cjk = in_run[:-2] & in_run[1:-1] & in_run[2:]
        aba = tuple(int(i) for i in np.flatnonzero(cjk & (points[:-2] == points[2:])))
    before_inside = np.concatenate(([False], inside[: n - 1]))
    before_common = np.concatenate(([False], common[: n - 1]))
    loose = in_run & ~(before_common | common[:n])
    strict = loose & ~(before_inside | inside[:n])
    return Scan(tuple(spans), bytearray(loose.tobytes()), bytearray(strict.tobytes()), aba)


def _member(codes: npt.NDArray[np.uint64], table: npt.NDArray[np.uint64]) -> npt.NDArray[np.bool_]:
    if len(table) == 0:
        return np.zeros(len(codes), dtype=bool)
    index = np.minimum(np.searchsorted(table, codes), len(table) - 1)
    return np.asarray(table[index] == codes)


def _codes(tabs: Tables, kind: str) -> npt.NDArray[np.uint64]:
    """Sorted pair codes of the pairs inside dictionary words ("bigrams") or of the two-character words at
    most ``confusion.rare-word`` frequent ("rare")."""
    if kind == "bigrams":
        return tabs.pair_codes
    key = (id(tabs), threshold("confusion.rare-word"))
    if key not in _RARE:
        _RARE[key] = tabs.word2_codes[tabs.word2_freq <= key[1]]
    return _RARE[key]


_RARE: dict[tuple[int, float], npt.NDArray[np.uint64]] = {}


def detect(
    text: str,
    skip: Sequence[int],
    found_free: Scan,
    tabs: Tables,
    *,
    level: str = "strict",
    min_score: float | None = None,
) -> Iterator[Correction]:
    """Suggested replacements of single characters (never at a position where ``skip`` is set).

    ``level``: "strict" (the default: few, confident findings, for reports) or "sensitive" (more findings,
    for text with frequent slips, such as learners' sentences). ``min_score`` overrides the level's
    threshold (the benchmark uses it to collect every candidate when it refits the weights).
    """
    exempt = frozenset(curated("vocabulary")["confusion"]["exempt_chars"])
    if min_score is None:
        min_score = threshold(f"confusion.min-score.{level}")
    candidates = int(threshold(f"confusion.candidates.{level}"))
    weights = _weights()
    max_free = threshold(f"confusion.max-free.{level}")
    loose = found_free.loose
    freq, in_words = tabs.freq, tabs.in_words
    pos = loose.find(1)
    while pos >= 0:
        char = text[pos]
        alone = freq.get(char, 0)
        free = alone / (alone + in_words.get(char, 0) + 1)
        # only common characters are judged: a rare one (瞭 in 瞭解) is usually deliberate or traditional
        if not skip[pos] and char not in exempt and free <= max_free and char in tabs.common_chars:
            start, end = found_free.run_at(pos)
            found = _best(text, pos, start, end, tabs, candidates)
            if found is not None:
                score = _score(found, tabs, weights)
                if score >= min_score:
                    yield replace(found, score=score)
        pos = loose.find(1, pos + 1)


def _pairs(seg: str) -> list[str]:
    return [seg[k : k + 2] for k in range(len(seg) - 1)]


def _weights() -> dict[str, float]:
    return {str(k): float(v) for k, v in curated("thresholds")["confusion-weights"].items()}


def _score(found: Correction, tabs: Tables, weights: dict[str, float]) -> float:
    values = features(found, tabs)
    return weights["bias"] + sum(weights[name] * value for name, value in values.items())


def features(found: Correction, tabs: Tables) -> dict[str, float]:
    """What the score weighs (names as in ``[confusion-weights]`` of data/thresholds.toml)."""
    alone = tabs.freq.get(found.char, 0)
    inside = tabs.in_words.get(found.char, 0)
    return {
        "gain": found.gain,
        "log-alone": math.log(alone + 1),
        "log-in-words": math.log(inside + 1),
        "free": alone / (alone + inside + 1),
        "same-sound": 1.0 if found.same_sound else 0.0,
        "similar-shape": 1.0 if found.replacement in tabs.shape.get(found.char, "") else 0.0,
        "log-word": math.log(tabs.freq.get(found.word, 0) + 1),
        "word-length": float(len(found.word)),
    }


def _best(text: str, i: int, start: int, end: int, tabs: Tables, candidates: int) -> Correction | None:
    char = text[i]
    before = text[i - 1] if i > start else ""
    after = text[i + 1] if i + 1 < end else ""
    lo, hi = max(start, i - _WINDOW), min(end, i + _WINDOW + 1)
    window = text[lo:hi]
    base: float | None = None
    best: Correction | None = None
    same_sound = tabs.same_sound.get(char, "")
    pool = tabs.confusable.get(char)
    if not pool:
        return None
    fits = pool & tabs.follow.get(before, _EMPTY) | pool & tabs.precede.get(after, _EMPTY)
    # Only the few candidates that form the most frequent pairs are scored (each score is a small DP).
    freq = tabs.freq
    ranked = sorted(
        fits,
        key=lambda c: (
            -max(freq.get(before + c, 0) if before else 0, freq.get(c + after, 0) if after else 0),
            c,
        ),
    )
    for cand in ranked[:candidates]:
        if base is None:
            base = route_score(window, tabs)
        changed = window[: i - lo] + cand + window[i - lo + 1 :]
        score, words = best_route(changed, tabs)
        gain = score - base
        word = _word(words, i - lo)
        # The replacement must end up inside a word, else the rise came from elsewhere in the window.
        if len(word) >= 2 and (best is None or gain > best.gain):
            best = Correction(i, char, cand, gain, word, cand in same_sound)
    return best


def _word(words: Sequence[str], pos: int) -> str:
    i = 0
    for word in words:
        if i <= pos < i + len(word):
            return word
        i += len(word)
    return ""
