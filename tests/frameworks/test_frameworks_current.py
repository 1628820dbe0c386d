"""The current frameworks (2025 五个带头, its 组织生活会 counterpart) and the older ones reports still use."""

from __future__ import annotations

import pytest

from mingjing.api import parse_text
from mingjing.frameworks import detect_framework, load_framework, map_aspect
from mingjing.frameworks.matching import meeting_year_named

H2025 = [
    "（一）在带头强化政治忠诚、提高政治能力方面",
    "（二）在带头固本培元、增强党性方面",
    "（三）在带头敬畏人民、敬畏组织、敬畏法纪方面",
    "（四）在带头干事创业、担当作为方面",
    "（五）在带头坚决扛起管党治党责任方面",
]
H2022 = [
    "（一）在带头深刻领悟“两个确立”的决定性意义，增强“四个意识”、坚定“四个自信”、做到“两个维护”方面",
    "（二）在带头学习贯彻习近平新时代中国特色社会主义思想方面",
    "（三）在带头坚持和加强党的全面领导、坚决贯彻落实党中央决策部署方面",
    "（四）在带头践行以人民为中心的发展思想方面",
    "（五）在带头发扬斗争精神、防范化解重大风险方面",
    "（六）在带头落实全面从严治党政治责任方面",
]
DISCIPLINES = [
    "（一）政治纪律方面",
    "（二）组织纪律方面",
    "（三）廉洁纪律方面",
    "（四）群众纪律方面",
    "（五）工作纪律方面",
    "（六）生活纪律方面",
]
FOUR_TALKS = [
    "（一）在讲政治、有信念方面",
    "（二）在讲规矩、有纪律方面",
    "（三）在讲道德、有品行方面",
    "（四）在讲奉献、有作为方面",
]


def test_2025_framework_is_the_published_five() -> None:
    framework = load_framework("2025")
    assert framework.id == "2025-five-lead" and framework.year == 2025
    assert framework.aspects == (
        "带头强化政治忠诚、提高政治能力",
        "带头固本培元、增强党性",
        "带头敬畏人民、敬畏组织、敬畏法纪",
        "带头干事创业、担当作为",
        "带头坚决扛起管党治党责任",
    )


@pytest.mark.parametrize(
    ("headings", "text", "kind", "expected"),
    [
        (H2025, "根据县委关于召开2025年度民主生活会的统一部署", "民主生活会", "2025-five-lead"),
        (H2025, "", None, "2025-five-lead"),
        (H2022, "2022年度民主生活会", "民主生活会", "2022-six-lead"),
        (
            DISCIPLINES,
            "召开2025年度组织生活会，锲而不舍落实中央八项规定精神",
            "组织生活会",
            "2025-branch-discipline",
        ),
        (FOUR_TALKS, "结合“两学一做”学习教育", "组织生活会", "2016-four-talks"),
    ],
)
def test_detection(headings: list[str], text: str, kind: str | None, expected: str) -> None:
    assert detect_framework(headings, text, meeting_kind=kind).id == expected


def test_six_disciplines_without_a_2025_keyword_are_not_the_2025_framework() -> None:
    # the same six were used for 党纪学习教育 in 2024: the 2025 file needs a 2025 keyword
    match = detect_framework(DISCIPLINES, "党纪学习教育专题组织生活会", meeting_kind="组织生活会")
    assert match.id != "2025-branch-discipline"
    assert not load_framework("2025-branch-discipline").aspects_verbatim


def test_political_loyalty_is_not_2023_political_quality_when_2025_fits() -> None:
    report = parse_text(
        "2025年度民主生活会个人对照检查材料\n\n根据县委关于召开2025年度民主生活会的统一部署，现报告如下。\n\n一、存在的问题\n"
        + "".join(f"{h}\n一是有差距。今年我只参加学习3次。\n" for h in H2025)
        + "二、原因剖析\n一是放松学习。\n三、整改措施\n一是每月学习1次。\n"
    )
    assert report.framework is not None and report.framework.id == "2025-five-lead"
    assert report.problems is not None
    assert [a.aspect for a in report.problems.aspects] == list(load_framework("2025-five-lead").aspects)
    # forcing the 2023 framework is the user's choice, and maps by words; detection never does
    assert map_aspect(load_framework("2025-five-lead"), H2025[0]).aspect == "带头强化政治忠诚、提高政治能力"


def test_a_weak_match_of_another_years_framework_falls_to_generic() -> None:
    # a 2025 组织生活会 report with its own five aspects, three of which sound like the 2023 ones
    own = [
        "（一）理论学习方面",
        "（二）政治素养方面",
        "（三）作用发挥方面",
        "（四）纪律作风方面",
        "（五）党建引领方面",
    ]
    assert detect_framework(own, "", meeting_kind="组织生活会").id == "2023-theme-education"
    opening = "按照镇党委关于召开2025年度组织生活会的通知要求，现汇报如下。"
    assert detect_framework(own, opening, meeting_kind="组织生活会").id == "generic"
    # the full six under a later title still are the 2023 framework (units reuse them)
    six = [
        "（一）理论学习方面",
        "（二）政治素质方面",
        "（三）能力本领方面",
        "（四）担当作为方面",
        "（五）工作作风方面",
        "（六）廉洁自律方面",
    ]
    assert detect_framework(six, opening, meeting_kind="组织生活会").id == "2023-theme-education"


def test_meeting_year_named_skips_last_years_meeting() -> None:
    assert meeting_year_named("根据县委关于召开2025年度民主生活会的统一部署") == 2025
    assert (
        meeting_year_named("对照2024年度民主生活会查摆的问题逐项整改。根据关于召开2025年度民主生活会的通知")
        == 2025
    )
    assert meeting_year_named("现将对照检查情况报告如下") is None


def test_four_talks_span_several_years_and_branch_framework_needs_headings() -> None:
    assert load_framework("2016-four-talks").years == (2016, 2019)
    assert load_framework("2025-five-lead").years == (2025, 2025)
    assert detect_framework(
        [], "召开2025年度组织生活会，锲而不舍落实中央八项规定精神", meeting_kind="组织生活会"
    ).id != ("2025-branch-discipline")
