"""Item splitting rules: families, sequences, inline items, missing numerals, children, headlines."""

from __future__ import annotations

import pytest

from mingjing.api import parse_text
from mingjing.model import Item, ParsedReport
from tests.parse.parse_checks import check_invariants


def _report(body: str, *, measures: str = "一是加强学习。\n二是改进作风。") -> ParsedReport:
    text = f"一、存在问题\n{body}\n二、原因剖析\n一是学习不够。\n二是要求不严。\n三、整改措施\n{measures}"
    report = parse_text(text)
    check_invariants(report)
    return report


def _problem_items(report: ParsedReport) -> tuple[Item, ...]:
    assert report.problems is not None
    return report.problems.all_items()


@pytest.mark.parametrize(
    ("lines", "numbers"),
    [
        (["一是学习不深。", "二是运用不够。", "三是标准不高。"], ["一是", "二是", "三是"]),
        (["第一，学习不深。", "第二，运用不够。"], ["第一", "第二"]),
        (
            ["首先，学习不深。", "其次，运用不够。", "再次，标准不高。", "最后，纪律松懈。"],
            ["首先", "其次", "再次", "最后"],
        ),
        (["1.学习不深。", "2.运用不够。"], ["1.", "2."]),
        (["1、学习不深。", "2、运用不够。"], ["1、", "2、"]),
        (["（1）学习不深。", "（2）运用不够。"], ["（1）", "（2）"]),
        (["①学习不深。", "②运用不够。", "③标准不高。"], ["①", "②", "③"]),
        (["其一，学习不深。", "其二，运用不够。"], ["其一", "其二"]),
    ],
)
def test_item_families_at_line_starts(lines: list[str], numbers: list[str]) -> None:
    items = _problem_items(_report("\n".join(lines)))
    assert [item.number for item in items] == numbers
    assert [item.ordinal for item in items][:2] == [1, 2]


def test_inline_items_at_sentence_starts_and_after_commas() -> None:
    body = "（一）理论学习方面。学习存在“重形式”问题，一是计划执行不严，全年只学了9次；二是研讨不深。三是运用不够。"
    report = _report(body)
    assert report.problems is not None
    section = report.problems.aspects[0]
    assert [item.headline for item in section.items] == [
        "计划执行不严，全年只学了9次；",
        "研讨不深。",
        "运用不够。",
    ]
    assert section.preamble is not None and report.slice(section.preamble).endswith("问题，")


def test_after_a_comma_only_explicit_enumerations_count() -> None:
    body = "（一）理论学习方面。一是学习不深，是因为时间少，2.5小时都保证不了。二是运用不够。"
    items = _report(body).problems.aspects[0].items  # type: ignore[union-attr]
    assert [item.number for item in items] == ["一是", "二是"]
    assert "是因为时间少" in items[0].text


def test_report_pasted_as_one_paragraph() -> None:
    text = (
        "根据支部要求，我认真查摆了问题，现报告如下。一、存在问题（一）理论学习方面。一是学习不深。二是运用不够。"
        "（二）工作作风方面。一是调研不深。二是落实不力。二、原因剖析一是理想信念松懈。二是宗旨意识淡化。"
        "三、整改措施一是加强学习。二是改进作风。以上是我的对照检查，请批评指正。"
    )
    report = parse_text(text)
    check_invariants(report)
    assert report.text == text  # cut into lines for parsing, not rewritten
    assert report.problems is not None and report.problems.heading is not None
    assert report.problems.heading.text == "存在问题"
    assert [(a.aspect, len(a.items)) for a in report.problems.aspects] == [("理论学习", 2), ("工作作风", 2)]
    assert report.causes is not None and report.causes.heading is not None
    assert (report.causes.heading.text, len(report.causes.items)) == ("原因剖析", 2)
    assert report.measures is not None and len(report.measures.items) == 2
    assert report.closing is not None and report.slice(report.closing).startswith("以上是我的对照检查")


def test_inline_markers_inside_line_items_are_not_promoted() -> None:
    body = (
        "（一）理论学习方面\n"
        "一是学习不深。主要表现在三点：一是读原著少；二是做笔记少；三是交流少。\n"
        "二是运用不够。\n"
        "三是标准不高。"
    )
    items = _report(body).problems.aspects[0].items  # type: ignore[union-attr]
    assert [item.number for item in items] == ["一是", "二是", "三是"]
    assert [len(item.children) for item in items] == [0, 0, 0]
    assert "三是交流少" in items[0].text


def test_missing_numeral_between_items() -> None:
    body = "（一）能力本领方面\n一是调研不深。\n是服务不到位。\n三是创新不够。"
    report = _report(body)
    items = report.problems.aspects[0].items  # type: ignore[union-attr]
    assert [(item.number, item.ordinal) for item in items] == [("一是", 1), (None, 2), ("三是", 3)]
    warning = next(w for w in report.warnings if w.code == "numbering.missing-numeral")
    assert "第二条" in warning.message and warning.start == items[1].start


def test_a_sentence_starting_with_shi_is_not_an_item_without_a_following_marker() -> None:
    body = "（一）理论学习方面\n一是学习不深。\n是啊，这些问题说明标准不高。"
    items = _report(body).problems.aspects[0].items  # type: ignore[union-attr]
    assert len(items) == 1 and "是啊" in items[0].text


@pytest.mark.parametrize(
    ("lines", "code"),
    [
        (["一是学习不深。", "三是运用不够。"], "numbering.gap"),
        (["一是学习不深。", "二是运用不够。", "二是标准不高。"], "numbering.out-of-order"),
        (["一是学习不深。", "二是运用不够。", "一是标准不高。"], "numbering.restart"),
    ],
)
def test_irregular_numbering_at_line_starts_keeps_items_and_warns(lines: list[str], code: str) -> None:
    report = _report("\n".join(lines))
    assert len(_problem_items(report)) == len(lines)
    assert code in {w.code for w in report.warnings}


def test_measures_with_children_inline_and_on_lines() -> None:
    measures = (
        "（一）加强理论武装。一是每周自学4小时；二是每季度交流一次。\n"
        "（二）改进工作作风。\n一是每月下基层两次。\n二是精简会议文件。\n三是建立台账。\n"
        "（三）严守纪律规矩。严格执行中央八项规定精神。"
    )
    report = _report("一是学习不深。\n二是运用不够。", measures=measures)
    assert report.measures is not None
    items = report.measures.items
    assert [len(item.children) for item in items] == [2, 3, 0]
    assert items[0].headline == "加强理论武装。"
    assert items[1].children[2].headline == "建立台账。"
    assert all(child.start >= items[1].start and child.end <= items[1].end for child in items[1].children)


def test_a_single_marker_inside_an_item_is_not_a_child_list() -> None:
    measures = "（一）加强学习。一是要坚持不懈。\n（二）改进作风。"
    report = _report("一是学习不深。", measures=measures)
    assert report.measures is not None and report.measures.items[0].children == ()


def test_headline_is_the_first_sentence_and_body_the_rest() -> None:
    body = "一是对新思想把握不够系统。学习时重点放在具体内容上！比如只背条目。\n二是学用脱节"
    items = _problem_items(_report(body))
    first = items[0]
    assert first.headline == "对新思想把握不够系统。"
    assert first.text[first.body_span.start - first.start :].startswith("学习时")
    assert items[1].headline == "学用脱节"  # no punctuation: the line is the headline
    assert items[1].body_span.length == 0


def test_headline_stops_at_the_line_end_when_the_headline_has_no_punctuation() -> None:
    items = _problem_items(
        _report("1.理论学习不够深入\n平时学习多是碎片化阅读。\n2.为民服务意识不强\n窗口服务缺乏耐心。")
    )
    assert [item.headline for item in items] == ["理论学习不够深入", "为民服务意识不强"]
    assert "碎片化" in items[0].text


def test_region_without_numbers_becomes_one_item_per_paragraph() -> None:
    body = "（一）理论学习方面\n学习不够深入，满足于完成任务。\n运用不够，指导实践的作用不明显。\n（二）工作作风方面\n一是调研不深。"
    report = _report(body)
    first = report.problems.aspects[0]  # type: ignore[union-attr]
    assert [item.number for item in first.items] == [None, None]
    assert "items.unnumbered" in {w.code for w in report.warnings}


def test_preamble_before_the_first_item() -> None:
    body = "（一）廉洁自律方面。我能遵守各项规定，但仍有两方面问题：一是家风建设不经常。二是监督不严。"
    section = _report(body).problems.aspects[0]  # type: ignore[union-attr]
    assert section.preamble is not None
    assert [item.number for item in section.items] == ["一是", "二是"]


def test_numbering_carried_on_across_aspects_is_not_a_gap() -> None:
    body = "（一）理论学习方面\n1.学习不深。\n2.运用不够。\n（二）工作作风方面\n3.调研不深。\n4.落实不力。"
    report = _report(body)
    assert [len(a.items) for a in report.problems.aspects] == [2, 2]  # type: ignore[union-attr]
    assert not [w for w in report.warnings if w.code.startswith("numbering.")]
