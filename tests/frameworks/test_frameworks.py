"""Framework data files, the loader, aspect mapping and framework detection."""

from __future__ import annotations

import tomllib
from importlib import resources

import pytest

from mingjing.api import parse_text
from mingjing.errors import FrameworkError
from mingjing.frameworks import (
    best_aspect_score,
    detect_framework,
    framework_from_dict,
    heading_core,
    list_frameworks,
    load_framework,
    map_aspect,
    map_aspects,
)
from mingjing.frameworks.matching import ELIMINATION_CONFIDENCE

DATA = sorted(
    p for p in resources.files("mingjing.frameworks").joinpath("data").iterdir() if p.name.endswith(".toml")
)


@pytest.mark.parametrize("entry", DATA, ids=lambda p: p.name)
def test_every_data_file_is_valid(entry: object) -> None:
    data = tomllib.loads(entry.read_text("utf-8"))  # type: ignore[attr-defined]
    framework = framework_from_dict(data, stem=entry.name.removesuffix(".toml"))  # type: ignore[attr-defined]
    assert framework.name and framework.meeting_kinds
    assert framework.generic or len(framework.aspects) >= 4
    for aspect in framework.aspect_defs:
        for requirement in aspect.requirements:
            assert framework.requirement(requirement) is not None, requirement


def test_shipped_frameworks() -> None:
    ids = [f.id for f in list_frameworks()]
    assert {
        "2023-theme-education",
        "2024-party-discipline",
        "2023-five-lead",
        "2022-six-lead",
        "generic",
    } <= set(ids)
    assert ids[-1] == "generic"
    theme = load_framework("2023-theme-education")
    assert theme.aspects == ("理论学习", "政治素质", "能力本领", "担当作为", "工作作风", "廉洁自律")
    assert [r.name for r in theme.requirements] == ["以学铸魂", "以学增智", "以学正风", "以学促干"]
    assert "政治素养" in theme.aspect("政治素质").aliases  # type: ignore[union-attr]
    assert len(load_framework("2024-party-discipline").aspects) == 4
    assert not load_framework("2022-six-lead").requirements_known


@pytest.mark.parametrize(
    "name", ["2023-theme-education", "主题教育", "2023年主题教育专题民主生活会/组织生活会", " 2023 "]
)
def test_load_by_id_name_or_short_name(name: str) -> None:
    assert load_framework(name).id == "2023-theme-education"


def test_unknown_framework_lists_the_available_ones() -> None:
    with pytest.raises(FrameworkError) as caught:
        load_framework("2019")
    message = str(caught.value)
    assert "2019" in message and "2024-party-discipline" in message and "generic" in message


def test_broken_data_is_reported_in_chinese() -> None:
    with pytest.raises(FrameworkError, match="id"):
        framework_from_dict({"id": "x", "name": "n", "year": 1}, stem="y")
    with pytest.raises(FrameworkError, match="name"):
        framework_from_dict({"id": "y", "year": 1}, stem="y")


@pytest.mark.parametrize(
    ("heading", "core"),
    [
        ("（一）在理论学习方面。", "理论学习"),
        ("1、政治素质方面：", "政治素质"),
        ("（三）担当作为方面存在的问题", "担当作为"),
        ("带头履行全面从严治党政治责任", "带头履行全面从严治党政治责任"),
    ],
)
def test_heading_core(heading: str, core: str) -> None:
    assert heading_core(heading) == core


@pytest.mark.parametrize(
    ("framework", "heading", "aspect"),
    [
        ("2023-theme-education", "（二）政治素养方面", "政治素质"),
        ("2023-theme-education", "在能力和本领方面", "能力本领"),
        ("2023-theme-education", "作风建设", "工作作风"),
        ("2023-theme-education", "廉洁从政方面", "廉洁自律"),
        ("2023-theme-education", "带头增强党性方面", None),
        ("2023-theme-education", "（一）在学习贯彻习近平新时代中国特色社会主义思想上还有差距。", "理论学习"),
        ("2023-theme-education", "学习贯彻党的创新理论不够深入", "理论学习"),
        ("2023-theme-education", "政治素质还需锤炼，政治判断力、领悟力、执行力有待提高", "政治素质"),
        ("2023-theme-education", "对标对表的自觉还不够强", None),
        (
            "2024-party-discipline",
            "（一）带头严守政治纪律、政治规矩，自觉维护党的团结统一方面",
            "带头严守政治纪律和政治规矩，维护党的团结统一",
        ),
        (
            "2024-party-discipline",
            "在带头遵规守纪、清正廉洁前提下勇于担责、敢于创新方面",
            "带头在遵规守纪、清正廉洁前提下勇于担责、敢于创新",
        ),
        ("2024-party-discipline", "党性纪律作风方面", "带头增强党性、严守纪律、砥砺作风"),
        ("2024-party-discipline", "全面从严治党方面", "带头履行全面从严治党政治责任"),
        ("2024-party-discipline", "理论学习方面", None),
        ("2023-five-lead", "带头旗帜鲜明讲政治方面", "带头旗帜鲜明讲政治"),
        ("generic", "理论学习方面", None),
    ],
)
def test_map_aspect(framework: str, heading: str, aspect: str | None) -> None:
    mapping = map_aspect(load_framework(framework), heading)
    assert mapping.aspect == aspect
    assert (mapping.confidence >= 0.5) == (aspect is not None)


def test_detection_from_headings_and_keywords() -> None:
    theme = detect_framework(
        ["理论学习方面", "政治素养方面", "能力本领方面", "担当作为方面"], "主题教育专题民主生活会"
    )
    assert theme.id == "2023-theme-education" and theme.confidence > 0.6 and not theme.chosen_by_user
    lead = detect_framework(
        ["带头严守政治纪律和政治规矩，维护党的团结统一方面", "带头增强党性、严守纪律、砥砺作风方面"], ""
    )
    assert lead.id == "2024-party-discipline"
    unknown = detect_framework(["带头深化改革方面", "带头服务企业方面"], "")
    assert unknown.id == "generic"
    assert (
        detect_framework([], "党纪学习教育专题民主生活会，学纪、知纪、明纪、守纪").id
        == "2024-party-discipline"
    )


REPORT = "一、存在问题\n（一）理论学习方面\n一是学习不深。\n（二）带头增强党性方面\n一是锻炼不够。\n二、整改措施\n一是加强学习。"


def test_the_user_can_name_the_framework() -> None:
    detected = parse_text(REPORT)
    assert detected.framework is not None and not detected.framework.chosen_by_user
    chosen = parse_text(REPORT, framework="党纪学习教育")
    assert chosen.framework is not None and chosen.framework.chosen_by_user
    assert chosen.framework.id == "2024-party-discipline"
    assert chosen.problems is not None
    assert [a.aspect for a in chosen.problems.aspects] == [None, "带头增强党性、严守纪律、砥砺作风"]
    assert "aspect.unknown" in {w.code for w in chosen.warnings}
    generic = parse_text(REPORT, framework="generic")
    assert generic.problems is not None and [a.aspect for a in generic.problems.aspects] == [None, None]


def test_an_unknown_framework_name_is_an_error_not_a_guess() -> None:
    with pytest.raises(FrameworkError):
        parse_text(REPORT, framework="不存在的框架")


def test_a_framework_for_another_meeting_kind_counts_half() -> None:
    headings = [
        "带头增强党性、严守纪律、砥砺作风方面",
        "带头履行全面从严治党政治责任方面",
        "学习贯彻党的创新理论方面",
        "发挥先锋模范作用方面",
    ]
    assert detect_framework(headings, "").id == "2024-party-discipline"
    assert detect_framework(headings, "", meeting_kind="组织生活会").id == "generic"


THEME = load_framework("2023-theme-education")


@pytest.mark.parametrize(
    "heading",
    [
        "政治素质还需锤炼，政治判断力、领悟力、执行力有待提高",
        "能力本领与推动镇域高质量发展的要求还不相适应",
        "工作作风还不够扎实，调查研究不深不细",
    ],
)
def test_a_sentence_heading_that_starts_with_its_aspect_maps_firmly(heading: str) -> None:
    mapping = map_aspect(THEME, heading)
    assert mapping.aspect is not None and heading.startswith(mapping.aspect)
    assert mapping.confidence >= 0.8
    # ... but the same words are a problem's headline, not an aspect heading, for line detection
    assert best_aspect_score(heading) < 0.8


def test_a_heading_that_is_the_aspect_name_counts_as_naming_it() -> None:
    assert best_aspect_score("政治素养方面") == 1.0
    assert best_aspect_score("在担当作为上") >= 0.8
    assert best_aspect_score("理论学习不够深入") < 0.8


SENTENCES = [
    "对标对表的自觉还不够强",
    "政治素质还需锤炼",
    "能力本领还有短板",
    "担当作为还不够到位",
    "工作作风还不够扎实",
    "廉洁自律要求落实不严",
]


def test_elimination_gives_the_one_aspect_left_to_the_one_heading_left() -> None:
    mappings = map_aspects(THEME, SENTENCES)
    assert [m.aspect for m in mappings] == list(THEME.aspects)
    assert (mappings[0].confidence, mappings[0].inferred) == (ELIMINATION_CONFIDENCE, True)
    assert not any(m.inferred for m in mappings[1:])
    assert all(m.confidence > ELIMINATION_CONFIDENCE for m in mappings[1:])


@pytest.mark.parametrize(
    "headings",
    [
        SENTENCES[:5],  # two aspects left
        ["对标对表的自觉还不够强", "联系群众还不够紧密", *SENTENCES[2:]],  # two headings left
        [*SENTENCES, "对党忠诚还有差距"],  # nothing left
        ["对标对表的自觉还不够强", "政治素质还需锤炼", "政治素养不够高", *SENTENCES[3:]],  # a duplicate
    ],
)
def test_elimination_only_when_it_is_unique(headings: list[str]) -> None:
    mappings = map_aspects(THEME, headings)
    assert mappings[0].aspect is None and not any(m.inferred for m in mappings)


def test_no_elimination_in_the_generic_framework() -> None:
    assert [m.aspect for m in map_aspects(load_framework("generic"), ["甲方面", "乙方面"])] == [None, None]
