"""A title that contains heading words (a web collection's title) stays the header and breaks no part."""

from __future__ import annotations

import pytest

from mingjing.api import parse_text

BODY = """存在的问题
（一）政治方面。一是理论学习不深入，学习强国积分全年只有5000分。二是政治敏锐性不强。
（二）作风方面。一是调查研究不够，全年只下乡3次。
原因分析
一是理想信念有所弱化。二是宗旨意识淡化。
整改措施
一是加强理论学习，每月集中学习2次。二是深入基层调研。
"""


@pytest.mark.parametrize(
    "title",
    [
        "政治方面存在的问题及整改措施3篇",
        "存在的问题及整改措施范文",
        "XX同志2025年度民主生活会个人对照检查材料（范文）",
        "民主生活会查摆问题及整改措施汇编",
        "存在问题和整改措施两篇",
    ],
)
def test_title_with_heading_words_is_the_header(title: str) -> None:
    report = parse_text(f"{title}\n{BODY}")
    assert [report.text[s.start : s.end] for s in report.header] == [title]
    assert report.problems is not None and report.problems.heading is not None
    assert report.problems.heading.text == "存在的问题"
    assert [a.heading.text for a in report.problems.aspects if a.heading] == ["政治方面", "作风方面"]
    assert report.causes is not None and report.measures is not None
    assert report.measures.heading is not None and report.measures.heading.text == "整改措施"


@pytest.mark.parametrize("heading", ["存在问题及整改措施", "查摆的问题", "整改措施"])
def test_a_plain_heading_on_the_first_line_is_still_a_heading(heading: str) -> None:
    report = parse_text(f"{heading}\n一是理论学习不深入，学习强国积分全年只有5000分。\n")
    assert report.header == ()
    part = report.parts()[0]
    assert part.heading is not None and part.heading.text == heading
