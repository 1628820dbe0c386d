"""Map aspect headings to a framework's canonical aspects, and detect the framework of a report.

All matching is done on simplified text (callers pass ``match_text`` slices).

Mapping one heading (:func:`map_aspect`): the heading is reduced to its core ("（一）在理论学习方面。"
→ "理论学习": number, punctuation, a leading 在/关于/对照/检视 and a trailing 方面(存在的问题) removed), then
compared with each aspect's name and aliases:

* equal → 1.0;
* the heading *starts* with the term → 0.8 + 0.2 × the share of the heading the term covers: a
  sentence heading names its aspect as its subject ("政治素质还需锤炼，政治判断力……有待提高",
  "（一）在学习贯彻习近平新时代中国特色社会主义思想上还有差距");
* one contains the other → 0.6 + 0.35 × the share of the longer string the shorter covers;
* otherwise the Dice coefficient of character bigrams (with 带头/的/和 removed), which is how the long
  "带头……" headings written in a unit's own words still find their aspect.

The best aspect wins if it scores at least :data:`MIN_ASPECT_SCORE`; otherwise the heading is unknown.

Mapping all headings of a problems part (:func:`map_aspects`) adds one rule, by elimination: when
every other heading maps to a distinct aspect and exactly one aspect of the framework is left, a
heading that maps to nothing takes that aspect with confidence :data:`ELIMINATION_CONFIDENCE`
(a report covers each aspect once; the left-over heading is the left-over aspect in other words).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from mingjing.frameworks.loader import Framework, list_frameworks
from mingjing.model import FrameworkMatch
from mingjing.text.chars import IDEOGRAPH
from mingjing.text.numbering import marker_at

MIN_ASPECT_SCORE = 0.5
ELIMINATION_CONFIDENCE = 0.5  # below any direct mapping of a sentence heading (≥ 0.6)
MIN_FRAMEWORK_CONFIDENCE = 0.4
OTHER_KIND_FACTOR = 0.5
OTHER_YEAR_FACTOR = 0.75
_MEETING_YEAR_RE = re.compile(r"(20\d\d)\s*年度?[^，。；\n]{0,16}?(?:民主生活会|组织生活会)")
_LAST_YEAR_RE = re.compile(r"查摆|整改|上一?年度|去年|生活会上|以来")
_ASPECT_WEIGHT = 0.8
_NOT_WORD_RE = re.compile(f"[^{IDEOGRAPH}A-Za-z0-9]+")
_TRAILING_RE = re.compile(r"(方面)?(存在|查摆|暴露)?(出)?(的)?(主要|突出)?(问题|不足|差距)$|方面$")
_LEADING_RE = re.compile(r"^(在|关于|对照|围绕|聚焦|检视)(?=..)")
_FILLER_RE = re.compile(r"带头|方面|的|和|与|及")


@dataclass(frozen=True)
class AspectMapping:
    aspect: str | None
    confidence: float
    inferred: bool = False  # found by elimination, not named by the heading


def heading_core(heading: str) -> str:
    """The words that name an aspect: no number, punctuation, 在…方面 frame or trailing 问题."""
    marker = marker_at(heading, 0)
    if marker is not None:
        heading = heading[marker.end :]
    core = _NOT_WORD_RE.sub("", heading)
    for _ in range(2):
        core = _TRAILING_RE.sub("", core)
    stripped = _LEADING_RE.sub("", core)
    return stripped or core


def _bigrams(text: str) -> frozenset[str]:
    return frozenset(text[i : i + 2] for i in range(len(text) - 1))


def _dice(a: str, b: str) -> float:
    left, right = _bigrams(_FILLER_RE.sub("", a)), _bigrams(_FILLER_RE.sub("", b))
    if not left or not right:
        return 0.0
    return 2 * len(left & right) / (len(left) + len(right))


def _term_score(core: str, term: str, subject: bool) -> float:
    if not core or not term:
        return 0.0
    if core == term:
        return 1.0
    if subject and core.startswith(term):
        return 0.8 + 0.2 * len(term) / len(core)
    if term in core:
        return 0.6 + 0.35 * len(term) / len(core)
    if len(core) >= 2 and core in term:
        return 0.6 + 0.35 * len(core) / len(term)
    return _dice(core, term)


@lru_cache(maxsize=64)
def _terms(framework: Framework) -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple(
        (aspect.name, tuple(heading_core(t) for t in (aspect.name, *aspect.aliases)))
        for aspect in framework.aspect_defs
    )


@lru_cache(maxsize=4096)
def _map_core(framework: Framework, core: str, subject: bool = True) -> AspectMapping:
    best_name: str | None = None
    best = 0.0
    for name, terms in _terms(framework):
        score = max(_term_score(core, term, subject) for term in terms)
        if score > best:
            best_name, best = name, score
    if best < MIN_ASPECT_SCORE:
        return AspectMapping(None, round(best, 3))
    return AspectMapping(best_name, round(min(best, 1.0), 3))


def map_aspect(framework: Framework, heading: str) -> AspectMapping:
    """The canonical aspect ``heading`` (simplified text) names in ``framework``, with a confidence."""
    if framework.generic or not framework.aspect_defs:
        return AspectMapping(None, 0.0)
    return _map_core(framework, heading_core(heading))


def map_aspects(framework: Framework, headings: Sequence[str]) -> list[AspectMapping]:
    """Map every aspect heading of one problems part, with the elimination rule (module docstring)."""
    mappings = [map_aspect(framework, heading) for heading in headings]
    unknown = [index for index, mapping in enumerate(mappings) if mapping.aspect is None]
    mapped = [mapping.aspect for mapping in mappings if mapping.aspect is not None]
    left = [name for name in framework.aspects if name not in mapped]
    if len(unknown) == 1 and len(set(mapped)) == len(mapped) and len(left) == 1:
        mappings[unknown[0]] = AspectMapping(left[0], ELIMINATION_CONFIDENCE, inferred=True)
    return mappings


def best_aspect_score(heading: str) -> float:
    """How well ``heading`` *is* the name of an aspect of any shipped framework (0–1).

    Used to decide whether a line is an aspect heading at all, so a term at the start of the
    heading gets no extra credit here: "理论学习不够深入" is a problem's headline, not an aspect.
    """
    core = heading_core(heading)
    scores = [_map_core(f, core, False) for f in list_frameworks() if not f.generic and f.aspect_defs]
    return max((m.confidence for m in scores if m.aspect is not None), default=0.0)


def _keyword_score(framework: Framework, text: str) -> float:
    hits = sum(1 for keyword in framework.keywords if keyword in text)
    return min(1.0, hits / 2)


def score_framework(framework: Framework, headings: Sequence[str], text: str) -> float:
    """How well a report fits ``framework``: aspect coverage/precision (F1) and detection keywords.

    A framework with ``requires_keyword`` scores 0 unless one of its keywords occurs in ``text`` or
    the headings (the 2023 四个检视 only when the headings or the opening say 检视…情况/四个检视)."""
    if framework.generic:
        return 0.0
    if framework.requires_keyword and not _keyword_score(framework, text + "\n".join(headings)):
        return 0.0
    keywords = _keyword_score(framework, text)
    if not headings or not framework.aspect_defs:
        # a framework known only by its aspects (requires_keyword) needs them: keywords alone name the year
        return 0.0 if framework.requires_keyword else round(0.5 * keywords, 3)
    mapped = [map_aspect(framework, heading).aspect for heading in headings]
    hits = [aspect for aspect in mapped if aspect is not None]
    if not hits:
        return round((1 - _ASPECT_WEIGHT) * keywords, 3)
    precision = len(hits) / len(headings)
    coverage = len(set(hits)) / len(framework.aspect_defs)
    f1 = 2 * precision * coverage / (precision + coverage)
    return round(_ASPECT_WEIGHT * f1 + (1 - _ASPECT_WEIGHT) * keywords, 3)


def _kind_factor(framework: Framework, meeting_kind: str | None) -> float:
    if meeting_kind is None or meeting_kind in framework.meeting_kinds:
        return 1.0
    return OTHER_KIND_FACTOR


def meeting_year_named(text: str) -> int | None:
    """The meeting year the opening names ("召开2025年度民主生活会"), not last year's ("2024年度…查摆的问题")."""
    for match in _MEETING_YEAR_RE.finditer(text):
        start = max(text.rfind(c, 0, match.start()) for c in "，。；\n") + 1
        ends = [i for i in (text.find(c, match.end()) for c in "，。；\n") if i >= 0]
        if not _LAST_YEAR_RE.search(text[start : min(ends, default=len(text))]):
            return int(match.group(1))
    return None


def _year_factor(framework: Framework, year: int | None) -> float:
    """A framework of other years fits less: the 2023 aspects under a 2025 title are a weaker match."""
    if year is None or framework.year <= 0:
        return 1.0
    first, last = framework.years
    return 1.0 if first <= year <= last else OTHER_YEAR_FACTOR


def detect_framework(headings: list[str], text: str, *, meeting_kind: str | None = None) -> FrameworkMatch:
    """The framework that best explains the aspect ``headings`` and the report's opening ``text``.

    A framework made for another meeting kind (a 民主生活会 framework for a 组织生活会 report) counts
    half; one whose years do not include the meeting year the opening names counts three quarters (a
    2025 report whose headings half-match the 2023 aspects is not a 2023 report). Falls back to the generic framework when no specific one reaches
    :data:`MIN_FRAMEWORK_CONFIDENCE`; its confidence is then one minus the best specific score.
    """
    year = meeting_year_named(text)
    candidates = [
        (_kind_factor(f, meeting_kind) * _year_factor(f, year) * score_framework(f, headings, text), f)
        for f in list_frameworks()
        if not f.generic
    ]
    best_score, best = max(candidates, key=lambda pair: pair[0], default=(0.0, None))
    if best is not None and best_score >= MIN_FRAMEWORK_CONFIDENCE:
        return FrameworkMatch(best.id, best.name, best_score)
    generic = next(f for f in list_frameworks() if f.generic)
    return FrameworkMatch(generic.id, generic.name, round(1.0 - best_score, 3))
