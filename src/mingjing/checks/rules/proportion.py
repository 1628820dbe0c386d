"""Proportion: 问题查摆 + 原因剖析 at least half the text, minimum lengths, praise crowding out problems."""

from __future__ import annotations

import re

from mingjing.checks.context import RuleContext
from mingjing.checks.registry import rule
from mingjing.checks.view import ReportView, heading_or, view_of
from mingjing.model import Report, Severity, Span

# A clause praising oneself: a positive claim with no word of deficiency in it.
_PRAISE_RE = re.compile(r"能够|始终|一贯|一直|坚持|做到|积极|主动|认真|严格|自觉|牢记|时刻|较好|取得")
_DEFICIT_RE = re.compile(
    r"不|没|未|无|差距|欠缺|缺乏|缺少|少|弱|短板|问题|有待|还需|亟待|仍|但|然而|偏|松|浅|虚|难|慢|低|淡|差|疏|忽"
)
_TURN_RE = re.compile(r"但是|但|然而|可是|不过")
_ACHIEVEMENT_RE = re.compile(r"成绩|成效|取得|提高|提升|实现|完成|达到|增长|下降|明显|显著|肯定|表扬")


def _core_length(view: ReportView, report: Report) -> int:
    return view.part_length(report.problems) + view.part_length(report.causes)


@rule(
    "proportion.core-share",
    Severity.WARNING,
    "问题和原因篇幅不足一半",
    "问题查摆与原因剖析合计应占全文一半以上（阈值可配置），否则多半是“成绩一大段、问题一点点”或措施空话连篇。",
    params={"proportion.core-share": 0.5},
)
def core_share(ctx: RuleContext) -> None:
    report = ctx.parsed
    config = ctx.config
    if report.problems is None:
        return
    view = view_of(report)
    share = _core_length(view, report) / view.body_length
    threshold = config.threshold("proportion.core-share")
    if share >= threshold:
        return
    anchor = heading_or(report, report.problems)
    ctx.report(
        anchor.start,
        anchor.end,
        f"问题查摆和原因剖析合计占全文的{share:.0%}，低于{threshold:.0%}。",
        suggestion="压缩开头和整改措施中的套话，把篇幅用在查摆问题、剖析原因上。",
    )


@rule(
    "proportion.min-length",
    Severity.WARNING,
    "部分篇幅过短",
    "问题查摆不足500字时为警告；原因剖析不足300字、整改措施不足200字时提示（阈值可配置，来自常见审核脚本的做法）。",
    params={"proportion.min-problems": 500, "proportion.min-causes": 300, "proportion.min-measures": 200},
)
def min_length(ctx: RuleContext) -> None:
    report = ctx.parsed
    config = ctx.config
    view = view_of(report)
    # a short problems part is the reviewer's concern; short causes or measures only a hint
    limits = (
        (report.problems, "问题查摆", "proportion.min-problems", None),
        (report.causes, "原因剖析", "proportion.min-causes", Severity.HINT),
        (report.measures, "整改措施", "proportion.min-measures", Severity.HINT),
    )
    for part, name, key, severity in limits:
        if part is None:
            continue
        length, minimum = view.part_length(part), config.threshold(key)
        if length >= minimum:
            continue
        anchor = heading_or(report, part)
        ctx.report(
            anchor.start,
            anchor.end,
            f"“{name}”部分只有{length}字，少于{minimum:.0f}字。",
            severity=severity,
            suggestion=f"充实“{name}”，写出具体事例和分析。",
        )


@rule(
    "proportion.praise-heavy",
    Severity.WARNING,
    "成绩一大段、问题一点点",
    "开头讲成绩的铺垫超过300字且达到问题查摆篇幅的六成，或问题部分里自我肯定的话占到四分之一以上（阈值可配置），"
    "是审阅中常见的退回理由。",
    params={
        "proportion.preamble-ratio": 0.6,
        "proportion.preamble-min": 300,
        "proportion.praise-share": 0.25,
    },
)
def praise_heavy(ctx: RuleContext) -> None:
    report = ctx.parsed
    config = ctx.config
    problems = report.problems
    if problems is None:
        return
    view = view_of(report)
    before = view.content_length(0, problems.start) - sum(
        view.content_length(s.start, s.end) for s in report.header
    )
    problems_length = max(1, view.part_length(problems))
    span = report.preamble or Span(0, problems.start)
    limit = max(
        config.threshold("proportion.preamble-min"),
        config.threshold("proportion.preamble-ratio") * problems_length,
    )
    praising = len(set(_ACHIEVEMENT_RE.findall(view.mtext[span.start : span.end]))) >= 2
    if before > limit and praising:
        ctx.report(
            span.start,
            span.end,
            f"问题查摆之前讲成绩的铺垫有{before}字，相当于问题查摆部分（{problems_length}字）的{before / problems_length:.0%}。",
            suggestion="开头只需简述学习准备和查摆依据，把篇幅留给问题。",
        )
        return
    _praise_inside(ctx, view, problems_length)


def _praise_inside(ctx: RuleContext, view: ReportView, problems_length: int) -> None:
    problems = ctx.parsed.problems
    assert problems is not None
    praise = praise_clauses(view, problems.start, problems.end)
    total = sum(s.length for s in praise)
    share = total / problems_length
    if not praise or share < ctx.param("proportion.praise-share"):
        return
    longest = max(praise, key=lambda s: s.length)
    ctx.report(
        longest.start,
        longest.end,
        f"问题查摆部分约{share:.0%}的篇幅是自我肯定（共{len(praise)}处），问题被成绩淹没。",
        suggestion="删去“我能够……始终……”之类的铺垫，直接写问题和事例。",
        related=tuple(s for s in praise if s != longest),
    )


def praise_clauses(view: ReportView, start: int, end: int) -> list[Span]:
    """Stretches of self-praise: the part of a sentence before 但/然而 (or a whole sentence) that claims
    something good and admits nothing."""
    found = []
    for sentence in view.sentences(start, end):
        turn = _TURN_RE.search(view.mtext, sentence.start, sentence.end)
        head_end = turn.start() if turn else sentence.end
        head = view.mtext[sentence.start : head_end]
        if _PRAISE_RE.search(head) and not _DEFICIT_RE.search(head):
            found.append(Span(sentence.start, head_end))
    return found
