"""Aspect headings inside the problems part ("（一）理论学习方面。", "1、政治素质方面：", bold "理论学习方面").

A line is an aspect heading when its heading segment (see :mod:`mingjing.parse.headings`):

* ends in 方面 (optionally followed by 存在的问题/的不足), 4 to 70 characters — "（一）在理论学习方面",
  "1、政治素质方面：", "第一，在带头……做到“两个维护”方面。"; or
* names an aspect of a shipped framework (score ≥ 0.8, at most 20 characters) and stands alone on
  its line or is followed directly by numbered items; or
* is a whole sentence of at most 40 characters followed directly by numbered items of another family
  ("（一）带头严守政治纪律和政治规矩，维护党的团结统一。" then "一是……").

Lines without a number (at most 30 characters of heading words) qualify when they stand alone, and
for the last rule only when bold or heading-styled; or, run in, when the line starts with heading
words that end in 方面 or name an aspect (score ≥ 0.8, at most 20 characters), stop at "：" or "。"
and go straight on with an item label ("理论学习方面：一是……二是……").

Per-aspect causes: in a part that analyses causes aspect by aspect ("一、存在的问题及原因分析", each
aspect with "存在问题：一是……" then "原因分析：……"), an unnumbered cause label (at most
:data:`MAX_CAUSE_LABEL` characters naming the causes, alone on its line or before "：") ends the
aspect's items: the cause block stays inside the aspect section but is never a problem item
(:func:`cause_block_start`).

Never aspect headings: words that are empty once the 方面/问题 frame is removed (a table's column
titles "方面", "方面问题", "方面存在的问题") and counts of aspects ("对照以下六个方面"). Among the
numbering families, the one with the most qualifying lines is the aspect family; the families that
only number items (一是, 一要, 首先, ①) never head aspects.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mingjing.frameworks import best_aspect_score, heading_core
from mingjing.model import Heading, Span
from mingjing.parse.context import ParseContext
from mingjing.parse.headings import HeadingShape, core_match_text, heading_shape, is_emphasised, make_heading
from mingjing.parse.vocabulary import part_kind
from mingjing.text.numbering import CIRCLED, MISSING_SHI, SEQ, SHI, YAO, marker_at

PLAIN = "plain"  # the family of unnumbered heading lines
# Families that only ever number items; 第一，/其一， may head aspects ("第一，在带头……方面。").
NEVER_ASPECT = frozenset({SHI, YAO, SEQ, CIRCLED, MISSING_SHI})
MAX_ASPECT_HEADING = 40
MAX_FANGMIAN_HEADING = 70  # a 带头 heading ending in 方面 can be long
MAX_PLAIN_ASPECT_HEADING = 30
MAX_NAMED_ASPECT_HEADING = 20
MIN_NAMED_SCORE = 0.8
_ENDS_ASPECT_RE = re.compile(r"方面(存在的?|的)?(主要)?(问题|不足|差距)?$")
_ASPECT_COUNT_RE = re.compile(r"(几|[一二两三四五六七八九十\d]{1,2})个方面$")
_RUN_IN_STOPS = "：:。"
MAX_CAUSE_LABEL = 10


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


def _names_nothing(core: str) -> bool:
    """Words that name no aspect: "方面问题", "方面存在的问题", "以下六个方面"."""
    return not heading_core(core) or _ASPECT_COUNT_RE.search(core) is not None


def _names_aspect(shape: HeadingShape, core: str, followed: bool) -> bool:
    """Ends in 方面, or (short, standing alone or followed by items) names a framework aspect."""
    if _ENDS_ASPECT_RE.search(core):
        return True
    short = shape.length <= MAX_NAMED_ASPECT_HEADING and (shape.standalone or followed)
    return short and best_aspect_score(core) >= MIN_NAMED_SCORE


def _plain_run_in(
    ctx: ParseContext, shape: HeadingShape, core: str, limit: int, exclude: frozenset[str]
) -> bool:
    """Unnumbered heading words that stop at "：" (or "。") and run into items: "理论学习方面：一是……"."""
    stop = ctx.text[shape.core_end : shape.core_end + 1]
    if not stop or stop not in _RUN_IN_STOPS:
        return False
    return _followed_by_items(ctx, shape, limit, exclude) and _names_aspect(shape, core, True)


def _qualifies(
    ctx: ParseContext, shape: HeadingShape, family: str, limit: int, exclude: frozenset[str]
) -> bool:
    if not 2 <= shape.length <= MAX_FANGMIAN_HEADING:
        return False
    core = core_match_text(ctx, shape)
    if _names_nothing(core):
        return False
    if family == PLAIN:
        if shape.length > MAX_PLAIN_ASPECT_HEADING:
            return False
        if not shape.standalone:
            return _plain_run_in(ctx, shape, core, limit, exclude)
    if _ENDS_ASPECT_RE.search(core):
        return True
    if shape.length > MAX_ASPECT_HEADING:
        return False
    followed = _followed_by_items(ctx, shape, limit, exclude)
    if _names_aspect(shape, core, followed):
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


def _is_cause_label(ctx: ParseContext, shape: HeadingShape) -> bool:
    if shape.family is not None or not 2 <= shape.length <= MAX_CAUSE_LABEL:
        return False
    if not shape.standalone and ctx.text[shape.core_end : shape.core_end + 1] not in "：:":
        return False
    return part_kind(core_match_text(ctx, shape)) == "causes"


def cause_block_start(ctx: ParseContext, start: int, end: int) -> int | None:
    """Where a per-aspect cause block ("原因分析：……") begins in ``(start, end)``, if one does."""
    for index in range(ctx.line_index(start) + 1, len(ctx.lines)):
        shape = heading_shape(ctx, index)
        if shape.start >= end:
            break
        if shape.start > start and _is_cause_label(ctx, shape):
            return shape.start
    return None
