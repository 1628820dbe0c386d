"""Proportion: 问题查摆 + 原因剖析 at least half the text, minimum lengths, praise crowding out problems."""

from __future__ import annotations

import re

from mingjing.checks.context import RuleContext
from mingjing.checks.registry import rule
from mingjing.checks.view import ReportView, heading_or, view_of
from mingjing.model import ParsedReport, Severity, Span

# A clause praising oneself: a positive claim with no word of deficiency in it.
_PRAISE_RE = re.compile(r"能够|始终|一贯|一直|坚持|做到|积极|主动|认真|严格|自觉|牢记|时刻|较好|取得")
_DEFICIT_RE = re.compile(
    r"不|没|未|无|差距|欠缺|缺乏|缺少|少|弱|短板|问题|有待|还需|亟待|仍|但|然而|偏|松|浅|虚|难|慢|低|淡|差|疏|忽"
)
_TURN_RE = re.compile(r"但是|但|然而|可是|不过")
_ACHIEVEMENT_RE = re.compile(r"成绩|成效|取得|提高|提升|实现|完成|达到|增长|下降|明显|显著|肯定|表扬")


def _core_length(view: ReportView, report: ParsedReport) -> int:
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
    "问题查摆不足500字时为警告；原因剖析不足150字、整改措施不足120字时提示（阈值可配置）。独立撰写的合格材料"
    "原因剖析常在200字上下，审核脚本惯用的300字线在这类材料上几乎都是误报。",
    params={"proportion.min-problems": 500, "proportion.min-causes": 150, "proportion.min-measures": 120},
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
        # the whole part, heading included: it is short, and what is short is its content
        anchor = heading_or(report, part)
        ctx.report(
            anchor.start,
            max(anchor.end, part.end),
            f"“{name}”部分只有{length}字，少于{minimum:.0f}字。",
            severity=severity,
            suggestion=f"充实“{name}”，写出具体事例和分析。",
        )


@rule(
    "proportion.praise-heavy",
    Severity.WARNING,
    "成绩一大段、问题一点点",
    "开头讲成绩的段落（不计说明学习准备和查摆依据的程序性段落）超过300字且达到问题查摆篇幅的六成，"
    "或问题部分里自我肯定的话占到四分之一以上（阈值可配置），是审阅中常见的退回理由。",
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
    problems_length = max(1, view.part_length(problems))
    span = report.preamble or Span(0, problems.start)
    before = _praise_length(view, report, span)
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


def _praise_length(view: ReportView, report: ParsedReport, span: Span) -> int:
    """Characters of the paragraphs before the problems that speak of achievements.

    The procedural opening ("按照……通知要求，我认真学习……现将有关情况报告如下") is not praise however long it
    is; only paragraphs with an achievement word count (headings inside the stretch count with them).
    """
    header = {(s.start, s.end) for s in report.header}
    total = 0
    for para in view.paragraphs:
        if para.end <= span.start or para.start >= span.end or (para.start, para.end) in header:
            continue
        if (
            _ACHIEVEMENT_RE.search(view.mtext, para.start, para.end)
            or len(view.mtext[para.start : para.end]) < 20
        ):
            total += view.content_length(para.start, para.end)
    return total


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


# An achievement written as a result: a verb of accomplishment or an honour.
_GAIN_RE = re.compile(
    r"完成|实现|提高到|提升到|增长|超额|达到|获评|荣获|获得|被评为|评为|位列|名列|创建|推广|表彰|先进|示范|第一"
)
_NUMBER_RE = re.compile(r"\d+(?:\.\d+)?")
_ITEM_TURN_RE = re.compile(r"但是|但也|但在|但对|但|然而|不过|可是")


@rule(
    "proportion.achievements-in-item",
    Severity.HINT,
    "问题条目大半在讲成绩",
    "一个问题条目在“但……”之前用大段篇幅罗列完成的任务、数字和荣誉（占条目一半以上且超过80字，阈值可配置），"
    "真正的问题只剩转折后的一两句：问题被成绩淹没。",
    params={"proportion.item-praise-share": 0.5, "proportion.item-praise-min": 80},
)
def achievements_in_item(ctx: RuleContext) -> None:
    problems = ctx.parsed.problems
    if problems is None:
        return
    view = ctx.view
    share, minimum = ctx.param("proportion.item-praise-share"), ctx.param("proportion.item-praise-min")
    for item in problems.all_items():
        if item.children:
            continue
        head = item.headline_span
        stretch = _achievement_stretch(view, head.end if head.length > 0 else item.start, item.end)
        if stretch is None:
            continue
        length = view.content_length(stretch.start, stretch.end)
        if length < minimum or length < share * max(1, view.content_length(item.start, item.end)):
            continue
        ctx.report(
            stretch.start,
            stretch.end,
            f"此条问题在转折之前用了{length}字讲完成的工作和取得的成绩，问题本身只有转折后的几句。",
            suggestion="成绩一句带过，把篇幅用在问题的具体表现、本人的责任和造成的影响上。",
        )


def _achievement_stretch(view: ReportView, start: int, end: int) -> Span | None:
    """The stretch from ``start`` to the first turn (但/然而…) if it reads as a list of results: at least
    three figures and two different words of accomplishment, and no word of deficiency before the turn."""
    turn = _ITEM_TURN_RE.search(view.mtext, start, end)
    if turn is None:
        return None
    text = view.mtext[start : turn.start()]
    if len(_NUMBER_RE.findall(text)) < 3 or len(set(_GAIN_RE.findall(text))) < 2:
        return None
    if re.search(r"不够|不足|没有|未能|差距|欠缺|缺乏|问题", text):
        return None
    while start < turn.start() and view.mtext[start] in "。，；：、 \t\n":
        start += 1
    return Span(start, turn.start())
