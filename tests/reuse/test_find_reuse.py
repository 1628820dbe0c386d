"""find_reuse end to end: exact spans, light edits, the 13/20-character rules, boilerplate, seeds."""

from __future__ import annotations

import itertools
import random
import uuid
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mingjing.reuse import Corpus, CorpusDocument, QueryText, find_reuse
from mingjing.reuse.boilerplate import default_boilerplate
from mingjing.reuse.canon import canonicalize, simplified_shadow
from tests.conftest import seed_files

# Disjoint code-point ranges: the two texts and the run share nothing but the run itself.
SOURCE_RANGE, QUERY_RANGE, RUN_RANGE = (0x5400, 0x6000), (0x9000, 0x9F00), (0x7000, 0x8F00)


def cjk(rng: np.random.Generator, n: int, span: tuple[int, int]) -> str:
    return rng.integers(span[0], span[1], n).astype(np.uint32).tobytes().decode("utf-32-le")


def fresh(tmp_path: Path) -> Path:
    """A new database file per hypothesis example (the tmp_path fixture is shared by examples)."""
    return tmp_path / f"{uuid.uuid4().hex}.sqlite"


def plant(seed: int, length: int, s_at: float, q_at: float) -> tuple[str, str, int, int]:
    rng = np.random.default_rng(seed)
    run = cjk(rng, length, RUN_RANGE)
    source, query = cjk(rng, 600, SOURCE_RANGE), cjk(rng, 500, QUERY_RANGE)
    si, qi = int(s_at * len(source)), int(q_at * len(query))
    return source[:si] + run + source[si:], query[:qi] + run + query[qi:], si, qi


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.integers(0, 2**31), st.integers(20, 80), st.floats(0, 1), st.floats(0, 1))
def test_a_verbatim_run_of_20_or_more_is_found_with_exact_spans(
    tmp_path: Path, seed: int, length: int, s_at: float, q_at: float
) -> None:
    source, query, si, qi = plant(seed, length, s_at, q_at)
    with Corpus.open(fresh(tmp_path)) as corpus:
        doc_id = corpus.add(CorpusDocument(source, title="src"))
        result = find_reuse(query, corpus)
    assert [(p.start, p.end, p.source_id, p.source_start, p.source_end, p.kind) for p in result.passages] == [
        (qi, qi + length, doc_id, si, si + length, "copy")
    ]
    assert result.copied_chars == length


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.integers(0, 2**31), st.integers(1, 12), st.floats(0, 1), st.floats(0, 1))
def test_a_run_shorter_than_13_is_never_reported(
    tmp_path: Path, seed: int, length: int, s_at: float, q_at: float
) -> None:
    source, query, _, _ = plant(seed, length, s_at, q_at)
    with Corpus.open(fresh(tmp_path)) as corpus:
        corpus.add(CorpusDocument(source))
        assert find_reuse(query, corpus).passages == ()


def _paragraph(path: Path, index: int) -> str:
    paras = [p for p in path.read_text("utf-8").split("\n") if len(p) > 120]
    return paras[index % len(paras)]


@pytest.mark.parametrize(
    "edit",
    [
        lambda p, r: p.replace("，", "、").replace("。", "；"),
        lambda p, r: "".join(c for i, c in enumerate(p) if i % 37 != 5),
        lambda p, r: "".join(c + ("某" if i % 41 == 7 else "") for i, c in enumerate(p)),
        lambda p, r: "。".join(reversed(p.rstrip("。").split("。"))) + "。",
    ],
    ids=["punctuation", "deleted", "inserted", "reordered"],
)
def test_a_lightly_edited_paragraph_is_one_passage_from_its_source(open_corpus: Corpus, edit: object) -> None:
    seeds = seed_files()
    ids = open_corpus.add_many(CorpusDocument(p.read_text("utf-8"), title=p.name) for p in seeds[:2])
    original = _paragraph(seeds[0], 3)
    copied = edit(original, random.Random(0))  # type: ignore[operator]
    rng = np.random.default_rng(3)
    own_before, own_after = cjk(rng, 300, QUERY_RANGE), cjk(rng, 300, QUERY_RANGE)
    query = f"{own_before}\n{copied}\n{own_after}"
    result = find_reuse(query, open_corpus)
    copies = result.copies()
    assert len(copies) == 1
    p = copies[0]
    start = len(own_before) + 1
    assert p.source_id == ids[0]
    assert abs(p.start - start) <= 3 and abs(p.end - (start + len(copied))) <= 3
    source_start = seeds[0].read_text("utf-8").index(original)
    assert abs((p.source_start or 0) - source_start) <= 3
    assert abs((p.source_end or 0) - (source_start + len(original))) <= 3
    assert p.similarity > 0.85


def test_renumbered_items_are_still_one_copy(open_corpus: Corpus) -> None:
    source = "一是理论学习不够深入，满足于读原文、记笔记，对重要论述的思想内涵领会不透。\n二是联系群众不够紧密，调研时听汇报多、实地看得少，对基层困难掌握不全面。"
    open_corpus.add(CorpusDocument(source))
    query = "（一）理论学习不够深入，满足于读原文、记笔记，对重要论述的思想内涵领会不透。\n（二）联系群众不够紧密，调研时听汇报多、实地看得少，对基层困难掌握不全面。"
    copies = find_reuse(query, open_corpus).copies()
    assert len(copies) == 1 and copies[0].similarity == 1.0
    assert copies[0].start == 0 and copies[0].end == len(query)


def test_boilerplate_is_shown_apart_and_not_counted(open_corpus: Corpus) -> None:
    stock = "增强“四个意识”、坚定“四个自信”、做到“两个维护”，用习近平新时代中国特色社会主义思想武装头脑。"
    rng = np.random.default_rng(5)
    open_corpus.add(CorpusDocument(cjk(rng, 200, SOURCE_RANGE) + stock + cjk(rng, 200, SOURCE_RANGE)))
    result = find_reuse(cjk(rng, 200, QUERY_RANGE) + stock + cjk(rng, 200, QUERY_RANGE), open_corpus)
    assert result.copies() == ()
    assert len(result.boilerplate()) == 1 and result.copy_ratio == 0.0
    assert result.boilerplate_chars >= 30


def test_fingerprints_common_in_the_corpus_become_boilerplate_only_in_short_runs(
    small_cap_corpus: Corpus,
) -> None:
    rng = np.random.default_rng(9)
    phrase = cjk(rng, 30, RUN_RANGE)  # an unlisted formulation everybody uses
    long_text = cjk(rng, 120, RUN_RANGE)  # a widely copied template paragraph
    for _ in range(5):
        small_cap_corpus.add(
            CorpusDocument(cjk(rng, 150, SOURCE_RANGE) + phrase + cjk(rng, 150, SOURCE_RANGE) + long_text)
        )
    keys, df = small_cap_corpus.common()
    assert len(keys) > 0 and int(df.max()) == 5
    result = find_reuse(
        cjk(rng, 100, QUERY_RANGE) + phrase + cjk(rng, 100, QUERY_RANGE) + long_text, small_cap_corpus
    )
    kinds = sorted((p.kind, p.chars) for p in result.passages)
    assert kinds == [("boilerplate", 30), ("copy", 120)]
    assert result.copied_chars == 120


def _true_shared(a: str, b: str, k: int = 13) -> set[str]:
    """Canonical k-grams two texts share (brute force, independent of the engine)."""
    ca, cb = canonicalize(simplified_shadow(a)).chars, canonicalize(simplified_shadow(b)).chars
    return {ca[i : i + k] for i in range(len(ca) - k + 1)} & {cb[i : i + k] for i in range(len(cb) - k + 1)}


@pytest.mark.parametrize("held_out", range(5))
def test_independent_seeds_show_no_copying_beyond_what_they_truly_share(
    tmp_path: Path, held_out: int
) -> None:
    files = seed_files()
    texts = {f.name: f.read_text("utf-8") for f in files}
    query_name = files[held_out].name
    with Corpus.open(tmp_path / "seeds.sqlite") as corpus:
        names = {}
        for name, text in texts.items():
            if name != query_name:
                names[corpus.add(CorpusDocument(text, title=name))] = name
        result = find_reuse(texts[query_name], corpus)
    bp = default_boilerplate()
    for p in result.passages:
        shared = _true_shared(p.text, texts[names[p.source_id]]) if p.source_id else set()
        assert shared, f"reported text not shared with its source: {p.text}"
        if p.kind == "copy":  # a copy is real shared text that is not mostly formulations
            canon = canonicalize(simplified_shadow(p.text)).chars
            assert bp.mask(canon).mean() < 0.5
    assert result.copy_ratio < 0.01
    listed = {
        name for name, other in texts.items() if name != query_name and _true_shared(texts[query_name], other)
    }
    assert {names[p.source_id] for p in result.passages if p.source_id} <= listed


def test_excluding_an_owner_or_an_id(open_corpus: Corpus) -> None:
    rng = np.random.default_rng(11)
    text = cjk(rng, 300, SOURCE_RANGE)
    mine = open_corpus.add(CorpusDocument(text, owner="张三"))
    result = find_reuse(text, open_corpus, exclude_owner="张三")
    assert result.passages == ()
    assert find_reuse(text, open_corpus, exclude_ids=(mine,)).passages == ()
    assert find_reuse(text, open_corpus).copy_ratio == 1.0


def test_ratios_per_part_and_aspect_from_spans(open_corpus: Corpus) -> None:
    from mingjing.reuse import Section

    rng = np.random.default_rng(12)
    copied = cjk(rng, 100, RUN_RANGE)
    open_corpus.add(CorpusDocument(copied))
    own = cjk(rng, 100, QUERY_RANGE)
    text = copied + own
    sections = (
        Section("problems", 0, 200),
        Section("problems", 0, 100, "理论学习"),
        Section("problems", 100, 200, "政治素质"),
    )
    result = find_reuse(QueryText.from_text(text, sections=sections), open_corpus)
    parts = result.parts()
    assert parts["problems"]["ratio"] == 0.5
    assert parts["problems"]["aspects"] == {
        "理论学习": {"chars": 100, "copied": 100, "ratio": 1.0},
        "政治素质": {"chars": 100, "copied": 0, "ratio": 0.0},
    }


def test_offsets_are_those_of_the_parser(tmp_path: Path) -> None:
    api = pytest.importorskip("mingjing.api")
    seeds = seed_files()
    report = api.parse_file(seeds[1])
    with Corpus.open(tmp_path / "p.sqlite") as corpus:
        corpus.add(CorpusDocument.from_report(report))
        result = find_reuse(report, corpus)
    assert result.copy_ratio > 0.95
    for p in result.passages:
        assert report.text[p.source_start : p.source_end] == p.source_text
        assert report.text[p.start : p.end] == p.text
    assert set(result.parts()) == {part.kind for part in report.parts()}


def test_pairs_of_seeds_share_only_a_few_short_runs() -> None:
    """What the seeds share, measured independently: the basis of the boilerplate decision."""
    texts = [f.read_text("utf-8") for f in seed_files()]
    bp = default_boilerplate()
    for a, b in itertools.combinations(texts, 2):
        unlisted = {g for g in _true_shared(a, b) if bp.mask(g).mean() < 0.5}
        assert len(unlisted) <= 3, unlisted


def test_a_document_sharing_only_index_key_collisions_spends_no_budget(
    open_corpus: Corpus, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At a province's size a query's 36-bit keys meet strangers' postings; such a document shares no
    k-gram, is never aligned, and does not push the real source out of the budget."""
    from mingjing.reuse import query as query_module
    from mingjing.reuse.postings import Postings

    rng = np.random.default_rng(21)
    run = cjk(rng, 120, RUN_RANGE)
    source = open_corpus.add(CorpusDocument(cjk(rng, 300, SOURCE_RANGE) + run))
    stranger = open_corpus.add(CorpusDocument(cjk(rng, 300, SOURCE_RANGE)))
    text = cjk(rng, 300, QUERY_RANGE) + run
    # the stranger "shares" every fingerprint of the query: what colliding keys look like to the index
    prep = query_module.prepare_query(QueryText.from_text(text), open_corpus.settings.params.window, 13)
    keys = np.unique(open_corpus.index_space(prep.fp_keys))
    with open_corpus.db.lock(), open_corpus.db.transaction():
        fake = Postings(keys, np.full(len(keys), stranger, dtype=np.uint32))
        open_corpus._merge(fake, open_corpus.layout())
    monkeypatch.setattr(query_module, "MAX_SOURCES", 1)  # room for one document: the stranger ranks first
    result = find_reuse(text, open_corpus)
    assert {p.source_id for p in result.copies()} == {source}
    assert result.copied_chars >= 120
