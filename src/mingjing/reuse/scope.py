"""Candidate pairs straight from a corpus's index: all pairs across a county's or province's reports.

:func:`reuse_matrix` builds an in-memory index of the reports it is given; for an archive that already
lives in a :class:`~mingjing.reuse.corpus.Corpus` that work is done: the posting buckets are scanned
range by range, every fingerprint shared by two documents of *different groups* (units) counts one
for the pair, and pairs sharing at least ``min_shared`` fingerprints are candidates. A fingerprint
whose postings were capped (``common``: in more documents than the index keeps) pairs each kept
document with the oldest one only, so a 范文 copied in many units is still one cluster without a
quadratic number of pairs (see :func:`_pairs_of`). Only candidates are then aligned (:func:`verified_pairs`), never all N² pairs, split over
worker processes: at a province's 100,000 reports the alignment is most of the time.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import threading
from collections import OrderedDict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from mingjing.reuse.align import Side, align
from mingjing.reuse.boilerplate import BoolArray, default_boilerplate
from mingjing.reuse.canon import canonicalize
from mingjing.reuse.corpus import Corpus
from mingjing.reuse.postings import Postings
from mingjing.reuse.query import passage_kind

MIN_SHARED = 12  # distinct fingerprints (≈ one every 4.5 characters) before a pair is aligned
CHUNK = 1000  # candidate pairs a worker aligns per task (ordered by document, so texts are reused)
MIN_PARALLEL = 2 * CHUNK  # fewer candidates are aligned in the calling process: starting workers costs more
CACHE = 2048  # aligned documents a process keeps (≈ 150 KB each)


@dataclass(frozen=True)
class Candidate:
    """Two documents (ids ``a < b``) sharing ``shared`` distinct fingerprints (counted once per star edge for the capped ones)."""

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
    layout = corpus.layout()
    for lo in range(0, layout.buckets, layout.range):  # memory: one range's postings
        found = corpus.bucket_range(lo, lo + layout.range, layout=layout)
        if len(found):
            yield found


def _pairs_of(postings: Postings, group: npt.NDArray[np.int64], cap: int) -> npt.NDArray[np.uint64]:
    """Pair codes ``a << 32 | b`` (a < b, different groups), one per shared fingerprint.

    A fingerprint with fewer than ``cap`` postings counts for every pair of its documents. One at the
    cap is in more documents than the index keeps (a widely copied 范文 passage, or a formulation):
    pairing all of them would be quadratic, so each document is paired with the oldest one only (or,
    in the oldest one's own unit, with the oldest of another unit), a star instead of a clique. The
    documents copying one passage then still end up in one cluster, and what is only a formulation
    fails the alignment (boilerplate-masked, shorter than a passage) as before."""
    keep = group[postings.docs] >= 0
    postings = postings.without(~keep)
    _, starts, counts = postings.key_counts()
    out: list[npt.NDArray[np.uint64]] = []
    docs = postings.docs.astype(np.uint64)
    for size in np.unique(counts[counts >= 2]).tolist():
        at = starts[counts == size]
        block = docs[at[:, None] + np.arange(size)[None, :]]  # one row per fingerprint, sorted ids
        pairs = _clique(block, group) if size < cap else _star(block, group)
        out.append(pairs)
    return np.concatenate(out) if out else np.zeros(0, dtype=np.uint64)


def _clique(block: npt.NDArray[np.uint64], group: npt.NDArray[np.int64]) -> npt.NDArray[np.uint64]:
    ii, jj = np.triu_indices(block.shape[1], 1)
    a, b = block[:, ii].ravel(), block[:, jj].ravel()
    other = group[a.astype(np.int64)] != group[b.astype(np.int64)]
    return np.asarray((a[other] << np.uint64(32)) | b[other], dtype=np.uint64)


def _star(block: npt.NDArray[np.uint64], group: npt.NDArray[np.int64]) -> npt.NDArray[np.uint64]:
    """Each document with the row's first (oldest); in the first one's unit, with the oldest of another."""
    units = group[block.astype(np.int64)]
    differs = units != units[:, :1]
    has_alt = differs.any(axis=1)
    alt = block[np.arange(len(block)), differs.argmax(axis=1)]
    hub = np.where(differs, block[:, :1], alt[:, None])
    usable = (differs | has_alt[:, None]) & (hub != block)
    usable[:, 0] = False
    x, y = hub[usable], block[usable]
    return np.asarray((np.minimum(x, y) << np.uint64(32)) | np.maximum(x, y), dtype=np.uint64)


def candidate_pairs(
    corpus: Corpus, groups: Mapping[int, int], *, min_shared: int = MIN_SHARED
) -> list[Candidate]:
    """Pairs of documents in different groups (``doc id → group``; others are ignored) that share at
    least ``min_shared`` fingerprints, most shared first."""
    if not groups:
        return []
    size = max(groups) + 1
    group = np.full(size, -1, dtype=np.int64)
    group[np.fromiter(groups.keys(), dtype=np.int64)] = np.fromiter(groups.values(), dtype=np.int64)
    codes = np.zeros(0, dtype=np.uint64)
    counts = np.zeros(0, dtype=np.int64)
    pending: list[npt.NDArray[np.uint64]] = []
    waiting = 0
    for postings in _ranges(corpus):
        postings = postings.without(postings.docs >= size)
        found = _pairs_of(postings, group, corpus.settings.cap)
        pending.append(found)
        waiting += len(found)
        # Totals are kept as sorted arrays, merged in bulk: a dict updated per pair code was most of
        # the scan once a province's ranges yield millions of codes each.
        if waiting > 4 * len(codes) + 1_000_000:
            codes, counts = _merge_counts(codes, counts, pending)
            pending, waiting = [], 0
    codes, counts = _merge_counts(codes, counts, pending)
    keep = counts >= min_shared
    a = (codes[keep] >> np.uint64(32)).astype(np.int64)
    b = (codes[keep] & np.uint64(0xFFFFFFFF)).astype(np.int64)
    shared = counts[keep]
    order = np.lexsort((b, a, -shared))
    return [
        Candidate(int(x), int(y), int(n))
        for x, y, n in zip(a[order].tolist(), b[order].tolist(), shared[order].tolist(), strict=True)
    ]


def _merge_counts(
    codes: npt.NDArray[np.uint64], counts: npt.NDArray[np.int64], pending: list[npt.NDArray[np.uint64]]
) -> tuple[npt.NDArray[np.uint64], npt.NDArray[np.int64]]:
    """Add one count per code in ``pending`` to the totals (``codes`` sorted and distinct)."""
    if not pending:
        return codes, counts
    fresh, fresh_counts = np.unique(np.concatenate(pending), return_counts=True)
    merged, inverse = np.unique(np.concatenate((codes, fresh)), return_inverse=True)
    totals = np.bincount(inverse, weights=np.concatenate((counts, fresh_counts)), minlength=len(merged))
    return merged, totals.astype(np.int64)


def verified_pairs(
    corpus: Corpus,
    candidates: Sequence[Candidate],
    *,
    min_passage: int = 50,
    processes: int | None = None,
) -> list[VerifiedPair]:
    """Align each candidate; keep those sharing one stretch of at least ``min_passage`` characters.

    The alignments are split over ``processes`` worker processes (default: the CPU count), each
    opening the corpus itself; fewer than ``MIN_PARALLEL`` candidates, a single process or an
    in-memory database are aligned here. The result is the same either way, in candidate order."""
    processes = (os.cpu_count() or 1) if processes is None else processes
    order = sorted(range(len(candidates)), key=lambda i: (candidates[i].a, candidates[i].b))
    chunks = [order[s : s + CHUNK] for s in range(0, len(order), CHUNK)]
    tasks = [[(candidates[i].a, candidates[i].b) for i in chunk] for chunk in chunks]
    found: list[VerifiedPair | None] = [None] * len(candidates)
    where = corpus.db.where
    local = processes <= 1 or len(candidates) < MIN_PARALLEL or where in ("", ":memory:")
    if local:
        aligner = _Aligner(corpus)
        for chunk, task in zip(chunks, tasks, strict=True):
            for i, pair in zip(chunk, aligner.run(task, min_passage), strict=True):
                found[i] = pair
    else:
        # fork while this is the only thread (a script, the CLI: nothing to re-import); spawn when other
        # threads run (a web process): a fork copies the locks they hold, never released in the child
        alone = threading.active_count() == 1 and "fork" in mp.get_all_start_methods()
        context = mp.get_context("fork" if alone else "spawn")
        with context.Pool(min(processes, len(tasks)), initializer=_start_worker, initargs=(where,)) as pool:
            results = pool.imap(_work, [(task, min_passage) for task in tasks])
            for chunk, result in zip(chunks, results, strict=True):
                for i, pair in zip(chunk, result, strict=True):
                    found[i] = pair
    return [p for p in found if p is not None]


class _Aligner:
    """Aligns candidate pairs of one corpus, keeping the most recently used documents ready."""

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self.k = corpus.settings.k
        self.boiler = default_boilerplate()
        self.ready: OrderedDict[int, tuple[Side, BoolArray]] = OrderedDict()

    def _load(self, ids: Sequence[int]) -> None:
        missing = [i for i in dict.fromkeys(ids) if i not in self.ready]
        for i in ids:
            if i in self.ready:
                self.ready.move_to_end(i)
        for doc_id, doc in self.corpus.documents(missing).items():
            side = Side.build(canonicalize(doc.match_text), doc.text, self.k)
            self.ready[doc_id] = (side, self.boiler.mask(side.canon.chars))
        while len(self.ready) > max(CACHE, len(set(ids))):
            self.ready.popitem(last=False)

    def run(self, pairs: Sequence[tuple[int, int]], min_passage: int) -> list[VerifiedPair | None]:
        """Per pair (in order): the verified pair, or None when it shares no long enough copy."""
        self._load([d for pair in pairs for d in pair])
        out: list[VerifiedPair | None] = []
        for a, b in pairs:
            if a not in self.ready or b not in self.ready:
                out.append(None)
                continue
            (side_a, mask_a), (side_b, _) = self.ready[a], self.ready[b]
            kept = [
                x
                for x in align(side_a, side_b, k=self.k)
                if passage_kind(mask_a, x.qs, x.qe, self.k) == "copy"
            ]
            longest = max((x.qe - x.qs for x in kept), default=0)
            if longest >= min_passage:
                a_copied = sum(x.qe - x.qs for x in kept)
                b_copied = sum(x.se - x.ss for x in kept)
                out.append(VerifiedPair(a, b, a_copied, b_copied, longest))
            else:
                out.append(None)
        return out


_WORKER: _Aligner | None = None


def _start_worker(where: str) -> None:
    global _WORKER
    _WORKER = _Aligner(Corpus.open(where))


def _work(job: tuple[list[tuple[int, int]], int]) -> list[VerifiedPair | None]:
    assert _WORKER is not None
    return _WORKER.run(*job)


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
