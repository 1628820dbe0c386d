"""Opinions answered: each opinion solicited for this person should be taken up by some item.

An opinion is answered when some item (problem, cause or measure) contains at least ``opinion.overlap``
(default 0.35) of the opinion's content bigrams — pairs of adjacent Chinese characters, without the
genre's stop-bigrams. Character bigrams need no word segmentation and tolerate rewording such as
"调研走访不够经常" → "深入基层调研走访少".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mingjing.checks.context import RuleContext
from mingjing.checks.registry import rule
from mingjing.checks.rules.measure import stop_bigrams
from mingjing.checks.view import CJK, heading_or, view_of
from mingjing.model import ParsedReport, Severity, Span
from mingjing.text.chars import to_simplified

_BIGRAM_RE = re.compile(f"(?=([{CJK}]{{2}}))")


@dataclass(frozen=True)
class OpinionMatch:
    opinion: str
    coverage: float  # best share of the opinion's bigrams found in one item
    where: Span | None  # that item


def _bigrams(text: str) -> set[str]:
    stop = stop_bigrams()
    return {b for b in _BIGRAM_RE.findall(text) if b not in stop}


def _units(report: ParsedReport) -> list[Span]:
    units = [Span(i.start, i.end) for part in report.parts() for i in part.all_items()]
    if units:
        return units
    return list(view_of(report).paragraphs)


def match_opinions(report: ParsedReport, opinions: tuple[str, ...]) -> list[OpinionMatch]:
    """For each opinion, the item that covers most of it."""
    view = view_of(report)
    units = [(u, _bigrams(view.mtext[u.start : u.end])) for u in _units(report)]
    result = []
    for opinion in opinions:
        wanted = _bigrams(to_simplified(opinion))
        if not wanted:
            continue
        best = max(units, key=lambda u: len(wanted & u[1]), default=None)
        coverage = len(wanted & best[1]) / len(wanted) if best else 0.0
        result.append(OpinionMatch(opinion, coverage, best[0] if best else None))
    return result


@rule(
    "opinion.unanswered",
    Severity.WARNING,
    "征求的意见没有回应",
    "会前征求到的意见（配置 [opinions] 或 --opinions 文件，一行一条）在材料中找不到对应的问题或措施。"
    "以汉字二元组重合度判断，默认阈值0.35。",
    params={"opinion.overlap": 0.35},
)
def unanswered(ctx: RuleContext) -> None:
    report = ctx.parsed
    config = ctx.config
    if not config.opinions:
        return
    threshold = config.threshold("opinion.overlap")
    anchor = heading_or(report, report.problems)
    for match in match_opinions(report, config.opinions):
        if match.coverage >= threshold:
            continue
        ctx.report(
            anchor.start,
            anchor.end,
            f"征求到的意见“{match.opinion}”在材料中没有回应（最高重合度{match.coverage:.0%}）。",
            suggestion="在问题查摆中对照这条意见查找问题，并在整改措施中作出回应。",
        )
