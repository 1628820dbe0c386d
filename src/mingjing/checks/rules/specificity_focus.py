"""Specificity, continued: is each problem about *this* person and *this* problem?

Two cheap signs that an item does not 见人 though it may carry numbers and dates:

- its headline only restates the aspect it stands under ("（一）理论学习方面 … 一是理论学习不深刻");
- its subject is the organisation ("我们前期研判不足", "我局至今没有形成监管办法") and the writer never
  appears in it (no 我/本人/自己/作为…). In a personal 对照检查 the problem is the writer's own; a unit's
  problem belongs in the 领导班子 report.
"""

from __future__ import annotations

import re

from mingjing.checks.context import RuleContext
from mingjing.checks.registry import rule
from mingjing.checks.view import CJK, view_of
from mingjing.model import AspectSection, Item, ParsedReport, Severity, Span
from mingjing.text.chars import to_simplified

# Words of a headline that say only "there is a shortfall" (不够/有差距/有待提高 …), and filler around them.
_SHORTFALL_RE = re.compile(
    r"不够|不足|不强|不高|不深刻?|不实|不严|不到位|不紧|不全面|不系统|差距|有待(?:提高|加强|增强)?|需要加强|还需加强|仍需"
)
# filler and the degree words of a shortfall ("不够深刻", "不够系统"): what is left must be the problem
_FILLER_RE = re.compile(f"方面|存在|问题|还|的|有|仍|较|比较|一定|上|在|和|与|深刻|深入|到位|够|[^{CJK}]")
_ASPECT_NOISE = re.compile(r"方面|存在的?|问题|在|的")
# The organisation as the subject of a clause: "，我们才组织回应" "。我局至今没有…" (not "对本单位…").
_ORG_SUBJECT_RE = re.compile(
    r"(?:^|(?<=[，。；：！？]))(?:但|而|其中|结果|当时)?"
    # not "我们处在变革时代""我们面临复杂环境": the circumstances of all, not a unit's conduct
    r"(?:我们(?![党国]|处在|处于|正处|身处|面临)|我局|我委|我厅|我校|我院|我单位|本单位|我公司|本公司|我中心|本中心|我部门)"
)
# The writer in person: 我 (not 我们/我局 …), 本人, 自己, 作为…
_WRITER_RE = re.compile(r"我(?![们国省市县区镇乡村党局委校院厅部]|单位|公司|中心)|本人|自己|作为")
_TEAM_REPORT_RE = re.compile(r"领导班子(?!成员)|班子对照检查")


@rule(
    "specificity.headline-echo",
    Severity.HINT,
    "条目标题只重复方面名称",
    "问题条目的概括句只是把所在方面的名称换个说法（“理论学习方面”下写“理论学习不深刻”），没有说出具体是什么问题。",
)
def headline_echo(ctx: RuleContext) -> None:
    report = ctx.parsed
    problems = report.problems
    if problems is None:
        return
    view = view_of(report)
    for aspect in problems.aspects:
        words = _aspect_words(aspect)
        for item in aspect.items if words else ():
            if _echoes(view.mtext, item, words):
                span = item.headline_span
                ctx.report(
                    span.start,
                    span.end,
                    "该条的概括只重复了所在方面的名称，没有点明具体问题。",
                    suggestion="用一句话点明具体问题，如“学习停留在读原文、记笔记，没有联系分管工作思考”。",
                )


def _aspect_words(aspect: AspectSection) -> list[str]:
    """The aspect's name and its two-character words (理论学习 → 理论, 学习)."""
    if aspect.heading is None:
        return []
    name = _ASPECT_NOISE.sub("", to_simplified(aspect.heading.text))
    name = re.sub(f"[^{CJK}]", "", name)
    if not 2 <= len(name) <= 8:
        return []  # a whole-sentence heading: its words are not a "name"
    return [name, *(name[i : i + 2] for i in range(0, len(name) - 1, 2))]


def _echoes(mtext: str, item: Item, words: list[str]) -> bool:
    headline = mtext[item.headline_span.start : item.headline_span.end]
    rest = _FILLER_RE.sub("", _SHORTFALL_RE.sub("", headline))
    if not _SHORTFALL_RE.search(headline) or words[0] not in rest:
        return False  # no shortfall word, or the aspect's whole name is not in it ("学习不够深入" is not)
    for word in words:
        rest = rest.replace(word, "")
    return len(rest) <= 1


@rule(
    "specificity.org-subject",
    Severity.HINT,
    "问题主体是单位而不是本人",
    "个人对照检查的问题应是本人的问题。条目以“我们”“我局”“本单位”作主语，全条又没有“我”“本人”“自己”，"
    "写成了单位的问题，不见人（领导班子对照检查材料不检查）。",
)
def org_subject(ctx: RuleContext) -> None:
    report = ctx.parsed
    problems = report.problems
    if problems is None or _team_report(report):
        return
    view = view_of(report)
    for item in problems.all_items():
        text = view.mtext[item.start : item.end]
        found = _ORG_SUBJECT_RE.search(text)
        if found is None or _WRITER_RE.search(text):
            continue
        start = item.start + found.start()
        ctx.report(
            start,
            item.start + found.end(),
            f"此条以“{report.text[start : item.start + found.end()]}”为主语，写的是单位的问题，看不到本人的责任。",
            suggestion="写清本人在其中做了什么、没做什么、怎么想的（如“我作为分管领导，前期研判不足……”）。",
            related=(Span(item.headline_span.start, item.headline_span.end),),
        )


def _team_report(report: ParsedReport) -> bool:
    view = view_of(report)
    head = " ".join(view.mtext[s.start : s.end] for s in report.header) or view.mtext[:80]
    return _TEAM_REPORT_RE.search(head) is not None
