"""leftover.web-page: web-page lines the normaliser dropped, and web-collection marks left in the text."""

from __future__ import annotations

import pytest
from checkkit import CLEAN, report_of, run_rule

from mingjing.checks.engine import check_report

RULE = "leftover.web-page"
TITLE = "县财政局副局长主题教育专题民主生活会对照检查材料"


def _with_lines(*lines: str, after: str = TITLE) -> str:
    return CLEAN.replace(after, after + "\n" + "\n".join(lines), 1)


@pytest.mark.parametrize(
    ("line", "label"),
    [
        ("来源：第一范文网  作者：佚名", "文章信息"),
        ("浏览次数：3268", "文章信息"),
        ("更新时间：2025-12-18", "文章信息"),
        ("首页 > 范文 > 对照检查材料", "导航"),
        ("上一篇：2023年度组织生活会发言提纲", "导航"),
        ("返回顶部", "导航"),
        ("喜欢就复制下载吧", "下载"),
        ("本文由第一范文网整理发布", "下载"),
        ("道客巴巴", "网站名"),
        ("公文素材库", "网站名"),
        ("版权所有 © 2025 某某范文网", "版权"),
    ],
)
def test_each_dropped_web_line_is_one_finding_with_its_words_and_place(line: str, label: str) -> None:
    text = _with_lines(line)
    (finding,) = run_rule(RULE, text)
    assert finding.original == line
    assert label in finding.message
    assert finding.source is not None and finding.source.line == 2 and finding.source.column == 1
    assert finding.start == finding.end  # the line is not in ParsedReport.text: the span is where it stood
    assert line not in report_of(text).text


def test_several_lines_give_several_findings_in_order() -> None:
    lines = ("来源：第一范文网", "浏览次数：3268", "相关推荐")
    found = run_rule(RULE, _with_lines(*lines))
    assert [f.original for f in found] == list(lines)
    assert [f.source.line for f in found if f.source] == [2, 3, 4]


@pytest.mark.parametrize(
    ("title", "mark"),
    [
        ("政治方面存在的问题及整改措施3篇", "3篇"),
        ("2025年度民主生活会对照检查范文精选", "范文精选"),
        ("民主生活会个人发言提纲汇编", "汇编"),
    ],
)
def test_marks_of_a_web_collection_in_the_title(title: str, mark: str) -> None:
    text = CLEAN.replace(TITLE, title, 1)
    (finding,) = run_rule(RULE, text)
    assert finding.text == mark


def test_bracketed_mark_in_the_text() -> None:
    text = CLEAN.replace("现报告如下。", "现报告如下（可编辑）。", 1)
    (finding,) = run_rule(RULE, text)
    assert finding.text == "（可编辑）"


@pytest.mark.parametrize(
    "text",
    [
        CLEAN,
        CLEAN.replace(TITLE, "县财政局副局长2023年度民主生活会发言提纲", 1),
        # words that only mention the web or a source inside a sentence
        CLEAN.replace(
            "现报告如下。", "现报告如下。我在学习强国、共产党员网上学习了3篇文章，来源于上级的要求层层加码。"
        ),
        CLEAN.replace(TITLE, TITLE + "\n国家电网XX供电公司", 1),
    ],
    ids=["clean", "title", "mentions", "unit-ending-in-网"],
)
def test_no_web_leftover(text: str) -> None:
    assert run_rule(RULE, text) == []


def test_findings_are_capped_by_the_parameter() -> None:
    text = _with_lines(*[f"上一篇：第{i}篇" for i in range(30)])
    assert len(run_rule(RULE, text)) == 20


def test_dropped_lines_reach_check_with_source_and_original() -> None:
    review = check_report(report_of(_with_lines("喜欢就复制下载吧")))
    (finding,) = [f for f in review.findings if f.rule == RULE]
    assert finding.original == "喜欢就复制下载吧" and finding.source is not None
