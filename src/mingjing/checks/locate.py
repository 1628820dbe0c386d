"""Point findings at what the author wrote: source location, original characters, identical slips grouped.

The rules work on the normalised text (``ParsedReport.text``): blanks between CJK characters deleted, half-width
punctuation made full-width, Word list labels written in, web leftovers dropped. A reviewer reads the file
itself, so after the rules ran :func:`locate_findings`

* gives each finding its :class:`~mingjing.model.SourceLocation` — source paragraph and character offset, and
  for text files (txt, md, pasted text) the 1-based line and column and the code-point offsets into the text
  as read (BOM removed, a line break counted as one character) — from the per-character map
  ``ParsedReport.char_paragraph``/``char_offset``;
* sets ``original`` to the characters of that stretch of the source as written (the deleted blanks and the
  half-width marks included, paragraphs joined by "\\n"; a Word list label, which is not in the paragraph's
  text, is quoted as Word shows it);
* merges a run of identical slips — a slip rule (:data:`GROUPED_FAMILIES`), same message and suggestion, a
  short span (:data:`MAX_GROUPED_CHARS`) — into one finding at the first place with ``count`` and the other places as
  ``related`` spans (and ``others`` locations): fifteen stray blanks are one slip repeated, not fifteen
  failings, and a reviewer wants to read it once.

A finding that already carries a ``source`` (``leftover.web-page`` points at a line that is no longer in the
normalised text) keeps it.
"""

from __future__ import annotations

from dataclasses import replace
from functools import cached_property

from mingjing.model import Finding, ParsedReport, SourceLocation, SourceParagraph, Span

TEXT_FORMATS = frozenset({"txt", "md", "text"})
MAX_GROUPED_CHARS = 12  # longer spans are sentences or passages, never "the same slip again"
# Families whose findings are slips of the pen (typos, stray blanks, half-width marks). Other families are
# not grouped: the evaluation set labels their findings one by one (eval/README.md).
GROUPED_FAMILIES = frozenset({"slip"})


class SourceMap:
    """Maps ranges of ``report.text`` back to the source paragraphs (and lines/columns of a text file)."""

    def __init__(self, report: ParsedReport) -> None:
        self.report = report
        self.paragraphs = report.document.paragraphs
        n = len(report.text)
        self.usable = (
            len(report.char_paragraph) == n and len(report.char_offset) == n and bool(self.paragraphs)
        )

    # -- text files: line, column and file offset of each paragraph's first character ---------------
    @cached_property
    def _line_starts(self) -> list[tuple[int, int, int]] | None:
        """Per source paragraph ``(line index, column base, file offset)``, or None for non-text formats.

        A pasted table row is split into one paragraph per non-empty cell: the cells of one row share a
        line, and a cell's column counts the cells and TABs before it (empty cells count as empty)."""
        if self.report.document.format not in TEXT_FORMATS:
            return None
        starts: list[tuple[int, int, int]] = []
        line, line_start, line_length = -1, 0, 0
        row: tuple[int, int] | None = None
        previous_cell = -1
        for paragraph in self.paragraphs:
            cell_row = (paragraph.table[0], paragraph.table[1]) if paragraph.table is not None else None
            if cell_row is None or cell_row != row:
                if line >= 0:
                    line_start += line_length + 1
                line, line_length, previous_cell = line + 1, 0, -1
            column = line_length
            if paragraph.table is not None:
                cell = paragraph.table[2]
                # one TAB before every cell but the first; skipped empty cells still have theirs
                column += cell if previous_cell < 0 else cell - previous_cell
                previous_cell = cell
            starts.append((line, column, line_start + column))
            line_length = column + len(paragraph.text)
            row = cell_row
        return starts

    def location(self, paragraph: int, offset: int, end_paragraph: int, end_offset: int) -> SourceLocation:
        """A location from source coordinates (``end_offset`` exclusive)."""
        starts = self._line_starts
        if starts is None or not (0 <= paragraph < len(starts) and 0 <= end_paragraph < len(starts)):
            return SourceLocation(paragraph, offset, end_paragraph, end_offset)
        line, column, file_start = starts[paragraph]
        _, _, end_base = starts[end_paragraph]
        return SourceLocation(
            paragraph,
            offset,
            end_paragraph,
            end_offset,
            line=line + 1,
            column=column + offset + 1,
            file_start=file_start + offset,
            file_end=end_base + end_offset,
        )

    # -- ranges of the normalised text -------------------------------------------------------------
    def _mapped(self, start: int, end: int) -> list[int]:
        offsets = self.report.char_offset
        return [i for i in range(start, end) if offsets[i] >= 0]

    def _anchor(self, pos: int) -> int | None:
        """The nearest mapped character at or after ``pos`` (else before it), for empty or label spans."""
        offsets = self.report.char_offset
        for i in range(max(0, pos), len(offsets)):
            if offsets[i] >= 0:
                return i
        for i in range(min(pos, len(offsets)) - 1, -1, -1):
            if offsets[i] >= 0:
                return i
        return None

    def span_location(self, start: int, end: int) -> SourceLocation | None:
        """Where ``report.text[start:end]`` stands in the source (None without a character map)."""
        if not self.usable:
            return None
        mapped = self._mapped(start, end)
        if not mapped:
            anchor = self._anchor(start)
            if anchor is None:
                return None
            para, off = self.report.char_paragraph[anchor], self.report.char_offset[anchor]
            return self.location(para, off, para, off)  # a point: a label or an empty span
        first, last = mapped[0], mapped[-1]
        paras, offsets = self.report.char_paragraph, self.report.char_offset
        return self.location(paras[first], offsets[first], paras[last], offsets[last] + 1)

    def original(self, start: int, end: int) -> str | None:
        """The source characters behind ``report.text[start:end]`` as written (module docstring)."""
        if not self.usable:
            return None
        text = self.report.text
        paras, offsets = self.report.char_paragraph, self.report.char_offset
        pieces: list[str] = []
        prev_para, prev_off = -1, -1
        for i in range(start, end):
            para, off = paras[i], offsets[i]
            if off < 0:
                if text[i] != "\n":  # a Word list label: quoted as Word shows it
                    pieces.append(text[i])
                continue
            source = self._text(para)
            if para == prev_para and off > prev_off >= 0:
                pieces.append(source[prev_off + 1 : off + 1])  # deleted blanks come back
            else:
                if prev_para >= 0 and para != prev_para:
                    pieces.append("\n")
                pieces.append(source[off : off + 1])
            prev_para, prev_off = para, off
        return "".join(pieces)

    def _text(self, paragraph: int) -> str:
        if 0 <= paragraph < len(self.paragraphs):
            source: SourceParagraph = self.paragraphs[paragraph]
            return source.text
        return ""


def locate_findings(
    report: ParsedReport, findings: tuple[Finding, ...] | list[Finding]
) -> tuple[Finding, ...]:
    """``findings`` with source location and original characters filled in, identical slips grouped
    (module docstring); order is kept (a group stands where its first finding stood)."""
    source_map = SourceMap(report)
    if not source_map.usable:
        return _group(list(findings))
    located = []
    for finding in findings:
        if finding.source is None:
            finding = replace(
                finding,
                source=source_map.span_location(finding.start, finding.end),
                original=source_map.original(finding.start, finding.end),
            )
        elif finding.original is None:
            finding = replace(finding, original=finding.text)
        located.append(finding)
    return _group(located)


def _key(finding: Finding) -> tuple[str, str, str, str | None] | None:
    """Findings with the same key are one slip repeated: same slip rule, message and suggestion. The
    characters may differ ("中 学", "法 行": a stray blank is the same slip wherever it stands), but a slip
    message names its token when the token matters ("“自已”疑为“自己”之误"), so equal messages are one slip."""
    if finding.family not in GROUPED_FAMILIES or finding.count != 1:
        return None
    if not finding.text or finding.end - finding.start > MAX_GROUPED_CHARS:
        return None
    return (finding.rule, finding.severity.value, finding.message, finding.suggestion)


def _group(findings: list[Finding]) -> tuple[Finding, ...]:
    groups: dict[tuple[str, str, str, str | None], list[int]] = {}
    for index, finding in enumerate(findings):
        key = _key(finding)
        if key is not None:
            groups.setdefault(key, []).append(index)
    merged: dict[int, Finding] = {}
    dropped: set[int] = set()
    for members in groups.values():
        if len(members) < 2:
            continue
        first, rest = findings[members[0]], [findings[i] for i in members[1:]]
        related = list(first.related) + [Span(f.start, f.end) for f in rest]
        others = tuple(f.source for f in rest if f.source is not None)
        merged[members[0]] = replace(
            first,
            message=f"{first.message}（同类共{len(members)}处，此为第一处）",
            count=len(members),
            related=tuple(related),
            others=first.others + others,
        )
        dropped.update(members[1:])
    return tuple(merged.get(i, f) for i, f in enumerate(findings) if i not in dropped)
