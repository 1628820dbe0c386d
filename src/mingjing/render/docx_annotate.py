"""Annotated .docx: the original document with a Word comment (批注) on the exact words of each finding.

A finding's span in ``ParsedReport.text`` is mapped back through ``ParsedReport.source_position`` to source
paragraphs and offsets, then (via :mod:`mingjing.render.docx_align`) to the runs of the .docx. Runs are
split at the span boundaries, keeping their formatting, so each comment covers exactly those characters.
Characters Word renders but the text does not hold (numbering labels) snap to the paragraph start.
Input that is not a .docx (.txt, .md, .pdf …) becomes a new .docx holding its text, then is annotated
the same way. The input file is never written.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import docx
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from mingjing.errors import MingjingError
from mingjing.model import Document, Finding, ParsedReport, Review
from mingjing.render.docx_align import Alignment, align_paragraphs
from mingjing.render.docx_runs import Element, ParagraphChars, body_paragraphs, empty_run_like, split_run
from mingjing.render.sections import clip, sorted_findings
from mingjing.render.source import count_note, location_label

AUTHOR = "明镜"
INITIALS = "MJ"
SUFFIX = ".批注.docx"

# A location in the docx: (paragraph index, character index). For a range the end is inclusive.
Loc = tuple[int, int]


@dataclass(frozen=True)
class Anchor:
    """Where a comment goes: a character range ``first..last`` (inclusive) or, if ``last`` is None, a point."""

    first: Loc
    last: Loc | None


def annotated_name(path: str | None) -> str:
    """``报告.docx`` → ``报告.批注.docx`` (pasted text → ``审阅.批注.docx``)."""
    stem = Path(path).stem if path else "审阅"
    return f"{stem}{SUFFIX}"


def comment_text(finding: Finding, report_text: str | None = None) -> str:
    """The comment body: severity and message, the suggested fix, and the rule id for reference."""
    lines = [f"【{finding.severity.value}】{finding.message}"]
    where = "，".join(x for x in (location_label(finding), count_note(finding)) if x)
    if finding.original is not None and (finding.original != finding.text or not finding.text):
        # the normalised words differ from what the author wrote (half-width marks, blanks, a dropped line)
        lines.append(f"原文：「{clip(finding.original, 40)}」" + (f"（{where}）" if where else ""))
    elif where:
        lines.append(f"位置：{where}")
    if finding.suggestion:
        lines.append(f"建议：{finding.suggestion}")
    if finding.related and report_text is not None:
        quotes = "、".join(f"「{clip(report_text[s.start : s.end], 30)}」" for s in finding.related)
        lines.append(f"相关原文：{quotes}")
    lines.append(f"规则：{finding.rule}")
    return "\n".join(lines)


# ---------------------------------------------------------------------------
# Finding span → docx locations
# ---------------------------------------------------------------------------


def _mapped(report: ParsedReport, alignment: Alignment, offset: int) -> Loc | None:
    pos = report.source_position(offset)
    if pos is None or pos.offset is None or pos.paragraph >= len(alignment):
        return None
    chars = alignment[pos.paragraph]
    return chars[pos.offset] if pos.offset < len(chars) else None


def _paragraph_start(
    report: ParsedReport, alignment: Alignment, offset: int, pars: Sequence[ParagraphChars]
) -> Loc:
    """Point anchor for a span with no mapped character: the start of the source paragraph it sits in."""
    for probe in (offset, offset - 1, offset + 1):
        pos = report.source_position(probe)
        if pos is None or pos.paragraph >= len(alignment):
            continue
        mapped = [loc for loc in alignment[pos.paragraph] if loc is not None]
        if mapped:
            return mapped[0]
    # Nothing in the neighbourhood maps (e.g. an empty paragraph): use the nearest mapped character before.
    for probe in range(min(offset, len(report.text) - 1), -1, -1):
        loc = _mapped(report, alignment, probe)
        if loc is not None:
            return loc
    return (0, 0) if pars else (-1, 0)


def _point(report: ParsedReport, alignment: Alignment, offset: int, pars: Sequence[ParagraphChars]) -> Loc:
    """Point anchor for a zero-length span: before the character at ``offset``, or just after the one
    before it (end of a paragraph); inside a numbering label, the paragraph start."""
    loc = _mapped(report, alignment, offset)
    if loc is not None:
        return loc
    here, before = report.source_position(offset), report.source_position(offset - 1)
    prev = _mapped(report, alignment, offset - 1) if offset > 0 else None
    if prev is not None and (here is None or before is None or here.paragraph == before.paragraph):
        return (prev[0], prev[1] + 1)
    return _paragraph_start(report, alignment, offset, pars)


def _source_anchor(finding: Finding, alignment: Alignment) -> Anchor | None:
    """A finding on a line that is not in the normalised text (a dropped web-page line) covers that line
    in the document, from its source location."""
    source = finding.source
    if finding.start != finding.end or source is None or source.paragraph != source.end_paragraph:
        return None
    if not 0 <= source.paragraph < len(alignment):
        return None
    chars = alignment[source.paragraph][source.offset : source.end_offset]
    locs = [loc for loc in chars if loc is not None]
    return Anchor(locs[0], locs[-1]) if locs else None


def anchor_for(
    finding: Finding, report: ParsedReport, alignment: Alignment, pars: Sequence[ParagraphChars]
) -> Anchor:
    """The docx anchor of a finding: its first and last mapped characters, else a point."""
    locs = [loc for off in range(finding.start, finding.end) if (loc := _mapped(report, alignment, off))]
    if locs:
        return Anchor(locs[0], locs[-1])
    dropped = _source_anchor(finding, alignment)
    if dropped is not None:
        return dropped
    if finding.start == finding.end:
        return Anchor(_point(report, alignment, finding.start, pars), None)
    return Anchor(_paragraph_start(report, alignment, finding.start, pars), None)


# ---------------------------------------------------------------------------
# Splitting runs and placing comments
# ---------------------------------------------------------------------------


class _Pieces:
    """Runs after splitting: maps a (paragraph, character) location to the piece of run that holds it."""

    def __init__(self, pars: Sequence[ParagraphChars], anchors: Sequence[Anchor]) -> None:
        self.pars = pars
        cuts: dict[tuple[int, int], set[int]] = {}
        for anchor in anchors:
            for loc, after in ((anchor.first, False), (anchor.last, True)):
                if loc is not None and self._valid(loc):
                    run_i, off = pars[loc[0]].chars[loc[1]]
                    cuts.setdefault((loc[0], run_i), set()).add(off + 1 if after else off)
        self.pieces: dict[tuple[int, int], list[tuple[int, Element]]] = {
            key: split_run(pars[key[0]].runs[key[1]], sorted(offs)) for key, offs in cuts.items()
        }

    def _valid(self, loc: Loc) -> bool:
        return 0 <= loc[0] < len(self.pars) and 0 <= loc[1] < len(self.pars[loc[0]].chars)

    def at(self, loc: Loc) -> Element:
        """The run piece holding the character at ``loc``."""
        run_i, off = self.pars[loc[0]].chars[loc[1]]
        pieces = self.pieces.get((loc[0], run_i))
        if not pieces:
            return self.pars[loc[0]].runs[run_i]
        return next(el for start, el in reversed(pieces) if start <= off)

    def point(self, loc: Loc) -> Element:
        """A new empty run inserted just before the character at ``loc`` (or at the paragraph's end)."""
        par = self.pars[loc[0]] if 0 <= loc[0] < len(self.pars) else None
        if par is None:
            raise MingjingError("文档中没有可以加批注的段落。")
        if self._valid(loc):
            target = self.at(loc)
            run = empty_run_like(target)
            target.addprevious(run)
        else:
            last = par.runs[-1] if par.runs else None
            run = empty_run_like(last)
            (last.addnext if last is not None else par.element.append)(run)
        return run


def _add_comments(
    document: Any, findings: Sequence[Finding], anchors: Sequence[Anchor], pieces: _Pieces, text: str
) -> int:
    body = document._body
    for finding, anchor in zip(findings, anchors, strict=True):
        if anchor.last is None:
            first = last = pieces.point(anchor.first)
        else:
            first, last = pieces.at(anchor.first), pieces.at(anchor.last)
        runs = [Run(first, Paragraph(first.getparent(), body)), Run(last, Paragraph(last.getparent(), body))]
        document.add_comment(runs, text=comment_text(finding, text), author=AUTHOR, initials=INITIALS)
    return len(findings)


def annotate(document: Any, review: Review, alignment: Alignment, pars: Sequence[ParagraphChars]) -> int:
    """Add one comment per finding to an open python-docx document; returns how many were added."""
    findings = sorted_findings(review.findings)
    anchors = [anchor_for(f, review.report, alignment, pars) for f in findings]
    return _add_comments(document, findings, anchors, _Pieces(pars, anchors), review.report.text)


# ---------------------------------------------------------------------------
# Opening the original or building a new document
# ---------------------------------------------------------------------------


def _set_chinese_font(document: Any) -> None:
    style = document.styles["Normal"]
    style.font.name = "宋体"
    style.font.size = Pt(12)
    rpr = style.element.get_or_add_rPr()
    rpr.get_or_add_rFonts().set(qn("w:eastAsia"), "宋体")


def _add_run(paragraph: Any, text: str) -> Any:
    run = paragraph.add_run()
    if "\t" in text or "\n" in text or "\r" in text:
        run.text = text  # python-docx turns these into w:tab / w:br
    else:
        run._r.add_t(text)  # much faster than the run.text setter for plain text
    return run


def build_docx(source: Document) -> tuple[Any, Alignment, list[ParagraphChars]]:
    """A new .docx with one paragraph per source paragraph (numbering labels as their own runs)."""
    document = docx.Document()
    _set_chinese_font(document)
    alignment: Alignment = []
    pars: list[ParagraphChars] = []
    for i, sp in enumerate(source.paragraphs):
        par = document.add_paragraph()
        label = _add_run(par, sp.numbering) if sp.numbering else None
        run = _add_run(par, sp.text)
        for r in (label, run):
            if r is not None and (sp.bold or sp.kind == "heading"):
                r.bold = True
        chars = ParagraphChars.of(par._p)
        skip = len(sp.numbering or "")
        pars.append(chars)
        alignment.append([(i, skip + k) for k in range(len(sp.text))])
    return document, alignment, pars


def _docx_from_original(
    report: ParsedReport, data: bytes | None
) -> tuple[Any, Alignment, list[ParagraphChars]] | None:
    """Open the original .docx (``data`` if given, else its path) and align it with the report; None
    when it cannot be used."""
    try:
        document = docx.Document(io.BytesIO(data) if data is not None else str(report.document.path))
    except Exception:  # python-docx raises many kinds for packages it cannot handle (e.g. Strict OOXML)
        return None
    pars = [ParagraphChars.of(p) for p in body_paragraphs(document.element.body)]
    alignment = align_paragraphs([p.text for p in report.document.paragraphs], [p.text for p in pars])
    total = sum(len(chars) for chars in alignment)
    mapped = sum(loc is not None for chars in alignment for loc in chars)
    # Mostly unmatched means this is not the document the report was read from (or python-docx sees
    # another body than the reader did): a rebuilt copy is better than comments in the wrong places.
    return (document, alignment, pars) if mapped >= total * 0.9 else None


def _is_original_docx(report: ParsedReport) -> bool:
    path = report.document.path
    return report.document.format == "docx" and path is not None and Path(path).is_file()


@dataclass(frozen=True)
class Annotated:
    """What :func:`write_annotated_docx` wrote."""

    path: Path
    comments: int
    rebuilt: bool  # True when the input was a .docx that could not be used, so the text was rebuilt


def write_annotated_docx(review: Review, output: Path, *, original: bytes | None = None) -> Annotated:
    """Write the annotated copy to ``output`` (a file path or an existing directory).

    A .docx input keeps its own layout and formatting; any other input (or a .docx python-docx cannot
    open) becomes a new .docx holding the text. ``original`` supplies the .docx bytes when the file at
    ``Document.path`` is gone (e.g. an upload already deleted). The input file itself is never written.
    """
    report = review.report
    target = output / annotated_name(report.document.path) if output.is_dir() else output
    source = Path(report.document.path).resolve() if report.document.path else None
    if source is not None and target.resolve() == source:
        raise MingjingError("批注文件不能覆盖原始文件。", hint="请换一个输出位置。")
    is_docx = report.document.format == "docx" and (original is not None or _is_original_docx(report))
    opened = _docx_from_original(report, original) if is_docx else None
    document, alignment, pars = opened or build_docx(report.document)
    count = annotate(document, review, alignment, pars)
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        document.save(str(target))
    except OSError as err:
        raise MingjingError(
            f"无法写入批注文件“{target}”：{err.strerror or err}。", hint="请检查输出目录是否可写。"
        ) from err
    return Annotated(target, count, opened is None and report.document.format == "docx")
