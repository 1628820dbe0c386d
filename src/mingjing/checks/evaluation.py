"""Measure the review engine against a labelled evaluation set (``eval/``; format in ``eval/README.md``).

A finding *matches* an annotation when both belong to the same rule family and their spans overlap.
Precision counts findings (a finding is a true positive if it matches any annotation); recall counts
annotations (found if some finding of the family matches it). Optional annotations are acceptable
findings that are not required: a finding matching only them counts neither way, and so do findings of
the rules a case lists as ``unjudged``.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mingjing.checks.config import CheckConfig, ConfigError, config_from_mapping
from mingjing.checks.engine import check_report
from mingjing.checks.registry import get_rule
from mingjing.checks.view import view_of
from mingjing.model import Finding, ParsedReport, Severity


@dataclass(frozen=True)
class Annotation:
    rule: str
    family: str
    start: int
    end: int
    severity: Severity
    optional: bool = False
    note: str = ""


# The splits of the evaluation set: the reports the rules were developed on (dev), written after them
# (heldout), the real seed reports (seed), other teams' reports judged in an independent precision audit
# (crosscheck: eval/crosscheck/*.json pointing at tests/data/holdout and samples/shapes), and the demo reports with
# their authors' own flaw labels (samples). Two later splits were written by annotators who never saw the
# rules: dev2 (eval/dev2, development data the rule authors may read) and fresh (eval/fresh, frozen: read and
# measured only by the lead, never tuned on). ``mingjing evaluate`` runs all but samples and fresh by default.
SPLITS = ("dev", "heldout", "seed", "crosscheck", "dev2", "fresh", "fresh2", "fresh3", "samples")
DEFAULT_SPLITS = ("dev", "heldout", "seed", "crosscheck", "dev2")
# Annotation families that are not rule families: an incomplete document is a structure finding.
FAMILY_ALIASES = {"incomplete": "structure"}


@dataclass(frozen=True)
class Case:
    name: str
    split: str  # one of SPLITS
    report: ParsedReport
    config: CheckConfig
    annotations: tuple[Annotation, ...]
    unjudged: frozenset[str] = frozenset()


@dataclass
class Tally:
    findings: int = 0
    true_pos: int = 0
    annotations: int = 0
    found: int = 0

    @property
    def precision(self) -> float | None:
        return self.true_pos / self.findings if self.findings else None

    @property
    def recall(self) -> float | None:
        return self.found / self.annotations if self.annotations else None


@dataclass
class Outcome:
    """Per-family and per-severity tallies plus the misses, for one set of cases."""

    by_family: dict[str, Tally] = field(default_factory=dict)
    by_severity: dict[str, Tally] = field(default_factory=dict)
    false_pos: list[tuple[str, Finding]] = field(default_factory=list)
    false_neg: list[tuple[str, Annotation, str]] = field(default_factory=list)
    cases: int = 0


def _overlap(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    if a_start == a_end or b_start == b_end:
        return a_start <= b_start <= a_end or b_start <= a_start <= b_end
    return a_start < b_end and b_start < a_end


def _matches(finding: Finding, annotation: Annotation) -> bool:
    if finding.family != annotation.family:
        return False
    # a run of identical slips is one finding (count > 1) whose other places are its related spans
    places = [(finding.start, finding.end)] + (
        [(s.start, s.end) for s in finding.related] if finding.count > 1 else []
    )
    return any(_overlap(start, end, annotation.start, annotation.end) for start, end in places)


def _judged(finding: Finding, case: Case) -> bool:
    return finding.rule not in case.unjudged and finding.family not in case.unjudged


def score_case(case: Case, findings: Sequence[Finding], outcome: Outcome) -> None:
    """Add one case's findings and annotations to ``outcome``."""
    outcome.cases += 1
    for finding in findings:
        if not _judged(finding, case):
            continue
        hits = [a for a in case.annotations if _matches(finding, a)]
        if hits and all(a.optional for a in hits):
            continue
        for tally in (
            _tally(outcome.by_family, finding.family),
            _tally(outcome.by_severity, finding.severity.value),
        ):
            tally.findings += 1
            tally.true_pos += bool(hits)
        if not hits:
            outcome.false_pos.append((case.name, finding))
    for annotation in case.annotations:
        if annotation.optional:
            continue
        found = any(_matches(f, annotation) for f in findings)
        for tally in (
            _tally(outcome.by_family, annotation.family),
            _tally(outcome.by_severity, annotation.severity.value),
        ):
            tally.annotations += 1
            tally.found += found
        if not found:
            text = case.report.text[annotation.start : annotation.end]
            outcome.false_neg.append((case.name, annotation, text))


def _tally(table: dict[str, Tally], key: str) -> Tally:
    return table.setdefault(key, Tally())


def evaluate(cases: Iterable[Case]) -> Outcome:
    """Check every case with its config and tally the results."""
    outcome = Outcome()
    for case in cases:
        review = check_report(case.report, config=case.config)
        score_case(case, review.findings, outcome)
    return outcome


# ---------------------------------------------------------------------------
# Loading the evaluation set
# ---------------------------------------------------------------------------


def default_seeds_dir(eval_dir: Path) -> Path:
    """``$MINGJING_SEEDS``, else ``../shared/seeds`` beside the repository that holds ``eval_dir``."""
    env = os.environ.get("MINGJING_SEEDS")
    return Path(env) if env else eval_dir.resolve().parent.parent / "shared" / "seeds"


def load_cases(
    eval_dir: Path, seeds_dir: Path | None = None, *, splits: Iterable[str] | None = None
) -> list[Case]:
    """Every annotated case under ``eval_dir``: reports in ``annotations/``, seeds in ``seeds/``, the
    cross-checked reports of other teams in ``crosscheck/`` (their ``path`` is relative to the repository root,
    the parent of ``eval_dir``)."""
    from mingjing.api import parse_text

    seeds = seeds_dir or default_seeds_dir(eval_dir)
    # the frozen splits are read only when asked for by name, never by a call that forgets to filter
    wanted = set(splits) if splits is not None else set(DEFAULT_SPLITS)
    cases = []
    for path in _annotation_files(eval_dir):
        data = json.loads(path.read_text("utf-8"))
        split = data.get("split", "seed" if "seed" in data else "dev")
        if wanted is not None and split not in wanted:
            continue
        source = _source(eval_dir, seeds, data)
        if not source.is_file():
            raise ConfigError(
                f"评测集“{path.name}”引用的文件“{source}”不存在。", hint="请检查 eval 目录与种子目录。"
            )
        report = parse_text(source.read_text("utf-8"), framework=data.get("framework"), name=source.name)
        cases.append(_case(path.stem, split, report, data))
    return cases


def _annotation_files(eval_dir: Path) -> list[Path]:
    return [
        p
        for folder in ("annotations", "seeds", "crosscheck", "dev2", "fresh", "fresh2", "fresh3")
        for p in sorted((eval_dir / folder).glob("*.json"))
    ]


def _source(eval_dir: Path, seeds: Path, data: dict[str, Any]) -> Path:
    """The report a case is about: a seed, a file of ``eval/``, or a repository file (``path``)."""
    if "seed" in data:
        return seeds / str(data["seed"])
    if "path" in data:
        return eval_dir.resolve().parent / str(data["path"])
    return eval_dir / str(data["file"])


# The samples team's flaw kinds (samples/demo/annotations.toml) and the rule each corresponds to; the
# copy-detection kinds belong to mingjing.reuse and are not scored here.
SAMPLE_KINDS = {
    "placeholder": "leftover.placeholder",
    "doubled-word": "slip.repeated-word",
    "wrong-formulation": "formulation.wrong",
    "level-mismatch": "context.level-mismatch",
    "missing-aspect": "structure.missing-aspect",
    "count-mismatch": "structure.count-mismatch",
    "excuse-cause": "cause.excuse",
    "slogan-measure": "measure.slogan",
    "vague-problem": "specificity.vague-item",
}


def load_sample_cases() -> list[Case]:
    """The demo reports shipped in ``mingjing.samples`` with the flaws their authors annotated."""
    import tomllib
    from importlib import resources

    from mingjing.api import parse_text

    folder = resources.files("mingjing.samples").joinpath("demo")
    notes = tomllib.loads(folder.joinpath("annotations.toml").read_text("utf-8"))
    org = tomllib.loads(folder.joinpath("members.toml").read_text("utf-8")).get("organisation", {})
    profile = {k: org[k] for k in ("unit", "level", "region") if k in org}
    cases = []
    for entry in notes.get("report", []):
        report = parse_text(folder.joinpath(entry["file"]).read_text("utf-8"), name=entry["file"])
        raws = [
            _sample_annotation(report, flaw) for flaw in entry.get("flaw", []) if flaw["kind"] in SAMPLE_KINDS
        ]
        data = {"profile": profile, "annotations": raws}
        cases.append(_case(f"samples/{entry['file'].removesuffix('.txt')}", "samples", report, data))
    return cases


def _sample_annotation(report: ParsedReport, flaw: dict[str, Any]) -> dict[str, Any]:
    rule_id = SAMPLE_KINDS[flaw["kind"]]
    if (
        flaw["kind"] == "missing-aspect"
        and report.problems is not None
        and report.problems.heading is not None
    ):
        heading = report.problems.heading  # a missing aspect is reported on the problems heading
        return {"rule": rule_id, "start": heading.start, "end": heading.end, "note": flaw.get("note", "")}
    return {"rule": rule_id, "quote": flaw["quote"], "occurrence": "all", "note": flaw.get("note", "")}


def _case(name: str, split: str, report: ParsedReport, data: dict[str, Any]) -> Case:
    config = config_from_mapping(
        {"profile": _profile(data.get("profile", {})), "opinions": {"items": data.get("opinions", [])}}
    )
    annotations = tuple(a for raw in data.get("annotations", []) for a in _annotations(report, raw, name))
    return Case(name, split, report, config, annotations, frozenset(data.get("unjudged", [])))


def _profile(raw: dict[str, Any]) -> dict[str, Any]:
    """The annotator's profile, without a level that is a kind of unit (国企, 医院, 学校) rather than a
    level of government: such units configure no level, exactly as they would in the web app."""
    from mingjing.checks.config import normalise_level

    try:
        normalise_level(raw.get("level"))
    except ConfigError:
        return {k: v for k, v in raw.items() if k != "level"}
    return raw


def _annotations(report: ParsedReport, raw: dict[str, Any], where: str) -> list[Annotation]:
    rule_id = raw["rule"]
    family = rule_id.partition(".")[0]
    family = FAMILY_ALIASES.get(family, family)
    severity = Severity(raw["severity"]) if "severity" in raw else get_rule(rule_id).info.severity
    spans = [(raw["start"], raw["end"])] if "start" in raw else _quote_spans(report, raw, where)
    optional = bool(raw.get("optional", False))
    return [Annotation(rule_id, family, s, e, severity, optional, raw.get("note", "")) for s, e in spans]


def _quote_spans(report: ParsedReport, raw: dict[str, Any], where: str) -> list[tuple[int, int]]:
    quote: str = raw["quote"]
    spans = _occurrences(report.text, quote) or _occurrences(view_of(report).source_text, quote)
    # a web-page line the normaliser dropped: its finding (leftover.web-page) stands where the line stood
    spans = spans or [(r.at, r.at) for r in report.removed if quote in r.text]
    if not spans:
        raise ConfigError(f"评测集“{where}”：在文中找不到“{quote}”。")
    occurrence = raw.get("occurrence", 1)
    if occurrence == "all":
        return spans
    if not 1 <= int(occurrence) <= len(spans):
        raise ConfigError(f"评测集“{where}”：“{quote}”只出现{len(spans)}次，没有第{occurrence}次。")
    return [spans[int(occurrence) - 1]]


def _occurrences(text: str, quote: str) -> list[tuple[int, int]]:
    spans, pos = [], text.find(quote)
    while pos >= 0:
        spans.append((pos, pos + len(quote)))
        pos = text.find(quote, pos + 1)
    return spans
