"""All pairs of a meeting's reports: similarity, shared passages, clusters written by one hand.

No dense fingerprint matrix: every report's winnowed fingerprints go into one inverted index (a sorted
array); only pairs that share an uncommon fingerprint are aligned. Fingerprints shared by many of the
reports (the threshold of :class:`~mingjing.reuse.corpus.Settings`) and those inside the curated
boilerplate list give no pair evidence.
"""

from __future__ import annotations

import multiprocessing as mp
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

from mingjing.model import Report
from mingjing.reuse.align import Side, align
from mingjing.reuse.boilerplate import Boilerplate, BoolArray, default_boilerplate
from mingjing.reuse.canon import Canonical, canonicalize
from mingjing.reuse.corpus import Settings
from mingjing.reuse.fingerprint import kgram_hashes, winnow
from mingjing.reuse.query import BOILERPLATE_SHARE, as_query, masked_share
from mingjing.reuse.result import QueryText

CLUSTER_MIN_CHARS = 40  # shared copied characters that tie two reports together
DENSE_LIMIT = 2000  # above this many reports, no dense matrix (xlsx and PNG list pairs instead)
_SIDE_CACHE = 512


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
    query: QueryText
    mask: BoolArray
    chars: int


def _fingerprints(doc: _Doc, canon: Canonical, settings: Settings) -> npt.NDArray[np.uint64]:
    """A report's distinct winnowed fingerprints outside the boilerplate list."""
    h, pos = winnow(kgram_hashes(canon.codes, settings.k), settings.params.window)
    return np.unique(h[masked_share(doc.mask, pos, settings.k) < BOILERPLATE_SHARE])


def _index(hashes: Sequence[npt.NDArray[np.uint64]], settings: Settings) -> npt.NDArray[np.int64]:
    """Pairs (a < b, coded ``a * n + b``) sharing at least one fingerprint outside boilerplate."""
    if not hashes:
        return np.zeros(0, np.int64)
    allh = np.concatenate(hashes)
    alld = np.concatenate([np.full(len(h), i, dtype=np.int64) for i, h in enumerate(hashes)])
    order = np.argsort(allh, kind="stable")
    return _pairs_from_groups(allh[order], alld[order], len(hashes), settings.common_threshold(len(hashes)))


def _pairs_from_groups(
    h: npt.NDArray[np.uint64], d: npt.NDArray[np.int64], n: int, threshold: int
) -> npt.NDArray[np.int64]:
    if not len(h):
        return np.zeros(0, np.int64)
    starts = np.flatnonzero(np.concatenate(([True], h[1:] != h[:-1])))
    sizes = np.diff(np.concatenate((starts, [len(h)])))
    codes: list[npt.NDArray[np.int64]] = []
    two = starts[sizes == 2]
    codes.append(np.minimum(d[two], d[two + 1]) * n + np.maximum(d[two], d[two + 1]))
    for start, size in zip(
        starts[(sizes > 2) & (sizes < threshold)].tolist(),
        sizes[(sizes > 2) & (sizes < threshold)].tolist(),
        strict=True,
    ):
        members = np.sort(d[start : start + size])
        a, b = np.triu_indices(size, 1)
        codes.append(members[a] * n + members[b])
    return np.unique(np.concatenate(codes))


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
        q = self.docs[i].query
        side = Side.build(canonicalize(q.match_text), q.text, self.k)
        self.cache[i] = side
        if len(self.cache) > _SIDE_CACHE:
            self.cache.popitem(last=False)
        return side


def _pair(a: int, b: int, sides: _Sides, docs: Sequence[_Doc], k: int) -> Pair | None:
    sa, sb = sides.get(a), sides.get(b)
    shared: list[SharedPassage] = []
    copied_a = np.zeros(len(sa.canon), dtype=np.bool_)
    copied_b = np.zeros(len(sb.canon), dtype=np.bool_)
    for al in align(sa, sb, k=k):
        kind = "boilerplate" if docs[a].mask[al.qs : al.qe].mean() >= BOILERPLATE_SHARE else "copy"
        a0, a1 = sa.canon.snapped_span(docs[a].query.text, al.qs, al.qe)
        b0, b1 = sb.canon.snapped_span(docs[b].query.text, al.ss, al.se)
        shared.append(
            SharedPassage(a0, a1, b0, b1, docs[a].query.text[a0:a1], al.similarity, kind, al.qe - al.qs)
        )
        if kind == "copy":
            copied_a[al.qs : al.qe] = True
            copied_b[al.ss : al.se] = True
    if not shared:
        return None
    ca, cb = int(copied_a.sum()), int(copied_b.sum())
    total = len(sa.canon) + len(sb.canon)
    return Pair(a, b, ca, cb, (ca + cb) / total if total else 0.0, tuple(shared))


def _clusters(pairs: Sequence[Pair], n: int) -> tuple[tuple[int, ...], ...]:
    """Connected groups of reports tied by at least CLUSTER_MIN_CHARS shared copied characters."""
    parent = list(range(n))

    def root(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for p in pairs:
        if min(p.a_copied, p.b_copied) >= CLUSTER_MIN_CHARS:
            parent[root(p.a)] = root(p.b)
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(root(i), []).append(i)
    return tuple(sorted((tuple(g) for g in groups.values() if len(g) > 1), key=lambda g: (-len(g), g)))


def reuse_matrix(
    reports: Sequence[Report | QueryText | str],
    *,
    names: Sequence[str] | None = None,
    settings: Settings | None = None,
    boilerplate: Boilerplate | None = None,
    workers: int = 1,
) -> Matrix:
    """Compare all pairs of ``reports`` through an inverted index; align only pairs that share text.

    ``workers`` > 1 aligns the candidate pairs in that many forked processes.
    """
    settings = settings or Settings()
    bp = boilerplate or default_boilerplate()
    queries = [as_query(r) for r in reports]
    docs, hashes = _prepare_all(queries, bp, settings, workers)
    labels = (
        tuple(names) if names is not None else tuple(q.name or f"材料{i + 1}" for i, q in enumerate(queries))
    )
    codes = _index(hashes, settings)
    pairs = _align_all(codes.tolist(), docs, settings.k, workers)
    return Matrix(labels, tuple(d.chars for d in docs), tuple(pairs), _clusters(pairs, len(docs)))


_STATE: tuple[Sequence[_Doc], int] | None = None  # what forked workers align against
_INPUT: tuple[Sequence[QueryText], Boilerplate, Settings] | None = None  # what forked workers prepare


def _prepare_range(bounds: tuple[int, int]) -> list[tuple[BoolArray, int, npt.NDArray[np.uint64]]]:
    assert _INPUT is not None
    queries, bp, settings = _INPUT
    out = []
    for q in queries[bounds[0] : bounds[1]]:
        canon = canonicalize(q.match_text)
        doc = _Doc(q, bp.mask(canon.chars), len(canon))
        out.append((doc.mask, doc.chars, _fingerprints(doc, canon, settings)))
    return out


def _prepare_all(
    queries: Sequence[QueryText], bp: Boilerplate, settings: Settings, workers: int
) -> tuple[list[_Doc], list[npt.NDArray[np.uint64]]]:
    """Boilerplate mask, length and fingerprints of every report (in forked workers when asked)."""
    global _INPUT
    _INPUT = (queries, bp, settings)
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
    docs = [_Doc(q, mask, chars) for q, (mask, chars, _) in zip(queries, prepared, strict=True)]
    return docs, [h for _, _, h in prepared]


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


def write_heatmap(matrix: Matrix, path: str | Path) -> None:
    """A heat-map picture of the similarity matrix (names when a CJK font is installed, else numbers)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    n = len(matrix.names)
    if n > DENSE_LIMIT:
        raise ValueError(f"{n} reports: too many for a heat-map")
    font = _cjk_font()
    labels = list(matrix.names) if font else [str(i + 1) for i in range(n)]
    size = max(4.0, min(24.0, 0.35 * n + 2))
    fig, ax = plt.subplots(figsize=(size, size))
    values = matrix.dense()
    np.fill_diagonal(values, np.nan)  # the diagonal would swamp the colour scale
    cmap = matplotlib.colormaps["Reds"].with_extremes(bad="#dddddd")
    top = max(0.05, float(max((p.similarity for p in matrix.pairs), default=0)))
    image = ax.imshow(values, cmap=cmap, vmin=0, vmax=top)
    if n <= 80:
        ax.set_xticks(range(n), labels, rotation=90, fontsize=7, fontfamily=font or "sans-serif")
        ax.set_yticks(range(n), labels, fontsize=7, fontfamily=font or "sans-serif")
    fig.colorbar(image, ax=ax, shrink=0.7)
    ax.set_title("相似度" if font else "similarity", fontfamily=font or "sans-serif")
    fig.tight_layout()
    fig.savefig(str(path), dpi=120)
    plt.close(fig)
