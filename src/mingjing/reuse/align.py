"""Seed-and-extend alignment of two canonical streams into passages (one passage per copied stretch).

1. Seeds: every k-gram the two streams share (all k-grams here, not only the winnowed ones: once a
   candidate source is known, both texts are at hand and exactness is cheap).
2. Blocks: seeds on one diagonal with consecutive positions merge into exact-match blocks.
3. Chains: blocks close in the query (gap ≤ ``gap``) join one chain when their source is close too or
   lies in the same source paragraph — this keeps a copy together across light edits and across
   sentences reordered within a paragraph.
4. Ends: each chain is extended outward with a small banded X-drop alignment, so an edit a few
   characters from either end does not cut the passage short.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from mingjing.reuse.canon import Canonical
from mingjing.reuse.fingerprint import HashArray, K, kgram_hashes

IntArray = npt.NDArray[np.int64]

GAP = 32  # largest uncovered stretch (canonical characters) bridged inside one passage
MAX_REPEAT = 16  # a k-gram repeated more often than this in the source is a stock phrase: no seeds
_DRIFT = 6  # diagonal shift a few inserted or deleted characters cause
_REORDER_GAP = 16  # reordered sentences sit side by side in the query (a short one between may be unmatched)
_FILL = (6, 16)  # a reordered sentence this short has no 13-gram: taken in when found nearby
_SENTENCE_ENDS = np.array([ord(c) for c in "。；！？!?;\n"], dtype=np.uint32)
_EXTEND = 48  # how far the end extension looks
_BAND = 4
_XDROP = 5


@dataclass(frozen=True)
class Side:
    """One text prepared for alignment: canonical stream, all k-gram hashes, paragraph of each char."""

    canon: Canonical
    hashes: HashArray
    paragraph: IntArray
    sentences: IntArray  # canonical offsets where a sentence (or line) starts, with 0 and the end

    @classmethod
    def build(cls, canon: Canonical, text: str, k: int = K) -> Side:
        return cls.from_layout(canon, *cls.layout(canon, text), k)

    @staticmethod
    def layout(canon: Canonical, text: str) -> tuple[IntArray, IntArray]:
        """Text offsets of line breaks, and canonical offsets where sentences start (small arrays)."""
        codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
        newlines = np.flatnonzero(codes == 10)
        ends = np.flatnonzero(np.isin(codes, _SENTENCE_ENDS))
        starts = np.unique(np.concatenate(([0, len(canon)], np.searchsorted(canon.positions, ends))))
        return newlines.astype(np.int64), starts.astype(np.int64)

    @classmethod
    def from_layout(cls, canon: Canonical, newlines: IntArray, sentences: IntArray, k: int = K) -> Side:
        paragraph = np.searchsorted(newlines, canon.positions).astype(np.int64)
        return cls(canon, kgram_hashes(canon.codes, k), paragraph, sentences)


@dataclass(frozen=True)
class Block:
    """An exact match: query ``[qs, qe)`` equals source ``[ss, se)`` (canonical offsets)."""

    qs: int
    qe: int
    ss: int
    se: int


@dataclass
class Chain:
    """Blocks that belong to one copied stretch; ``qs..qe`` and ``ss..se`` are hulls."""

    qs: int
    qe: int
    ss: int
    se: int
    blocks: list[Block] = field(default_factory=list)
    paragraphs: set[int] = field(default_factory=set)

    def matched(self) -> int:
        """Query characters covered by exact blocks (overlaps counted once)."""
        total, reach = 0, -1
        for block in sorted(self.blocks, key=lambda b: b.qs):
            start = max(block.qs, reach)
            if block.qe > start:
                total += block.qe - start
            reach = max(reach, block.qe)
        return total


@dataclass(frozen=True)
class Alignment:
    """One aligned passage in canonical offsets, with matched characters for the similarity."""

    qs: int
    qe: int
    ss: int
    se: int
    matched: int

    @property
    def similarity(self) -> float:
        return min(1.0, 2.0 * self.matched / ((self.qe - self.qs) + (self.se - self.ss)))


def seed_pairs(
    query: HashArray, source: HashArray, max_repeat: int = MAX_REPEAT
) -> tuple[IntArray, IntArray]:
    """All (query position, source position) pairs with equal k-gram hashes.

    One sort of both arrays together (a merge join): faster here than binary searches. A k-gram
    repeated more than ``max_repeat`` times on a side gives no seeds (a stock phrase said over and over).
    """
    n = len(query)
    if n == 0 or len(source) == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    both = np.concatenate((query, source)).view(np.int64)
    order = np.argsort(both)
    ranked = both[order]
    change = ranked[1:] != ranked[:-1]
    starts = np.flatnonzero(np.concatenate(([True], change)))
    sizes = np.diff(np.concatenate((starts, [len(ranked)])))
    two = starts[sizes == 2]
    x, y = order[two], order[two + 1]
    mixed = (x < n) != (y < n)
    x, y = x[mixed], y[mixed]
    qs = [np.where(x < n, x, y)]
    ss = [np.where(x < n, y, x) - n]
    for start, size in zip(starts[sizes > 2].tolist(), sizes[sizes > 2].tolist(), strict=True):
        members = order[start : start + size]
        in_q, in_s = members[members < n], members[members >= n] - n
        if len(in_q) and len(in_s) and max(len(in_q), len(in_s)) <= max_repeat:
            qs.append(np.repeat(in_q, len(in_s)))
            ss.append(np.tile(in_s, len(in_q)))
    return np.concatenate(qs).astype(np.int64), np.concatenate(ss).astype(np.int64)


def blocks_from_seeds(qpos: IntArray, spos: IntArray, k: int = K) -> list[Block]:
    """Merge seeds on one diagonal with consecutive query positions into exact-match blocks."""
    if len(qpos) == 0:
        return []
    diag = spos - qpos
    order = np.lexsort((qpos, diag))
    q, d = qpos[order], diag[order]
    breaks = np.flatnonzero((np.diff(d) != 0) | (np.diff(q) != 1)) + 1
    starts = np.concatenate(([0], breaks))
    ends = np.concatenate((breaks, [len(q)])) - 1
    return [
        Block(int(q[a]), int(q[b]) + k, int(q[a] + d[a]), int(q[b] + d[a]) + k)
        for a, b in zip(starts.tolist(), ends.tolist(), strict=True)
    ]


def _fits(chain: Chain, block: Block, para: int, gap: int) -> bool:
    """Light edits keep the diagonal nearly constant; a reorder jumps but stays in one paragraph."""
    qgap = block.qs - chain.qe
    if qgap > gap:
        return False
    last = chain.blocks[-1]
    drift = abs((block.ss - block.qs) - (last.ss - last.qs))
    if drift <= _DRIFT + max(qgap, 0) // 4:
        return True
    # A block overlapping the chain in the query on another diagonal is the same words repeated
    # elsewhere in the source, not the next sentence of a reordered paragraph.
    return -_DRIFT <= qgap <= _REORDER_GAP and para in chain.paragraphs


def chain_blocks(blocks: list[Block], source_paragraph: IntArray, gap: int = GAP) -> list[Chain]:
    """Group blocks into chains of one copied stretch each (monotone-ish within ``gap``)."""
    chains: list[Chain] = []
    open_chains: list[Chain] = []
    for block in sorted(blocks, key=lambda b: (b.qs, -(b.qe - b.qs))):
        para = int(source_paragraph[block.ss])
        open_chains = [c for c in open_chains if block.qs - c.qe <= gap]
        fitting = [c for c in open_chains if _fits(c, block, para, gap)]
        if fitting:
            diag = block.ss - block.qs
            chain = min(fitting, key=lambda c: abs((c.blocks[-1].ss - c.blocks[-1].qs) - diag))
            chain.qe, chain.ss, chain.se = (
                max(chain.qe, block.qe),
                min(chain.ss, block.ss),
                max(chain.se, block.se),
            )
        else:
            chain = Chain(block.qs, block.qe, block.ss, block.se)
            chains.append(chain)
            open_chains.append(chain)
        chain.blocks.append(block)
        chain.paragraphs.add(para)
    return _drop_shadowed(chains)


def _drop_shadowed(chains: list[Chain]) -> list[Chain]:
    """A chain mostly inside a stronger one in the query is a repeat of the same words: drop it."""
    ranked = sorted(chains, key=lambda c: -c.matched())
    kept: list[Chain] = []
    for chain in ranked:
        length = chain.qe - chain.qs
        shadowed = any(min(chain.qe, o.qe) - max(chain.qs, o.qs) >= 0.8 * length for o in kept)
        if not shadowed:
            kept.append(chain)
    return sorted(kept, key=lambda c: c.qs)


def _extend(a: str, b: str) -> tuple[int, int, int]:
    """Banded X-drop extension of two strings from their start: (chars of a, chars of b, matches).

    Scores: match +1, mismatch or gap −2; a cell more than ``_XDROP`` below the best is dropped.
    Row cells are indexed by diagonal offset ``d = j - i + _BAND``.
    """
    width, low = 2 * _BAND + 1, -(1 << 30)
    la, lb = len(a), len(b)
    prev = [(-2 * (d - _BAND), 0) if 0 <= d - _BAND <= lb else (low, 0) for d in range(width)]
    best, best_i, best_j, best_m = 0, 0, 0, 0
    for i in range(1, la + 1):
        ch, row, alive = a[i - 1], [(low, 0)] * width, False
        floor = best - _XDROP
        for d in range(width):
            j = i + d - _BAND
            if j < 0 or j > lb:
                continue
            score, m = low, 0
            if j >= 1 and prev[d][0] > low:
                hit = ch == b[j - 1]
                score, m = prev[d][0] + (1 if hit else -2), prev[d][1] + hit
            if d + 1 < width and prev[d + 1][0] - 2 > score:
                score, m = prev[d + 1][0] - 2, prev[d + 1][1]
            if d >= 1 and row[d - 1][0] - 2 > score:
                score, m = row[d - 1][0] - 2, row[d - 1][1]
            if score < floor:
                continue
            row[d], alive = (score, m), True
            if score > best:
                best, best_i, best_j, best_m = score, i, j, m
        if not alive:
            break
        prev = row
    return best_i, best_j, best_m


def extend_chain(chain: Chain, query: str, source: str, floor_q: int, floor_s: int) -> Alignment:
    """Extend a chain at both ends (not past ``floor_q``/``floor_s`` on the left) into an Alignment."""
    matched = chain.matched()
    ri, rj, rm = _extend(query[chain.qe : chain.qe + _EXTEND], source[chain.se : chain.se + _EXTEND])
    lq = query[max(floor_q, chain.qs - _EXTEND) : chain.qs][::-1]
    ls = source[max(floor_s, chain.ss - _EXTEND) : chain.ss][::-1]
    li, lj, lm = _extend(lq, ls)
    return Alignment(chain.qs - li, chain.qe + ri, chain.ss - lj, chain.se + rj, matched + rm + lm)


def align(query: Side, source: Side, *, gap: int = GAP, k: int = K) -> list[Alignment]:
    """All passages of ``query`` copied from ``source``, in canonical offsets, ordered by query start."""
    qpos, spos = seed_pairs(query.hashes, source.hashes)
    blocks = blocks_from_seeds(qpos, spos, k)
    chains = chain_blocks(blocks, source.paragraph, gap)
    out: list[Alignment] = []
    for chain in chains:
        floor = out[-1].qe if out else 0
        aligned = extend_chain(chain, query.canon.chars, source.canon.chars, floor, 0)
        out.append(fill_short_sentences(aligned, query, source))
    return merge_overlaps(out)


def _nearby(source: Side, a: Alignment, piece: str) -> int:
    """Where ``piece`` occurs in the source paragraphs the alignment covers (-1 when it does not)."""
    paras = source.paragraph
    lo = int(np.searchsorted(paras, paras[a.ss], side="left"))
    hi = int(np.searchsorted(paras, paras[a.se - 1], side="right"))
    at = source.canon.chars.find(piece, lo, hi)
    return at


def fill_short_sentences(a: Alignment, query: Side, source: Side) -> Alignment:
    """Take in a short sentence right before or after the passage that the same source paragraph holds
    (a sentence moved by a reorder that is too short to share a 13-gram on its own)."""
    cuts = query.sentences
    for _ in range(2):
        after = int(cuts[np.searchsorted(cuts, a.qe, side="right")]) if a.qe < cuts[-1] else a.qe
        piece = query.canon.chars[a.qe : after]
        if _FILL[0] <= len(piece) <= _FILL[1] and a.qe in cuts and (at := _nearby(source, a, piece)) >= 0:
            a = Alignment(a.qs, after, min(a.ss, at), max(a.se, at + len(piece)), a.matched + len(piece))
        before = int(cuts[np.searchsorted(cuts, a.qs, side="left") - 1]) if a.qs > 0 else 0
        piece = query.canon.chars[before : a.qs]
        if _FILL[0] <= len(piece) <= _FILL[1] and a.qs in cuts and (at := _nearby(source, a, piece)) >= 0:
            a = Alignment(before, a.qe, min(a.ss, at), max(a.se, at + len(piece)), a.matched + len(piece))
    return a


def merge_overlaps(alignments: list[Alignment]) -> list[Alignment]:
    """Alignments that overlap in the query and in the source become one."""
    merged: list[Alignment] = []
    for a in sorted(alignments, key=lambda x: x.qs):
        last = merged[-1] if merged else None
        if last and a.qs < last.qe and a.ss < last.se and last.ss < a.se:
            shared = min(last.qe, a.qe) - a.qs
            matched = last.matched + max(0, a.matched - shared)
            merged[-1] = Alignment(
                last.qs, max(last.qe, a.qe), min(last.ss, a.ss), max(last.se, a.se), matched
            )
        else:
            merged.append(a)
    return merged
