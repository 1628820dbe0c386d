"""Score and verdict: substance over form (weights in checks/data/scoring.toml)."""

from __future__ import annotations

from checkkit import CLEAN, report_of
from test_specificity_template import TEMPLATE

from mingjing.checks import CheckConfig, check_report
from mingjing.checks.scoring import score_findings, substance_score, verdict_for, weights
from mingjing.model import Finding, Severity


def _finding(rule: str, severity: Severity) -> Finding:
    return Finding(rule, severity, "m", 0, 0, "", family=rule.split(".")[0])


def test_family_weights_make_substance_cost_more() -> None:
    vague = score_findings([_finding("specificity.low-overall", Severity.WARNING)])
    typo = score_findings([_finding("slip.typo", Severity.WARNING)])
    assert vague < typo < 100
    assert weights().family["self"] > weights().family["slip"]


def test_formatting_costs_little_and_never_decides_the_verdict() -> None:
    cfg = CheckConfig()
    form = [_finding("structure.numbering", Severity.ERROR)] * 3 + [
        _finding("slip.halfwidth-punct", Severity.WARNING)
    ]
    score = score_findings(form)
    assert 100 - weights().form_max_cost <= score < 100
    assert substance_score(form) == 100
    assert verdict_for(score, form, cfg) == "基本达标"
    # the same severity on a substance rule does decide it
    substance = [_finding("cause.no-subjective", Severity.ERROR)]
    assert verdict_for(score_findings(substance), substance, cfg) == "需修改"


def test_many_form_findings_are_capped() -> None:
    form = [_finding(rule, Severity.ERROR) for rule in sorted(weights().form_rules)] * 5
    assert score_findings(form) == 100 - weights().form_max_cost


def test_web_template_scores_below_a_specific_honest_report() -> None:
    template = check_report(report_of(TEMPLATE))
    honest = check_report(report_of(CLEAN))
    assert template.score < honest.score
    assert template.verdict != "基本达标" and honest.verdict == "基本达标"
