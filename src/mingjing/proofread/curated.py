"""Detectors driven by curated lists: known wrong forms, contextual wrong forms, misspelt names of theories
and meetings (one character off), and set phrases with one confusable character."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from mingjing.checks.data import load_data
from mingjing.proofread.resources import Tables, curated

_SUBSTITUTION_MIN = 8
_NUMERALS = frozenset("一二三四五六七八九十百千两〇零0123456789")


@dataclass(frozen=True)
class Hit:
    """A curated finding before it becomes a ProofFinding: replace ``text[start:end]`` by ``suggestion``."""

    rule: str
    start: int
    end: int
    suggestion: str
    note: str
    sure: bool = True


# ---------------------------------------------------------------------------
# Known wrong forms (always wrong) and contextual ones (regular expressions)
# ---------------------------------------------------------------------------


@cache
def _pairs() -> tuple[dict[str, str], re.Pattern[str]]:
    """wrong -> right (ours plus checks' slip typos), and one pattern matching any wrong form."""
    pairs: dict[str, str] = {}
    for wrong, right in load_data("slips")["typos"].items():
        pairs[str(wrong)] = str(right).split("（", 1)[0]
    pairs.update({str(k): str(v) for k, v in curated("confusions")["pairs"].items()})
    pattern = re.compile("|".join(sorted(map(re.escape, pairs), key=len, reverse=True)))
    return pairs, pattern


@cache
def _contexts() -> tuple[tuple[re.Pattern[str], str, str, str], ...]:
    return tuple(
        (re.compile(str(e["regex"])), str(e["replace"]), str(e["rule"]), str(e["note"]))
        for e in curated("confusions")["context"]
    )


def known_forms(text: str, tabs: Tables) -> Iterator[Hit]:
    """Wrong forms from the lists, where the match does not straddle two real words (来自|已经)."""
    pairs, pattern = _pairs()
    for match in pattern.finditer(text):
        wrong = match.group()
        if _straddles(text, match.start(), match.end(), tabs):
            continue
        right = pairs[wrong]
        rule = "proofread.idiom" if len(right) == 4 and len(wrong) == 4 else "proofread.confusion"
        yield Hit(rule, match.start(), match.end(), right, "常见误写")
    for context, replacement, rule, note in _contexts():
        for match in context.finditer(text):
            yield Hit(f"proofread.{rule}", match.start(), match.end(), replacement, note)


def _straddles(text: str, start: int, end: int, tabs: Tables) -> bool:
    before = text[start - 1 : start + 1] if start > 0 else ""
    rest = text[start + 1 : start + 3]
    return tabs.freq.get(before, 0) > 0 and tabs.freq.get(rest, 0) > 0 and end - start == 2


# ---------------------------------------------------------------------------
# Names of theories and meetings, one character off
# ---------------------------------------------------------------------------


@cache
def _terms() -> tuple[frozenset[str], dict[str, tuple[tuple[str, bool], ...]], int]:
    data = curated("terms")
    names = frozenset(str(n) for group in data["names"].values() for n in group)
    min_length = int(data["fuzzy"]["min-length"])
    anchors: dict[str, list[tuple[str, bool]]] = {}
    for name in sorted(names):
        if len(name) < min_length or "、" in name:
            continue
        half = len(name) // 2
        anchors.setdefault(name[:half], []).append((name, True))
        anchors.setdefault(name[half:], []).append((name, False))
    return names, {k: tuple(v) for k, v in anchors.items()}, min_length


def term_names(text: str) -> Iterator[Hit]:
    """A stretch one character away from a canonical name (not at its first or last character).

    One edit leaves one half of the name intact, so each half is searched for and the stretch around it compared.
    """
    names, anchors, _ = _terms()
    seen: set[tuple[int, int]] = set()
    for anchor, group in anchors.items():
        i = text.find(anchor)
        while i >= 0:
            for name, left in group:
                for hit in _near(text, i, name, anchor, left, names):
                    if (hit.start, hit.end) not in seen:
                        seen.add((hit.start, hit.end))
                        yield hit
            i = text.find(anchor, i + 1)


def _near(text: str, i: int, name: str, anchor: str, left: bool, names: frozenset[str]) -> Iterator[Hit]:
    n = len(name)
    for size in (n, n - 1, n + 1):
        start = i if left else i + len(anchor) - size
        end = start + size
        if start < 0 or end > len(text):
            continue
        window = text[start:end]
        if window == name or window in names or _has_name(text, start, end, name):
            continue
        edit = _one_edit(window, name)
        if edit is None:
            continue
        pos, wrong_len, right = edit
        if wrong_len == 1 and right and n < _SUBSTITUTION_MIN:
            continue  # a different character in a short name is too often another name (党的最新理论)
        if pos == 0 or pos + max(wrong_len, 1) >= size or pos + len(right) >= n:
            continue  # an edit at either end is just the neighbouring text
        wrong = window[pos : pos + wrong_len]
        if not _cjk(wrong + right) or (set(wrong + right) <= _NUMERALS):
            continue
        if wrong_len == 0:  # dropped character: point at the character before the gap
            yield Hit("proofread.term", start + pos - 1, start + pos, window[pos - 1] + right, f"“{name}”")
        else:
            yield Hit("proofread.term", start + pos, start + pos + wrong_len, right, f"“{name}”")
        return


def _has_name(text: str, start: int, end: int, name: str) -> bool:
    lo = max(0, start - len(name))
    return name in text[lo : end + len(name)]


def _cjk(chars: str) -> bool:
    return all("\u4e00" <= c <= "\u9fff" for c in chars)


def _one_edit(window: str, name: str) -> tuple[int, int, str] | None:
    """(position, length of the wrong part, right part) when ``window`` is one edit away from ``name``."""
    if len(window) == len(name):
        diffs = [k for k in range(len(name)) if window[k] != name[k]]
        return (diffs[0], 1, name[diffs[0]]) if len(diffs) == 1 else None
    short, long_ = (window, name) if len(window) < len(name) else (name, window)
    k = 0
    while k < len(short) and short[k] == long_[k]:
        k += 1
    if short[k:] != long_[k + 1 :]:
        return None
    if len(window) < len(name):
        return (k, 0, name[k])  # a character of the name is missing
    return (k, 1, "")  # an extra character


# ---------------------------------------------------------------------------
# Set phrases (idioms) with one confusable character
# ---------------------------------------------------------------------------


def idioms(text: str, free: bytearray, tabs: Tables) -> Iterator[Hit]:
    """Four characters that are no word but become a set phrase when one character — one that forms no
    word with its neighbours (``free``) — is replaced by a character of similar sound or shape."""
    index = tabs.idiom_index
    function_chars = frozenset(curated("vocabulary")["confusion"]["exempt_chars"])
    n = len(text)
    pos = free.find(1)
    while pos >= 0:
        if text[pos] in function_chars:
            pos = free.find(1, pos + 1)
            continue
        for start in range(max(0, pos - 3), min(pos, n - 4) + 1):
            window = text[start : start + 4]
            k = pos - start
            group = index.get(window[:k] + "?" + window[k + 1 :])
            if not group or tabs.freq.get(window, 0) > 0 or not _cjk(window):
                continue
            hit = next((h for h in (_idiom_hit(window, i, start, tabs) for i in group) if h), None)
            if hit is not None:
                yield hit
                break
        pos = free.find(1, pos + 1)


def _idiom_hit(window: str, idiom: str, start: int, tabs: Tables) -> Hit | None:
    diffs = [k for k in range(4) if window[k] != idiom[k]]
    if len(diffs) != 1:
        return None
    k = diffs[0]
    wrong, right = window[k], idiom[k]
    if right not in tabs.confusable.get(wrong, frozenset()):
        return None
    # The wrong character must not make a common word with its neighbour inside the window (一心一德).
    pairs = ([window[k - 1 : k + 1]] if k > 0 else []) + ([window[k : k + 2]] if k < 3 else [])
    if any(tabs.freq.get(p, 0) > 50 for p in pairs):
        return None
    return Hit("proofread.idiom", start + k, start + k + 1, right, f"“{idiom}”", sure=True)
