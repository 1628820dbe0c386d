"""The persistent corpus on SQLite and PostgreSQL: incremental add, remove, list, cap and df."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from mingjing.reuse import Corpus, CorpusDocument, CorpusError, find_reuse
from mingjing.reuse.corpus import prepare
from tests.conftest import seed_files


def _docs() -> list[CorpusDocument]:
    return [
        CorpusDocument(f.read_text("utf-8"), title=f.name, kind="past-report", owner=f"p{i}", year=2023)
        for i, f in enumerate(seed_files())
    ]


def test_add_list_get_remove(open_corpus: Corpus) -> None:
    docs = _docs()
    ids = open_corpus.add_many(docs[:3], batch_size=2)
    ids.append(open_corpus.add(docs[3]))
    assert open_corpus.count() == 4
    listed = open_corpus.list()
    assert [d.id for d in listed] == ids
    assert [d.title for d in listed] == [d.title for d in docs[:4]]
    assert open_corpus.list(owner="p1")[0].id == ids[1]
    assert open_corpus.get(ids[2]).text == docs[2].text
    open_corpus.remove(ids[1])
    assert open_corpus.count() == 3
    with pytest.raises(CorpusError):
        open_corpus.get(ids[1])
    with pytest.raises(CorpusError):
        open_corpus.remove(ids[1])


def test_incremental_add_and_remove_keep_the_index_exact(open_corpus: Corpus) -> None:
    """The index after adds and removes equals the index of the remaining documents."""
    docs = _docs()
    ids = open_corpus.add_many(docs)
    open_corpus.remove(ids[0])
    open_corpus.remove(ids[3])
    stored = open_corpus.postings(np.arange(0, 1 << 36, 1 << 16, dtype=np.uint64))  # every bucket
    rows = open_corpus.db.execute("SELECT bucket FROM mj_reuse_postings")
    everything = open_corpus._read_buckets([int(r[0]) for r in rows])
    assert len(stored) <= len(everything)
    expected = sorted(
        (int(k), doc_id)
        for doc_id, d in zip(ids, docs, strict=True)
        if doc_id not in (ids[0], ids[3])
        for k in open_corpus.index_space(prepare(d).keys).tolist()
    )
    assert sorted(zip(everything.keys.tolist(), everything.docs.tolist(), strict=True)) == expected


def test_a_copy_is_found_again_after_unrelated_adds_and_removes(open_corpus: Corpus) -> None:
    docs = _docs()
    first = open_corpus.add(docs[0])
    other = open_corpus.add_many(docs[1:])
    open_corpus.remove(other[0])
    result = find_reuse(docs[0].text, open_corpus)
    assert {p.source_id for p in result.copies()} == {first}
    open_corpus.remove(first)
    assert find_reuse(docs[0].text, open_corpus).copies() == ()


def test_fingerprints_over_the_cap_are_counted_not_stored(small_cap_corpus: Corpus) -> None:
    text = seed_files()[0].read_text("utf-8")[:600]
    ids = [small_cap_corpus.add(CorpusDocument(text, title=str(i), owner=str(i))) for i in range(5)]
    keys, df = small_cap_corpus.common()
    expected = np.sort(small_cap_corpus.index_space(prepare(CorpusDocument(text)).keys))
    assert keys.tolist() == expected.tolist() and set(df.tolist()) == {5}
    rows = small_cap_corpus.db.execute("SELECT bucket FROM mj_reuse_postings")
    stored = small_cap_corpus._read_buckets([int(r[0]) for r in rows])
    assert set(stored.docs.tolist()) == set(ids[:3])  # the cap: the first three documents only
    small_cap_corpus.remove(ids[0])
    _, df = small_cap_corpus.common()
    assert set(df.tolist()) == {4}


def test_settings_are_kept_with_the_corpus(corpus_url: str) -> None:
    from mingjing.reuse import Settings

    Corpus.open(corpus_url, settings=Settings(cap=7)).close()
    with Corpus.open(corpus_url) as corpus:
        assert corpus.settings.cap == 7


def test_bad_kind_and_bad_path_give_chinese_errors(tmp_path: Path) -> None:
    with Corpus.open(tmp_path / "c.sqlite") as corpus, pytest.raises(CorpusError, match="类别"):
        corpus.add(CorpusDocument("文本", kind="novel"))
    with pytest.raises(CorpusError, match="文件夹"):
        Corpus.open(tmp_path)
    (tmp_path / "junk.sqlite").write_bytes(b"not a database at all" * 100)
    with pytest.raises(CorpusError, match="无法打开"):
        Corpus.open(tmp_path / "junk.sqlite")


def test_traditional_text_matches_its_simplified_copy(open_corpus: Corpus) -> None:
    text = seed_files()[2].read_text("utf-8")[:400]
    from opencc import OpenCC

    doc_id = open_corpus.add(CorpusDocument(OpenCC("s2t").convert(text)))
    copies = find_reuse(text, open_corpus).copies()
    assert [p.source_id for p in copies] == [doc_id]


def _index_of(corpus: Corpus) -> list[tuple[int, int]]:
    rows = corpus.db.execute("SELECT bucket FROM mj_reuse_postings")
    stored = corpus._read_buckets([int(r[0]) for r in rows])
    return sorted(zip(stored.keys.tolist(), stored.docs.tolist(), strict=True))


def test_bulk_load_builds_the_same_index_as_adding_one_by_one(corpus_url: str, tmp_path: Path) -> None:
    from mingjing.reuse import Settings

    # The same texts under other owners: fingerprints reach the cap of 3 and become common.
    docs = _docs() + [replace(d, owner=f"{d.owner}-again") for d in _docs()]
    settings = Settings(cap=3, min_df=2, common_fraction=0.0)
    with Corpus.open(tmp_path / "one-by-one.sqlite", settings=settings) as reference:
        for d in docs:
            reference.add(d)
        expected, expected_common = _index_of(reference), reference.common()
    with Corpus.open(corpus_url, settings=settings) as bulk:
        with bulk.bulk() as loader:
            loader.add_many(docs[:4], batch_size=3)
            loader.add(docs[4])
            loader.add_many(docs[5:])
        assert bulk.count() == len(docs)
        assert _index_of(bulk) == expected
        keys, df = bulk.common()
        assert keys.tolist() == expected_common[0].tolist() and df.tolist() == expected_common[1].tolist()
        assert find_reuse(docs[0].text, bulk).copy_ratio > 0.9


def test_a_failed_bulk_load_keeps_nothing(tmp_path: Path) -> None:
    with Corpus.open(tmp_path / "c.sqlite") as corpus:
        corpus.add(_docs()[0])
        with pytest.raises(CorpusError), corpus.bulk() as loader:
            loader.add(_docs()[1])
            loader.add(CorpusDocument("文本", kind="novel"))
        assert corpus.count() == 1 and len(corpus.list()) == 1
