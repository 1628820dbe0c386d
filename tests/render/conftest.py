"""Fixtures for renderer tests: a small hand-built review with awkward findings."""

from __future__ import annotations

import pytest
from render_helpers import finding_at, report_from_text, review_of

from mingjing.model import Finding, Review, Severity

SAMPLE = "\n".join(
    [
        "XX同志对照检查材料",
        "一、存在问题",
        "（一）理论学习方面",
        "一是学习不够深入，面对面对群众的时间少。<script>alert(1)</script>",
        "二、原因剖析",
        "一是理想信念有所松懈。",
        "三、整改措施",
        "一是加强学习，每周学习不少于2次。",
    ]
)


@pytest.fixture
def sample_review() -> Review:
    """A small report with overlapping, nested, zero-length and markup-bearing findings."""
    report = report_from_text(SAMPLE)
    findings = [
        finding_at(
            report, "XX", rule="leftover.placeholder", severity=Severity.ERROR, message="模板占位符未替换"
        ),
        finding_at(report, "面对面对", rule="slip.repeat", message="“面对”重复"),
        finding_at(report, "对面对群众", rule="specificity.vague", severity=Severity.HINT, message="空泛"),
        finding_at(report, "<script>alert(1)</script>", rule="slip.markup", message="含有<标记>&符号"),
        finding_at(
            report, "一是学习不够深入，面对面对群众的时间少。", rule="specificity.stock", message="套话"
        ),
        finding_at(
            report, "理想信念有所松懈", rule="causes.stock", severity=Severity.HINT, message="原因泛泛"
        ),
    ]
    point = report.text.index("三、整改措施")
    findings.append(
        Finding("measures.missing", Severity.ERROR, "缺少措施", point, point, "", None, "measures")
    )
    return review_of(report, findings)
