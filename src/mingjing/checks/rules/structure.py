"""Structure: the three parts, the framework's aspects, counts the text claims, repeated items."""

from __future__ import annotations

import re
from collections.abc import Iterator

from mingjing.checks.config import CheckConfig
from mingjing.checks.context import RuleContext
from mingjing.checks.registry import rule
from mingjing.checks.rules.structure_numbering import labels
from mingjing.checks.view import CJK, CJK_RE, heading_or, view_of
from mingjing.errors import MingjingError
from mingjing.model import AspectSection, ParsedReport, Part, Severity, Span
from mingjing.text.numbering import cn_to_int

PART_NAMES = {"problems": "问题查摆", "causes": "原因剖析", "measures": "整改措施"}
PART_EXAMPLES = {"problems": "一、存在问题", "causes": "二、原因剖析", "measures": "三、整改措施"}
_CLAIM_RE = re.compile(
    r"(?P<lead>从|以下|如下|归纳为|归结为|概括为|总结为|主要有|主要是|存在|有|对照|分为|包括|围绕|等)"
    r"(?:以下|如下)?(?P<n>[一二两三四五六七八九十]{1,3}|\d{1,2})(?:个)?(?:方面|点|条)"
)
_CLAIM_BLOCKERS = re.compile(r"^(?:的)?(?:具体)?(?:要求|内容|重点|标准|任务|规定)")
# A count of the opinions collected ("征集到意见建议9条，归纳为5个方面") says nothing about the text's parts.
_OPINION_CLAUSE = re.compile(r"(?:意见|建议|诉求)[^。；]{0,12}(?:\d+|[一二两三四五六七八九十百]+|\*\*|XX)条")
_CLAUSE_START = "。；！？\n"
_PUNCT_RE = re.compile(r"[\s，。、；：！？“”‘’（）()《》]")


@rule(
    "structure.missing-part",
    Severity.ERROR,
    "缺少组成部分",
    "对照检查材料应包括问题查摆、原因剖析、整改措施三部分，缺任何一部分都会被退回。"
    "组织生活会上普通党员的发言材料常只写问题和努力方向，缺原因剖析时为警告；"
    "原因与问题合写在同一部分（如“存在的问题及原因分析”）时为提示。",
)
def missing_part(ctx: RuleContext) -> None:
    report = ctx.parsed
    view = view_of(report)
    if not view.paragraphs or not report.parts():
        return  # nothing of a report at all: structure.not-a-report says so once
    last = view.paragraphs[-1]
    anchors = {
        "problems": view.first_line(),
        "causes": heading_or(report, report.measures, last),
        "measures": last,
    }
    for kind, part in (
        ("problems", report.problems),
        ("causes", report.causes),
        ("measures", report.measures),
    ):
        if part is not None:
            continue
        if kind == "causes" and _causes_combined(report):
            _combined_causes_finding(ctx, anchors["problems"])
            continue
        anchor = anchors[kind]
        # 组织生活会: many branches accept an ordinary member's 问题 + 努力方向 without a causes part
        lenient = kind == "causes" and report.meeting_kind == "组织生活会"
        ctx.report(
            anchor.start,
            anchor.end,
            f"未找到“{PART_NAMES[kind]}”部分。"
            + ("组织生活会材料也应剖析问题产生的原因。" if lenient else ""),
            severity=Severity.WARNING if lenient else None,
            suggestion=f"补写“{PART_NAMES[kind]}”部分，并用明确的标题标出（如“{PART_EXAMPLES[kind]}”）。",
        )


@rule(
    "structure.not-a-report",
    Severity.ERROR,
    "不像对照检查材料",
    "问题查摆、原因剖析、整改措施三部分一个也没有找到：文件可能选错了，或不是对照检查材料。",
)
def not_a_report(ctx: RuleContext) -> None:
    report = ctx.parsed
    view = view_of(report)
    if not view.paragraphs or report.parts():
        return
    anchor = view.first_line()
    ctx.report(
        anchor.start,
        anchor.end,
        "没有找到问题查摆、原因剖析、整改措施中的任何一部分，这份文件看起来不是对照检查材料。",
        suggestion="请确认选对了文件；如确是对照检查材料，请用“一、存在问题”“二、原因剖析”“三、整改措施”等标题标明各部分。",
    )


def _causes_combined(report: ParsedReport) -> bool:
    """The parser found the causes written inside the problems part ("存在的问题及原因分析")."""
    return any(w.code == "part.combined" for w in report.warnings)


def _combined_causes_finding(ctx: RuleContext, fallback: Span) -> None:
    # The causes exist, only not as a part of their own: a hint, never a reason to send the report back.
    anchor = heading_or(ctx.parsed, ctx.parsed.problems, fallback)
    ctx.report(
        anchor.start,
        anchor.end,
        "原因剖析与问题查摆合写在同一部分，未单列“原因剖析”。",
        severity=Severity.HINT,
        suggestion="可将各方面的原因归纳为单独的“原因剖析”部分，从理想信念、宗旨意识、党性修养等方面深挖思想根源。",
    )


def _framework_aspects(report: ParsedReport) -> tuple[str, ...]:
    if report.framework is None:
        return ()
    try:
        from mingjing.frameworks import load_framework

        framework = load_framework(report.framework.id)
    except (MingjingError, ImportError):
        return ()
    return () if framework.generic else framework.aspects


@rule(
    "structure.missing-aspect",
    Severity.ERROR,
    "缺少规定的查摆方面",
    "按所用框架（如2023年主题教育的六个方面）逐一查摆，少了某个方面说明查摆不全。框架识别把握不大或有无法识别的方面标题时降为警告。",
    params={"structure.aspect-confidence": 0.5},
)
def missing_aspect(ctx: RuleContext) -> None:
    report = ctx.parsed
    config = ctx.config
    expected = _framework_aspects(report)
    problems = report.problems
    if not expected or problems is None or not problems.aspects or report.framework is None:
        return
    found = {a.aspect for a in problems.aspects if a.aspect}
    unknown = sum(1 for a in problems.aspects if not a.aspect)
    missing = [name for name in expected if name not in found]
    anchor = heading_or(report, problems)
    severity = _missing_severity(report, config, unknown, len(missing))
    for name in missing:
        ctx.report(
            anchor.start,
            anchor.end,
            f"问题查摆缺少“{name}”方面（{report.framework.name}共{len(expected)}个方面）。"
            + ("有方面标题未能识别，可能就是该方面，请核对。" if severity is Severity.HINT else ""),
            severity=severity,
            suggestion=f"补充“{name}方面”存在的具体问题。",
        )


def _missing_severity(
    report: ParsedReport, config: CheckConfig, unknown: int, missing: int
) -> Severity | None:
    """错误 when sure; 警告 when the framework match is weak or some heading is unknown; 提示 when there are
    at least as many unrecognised aspect headings as missing aspects (each may be one of them, written as a
    whole sentence such as “在学习贯彻……上还有差距”)."""
    if unknown >= missing:
        return Severity.HINT
    confident = report.framework is not None and report.framework.confidence >= config.threshold(
        "structure.aspect-confidence"
    )
    return None if confident and not unknown else Severity.WARNING


@rule(
    "structure.duplicate-aspect",
    Severity.WARNING,
    "同一方面重复出现",
    "同一个查摆方面在问题部分出现了两次，可能是标题写错或内容重复。",
)
def duplicate_aspect(ctx: RuleContext) -> None:
    report = ctx.parsed
    if report.problems is None:
        return
    seen: set[str] = set()
    for aspect in report.problems.aspects:
        if not aspect.aspect:
            continue
        if aspect.aspect in seen:
            anchor = _aspect_anchor(aspect)
            ctx.report(
                anchor.start,
                anchor.end,
                f"“{aspect.aspect}”方面重复出现。",
                suggestion="合并为一个方面，或改正该方面标题。",
            )
        seen.add(aspect.aspect)


def _aspect_anchor(aspect: AspectSection) -> Span:
    if aspect.heading is not None:
        return Span(aspect.heading.start, aspect.heading.end)
    return Span(aspect.start, min(aspect.end, aspect.start + 20))


@rule(
    "structure.empty-aspect",
    Severity.WARNING,
    "方面下没有内容",
    "某个方面只有标题，没有列出具体问题。",
)
def empty_aspect(ctx: RuleContext) -> None:
    report = ctx.parsed
    if report.problems is None:
        return
    view = view_of(report)
    for aspect in report.problems.aspects:
        body_start = aspect.heading.end if aspect.heading is not None else aspect.start
        if aspect.items or view.content_length(body_start, aspect.end) >= 40:
            continue
        anchor = _aspect_anchor(aspect)
        ctx.report(
            anchor.start,
            anchor.end,
            "该方面只有标题，没有查摆出具体问题。",
            suggestion="写出该方面存在的具体问题，或说明确无问题的理由。",
        )


@rule(
    "structure.count-mismatch",
    Severity.ERROR,
    "所称条数与实际不符",
    "导语说“从六个方面深挖根源”“存在以下三个方面问题”，下文实际列出的条数却不同。",
)
def count_mismatch(ctx: RuleContext) -> None:
    report = ctx.parsed
    for region, actual, what in _claim_regions(report):
        for claim, number in _claims(report, region):
            if number == actual or not _label_count_differs(report, region, number):
                continue
            ctx.report(
                claim.start,
                claim.end,
                f"文中说“{report.text[claim.start : claim.end]}”，但下文实际列出{actual}个{what}。",
                suggestion="核对条数，补足缺少的内容或改正数字。",
            )


def _claim_regions(report: ParsedReport) -> Iterator[tuple[Span, int, str]]:
    """(region holding a claim, actual count, what is counted) for each preamble."""
    problems = report.problems
    if report.preamble is not None and problems is not None and problems.aspects:
        yield report.preamble, len(problems.aspects), "方面"
    for part in report.parts():
        region = _preamble(part)
        if region is None:
            continue
        if part.aspects:
            yield region, len(part.aspects), "方面"
        elif part.items:
            yield region, len(part.items), "条"
    for aspect in problems.aspects if problems is not None else ():
        if aspect.preamble is not None and aspect.items:
            yield aspect.preamble, len(aspect.items), "条"


def _preamble(part: Part) -> Span | None:
    if part.preamble is not None:
        return part.preamble
    first = part.aspects[0].start if part.aspects else part.items[0].start if part.items else None
    start = part.heading.end if part.heading is not None else part.start
    return Span(start, first) if first is not None and first > start else None


def _claims(report: ParsedReport, region: Span) -> Iterator[tuple[Span, int]]:
    view = view_of(report)
    for match in _CLAIM_RE.finditer(view.mtext, region.start, region.end):
        if view.in_quotes(match.start("n")) or _CLAIM_BLOCKERS.match(view.mtext, match.end()):
            continue
        if _about_opinions(view.mtext, match.start()) or _counts_examples(view.mtext, match):
            continue
        raw = match.group("n")
        number = int(raw) if raw.isdigit() else cn_to_int(raw.replace("两", "二"))
        if number is None or number < 2 or number > 12:
            continue
        yield Span(match.start(), match.end()), number


def _counts_examples(text: str, match: re.Match[str]) -> bool:
    """“门诊自助机故障多”“食堂供餐少”等7条: a total of things cited by example in quotes (opinions,
    problems already put right), not a claim about how the report is divided."""
    return match.group("lead") == "等" and text[max(0, match.start() - 2) : match.start()].find("”") >= 0


def _about_opinions(text: str, pos: int) -> bool:
    """Whether the sentence up to ``pos`` is about the opinions collected, not about the report."""
    start = max(text.rfind(c, 0, pos) for c in _CLAUSE_START) + 1
    return _OPINION_CLAUSE.search(text, start, pos) is not None


def _label_count_differs(report: ParsedReport, region: Span, claimed: int) -> bool:
    """Cross-check with the numbering labels right after the claim: both counts must disagree."""
    view = view_of(report)
    after = [lab for lab in labels(view) if lab.marker.start >= region.end and lab.marker.ordinal is not None]
    if not after:
        return True
    first = after[0]
    run = [lab for lab in after if lab.key == first.key]
    highest = 0
    for lab in run:
        ordinal = lab.marker.ordinal or 0
        if ordinal <= highest:
            break
        highest = ordinal
    return highest != claimed


@rule(
    "structure.duplicate-item",
    Severity.WARNING,
    "条目重复",
    "两个条目的标题句一字不差，多为拼凑材料时重复粘贴。",
)
def duplicate_item(ctx: RuleContext) -> None:
    report = ctx.parsed
    seen: dict[str, Span] = {}
    for part in report.parts():
        for item in part.all_items():
            key = _PUNCT_RE.sub("", item.headline)
            if len(key) < 6:
                continue
            if key in seen:
                span = item.headline_span
                ctx.report(
                    span.start,
                    span.end,
                    "该条目的标题与前文某条完全相同。",
                    suggestion="合并两条或改写其中一条。",
                    related=(seen[key],),
                )
            else:
                seen[key] = item.headline_span


_SENTENCE_CUT = re.compile(r"[^。！？；\n]+")
_MIN_DUPLICATE = 20  # Chinese characters of a sentence reused verbatim


@rule(
    "structure.duplicate-sentence",
    Severity.WARNING,
    "同一句话重复使用",
    "同一篇材料里一句20字以上的话一字不差地出现了两次（标点、空格不计），多为拼凑材料时重复粘贴。"
    "两个条目的标题相同时见 structure.duplicate-item。",
)
def duplicate_sentence(ctx: RuleContext) -> None:
    report = ctx.parsed
    view = view_of(report)
    headlines = {i.headline_span.start for part in report.parts() for i in part.all_items()}
    seen: dict[str, tuple[int, int]] = {}
    for match in _SENTENCE_CUT.finditer(view.mtext):
        key = re.sub(f"[^{CJK}]", "", match.group())
        if len(key) < _MIN_DUPLICATE:
            continue
        start, end = _trimmed(view.mtext, match.start(), match.end())
        first = seen.setdefault(key, (start, end))
        if first[0] == start or (start in headlines and first[0] in headlines):
            continue  # the first copy, or two equal headlines (structure.duplicate-item)
        ctx.report(
            start,
            end,
            "这句话与前文一字不差，疑为重复粘贴。",
            suggestion="删去重复的一句，或改写为本处需要表达的内容。",
            related=(Span(*first),),
        )


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence without its leading blanks and numbering punctuation."""
    while start < end and not CJK_RE.match(text, start):
        start += 1
    return start, end
