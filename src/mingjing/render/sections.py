"""Where a finding sits in the report: the part (and aspect) that renderers group findings by."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from mingjing.checks.registry import FAMILIES
from mingjing.model import Finding, ParsedReport, Part, Review, Severity

HEAD_LABEL = "标题/前言"
PROBLEMS_LABEL = "存在问题"
CAUSES_LABEL = "原因剖析"
MEASURES_LABEL = "整改措施"
OTHER_LABEL = "其他"

SEVERITIES: tuple[Severity, ...] = (Severity.ERROR, Severity.WARNING, Severity.HINT)


@dataclass(frozen=True)
class Group:
    """Findings of one part (or one aspect of the problems part), in text order."""

    label: str
    findings: tuple[Finding, ...]


def _in(part_start: int, part_end: int, offset: int) -> bool:
    return part_start <= offset < part_end


def _aspect_label(part: Part, offset: int) -> str:
    for aspect in part.aspects:
        if _in(aspect.start, aspect.end, offset):
            name = aspect.aspect or (aspect.heading.text if aspect.heading else None)
            return f"{PROBLEMS_LABEL}·{name}" if name else PROBLEMS_LABEL
    return PROBLEMS_LABEL


def section_label(report: ParsedReport, offset: int) -> str:
    """The group label for a text offset: 标题/前言, 存在问题·<aspect>, 原因剖析, 整改措施 or 其他."""
    labels = {"problems": PROBLEMS_LABEL, "causes": CAUSES_LABEL, "measures": MEASURES_LABEL}
    for part in report.parts():
        # A zero-length finding at a part's very end (e.g. "nothing after this heading") belongs to it.
        if _in(part.start, part.end, offset) or offset == part.end == len(report.text):
            return _aspect_label(part, offset) if part.kind == "problems" else labels[part.kind]
    first = min((p.start for p in report.parts()), default=len(report.text) + 1)
    return HEAD_LABEL if offset < first else OTHER_LABEL


def _label_order(report: ParsedReport) -> list[str]:
    order = [HEAD_LABEL, PROBLEMS_LABEL]
    if report.problems is not None:
        order += [_aspect_label(report.problems, a.start) for a in report.problems.aspects]
    return [*order, CAUSES_LABEL, MEASURES_LABEL, OTHER_LABEL]


def sorted_findings(findings: Iterable[Finding]) -> list[Finding]:
    """Findings in text order; at one offset the more severe first."""
    return sorted(findings, key=lambda f: (f.start, -f.severity.rank, f.end, f.rule))


def group_findings(review: Review) -> list[Group]:
    """The review's findings grouped by part, groups in document order, findings in text order."""
    buckets: dict[str, list[Finding]] = {}
    for finding in sorted_findings(review.findings):
        buckets.setdefault(section_label(review.report, finding.start), []).append(finding)
    order = _label_order(review.report)
    keys = sorted(buckets, key=lambda k: order.index(k) if k in order else len(order))
    return [Group(key, tuple(buckets[key])) for key in keys]


def severity_counts(findings: Sequence[Finding]) -> dict[Severity, int]:
    """How many findings of each severity (every severity present as a key)."""
    counts = dict.fromkeys(SEVERITIES, 0)
    for finding in findings:
        counts[finding.severity] += 1
    return counts


def clip(text: str, width: int = 40) -> str:
    """One-line preview of a quoted span: line breaks shown as ⏎, long text cut in the middle."""
    flat = text.replace("\r", "").replace("\n", "⏎")
    if len(flat) <= width:
        return flat
    head = width * 2 // 3
    return f"{flat[:head]}…{flat[-(width - head - 1) :]}"


def display_name(path: str | None) -> str:
    """The file name to show for a report (pasted text has none)."""
    if not path:
        return "（粘贴文本）"
    return path.replace("\\", "/").rsplit("/", 1)[-1]


def family_of(finding: Finding) -> str:
    """The finding's rule family (the id before the first dot when the engine left it empty)."""
    return finding.family or finding.rule.split(".", 1)[0]


# Findings that come from outside the rule catalogue: copied passages added by the web's downloads.
OTHER_FAMILIES = {"reuse": "疑似复制"}


def family_label(family: str) -> str:
    """A rule family's Chinese name from the engine's catalogue, e.g. ``structure`` → 结构."""
    return FAMILIES.get(family) or OTHER_FAMILIES.get(family, family)


def family_counts(findings: Iterable[Finding]) -> dict[str, int]:
    """How many findings per rule family."""
    counts: dict[str, int] = {}
    for finding in findings:
        family = family_of(finding)
        counts[family] = counts.get(family, 0) + 1
    return counts
