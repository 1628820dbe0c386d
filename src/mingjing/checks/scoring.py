"""Turn a report's findings into a score and a verdict.

Score (0–100). Each rule that fires costs points by severity — 错误 8, 警告 3, 提示 0.5 for its first
finding; every further finding of the same rule costs half as much again, and one rule never costs more
than three times its first finding (so twenty ``**`` leftovers do not count as twenty separate failings):

    cost(rule) = min(w × (1 + 0.5 × (n − 1)), 3 × w)        score = max(0, 100 − Σ cost)

Verdict:
    不达标   score < 60, or a blocking rule fired at its full severity (by default: a part is missing, or
             问题+原因 under half the text; configurable as ``[rules] blocking``). A blocking rule whose
             finding the rule itself downgraded (e.g. no 原因剖析 in an ordinary member's 组织生活会 material)
             does not block;
    需修改   otherwise, any 错误 or score < 85;
    基本达标  otherwise.
"""

from __future__ import annotations

from collections.abc import Iterable

from mingjing.checks.config import CheckConfig
from mingjing.model import Finding, Severity

WEIGHTS = {Severity.ERROR: 8.0, Severity.WARNING: 3.0, Severity.HINT: 0.5}
FAIL_BELOW = 60.0
PASS_FROM = 85.0


def score_findings(findings: Iterable[Finding]) -> float:
    """The 0–100 score of the module docstring."""
    by_rule: dict[str, list[Finding]] = {}
    for finding in findings:
        by_rule.setdefault(finding.rule, []).append(finding)
    total = 0.0
    for group in by_rule.values():
        weights = sorted((WEIGHTS[f.severity] for f in group), reverse=True)
        first = weights[0]
        cost = first + 0.5 * sum(weights[1:])
        total += min(cost, 3 * first)
    return round(max(0.0, 100.0 - total), 1)


def verdict_for(score: float, findings: Iterable[Finding], config: CheckConfig) -> str:
    """不达标 / 需修改 / 基本达标 by the rules of the module docstring."""
    findings = list(findings)
    if score < FAIL_BELOW or any(_blocks(f, config) for f in findings):
        return "不达标"
    if score < PASS_FROM or any(f.severity is Severity.ERROR for f in findings):
        return "需修改"
    return "基本达标"


def _blocks(finding: Finding, config: CheckConfig) -> bool:
    """A blocking rule blocks unless the rule itself reported the finding below its default severity."""
    if finding.rule not in config.blocking:
        return False
    from mingjing.checks.registry import get_rule

    try:
        own = get_rule(finding.rule).info.severity
    except KeyError:  # a finding from outside the catalogue: take it at its word
        return True
    default = config.severity_for(finding.rule, own)
    return finding.severity.rank >= default.rank
