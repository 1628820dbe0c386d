"""Concrete examples inside an item: "比如……", "例如……", "如，……", "如：……".

Rule (kept simple on purpose): an example starts at one of the markers 比如/例如/譬如/比方说/举个例子/
举例来说/如：/如， when the marker begins a clause (it follows 。；，：！？、, an opening bracket or quote,
a line start or the start of the searched range) and runs to the end of that sentence (the first
。！？ — with closing quotes — or the line end, or the end of the range). A following sentence that
starts with its own marker is a separate example; examples never overlap.
"""

from __future__ import annotations

import re

from mingjing.model import Span
from mingjing.text.chars import CLOSERS

_MARKER_RE = re.compile(r"比如说|比如|例如|譬如|比方说|举个例子|举例来说|举例说|如[：:，,]")
_CLAUSE_START = frozenset("。；，：！？、（(\n;:,!? \t　")
_SENTENCE_END_RE = re.compile(r"[。！？!?\n]")


def _example_end(text: str, start: int, end: int) -> int:
    match = _SENTENCE_END_RE.search(text, start, end)
    if match is None:
        return end
    if match.group() == "\n":
        return match.start()
    pos = match.end()
    while pos < end and text[pos] in CLOSERS:
        pos += 1
    return pos


def find_examples(text: str, match_text: str, start: int, end: int) -> tuple[Span, ...]:
    """Example spans in ``text[start:end]`` (markers searched in the simplified ``match_text``)."""
    spans: list[Span] = []
    last_end = start
    for match in _MARKER_RE.finditer(match_text, start, end):
        pos = match.start()
        if pos < last_end:
            continue
        if pos > start and match_text[pos - 1] not in _CLAUSE_START:
            continue
        stop = _example_end(text, match.end(), end)
        if stop > pos:
            spans.append(Span(pos, stop))
            last_end = stop
    return tuple(spans)
