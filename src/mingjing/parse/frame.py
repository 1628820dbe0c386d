"""The frame around the parts: header lines, preamble, closing lines and the meeting kind.

* Header: the leading lines that look like a title block — at most 60 characters, no "，" or "。",
  no sentence-final punctuation, no numbering label and no part heading (title, unit, name, date).
* Closing: scanning back from the last line, first a web page footer (:func:`mingjing.text.boilerplate.
  footer_start`: kept in the text, it belongs to the closing), then signature/date lines (short, unpunctuated,
  unnumbered), then closing sentences ("以上是我的对照检查，请同志们批评指正。"); the closing runs
  from the earliest of these to the end.
* Meeting kind: the first 民主生活会/组织生活会 in the header and preamble (else in the first 1,000
  characters of the text).
"""

from __future__ import annotations

import re

from mingjing.parse.context import ParseContext
from mingjing.parse.headings import part_candidate
from mingjing.parse.vocabulary import MEETING_RE, is_closing_line, is_date_line
from mingjing.text.boilerplate import is_footer
from mingjing.text.merge import ends_sentence

MAX_HEADER_LINE = 60
MAX_SIGNATURE_LINE = 30
MAX_NAME_LINE = 20
_PUNCTUATED_RE = re.compile(r"[，。；！？,;!?]")
_MEETING_FALLBACK_CHARS = 1000


def header_size(ctx: ParseContext, limit: int) -> int:
    """How many leading lines (before ``limit``) form the header block."""
    for index in range(min(limit, len(ctx.lines))):
        text = ctx.line_text(index)
        if len(text) > MAX_HEADER_LINE or _PUNCTUATED_RE.search(text) or ends_sentence(text):
            return index
        if ctx.markers[index] is not None or part_candidate(ctx, index) is not None:
            return index
    return min(limit, len(ctx.lines))


def _is_signature(ctx: ParseContext, index: int) -> bool:
    text = ctx.line_text(index)
    if len(text) > MAX_SIGNATURE_LINE or _PUNCTUATED_RE.search(text) or ctx.markers[index] is not None:
        return False
    if part_candidate(ctx, index) is not None:
        return False
    return is_date_line(text) or len(text) <= MAX_NAME_LINE


def closing_start(ctx: ParseContext, first: int) -> int | None:
    """Index of the first closing line (no earlier than line ``first``), or None."""
    index = len(ctx.lines) - 1
    footer: int | None = None
    while index >= first and is_footer(ctx.line_text(index)):
        footer, index = index, index - 1
    signature: int | None = None
    while index >= first and _is_signature(ctx, index):
        signature, index = index, index - 1
    closing: int | None = None
    while index >= first and is_closing_line(ctx.line_match_text(index)):
        closing, index = index, index - 1
    return next((line for line in (closing, signature, footer) if line is not None), None)


def meeting_kind(ctx: ParseContext, front_end: int) -> str | None:
    """民主生活会 / 组织生活会 named in the text before ``front_end`` (header and preamble)."""
    match = MEETING_RE.search(ctx.match_text, 0, front_end)
    if match is None:
        match = MEETING_RE.search(ctx.match_text, 0, min(len(ctx.match_text), _MEETING_FALLBACK_CHARS))
    return match.group() if match is not None else None
