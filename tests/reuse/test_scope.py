"""Cross-unit all-pairs from the index (mingjing.reuse.scope): a 范文 in more reports than the index
keeps per fingerprint is still one cross-unit cluster; shared formulations alone tie nobody."""

from __future__ import annotations

from pathlib import Path

from mingjing.reuse import Corpus, CorpusDocument, Settings
from mingjing.reuse.scope import candidate_pairs, clusters, verified_pairs

CAP = 6  # postings kept per fingerprint in these corpora: the 范文 below is in far more reports
TOWNS = 20

# A made-up 范文 paragraph (sold online, copied by one leader of every 乡镇).
FANWEN = (
    "在联系服务群众方面，深入基层调研的次数不多，到田间地头、企业车间与群众面对面交流的时间偏少，"
    "对群众反映强烈的停车难、办事慢等问题跟踪督办不够，有的承诺事项没有及时兑现，"
    "存在重安排部署、轻督促落实的现象，工作满足于开会发文件，抓落实的韧劲还不够足，"
    "对分管领域的矛盾问题研究不深不透，解决问题的办法不多，群众的满意度和获得感还有提升空间。"
)


def _own(i: int) -> str:
    from bench.reuse import scale

    return "\n".join(scale.base(i))


def _corpus(tmp_path: Path, texts: list[str]) -> tuple[Corpus, dict[int, int]]:
    corpus = Corpus.open(tmp_path / "tree.sqlite", settings=Settings(cap=CAP))
    with corpus.bulk() as loader:
        ids = loader.add_many(
            CorpusDocument(t, title=f"r{i}", kind="peer", owner=f"r{i}") for i, t in enumerate(texts)
        )
    return corpus, {doc_id: i for i, doc_id in enumerate(ids)}  # one report per 乡镇


def test_a_fanwen_in_more_reports_than_the_cap_is_one_cross_unit_cluster(tmp_path: Path) -> None:
    texts = []
    for i in range(TOWNS):
        own = _own(i)
        texts.append(own[:1200] + "\n" + FANWEN + "\n" + own[1200:])
    corpus, groups = _corpus(tmp_path, texts)
    with corpus:
        _, df = corpus.common()
        assert len(df) and int(df.max()) == TOWNS  # the passage's fingerprints are over the cap
        pairs = verified_pairs(corpus, candidate_pairs(corpus, groups), processes=1)
        found = clusters(pairs)
    assert found, "the 范文 copied in every 乡镇 formed no cluster"
    units = {groups[d] for d in found[0]}
    # every document the index keeps for the passage, each in its own unit, in one cluster
    assert len(found) == 1 and len(units) >= CAP
    assert all(p.longest >= 100 for p in pairs)


def test_shared_formulations_alone_tie_nobody_even_over_the_cap(tmp_path: Path) -> None:
    corpus, groups = _corpus(tmp_path, [_own(i) for i in range(TOWNS)])
    with corpus:
        _, df = corpus.common()
        assert len(df)  # stock phrases of the set are over the cap here too
        assert verified_pairs(corpus, candidate_pairs(corpus, groups), processes=1) == []


def test_a_capped_fingerprint_pairs_each_report_with_one_hub_only(tmp_path: Path) -> None:
    texts = [_own(i)[:1200] + "\n" + FANWEN for i in range(TOWNS)]
    corpus, groups = _corpus(tmp_path, texts)
    two_units = {d: g % 2 for d, g in groups.items()}  # the hub's own unit holds half of them
    with corpus:
        candidates = candidate_pairs(corpus, two_units)
    # a clique over the CAP kept documents would give CAP*(CAP-1)/2 pairs of which 9 cross units;
    # a star gives at most CAP - 1, each across the two units
    assert candidates and len({(c.a, c.b) for c in candidates}) <= CAP - 1
    assert all(two_units[c.a] != two_units[c.b] for c in candidates)
