"""The opinion classifier and near-duplicate merging (pure functions, no database)."""

from __future__ import annotations

from pathlib import Path

import pytest

from mingjing.frameworks import load_framework
from mingjing_web.consult import classify

DATA = Path(__file__).parent / "data"
THEME_2023 = "2023-theme-education"


def _labelled(name: str) -> list[tuple[str, str, str]]:
    rows = []
    for line in (DATA / name).read_text("utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            framework, aspect, text = line.split("\t")
            rows.append((framework, aspect, text))
    return rows


def accuracy(name: str) -> float:
    rows = _labelled(name)
    hits = sum(classify.classify(text, load_framework(fw)).aspect == aspect for fw, aspect, text in rows)
    return hits / len(rows)


@pytest.mark.parametrize(
    ("text", "aspect"),
    [
        ("领导干部下基层调研少，习惯坐在办公室听汇报", "工作作风"),
        ("对亲属和身边工作人员要求不严", "廉洁自律"),
        ("中心组学习多是念文件，研讨不深", "理论学习"),
        ("遇到矛盾绕着走，不敢碰硬", "担当作为"),
    ],
)
def test_classifies_to_the_framework_aspect(text: str, aspect: str) -> None:
    found = classify.classify(text, load_framework(THEME_2023))
    assert found.aspect == aspect
    assert 0 < found.confidence <= 1


def test_an_opinion_without_any_cue_stays_unclassified() -> None:
    found = classify.classify("希望明年更好", load_framework(THEME_2023))
    assert found.aspect == ""
    assert found.confidence == 0


def test_a_framework_without_aspects_classifies_nothing() -> None:
    assert classify.classify("学习不够深入", load_framework("generic")).aspect == ""


def test_the_same_opinion_follows_another_years_aspects() -> None:
    """No study aspect in 2024: an opinion about 党纪 study goes to 增强党性、严守纪律 through the data."""
    found = classify.classify("学习纪律处分条例不深入", load_framework("2024-party-discipline"))
    assert found.aspect == "带头增强党性、严守纪律、砥砺作风"


def test_a_longer_anchor_wins_over_the_word_inside_it() -> None:
    links = classify.aspect_themes(load_framework(THEME_2023))
    assert "ability" not in links["政治素质"]  # "政治能力" is politics, not 能力本领
    assert links["能力本领"] == {"ability": 1.0}


def test_near_duplicates_merge_and_different_opinions_do_not() -> None:
    texts = [
        "下基层调研不够，听汇报多看现场少",
        "下基层调研不够，听汇报多、看现场少。",
        "对亲属要求不严",
    ]
    assert classify.merge_groups(texts) == [[0, 1], [2]]


def test_a_short_opinion_inside_a_longer_one_merges() -> None:
    assert classify.merge_groups(["公车使用管理不严", "节假日公车使用管理不严，要加强监督"]) == [[0, 1]]


def test_content_hash_ignores_punctuation_and_spacing() -> None:
    assert classify.content_hash("学习 不够，深入") == classify.content_hash("学习不够深入。")
    assert classify.content_hash("学习不够深入") != classify.content_hash("学习够深入")


def test_development_set_accuracy() -> None:
    assert accuracy("opinions_dev.tsv") >= 0.9


def test_frozen_set_accuracy_stays_at_the_measured_level() -> None:
    """Held-out set written before the classifier (docs/quality.md, "Opinion classification")."""
    assert accuracy("opinions_frozen.tsv") >= 0.85
