"""Aspect headings in the problems part: run-in unnumbered headings, words that name no aspect, and
the mapping of the headings of one part (sentence headings, elimination)."""

from __future__ import annotations

import pytest

from mingjing.api import parse_text
from mingjing.model import ParsedReport
from tests.parse.parse_checks import check_invariants

CAUSES_MEASURES = "二、原因剖析\n一是学习不够。\n二是要求不严。\n三、整改措施\n一是加强学习。\n二是改进作风。"


def _report(problems: str, *, preamble: str = "") -> ParsedReport:
    text = f"{preamble}一、存在的问题\n{problems}\n{CAUSES_MEASURES}"
    report = parse_text(text)
    check_invariants(report)
    return report


def _aspects(report: ParsedReport) -> list[tuple[str | None, str | None, int]]:
    assert report.problems is not None
    return [(a.heading.text if a.heading else None, a.aspect, len(a.items)) for a in report.problems.aspects]


@pytest.mark.parametrize("stop", ["：", "。", ":"])
def test_unnumbered_run_in_aspect_lines(stop: str) -> None:
    report = _report(
        f"理论学习方面{stop}一是学得不深。二是用得不够。\n"
        f"担当作为方面{stop}一是怕担责任。二是创新不足。\n"
        f"工作作风{stop}一是调研不深。二是会议偏多。"
    )
    assert _aspects(report) == [
        ("理论学习方面", "理论学习", 2),
        ("担当作为方面", "担当作为", 2),
        ("工作作风", "工作作风", 2),
    ]
    assert "numbering.restart-inline" not in {w.code for w in report.warnings}


@pytest.mark.parametrize(
    "line",
    [
        "理论学习方面：我平时学得不深，用得也不够。",  # no item label after the colon
        "理论学习方面，一是学得不深。二是用得不够。",  # a comma is no heading stop
        "在推进全县重点项目建设和优化营商环境等各项工作中遇到的困难方面：一是资金紧张。二是用地不足。",  # > 30
        "学习不深：一是读得少。二是想得少。",  # names no aspect and does not end in 方面
    ],
)
def test_unnumbered_lines_that_are_not_run_in_aspect_headings(line: str) -> None:
    report = _report(f"{line}\n{line}")
    assert report.problems is not None and report.problems.aspects == ()


def test_an_inline_restart_that_is_not_taken_is_warned_about() -> None:
    report = _report("一是学得不深。二是用得不够。\n我还有以下不足：一是调研不深。二是会议偏多。")
    assert report.problems is not None and len(report.problems.items) == 2
    restarts = [w for w in report.warnings if w.code == "numbering.restart-inline"]
    assert len(restarts) == 1
    assert report.text[restarts[0].start : restarts[0].end] == "一是"  # type: ignore[misc]


@pytest.mark.parametrize("words", ["方面\t问题", "方面问题", "方面存在的问题", "方面"])
def test_column_titles_are_not_aspect_headings(words: str) -> None:
    report = _report(f"{words}\n理论学习\n一是学得不深。\n二是用得不够。\n工作作风\n一是调研不深。")
    headings = [heading for heading, _, _ in _aspects(report)]
    assert headings == ["理论学习", "工作作风"]


def test_a_count_of_aspects_is_not_an_aspect_heading() -> None:
    report = _report(
        "对照以下六个方面：\n（一）理论学习方面\n一是学得不深。\n（二）工作作风方面\n一是调研不深。"
    )
    assert [heading for heading, _, _ in _aspects(report)] == ["理论学习方面", "工作作风方面"]


SIX = [
    "（一）在学习贯彻党的创新理论上还有差距。",
    "（二）政治素质还需锤炼，政治判断力有待提高。",
    "（三）能力本领与高质量发展的要求还不相适应。",
    "（四）担当作为还不够到位。",
    "（五）工作作风还不够扎实。",
    "（六）廉洁自律要求落实不够严。",
]


def _sentence_report(headings: list[str]) -> ParsedReport:
    body = "\n".join(f"{heading}\n一是表现之一。\n二是表现之二。" for heading in headings)
    return _report(body, preamble="主题教育专题民主生活会对照检查材料\n")


def test_sentence_headings_map_by_the_aspect_they_start_with() -> None:
    report = _sentence_report(SIX)
    assert report.problems is not None
    aspects = report.problems.aspects
    assert [a.aspect for a in aspects] == [
        "理论学习",
        "政治素质",
        "能力本领",
        "担当作为",
        "工作作风",
        "廉洁自律",
    ]
    # a heading that starts with the aspect's name maps firmly; one that only contains an alias less so
    assert all(a.confidence >= 0.8 for a in aspects[1:]) and 0.6 <= aspects[0].confidence < 0.8
    assert not {"aspect.unknown", "aspect.inferred"} & {w.code for w in report.warnings}


def test_the_one_heading_left_takes_the_one_aspect_left() -> None:
    headings = ["（一）对标对表的自觉还不够强。", *SIX[1:]]
    report = _sentence_report(headings)
    assert report.problems is not None
    first = report.problems.aspects[0]
    assert (first.aspect, first.confidence) == ("理论学习", 0.5)
    inferred = [w for w in report.warnings if w.code == "aspect.inferred"]
    assert len(inferred) == 1 and "理论学习" in inferred[0].message
    assert "aspect.unknown" not in {w.code for w in report.warnings}


@pytest.mark.parametrize(
    "headings",
    [
        ["（一）对标对表的自觉还不够强。", "（二）联系群众还不够紧密。", *SIX[2:]],  # two unknown
        ["（一）对标对表的自觉还不够强。", *SIX[2:]],  # two aspects left
        ["（一）对标对表的自觉还不够强。", SIX[1], SIX[1], *SIX[3:]],  # a duplicate
    ],
)
def test_no_elimination_when_it_is_not_unique(headings: list[str]) -> None:
    report = _sentence_report(headings)
    assert report.problems is not None
    assert report.problems.aspects[0].aspect is None
    assert "aspect.unknown" in {w.code for w in report.warnings}
