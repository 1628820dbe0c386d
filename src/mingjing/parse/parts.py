"""Choose the part headings of a report (problems → causes → measures) among heading-shaped lines.

A part heading is never "the first keyword anywhere": only lines that :func:`part_candidate` accepts
(short, heading-shaped, numbered 一、/第一部分/（一）/1. or standing alone) compete. Then:

* problems = the first problems candidate numbered 一、/第一部分 (else the first problems candidate);
* causes = the first causes candidate after it (when the problems heading also names the causes,
  "存在的问题及原因分析", only one numbered like the problems heading: the per-aspect "原因分析："
  labels inside the combined part are not a part), measures = the first measures candidate after the
  causes (or after the problems when there are no causes; failing that, anywhere after problems);
* candidates numbered in the same family as the problems heading are preferred, so a "（七）……整改……"
  line inside the problems part does not end it when "三、整改措施" follows;
* headings of other sections in the same family end the part before them, wherever they stand (before
  the problems part too): those that name another section ("四、上年度整改措施落实情况",
  "个人有关事项报告情况"), and, when the parts are numbered 一、/第一部分, every other line of that
  family that is a bare heading (short, no comma, alone on its line or before "：") naming none of
  the three parts ("一、主要工作成绩", "四、个人有关事项报告"): a top-level number starts a section.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mingjing.parse.context import ParseContext
from mingjing.parse.headings import (
    HeadingShape,
    PartCandidate,
    core_match_text,
    heading_shape,
    part_candidate,
    part_shaped,
)
from mingjing.parse.vocabulary import OTHER, combines_causes, part_kind
from mingjing.text.numbering import DI_PART, DUN

TOP_FAMILIES = frozenset({DUN, DI_PART})
_CLAUSE_MARK_RE = re.compile(r"[，,、；;]")


@dataclass(frozen=True)
class PartLayout:
    chosen: dict[str, PartCandidate]  # kind → its heading
    others: tuple[PartCandidate, ...]  # section headings that are none of the three parts
    family: str | None  # numbering family of the part headings
    combined: bool = False  # the problems heading also names the causes ("存在的问题及原因分析")

    @property
    def exclude(self) -> frozenset[str]:
        """Numbering families items and aspects must not use: the part headings' own."""
        return frozenset() if self.family is None else frozenset({self.family})

    def boundaries(self) -> list[int]:
        """Line indices where a part or another section starts, in order."""
        lines = {c.shape.line for c in self.chosen.values()} | {c.shape.line for c in self.others}
        return sorted(lines)

    def end_line(self, kind: str, limit: int) -> int:
        """First line after the part ``kind`` (the next boundary, or ``limit``)."""
        start = self.chosen[kind].shape.line
        return min((line for line in self.boundaries() if line > start), default=limit)


def _first(cands: list[PartCandidate], kind: str, after: int, family: str | None) -> PartCandidate | None:
    matching = [c for c in cands if c.kind == kind and c.shape.line > after]
    same = [c for c in matching if c.shape.family == family]
    pool = same or matching
    return pool[0] if pool else None


def _problems_heading(cands: list[PartCandidate]) -> PartCandidate | None:
    """The first problems candidate numbered like a top-level heading (一、/第一部分), else the first one:
    a short title line such as "个人对照检查" must not win over "一、存在问题" below it."""
    problems = [c for c in cands if c.kind == "problems"]
    top = [c for c in problems if c.shape.family in TOP_FAMILIES]
    pool = top or problems
    return pool[0] if pool else None


def find_parts(ctx: ParseContext, first: int, limit: int) -> PartLayout:
    """Part headings among lines ``[first, limit)``."""
    cands = [c for i in range(first, limit) if (c := part_candidate(ctx, i)) is not None]
    problems = _problems_heading(cands)
    anchor = problems or next((c for c in cands if c.kind in ("causes", "measures")), None)
    family = anchor.shape.family if anchor is not None else None
    after = problems.shape.line if problems is not None else first - 1
    chosen: dict[str, PartCandidate] = {}
    if problems is not None:
        chosen["problems"] = problems
    combined = problems is not None and combines_causes(core_match_text(ctx, problems.shape))
    pool = [c for c in cands if c.shape.family == family] if combined else cands
    causes = _first(pool, "causes", after, family)
    if causes is not None:
        chosen["causes"] = causes
    measures = _first(cands, "measures", causes.shape.line if causes else after, family)
    measures = measures or _first(cands, "measures", after, family)
    if measures is not None:
        chosen["measures"] = measures
    taken = {c.shape.line for c in chosen.values()}
    others = [c for c in cands if c.kind == OTHER and c.shape.family == family and c.shape.line not in taken]
    others += _unnamed_sections(ctx, first, limit, family, taken)
    return PartLayout(chosen, tuple(sorted(others, key=lambda c: c.shape.line)), family, combined)


def _bare_heading(ctx: ParseContext, shape: HeadingShape) -> bool:
    """Heading words without a comma that end the line or a "：" ("三、作为分管领导，我负有责任。"
    and "三、我负有领导责任。" are numbered sentences, not headings)."""
    if not part_shaped(ctx, shape) or _CLAUSE_MARK_RE.search(ctx.text, shape.content_start, shape.core_end):
        return False
    rest, line_end = ctx.trim(shape.core_end, shape.line_end)
    return rest >= line_end or ctx.text[rest] in "：:"


def _unnamed_sections(
    ctx: ParseContext, first: int, limit: int, family: str | None, taken: set[int]
) -> list[PartCandidate]:
    """Bare top-level headings (the part headings' 一、/第一部分 family) that name no part."""
    if family not in TOP_FAMILIES:
        return []
    found = []
    for index in range(first, limit):
        marker = ctx.markers[index]
        if marker is None or marker.family != family or index in taken:
            continue
        shape = heading_shape(ctx, index)
        if _bare_heading(ctx, shape) and part_kind(core_match_text(ctx, shape)) is None:
            found.append(PartCandidate(OTHER, shape))
    return found
