"""Synthetic reports of ~5,000 characters for the speed and scale benchmark (deterministic per index).

``base(i)`` is own writing (filler with stock phrases and the usual headings). ``report(i)`` adds, with
probability 0.3, one or two real paragraphs (as if taken from a template, lightly edited) and, with
probability 0.1, a 200–400-character passage of an earlier report's own writing (a colleague's).
``query(n, q)`` is a report outside a corpus of ``n`` that certainly copies from report ``j < n``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from bench.reuse import synth

SEED = 20240601
_HEADINGS = (
    "一、存在问题",
    "（一）理论学习方面",
    "（二）政治素质方面",
    "（三）能力本领方面",
    "（四）担当作为方面",
    "（五）工作作风方面",
    "（六）廉洁自律方面",
    "二、原因剖析",
    "三、整改措施",
)


@dataclass(frozen=True)
class Planted:
    """A copied passage: report span ``[start, end)`` from report ``source`` (-1: a real template)."""

    start: int
    end: int
    source: int
    source_start: int
    source_end: int


@lru_cache(maxsize=1)
def template_pool() -> tuple[str, ...]:
    from bench.reuse.accuracy import mostly_stock

    pool = []
    for s in synth.real_sources():
        for a, b in synth.paragraphs(s, minimum=80):
            if not mostly_stock(s.text[a:b]):
                pool.append(s.text[a:b][:400])
    return tuple(pool)


def base(i: int) -> list[str]:
    """Paragraphs of report ``i``'s own writing (~4,700 characters)."""
    nrng = np.random.default_rng([SEED, i])
    paras: list[str] = []
    for heading in _HEADINGS:
        paras.append(heading)
        paras.append(synth.own_paragraph(nrng, int(nrng.integers(380, 480)), phrases=2))
    return paras


def report(i: int) -> tuple[str, list[Planted]]:
    """Report ``i`` with its planted copies (peer copies only from reports before it)."""
    rng = random.Random(SEED * 7 + i)
    paras = base(i)
    inserts: list[tuple[int, str, int, int, int]] = []
    if rng.random() < 0.3:
        for _ in range(rng.randint(1, 2)):
            inserts.append(
                (
                    rng.randrange(1, len(paras)),
                    synth.edit_chars(rng.choice(template_pool()), rng, 0.02),
                    -1,
                    0,
                    0,
                )
            )
    if i > 0 and rng.random() < 0.1:
        inserts.append(peer_copy(rng, i))
    return assemble(paras, inserts)


def peer_copy(rng: random.Random, below: int) -> tuple[int, str, int, int, int]:
    j = rng.randrange(0, below)
    text = "\n".join(base(j))
    length = rng.randint(200, 400)
    start = rng.randrange(0, len(text) - length)
    piece = text[start : start + length].replace("\n", "")
    return rng.randrange(1, 18), synth.edit_chars(piece, rng, 0.02), j, start, start + length


def assemble(paras: list[str], inserts: list[tuple[int, str, int, int, int]]) -> tuple[str, list[Planted]]:
    by_slot: dict[int, list[tuple[str, int, int, int]]] = {}
    for slot, piece, src, a, b in inserts:
        by_slot.setdefault(min(slot, len(paras)), []).append((piece, src, a, b))
    out: list[str] = []
    planted: list[Planted] = []
    offset = 0
    for k, para in enumerate(paras):
        for piece, src, a, b in by_slot.get(k, []):
            planted.append(Planted(offset, offset + len(piece), src, a, b))
            out.append(piece)
            offset += len(piece) + 1
        out.append(para)
        offset += len(para) + 1
    return "\n".join(out), planted


def query(n: int, q: int) -> tuple[str, list[Planted]]:
    """A new report that copies from report ``j < n`` (and often from a template too)."""
    rng = random.Random(SEED * 13 + q)
    paras = base(n + q)
    inserts = [peer_copy(rng, n)]
    if rng.random() < 0.5:
        inserts.append(
            (rng.randrange(1, len(paras)), synth.edit_chars(rng.choice(template_pool()), rng, 0.02), -1, 0, 0)
        )
    return assemble(paras, inserts)
