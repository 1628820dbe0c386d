"""Build reports and reviews by hand for renderer tests (independent of the parser and the rule engine)."""

from __future__ import annotations

from collections.abc import Sequence

from mingjing.model import Document, Finding, ParsedReport, Review, Severity, SourceParagraph


def report_from_paragraphs(
    paragraphs: Sequence[SourceParagraph], *, path: str | None = None, fmt: str = "text"
) -> ParsedReport:
    """Join paragraphs (numbering labels included) with newlines, mapping every character to its source."""
    text: list[str] = []
    char_paragraph: list[int] = []
    char_offset: list[int] = []
    for i, sp in enumerate(paragraphs):
        if i:
            text.append("\n")
            char_paragraph.append(i - 1)
            char_offset.append(-1)
        label = sp.numbering or ""
        text.append(label + sp.text)
        char_paragraph.extend([i] * (len(label) + len(sp.text)))
        char_offset.extend([-1] * len(label) + list(range(len(sp.text))))
    joined = "".join(text)
    document = Document(paragraphs=tuple(paragraphs), path=path, format=fmt)
    return ParsedReport(
        text=joined,
        match_text=joined,
        document=document,
        framework=None,
        meeting_kind=None,
        char_paragraph=tuple(char_paragraph),
        char_offset=tuple(char_offset),
    )


def report_from_text(text: str, *, path: str | None = None) -> ParsedReport:
    lines = text.split("\n")
    return report_from_paragraphs([SourceParagraph(i, line) for i, line in enumerate(lines)], path=path)


def finding_at(
    report: ParsedReport,
    needle: str,
    *,
    rule: str = "slip.repeat",
    severity: Severity = Severity.WARNING,
    occurrence: int = 0,
    message: str = "重复",
    suggestion: str | None = "删去重复的字词",
) -> Finding:
    """A finding on the ``occurrence``-th appearance of ``needle`` in the report text."""
    start = -1
    for _ in range(occurrence + 1):
        start = report.text.index(needle, start + 1)
    end = start + len(needle)
    family = rule.split(".", 1)[0]
    return Finding(rule, severity, message, start, end, report.text[start:end], suggestion, family)


def review_of(
    report: ParsedReport, findings: Sequence[Finding], verdict: str = "需修改", score: float = 72.5
) -> Review:
    return Review(report=report, findings=tuple(findings), score=score, verdict=verdict)
