"""The parser's lines: the normalised lines, with run-on paragraphs cut where a new section starts.

Some reports arrive as one long paragraph (copied from a chat app, or a PDF without line breaks):
"……现报告如下。一、存在问题（一）理论学习方面。一是……二、原因剖析一是……以上是我的对照检查……".
A line of at least :data:`RUN_ON_MIN_LENGTH` characters is cut (without changing the text: the parser's
lines are ranges, not "\\n"-terminated) before

* each sentence-start label of the 一、 / 第一部分 / （一） families that occurs at least twice in it;
* the first item label that a part or aspect heading runs straight into ("原因剖析一是……",
  "存在问题（一）……", "理论学习方面一是……") — see :func:`run_in_end`;
* a closing sentence ("以上是我的对照检查……").
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import replace

from mingjing.parse.vocabulary import OTHER, part_kind
from mingjing.text import Line, NormalisedText
from mingjing.text.numbering import DI_PART, DUN, PAREN_CN, inline_markers, marker_at

RUN_ON_MIN_LENGTH = 120
SPLIT_FAMILIES = frozenset({DUN, DI_PART, PAREN_CN})
_HEADING_STOP_RE = re.compile(r"[。：:；;！？!?\n]")
_RUN_IN_ITEM_RE = re.compile(
    r"[一二三四五六七八九十]{1,2}是|[（(][一二三四五六七八九十]{1,2}[）)]|[（(]?\d{1,2}[)）.、．](?!\d)"
    r"|第[一二三四五六七八九十]{1,2}[，、]|[①-⑳⑴-⒇㈠-㈩]|首先[，,]"
)
_CLOSING_START_RE = re.compile(r"(?<=[。！？])(以上|上述)(是|就是|为|即为)?(我|本人)")


def run_in_end(match_text: str, content: int, core_end: int) -> int | None:
    """Where heading words run straight into a numbered item without punctuation, if they do.

    Only when the words before the item label name a part ("原因剖析一是……") or end in 方面
    ("理论学习方面一是……"); otherwise "是" and brackets inside a heading are left alone.
    """
    found = _RUN_IN_ITEM_RE.search(match_text, content + 2, core_end)
    if found is None:
        return None
    prefix = match_text[content : found.start()]
    if not prefix.endswith("方面") and part_kind(prefix) in (None, OTHER):
        return None
    return found.start()


def _heading_run_in(match_text: str, start: int, end: int) -> int | None:
    marker = marker_at(match_text, start)
    if marker is None:
        return None
    stop = _HEADING_STOP_RE.search(match_text, marker.end, end)
    return run_in_end(match_text, marker.end, stop.start() if stop is not None else end)


def _cuts(match_text: str, line: Line) -> list[int]:
    sentence = [
        m
        for m in inline_markers(match_text, line.start, line.end, after_comma=False)
        if m.family in SPLIT_FAMILIES
    ]
    head = marker_at(match_text, line.start)
    heads = [head] if head is not None and head.family in SPLIT_FAMILIES else []
    run_ins = {m.start: _heading_run_in(match_text, m.start, line.end) for m in [*heads, *sentence]}
    run_in_markers = [marker_at(match_text, pos) for pos in run_ins.values() if pos is not None]
    counts = Counter(m.family for m in [*heads, *sentence, *run_in_markers] if m is not None)
    cuts = {m.start for m in sentence if counts[m.family] >= 2}
    cuts.update(
        pos for start, pos in run_ins.items() if pos is not None and (start in cuts or start == line.start)
    )
    if cuts:
        cuts.update(m.start() for m in _CLOSING_START_RE.finditer(match_text, line.start, line.end))
    return sorted(cut for cut in cuts if line.start < cut < line.end)


def logical_lines(norm: NormalisedText) -> tuple[Line, ...]:
    """The normalised lines, long run-on lines cut into sections (module docstring)."""
    lines: list[Line] = []
    for line in norm.lines:
        cuts = _cuts(norm.match_text, line) if line.end - line.start >= RUN_ON_MIN_LENGTH else []
        bounds = [line.start, *cuts, line.end]
        for number, (start, end) in enumerate(itertools.pairwise(bounds)):
            lines.append(
                line
                if not cuts
                else replace(line, start=start, end=end, numbered=line.numbered and not number)
            )
    return tuple(lines)
