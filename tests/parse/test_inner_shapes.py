"""Parser shapes beyond the plain outline: inner enumerations, per-aspect causes, the
四个检视 framework, running page headers, web footers, and texts with no part headings at all."""

from __future__ import annotations

from pathlib import Path

import pytest

from mingjing.api import parse_file, parse_text
from mingjing.model import ParsedReport
from mingjing.parse.vocabulary import combines_causes, part_kind
from tests.parse.parse_checks import check_invariants

SAMPLES = Path(__file__).resolve().parents[2] / "src" / "mingjing" / "samples"
_MEASURES = "三、整改措施\n一是加强学习。\n二是改进作风。\n"


def _problems_report(aspect_body: str) -> ParsedReport:
    text = f"一、存在的问题\n（一）理论学习方面\n{aspect_body}\n二、原因剖析\n一是放松学习。\n二是宗旨淡化。\n{_MEASURES}"
    report = parse_text(text)
    check_invariants(report)
    return report


def test_an_enumeration_after_a_colon_stays_inside_its_item() -> None:
    body = "一是学习不深，主要表现在：一是学得不全；二是研究不透。二是学用脱节，效果不好。"
    report = _problems_report(body)
    assert report.problems is not None
    items = report.problems.aspects[0].items
    assert [item.number for item in items] == ["一是", "二是"]
    assert "二是研究不透" in items[0].text and items[1].text.startswith("二是学用脱节")


def test_an_inner_list_ends_at_the_sentence_end() -> None:
    body = "一是风险意识不强，具体有三点：一是研判不够；二是监测不及时；三是监管有盲区。二是执行不严。三是落实不力。"
    report = _problems_report(body)
    assert report.problems is not None
    items = report.problems.aspects[0].items
    assert [item.headline[:4] for item in items] == ["风险意识", "执行不严", "落实不力"]


def test_an_inline_restart_without_a_colon_is_still_reported() -> None:
    report = _problems_report("一是学习不深。二是学用脱节。一是又一条。")
    assert "numbering.restart-inline" in {w.code for w in report.warnings}


@pytest.mark.parametrize(
    ("heading", "kind"),
    [
        ("存在的问题及原因分析", "problems"),
        ("问题查摆和原因剖析", "problems"),
        ("存在问题的原因分析", "causes"),
        ("产生问题的原因", "causes"),
    ],
)
def test_a_heading_that_joins_problems_and_causes_heads_the_problems(heading: str, kind: str) -> None:
    assert part_kind(heading) == kind
    assert combines_causes(heading) == (kind == "problems")


def test_per_aspect_causes_end_the_items_and_are_reported() -> None:
    text = (
        "一、存在的问题及原因分析\n（一）理论学习方面\n存在问题：一是学习不深。二是学用脱节。\n"
        "原因分析：把学习当软任务。\n（二）工作作风方面\n存在问题：一是调研不深。二是会议偏多。\n"
        "原因分析：宗旨意识淡化。\n二、整改措施\n一是加强学习。\n二是改进作风。\n"
    )
    report = parse_text(text)
    check_invariants(report)
    assert report.problems is not None and report.causes is None
    for section in report.problems.aspects:
        assert len(section.items) == 2
        assert "原因分析" not in section.items[-1].text
        assert "原因分析" in report.slice(section)
    codes = [w.code for w in report.warnings]
    assert "part.combined" in codes and codes.count("part.missing") == 0


def test_four_examinations_choose_the_branch_framework() -> None:
    aspects = "".join(
        f"（{n}）检视{name}情况\n1.问题一。\n2.问题二。\n"
        for n, name in zip(
            "一二三四",
            ("学习贯彻党的创新理论", "党性修养提高", "联系服务群众", "发挥先锋模范作用"),
            strict=True,
        )
    )
    report = parse_text(f"党支部书记组织生活会对照检查材料\n一、检视出的问题\n{aspects}{_MEASURES}")
    assert report.framework is not None and report.framework.id == "2023-theme-education-branch"
    assert report.problems is not None
    assert [a.aspect for a in report.problems.aspects][:2] == ["学习贯彻党的创新理论情况", "党性修养提高情况"]


def test_a_running_header_is_dropped_also_when_glued_to_a_line() -> None:
    header = "某某县委组织部 内部资料"
    text = (
        f"{header}\n个人对照检查材料\n一、存在问题\n一是学习不够深入，满足于一般性了解，没有{header}\n"
        f"系统学习原著。\n- 1 -\n{header}\n二是作风不实。\n- 2 -\n{header}\n三是担当不够。\n{_MEASURES}"
    )
    report = parse_text(text)
    check_invariants(report)
    assert "内部资料" not in report.text
    assert "没有系统学习原著" in report.text
    dropped = [w for w in report.warnings if w.code == "text.dropped-line"]
    assert sum("内部资料" in w.message for w in dropped) == 4


def test_a_repeated_label_inside_the_report_is_not_a_running_header() -> None:
    text = (
        "个人对照检查材料\n一、存在问题\n（一）理论学习方面\n一是学习不深。\n原因分析\n放松了学习。\n"
        "（二）工作作风方面\n一是调研不深。\n原因分析\n宗旨淡化。\n（三）廉洁自律方面\n一是要求不严。\n"
        "原因分析\n纪律松懈。\n"
    )
    assert parse_text(text).text.count("原因分析") == 3


def test_a_web_footer_goes_to_the_closing_on_lines_of_its_own() -> None:
    path = next((SAMPLES / "shapes").glob("e_*.txt"))
    report = parse_file(path)
    assert report.closing is not None and report.measures is not None
    closing = report.slice(report.closing).split("\n")
    assert closing[0] == "以上对照检查，请同志们批评指正。"
    assert closing[-1].startswith("本站文章均来自网络") and len(closing) == 4
    assert "本站" not in report.slice(report.measures)


def test_a_closing_line_without_its_full_stop_does_not_swallow_the_next_line() -> None:
    text = f"一、存在问题\n一是学习不深。\n二是作风不实。\n{_MEASURES}以上是我的个人对照检查，请同志们批评指正\n张某某同志签名留存备查"
    report = parse_text(text)
    assert report.closing is not None
    assert "\n张某某" in report.slice(report.closing)


def test_a_collection_without_part_headings_degrades_to_three_missing_parts() -> None:
    """t04 is a collection of 原因剖析 excerpts, not a report: no part is invented from it."""
    path = next((SAMPLES / "templates").glob("t04_*.txt"))
    report = parse_file(path)
    check_invariants(report)
    assert report.parts() == ()
    assert [w.code for w in report.warnings].count("part.missing") == 3
