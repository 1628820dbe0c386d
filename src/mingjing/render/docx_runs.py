"""Low-level .docx XML helpers: paragraphs in the reader's order, the characters of their runs, run splitting.

The walk mirrors :mod:`mingjing.readers.docx` so that, paragraph for paragraph, the text seen here is the
text the reader produced: body paragraphs and table cells in document order (through content controls
and custom XML), text-box paragraphs right after the paragraph that anchors them; inside a paragraph,
runs in hyperlinks, fields, smart tags and insertions, but not deleted, moved-from or hidden runs.
Run characters: ``w:t`` text, ``w:tab``/``w:ptab`` → tab, ``w:br``/``w:cr`` → newline,
``w:noBreakHyphen`` → "-", ``w:sym`` → its character (private-use symbols count as nothing).
"""

from __future__ import annotations

import copy
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from docx.oxml.ns import qn
from docx.oxml.parser import OxmlElement

Element = Any  # lxml elements from python-docx's oxml layer

_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_FALLBACK = f"{{{_MC}}}Fallback"
_P, _R, _TBL, _TR, _TC = qn("w:p"), qn("w:r"), qn("w:tbl"), qn("w:tr"), qn("w:tc")
_RPR, _VANISH, _VAL, _CHAR = qn("w:rPr"), qn("w:vanish"), qn("w:val"), qn("w:char")
_TXBX, _T, _SYM = qn("w:txbxContent"), qn("w:t"), qn("w:sym")
_CONTAINERS = frozenset((qn("w:sdt"), qn("w:sdtContent"), qn("w:customXml")))
_FIXED = {
    qn("w:tab"): "\t",
    qn("w:ptab"): "\t",
    qn("w:br"): "\n",
    qn("w:cr"): "\n",
    qn("w:noBreakHyphen"): "-",
}
_SKIP_INLINE = frozenset(
    [
        qn(f"w:{t}")
        for t in ("pPr", "rPr", "sdtPr", "sdtEndPr", "moveFrom", "proofErr", "bookmarkStart", "del")
    ]
    + [_FALLBACK]
)
_EMBEDS = frozenset((qn("w:drawing"), qn("w:pict"), qn("w:object"), f"{{{_MC}}}AlternateContent"))
_FALSE = frozenset(("0", "false", "off", "none"))
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


# ---------------------------------------------------------------------------
# Walking paragraphs and runs
# ---------------------------------------------------------------------------


def _children(parent: Element, tag: str) -> Iterator[Element]:
    """Direct children with ``tag``, looking through content controls and custom XML wrappers."""
    for child in parent:
        if child.tag == tag:
            yield child
        elif child.tag in _CONTAINERS:
            yield from _children(child, tag)


def body_paragraphs(container: Element) -> Iterator[Element]:
    """``w:p`` elements of a body (or cell, or text box) in the reader's order."""
    for child in container:
        if child.tag == _P:
            yield child
            for box in _text_boxes(child):
                yield from body_paragraphs(box)
        elif child.tag == _TBL:
            for row in _children(child, _TR):
                for cell in _children(row, _TC):
                    yield from body_paragraphs(cell)
        elif child.tag in _CONTAINERS:
            yield from body_paragraphs(child)


def _hidden(run: Element) -> bool:
    rpr = run.find(_RPR)
    vanish = rpr.find(_VANISH) if rpr is not None else None
    return vanish is not None and (vanish.get(_VAL) or "true").lower() not in _FALSE


def _inline_runs(parent: Element) -> Iterator[Element]:
    for child in parent:
        if child.tag == _R:
            if not _hidden(child):
                yield child
        elif child.tag not in _SKIP_INLINE and isinstance(child.tag, str):
            yield from _inline_runs(child)  # hyperlinks, smart tags, fields, insertions, inline controls


def paragraph_runs(p: Element) -> list[Element]:
    """The visible runs of a paragraph, in order (those of its text boxes belong to other paragraphs)."""
    return list(_inline_runs(p))


def _text_boxes(p: Element) -> Iterator[Element]:
    """Outermost text boxes anchored in the paragraph's runs, skipping the VML copy in ``mc:Fallback``."""
    for run in _inline_runs(p):
        for child in run:
            if child.tag not in _EMBEDS:
                continue
            for box in child.iter(_TXBX):
                tags = {a.tag for a in box.iterancestors()}
                if _FALLBACK not in tags and _TXBX not in tags:
                    yield box


def child_text(child: Element) -> str:
    """The characters one run child contributes."""
    tag = child.tag
    if tag == _T:
        return str(child.text or "")
    if tag in _FIXED:
        return _FIXED[tag]
    if tag == _SYM:
        try:
            code = int(child.get(_CHAR) or "", 16)
        except ValueError:
            return ""
        return "" if 0xE000 <= code <= 0xF8FF or code <= 0x1F else chr(code)
    return ""


def run_text(run: Element) -> str:
    return "".join(child_text(c) for c in run)


@dataclass
class ParagraphChars:
    """One docx paragraph and, per character of its text, the run holding it and the offset in that run."""

    element: Element
    runs: list[Element]
    chars: list[tuple[int, int]] = field(default_factory=list)  # (index into runs, offset in run)
    text: str = ""

    @classmethod
    def of(cls, p: Element) -> ParagraphChars:
        runs = paragraph_runs(p)
        chars: list[tuple[int, int]] = []
        texts = []
        for i, run in enumerate(runs):
            text = run_text(run)
            texts.append(text)
            chars.extend((i, k) for k in range(len(text)))
        return cls(p, runs, chars, "".join(texts))


# ---------------------------------------------------------------------------
# Splitting runs
# ---------------------------------------------------------------------------


def _new_text(text: str) -> Element:
    t = OxmlElement("w:t")
    t.text = text
    if text != text.strip():
        t.set(_XML_SPACE, "preserve")
    return t


def _empty_like(run: Element) -> Element:
    """A new run with the same attributes and properties (formatting) as ``run`` and no content."""
    new = OxmlElement("w:r")
    for key, value in run.attrib.items():
        new.set(key, value)
    rpr = run.find(_RPR)
    if rpr is not None:
        new.append(copy.deepcopy(rpr))
    return new


def _split_once(run: Element, at: int) -> Element:
    """Move everything from character ``at`` on into a new run right after ``run``; return the new run."""
    right = _empty_like(run)
    pos = 0
    for child in [c for c in run if c.tag != _RPR]:
        length = len(child_text(child))
        if pos >= at:
            right.append(child)  # lxml moves the element
        elif pos + length > at:  # only a w:t holds more than one character
            whole = str(child.text or "")
            child.text = whole[: at - pos]
            if child.text != child.text.strip():
                child.set(_XML_SPACE, "preserve")
            right.append(_new_text(whole[at - pos :]))
        pos += length
    run.addnext(right)
    return right


def split_run(run: Element, cuts: Sequence[int]) -> list[tuple[int, Element]]:
    """Split ``run`` at the given character offsets, preserving its formatting.

    Returns ``(start offset, run element)`` for each piece, in order; the first piece is ``run`` itself.
    """
    length = len(run_text(run))
    pieces = [(0, run)]
    done = 0
    current = run
    for cut in sorted({c for c in cuts if 0 < c < length}):
        current = _split_once(current, cut - done)
        done = cut
        pieces.append((cut, current))
    return pieces


def empty_run_like(run: Element | None) -> Element:
    """An empty run, formatted like ``run`` when given, to anchor a comment on a point."""
    return OxmlElement("w:r") if run is None else _empty_like(run)
