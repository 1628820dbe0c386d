"""One corpus, two databases: the same documents give the same findings on SQLite and PostgreSQL;
the write lock and content idempotency hold on both."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from mingjing.reuse import Corpus, CorpusDocument, find_reuse
from mingjing.reuse.scope import candidate_pairs, clusters, verified_pairs
from mingjing.samples import demo_members
from tests.conftest import seed_files
from tests.reuse.conftest import _drop, _pg_url


def _texts() -> list[str]:
    seeds = [p.read_text("utf-8") for p in seed_files()]
    own = [m.path.read_text("utf-8") for m in demo_members()]
    return seeds + own


def _load(corpus: Corpus, texts: list[str]) -> None:
    # Half templates, half colleagues; one copy made of two sources, to exercise ranking and spans.
    for i, text in enumerate(texts):
        kind = "template" if i % 2 else "peer"
        corpus.add(CorpusDocument(text, title=f"doc{i}", kind=kind, owner=f"o{i}", unit=f"u{i % 3}"))


def _findings(corpus: Corpus, queries: list[str]) -> list[object]:
    return [find_reuse(q, corpus).to_json() for q in queries]


@pytest.mark.postgres
def test_postgresql_and_sqlite_give_identical_results(tmp_path: Path) -> None:
    texts = _texts()
    queries = [
        texts[0][:1500] + texts[5][800:2500],  # two sources stitched together
        texts[2],  # a whole document
        "".join(reversed(texts[3][:600])),  # nothing copied
    ]
    url = _pg_url()
    try:
        with Corpus.open(tmp_path / "c.sqlite") as lite, Corpus.open(url) as pg:
            _load(lite, texts)
            _load(pg, texts)
            assert [i.id for i in lite.list()] == [i.id for i in pg.list()]
            assert _findings(lite, queries) == _findings(pg, queries)
            groups = {i.id: int((i.unit or "u0")[1:]) for i in lite.list()}
            lite_pairs = verified_pairs(lite, candidate_pairs(lite, groups))
            pg_pairs = verified_pairs(pg, candidate_pairs(pg, groups))
            assert lite_pairs == pg_pairs
    finally:
        _drop(url)


def test_adding_the_same_file_twice_stores_it_once(open_corpus: Corpus) -> None:
    text = _texts()[0]
    first = open_corpus.add(CorpusDocument(text, title="a.docx"))
    again = open_corpus.add_many([CorpusDocument(text, title="a-copy.docx"), CorpusDocument(text)])
    assert again == [first, first] and open_corpus.count() == 1
    other_owner = open_corpus.add(CorpusDocument(text, owner="同事"))
    assert other_owner != first and open_corpus.count() == 2  # a colleague's identical copy counts


def test_a_bulk_load_skips_what_is_stored_already(open_corpus: Corpus) -> None:
    texts = _texts()[:3]
    open_corpus.add(CorpusDocument(texts[0]))
    with open_corpus.bulk() as loader:
        ids = loader.add_many([CorpusDocument(t) for t in texts + texts])
    assert open_corpus.count() == 3 and len(set(ids)) == 3 and ids[:3] == ids[3:]


def test_replace_keeps_one_document_per_owner(open_corpus: Corpus) -> None:
    a, b = _texts()[:2]
    open_corpus.replace(CorpusDocument(a, owner="report:1"))
    open_corpus.replace(CorpusDocument(b, owner="report:1"))
    assert [d.owner for d in open_corpus.list()] == ["report:1"]
    assert find_reuse(b, open_corpus).copy_ratio > 0.9 and find_reuse(a, open_corpus).copy_ratio < 0.1
    assert open_corpus.remove_owner("report:1") == 1 and open_corpus.count() == 0


def test_concurrent_writers_through_separate_connections_lose_nothing(corpus_url: str) -> None:
    texts = _texts()
    Corpus.open(corpus_url).close()
    errors: list[BaseException] = []

    def writer(offset: int) -> None:
        try:
            with Corpus.open(corpus_url) as mine:
                for i in range(offset, len(texts), 2):
                    mine.replace(CorpusDocument(texts[i], owner=f"w{i}"))
        except BaseException as err:  # pragma: no cover - reported below
            errors.append(err)

    threads = [threading.Thread(target=writer, args=(n,)) for n in (0, 1)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    with Corpus.open(corpus_url) as check:
        assert check.count() == len(texts) == len(check.list())
        for text in texts:  # every document findable: no bucket update was lost
            assert find_reuse(text, check).copy_ratio > 0.9


def test_cross_group_pairs_need_different_groups(open_corpus: Corpus) -> None:
    text = _texts()[1]
    ids = [open_corpus.add(CorpusDocument(text, owner=f"p{i}")) for i in range(3)]
    same_unit = candidate_pairs(open_corpus, dict.fromkeys(ids, 7))
    assert same_unit == []
    split = candidate_pairs(open_corpus, {ids[0]: 1, ids[1]: 2, ids[2]: 2})
    assert {(c.a, c.b) for c in split} == {(ids[0], ids[1]), (ids[0], ids[2])}
    assert clusters(verified_pairs(open_corpus, split)) == [tuple(ids)]
