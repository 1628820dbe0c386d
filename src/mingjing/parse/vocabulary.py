"""Words that name the parts of a report, its closing lines and the meeting kind (simplified text).

These patterns are only ever applied to heading-shaped lines (see :mod:`mingjing.parse.headings`):
a sentence in the introduction that mentions "下一步努力方向" is not a part heading.
"""

from __future__ import annotations

import re

from mingjing.model import PartKind

OTHER = "other"  # a part-level heading that is none of the three parts (last year's rectification …)

# Sections some reports add that are not one of the three parts; checked first so that
# "上年度民主生活会整改措施落实情况" is not taken for the measures part.
_OTHER_RE = re.compile(
    r"(整改|落实)(措施)?(的)?(落实|完成|推进)?(情况|进展)|上一?年度|去年|征求(到的)?意见|谈心谈话|学习(研讨)?情况"
    r"|个人有关事项|基本情况|意见建议|批评意见|相互批评|自我批评情况"
)
_CAUSES_RE = re.compile(r"原因|根源|根子|症结|剖析$|党性分析|深层次分析")
# Measures: a set phrase anywhere, or a measure word as the head noun at the end of the heading
# ("范例三（带具体举措的写法）" and "防控措施落实不够到位" are not measures headings).
_MEASURES_RE = re.compile(
    r"整改措施|整改举措|整改方向|整改思路|整改目标|下一?步(的)?(工作)?(方向|打算|措施|计划|思路|努力)|努力(的)?方向"
    r"|今后(的)?(努力方向|方向|工作|打算)|(措施|举措|打算|对策|方向|思路|计划|整改)$"
)
_PROBLEMS_RE = re.compile(
    r"(存在|查摆|检视|查找|找出|暴露|突出|主要|具体|对照|自身|个人)[^，。]{0,12}?(问题|不足|差距)"
    r"|问题(和|与|及|、)?(不足|差距|表现)|问题查摆|问题检视|^(个人)?对照检查(情况)?$|查摆情况|检视情况|^问题$"
)

_CLOSING_RE = re.compile(
    r"^(以上|上述|这些|总之).{0,40}(对照检查|检视剖析|检查|剖析|发言|材料|汇报|情况)"
    r"|批评指正|不妥之处|不当之处|不足之处.{0,6}(请|恳请|敬请)|恳请|敬请|请.{0,8}(同志|领导|大家|组织).{0,8}(批评|指正|帮助|监督)"
    r"|^谢谢(大家)?[。！!]?$"
)
# A problems heading that also names the causes ("存在的问题及原因分析", "问题查摆和原因剖析"): the
# report analyses the causes aspect by aspect inside the problems part.
_COMBINED_RE = re.compile(r"(问题|不足|差距)(表现|查摆|检视)?(及其|及|和|与|、)(产生的?)?(原因|根源)")
MEETING_RE = re.compile(r"民主生活会|组织生活会")
_DATE_RE = re.compile(
    r"^[（(]?\d{4}\s*年(\s*\d{1,2}\s*月)?(\s*\d{1,2}\s*日)?[)）]?$|^[（(]?\d{4}[-./]\d{1,2}([-./]\d{1,2})?[)）]?$"
)


# Titles ("……个人对照检查材料", "……发言提纲") are never part headings, whatever words they contain; nor are
# the titles of web collections of model texts ("政治方面存在的问题及整改措施3篇", "……整改措施范文精选"):
# a heading never ends in a count of articles or in 范文/汇编/大全.
_TITLE_RE = re.compile(
    r"(?:材料|提纲|发言|发言稿|讲话|报告|汇报"
    r"|(?:\d{1,3}|[一二三四五六七八九十两]{1,3})篇(?:范文|精选|汇编|合集|大全)?"
    r"|范文(?:精选|大全|汇编|合集)?|(?:精选|汇编|合集|大全))"
    r"(?:（.{0,12}）|\(.{0,12}\))?$"
)


def part_kind(heading: str) -> PartKind | str | None:
    """Which part a heading names ("problems", "causes", "measures", :data:`OTHER`), or None.

    When a heading names both problems and measures ("存在问题及整改措施") the word that comes last
    wins, because Chinese puts the head noun last ("针对问题的整改措施" is about measures). A heading
    that joins problems and causes with 及/和/与 ("存在的问题及原因分析") heads the problems part
    (:func:`combines_causes`); "存在问题的原因" is still about causes.
    """
    if _TITLE_RE.search(heading):
        return None
    if _OTHER_RE.search(heading):
        return OTHER
    if combines_causes(heading):
        return "problems"
    if _CAUSES_RE.search(heading):
        return "causes"
    measures = [m.end() for m in _MEASURES_RE.finditer(heading)]
    problems = [m.end() for m in _PROBLEMS_RE.finditer(heading)]
    if measures and (not problems or max(measures) >= max(problems)):
        return "measures"
    if problems:
        return "problems"
    return None


def combines_causes(heading: str) -> bool:
    """Whether a heading names the problems and their causes together ("存在的问题及原因分析")."""
    return _COMBINED_RE.search(heading) is not None


def is_closing_line(line: str) -> bool:
    """A closing sentence such as "以上是我个人的对照检查情况，请同志们批评指正。"."""
    return len(line) <= 90 and _CLOSING_RE.search(line) is not None


def is_date_line(line: str) -> bool:
    return _DATE_RE.match(line.strip()) is not None
