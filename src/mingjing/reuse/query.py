"""Find reused passages of one text in a corpus: ``find_reuse``.

1. Fingerprint the query; look its fingerprints up in the index (one bucket row each).
2. Boilerplate mask: the curated list, plus fingerprints that are *common* in the corpus (document
   frequency at or over the threshold) — but only in short runs: a long run of common fingerprints is a
   widely copied text (a template many people used), which is copying, not a formulation.
3. Candidates: documents sharing fingerprints outside the mask, strongest first. Each is loaded,
   aligned with the query, and skipped when everything it shares is already explained by a stronger
   source (one passage per copied stretch).
4. Passages mostly inside the mask are ``boilerplate``; the rest are ``copy`` and make the ratios.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from mingjing.model import ParsedReport
from mingjing.reuse.align import Alignment, Side, align
from mingjing.reuse.boilerplate import Boilerplate, BoolArray, default_boilerplate
from mingjing.reuse.canon import Canonical, canonicalize
from mingjing.reuse.corpus import Corpus, StoredDocument
from mingjing.reuse.fingerprint import winnow
from mingjing.reuse.postings import MAX_KEY_BITS, Postings
from mingjing.reuse.result import Passage, QueryText, Ratio, ReuseResult, Section

MAX_SOURCES = 30  # candidate documents aligned per query at most
MAX_BOILERPLATE_SOURCES = 2  # documents sharing only boilerplate, aligned to show where it comes from
MAX_BOILERPLATE_RUN = 40  # a common run longer than this is a widely copied text, not a formulation
BOILERPLATE_SHARE = 0.5  # a passage this much inside the mask is boilerplate
_LOAD_BATCH = 8
_MAX_STRANGERS = 4 * MAX_SOURCES  # candidates sharing only key collisions, read at most


@dataclass(frozen=True)
class PreparedQuery:
    """A query text ready for lookup and alignment."""

    query: QueryText
    side: Side
    fp_keys: npt.NDArray[np.uint64]
    fp_pos: npt.NDArray[np.int64]


def as_query(query: ParsedReport | QueryText | str) -> QueryText:
    if isinstance(query, QueryText):
        return query
    if isinstance(query, str):
        return QueryText.from_text(query)
    return QueryText.from_report(query)


def prepare_query(query: QueryText, window: int, k: int) -> PreparedQuery:
    canon = canonicalize(query.match_text)
    side = Side.build(canon, query.text, k)
    hashes, pos = winnow(side.hashes, window)
    return PreparedQuery(query, side, hashes >> np.uint64(64 - MAX_KEY_BITS), pos)


def runs(mask: BoolArray) -> list[tuple[int, int]]:
    """Maximal ``[start, end)`` runs of True."""
    if not len(mask):
        return []
    edges = np.flatnonzero(np.diff(np.concatenate(([0], mask.astype(np.int8), [0]))))
    return list(zip(edges[::2].tolist(), edges[1::2].tolist(), strict=True))


def cover(length: int, starts: npt.NDArray[np.int64], width: int) -> BoolArray:
    """Mask of ``[s, s + width)`` for every start."""
    opened = np.bincount(np.clip(starts, 0, length), minlength=length + 1)
    closed = np.bincount(np.clip(starts + width, 0, length), minlength=length + 1)
    return np.asarray(np.cumsum(opened - closed)[:length] > 0)


def short_runs(mask: BoolArray, longest: int) -> BoolArray:
    """Keep only runs of ``mask`` no longer than ``longest``."""
    out = mask.copy()
    for start, end in runs(mask):
        if end - start > longest:
            out[start:end] = False
    return out


@dataclass(frozen=True)
class Evidence:
    """What the index says about the query's fingerprints."""

    postings: Postings
    left: npt.NDArray[np.int64]
    right: npt.NDArray[np.int64]
    df: npt.NDArray[np.int64]
    common: npt.NDArray[np.bool_]


def lookup(prep: PreparedQuery, corpus: Corpus) -> Evidence:
    layout = corpus.layout()
    keys = corpus.index_space(prep.fp_keys, layout=layout)
    postings = corpus.postings(np.unique(keys), layout=layout)
    left, right = postings.lookup(keys)
    df = right - left
    common_keys, common_df = corpus.common()
    if len(common_keys):
        at = np.clip(np.searchsorted(common_keys, keys), 0, len(common_keys) - 1)
        hit = common_keys[at] == keys
        df = np.where(hit, common_df[at], df)
    threshold = corpus.settings.common_threshold(corpus.count())
    return Evidence(postings, left, right, df, df >= threshold)


def structure_mask(query: QueryText, canon: Canonical) -> BoolArray:
    """True for canonical characters in structural lines (header, part and aspect headings)."""
    mask = np.zeros(len(canon), dtype=np.bool_)
    for start, end in query.structure:
        a, b = np.searchsorted(canon.positions, [start, end])
        mask[a:b] = True
    return mask


def passage_kind(mask: BoolArray, start: int, end: int, k: int) -> str:
    """``boilerplate`` when the passage is mostly inside the mask, or when what lies outside it is
    shorter than ``k`` (a heading or formulation plus a few words is no 13-character copy)."""
    inside = int(mask[start:end].sum())
    length = end - start
    if length == 0 or inside >= BOILERPLATE_SHARE * length or length - inside < k:
        return "boilerplate"
    return "copy"


def masked_share(mask: BoolArray, starts: npt.NDArray[np.int64], k: int) -> npt.NDArray[np.float64]:
    """Share of each k-gram ``[s, s + k)`` inside the mask."""
    total = np.concatenate(([0], np.cumsum(mask, dtype=np.int64)))
    ends = np.minimum(starts + k, len(mask))
    return np.asarray((total[ends] - total[starts]) / np.maximum(ends - starts, 1), dtype=np.float64)


def candidates(
    prep: PreparedQuery, ev: Evidence, mask: BoolArray, exclude: set[int], k: int
) -> tuple[list[tuple[int, list[int]]], list[tuple[int, list[int]]]]:
    """Documents sharing fingerprints, strongest first: (doc id, fingerprint positions) for those
    sharing fingerprints outside the boilerplate mask, then for those sharing only masked ones."""
    counts = ev.right - ev.left
    fp = np.repeat(np.arange(len(counts)), counts)
    first = np.repeat(np.cumsum(counts) - counts, counts)
    docs = ev.postings.docs[np.repeat(ev.left, counts) + np.arange(len(fp)) - first].astype(np.int64)
    boiler_fp = masked_share(mask, prep.fp_pos, k) >= BOILERPLATE_SHARE
    if exclude:
        keep = ~np.isin(docs, np.array(sorted(exclude), dtype=np.int64))
        fp, docs = fp[keep], docs[keep]
    positions = prep.fp_pos[fp]
    copy_docs = set(np.unique(docs[~boiler_fp[fp]]).tolist())

    def rank(select: npt.NDArray[np.bool_]) -> list[tuple[int, list[int]]]:
        d, p = docs[select], positions[select]
        order = np.argsort(d, kind="stable")
        d, p = d[order], p[order]
        ids, starts, sizes = np.unique(d, return_index=True, return_counts=True)
        groups = [
            (int(i), p[a : a + c].tolist())
            for i, a, c in zip(ids.tolist(), starts.tolist(), sizes.tolist(), strict=True)
        ]
        return sorted(groups, key=lambda g: (-len(g[1]), g[0]))

    in_copy = np.isin(docs, np.array(sorted(copy_docs), dtype=np.int64))
    return rank(in_copy & ~boiler_fp[fp]), rank(~in_copy)


@dataclass
class _Found:
    alignment: Alignment
    doc: StoredDocument
    side: Side


def _align_candidates(
    prep: PreparedQuery,
    corpus: Corpus,
    ranked: list[tuple[int, list[int]]],
    budget: int,
    exclude_owner: str | None,
    mask: BoolArray,
    covered: BoolArray,
) -> list[_Found]:
    """Align ranked candidates until ``budget`` documents were aligned; ``covered`` is updated.

    A candidate none of whose shared positions' k-grams is in its text shares only index-key
    collisions (36 bits: at a province's million reports about one query fingerprint in eighty
    meets a stranger's posting): it is dropped before the alignment, which could find nothing in it,
    and spends no budget (at most ``_MAX_STRANGERS`` such are read)."""
    found: list[_Found] = []
    k = corpus.settings.k
    loaded = strangers = 0
    queue = list(ranked)
    while queue and loaded < budget and strangers < _MAX_STRANGERS:
        batch: list[tuple[int, list[int]]] = []
        while queue and len(batch) < min(_LOAD_BATCH, budget - loaded):
            doc_id, positions = queue.pop(0)
            if not covered[positions].all():
                batch.append((doc_id, positions))
        docs = corpus.documents([doc_id for doc_id, _ in batch])
        for doc_id, positions in batch:
            doc = docs.get(doc_id)
            if doc is None or (exclude_owner is not None and doc.info.owner == exclude_owner):
                continue
            canon = canonicalize(doc.match_text)
            if not _shares_a_kgram(prep.side.canon.chars, canon.chars, positions, k):
                strangers += 1
                continue
            loaded += 1
            side = Side.build(canon, doc.text, k)
            for a in align(prep.side, side, k=k):
                found.append(_Found(a, doc, side))
                covered[a.qs : a.qe] = True
    return found


def _shares_a_kgram(query: str, other: str, positions: list[int], k: int) -> bool:
    """Whether a k-gram of ``query`` starting at one of ``positions`` occurs in ``other`` (canonical
    streams: equal k-grams are what equal fingerprints mean)."""
    return any(query[p : p + k] in other for p in positions)


def _select(found: list[_Found], mask: BoolArray, k: int) -> list[tuple[_Found, str]]:
    """One passage per stretch: strongest first, dropping those mostly overlapping a kept one."""
    kinds = [(f, passage_kind(mask, f.alignment.qs, f.alignment.qe, k)) for f in found]
    kinds.sort(key=lambda fk: (fk[1] != "copy", -fk[0].alignment.matched, fk[0].alignment.qs))
    taken = np.zeros(len(mask), dtype=np.bool_)
    kept: list[tuple[_Found, str]] = []
    for f, kind in kinds:
        a = f.alignment
        if taken[a.qs : a.qe].mean() > 0.5:
            continue
        taken[a.qs : a.qe] = True
        kept.append((f, kind))
    return kept


def _passage(prep: PreparedQuery, f: _Found, kind: str) -> Passage:
    a = f.alignment
    start, end = prep.side.canon.snapped_span(prep.query.text, a.qs, a.qe)
    s_start, s_end = f.side.canon.snapped_span(f.doc.text, a.ss, a.se)
    return Passage(
        start,
        end,
        prep.query.text[start:end],
        kind,
        a.similarity,
        a.qe - a.qs,
        f.doc.info.id,
        f.doc.info.title,
        f.doc.info.kind,
        s_start,
        s_end,
        f.doc.text[s_start:s_end],
    )


def _common_passages(
    prep: PreparedQuery, common: BoolArray, taken: BoolArray, ev: Evidence, k: int
) -> list[Passage]:
    out: list[Passage] = []
    for qs, qe in runs(common & ~taken):
        if qe - qs < k:
            continue
        inside = (prep.fp_pos >= qs) & (prep.fp_pos < qe)
        documents = int(ev.df[inside].max()) if inside.any() else None
        start, end = prep.side.canon.text_span(qs, qe)
        out.append(
            Passage(start, end, prep.query.text[start:end], "boilerplate", 1.0, qe - qs, documents=documents)
        )
    return out


def _ratios(prep: PreparedQuery, copied: BoolArray, sections: tuple[Section, ...]) -> tuple[Ratio, ...]:
    positions = prep.side.canon.positions
    out = []
    for s in sections:
        a, b = np.searchsorted(positions, [s.start, s.end])
        out.append(Ratio(s.part, s.aspect, int(b - a), int(copied[a:b].sum())))
    return tuple(out)


def find_reuse(
    report: ParsedReport | QueryText | str,
    corpus: Corpus,
    *,
    exclude_owner: str | None = None,
    exclude_ids: tuple[int, ...] = (),
    boilerplate: Boilerplate | None = None,
) -> ReuseResult:
    """Every passage of ``report`` reused from the corpus, with spans in ``ParsedReport.text`` offsets."""
    query = as_query(report)
    k = corpus.settings.k
    prep = prepare_query(query, corpus.settings.params.window, k)
    n = len(prep.side.canon)
    ev = lookup(prep, corpus)
    common = short_runs(cover(n, prep.fp_pos[ev.common], k), MAX_BOILERPLATE_RUN)
    structure = structure_mask(query, prep.side.canon)
    mask = (boilerplate or default_boilerplate()).mask(prep.side.canon.chars) | common | structure
    copy_ranked, boiler_ranked = candidates(prep, ev, mask, set(exclude_ids), k)
    covered = np.zeros(n, dtype=np.bool_)
    found = _align_candidates(prep, corpus, copy_ranked, MAX_SOURCES, exclude_owner, mask, covered)
    found += _align_candidates(
        prep, corpus, boiler_ranked, MAX_BOILERPLATE_SOURCES, exclude_owner, mask, covered
    )
    chosen = _select(found, mask, k)
    passages = [_passage(prep, f, kind) for f, kind in chosen]
    copied = np.zeros(n, dtype=np.bool_)
    taken = np.zeros(n, dtype=np.bool_)
    for f, kind in chosen:
        taken[f.alignment.qs : f.alignment.qe] = True
        if kind == "copy":
            copied[f.alignment.qs : f.alignment.qe] = True
    copied &= ~structure  # a heading inside a copied stretch is not content
    passages += _common_passages(prep, common, taken, ev, k)
    boiler = taken & ~copied
    boiler[common] = True
    passages.sort(key=lambda p: (p.start, p.kind))
    return ReuseResult(
        query.name,
        n,
        int(copied.sum()),
        int((boiler & ~copied).sum()),
        tuple(passages),
        _ratios(prep, copied, query.sections),
    )
