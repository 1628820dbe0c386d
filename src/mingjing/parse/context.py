"""What every parsing step shares: the normalised text, its simplified shadow, lines and line markers."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from mingjing.model import ParseWarning, Span
from mingjing.parse.lines import logical_lines
from mingjing.text import Line, NormalisedText
from mingjing.text.chars import BLANK, CLOSERS
from mingjing.text.numbering import Marker, line_marker

_TRIM = BLANK + "\n"
# Where a heading segment ends: the first of these after the numbering label.
HEADING_STOPS = re.compile(r"[。：:；;！？!?\n]")
# Where a headline (an item's first sentence) ends.
SENTENCE_STOPS = re.compile(r"[。；;！？!?\n]")


@dataclass
class ParseContext:
    """The normalised text plus per-line facts, and the warnings collected while parsing."""

    norm: NormalisedText
    lines: tuple[Line, ...] = field(init=False)
    markers: list[Marker | None] = field(init=False)
    starts: list[int] = field(init=False)
    warnings: list[ParseWarning] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.lines = logical_lines(self.norm)
        self.markers = [line_marker(self.match_text, line.start) for line in self.lines]
        self.starts = [line.start for line in self.lines]

    @property
    def text(self) -> str:
        return self.norm.text

    @property
    def match_text(self) -> str:
        return self.norm.match_text

    def line_index(self, offset: int) -> int:
        """Index of the line containing ``offset`` (a "\\n" belongs to the line before it)."""
        return max(0, bisect_right(self.starts, offset) - 1)

    def line_text(self, index: int) -> str:
        line = self.lines[index]
        return self.text[line.start : line.end]

    def line_match_text(self, index: int) -> str:
        line = self.lines[index]
        return self.match_text[line.start : line.end]

    def warn(self, code: str, message: str, start: int | None = None, end: int | None = None) -> None:
        self.warnings.append(ParseWarning(code, message, start, end))

    def trim(self, start: int, end: int) -> tuple[int, int]:
        """``[start, end)`` without leading/trailing blanks and newlines (may become empty)."""
        while start < end and self.text[start] in _TRIM:
            start += 1
        while end > start and self.text[end - 1] in _TRIM:
            end -= 1
        return start, end

    def span(self, start: int, end: int) -> Span | None:
        start, end = self.trim(start, end)
        return Span(start, end) if end > start else None

    def stop_after(self, start: int, end: int, stops: re.Pattern[str]) -> int | None:
        """Offset just past the first stop character in ``[start, end)`` on the same line (closing
        quotes included), or None when the line (or range) ends first."""
        match = stops.search(self.text, start, end)
        if match is None or match.group() == "\n":
            return None
        pos = match.end()
        text = self.text
        while pos < end and text[pos] in CLOSERS:
            pos += 1
        return pos
