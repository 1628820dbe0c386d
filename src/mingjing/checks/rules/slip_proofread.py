"""Slips found by the proofreader (:mod:`mingjing.proofread`): wrong characters of similar sound or shape,
scrambled, doubled or dropped characters, 的/地/得, miswritten set phrases and names of theories."""

from __future__ import annotations

import re
from functools import cache

from mingjing.checks.context import RuleContext
from mingjing.checks.data import load_data
from mingjing.checks.registry import rule
from mingjing.model import Severity, Span
from mingjing.proofread import ProofFinding, ProofreadDataError, proofread_text

_PARAM = "slip.proofread-max"
_MARGIN = 40


# A new rule starts as 提示 (CONTRIBUTING): the eval/ set has no labelled 错别字 yet to measure it against.
@rule(
    "slip.proofread",
    Severity.HINT,
    "错别字与语病",
    "校对引擎找出的疑似错字：音近形近别字（自已→自己、急燥→急躁）、字序颠倒（贯学习彻）、多字漏字"
    "（大下大力气、总书在）、的地得误用、成语和理论会议名称误写（新世代中国特色社会主义思想）。"
    "只报把握大的；标题署名行、引号内的引文、人名地名和本单位名称不查。",
    params={_PARAM: 30},
)
def proofread(ctx: RuleContext) -> None:
    report = ctx.parsed
    view = ctx.view
    limit = int(ctx.param(_PARAM))
    profile = ctx.config.profile
    whitelist = [name for name in (profile.unit, profile.region) if name]
    try:
        findings = proofread_text(report.text, whitelist=whitelist)
    except ProofreadDataError:
        return  # the dictionaries are not installed: `mingjing proofread` says so; a check goes on without
    header = [(s.start, s.end) for s in report.header]
    reported = 0
    for finding in findings:
        if reported >= limit:
            break
        if _skipped(finding, header) or view.in_quotes(finding.start):
            continue
        if _covered_elsewhere(view.mtext, finding.start, finding.end):
            continue
        ctx.report(
            finding.start,
            finding.end,
            finding.message,
            suggestion=_suggestion(finding),
            related=(Span(finding.start, finding.end),) if finding.rule == "proofread.scrambled" else (),
        )
        reported += 1


def _suggestion(finding: ProofFinding) -> str:
    return f"删去“{finding.text}”。" if not finding.suggestion else finding.suggestion


def _skipped(finding: ProofFinding, header: list[tuple[int, int]]) -> bool:
    if any(s <= finding.start < e for s, e in header):
        return True
    # slip.repeated-word reports a word typed twice (决策决策); the proofreader's copy would be a duplicate
    return finding.rule == "proofread.duplicated" and len(finding.text) >= 2


def _covered_elsewhere(mtext: str, start: int, end: int) -> bool:
    """Whether slip.typo (its list in slips.toml) or a formulation rule matches words overlapping [start, end).

    Only the neighbourhood is searched (the longest listed form is far shorter than the margin).
    """
    lo, hi = max(0, start - _MARGIN), min(len(mtext), end + _MARGIN)
    for pattern in (_typo_re(), *_formulation_patterns()):
        if any(m.start() < end and start < m.end() for m in pattern.finditer(mtext, lo, hi)):
            return True
    return False


@cache
def _typo_re() -> re.Pattern[str]:
    typos = load_data("slips")["typos"]
    return re.compile("|".join(sorted(map(re.escape, typos), key=len, reverse=True)))


@cache
def _formulation_patterns() -> tuple[re.Pattern[str], ...]:
    patterns = []
    for term in load_data("formulations").get("term", []):
        if "regex" in term:
            patterns.append(re.compile(str(term["regex"])))
        elif term.get("find"):
            patterns.append(re.compile("|".join(map(re.escape, term["find"]))))
    return tuple(patterns)
