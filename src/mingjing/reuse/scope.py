"""Candidate pairs straight from a corpus's index: all pairs across a county's or province's reports.

:func:`reuse_matrix` builds an in-memory index of the reports it is given; for an archive that already
lives in a :class:`~mingjing.reuse.corpus.Corpus` that work is done: the posting buckets are scanned
range by range, every fingerprint shared by two documents of *different groups* (units) counts one
for the pair, and pairs sharing at least ``min_shared`` fingerprints are candidates. Fingerprints
whose postings were capped (``common``) are skipped: a formulation in more than ``cap`` documents
ties nobody. Only candidates are then aligned (:func:`verified_pairs`), never all N² pairs.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from mingjing.reuse.align import Side, align
from mingjing.reuse.boilerplate import default_boilerplate
from mingjing.reuse.canon import canonicalize
from mingjing.reuse.corpus import Corpus
from mingjing.reuse.postings import BUCKET_BITS, Postings
from mingjing.reuse.query import passage_kind

SCAN_RANGE = 1 << 14  # buckets read per range scan (memory: one range's postings)
MIN_SHARED = 12  # distinct fingerprints (≈ one every 4.5 characters) before a pair is aligned


@dataclass(frozen=True)
class Candidate:
    """Two documents (ids ``a < b``) sharing ``shared`` distinct uncommon fingerprints."""

    a: int
    b: int
    shared: int


@dataclass(frozen=True)
class VerifiedPair:
    """A candidate confirmed by alignment: content characters of each inside shared stretches."""

    a: int
    b: int
    a_copied: int
    b_copied: int
    longest: int


def _ranges(corpus: Corpus) -> Iterator[Postings]:
    for lo in range(0, 1 << BUCKET_BITS, SCAN_RANGE):
        rows = corpus.db.execute(
            "SELECT bucket, data FROM mj_reuse_postings WHERE bucket >= ? AND bucket < ? ORDER BY bucket",
            (lo, lo + SCAN_RANGE),
        )
        if rows:
            yield Postings.decode([(int(b), bytes(d)) for b, d in rows])


def _pairs_of(postings: Postings, group: npt.NDArray[np.int64], cap: int) -> npt.NDArray[np.uint64]:
    """Pair codes ``a << 32 | b`` (a < b, different groups), one per shared fingerprint."""
    keep = group[postings.docs] >= 0
    postings = postings.without(~keep)
    _, starts, counts = postings.key_counts()
    out: list[npt.NDArray[np.uint64]] = []
    docs = postings.docs.astype(np.uint64)
    for size in np.unique(counts[(counts >= 2) & (counts < cap)]).tolist():
        at = starts[counts == size]
        block = docs[at[:, None] + np.arange(size)[None, :]]  # one row per fingerprint, sorted ids
        ii, jj = np.triu_indices(size, 1)
        a, b = block[:, ii].ravel(), block[:, jj].ravel()
        other = group[a.astype(np.int64)] != group[b.astype(np.int64)]
        out.append((a[other] << np.uint64(32)) | b[other])
    return np.concatenate(out) if out else np.zeros(0, dtype=np.uint64)


def candidate_pairs(
    corpus: Corpus, groups: Mapping[int, int], *, min_shared: int = MIN_SHARED
) -> list[Candidate]:
    """Pairs of documents in different groups (``doc id → group``; others are ignored) that share at
    least ``min_shared`` uncommon fingerprints, most shared first."""
    if not groups:
        return []
    size = max(groups) + 1
    group = np.full(size, -1, dtype=np.int64)
    for doc_id, g in groups.items():
        group[doc_id] = g
    totals: dict[int, int] = {}
    for postings in _ranges(corpus):
        postings = postings.without(postings.docs >= size)
        codes, counts = np.unique(_pairs_of(postings, group, corpus.settings.cap), return_counts=True)
        for code, count in zip(codes.tolist(), counts.tolist(), strict=True):
            totals[code] = totals.get(code, 0) + count
    found = [Candidate(c >> 32, c & 0xFFFFFFFF, n) for c, n in totals.items() if n >= min_shared]
    return sorted(found, key=lambda c: (-c.shared, c.a, c.b))


def verified_pairs(
    corpus: Corpus, candidates: Sequence[Candidate], *, min_passage: int = 50
) -> list[VerifiedPair]:
    """Align each candidate; keep those sharing one stretch of at least ``min_passage`` characters."""
    ids = sorted({c.a for c in candidates} | {c.b for c in candidates})
    texts = corpus.documents(ids)
    k = corpus.settings.k
    sides = {i: Side.build(canonicalize(d.match_text), d.text, k) for i, d in texts.items()}
    boiler = default_boilerplate()
    masks = {i: boiler.mask(side.canon.chars) for i, side in sides.items()}
    out: list[VerifiedPair] = []
    for c in candidates:
        if c.a not in sides or c.b not in sides:
            continue
        found = [
            a for a in align(sides[c.a], sides[c.b], k=k) if passage_kind(masks[c.a], a.qs, a.qe, k) == "copy"
        ]
        longest = max((a.qe - a.qs for a in found), default=0)
        if longest >= min_passage:
            a_copied = sum(a.qe - a.qs for a in found)
            b_copied = sum(a.se - a.ss for a in found)
            out.append(VerifiedPair(c.a, c.b, a_copied, b_copied, longest))
    return out


def clusters(pairs: Sequence[VerifiedPair]) -> list[tuple[int, ...]]:
    """Connected groups of documents tied by verified pairs, largest first."""
    parent: dict[int, int] = {}

    def root(x: int) -> int:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for p in pairs:
        parent[root(p.a)] = root(p.b)
    groups: dict[int, list[int]] = {}
    for x in list(parent):
        groups.setdefault(root(x), []).append(x)
    return sorted((tuple(sorted(g)) for g in groups.values() if len(g) > 1), key=lambda g: (-len(g), g))
