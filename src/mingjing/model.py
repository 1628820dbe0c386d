"""The core data model: frozen dataclasses shared by readers, parser, checks and renderers.

Every span is a half-open ``[start, end)`` range of Unicode code points into one normalised text
(``ParsedReport.text``). The normalised text keeps the original characters (traditional characters stay
traditional); ``ParsedReport.match_text`` is a same-length shadow in simplified form for matching.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal

PartKind = Literal["problems", "causes", "measures"]
PARAGRAPH_KINDS = ("paragraph", "heading", "table-cell")


# ---------------------------------------------------------------------------
# What a reader returns
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SourceParagraph:
    """One paragraph (or table cell) as it stands in the source file.

    ``text`` is the paragraph's own text; ``numbering`` is a list label that Word renders but the
    text does not contain (reconstructed from the numbering definitions, e.g. ``"一、"``).
    """

    index: int
    text: str
    kind: str = "paragraph"  # one of PARAGRAPH_KINDS
    style: str | None = None
    bold: bool = False
    numbering: str | None = None
    table: tuple[int, int, int] | None = None  # (table index, row, column) for table cells


@dataclass(frozen=True)
class Document:
    """A decoded source file: its paragraphs in reading order, plus how it was read."""

    paragraphs: tuple[SourceParagraph, ...]
    path: str | None = None
    format: str = "txt"  # txt, md, docx, doc, wps, pdf, text (pasted)
    encoding: str | None = None  # for text formats: the encoding actually used
    warnings: tuple[str, ...] = ()  # Chinese messages about the reading itself


# ---------------------------------------------------------------------------
# What the parser returns
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Span:
    start: int
    end: int

    def __post_init__(self) -> None:
        if self.start < 0 or self.end < self.start:
            raise ValueError(f"invalid span [{self.start}, {self.end})")

    @property
    def length(self) -> int:
        return self.end - self.start


@dataclass(frozen=True)
class Heading:
    """A part or aspect heading line, with its numbering label split off."""

    start: int
    end: int
    text: str  # the heading without its number, e.g. "理论学习方面"
    number: str | None = None  # e.g. "（一）", "一、", "1."
    ordinal: int | None = None  # the number's value: 1 for 一/（一）/1./①


@dataclass(frozen=True)
class Item:
    """One numbered point (一是…/（一）…/1.…), with its headline sentence split from its body."""

    start: int
    end: int
    text: str
    headline: str
    headline_span: Span
    body_span: Span
    number: str | None = None  # the label as written ("一是", "（二）", "第三", "①"); None when missing
    ordinal: int | None = None
    examples: tuple[Span, ...] = ()  # concrete examples: 比如…/例如…/如，…
    children: tuple[Item, ...] = ()


@dataclass(frozen=True)
class AspectSection:
    """One aspect inside the problems part (e.g. "（一）理论学习方面")."""

    start: int
    end: int
    heading: Heading | None
    aspect: str | None  # the framework's canonical aspect name, or None when unknown
    confidence: float = 0.0
    preamble: Span | None = None  # text between heading and first item
    items: tuple[Item, ...] = ()


@dataclass(frozen=True)
class Part:
    """One of the three parts. ``aspects`` is used by the problems part, ``items`` by the others."""

    kind: PartKind
    start: int
    end: int
    heading: Heading | None
    preamble: Span | None = None
    aspects: tuple[AspectSection, ...] = ()
    items: tuple[Item, ...] = ()

    def all_items(self) -> tuple[Item, ...]:
        """Items of the part, flattened across aspects (children not included)."""
        if self.aspects:
            return tuple(item for aspect in self.aspects for item in aspect.items) + self.items
        return self.items


@dataclass(frozen=True)
class FrameworkMatch:
    id: str  # file stem of the framework data file, e.g. "2023-theme-education"
    name: str
    confidence: float
    chosen_by_user: bool = False


@dataclass(frozen=True)
class ParseWarning:
    code: str  # stable id, e.g. "part.missing", "numbering.missing-numeral"
    message: str  # Chinese, for the user
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True)
class SourcePosition:
    """Where a character of the normalised text came from."""

    paragraph: int  # index into Document.paragraphs
    offset: int | None  # offset in that paragraph's text; None for inserted characters (numbering)


@dataclass(frozen=True)
class RemovedText:
    """A source line the normaliser left out of ``ParsedReport.text`` (web-page or PDF furniture).

    ``reason`` is a stable code: ``web-page`` (site names, navigation, bylines, view counts, download
    invitations, copyright lines), ``running-header`` (a PDF page header) or ``page-number``.
    ``at`` is where it stood in the normalised text (the start of the line that followed it).
    """

    reason: str
    text: str  # the line as written in the source
    paragraph: int  # index into Document.paragraphs
    offset: int  # start of ``text`` in that paragraph's text
    at: int
    label: str = ""  # what kind of leftover, in Chinese (e.g. "网站名", "浏览次数")


@dataclass(frozen=True)
class ParsedReport:
    """A parsed 对照检查材料."""

    text: str
    match_text: str
    document: Document
    framework: FrameworkMatch | None
    meeting_kind: str | None  # 民主生活会 / 组织生活会 / None
    header: tuple[Span, ...] = ()  # title, unit, name, meeting lines
    preamble: Span | None = None
    problems: Part | None = None
    causes: Part | None = None
    measures: Part | None = None
    closing: Span | None = None
    warnings: tuple[ParseWarning, ...] = ()
    # per character of ``text``: source paragraph index and offset (-1 = inserted)
    char_paragraph: tuple[int, ...] = field(default=(), repr=False)
    char_offset: tuple[int, ...] = field(default=(), repr=False)
    removed: tuple[RemovedText, ...] = ()  # source lines left out of ``text`` (web/PDF leftovers)

    def parts(self) -> tuple[Part, ...]:
        return tuple(p for p in (self.problems, self.causes, self.measures) if p is not None)

    def slice(self, span: Span | Item | Heading | AspectSection | Part) -> str:
        return self.text[span.start : span.end]

    def source_position(self, offset: int) -> SourcePosition | None:
        """Map a character offset of ``text`` back to the source paragraph."""
        if not 0 <= offset < len(self.char_paragraph):
            return None
        para_offset = self.char_offset[offset]
        return SourcePosition(self.char_paragraph[offset], None if para_offset < 0 else para_offset)


# ---------------------------------------------------------------------------
# What the checks return
# ---------------------------------------------------------------------------


class Severity(StrEnum):
    ERROR = "错误"
    WARNING = "警告"
    HINT = "提示"

    @property
    def rank(self) -> int:
        return {"错误": 3, "警告": 2, "提示": 1}[self.value]


@dataclass(frozen=True)
class SourceLocation:
    """Where a finding stands in the source file, as its author sees it.

    ``paragraph``/``offset`` index ``Document.paragraphs`` and the paragraph's text (0-based);
    ``end_paragraph``/``end_offset`` close the range (exclusive offset). For text files (txt, md, pasted)
    ``line``/``column`` are 1-based and ``file_start``/``file_end`` are code-point offsets into the text as
    read (line breaks counted as one character); for other formats they are None.
    """

    paragraph: int
    offset: int
    end_paragraph: int
    end_offset: int
    line: int | None = None
    column: int | None = None
    file_start: int | None = None
    file_end: int | None = None

    @property
    def label(self) -> str:
        """The location in Chinese: "行 12 列 5" for text files, "第 3 段第 14 字" otherwise."""
        if self.line is not None and self.column is not None:
            return f"行 {self.line} 列 {self.column}"
        return f"第 {self.paragraph + 1} 段第 {self.offset + 1} 字"


@dataclass(frozen=True)
class Finding:
    """One problem a check rule found, pointing at its exact words."""

    rule: str  # stable rule id, e.g. "structure.missing-aspect"
    severity: Severity
    message: str  # Chinese
    start: int
    end: int
    text: str
    suggestion: str | None = None
    family: str = ""  # rule family, the part of the id before the dot
    related: tuple[Span, ...] = ()  # further spans involved (e.g. the other copy of a repeat)
    # filled by mingjing.checks.locate: where the span stands in the source file, the characters as the
    # author wrote them there, and how many identical slips this one finding stands for
    source: SourceLocation | None = None
    original: str | None = None
    count: int = 1
    others: tuple[SourceLocation, ...] = ()  # source locations of the further identical slips


VERDICTS = ("不达标", "需修改", "基本达标")


@dataclass(frozen=True)
class Review:
    """The result of checking one report: findings plus an overall score and verdict."""

    report: ParsedReport
    findings: tuple[Finding, ...]
    score: float  # 0–100
    verdict: str  # one of VERDICTS
    metrics: tuple[tuple[str, float], ...] = ()  # named figures (e.g. proportion of problems+causes)

    def counts_by_family(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for finding in self.findings:
            counts[finding.family] = counts.get(finding.family, 0) + 1
        return counts
