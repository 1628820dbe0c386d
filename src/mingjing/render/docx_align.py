"""Align the reader's source paragraphs with the paragraphs of a .docx, character by character.

The reader and this module both walk the body in reading order, but they may differ in details (empty
paragraphs skipped, a table cell read as one paragraph, whitespace normalised). Equal paragraphs are
matched directly; only the stretches that differ fall back to a character-level diff.
"""

from __future__ import annotations

from collections.abc import Sequence
from difflib import SequenceMatcher

# Per source paragraph, per character: (docx paragraph index, character index) or None when unmatched.
Alignment = list[list[tuple[int, int] | None]]


def _identity(alignment: Alignment, src: int, dst: int, length: int) -> None:
    alignment[src] = [(dst, k) for k in range(length)]


def _positions(texts: Sequence[str], first: int) -> list[tuple[int, int] | None]:
    """Per character of ``"\\n".join(texts)``: (paragraph index, offset); separators map to None."""
    out: list[tuple[int, int] | None] = []
    for i, text in enumerate(texts):
        if i:
            out.append(None)
        out.extend((first + i, k) for k in range(len(text)))
    return out


def _align_block(
    alignment: Alignment, src_texts: Sequence[str], dst_texts: Sequence[str], src0: int, dst0: int
) -> None:
    """Character-level alignment of a run of differing paragraphs."""
    a, b = "\n".join(src_texts), "\n".join(dst_texts)
    a_pos, b_pos = _positions(src_texts, src0), _positions(dst_texts, dst0)
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            src, dst = a_pos[block.a + k], b_pos[block.b + k]
            if src is not None and dst is not None:
                alignment[src[0]][src[1]] = dst


def _align_replaced(alignment: Alignment, src: Sequence[str], dst: Sequence[str], i1: int, j1: int) -> None:
    if len(src) == len(dst):
        # Paragraph counts agree: diff each pair on its own (small strings, fast).
        for k, (s, d) in enumerate(zip(src, dst, strict=True)):
            _align_block(alignment, [s], [d], i1 + k, j1 + k)
    else:
        _align_block(alignment, src, dst, i1, j1)


def align_paragraphs(src_texts: Sequence[str], dst_texts: Sequence[str]) -> Alignment:
    """Map every character of every source paragraph to a (docx paragraph, character) position."""
    alignment: Alignment = [[None] * len(t) for t in src_texts]
    matcher = SequenceMatcher(None, list(src_texts), list(dst_texts), autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for k in range(i2 - i1):
                _identity(alignment, i1 + k, j1 + k, len(src_texts[i1 + k]))
        elif tag == "replace":
            _align_replaced(alignment, src_texts[i1:i2], dst_texts[j1:j2], i1, j1)
    return alignment
