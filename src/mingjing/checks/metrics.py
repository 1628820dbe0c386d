"""Named figures about a report that reviewers look at beside the findings."""

from __future__ import annotations

from mingjing.checks.config import CheckConfig
from mingjing.checks.view import view_of
from mingjing.model import ParsedReport


def report_metrics(report: ParsedReport, config: CheckConfig) -> tuple[tuple[str, float], ...]:
    """Lengths, the problems+causes share, specificity and (when given) opinions answered."""
    from mingjing.checks.rules.opinion import match_opinions
    from mingjing.checks.rules.specificity import item_scores

    view = view_of(report)
    problems, causes = view.part_length(report.problems), view.part_length(report.causes)
    scores = item_scores(report)
    minimum = config.threshold("specificity.min-score")
    metrics: list[tuple[str, float]] = [
        ("chars", float(view.body_length)),
        ("problems_chars", float(problems)),
        ("causes_chars", float(causes)),
        ("measures_chars", float(view.part_length(report.measures))),
        ("core_share", round((problems + causes) / view.body_length, 3)),
        ("problem_items", float(len(scores))),
        (
            "specific_items_share",
            round(sum(s.score >= minimum for s in scores) / len(scores), 3) if scores else 0.0,
        ),
        ("mean_specificity", round(sum(s.score for s in scores) / len(scores), 2) if scores else 0.0),
    ]
    if config.opinions:
        matches = match_opinions(report, config.opinions)
        answered = sum(m.coverage >= config.threshold("opinion.overlap") for m in matches)
        metrics.append(("opinions_answered_share", round(answered / len(matches), 3) if matches else 0.0))
    return tuple(metrics)
