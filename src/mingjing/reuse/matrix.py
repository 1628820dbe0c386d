"""All pairs of a meeting's reports: similarity, shared passages, clusters written by one hand.

No dense fingerprint matrix: every report's winnowed fingerprints go into one inverted index (a sorted
array); only pairs that share enough uncommon fingerprints are aligned, each with compact arrays kept
per report (canonical positions), so no text is canonicalised twice. What is not copying:

* the curated boilerplate list;
* structural lines of a parsed report (header/title lines, part and aspect headings);
* meeting boilerplate: text found in at least half of the meeting's reports (at least 3 reports) —
  the meeting's title, its set opening — learnt from the reports themselves;
* a passage whose text outside all of these is shorter than k characters.

A cluster ("one hand writing for several people") needs unusual shared content: one copy passage of
``Settings.cluster_min_passage`` content characters, or copies covering ``cluster_min_share`` of the
shorter report.
"""

from __future__ import annotations

import multiprocessing as mp
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from mingjing.model import ParsedReport
from mingjing.reuse.align import Side, align
from mingjing.reuse.boilerplate import Boilerplate, BoolArray, default_boilerplate
from mingjing.reuse.canon import Canonical, canonicalize
from mingjing.reuse.corpus import Settings
from mingjing.reuse.fingerprint import kgram_hashes, winnow
from mingjing.reuse.query import (
    BOILERPLATE_SHARE,
    as_query,
    cover,
    masked_share,
    passage_kind,
    structure_mask,
)
from mingjing.reuse.result import QueryText

DENSE_LIMIT = 2000  # above this many reports, no dense matrix (xlsx and PNG list pairs instead)
_SIDE_CACHE = 512
_SAMPLE = 64  # reports whose k-grams propose meeting-boilerplate candidates (all of them up to this)
_EMPTY_U64 = np.zeros(0, dtype=np.uint64)
_NO_TEXT = QueryText("", "")


@dataclass(frozen=True)
class SharedPassage:
    """A passage two reports share, in each report's own text offsets."""

    a_start: int
    a_end: int
    b_start: int
    b_end: int
    text: str
    similarity: float
    kind: str  # copy | boilerplate
    chars: int


@dataclass(frozen=True)
class Pair:
    """Two reports (indices ``a < b``) and what they share."""

    a: int
    b: int
    a_copied: int  # content characters of ``a`` inside shared copy passages
    b_copied: int
    similarity: float  # (a_copied + b_copied) / (chars a + chars b)
    passages: tuple[SharedPassage, ...]


@dataclass(frozen=True)
class Matrix:
    """The result of :func:`reuse_matrix`; pairs sharing nothing are absent (sparse)."""

    names: tuple[str, ...]
    chars: tuple[int, ...]
    pairs: tuple[Pair, ...]
    clusters: tuple[tuple[int, ...], ...]

    def pair(self, a: int, b: int) -> Pair | None:
        a, b = min(a, b), max(a, b)
        return next((p for p in self.pairs if p.a == a and p.b == b), None)

    def dense(self) -> npt.NDArray[np.float64]:
        """The N×N similarity matrix (1 on the diagonal); only for up to DENSE_LIMIT reports."""
        n = len(self.names)
        if n > DENSE_LIMIT:
            raise ValueError(f"{n} reports: too many for a dense matrix")
        out = np.eye(n)
        for p in self.pairs:
            out[p.a, p.b] = out[p.b, p.a] = p.similarity
        return out


@dataclass
class _Doc:
    """One report, compact: masks over canonical characters and the canonical → text map."""

    query: QueryText
    mask: BoolArray  # curated list | structure | meeting boilerplate
    structure: BoolArray | None  # None when the report has no structural lines (plain text)
    steps: npt.NDArray[Any]  # canonical positions as uint8 steps when they fit, else int32 positions
    numerals: npt.NDArray[np.int32]  # text offsets of item-numeral characters
    newlines: npt.NDArray[np.int32]  # text offsets of line breaks
    sentences: npt.NDArray[np.int32]  # canonical offsets where sentences start

    @property
    def chars(self) -> int:
        return len(self.mask)

    def canonical(self) -> Canonical:
        positions = np.cumsum(self.steps, dtype=np.int64) if self.steps.dtype == np.uint8 else self.steps
        return Canonical.from_positions(self.query.match_text, positions, self.numerals)

    def side(self, k: int) -> Side:
        """Ready for alignment, rebuilt from the compact arrays (no regex, no text scan)."""
        return Side.from_layout(
            self.canonical(), self.newlines.astype(np.int64), self.sentences.astype(np.int64), k
        )

    def content(self, copied: BoolArray) -> int:
        """Copied content characters: structural lines are not content."""
        return int((copied & ~self.structure).sum() if self.structure is not None else copied.sum())


@dataclass
class _PreparedReport:
    """What a worker returns per report (fingerprints still unfiltered by meeting boilerplate)."""

    doc: _Doc
    fp: npt.NDArray[np.uint64]
    fp_pos: npt.NDArray[np.int32]
    hit_pos: npt.NDArray[np.int32]  # k-grams that may be meeting boilerplate, and their hashes
    hit_hash: npt.NDArray[np.uint64]


def _compact(positions: npt.NDArray[np.int64]) -> npt.NDArray[Any]:
    """Positions rise by 1 or 2 mostly: one byte each as steps (5 KB a report, not 40)."""
    steps = np.diff(positions, prepend=0)
    return steps.astype(np.uint8) if len(steps) and steps.max() < 256 else positions.astype(np.int32)


def _prepare_one(
    q: QueryText, bp: Boilerplate, settings: Settings, cand: npt.NDArray[np.uint64]
) -> _PreparedReport:
    canon = canonicalize(q.match_text)
    structure = structure_mask(q, canon)
    newlines, sentences = Side.layout(canon, q.text)
    doc = _Doc(
        q,
        bp.mask(canon.chars) | structure,
        structure if structure.any() else None,
        _compact(canon.positions),
        np.flatnonzero(canon.numerals).astype(np.int32),
        newlines.astype(np.int32),
        sentences.astype(np.int32),
    )
    hashes = kgram_hashes(canon.codes, settings.k)
    fp, pos = winnow(hashes, settings.params.window)
    hit = np.flatnonzero(np.isin(hashes, cand)) if len(cand) else np.zeros(0, np.int64)
    return _PreparedReport(doc, fp, pos.astype(np.int32), hit.astype(np.int32), hashes[hit])


def _meeting_candidates(queries: Sequence[QueryText], settings: Settings) -> npt.NDArray[np.uint64]:
    """k-gram hashes that may be in ``meeting_threshold`` reports, proposed by an even sample.

    Up to ``_SAMPLE`` reports the sample is the meeting and the count exact; beyond, a hash in half of
    the reports is in a quarter of the sample with near certainty, and every report is checked later.
    """
    n = len(queries)
    threshold = settings.meeting_threshold(n)
    if threshold > n:
        return _EMPTY_U64
    picks = np.unique(np.linspace(0, n - 1, min(n, _SAMPLE)).round().astype(np.int64))
    grams = [np.unique(kgram_hashes(canonicalize(queries[i].match_text).codes, settings.k)) for i in picks]
    values, counts = np.unique(np.concatenate(grams), return_counts=True)
    need = threshold if len(picks) == n else max(2, len(picks) // 4)
    return np.asarray(values[counts >= need], dtype=np.uint64)


def _meeting_mask(prepared: Sequence[_PreparedReport], settings: Settings) -> None:
    """Add meeting boilerplate (k-grams in ``meeting_threshold`` reports) to every report's mask."""
    threshold = settings.meeting_threshold(len(prepared))
    found = [np.unique(p.hit_hash) for p in prepared if len(p.hit_hash)]
    if not found:
        return
    values, counts = np.unique(np.concatenate(found), return_counts=True)
    common = values[counts >= threshold]
    for p in prepared:
        if len(p.hit_hash) and len(common):
            starts = p.hit_pos[np.isin(p.hit_hash, common)].astype(np.int64)
            p.doc.mask |= cover(p.doc.chars, starts, settings.k)


def _evidence(p: _PreparedReport, k: int) -> npt.NDArray[np.uint64]:
    """A report's distinct winnowed fingerprints outside every kind of boilerplate."""
    keep = masked_share(p.doc.mask, p.fp_pos.astype(np.int64), k) < BOILERPLATE_SHARE
    return np.unique(p.fp[keep])


def _index(hashes: Sequence[npt.NDArray[np.uint64]], settings: Settings) -> npt.NDArray[np.int64]:
    """Pairs (a < b, coded ``a * n + b``) sharing at least ``pair_min_shared`` fingerprints outside
    boilerplate; fingerprints in ``threshold`` or more reports are common and give no evidence."""
    n = len(hashes)
    if not n:
        return np.zeros(0, np.int64)
    allh = np.concatenate(hashes)
    alld = np.repeat(np.arange(n, dtype=np.int64), [len(h) for h in hashes])
    order = np.argsort(allh, kind="stable")
    threshold = min(settings.common_threshold(n), settings.meeting_threshold(n))
    codes = _pairs_from_groups(allh[order], alld[order], n, threshold)
    if settings.pair_min_shared <= 1:
        return np.unique(codes)
    values, counts = np.unique(codes, return_counts=True)
    return np.asarray(values[counts >= settings.pair_min_shared], dtype=np.int64)


def _pairs_from_groups(
    h: npt.NDArray[np.uint64], d: npt.NDArray[np.int64], n: int, threshold: int
) -> npt.NDArray[np.int64]:
    """One pair code per fingerprint two reports share (duplicates kept: they count evidence)."""
    if not len(h):
        return np.zeros(0, np.int64)
    starts = np.flatnonzero(np.concatenate(([True], h[1:] != h[:-1])))
    sizes = np.diff(np.concatenate((starts, [len(h)])))
    codes: list[npt.NDArray[np.int64]] = [np.zeros(0, np.int64)]
    for size in np.unique(sizes[(sizes >= 2) & (sizes < threshold)]).tolist():
        # Groups of one size at once: a (groups × size) table of members, then its upper triangle.
        first = starts[sizes == size]
        members = np.sort(d[first[:, None] + np.arange(size)], axis=1)
        a, b = np.triu_indices(size, 1)
        codes.append((members[:, a] * n + members[:, b]).ravel())
    return np.concatenate(codes)


class _Sides:
    """An LRU of alignment-ready texts, so memory stays bounded for thousands of reports."""

    def __init__(self, docs: Sequence[_Doc], k: int) -> None:
        self.docs = docs
        self.k = k
        self.cache: OrderedDict[int, Side] = OrderedDict()

    def get(self, i: int) -> Side:
        if i in self.cache:
            self.cache.move_to_end(i)
            return self.cache[i]
        side = self.docs[i].side(self.k)
        self.cache[i] = side
        if len(self.cache) > _SIDE_CACHE:
            self.cache.popitem(last=False)
        return side


def _pair(a: int, b: int, sides: _Sides, docs: Sequence[_Doc], k: int) -> Pair | None:
    sa, sb = sides.get(a), sides.get(b)
    da, db = docs[a], docs[b]
    shared: list[SharedPassage] = []
    copied_a = np.zeros(da.chars, dtype=np.bool_)
    copied_b = np.zeros(db.chars, dtype=np.bool_)
    for al in align(sa, sb, k=k):
        copy = (
            passage_kind(da.mask, al.qs, al.qe, k) == "copy"
            and passage_kind(db.mask, al.ss, al.se, k) == "copy"
        )
        a0, a1 = sa.canon.snapped_span(da.query.text, al.qs, al.qe)
        b0, b1 = sb.canon.snapped_span(db.query.text, al.ss, al.se)
        kind = "copy" if copy else "boilerplate"
        shared.append(SharedPassage(a0, a1, b0, b1, da.query.text[a0:a1], al.similarity, kind, al.qe - al.qs))
        if copy:
            copied_a[al.qs : al.qe] = True
            copied_b[al.ss : al.se] = True
    if not shared:
        return None
    ca, cb = da.content(copied_a), db.content(copied_b)
    total = da.chars + db.chars
    return Pair(a, b, ca, cb, (ca + cb) / total if total else 0.0, tuple(shared))


def ties(pair: Pair, chars: Sequence[int], settings: Settings) -> bool:
    """Whether a pair shares unusual content enough to suggest one hand wrote both."""
    longest = max((s.chars for s in pair.passages if s.kind == "copy"), default=0)
    shorter = min(chars[pair.a], chars[pair.b])
    share = min(pair.a_copied, pair.b_copied) / shorter if shorter else 0.0
    return longest >= settings.cluster_min_passage or share >= settings.cluster_min_share


def _clusters(pairs: Sequence[Pair], chars: Sequence[int], settings: Settings) -> tuple[tuple[int, ...], ...]:
    """Connected groups of reports tied by :func:`ties`."""
    parent = list(range(len(chars)))

    def root(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for p in pairs:
        if ties(p, chars, settings):
            parent[root(p.a)] = root(p.b)
    groups: dict[int, list[int]] = {}
    for i in range(len(chars)):
        groups.setdefault(root(i), []).append(i)
    return tuple(sorted((tuple(g) for g in groups.values() if len(g) > 1), key=lambda g: (-len(g), g)))


def reuse_matrix(
    reports: Sequence[ParsedReport | QueryText | str],
    *,
    names: Sequence[str] | None = None,
    settings: Settings | None = None,
    boilerplate: Boilerplate | None = None,
    workers: int = 1,
) -> Matrix:
    """Compare all pairs of ``reports`` through an inverted index; align only pairs that share text.

    Structural lines of parsed reports, the curated boilerplate list and text shared by most of the
    meeting's reports are boilerplate, never copying. ``workers`` > 1 prepares and aligns in that many
    forked processes.
    """
    settings = settings or Settings()
    bp = boilerplate or default_boilerplate()
    queries = [as_query(r) for r in reports]
    prepared = _prepare_all(queries, bp, settings, workers)
    _meeting_mask(prepared, settings)
    docs = [p.doc for p in prepared]
    hashes = [_evidence(p, settings.k) for p in prepared]
    del prepared
    labels = (
        tuple(names) if names is not None else tuple(q.name or f"材料{i + 1}" for i, q in enumerate(queries))
    )
    codes = _index(hashes, settings)
    del hashes
    pairs = _align_all(codes.tolist(), docs, settings.k, workers)
    chars = tuple(d.chars for d in docs)
    return Matrix(labels, chars, tuple(pairs), _clusters(pairs, chars, settings))


_STATE: tuple[Sequence[_Doc], int] | None = None  # what forked workers align against
_INPUT: tuple[Sequence[QueryText], Boilerplate, Settings, npt.NDArray[np.uint64]] | None = None


def _prepare_range(bounds: tuple[int, int]) -> list[_PreparedReport]:
    assert _INPUT is not None
    queries, bp, settings, cand = _INPUT
    out = [_prepare_one(q, bp, settings, cand) for q in queries[bounds[0] : bounds[1]]]
    for p in out:
        p.doc.query = _NO_TEXT  # the parent has the texts: do not send them back
    return out


def _prepare_all(
    queries: Sequence[QueryText], bp: Boilerplate, settings: Settings, workers: int
) -> list[_PreparedReport]:
    """Masks, compact positions and fingerprints of every report (in forked workers when asked)."""
    global _INPUT
    _INPUT = (queries, bp, settings, _meeting_candidates(queries, settings))
    try:
        step = 256
        bounds = [(i, min(i + step, len(queries))) for i in range(0, len(queries), step)]
        if workers > 1 and len(queries) > step and "fork" in mp.get_all_start_methods():
            with mp.get_context("fork").Pool(workers) as pool:
                parts = pool.map(_prepare_range, bounds)
        else:
            parts = [_prepare_range(b) for b in bounds]
    finally:
        _INPUT = None
    prepared = [x for part in parts for x in part]
    for q, p in zip(queries, prepared, strict=True):
        p.doc.query = q  # the parent's object, not a pickled copy (memory)
    return prepared


def _align_chunk(codes: list[int]) -> list[Pair]:
    assert _STATE is not None
    docs, k = _STATE
    n = len(docs)
    sides = _Sides(docs, k)
    found = (_pair(code // n, code % n, sides, docs, k) for code in codes)
    return [p for p in found if p is not None]


def _align_all(codes: list[int], docs: Sequence[_Doc], k: int, workers: int) -> list[Pair]:
    """Align every candidate pair, in forked workers when asked (pairs sorted, so texts are reused)."""
    global _STATE
    _STATE = (docs, k)
    try:
        if workers <= 1 or len(codes) < 200 or "fork" not in mp.get_all_start_methods():
            return _align_chunk(codes)
        size = max(1, len(codes) // (workers * 8))
        chunks = [codes[i : i + size] for i in range(0, len(codes), size)]
        with mp.get_context("fork").Pool(workers) as pool:
            return [p for part in pool.map(_align_chunk, chunks) for p in part]
    finally:
        _STATE = None


def write_xlsx(matrix: Matrix, path: str | Path) -> None:
    """Similarity matrix, shared passages per pair and clusters, one sheet each."""
    from openpyxl import Workbook
    from openpyxl.styles import PatternFill

    wb = Workbook()
    ws = wb.active
    ws.title = "相似度矩阵"
    if len(matrix.names) <= DENSE_LIMIT:
        dense = matrix.dense()
        ws.append(["", *matrix.names])
        for i, name in enumerate(matrix.names):
            ws.append([name, *[round(float(v), 4) for v in dense[i]]])
            for j in range(len(matrix.names)):
                v = float(dense[i, j])
                if i != j and v > 0:
                    shade = f"FF{255 - int(200 * min(1.0, v * 2)):02X}{255 - int(200 * min(1.0, v * 2)):02X}"
                    ws.cell(row=i + 2, column=j + 2).fill = PatternFill("solid", fgColor=shade)
    else:
        ws.append(["报告数量过多，未生成矩阵；请看“成对相同段落”。"])
    pairs = wb.create_sheet("成对相同段落")
    pairs.append(
        ["材料甲", "材料乙", "相似度", "类别", "甲起", "甲止", "乙起", "乙止", "相似程度", "相同文字"]
    )
    for p in sorted(matrix.pairs, key=lambda x: -x.similarity):
        for s in p.passages:
            kind = "复制" if s.kind == "copy" else "套话"
            pairs.append(
                [
                    matrix.names[p.a],
                    matrix.names[p.b],
                    round(p.similarity, 4),
                    kind,
                    s.a_start,
                    s.a_end,
                    s.b_start,
                    s.b_end,
                    round(s.similarity, 3),
                    s.text,
                ]
            )
    clusters = wb.create_sheet("疑似同一人代写")
    clusters.append(["组", "材料"])
    for i, group in enumerate(matrix.clusters, 1):
        clusters.append([i, "、".join(matrix.names[j] for j in group)])
    wb.save(str(path))


def _cjk_font() -> str | None:
    from matplotlib import font_manager

    wanted = (
        "Noto Sans CJK SC",
        "Noto Serif CJK SC",
        "WenQuanYi Zen Hei",
        "WenQuanYi Micro Hei",
        "Source Han Sans SC",
    )
    available = {f.name for f in font_manager.fontManager.ttflist}
    return next((name for name in wanted if name in available), None)


def write_heatmap(matrix: Matrix, path: str | Path, *, title: str = "材料相似度热力图") -> None:
    """A heat-map picture of the similarity matrix (names when a CJK font is installed, else numbers).

    The colour scale is fixed at 0–100 %, so a colour means the same in every meeting; axes follow
    the order of ``matrix.names``."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import PercentFormatter

    n = len(matrix.names)
    if n > DENSE_LIMIT:
        raise ValueError(f"{n} reports: too many for a heat-map")
    font = _cjk_font()
    family = font or "sans-serif"
    labels = list(matrix.names) if font else [str(i + 1) for i in range(n)]
    size = max(4.0, min(24.0, 0.35 * n + 2))
    fig, ax = plt.subplots(figsize=(size, size))
    values = matrix.dense() * 100
    np.fill_diagonal(values, np.nan)  # a report against itself says nothing
    cmap = matplotlib.colormaps["Reds"].with_extremes(bad="#dddddd")
    image = ax.imshow(values, cmap=cmap, vmin=0, vmax=100)
    if n <= 80:
        ax.set_xticks(range(n), labels, rotation=90, fontsize=7, fontfamily=family)
        ax.set_yticks(range(n), labels, fontsize=7, fontfamily=family)
    bar = fig.colorbar(image, ax=ax, shrink=0.7, format=PercentFormatter(100, decimals=0))
    bar.set_label("相互复制比例" if font else "copied share", fontfamily=family)
    ax.set_title(title if font else "similarity", fontfamily=family)
    fig.tight_layout()
    fig.savefig(str(path), dpi=120)
    plt.close(fig)
