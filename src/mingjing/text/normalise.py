"""Document → one normalised text with a per-character map back to the source paragraphs.

Steps, per source line (a paragraph, or one soft-broken line of it):

1. strip leading/trailing blanks (ASCII, NBSP, U+3000, zero-width) and drop empty lines;
2. delete stray blanks between CJK characters (in the title block — the lines before the first one
   with "，", "," or "。", up to 60 characters and without a numbering label — an ideographic space or a longer blank run between two words keeps one
   character: "副局长　杨振华") and make half-width punctuation full-width;
3. prepend the Word list-numbering label (mapped to offset -1: it is not in the paragraph's text);
4. drop web/PDF boilerplate lines and running page headers (also cut off the end of a line they were
   glued to), each recorded as a ``text.dropped-line`` warning and as a :class:`~mingjing.model.RemovedText`
   (reason, the line as written, its source paragraph and offset, where it stood) that the rule
   ``leftover.web-page`` reports (:mod:`mingjing.text.boilerplate`);
   the lines of a web footer at the end ("本站文章均来自网络……") are kept as text, for the checks to
   point at, but never joined to another line;
5. join lines broken inside a sentence (:mod:`mingjing.text.merge`);
6. join the lines with "\\n"; the simplified shadow ``match_text`` is built character by character.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from mingjing.model import Document, ParseWarning, RemovedText, SourceParagraph
from mingjing.text.boilerplate import footer_start, leftover_kind, running_header
from mingjing.text.chars import strip_blank, to_simplified
from mingjing.text.cleanup import full_width_punctuation, remove_stray_blanks
from mingjing.text.merge import detect_wrap_width, header_block_size, should_merge
from mingjing.text.numbering import starts_with_marker

INSERTED = -1  # char_offset of characters that are not in the source paragraph (labels, joins)
MAX_TITLE_LINE = 60
_TITLE_BLOCK_END_RE = re.compile("[，。,]")


@dataclass(frozen=True, slots=True)
class Line:
    """One line of the normalised text: ``text[start:end]`` (without its "\\n")."""

    start: int
    end: int
    paragraph: int  # index of the source paragraph of its first character
    kind: str = "paragraph"
    bold: bool = False
    style: str | None = None
    table: tuple[int, int, int] | None = None
    numbered: bool = False  # begins with a label reconstructed from Word numbering


@dataclass(frozen=True)
class NormalisedText:
    text: str
    match_text: str
    lines: tuple[Line, ...]
    char_paragraph: list[int] = field(repr=False)
    char_offset: list[int] = field(repr=False)
    warnings: tuple[ParseWarning, ...] = ()
    removed: tuple[RemovedText, ...] = ()


@dataclass(frozen=True, slots=True)
class _Dropped:
    """A dropped line before its place in the final text is known: ``position`` indexes the kept lines."""

    position: int
    raw: str
    reason: str
    label: str
    paragraph: int
    offset: int


@dataclass(slots=True)
class _Work:
    """A line under construction: its text and, per character, source paragraph and offset."""

    text: str
    paragraphs: list[int]
    offsets: list[int]
    source: SourceParagraph
    numbered: bool = False
    raw: str = ""  # the line as it stood before clean-up (for messages about dropped lines)
    simplified: str = ""  # the simplified shadow of ``text``
    footer: bool = False  # in the web footer at the end of the text: never joined to another line

    def extend(self, other: _Work) -> None:
        self.text += other.text
        self.simplified += other.simplified
        self.paragraphs.extend(other.paragraphs)
        self.offsets.extend(other.offsets)


def _container(source: SourceParagraph) -> tuple[str, tuple[int, int, int] | None]:
    return (source.kind if source.kind == "table-cell" else "body", source.table)


def _is_heading_source(source: SourceParagraph) -> bool:
    return source.bold or source.kind == "heading"


def _source_lines(paragraph: SourceParagraph, title_flags: list[bool]) -> Iterator[_Work]:
    """The cleaned, non-empty lines of one paragraph (soft line breaks split it); ``title_flags``
    says for each of them whether it is in the title block."""
    base = 0
    for number, raw in enumerate(paragraph.text.split("\n")):
        start, end = strip_blank(raw)
        keep = (
            title_flags[number] and end - start <= MAX_TITLE_LINE and not starts_with_marker(raw[start:end])
        )
        text, offsets = remove_stray_blanks(
            raw[start:end], list(range(base + start, base + end)), keep_separators=keep
        )
        base += len(raw) + 1
        text = full_width_punctuation(text)
        if not text:
            continue
        label = (paragraph.numbering or "").strip() if number == 0 else ""
        if label:
            offsets = [INSERTED] * len(label) + offsets
        raw_line = raw[start:end]
        yield _Work(label + text, [paragraph.index] * len(offsets), offsets, paragraph, bool(label), raw_line)


def _document_lines(document: Document) -> list[_Work]:
    """The cleaned, non-empty lines of all paragraphs; the title block runs until the first source
    line with "，", "," or "。"."""
    works: list[_Work] = []
    title_block = True
    for paragraph in document.paragraphs:
        flags = []
        for raw in paragraph.text.split("\n"):
            title_block = title_block and _TITLE_BLOCK_END_RE.search(raw) is None
            flags.append(title_block)
        works.extend(_source_lines(paragraph, flags))
    return works


def _drop_boilerplate(works: list[_Work]) -> tuple[list[_Work], list[_Dropped]]:
    kept: list[_Work] = []
    dropped: list[_Dropped] = []
    header = running_header([w.text for w in works if not w.numbered])
    footer = footer_start([w.text for w in works])
    for index, work in enumerate(works):
        if header is not None and work.text != header and work.text.endswith(header):
            at = len(work.text) - len(header)
            offset = work.offsets[at]
            dropped.append(
                _Dropped(len(kept) + 1, header, "running-header", "页眉", work.paragraphs[at], offset)
            )
            _cut_end(work, len(header))
        work.footer = index >= footer
        kind = None if work.numbered or work.text == header else leftover_kind(work.text)
        if not work.numbered and work.text == header:
            dropped.append(_dropped(work, len(kept), "running-header", "页眉"))
        elif kind is not None:
            dropped.append(_dropped(work, len(kept), kind.reason, kind.label))
        else:
            kept.append(work)
    return kept, dropped


def _dropped(work: _Work, position: int, reason: str, label: str) -> _Dropped:
    # an unnumbered line starts with its first source character (leading blanks were stripped)
    return _Dropped(position, work.raw, reason, label, work.source.index, max(0, work.offsets[0]))


def _cut_end(work: _Work, size: int) -> None:
    """Remove the last ``size`` characters of a line (a running header glued to it)."""
    keep = len(work.text) - size
    while keep > 0 and work.text[keep - 1] in " \t\u3000":
        keep -= 1
    work.text, work.offsets, work.paragraphs = work.text[:keep], work.offsets[:keep], work.paragraphs[:keep]


def _simplify(works: list[_Work]) -> None:
    """Fill in each line's simplified shadow with one conversion for the whole document."""
    if not works:
        return
    simplified = to_simplified("\n".join(w.text for w in works)).split("\n")
    for work, shadow in zip(works, simplified, strict=True):
        work.simplified = shadow


def _merge_lines(works: list[_Work]) -> list[_Work]:
    texts = [w.text for w in works]
    wrap_width = detect_wrap_width(texts)
    header = header_block_size(texts)
    merged: list[_Work] = []
    for index, work in enumerate(works):
        if merged and _joins(merged[-1], work, index, header, wrap_width):
            merged[-1].extend(work)
        else:
            merged.append(
                _Work(
                    work.text,
                    list(work.paragraphs),
                    list(work.offsets),
                    work.source,
                    work.numbered,
                    simplified=work.simplified,
                    footer=work.footer,
                )
            )
    return merged


def _joins(prev: _Work, work: _Work, index: int, header: int, wrap_width: int | None) -> bool:
    if _container(prev.source) != _container(work.source) or work.numbered or prev.footer or work.footer:
        return False
    if _is_heading_source(prev.source) or _is_heading_source(work.source):
        return False
    if index <= header and not prev.text.endswith(("、", "“", "《", "（")):
        return False
    return should_merge(
        prev.text,
        work.text,
        simplified=prev.simplified,
        next_simplified=work.simplified,
        wrap_width=wrap_width,
    )


def _removed(
    dropped: list[_Dropped], merged_starts: list[int], text_length: int
) -> tuple[list[ParseWarning], list[RemovedText]]:
    warnings = []
    removed = []
    for item in dropped:
        at = merged_starts[item.position] if item.position < len(merged_starts) else text_length
        message = f"已删除疑似网页或PDF残留的一行（{item.label}）：“{item.raw}”"
        warnings.append(ParseWarning("text.dropped-line", message, at, at))
        removed.append(RemovedText(item.reason, item.raw, item.paragraph, item.offset, at, item.label))
    return warnings, removed


def _line(work: _Work, position: int) -> Line:
    source = work.source
    end = position + len(work.text)
    return Line(
        position, end, source.index, source.kind, source.bold, source.style, source.table, work.numbered
    )


def _join(merged: list[_Work]) -> tuple[str, list[Line], list[int], list[int]]:
    """Join the lines with "\n" (mapped to the previous line's paragraph, offset -1)."""
    char_paragraph: list[int] = []
    char_offset: list[int] = []
    lines: list[Line] = []
    position = 0
    for work in merged:
        if lines:
            char_paragraph.append(char_paragraph[-1])
            char_offset.append(INSERTED)
            position += 1
        lines.append(_line(work, position))
        char_paragraph.extend(work.paragraphs)
        char_offset.extend(work.offsets)
        position += len(work.text)
    return "\n".join(w.text for w in merged), lines, char_paragraph, char_offset


def normalise_document(document: Document) -> NormalisedText:
    """Build the normalised text of ``document``; see the module docstring for the steps."""
    works = _document_lines(document)
    works, dropped = _drop_boilerplate(works)
    _simplify(works)
    merged = _merge_lines(works)
    text, lines, char_paragraph, char_offset = _join(merged)
    warnings, removed = _removed(dropped, _start_of_originals(works, merged, lines), len(text))
    match_text = "\n".join(w.simplified for w in merged)
    return NormalisedText(
        text, match_text, tuple(lines), char_paragraph, char_offset, tuple(warnings), tuple(removed)
    )


def _start_of_originals(works: list[_Work], merged: list[_Work], lines: list[Line]) -> list[int]:
    """Start offset in the final text of each pre-merge line (for placing dropped-line warnings)."""
    starts: list[int] = []
    merged_index = 0
    consumed = 0
    for work in works:
        target = merged[merged_index]
        if consumed >= len(target.text):
            merged_index += 1
            consumed = 0
            target = merged[merged_index]
        starts.append(lines[merged_index].start + consumed)
        consumed += len(work.text)
    return starts
