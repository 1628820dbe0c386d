"""Last year's unfinished rectification items: the next report must account for each of them.

The web app carries every ledger item not finished when next year's meeting is created into that
meeting and passes their texts as ``CheckConfig.carried``. A report accounts for an item when one of its
paragraphs covers at least ``measure.carried-overlap`` of the item's content bigrams (the same measure as
``opinion.unanswered``). The finding is anchored on the paragraph that reports last year's
rectification (上年度整改落实情况) when there is one, else on the title line.
"""

from __future__ import annotations

import re

from mingjing.checks.context import RuleContext
from mingjing.checks.registry import rule
from mingjing.meeting.ledger import content_bigrams
from mingjing.model import Severity, Span

_ACCOUNT_RE = re.compile(r"(?:上年度|上一年度|去年|上次|上年)[^。\n]{0,12}整改|整改落实情况")


def _anchor(ctx: RuleContext) -> Span:
    match = _ACCOUNT_RE.search(ctx.view.mtext)
    if match is not None:
        para = ctx.view.paragraph_at(match.start())
        if para is not None:
            return para
    return ctx.view.first_line()


def carried_coverage(ctx: RuleContext, item: str) -> float:
    """The best share of ``item``'s content bigrams found in one paragraph of the report."""
    wanted = content_bigrams(item)
    if not wanted:
        return 1.0  # nothing to look for: never a finding
    best = 0
    for para in ctx.view.paragraphs:
        best = max(best, len(wanted & content_bigrams(ctx.view.mtext[para.start : para.end])))
    return best / len(wanted)


@rule(
    "measure.carried-unreported",
    Severity.WARNING,
    "上年度整改事项未交代",
    "上一年度民主生活会整改台账中没有完成的事项会带入本年度，材料应交代其落实情况（上年度整改落实情况）。"
    "某一段落与事项文字的汉字二元组重合度低于阈值（默认0.3）时，视为没有交代。",
    params={"measure.carried-overlap": 0.3},
)
def carried_unreported(ctx: RuleContext) -> None:
    if not ctx.config.carried:
        return
    threshold = ctx.param("measure.carried-overlap")
    anchor = _anchor(ctx)
    for item in ctx.config.carried:
        coverage = carried_coverage(ctx, item)
        if coverage >= threshold:
            continue
        short = item if len(item) <= 40 else item[:40] + "……"
        ctx.report(
            anchor.start,
            anchor.end,
            f"上年度带入的整改事项“{short}”在材料中没有交代落实情况（最高重合度{coverage:.0%}）。",
            suggestion="在材料开头或整改措施部分写明该事项的整改进展、完成情况或未完成的原因。",
        )
