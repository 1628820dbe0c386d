"""Run the rule catalogue over a report: one :class:`RuleContext` per rule, then score and verdict.

The engine builds the report's derived view once per check (:func:`mingjing.checks.view.scoped_view`),
gives each enabled rule its own context, applies the configured severities, drops findings that another
rule's finding makes redundant (``suppresses=``), and scores the rest (:mod:`mingjing.checks.scoring`).

A rule that raises is a bug. In production its findings are lost but the others are kept, the failure is
logged and counted in the review's ``rule_failures`` metric; with ``MINGJING_STRICT=1`` (the test suite and
CI) the exception propagates and fails the run.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable, Sequence
from dataclasses import replace
from functools import lru_cache
from importlib import resources

from mingjing.checks.config import CheckConfig, config_from_mapping
from mingjing.checks.context import RuleContext
from mingjing.checks.locate import locate_findings
from mingjing.checks.registry import Rule, all_rules, get_rule
from mingjing.checks.scoring import score_findings, verdict_for
from mingjing.checks.view import ReportView, scoped_view
from mingjing.model import Finding, ParsedReport, Review

log = logging.getLogger(__name__)

__all__ = ["check_report", "framework_config", "run_rule", "score_findings", "verdict_for"]


def check_report(
    report: ParsedReport,
    *,
    config: CheckConfig | None = None,
    opinions: Iterable[str] = (),
    carried: Iterable[str] = (),
) -> Review:
    """Check ``report`` with every enabled rule and return findings, score, verdict and metrics.

    ``config`` defaults to the framework's packaged settings (if any); ``opinions`` are added to the
    config's opinions (the opinions solicited for this person, one per entry); ``carried`` are last
    year's unfinished rectification items the report should account for.
    """
    effective = _effective_config(report, config)
    if opinions:
        effective = effective.with_opinions(opinions)
    carried = tuple(carried)
    if carried:
        effective = effective.with_carried(carried)
    with scoped_view(report) as view:
        findings, failures = _run(view, effective)
        from mingjing.checks.metrics import report_metrics

        metrics = (*report_metrics(report, effective), ("rule_failures", float(failures)))
    score = score_findings(findings)
    verdict = verdict_for(score, findings, effective)
    return Review(report=report, findings=findings, score=score, verdict=verdict, metrics=metrics)


def run_rule(rule_id: str, report: ParsedReport, config: CheckConfig | None = None) -> list[Finding]:
    """The findings of one rule on ``report`` (severities as the configuration sets them)."""
    effective = config or CheckConfig()
    with scoped_view(report) as view:
        return _apply(get_rule(rule_id), view, effective)


def _strict() -> bool:
    return os.environ.get("MINGJING_STRICT", "") not in ("", "0")


def _run(view: ReportView, config: CheckConfig) -> tuple[tuple[Finding, ...], int]:
    # one rule may report several things on one anchor (each missing aspect on the problems heading)
    found: dict[tuple[str, int, int, str], Finding] = {}
    dropped: dict[str, int] = {}  # findings past the hard cap, per rule
    failures = 0
    strict = _strict()
    for rule in all_rules():
        if not config.is_enabled(rule.info.id):
            continue
        try:
            produced, dropped[rule.info.id] = _apply_bounded(rule, view, config)
        except Exception:  # a rule bug must not lose the other findings; strict mode re-raises
            if strict:
                raise
            log.exception("rule %s failed", rule.info.id)
            failures += 1
            continue
        for finding in produced:
            found.setdefault((finding.rule, finding.start, finding.end, finding.message), finding)
    kept = _unsuppressed(list(found.values()))
    ordered = sorted(kept, key=lambda f: (f.start, -f.severity.rank, f.rule))
    # source location, the words as written, identical slips grouped (mingjing.checks.locate)
    located = locate_findings(view.report, ordered)
    return _capped(located, dropped), failures


# One rule reports at most MAX_FINDINGS_PER_RULE findings on one report (after identical slips are grouped);
# the last one says how many more there were. A real report has a handful per rule; a 20,000-paragraph paste
# would otherwise give tens of thousands of findings and a page nobody can load. HARD_CAP bounds the work
# of locating and grouping before that.
MAX_FINDINGS_PER_RULE = 50
HARD_CAP = 1000


def _apply(rule: Rule, view: ReportView, config: CheckConfig) -> list[Finding]:
    produced, dropped = _apply_bounded(rule, view, config)
    return list(_capped(produced, {rule.info.id: dropped}))


def _apply_bounded(rule: Rule, view: ReportView, config: CheckConfig) -> tuple[list[Finding], int]:
    ctx = RuleContext(parsed=view.report, view=view, config=config, info=rule.info)
    rule.func(ctx)
    result = []
    for finding in ctx.findings[:HARD_CAP]:
        severity = config.severity_for(finding.rule, finding.severity)
        result.append(finding if severity is finding.severity else replace(finding, severity=severity))
    return result, max(0, len(ctx.findings) - HARD_CAP)


def _capped(findings: Sequence[Finding], dropped: dict[str, int]) -> tuple[Finding, ...]:
    by_rule: dict[str, int] = {}
    for finding in findings:
        by_rule[finding.rule] = by_rule.get(finding.rule, 0) + 1
    if all(n <= MAX_FINDINGS_PER_RULE and not dropped.get(r) for r, n in by_rule.items()):
        return tuple(findings)
    kept: list[Finding] = []
    seen: dict[str, int] = {}
    for finding in findings:
        n = seen[finding.rule] = seen.get(finding.rule, 0) + 1
        if n > MAX_FINDINGS_PER_RULE:
            continue
        total = by_rule[finding.rule]
        if n == min(total, MAX_FINDINGS_PER_RULE):
            more = max(0, total - MAX_FINDINGS_PER_RULE) + dropped.get(finding.rule, 0)
            if more:
                finding = replace(finding, message=f"{finding.message}（此类问题另有{more}处，未逐一列出）")
        kept.append(finding)
    return tuple(kept)


def _unsuppressed(findings: list[Finding]) -> list[Finding]:
    """Drop the findings of rules that a finding of another rule declares redundant."""
    silenced: set[str] = set()
    for rule_id in {f.rule for f in findings}:
        silenced.update(get_rule(rule_id).info.suppresses)
    return [f for f in findings if f.rule not in silenced] if silenced else findings


def _effective_config(report: ParsedReport, config: CheckConfig | None) -> CheckConfig:
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
