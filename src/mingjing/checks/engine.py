"""Run the rule catalogue over a report and turn the findings into a score and a verdict.

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

import logging
import os
from collections.abc import Iterable
from functools import lru_cache
from importlib import resources

from mingjing.checks.config import CheckConfig, config_from_mapping
from mingjing.checks.registry import Rule, all_rules
from mingjing.model import Finding, Report, Review, Severity

log = logging.getLogger(__name__)

WEIGHTS = {Severity.ERROR: 8.0, Severity.WARNING: 3.0, Severity.HINT: 0.5}
FAIL_BELOW = 60.0
PASS_FROM = 85.0


def check_report(
    report: Report, *, config: CheckConfig | None = None, opinions: Iterable[str] = ()
) -> Review:
    """Check ``report`` with every enabled rule and return findings, score, verdict and metrics.

    ``config`` defaults to the framework's packaged settings (if any); ``opinions`` are added to the
    config's opinions (the opinions solicited for this person, one per entry).
    """
    effective = _effective_config(report, config)
    if opinions:
        effective = effective.with_opinions(opinions)
    findings, failures = _run(report, effective)
    score = score_findings(findings)
    verdict = verdict_for(score, findings, effective)
    from mingjing.checks.metrics import report_metrics

    metrics = (*report_metrics(report, effective), ("rule_failures", float(failures)))
    return Review(report=report, findings=findings, score=score, verdict=verdict, metrics=metrics)


def _run(report: Report, config: CheckConfig) -> tuple[tuple[Finding, ...], int]:
    # one rule may report several things on one anchor (each missing aspect on the problems heading)
    found: dict[tuple[str, int, int, str], Finding] = {}
    failures = 0
    for rule in all_rules():
        if not config.is_enabled(rule.info.id):
            continue
        try:
            produced = list(_apply(rule, report, config))
        except Exception:  # a rule bug must not lose the other findings; strict mode re-raises
            if os.environ.get("MINGJING_STRICT"):
                raise
            log.exception("rule %s failed", rule.info.id)
            failures += 1
            continue
        for finding in produced:
            found.setdefault((finding.rule, finding.start, finding.end, finding.message), finding)
    ordered = sorted(found.values(), key=lambda f: (f.start, -f.severity.rank, f.rule))
    return tuple(ordered), failures


def _apply(rule: Rule, report: Report, config: CheckConfig) -> Iterable[Finding]:
    for finding in rule.func(report, config):
        severity = config.severity_for(finding.rule, finding.severity)
        if severity is not finding.severity:
            finding = _with_severity(finding, severity)
        yield finding


def _with_severity(finding: Finding, severity: Severity) -> Finding:
    from dataclasses import replace

    return replace(finding, severity=severity)


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


def _effective_config(report: Report, config: CheckConfig | None) -> CheckConfig:
    base = framework_config(report.framework.id) if report.framework is not None else CheckConfig()
    return base if config is None else base.merged(config)


@lru_cache(maxsize=32)
def framework_config(framework_id: str) -> CheckConfig:
    """Packaged per-framework settings (``checks/data/frameworks/<id>.toml``), or the defaults."""
    import tomllib

    path = resources.files("mingjing.checks").joinpath(f"data/frameworks/{framework_id}.toml")
    if not path.is_file():
        return CheckConfig()
    return config_from_mapping(tomllib.loads(path.read_text("utf-8")))
