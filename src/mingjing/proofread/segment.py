"""A word-unigram score of a short stretch of text: the log-probability of its best segmentation.

This is jieba's own dynamic programme (a DAG of dictionary words, the most probable route through it), run
only on the few characters around a suspect position, so a whole report never needs segmenting.
"""

from __future__ import annotations

import math

from mingjing.proofread.resources import Tables

_PREFIX = math.inf  # marks a string that only begins dictionary words


def best_route(text: str, tabs: Tables) -> tuple[float, tuple[str, ...]]:
    """(log-probability, words) of the most probable segmentation of ``text``."""
    n = len(text)
    logp = tabs.logp
    unknown = tabs.unknown_logp
    score = [0.0] * (n + 1)
    nxt = [n] * (n + 1)
    for i in range(n - 1, -1, -1):
        single = logp.get(text[i])
        best = (unknown if single is None or single == _PREFIX else single) + score[i + 1]
        best_end = i + 1
        j = i + 2
        while j <= n:
            value = logp.get(text[i:j])
            if value is None:
                break
            if value != _PREFIX:
                value += score[j]
                if value > best:
                    best, best_end = value, j
            j += 1
        score[i] = best
        nxt[i] = best_end
    words: list[str] = []
    i = 0
    while i < n:
        words.append(text[i : nxt[i]])
        i = nxt[i]
    return score[0], tuple(words)


def route_score(text: str, tabs: Tables) -> float:
    return best_route(text, tabs)[0]
