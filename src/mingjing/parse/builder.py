"""Assemble a :class:`~mingjing.model.ParsedReport` from a Document: the parser's entry point."""

from __future__ import annotations

from dataclasses import replace

from mingjing.frameworks import (
    AspectMapping,
    Framework,
    detect_framework,
    list_frameworks,
    load_framework,
    map_aspects,
    score_framework,
)
from mingjing.model import (
    AspectSection,
    Document,
    FrameworkMatch,
    ParsedReport,
    ParseWarning,
    Part,
    PartKind,
    Span,
)
from mingjing.parse.aspects import AspectDraft, aspect_drafts, cause_block_start, find_aspect_headings
from mingjing.parse.context import ParseContext
from mingjing.parse.frame import closing_start, header_size, meeting_kind
from mingjing.parse.headings import HeadingShape, PartCandidate, make_heading
from mingjing.parse.items import ItemsResult, split_items
from mingjing.parse.parts import PartLayout, find_parts
from mingjing.text import normalise_document

PART_NAMES = {"problems": "存在问题", "causes": "原因剖析", "measures": "整改措施"}
_MISSING_EXAMPLES = {
    "problems": "如“一、存在问题”“查摆出的问题和不足”",
    "causes": "如“二、原因剖析”“思想根源”“原因分析”",
    "measures": "如“三、整改措施”“下步打算”“努力方向”",
}
MIN_HEADINGLESS_ASPECTS = 2
_DETECT_FALLBACK_CHARS = 400


class _Builder:
    def __init__(self, document: Document, framework: str | None) -> None:
        self.document = document
        self.framework_name = framework
        self.ctx = ParseContext(normalise_document(document))
        self.drafts: list[AspectDraft] = []
        self.aspect_items: list[ItemsResult] = []
        self.cause_blocks: list[Span] = []  # per-aspect cause analyses inside the problems part

    # -- layout -------------------------------------------------------------------------------------
    def line_start(self, index: int) -> int:
        lines = self.ctx.lines
        return lines[index].start if index < len(lines) else len(self.ctx.text)

    def part_end(self, layout: PartLayout, kind: str, limit: int) -> int:
        end_line = layout.end_line(kind, limit)
        start = layout.chosen[kind].shape.start
        _, end = self.ctx.trim(start, self.line_start(end_line))
        return end

    def build(self) -> ParsedReport:
        ctx = self.ctx
        header = header_size(ctx, len(ctx.lines))
        closing_line = closing_start(ctx, header + 1)
        limit = closing_line if closing_line is not None else len(ctx.lines)
        layout = find_parts(ctx, header, limit)
        parts = {
            "problems": self.problems_part(layout, header, limit),
            "causes": self.simple_part(layout, "causes", limit),
            "measures": self.simple_part(layout, "measures", limit),
        }
        front_end = min((p.start for p in parts.values() if p is not None), default=self.line_start(limit))
        kind = meeting_kind(ctx, front_end)
        framework = self.framework(
            ctx.match_text[:front_end] or ctx.match_text[:_DETECT_FALLBACK_CHARS], kind
        )
        parts["problems"] = self.with_aspects(parts["problems"], framework)
        self.warn_missing(parts, layout)
        self.warn_others(layout)
        return ParsedReport(
            text=ctx.text,
            match_text=ctx.match_text,
            document=self.document,
            framework=framework,
            meeting_kind=kind,
            header=tuple(Span(line.start, line.end) for line in ctx.lines[:header]),
            preamble=ctx.span(self.line_start(header), front_end),
            problems=parts["problems"],
            causes=parts["causes"],
            measures=parts["measures"],
            closing=ctx.span(self.line_start(limit), len(ctx.text)) if closing_line is not None else None,
            warnings=self.warnings(),
            char_paragraph=tuple(ctx.norm.char_paragraph),
            char_offset=tuple(ctx.norm.char_offset),
            removed=ctx.norm.removed,
        )

    # -- parts --------------------------------------------------------------------------------------
    def problems_part(self, layout: PartLayout, header: int, limit: int) -> Part | None:
        exclude = layout.exclude
        candidate = layout.chosen.get("problems")
        if candidate is None:
            return self.headingless_problems(layout, header, limit, exclude)
        end = self.part_end(layout, "problems", limit)
        end_line = self.ctx.line_index(end) + 1 if end > candidate.shape.start else candidate.shape.line + 1
        shapes = find_aspect_headings(self.ctx, candidate.shape.line + 1, end_line, exclude)
        return self.fill_problems(candidate, candidate.shape.start, candidate.shape.end, end, shapes, exclude)

    def headingless_problems(
        self, layout: PartLayout, header: int, limit: int, exclude: frozenset[str]
    ) -> Part | None:
        stop = min((c.shape.line for c in layout.chosen.values()), default=limit)
        shapes = find_aspect_headings(self.ctx, header, stop, exclude)
        if len(shapes) < MIN_HEADINGLESS_ASPECTS:
            return None
        start = shapes[0].start
        _, end = self.ctx.trim(start, self.line_start(stop))
        first = self.ctx.text[shapes[0].start : shapes[0].end]
        self.ctx.warn(
            "part.heading-missing",
            f"没有找到“存在问题”部分的标题，已从第一个方面标题“{first}”开始识别问题部分；建议补上部分标题。",
            start,
            shapes[0].end,
        )
        return self.fill_problems(None, start, start, end, shapes, exclude)

    def fill_problems(
        self,
        candidate: PartCandidate | None,
        start: int,
        content: int,
        end: int,
        shapes: list[HeadingShape],
        exclude: frozenset[str],
    ) -> Part:
        heading = make_heading(self.ctx, candidate.shape) if candidate is not None else None
        if not shapes:
            result = split_items(self.ctx, content, end, exclude=exclude, where="“存在问题”部分")
            return Part("problems", start, end, heading, result.preamble, items=result.items)
        self.drafts = aspect_drafts(self.ctx, shapes, end)
        inner = exclude | frozenset({shapes[0].family or ""})
        self.aspect_items = [
            split_items(
                self.ctx, d.content_start, self.problems_end(d), exclude=inner, where=f"“{d.heading.text}”"
            )
            for d in self.drafts
        ]
        preamble = self.ctx.span(content, self.drafts[0].start)
        return Part("problems", start, end, heading, preamble)

    def problems_end(self, draft: AspectDraft) -> int:
        """Where the aspect's problem items end: before its own cause block, if it has one."""
        cut = cause_block_start(self.ctx, draft.content_start, draft.end)
        if cut is None:
            return draft.end
        self.cause_blocks.append(Span(cut, draft.end))
        return cut

    def simple_part(self, layout: PartLayout, kind: PartKind, limit: int) -> Part | None:
        candidate = layout.chosen.get(kind)
        if candidate is None:
            return None
        end = self.part_end(layout, kind, limit)
        heading = make_heading(self.ctx, candidate.shape)
        result = split_items(
            self.ctx, candidate.shape.end, end, exclude=layout.exclude, where=f"“{heading.text}”部分"
        )
        return Part(
            kind, candidate.shape.start, max(end, heading.end), heading, result.preamble, items=result.items
        )

    # -- framework and aspects ----------------------------------------------------------------------
    def framework(self, front_text: str, kind: str | None) -> FrameworkMatch:
        headings = [d.match_heading for d in self.drafts]
        if self.framework_name is None:
            return detect_framework(headings, front_text, meeting_kind=kind)
        chosen = load_framework(self.framework_name)
        if chosen.generic:
            best = max((score_framework(f, headings, front_text) for f in list_frameworks()), default=0.0)
            return FrameworkMatch(chosen.id, chosen.name, round(1.0 - best, 3), chosen_by_user=True)
        return FrameworkMatch(
            chosen.id, chosen.name, score_framework(chosen, headings, front_text), chosen_by_user=True
        )

    def with_aspects(self, problems: Part | None, match: FrameworkMatch) -> Part | None:
        """The problems part with its aspect sections, now that the framework is known."""
        if problems is None or not self.drafts:
            return problems
        return replace(problems, aspects=self.aspects(match))

    def aspects(self, match: FrameworkMatch) -> tuple[AspectSection, ...]:
        framework = load_framework(match.id)
        sections = []
        seen: dict[str, str] = {}
        mappings = map_aspects(framework, [draft.match_heading for draft in self.drafts])
        for draft, result, mapping in zip(self.drafts, self.aspect_items, mappings, strict=True):
            self.warn_aspect(framework, draft, mapping, seen)
            sections.append(
                AspectSection(
                    draft.start,
                    draft.end,
                    draft.heading,
                    mapping.aspect,
                    mapping.confidence,
                    result.preamble,
                    result.items,
                )
            )
        return tuple(sections)

    def warn_aspect(
        self, framework: Framework, draft: AspectDraft, mapping: AspectMapping, seen: dict[str, str]
    ) -> None:
        heading, aspect = draft.heading, mapping.aspect
        if framework.generic:
            return
        if aspect is None:
            message = f"方面标题“{heading.text}”与框架“{framework.name}”的各方面都对不上，已按未知方面处理。"
            self.ctx.warn("aspect.unknown", message, heading.start, heading.end)
            return
        if mapping.inferred:
            message = (
                f"方面标题“{heading.text}”没有直接写出方面名称，其余标题已各对应一个方面，"
                f"按排除法对应“{aspect}”；请确认，或在标题中写明方面。"
            )
            self.ctx.warn("aspect.inferred", message, heading.start, heading.end)
        if aspect in seen:
            message = f"方面标题“{heading.text}”与前面的“{seen[aspect]}”都对应“{aspect}”。"
            self.ctx.warn("aspect.duplicate", message, heading.start, heading.end)
        else:
            seen[aspect] = heading.text

    # -- warnings -----------------------------------------------------------------------------------
    def warn_missing(self, parts: dict[str, Part | None], layout: PartLayout) -> None:
        for kind, part in parts.items():
            if kind == "causes" and part is None and (layout.combined or self.cause_blocks):
                self.warn_combined(parts["problems"])
            elif part is None:
                name = PART_NAMES[kind]
                message = f"没有找到“{name}”部分（{_MISSING_EXAMPLES[kind]}等标题），该部分按缺失处理。"
                self.ctx.warn("part.missing", message)

    def warn_combined(self, problems: Part | None) -> None:
        """Causes analysed aspect by aspect inside the problems part: no separate causes part."""
        heading = problems.heading if problems is not None else None
        where = f"“{heading.text}”" if heading is not None else "“存在问题”部分"
        message = (
            f"原因分析写在{where}的各方面之中（共{len(self.cause_blocks)}处），没有单独的“原因剖析”部分；"
            "这些原因分析未计入问题条目。如要求三部分分列，请把原因集中写成单独一部分。"
        )
        start, end = (heading.start, heading.end) if heading is not None else (None, None)
        self.ctx.warn("part.combined", message, start, end)

    def warn_others(self, layout: PartLayout) -> None:
        for other in layout.others:
            heading = make_heading(self.ctx, other.shape)
            message = f"“{heading.text}”不属于存在问题、原因剖析、整改措施三个部分，未计入其中。"
            self.ctx.warn("part.other", message, heading.start, heading.end)

    def warnings(self) -> tuple[ParseWarning, ...]:
        read = [ParseWarning("read.note", message) for message in self.document.warnings]
        collected = [*read, *self.ctx.norm.warnings, *self.ctx.warnings]
        return tuple(sorted(collected, key=lambda w: -1 if w.start is None else w.start))


def parse_document(document: Document, *, framework: str | None = None) -> ParsedReport:
    """Parse a read Document into a ParsedReport.

    ``framework`` names the checking framework (id, name or short name, see
    :func:`mingjing.frameworks.load_framework`); by default it is detected from the aspect headings.
    Raises :class:`~mingjing.errors.FrameworkError` for an unknown framework name; any text parses.
    """
    return _Builder(document, framework).build()
