"""Grouping findings by part and aspect."""

from __future__ import annotations

from dataclasses import replace

from render_helpers import finding_at, report_from_text, review_of

from mingjing.model import AspectSection, Heading, ParsedReport, Part
from mingjing.render.sections import clip, group_findings, section_label

TEXT = "\n".join(
    [
        "标题",
        "前言。",
        "一、存在问题",
        "（一）理论学习方面",
        "学习不深。",
        "（二）工作作风方面",
        "作风不实。",
        "二、原因剖析",
        "信念松懈。",
        "三、整改措施",
        "加强学习。",
        "署名",
    ]
)


def _span(report: ParsedReport, first: str, last: str) -> tuple[int, int]:
    start = report.text.index(first)
    return start, report.text.index(last) + len(last)


def structured() -> ParsedReport:
    report = report_from_text(TEXT)

    def aspect(head: str, body: str, name: str) -> AspectSection:
        s, e = _span(report, head, body)
        return AspectSection(s, e, Heading(s, s + len(head), head), name)

    p_start, p_end = _span(report, "一、存在问题", "作风不实。")
    problems = Part(
        "problems",
        p_start,
        p_end,
        None,
        aspects=(
            aspect("（一）理论学习方面", "学习不深。", "理论学习"),
            aspect("（二）工作作风方面", "作风不实。", "工作作风"),
        ),
    )
    causes = Part("causes", *_span(report, "二、原因剖析", "信念松懈。"), None)
    measures = Part("measures", *_span(report, "三、整改措施", "加强学习。"), None)
    return replace(report, problems=problems, causes=causes, measures=measures)


def test_labels_follow_parts_and_aspects() -> None:
    report = structured()
    where = {
        needle: section_label(report, report.text.index(needle))
        for needle in ("前言", "学习不深", "作风不实", "信念松懈", "加强学习", "署名", "一、存在问题")
    }
    assert where == {
        "前言": "标题/前言",
        "学习不深": "存在问题·理论学习",
        "作风不实": "存在问题·工作作风",
        "信念松懈": "原因剖析",
        "加强学习": "整改措施",
        "署名": "其他",
        "一、存在问题": "存在问题",
    }


def test_groups_come_in_document_order() -> None:
    report = structured()
    findings = [
        finding_at(report, n) for n in ("署名", "加强学习", "作风不实", "学习不深", "标题", "信念松懈")
    ]
    groups = group_findings(review_of(report, findings))
    assert [g.label for g in groups] == [
        "标题/前言",
        "存在问题·理论学习",
        "存在问题·工作作风",
        "原因剖析",
        "整改措施",
        "其他",
    ]
    assert sum(len(g.findings) for g in groups) == len(findings)


def test_clip_keeps_both_ends() -> None:
    assert clip("短句") == "短句"
    long = "甲" * 30 + "乙" * 30
    clipped = clip(long, 20)
    assert len(clipped) == 20 and clipped.startswith("甲") and clipped.endswith("乙") and "…" in clipped
    assert clip("一\n二") == "一⏎二"
