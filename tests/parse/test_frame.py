"""Header lines, preamble, closing lines and the meeting kind."""

from __future__ import annotations

import pytest

from mingjing.api import parse_text
from tests.parse.parse_checks import check_invariants

BODY = "一、存在问题\n（一）理论学习方面\n一是学习不深。\n二、原因剖析\n一是学习不够。\n三、整改措施\n一是加强学习。"


def test_header_preamble_and_closing() -> None:
    text = (
        "中共XX县委办公室副主任、县委督查室主任\n王XX同志2023年度主题教育专题民主生活会个人对照检查材料\n（2024年1月8日）\n"
        f"按照要求，我认真查摆了问题。现报告如下：\n{BODY}\n"
        "以上是我个人的对照检查情况，请同志们批评指正。\n王XX\n2024年1月8日"
    )
    report = parse_text(text)
    check_invariants(report)
    assert len(report.header) == 3
    assert report.preamble is not None and report.slice(report.preamble).startswith("按照要求")
    assert report.closing is not None
    assert report.slice(report.closing).startswith("以上是我个人的对照检查情况")
    assert report.slice(report.closing).endswith("2024年1月8日")
    assert report.measures is not None and "批评指正" not in report.slice(report.measures)


def test_a_last_part_heading_is_not_swallowed_by_the_closing() -> None:
    report = parse_text("一、存在问题\n一是学习不深。\n二、整改措施")
    assert report.measures is not None and report.closing is None


@pytest.mark.parametrize(
    ("front", "kind"),
    [
        ("XX支部专题组织生活会对照检查材料\n根据要求，我查摆了问题。", "组织生活会"),
        ("根据主题教育专题民主生活会工作方案，我查摆了问题。", "民主生活会"),
        ("根據主題教育專題民主生活會的要求，我查擺了問題。", "民主生活会"),
        ("根据要求，我查摆了问题。", None),
    ],
)
def test_meeting_kind_from_title_and_preamble(front: str, kind: str | None) -> None:
    assert parse_text(f"{front}\n{BODY}").meeting_kind == kind


def test_meeting_kind_comes_from_the_front_not_from_a_body_mention_first() -> None:
    front = "2023年度组织生活会个人对照检查材料\n根据支部安排，我查摆了问题。"
    body = BODY.replace("学习不深", "参加民主生活会的准备不足")
    assert parse_text(f"{front}\n{body}").meeting_kind == "组织生活会"
