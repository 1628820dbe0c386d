"""Per-report helpers shared by the rules, computed once per report and cached.

Rules read ``report.text`` for spans and ``view.mtext`` (the simplified shadow, same length) for matching,
so traditional-character reports are checked with the same data as simplified ones.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from mingjing.model import Item, ParsedReport, Part, Span

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK_RE = re.compile(f"[{CJK}]")
_PARAGRAPH_RE = re.compile(r"[^\n]+")
_SENTENCE_RE = re.compile(r"[^。！？；!?;\n]+[。！？；!?;]*[”’」』）)]*")
_QUOTE_RE = re.compile(r"“[^“”\n]{0,200}”|‘[^‘’\n]{0,200}’|「[^「」\n]{0,200}」")
_BLANK_RE = re.compile(r"\s")
_INNER_BLANK_RE = re.compile(r"\S[ \t\u3000\u00a0]+\S")


@dataclass
class ReportView:
    """Derived data about one report that several rules need."""

    report: ParsedReport
    text: str
    mtext: str
    paragraphs: tuple[Span, ...]
    _quotes: tuple[tuple[int, int], ...]
    _quote_starts: list[int]
    cache: dict[str, Any] = field(default_factory=dict)  # per-rule scratch space (e.g. one shared scan)

    # -- places ---------------------------------------------------------------------------------------
    def in_quotes(self, pos: int) -> bool:
        """Whether ``pos`` lies inside a quoted phrase “…” on its line."""
        i = bisect_right(self._quote_starts, pos) - 1
        return i >= 0 and self._quotes[i][0] < pos < self._quotes[i][1] - 1

    def paragraph_at(self, pos: int) -> Span | None:
        starts = [p.start for p in self.paragraphs]
        i = bisect_right(starts, pos) - 1
        if i >= 0 and self.paragraphs[i].start <= pos < self.paragraphs[i].end:
            return self.paragraphs[i]
        return None

    def sentences(self, start: int, end: int) -> Iterator[Span]:
        """Sentences of ``text[start:end]`` (ending at 。！？； or a line break), blanks trimmed."""
        for match in _SENTENCE_RE.finditer(self.text, start, end):
            s, e = match.span()
            while s < e and self.text[s].isspace():
                s += 1
            if e > s:
                yield Span(s, e)

    def content_length(self, start: int, end: int) -> int:
        """Characters of ``text[start:end]`` without blanks."""
        chunk = self.text[start:end]
        return len(chunk) - len(_BLANK_RE.findall(chunk))

    # -- structure ------------------------------------------------------------------------------------
    def items(self, part: Part | None) -> tuple[Item, ...]:
        return part.all_items() if part is not None else ()

    @property
    def body_length(self) -> int:
        """Characters of the report without blanks and without the header lines (title, name …)."""
        header = sum(self.content_length(s.start, s.end) for s in self.report.header)
        return max(1, self.content_length(0, len(self.text)) - header)

    def part_length(self, part: Part | None) -> int:
        return 0 if part is None else self.content_length(part.start, part.end)

    @property
    def source_text(self) -> str:
        """``text`` with each character as written in the source (before half-width punctuation was made
        full-width); same length as ``text``, so offsets stay valid. Equal to ``text`` without a map."""
        cached = self.cache.get("source_text")
        if cached is None:
            cached = _source_text(self.report)
            self.cache["source_text"] = cached
        source: str = cached
        return source

    def removed_blanks(self) -> list[int]:
        """Offsets ``i`` of ``text`` after which the normaliser deleted blanks inside a source line."""
        report = self.report
        paras, offsets = report.char_paragraph, report.char_offset
        sources = report.document.paragraphs
        if len(offsets) != len(self.text) or not any(_INNER_BLANK_RE.search(p.text) for p in sources):
            return []  # the common case: no blank inside any source line, so nothing was deleted
        found = []
        for i in range(len(offsets) - 1):
            a, b = offsets[i], offsets[i + 1]
            if a >= 0 and b > a + 1 and paras[i] == paras[i + 1]:
                gap = sources[paras[i]].text[a + 1 : b]
                # a TAB separates the cells of a pasted table; it is layout, not a stray blank
                if gap and not gap.strip() and "\t" not in gap:
                    found.append(i)
        return found

    def first_line(self) -> Span:
        return self.paragraphs[0] if self.paragraphs else Span(0, 0)


# The view of the report being checked, scoped to one check by the engine (see :func:`scoped_view`).
# A context variable, not a module-level cache: each thread (and each asyncio task) of a server sees its
# own, and nothing outlives the check that built it.
_CURRENT: ContextVar[ReportView | None] = ContextVar("mingjing_report_view", default=None)


def view_of(report: ParsedReport) -> ReportView:
    """The view of ``report``: the one the current check built, or a new one outside a check."""
    current = _CURRENT.get()
    if current is not None and current.report is report:
        return current
    return _build(report)


@contextmanager
def scoped_view(report: ParsedReport) -> Iterator[ReportView]:
    """Build the view of ``report`` once and let :func:`view_of` return it until the block ends."""
    view = _CURRENT.get()
    if view is not None and view.report is report:
        yield view
        return
    view = _build(report)
    token = _CURRENT.set(view)
    try:
        yield view
    finally:
        _CURRENT.reset(token)


def _build(report: ParsedReport) -> ReportView:
    text = report.text
    mtext = report.match_text if len(report.match_text) == len(text) else text
    paragraphs = tuple(Span(*m.span()) for m in _PARAGRAPH_RE.finditer(text) if m.group().strip())
    quotes = tuple(m.span() for m in _QUOTE_RE.finditer(mtext))
    return ReportView(report, text, mtext, paragraphs, quotes, [q[0] for q in quotes])


# Characters the normaliser may have produced from a half-width source character.
_NORMALISED_RE = re.compile("[，；：？！。（）]")


def _source_text(report: ParsedReport) -> str:
    text = report.text
    paras, offsets = report.char_paragraph, report.char_offset
    sources = report.document.paragraphs
    if len(offsets) != len(text) or len(paras) != len(text):
        return text
    chars: list[str] | None = None
    for match in _NORMALISED_RE.finditer(text):
        i = match.start()
        p, o = paras[i], offsets[i]
        if o < 0 or not 0 <= p < len(sources) or o >= len(sources[p].text):
            continue
        original = sources[p].text[o]
        if original != text[i]:
            chars = chars if chars is not None else list(text)
            chars[i] = original
    return text if chars is None else "".join(chars)


def heading_or(report: ParsedReport, part: Part | None, fallback: Span | None = None) -> Span:
    """The span to anchor a part-level finding on: its heading line, else the part's first line."""
    if part is not None and part.heading is not None:
        return Span(part.heading.start, part.heading.end)
    if part is not None:
        view = view_of(report)
        para = view.paragraph_at(part.start)
        if para is not None:
            return para
        return Span(part.start, min(part.end, part.start + 20))
    if fallback is not None:
        return fallback
    return view_of(report).first_line()
