"""Turn a report's findings into a score and a verdict: substance first, form last.

Weights are data (``checks/data/scoring.toml``). Each rule that fires costs points: its first finding costs
the severity's base (错误 8, 警告 3, 提示 0.5) times its family's multiplier (见人见事见思想 and 自我批评
1.5, 原因剖析 1.3, 时效 1.2, 笔误 0.6, others 1.0); every further finding of the same rule costs half as much
again, and one rule never costs more than three times its first finding (twenty ``**`` leftovers are not
twenty failings):

    w = base(severity) × family(rule)
    cost(rule) = min(w₁ + 0.5 × (w₂ + … + wₙ), 3 × w₁)

Formatting rules (numbering, punctuation, half-width characters, blanks; listed in the data file) cost
``form.weight`` (0.3) of that, all of them together at most ``form.max_cost`` (5) points:

    substance = 100 − Σ cost(substance rules)          score = max(0, substance − min(Σ cost(form), 5))

Verdict — taken on the substance alone, so a formatting finding never decides it:
    不达标   substance < 60, or a blocking rule fired at its full severity (by default: a part is missing,
             not a report, or 问题+原因 under half the text; configurable as ``[rules] blocking``). A blocking
             rule whose finding the rule itself downgraded (no 原因剖析 in an ordinary member's 组织生活会
             material) does not block;
    需修改   otherwise, any 错误 of a substance rule, or substance < 85;
    基本达标  otherwise.

So a web-copied 范文 (``specificity.template-report`` 错误 × 1.5 = 12 points and a 错误) cannot pass, and a
specific, honest report with a few numbering or punctuation slips still does.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from mingjing.checks.config import CheckConfig
from mingjing.checks.data import load_data
from mingjing.model import Finding, Severity

FAIL_BELOW = 60.0
PASS_FROM = 85.0


@dataclass(frozen=True)
class Weights:
    """The scoring weights of ``checks/data/scoring.toml``."""

    severity: dict[Severity, float]
    family: dict[str, float]
    form_rules: frozenset[str]
    form_weight: float
    form_max_cost: float

    def of(self, finding: Finding) -> float:
        """What the finding costs as the first of its rule."""
        base = self.severity[finding.severity] * self.family.get(_family(finding), 1.0)
        return base * self.form_weight if finding.rule in self.form_rules else base


def _family(finding: Finding) -> str:
    return finding.family or finding.rule.partition(".")[0]


@lru_cache(maxsize=1)
def weights() -> Weights:
    """The packaged weights (read once)."""
    data = load_data("scoring")
    form = data.get("form", {})
    return Weights(
        severity={Severity(name): float(value) for name, value in data["severity"].items()},
        family={name: float(value) for name, value in data.get("family", {}).items()},
        form_rules=frozenset(str(r) for r in form.get("rules", [])),
        form_weight=float(form.get("weight", 1.0)),
        form_max_cost=float(form.get("max_cost", 100.0)),
    )


# Kept for callers that read the base costs per severity.
WEIGHTS = weights().severity


def _costs(findings: Iterable[Finding]) -> tuple[float, float]:
    """(substance cost, form cost) of the findings, by the rules of the module docstring."""
    table = weights()
    by_rule: dict[str, list[Finding]] = {}
    for finding in findings:
        by_rule.setdefault(finding.rule, []).append(finding)
    substance = form = 0.0
    for rule_id, group in by_rule.items():
        costs = sorted((table.of(f) for f in group), reverse=True)
        first = costs[0]
        cost = min(first + 0.5 * sum(costs[1:]), 3 * first)
        if rule_id in table.form_rules:
            form += cost
        else:
            substance += cost
    return substance, min(form, table.form_max_cost)


def substance_score(findings: Iterable[Finding]) -> float:
    """100 minus what the substance rules cost (formatting left out): the score the verdict is taken on."""
    substance, _ = _costs(findings)
    return round(max(0.0, 100.0 - substance), 1)


def score_findings(findings: Iterable[Finding]) -> float:
    """The 0–100 score of the module docstring (substance, then at most a few points for form)."""
    substance, form = _costs(findings)
    return round(max(0.0, 100.0 - substance - form), 1)


def verdict_for(score: float, findings: Iterable[Finding], config: CheckConfig) -> str:
    """不达标 / 需修改 / 基本达标 by the rules of the module docstring.

    ``score`` is the shown score; the verdict adds back what formatting cost, so formatting findings
    cannot change it.
    """
    findings = list(findings)
    form_rules = weights().form_rules
    _, form = _costs(findings)
    effective = score + form  # the substance score when ``score`` came from score_findings
    if effective < FAIL_BELOW or any(_blocks(f, config) for f in findings):
        return "不达标"
    substantive_error = any(f.severity is Severity.ERROR and f.rule not in form_rules for f in findings)
    if effective < PASS_FROM or substantive_error:
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
