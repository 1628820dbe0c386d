"""Heading-shaped lines: where a heading's words start and end, and which lines can head a part.

A heading segment runs from after the numbering label to the first 。：；！？ of the line (or the line
end): "（一）理论学习方面。一是……" has the segment "理论学习方面" and its content continues inline.
"""

from __future__ import annotations

from dataclasses import dataclass

from mingjing.model import Heading
from mingjing.parse.context import HEADING_STOPS, ParseContext
from mingjing.parse.lines import run_in_end
from mingjing.parse.vocabulary import part_kind
from mingjing.text.numbering import ARABIC, DI_PART, DUN, PAREN_CN

PART_FAMILIES = frozenset({DUN, DI_PART, PAREN_CN, ARABIC})
MAX_PART_HEADING = 25  # characters of heading words
MAX_PLAIN_PART_HEADING = 16  # without a number, a part heading must be short (or bold)
MAX_INLINE_PLAIN_HEADING = 10  # "存在的问题：一是……" without a number


@dataclass(frozen=True, slots=True)
class HeadingShape:
    """The heading reading of one line."""

    line: int
    start: int  # line start (= start of the label, if any)
    label_end: int | None  # end of the numbering label
    content_start: int  # first character of the heading words
    core_end: int  # end of the heading words (before the stop punctuation)
    end: int  # end of the heading including its stop punctuation
    line_end: int
    family: str | None
    ordinal: int | None

    @property
    def standalone(self) -> bool:
        return self.end >= self.line_end

    @property
    def length(self) -> int:
        return self.core_end - self.content_start


def heading_shape(ctx: ParseContext, index: int) -> HeadingShape:
    """Read line ``index`` as a heading: label, heading words, stop punctuation."""
    line = ctx.lines[index]
    marker = ctx.markers[index]
    content = marker.end if marker is not None else line.start
    stop = HEADING_STOPS.search(ctx.text, content, line.end)
    core_end = stop.start() if stop is not None else line.end
    end = ctx.stop_after(content, line.end, HEADING_STOPS) or line.end
    run_in = run_in_end(ctx.match_text, content, core_end)
    if run_in is not None:  # "原因剖析一是……": the heading ends where its first item begins
        core_end = end = run_in
    while core_end > content and ctx.text[core_end - 1] in " \t":
        core_end -= 1
    rest_start, _ = ctx.trim(end, line.end)
    if rest_start >= line.end:
        end = line.end
    return HeadingShape(
        line=index,
        start=line.start,
        label_end=marker.label_end if marker is not None else None,
        content_start=content,
        core_end=core_end,
        end=end,
        line_end=line.end,
        family=marker.family if marker is not None else None,
        ordinal=marker.ordinal if marker is not None else None,
    )


def make_heading(ctx: ParseContext, shape: HeadingShape) -> Heading:
    """The model's Heading for a shape: number split off, text without its stop punctuation."""
    number = ctx.text[shape.start : shape.label_end].strip() if shape.label_end is not None else None
    return Heading(
        start=shape.start,
        end=shape.end,
        text=ctx.text[shape.content_start : shape.core_end].strip(),
        number=number or None,
        ordinal=shape.ordinal,
    )


def core_match_text(ctx: ParseContext, shape: HeadingShape) -> str:
    return ctx.match_text[shape.content_start : shape.core_end]


def is_emphasised(ctx: ParseContext, index: int) -> bool:
    """Bold or heading-styled in the source (a .docx heading without a number)."""
    line = ctx.lines[index]
    return line.bold or line.kind == "heading"


@dataclass(frozen=True, slots=True)
class PartCandidate:
    kind: str  # "problems", "causes", "measures" or vocabulary.OTHER
    shape: HeadingShape


def part_shaped(ctx: ParseContext, shape: HeadingShape) -> bool:
    """Short heading words, numbered like a part (一、/第一部分/（一）/1.) or unnumbered and short."""
    core = core_match_text(ctx, shape)
    if not 2 <= shape.length <= MAX_PART_HEADING or core.endswith("方面"):
        return False
    if shape.family is not None:
        return shape.family in PART_FAMILIES
    if not shape.standalone:
        stop = ctx.text[shape.core_end : shape.core_end + 1]
        return shape.length <= MAX_INLINE_PLAIN_HEADING and stop in "：:"
    return shape.length <= MAX_PLAIN_PART_HEADING or is_emphasised(ctx, shape.line)


def part_candidate(ctx: ParseContext, index: int) -> PartCandidate | None:
    """Line ``index`` as a part heading (problems/causes/measures/other), if it is shaped like one."""
    shape = heading_shape(ctx, index)
    if not part_shaped(ctx, shape):
        return None
    kind = part_kind(core_match_text(ctx, shape))
    return PartCandidate(kind, shape) if kind is not None else None
