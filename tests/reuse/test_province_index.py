"""The province-size index (issue 12.4): compact storage that reads back exactly, the one-time widening
of narrow postings, and cross-unit all-pairs split over worker processes with the same result."""

from __future__ import annotations

import zlib
from functools import lru_cache
from pathlib import Path

import numpy as np
import pytest

from mingjing.reuse import Corpus, CorpusDocument, CorpusError, find_reuse
from mingjing.reuse import scope as scope_module
from mingjing.reuse.canon import simplified_shadow
from mingjing.reuse.postings import BUCKET_BITS, INDEX_BITS, MAX_KEY_BITS, Postings, bucket_of, spread
from mingjing.reuse.scope import candidate_pairs, verified_pairs
from mingjing.reuse.textcodec import pack, pack_match, unpack, unpack_match
from mingjing.text.chars import to_simplified

UNIT = 4  # reports per unit in the synthetic set


@lru_cache(maxsize=1)
def _reports() -> tuple[str, ...]:
    """Synthetic reports of ~4,500 characters of own writing; every second one also carries a
    300-character passage of a report in another unit (and some the bench's template paragraphs)."""
    from bench.reuse import scale

    own = ["\n".join(scale.base(i)) for i in range(60)]
    out = []
    for i, text in enumerate(own):
        if i % 2 == 0 and i >= UNIT:
            j = (i * 7) % (i - i % UNIT)  # an earlier report of another unit
            start = 200 + 40 * (i % 9)
            text = text[:1000] + own[j][start : start + 300] + text[1000:]
        elif i % 5 == 1:
            text = scale.report(i)[0]
        out.append(text)
    return tuple(out)


def _load(corpus: Corpus, texts: tuple[str, ...]) -> list[int]:
    with corpus.bulk() as loader:
        return loader.add_many(
            CorpusDocument(t, title=f"r{i}", kind="peer", owner=f"r{i}") for i, t in enumerate(texts)
        )


def _old_pack(text: str) -> bytes:
    """How texts were stored before issue 12.4 (kept readable; the baseline for the size test)."""
    return b"G" + zlib.compress(text.encode("gb18030"), 6)


# -- texts -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "",
        "一、存在问题\n（一）理论学习方面。学习不够系统，2023年缺席两次集中学习。",
        "對照檢查材料：學習貫徹習近平新時代中國特色社會主義思想",
        "ASCII only, with digits 123 and CR\r\nLF",
        "生僻字𠀀𪚥与表情😀混排",  # beyond the BMP: surrogate pairs in UTF-16
        "孤立代理\udc80字符",  # a lone surrogate, as surrogateescape decoding leaves them
        "\u3000全角空格　和\ufeffBOM",
    ],
)
def test_texts_round_trip(text: str) -> None:
    blob = pack(text)
    assert blob[:1] == b"R"
    assert unpack(blob) == text


def test_texts_written_before_the_new_format_are_still_read() -> None:
    text = "党员领导干部对照检查材料"
    assert unpack(_old_pack(text)) == text
    odd = "无法用GB18030编码的孤立代理\udc80"
    assert unpack(b"U" + zlib.compress(odd.encode("utf-8", "surrogatepass"))) == odd


def test_a_recomputable_match_text_is_stored_as_a_marker() -> None:
    text = "對照檢查材料：學習不夠深入"
    assert to_simplified(text) != text
    blob = pack_match(to_simplified(text), text)
    assert blob is not None and len(blob) == 5
    assert unpack_match(blob, text) == to_simplified(text)
    shadow = pack_match(simplified_shadow(text), text)
    assert shadow is not None and unpack_match(shadow, text) == simplified_shadow(text)
    assert pack_match(text, text) is None and unpack_match(None, text) == text
    other = "对照检查材料：学习不够深人"  # not a shadow of the text: stored whole
    stored = pack_match(other, text)
    assert stored is not None and stored[:1] == b"R" and unpack_match(stored, text) == other


def test_a_match_text_that_no_longer_recomputes_fails_loudly() -> None:
    text = "對照檢查材料"
    blob = pack_match(to_simplified(text), text)
    assert blob is not None
    with pytest.raises(CorpusError, match="重新建库"):
        unpack_match(blob[:1] + bytes(4), text)


def test_stored_documents_read_back_exactly(open_corpus: Corpus) -> None:
    texts = ["對照檢查材料：學習不夠深入，" * 20, _reports()[0], "混排😀" * 50]
    ids = [open_corpus.add(CorpusDocument(t, owner=f"o{i}")) for i, t in enumerate(texts)]
    stored = open_corpus.documents(ids)
    for doc_id, text in zip(ids, texts, strict=True):
        assert stored[doc_id].text == text
        assert stored[doc_id].match_text == simplified_shadow(text)


# -- size ------------------------------------------------------------------------------------------


def test_a_small_corpus_stores_fewer_bytes_a_report_than_before(open_corpus: Corpus) -> None:
    texts = _reports()[:40]
    _load(open_corpus, texts)
    db = open_corpus.db
    text_bytes = int(db.execute("SELECT SUM(LENGTH(text)) FROM mj_reuse_texts")[0][0])
    match_rows = int(db.execute("SELECT COUNT(*) FROM mj_reuse_texts WHERE match_text IS NOT NULL")[0][0])
    posting_bytes = int(db.execute("SELECT SUM(LENGTH(data)) FROM mj_reuse_postings")[0][0])
    postings = posting_bytes // 5
    assert open_corpus.narrow() and posting_bytes % 5 == 0
    before = sum(len(_old_pack(t)) for t in texts) + 6 * postings
    now = text_bytes + posting_bytes
    assert match_rows == 0
    # texts ~12 % smaller on these (nearly repeat-free) synthetic reports, postings a sixth smaller
    assert text_bytes < 0.92 * sum(len(_old_pack(t)) for t in texts)
    assert now < 0.88 * before


# -- postings layout -------------------------------------------------------------------------------


def _everything(corpus: Corpus) -> Postings:
    return corpus.bucket_range(0, corpus.layout().buckets)


def test_narrow_postings_widen_once_ids_outgrow_them(tmp_path: Path) -> None:
    texts = _reports()[:12]
    with (
        Corpus.open(tmp_path / "narrow.sqlite") as narrow,
        Corpus.open(tmp_path / "widened.sqlite") as widened,
    ):
        widened.narrow_limit = 6  # as if 2**24 documents had been added
        for i, text in enumerate(texts):
            narrow.add(CorpusDocument(text, owner=f"o{i}"))
            widened.add(CorpusDocument(text, owner=f"o{i}"))
        assert narrow.narrow() and not widened.narrow()
        rows = widened.db.execute("SELECT data FROM mj_reuse_postings")
        assert all(len(bytes(r[0])) % 6 == 0 for r in rows)
        a, b = _everything(narrow), _everything(widened)
        assert np.array_equal(a.keys, b.keys) and np.array_equal(a.docs, b.docs)
        query = texts[3][:1500] + texts[9][1000:2500]
        assert find_reuse(query, narrow).to_json() == find_reuse(query, widened).to_json()
        widened.remove(5)
        narrow.remove(5)
        a, b = _everything(narrow), _everything(widened)
        assert np.array_equal(a.keys, b.keys) and np.array_equal(a.docs, b.docs)


def test_a_corpus_with_six_byte_postings_keeps_them(tmp_path: Path) -> None:
    """A corpus made before issue 12.4 has no ``postings`` meta row: its 6-byte rows stay readable."""
    texts = _reports()[:8]
    with Corpus.open(tmp_path / "old.sqlite") as old, Corpus.open(tmp_path / "new.sqlite") as new:
        old.db.execute("DELETE FROM mj_reuse_meta WHERE key = 'postings'")
        _load(old, texts)
        _load(new, texts)
        assert not old.narrow()
        a, b = _everything(old), _everything(new)
        assert np.array_equal(a.keys, b.keys) and np.array_equal(a.docs, b.docs)
        query = texts[2][:2000]
        assert find_reuse(query, old).to_json() == find_reuse(query, new).to_json()


def test_a_corpus_made_before_keys_were_spread_keeps_plain_keys(tmp_path: Path) -> None:
    """No ``keys`` meta row: plain keys, read and written as before; the same findings either way."""
    texts = _reports()[:8]
    Corpus.open(tmp_path / "plain.sqlite").close()
    with Corpus.open(tmp_path / "plain.sqlite") as made:
        made.db.execute("DELETE FROM mj_reuse_meta WHERE key = 'keys'")
    with Corpus.open(tmp_path / "plain.sqlite") as plain, Corpus.open(tmp_path / "spread.sqlite") as new:
        assert not plain.spread_keys and new.spread_keys
        _load(plain, texts)
        _load(new, texts)
        a, b = _everything(plain), _everything(new)
        assert sorted(zip(spread(a.keys).tolist(), a.docs.tolist(), strict=True)) == sorted(
            zip(b.keys.tolist(), b.docs.tolist(), strict=True)
        )
        for query in (texts[2][:2000], texts[5][500:1500] + texts[7][:900]):
            assert find_reuse(query, plain).to_json() == find_reuse(query, new).to_json()
        plain.remove(3)
        new.remove(3)
        assert len(_everything(plain)) == len(_everything(new))


def test_spread_keys_fill_the_buckets_evenly(tmp_path: Path) -> None:
    """Winnowed hashes lean to small values: plain keys crowd the low buckets, spread keys do not."""
    from mingjing.reuse.corpus import prepare

    cut = np.uint64(MAX_KEY_BITS - INDEX_BITS)  # prepared keys carry the check bits too
    keys = np.concatenate([prepare(CorpusDocument(t)).keys >> cut for t in _reports()])
    half = np.uint64(1 << (BUCKET_BITS - 1))
    plain_low = float(np.mean(bucket_of(keys) < half))
    spread_low = float(np.mean(bucket_of(spread(keys)) < half))
    assert plain_low > 0.75  # what the index held before: three quarters in the lower half
    assert abs(spread_low - 0.5) < 0.02
    assert len(np.unique(spread(keys))) == len(np.unique(keys))  # a bijection: no two keys merge


def test_buckets_double_as_the_reports_do_and_nothing_changes_but_the_rows(
    corpus_url: str, tmp_path: Path
) -> None:
    """With ``bucket_base`` 1, eight reports need 2**23 buckets: rows are rewritten as the reports grow
    (one by one, and in a bulk load), and the index, the findings, removal and the pairs stay the same.
    The bulk load into the new corpus settles 2**23 buckets before its first row, so its keys keep
    three check bits more (39): the same keys with the next hash bits below them."""
    texts = _reports()[:8]
    with (
        Corpus.open(tmp_path / "fixed.sqlite") as fixed,
        Corpus.open(corpus_url) as grown,
        Corpus.open(tmp_path / "bulk.sqlite") as bulk,
    ):
        grown.bucket_base = bulk.bucket_base = 1
        seen_bits = []
        for i, text in enumerate(texts):
            fixed.add(CorpusDocument(text, owner=f"o{i}"))
            grown.add(CorpusDocument(text, owner=f"o{i}"))
            seen_bits.append(grown.layout().bits)
        _load(bulk, texts)
        assert fixed.layout().bits == 20 and seen_bits[0] == 20
        assert seen_bits == sorted(seen_bits) and seen_bits[-1] == 23 == bulk.layout().bits
        assert len(grown.db.execute("SELECT bucket FROM mj_reuse_postings WHERE bucket >= ?", (1 << 20,)))
        assert (fixed.layout().key_bits, grown.layout().key_bits, bulk.layout().key_bits) == (36, 36, 39)
        for other, cut in ((grown, 0), (bulk, 3)):
            a, b = _everything(fixed), _everything(other)
            assert np.array_equal(a.keys, b.keys >> np.uint64(cut)) and np.array_equal(a.docs, b.docs)
        query = texts[3][:1500] + texts[6][1000:2500]
        assert find_reuse(query, fixed).to_json() == find_reuse(query, grown).to_json()
        spans = [
            [(p.start, p.end, p.kind, p.source_id) for p in find_reuse(query, c).passages]
            for c in (fixed, bulk)
        ]
        assert spans[0] and spans[0] == spans[1]  # the bulk load's titles and kinds are its own
        groups = {i + 1: i // UNIT for i in range(len(texts))}
        pairs = candidate_pairs(fixed, groups)
        assert pairs and pairs == candidate_pairs(grown, groups) == candidate_pairs(bulk, groups)
        fixed.remove(5)
        grown.remove(5)
        a, b = _everything(fixed), _everything(grown)
        assert np.array_equal(a.keys, b.keys) and np.array_equal(a.docs, b.docs)


def test_check_bits_tell_apart_keys_that_share_their_top_36_bits(corpus_url: str, tmp_path: Path) -> None:
    """A bulk load into a new corpus keeps check bits (39-bit keys at 2**23 buckets): a key equal to a
    stored one in its top 36 bits and different below (a stranger's fingerprint meeting it by chance)
    finds nothing there, while a 36-bit index cannot tell the two apart. A corpus that had rows before
    it grew, or that was made before keys were spread, keeps 36 bits."""
    from mingjing.reuse.corpus import prepare

    texts = _reports()[:8]
    with Corpus.open(corpus_url) as bulk, Corpus.open(tmp_path / "fixed.sqlite") as fixed:
        bulk.bucket_base = 1
        ids = _load(bulk, texts)
        _load(fixed, texts)
        assert (bulk.layout().key_bits, fixed.layout().key_bits) == (39, 36)
        own = prepare(CorpusDocument(texts[0])).keys
        stranger = own ^ np.uint64(1 << 3)  # the highest check bit: kept at 39 bits, cut at 36

        def holds_first(corpus: Corpus, keys: np.ndarray) -> float:
            stored = corpus.index_space(keys)
            found = corpus.postings(np.unique(stored))
            left, right = found.lookup(stored)
            return float(np.mean([ids[0] in found.docs[a:b] for a, b in zip(left, right, strict=True)]))

        assert holds_first(bulk, own) == holds_first(fixed, own) == 1.0
        assert holds_first(fixed, stranger) == 1.0
        assert holds_first(bulk, stranger) < 0.01


# -- cross-unit all-pairs --------------------------------------------------------------------------


def test_all_pairs_over_worker_processes_equal_one_process(
    open_corpus: Corpus, monkeypatch: pytest.MonkeyPatch
) -> None:
    texts = _reports()
    ids = _load(open_corpus, texts)
    groups = {doc_id: i // UNIT for i, doc_id in enumerate(ids)}
    candidates = candidate_pairs(open_corpus, groups)
    keys = [(-c.shared, c.a, c.b) for c in candidates]
    assert keys == sorted(keys) and all(groups[c.a] != groups[c.b] for c in candidates)
    one = verified_pairs(open_corpus, candidates, min_passage=13, processes=1)
    # small chunks so that both workers get several, and no minimum before workers start
    monkeypatch.setattr(scope_module, "CHUNK", 3)
    monkeypatch.setattr(scope_module, "MIN_PARALLEL", 0)
    two = verified_pairs(open_corpus, candidates, min_passage=13, processes=2)
    assert len(candidates) > 2 * 3 and len(one) >= 20
    assert two == one
    order = {(c.a, c.b): k for k, c in enumerate(candidates)}
    assert [order[(p.a, p.b)] for p in two] == sorted(order[(p.a, p.b)] for p in two)
