"""Whether a line was broken inside a sentence (PDF and web pastes) and should join the next one.

The rule, in order:

* lines from different containers (body / one table cell), bold or heading-styled lines and lines
  carrying Word numbering never merge;
* a line that ends a sentence (。！？；：…, optionally followed by closing quotes) does not merge,
  nor does a closing line ("以上是我的对照检查，请同志们批评指正", even without its 。): what follows
  it is a signature, a date or page furniture, never the rest of its sentence;
* the next line must not start with a numbering label or be a date line;
* a line ending inside a clause (，、“《（—) merges;
* heading-shaped lines never merge: lines ending in 方面 or in a title word (材料、提纲、发言…), the
  header block at the top (lines before the first one that contains "，" or "。"), and numbered
  heading lines ("一、" "（一）" "1.") of up to 40 characters;
* otherwise a line merges when it fills the document's wrap width (hard-wrapped PDF text: most
  unpunctuated lines share one display width) or is at least 15 characters long.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from mingjing.text.chars import CLOSERS, SENTENCE_END, display_width
from mingjing.text.numbering import ITEM_ONLY_FAMILIES, marker_at

_CONTINUATION = "，、,“‘《（(—"
_TITLE_END_RE = re.compile(
    r"(材料|提纲|发言|发言稿|讲话|报告|剖析|检查|方面|方面存在的问题|方面的问题)[：:]?$"
)
_CLOSING_RE = re.compile(r"批评指正|批评帮助|不妥之处|不当之处|^(以上|上述).{0,30}(对照检查|发言|汇报)")
_DATE_RE = re.compile(r"^[（(]?\d{4}\s*年(\s*\d{1,2}\s*月)?(\s*\d{1,2}\s*日)?[)）]?$")
MIN_MERGE_LENGTH = 15
MAX_NUMBERED_HEADING = 40
_WRAP_MIN_WIDTH = 30
_WRAP_SLACK = 4


def ends_sentence(line: str) -> bool:
    """Whether ``line`` ends with sentence-final punctuation (closing quotes allowed after it)."""
    stripped = line.rstrip(CLOSERS)
    return bool(stripped) and stripped[-1] in SENTENCE_END


def detect_wrap_width(lines: Sequence[str]) -> int | None:
    """The display width at which a hard-wrapped text breaks its lines, or None if it is not wrapped.

    Takes the widths of unpunctuated lines at least 30 columns wide and looks for a narrow band that
    holds at least three of them and half of all; the band's upper end is the wrap width.
    """
    widths = [display_width(line) for line in lines if not ends_sentence(line)]
    widths = [w for w in widths if w >= _WRAP_MIN_WIDTH]
    if len(widths) < 3:
        return None
    counts = Counter(widths)
    best_width, best_count = 0, 0
    for top in counts:
        count = sum(n for w, n in counts.items() if top - _WRAP_SLACK <= w <= top)
        if count > best_count or (count == best_count and top > best_width):
            best_width, best_count = top, count
    if best_count >= 3 and best_count * 2 >= len(widths):
        return best_width
    return None


def header_block_size(lines: Sequence[str]) -> int:
    """How many leading lines form the title block (no "，" or "。" in any of them)."""
    for index, line in enumerate(lines):
        if "，" in line or "。" in line:
            return index
    return len(lines)


def _numbered_heading(simplified: str) -> bool:
    marker = marker_at(simplified, 0)
    if marker is None or marker.family in ITEM_ONLY_FAMILIES:
        return False
    return len(simplified) <= MAX_NUMBERED_HEADING


def should_merge(
    line: str, nxt: str, *, simplified: str, next_simplified: str, wrap_width: int | None
) -> bool:
    """Whether ``line`` continues on ``nxt`` (both already cleaned; ``simplified`` for pattern tests)."""
    if not line or not nxt or ends_sentence(line) or _CLOSING_RE.search(simplified):
        return False
    next_marker = marker_at(next_simplified, 0)
    if (next_marker is not None and next_marker.family != "missing-shi") or _DATE_RE.match(nxt):
        return False
    if line[-1] in _CONTINUATION:
        return True
    if _TITLE_END_RE.search(simplified):
        return False
    if wrap_width is not None and display_width(line) >= wrap_width - _WRAP_SLACK:
        return True
    if _numbered_heading(simplified):
        return False
    return len(line) >= MIN_MERGE_LENGTH
