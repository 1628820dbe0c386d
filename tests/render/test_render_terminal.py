"""Terminal tables."""

from __future__ import annotations

import io

from render_helpers import finding_at, report_from_text, review_of
from rich.console import Console

from mingjing.model import Review
from mingjing.render.terminal import print_review


def render(review: Review, width: int = 200) -> str:
    buffer = io.StringIO()
    print_review(review, Console(file=buffer, width=width, no_color=True), "甲.docx")
    return buffer.getvalue()


def test_header_and_rows(sample_review: Review) -> None:
    out = render(sample_review)
    assert "甲.docx" in out and "需修改" in out and "72.5" in out
    assert "错误 2" in out and "警告 3" in out and "提示 2" in out
    for column in ("严重程度", "规则", "说明", "原文", "建议"):
        assert column in out
    for finding in sample_review.findings:
        assert finding.rule in out


def test_rich_markup_in_report_text_is_shown_literally() -> None:
    report = report_from_text("这里有[bold red]方括号[/bold red]文字")
    out = render(review_of(report, [finding_at(report, "[bold red]方括号")]))
    assert "[bold red]方括号" in out


def test_no_findings() -> None:
    out = render(review_of(report_from_text("好。"), [], verdict="基本达标", score=100))
    assert "未发现问题" in out


def test_narrow_terminal_lists_findings_instead_of_a_table(sample_review: Review) -> None:
    out = render(sample_review, width=80)
    assert "严重程度" not in out  # no table header
    for finding in sample_review.findings:
        assert finding.rule in out
        assert finding.message[:8] in out.replace("\n", "")
