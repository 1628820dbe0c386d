"""Classify an opinion (征求意见) to an aspect of the meeting's framework, and merge near-duplicates.

No model and no download: opinions are scored against *themes* (data/classify.toml) by keywords,
and each aspect of whatever framework the meeting uses is linked to themes by the anchors found in its
own name, aliases and requirement texts. So a framework an admin defines next winter classifies
without new code, as long as its aspect wording uses the ordinary vocabulary (政治、作风、廉洁 …).
Nothing here touches Django.
"""

from __future__ import annotations

import hashlib
import re
import tomllib
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from mingjing.facade import Framework


@dataclass(frozen=True)
class Theme:
    key: str
    label: str
    anchors: tuple[str, ...]
    strong: tuple[str, ...]
    keywords: tuple[str, ...]
    fallback: tuple[str, ...]


@dataclass(frozen=True)
class Settings:
    review_below: float
    alias_weight: float
    fallback_weight: float
    merge_similarity: float
    merge_containment: float


@dataclass(frozen=True)
class Classification:
    """The aspect an opinion is about ("" when nothing points anywhere) and how sure we are (0–1)."""

    aspect: str
    confidence: float
    scores: tuple[tuple[str, float], ...] = ()


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    text = resources.files("mingjing_web.consult").joinpath("data/classify.toml").read_text("utf-8")
    return tomllib.loads(text)


@lru_cache(maxsize=1)
def themes() -> tuple[Theme, ...]:
    raw = _data()["themes"]
    return tuple(
        Theme(
            key=key,
            label=str(value["label"]),
            anchors=tuple(value.get("anchors", ())),
            strong=tuple(value.get("strong", ())),
            keywords=tuple(value.get("keywords", ())),
            fallback=tuple(value.get("fallback", ())),
        )
        for key, value in raw.items()
    )


@lru_cache(maxsize=1)
def settings() -> Settings:
    raw = _data()["settings"]
    return Settings(**{field: float(raw[field]) for field in Settings.__dataclass_fields__})


def normalise(text: str) -> str:
    """NFKC, no whitespace or punctuation: the form duplicates are compared in."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in text if not (ch.isspace() or unicodedata.category(ch).startswith("P")))


def content_hash(text: str) -> str:
    """A stable hash of the normalised text (exact-duplicate detection and the listing order)."""
    return hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()


def _hits(text: str, terms: Iterable[tuple[str, str, float]]) -> list[tuple[int, int, str, float]]:
    """Occurrences of (term, key, weight) in text, dropping any strictly inside a longer occurrence.

    Why: "政治能力" must count for politics, not also for ability through its "能力".
    """
    found: list[tuple[int, int, str, float]] = []
    for term, key, weight in terms:
        if not term:
            continue
        for match in re.finditer(re.escape(term), text):
            found.append((match.start(), match.end(), key, weight))
    kept = []
    for start, end, key, weight in found:
        inside = any(s <= start and end <= e and (e - s) > (end - start) for s, e, _k, _w in found)
        if not inside:
            kept.append((start, end, key, weight))
    # The same span matched by two terms of one theme counts once.
    unique = {(s, e, k): w for s, e, k, w in kept}
    return [(s, e, k, w) for (s, e, k), w in unique.items()]


@lru_cache(maxsize=1)
def _anchor_terms() -> tuple[tuple[str, str, float], ...]:
    return tuple((anchor, theme.key, 1.0) for theme in themes() for anchor in theme.anchors)


@lru_cache(maxsize=1)
def _keyword_terms() -> tuple[tuple[str, str, float], ...]:
    terms = [(word, theme.key, 2.0) for theme in themes() for word in theme.strong]
    terms += [(word, theme.key, 1.0) for theme in themes() for word in theme.keywords]
    return tuple(terms)


def _link(strings: Sequence[str]) -> dict[str, float]:
    counts: dict[str, float] = {}
    for text in strings:
        for key in {k for _s, _e, k, _w in _hits(text, _anchor_terms())}:
            counts[key] = counts.get(key, 0.0) + 1.0
    top = max(counts.values(), default=0.0)
    return {key: value / top for key, value in counts.items()} if top else {}


@lru_cache(maxsize=64)
def aspect_themes(framework: Framework) -> dict[str, dict[str, float]]:
    """Each aspect's affinity (0–1) to each theme, from its own name and aliases.

    Requirement texts are shared between aspects (两个方面 answer 以学正风), so they only link an
    aspect whose names link to nothing.
    """
    linked: dict[str, dict[str, float]] = {}
    requirement_text = {req.name: req.text for req in framework.requirements}
    for aspect in framework.aspect_defs:
        links = _link([aspect.name, *aspect.aliases])
        if not links:
            links = _link(
                [text for name in aspect.requirements for text in (name, requirement_text.get(name, ""))]
            )
        linked[aspect.name] = links
    return linked


def _theme_scores(text: str) -> dict[str, float]:
    scores: dict[str, float] = {}
    for _start, _end, key, weight in _hits(text, _keyword_terms()):
        scores[key] = scores.get(key, 0.0) + weight
    return scores


def _redistribute(scores: dict[str, float], present: set[str]) -> dict[str, float]:
    """Move the score of a theme no aspect covers to its fallback themes that some aspect covers."""
    by_key = {theme.key: theme for theme in themes()}
    weight = settings().fallback_weight
    result: dict[str, float] = {}
    for key, score in scores.items():
        if key in present:
            result[key] = result.get(key, 0.0) + score
            continue
        targets = [t for t in by_key[key].fallback if t in present] if key in by_key else []
        for target in targets[:1]:
            result[target] = result.get(target, 0.0) + score * weight
    return result


def classify(text: str, framework: Framework) -> Classification:
    """The framework aspect an opinion is about, with a confidence (top score over all scores)."""
    if not framework.aspect_defs:
        return Classification("", 0.0)
    links = aspect_themes(framework)
    present = {key for affinity in links.values() for key, value in affinity.items() if value > 0}
    theme_scores = _redistribute(_theme_scores(text), present)
    alias_weight = settings().alias_weight
    scored: dict[str, float] = {}
    for aspect in framework.aspect_defs:
        score = sum(theme_scores.get(key, 0.0) * value for key, value in links[aspect.name].items())
        if any(alias and alias in text for alias in (aspect.name, *aspect.aliases) if len(alias) >= 3):
            score += alias_weight
        scored[aspect.name] = score
    total = sum(scored.values())
    ranked = tuple(sorted(scored.items(), key=lambda item: -item[1]))
    if total <= 0:
        return Classification("", 0.0, ranked)
    best, top = ranked[0]
    return Classification(best, round(top / total, 3), ranked)


def bigrams(text: str) -> frozenset[str]:
    norm = normalise(text)
    if len(norm) < 2:
        return frozenset({norm}) if norm else frozenset()
    return frozenset(norm[i : i + 2] for i in range(len(norm) - 1))


def similarity(a: frozenset[str], b: frozenset[str]) -> tuple[float, float]:
    """(Jaccard, containment of the smaller in the larger) of two bigram sets."""
    if not a or not b:
        return 0.0, 0.0
    common = len(a & b)
    return common / len(a | b), common / min(len(a), len(b))


def near_duplicate(a: frozenset[str], b: frozenset[str]) -> bool:
    jaccard, containment = similarity(a, b)
    config = settings()
    return jaccard >= config.merge_similarity or containment >= config.merge_containment


def merge_groups(texts: Sequence[str]) -> list[list[int]]:
    """Indices of ``texts`` grouped into near-duplicate clusters (single link), in input order."""
    grams = [bigrams(text) for text in texts]
    parent = list(range(len(texts)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(texts)):
        for j in range(i + 1, len(texts)):
            if root(i) != root(j) and near_duplicate(grams[i], grams[j]):
                parent[root(j)] = root(i)
    groups: dict[int, list[int]] = {}
    for i in range(len(texts)):
        groups.setdefault(root(i), []).append(i)
    return list(groups.values())
