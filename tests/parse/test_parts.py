"""Part detection: heading-shaped lines only, order problems → causes → measures, missing parts."""

from __future__ import annotations

import pytest

from mingjing.api import parse_text
from mingjing.model import ParsedReport
from mingjing.parse.vocabulary import OTHER, part_kind
from tests.parse.parse_checks import check_invariants

PROBLEMS = "（一）理论学习方面\n一是学习不深。\n二是运用不够。\n（二）工作作风方面\n一是调研不深。"


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("存在问题", "problems"),
        ("存在的问题", "problems"),
        ("查摆出的问题和不足", "problems"),
        ("问题查摆", "problems"),
        ("对照检查情况", "problems"),
        ("检视问题", "problems"),
        ("存在的主要问题及具体表现", "problems"),
        ("思想根源", "causes"),
        ("原因剖析", "causes"),
        ("原因分析", "causes"),
        ("产生问题的原因分析", "causes"),
        ("问题产生的原因", "causes"),
        ("根源剖析", "causes"),
        ("整改措施", "measures"),
        ("下步打算", "measures"),
        ("下一步工作方向和整改措施", "measures"),
        ("努力方向", "measures"),
        ("整改方向和措施", "measures"),
        ("针对问题的整改措施", "measures"),
        ("上年度民主生活会整改措施落实情况", OTHER),
        ("征求意见情况", OTHER),
        ("理论学习有差距", None),
        ("带头严守政治纪律和政治规矩", None),
    ],
)
def test_part_vocabulary(heading: str, kind: str | None) -> None:
    assert part_kind(heading) == kind


def test_keywords_in_sentences_do_not_start_parts() -> None:
    text = (
        "根据要求，我查摆了存在问题，剖析了思想根源，明确了下一步努力方向和整改措施。\n"
        f"一、存在问题\n{PROBLEMS}\n"
        "在剖析原因时，我认为整改措施要具体。\n"  # a body sentence with part words: not a heading
        "二、原因剖析\n一是学习不够。\n三、整改措施\n一是加强学习。"
    )
    report = parse_text(text)
    check_invariants(report)
    assert report.problems is not None and report.causes is not None and report.measures is not None
    assert "下一步努力方向" in report.slice(report.preamble)  # type: ignore[arg-type]
    assert "整改措施要具体" in report.slice(report.problems)


def test_two_part_report_reports_the_missing_causes() -> None:
    report = parse_text(f"一、存在的问题\n{PROBLEMS}\n二、整改措施\n一是加强学习。\n二是改进作风。")
    check_invariants(report)
    assert report.causes is None
    assert report.measures is not None and len(report.measures.items) == 2
    missing = [w for w in report.warnings if w.code == "part.missing"]
    assert len(missing) == 1 and "原因剖析" in missing[0].message


def test_nothing_is_invented_for_text_without_parts() -> None:
    report = parse_text("今天天气很好，我们去公园散步。\n公园里有很多人。")
    check_invariants(report)
    assert report.parts() == ()
    assert sorted(w.code for w in report.warnings) == ["part.missing"] * 3


def test_other_sections_end_the_part_before_them() -> None:
    text = (
        f"一、存在问题\n{PROBLEMS}\n二、原因剖析\n一是学习不够。\n三、整改措施\n一是加强学习。\n"
        "四、上年度整改措施落实情况\n去年查摆的5个问题已整改4个。"
    )
    report = parse_text(text)
    check_invariants(report)
    assert report.measures is not None and "去年" not in report.slice(report.measures)
    assert "part.other" in {w.code for w in report.warnings}


def test_a_problems_item_mentioning_rectification_does_not_start_the_measures_part() -> None:
    text = (
        "一、存在问题\n（一）理论学习方面\n一是学习不深。\n（二）整改落实方面\n一是整改措施不够具体。\n"
        "二、原因剖析\n一是学习不够。\n三、整改措施\n一是加强学习。"
    )
    report = parse_text(text)
    check_invariants(report)
    assert report.problems is not None and len(report.problems.aspects) == 2
    assert report.measures is not None and report.measures.heading is not None
    assert report.measures.heading.number == "三、"


def test_unnumbered_short_part_headings_and_inline_heading() -> None:
    text = "存在的问题：一是学习不深。二是运用不够。\n原因分析\n一是学习不够。\n下步打算\n一是加强学习。"
    report = parse_text(text)
    check_invariants(report)
    assert report.problems is not None and report.problems.heading is not None
    assert report.problems.heading.text == "存在的问题"
    assert len(report.problems.items) == 2
    assert report.causes is not None and report.measures is not None


def test_problems_without_aspects_keep_their_items_on_the_part() -> None:
    report = parse_text(
        "一、存在问题\n1.学习不深。\n2.运用不够。\n二、原因剖析\n一是学习不够。\n三、整改措施\n一是加强学习。"
    )
    check_invariants(report)
    assert report.problems is not None
    assert report.problems.aspects == ()
    assert [item.number for item in report.problems.items] == ["1.", "2."]


def test_aspect_headings_that_end_in_a_colon_or_are_sentences() -> None:
    text = (
        "一、存在问题\n1、政治素养方面：\n（1）站位不高。\n（2）敏锐性不强。\n"
        "2、在担当作为上还有差距。\n（1）怕担责。\n"
        "3.带头严守政治纪律和政治规矩，维护党的团结统一。\n（1）请示报告不及时。\n"
        "二、原因剖析\n一是学习不够。\n三、整改措施\n一是加强学习。"
    )
    report = parse_text(text)
    check_invariants(report)
    assert report.problems is not None
    headings = [a.heading.text for a in report.problems.aspects if a.heading]
    assert headings == [
        "政治素养方面",
        "在担当作为上还有差距",
        "带头严守政治纪律和政治规矩，维护党的团结统一",
    ]
    assert [len(a.items) for a in report.problems.aspects] == [2, 1, 1]


def test_mixed_brackets_in_aspect_headings() -> None:
    text = "一、存在问题\n(一)理论学习方面\n一是学习不深。\n(二）工作作风方面\n一是调研不深。\n（三)廉洁自律方面\n一是家风不严。"
    report = parse_text(text)
    assert report.problems is not None
    assert [a.heading.number for a in report.problems.aspects if a.heading] == ["（一）", "（二）", "（三）"]


def test_last_years_rectification_section_before_the_problems_is_not_a_part() -> None:
    text = (
        "一、上年度民主生活会整改措施落实情况\n去年查摆的12个问题，已完成整改11个。\n"
        f"二、存在的主要问题\n{PROBLEMS}\n三、原因剖析\n（一）理论武装不够深入。\n四、整改措施\n（一）强化理论武装。"
    )
    report = parse_text(text)
    check_invariants(report)
    assert report.problems is not None and report.problems.heading is not None
    assert report.problems.heading.number == "二、"
    assert report.preamble is not None and "已完成整改11个" in report.slice(report.preamble)
    assert report.measures is not None and report.measures.heading is not None
    assert report.measures.heading.number == "四、"


def test_parts_numbered_as_chapters_with_aspects_numbered_like_parts() -> None:
    text = (
        "第一部分 存在问题\n一、理论学习方面\n（一）学习不够系统。\n（二）学用结合不紧。\n二、工作作风方面\n（一）调研不深入。\n"
        "第二部分 原因剖析\n一、理想信念有所松懈。\n二、宗旨意识有所淡化。\n第三部分 整改措施\n一、加强学习。\n二、改进作风。"
    )
    report = parse_text(text)
    check_invariants(report)
    assert report.problems is not None
    assert [(a.aspect, len(a.items)) for a in report.problems.aspects] == [("理论学习", 2), ("工作作风", 1)]
    assert report.causes is not None and [i.number for i in report.causes.items] == ["一、", "二、"]
    assert report.measures is not None and len(report.measures.items) == 2


@pytest.mark.parametrize("title", ["个人对照检查", "党员个人对照检查", "存在问题对照检查材料"])
def test_a_short_title_is_not_taken_for_the_problems_heading(title: str) -> None:
    report = parse_text(
        f"{title}\n根据要求，现报告如下。\n一、存在问题\n{PROBLEMS}\n二、整改措施\n一是加强学习。"
    )
    check_invariants(report)
    assert report.problems is not None and report.problems.heading is not None
    assert report.problems.heading.number == "一、"
    assert len(report.problems.aspects) == 2


def _other_headings(report: ParsedReport) -> list[str]:
    return [report.text[w.start : w.end] for w in report.warnings if w.code == "part.other"]  # type: ignore[misc]


def test_other_sections_before_the_problems_part_are_reported_too() -> None:
    text = (
        "一、上年度民主生活会整改措施落实情况\n去年查摆的12个问题，已完成整改11个。\n"
        f"二、存在的主要问题\n{PROBLEMS}\n三、原因剖析\n一是学习不够。\n四、整改措施\n一是加强学习。"
    )
    report = parse_text(text)
    check_invariants(report)
    assert _other_headings(report) == ["一、上年度民主生活会整改措施落实情况"]


def test_top_level_sections_that_name_no_part_end_the_part_before_them() -> None:
    text = (
        "一、主要工作成绩\n（一）项目建设提速。全年新开工项目27个。\n（二）服务企业更实。\n"
        f"二、存在的问题\n{PROBLEMS}\n三、原因剖析\n一是学习不够。\n二是要求不严。\n"
        "四、个人有关事项报告\n一是如实报告了婚姻、住房等情况。\n二是无经商办企业情况。\n"
        "五、整改措施\n一是加强学习。"
    )
    report = parse_text(text)
    check_invariants(report)
    assert _other_headings(report) == ["一、主要工作成绩", "四、个人有关事项报告"]
    assert report.causes is not None and len(report.causes.items) == 2
    assert "经商办企业" not in report.slice(report.causes)
    assert report.measures is not None and len(report.measures.items) == 1


def test_only_standalone_top_level_headings_start_other_sections() -> None:
    # "三、……。" with text after it on the line is a numbered sentence, not a section heading
    text = (
        f"一、存在的问题\n{PROBLEMS}\n二、原因剖析\n一是学习不够。\n"
        "三、作为分管领导，我对此负有责任。\n三、我负有领导责任。\n二是要求不严。\n四、整改措施\n一是加强学习。"
    )
    report = parse_text(text)
    check_invariants(report)
    assert _other_headings(report) == []
    assert report.causes is not None and len(report.causes.items) == 2
