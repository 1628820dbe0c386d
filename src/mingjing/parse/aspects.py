"""Aspect headings inside the problems part ("（一）理论学习方面。", "1、政治素质方面：", bold "理论学习方面").

A line is an aspect heading when its heading segment (see :mod:`mingjing.parse.headings`):

* ends in 方面 (optionally followed by 存在的问题/的不足), 4 to 70 characters — "（一）在理论学习方面",
  "1、政治素质方面：", "第一，在带头……做到“两个维护”方面。"; or
* names an aspect of a shipped framework (score ≥ 0.8, at most 20 characters) and stands alone on
  its line or is followed directly by numbered items; or
* is a whole sentence of at most 40 characters followed directly by numbered items of another family
  ("（一）带头严守政治纪律和政治规矩，维护党的团结统一。" then "一是……").

Lines without a number qualify only when they stand alone (at most 30 characters), and for the last
rule only when bold or heading-styled. Among the numbering families, the one with the most qualifying
lines is the aspect family; the families that only number items (一是, 一要, 首先, ①) never head aspects.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mingjing.frameworks import best_aspect_score
from mingjing.model import Heading, Span
from mingjing.parse.context import ParseContext
from mingjing.parse.headings import HeadingShape, core_match_text, heading_shape, is_emphasised, make_heading
from mingjing.text.numbering import CIRCLED, MISSING_SHI, SEQ, SHI, YAO, marker_at

PLAIN = "plain"  # the family of unnumbered heading lines
# Families that only ever number items; 第一，/其一， may head aspects ("第一，在带头……方面。").
NEVER_ASPECT = frozenset({SHI, YAO, SEQ, CIRCLED, MISSING_SHI})
MAX_ASPECT_HEADING = 40
MAX_FANGMIAN_HEADING = 70  # a 带头 heading ending in 方面 can be long
MAX_PLAIN_ASPECT_HEADING = 30
MAX_NAMED_ASPECT_HEADING = 20
MIN_NAMED_SCORE = 0.8
MIN_ENDS_ASPECT = 4  # "方面" alone (a table's column title) names no aspect
_ENDS_ASPECT_RE = re.compile(r"方面(存在的?|的)?(主要)?(问题|不足|差距)?$")


@dataclass(frozen=True)
class AspectDraft:
    """An aspect section before its canonical aspect is known."""

    heading: Heading
    start: int
    end: int
    content_start: int  # where its items begin (after the heading, possibly on the same line)
    match_heading: str  # simplified heading words, for framework mapping


def _followed_by_items(ctx: ParseContext, shape: HeadingShape, limit: int, exclude: frozenset[str]) -> bool:
    """Whether numbered content of another family comes right after the heading, inside the part."""
    if not shape.standalone:
        start, _ = ctx.trim(shape.end, shape.line_end)
        marker = marker_at(ctx.match_text, start)
    elif shape.line + 1 < limit:
        marker = ctx.markers[shape.line + 1]
    else:
        return False
    if marker is None or marker.family in exclude:
        return False
    return marker.family != shape.family and (marker.family != MISSING_SHI or shape.standalone)


def _qualifies(
    ctx: ParseContext, shape: HeadingShape, family: str, limit: int, exclude: frozenset[str]
) -> bool:
    if not 2 <= shape.length <= MAX_FANGMIAN_HEADING:
        return False
    if family == PLAIN and not (shape.standalone and shape.length <= MAX_PLAIN_ASPECT_HEADING):
        return False
    core = core_match_text(ctx, shape)
    if shape.length >= MIN_ENDS_ASPECT and _ENDS_ASPECT_RE.search(core):
        return True
    if shape.length > MAX_ASPECT_HEADING:
        return False
    followed = _followed_by_items(ctx, shape, limit, exclude)
    short = shape.length <= MAX_NAMED_ASPECT_HEADING and (shape.standalone or followed)
    if short and best_aspect_score(core) >= MIN_NAMED_SCORE:
        return True
    return followed and (family != PLAIN or is_emphasised(ctx, shape.line))


def find_aspect_headings(
    ctx: ParseContext, first: int, limit: int, exclude: frozenset[str]
) -> list[HeadingShape]:
    """Aspect heading lines among ``[first, limit)``, all of one numbering family."""
    by_family: dict[str, list[HeadingShape]] = {}
    for index in range(first, limit):
        marker = ctx.markers[index]
        family = marker.family if marker is not None else PLAIN
        if family in NEVER_ASPECT or family in exclude:
            continue
        shape = heading_shape(ctx, index)
        if _qualifies(ctx, shape, family, limit, exclude):
            by_family.setdefault(family, []).append(shape)
    if not by_family:
        return []
    return max(by_family.values(), key=lambda shapes: (len(shapes), -shapes[0].line))


def aspect_drafts(ctx: ParseContext, shapes: list[HeadingShape], end: int) -> list[AspectDraft]:
    """Sections from each heading to the next (the last one to ``end``)."""
    drafts = []
    for number, shape in enumerate(shapes):
        stop = shapes[number + 1].start if number + 1 < len(shapes) else end
        _, section_end = ctx.trim(shape.start, stop)
        heading = make_heading(ctx, shape)
        drafts.append(
            AspectDraft(
                heading, shape.start, max(section_end, heading.end), heading.end, core_match_text(ctx, shape)
            )
        )
    return drafts


def section_preamble(ctx: ParseContext, start: int, end: int) -> Span | None:
    return ctx.span(start, end)
