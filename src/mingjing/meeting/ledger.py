"""Turning a report's problems and measures into rectification-ledger drafts, in plain Python.

A report lists its problems (查摆的问题) and its measures (整改措施) in two parts that rarely correspond
one to one. A ledger item needs both, so each problem is paired with the measure whose words overlap it
most (content bigrams, as ``opinion.unanswered`` measures them); a problem no measure answers keeps an
empty measure for its owner to fill in, and a measure no problem took becomes an item of its own.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from mingjing.checks.rules.measure import stop_bigrams
from mingjing.checks.view import CJK
from mingjing.text.chars import to_simplified

_BIGRAM_RE = re.compile(f"(?=([{CJK}]{{2}}))")
_PARAGRAPH_RE = re.compile(r"[^\n]+")
# Below this share of the smaller text's bigrams, a measure is not taken to answer a problem.
PAIR_MIN_OVERLAP = 0.2


def content_bigrams(text: str) -> frozenset[str]:
    """Adjacent Chinese character pairs of ``text`` (simplified), without the genre's stop-bigrams."""
    stop = stop_bigrams()
    return frozenset(b for b in _BIGRAM_RE.findall(to_simplified(text)) if b not in stop)


def coverage(needle: str, text: str) -> float:
    """The best share of ``needle``'s bigrams found in one paragraph (line) of ``text``."""
    wanted = content_bigrams(needle)
    if not wanted:
        return 1.0
    best = max((len(wanted & content_bigrams(p)) for p in _PARAGRAPH_RE.findall(text)), default=0)
    return best / len(wanted)


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class DraftItem:
    """One draft: the problem's words and the measure's words, each with its place in the report text."""

    problem: Span | None
    measure: Span | None


def _share(a: frozenset[str], b: frozenset[str]) -> float:
    # Relative to the smaller text: a short measure inside a long problem's words still answers it.
    smaller = min(len(a), len(b))
    return len(a & b) / smaller if smaller else 0.0


def pair_measures(problems: Sequence[Span], measures: Sequence[Span]) -> tuple[DraftItem, ...]:
    """Each problem with the measure that answers it (or none); then the measures no problem took.

    Pairs are made best first, one measure per problem; a problem still without one may then share a
    measure already taken, when that measure answers it well enough.
    """
    p_sets = [content_bigrams(p.text) for p in problems]
    m_sets = [content_bigrams(m.text) for m in measures]
    scores = sorted(
        ((_share(ps, ms), i, j) for i, ps in enumerate(p_sets) for j, ms in enumerate(m_sets)),
        reverse=True,
    )
    chosen: dict[int, int] = {}
    used: set[int] = set()
    for share, i, j in scores:
        if share < PAIR_MIN_OVERLAP:
            break
        if i not in chosen and j not in used:
            chosen[i] = j
            used.add(j)
    for share, i, j in scores:
        if share < PAIR_MIN_OVERLAP:
            break
        chosen.setdefault(i, j)
    drafts = [DraftItem(p, measures[chosen[i]] if i in chosen else None) for i, p in enumerate(problems)]
    taken = set(chosen.values())
    drafts.extend(DraftItem(None, m) for j, m in enumerate(measures) if j not in taken)
    return tuple(drafts)
