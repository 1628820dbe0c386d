"""Precision of ``reuse_matrix`` among colleagues: the demo meeting (annotated) and the seeds.

The demo's annotations say which reports truly share a paragraph (``shared-paragraph`` with a
``peer``); everything else the reports share — the meeting's title, header lines, framework headings,
facts of one 班子 — must not tie anybody into a "one hand wrote these" cluster.
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path

import numpy as np
import pytest

from mingjing.reuse import Settings
from mingjing.reuse.inputs import load_query, report_files
from mingjing.reuse.matrix import Matrix, SharedPassage, reuse_matrix
from mingjing.reuse.query import passage_kind
from mingjing.reuse.result import QueryText
from tests.conftest import seed_files

DEMO = Path(__file__).resolve().parents[2] / "src" / "mingjing" / "samples" / "demo"


@lru_cache(maxsize=1)
def _demo() -> tuple[tuple[QueryText, ...], dict[str, object]]:
    queries = tuple(load_query(f) for f in report_files([DEMO]))
    return queries, tomllib.loads((DEMO / "annotations.toml").read_text("utf-8"))


def _names(queries: tuple[QueryText, ...]) -> list[str]:
    return [Path(q.name or "").name for q in queries]


@lru_cache(maxsize=1)
def _demo_matrix() -> Matrix:
    queries, _ = _demo()
    return reuse_matrix(queries, names=_names(queries))


def _annotated_pairs() -> set[frozenset[str]]:
    _, notes = _demo()
    reports = notes["report"]
    assert isinstance(reports, list)
    return {
        frozenset((r["file"], f["peer"]))
        for r in reports
        for f in r.get("flaw", [])
        if f["kind"] == "shared-paragraph" and "peer" in f
    }


def test_demo_meeting_clusters_exactly_the_annotated_peers() -> None:
    matrix = _demo_matrix()
    expected = _annotated_pairs()
    assert expected, "the demo annotations name at least one shared paragraph"
    clusters = {frozenset(matrix.names[i] for i in group) for group in matrix.clusters}
    assert clusters == expected


def _span_in(s: SharedPassage, first: bool) -> tuple[int, int]:
    return (s.a_start, s.a_end) if first else (s.b_start, s.b_end)


def test_annotated_shared_paragraph_is_a_copy_passage() -> None:
    queries, notes = _demo()
    matrix = _demo_matrix()
    reports = notes["report"]
    assert isinstance(reports, list)
    for r in reports:
        for f in (f for f in r.get("flaw", []) if f["kind"] == "shared-paragraph"):
            a, b = matrix.names.index(r["file"]), matrix.names.index(f["peer"])
            pair = matrix.pair(a, b)
            assert pair is not None
            start = queries[a].text.index(f["quote"])
            end = start + len(f["quote"])
            spans = [_span_in(s, a < b) for s in pair.passages if s.kind == "copy"]
            assert any(min(hi, end) - max(lo, start) >= 0.8 * (end - start) for lo, hi in spans)


def test_clean_report_is_in_no_cluster() -> None:
    _, notes = _demo()
    matrix = _demo_matrix()
    reports = notes["report"]
    assert isinstance(reports, list)
    clean = [r["file"] for r in reports if r.get("clean")]
    assert clean
    in_clusters = {matrix.names[i] for group in matrix.clusters for i in group}
    assert not in_clusters & set(clean)


def test_structural_lines_are_never_copy_passages() -> None:
    """Titles, header lines and headings (the parser's spans) never make a copy passage."""
    queries, _ = _demo()
    matrix = _demo_matrix()
    for pair in matrix.pairs:
        for s in (s for s in pair.passages if s.kind == "copy"):
            for who, (start, end) in ((pair.a, (s.a_start, s.a_end)), (pair.b, (s.b_start, s.b_end))):
                structural = sum(max(0, min(end, b) - max(start, a)) for a, b in queries[who].structure)
                assert structural < 0.5 * (end - start), (matrix.names[who], s.text[:30])


def test_meeting_title_is_boilerplate_without_the_parser() -> None:
    """Text most of the meeting's reports share (its title) is boilerplate even in plain text."""
    queries, _ = _demo()
    plain = [QueryText.from_text(q.text, name=q.name) for q in queries]
    titles = {q.text[a:b] for q in queries for a, b in q.structure[:2]}
    common = [t for t in titles if sum(t in q.text for q in queries) >= 3 and len(t) >= 13]
    assert common, "the demo reports share their meeting title"
    matrix = reuse_matrix(plain)
    for pair in matrix.pairs:
        for s in (s for s in pair.passages if s.kind == "copy"):
            assert not any(t in s.text for t in common), s.text


def test_shared_facts_are_listed_but_tie_nobody() -> None:
    """A short shared sentence (one 班子's facts) is a copy per pair but no cluster edge."""
    own = [
        np.random.default_rng(i).integers(0x9000, 0x9F00, 900).astype(np.uint32).tobytes().decode("utf-32-le")
        for i in range(4)
    ]
    fact = "参加局党组理论学习中心组专题研讨四次并作交流发言"
    texts = [own[0] + "。" + fact + "。" + own[1], own[2] + "。" + fact + "。" + own[3]]
    matrix = reuse_matrix(texts)
    pair = matrix.pair(0, 1)
    assert pair is not None and [s.kind for s in pair.passages] == ["copy"]
    assert matrix.clusters == ()
    loose = reuse_matrix(texts, settings=Settings(cluster_min_passage=len(fact) - 2))
    assert loose.clusters == ((0, 1),)


def test_sampled_meeting_boilerplate_beyond_the_sample() -> None:
    """Above the sample size, a line in every report is still found and kept out of copying."""
    title = "二〇二三年度主题教育专题民主生活会个人对照检查材料汇编"
    rng = np.random.default_rng(7)
    own = [
        rng.integers(0x9000, 0x9F00, 300).astype(np.uint32).tobytes().decode("utf-32-le") for _ in range(90)
    ]
    matrix = reuse_matrix([title + "\n" + body for body in own])
    assert all(s.kind == "boilerplate" for p in matrix.pairs for s in p.passages)
    assert matrix.clusters == ()


@pytest.mark.parametrize(
    ("inside", "length", "kind"),
    [(0, 40, "copy"), (6, 14, "boilerplate"), (30, 40, "boilerplate"), (5, 18, "copy")],
)
def test_passage_kind(inside: int, length: int, kind: str) -> None:
    mask = np.zeros(length, dtype=np.bool_)
    mask[:inside] = True
    assert passage_kind(mask, 0, length, 13) == kind


def test_independent_seeds_form_no_cluster() -> None:
    queries = [load_query(f) for f in seed_files()]
    matrix = reuse_matrix(queries)
    assert matrix.clusters == ()
