"""Clean-up inside one line, keeping a per-character map back to the source.

Two kinds of edit happen here: deleting stray blanks (the map loses those positions) and replacing
half-width punctuation with full-width (one character for one, so the map is unchanged).

Stray blanks are blanks between CJK characters ("理 论 学 习", PDF and web leftovers inside
sentences) or between CJK and digits ("2023 年"). One exception, for title-block lines only (the
caller says which): a separator between two words, i.e. an ideographic space or a run of two or
more blanks with at least two ideographs on each side ("副局长　杨振华"), keeps its first
character. Letter-spaced titles ("对　照　检　查") still close up: single characters are not words.
"""

from __future__ import annotations

import re

from mingjing.text.chars import BLANK, CJKISH, IDEOGRAPH, has_ideograph

# Blanks between CJK characters ("理 论 学 习") or between CJK and digits ("2023 年").
_STRAY_BLANK_RE = re.compile(f"(?<=[{CJKISH}])[{BLANK}]+(?=[{CJKISH}0-9])|(?<=[0-9])[{BLANK}]+(?=[{CJKISH}])")
# A word separator in a title-block line (see the module docstring).
_SEPARATOR_RE = re.compile(
    f"(?<=[{IDEOGRAPH}][{IDEOGRAPH}])(?:\u3000[{BLANK}]*|[{BLANK}]{{2,}})(?=[{IDEOGRAPH}]{{2}})"
)
_HALF_PUNCT = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}
# Half-width punctuation after a CJK character, followed by CJK, a digit, a blank or the line end.
# Numbers such as "1." and "3.5" are untouched because a digit precedes the mark.
_PUNCT_RE = re.compile(f"(?<=[{CJKISH}])[,;:?!](?=[{CJKISH}0-9{BLANK}]|$)")
_PERIOD_RE = re.compile(f"(?<=[{IDEOGRAPH}])\\.(?=[{IDEOGRAPH}]|$)")
# Brackets enclosing CJK text where at least one side is half-width: "(三）" "(理论学习)".
_BRACKET_RE = re.compile(r"[(（]([^()（）\n]{1,40})[)）]")
_NEEDS_PUNCT_WORK_RE = re.compile(r"[,;:?!.()]")


def _separator_end(text: str, start: int, end: int) -> int:
    """Where the deletion of the blanks ``[start, end)`` begins: after one kept separator, if any."""
    separator = _SEPARATOR_RE.match(text, start)
    return start + 1 if separator is not None and separator.end() == end else start


def remove_stray_blanks(
    text: str, offsets: list[int], *, keep_separators: bool = False
) -> tuple[str, list[int]]:
    """Delete blanks that sit between CJK characters; ``offsets`` follows the kept characters.

    With ``keep_separators`` (title-block lines), a blank separating two words keeps one character.
    """
    pieces: list[str] = []
    kept: list[int] = []
    last = 0
    for match in _STRAY_BLANK_RE.finditer(text):
        start = _separator_end(text, match.start(), match.end()) if keep_separators else match.start()
        pieces.append(text[last:start])
        kept.extend(offsets[last:start])
        last = match.end()
    if not pieces:
        return text, offsets
    pieces.append(text[last:])
    kept.extend(offsets[last:])
    return "".join(pieces), kept


def _full_brackets(match: re.Match[str]) -> str:
    inner = match.group(1)
    whole = match.group(0)
    if not has_ideograph(inner) or (whole[0] == "（" and whole[-1] == "）"):
        return whole
    return f"（{inner}）"


def full_width_punctuation(text: str) -> str:
    """Half-width , ; : ? ! . ( ) next to CJK text become full-width; lengths never change."""
    if _NEEDS_PUNCT_WORK_RE.search(text) is None:
        return text
    text = _PUNCT_RE.sub(lambda m: _HALF_PUNCT[m.group(0)], text)
    text = _PERIOD_RE.sub("。", text)
    return _BRACKET_RE.sub(_full_brackets, text)
