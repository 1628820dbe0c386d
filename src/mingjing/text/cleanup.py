"""Clean-up inside one line, keeping a per-character map back to the source.

Two kinds of edit happen here: deleting stray blanks (the map loses those positions) and replacing
half-width punctuation with full-width (one character for one, so the map is unchanged).
"""

from __future__ import annotations

import re

from mingjing.text.chars import BLANK, CJKISH, IDEOGRAPH, has_ideograph

# Blanks between CJK characters ("理 论 学 习") or between CJK and digits ("2023 年").
_STRAY_BLANK_RE = re.compile(f"(?<=[{CJKISH}])[{BLANK}]+(?=[{CJKISH}0-9])|(?<=[0-9])[{BLANK}]+(?=[{CJKISH}])")
_HALF_PUNCT = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！"}
# Half-width punctuation after a CJK character, followed by CJK, a digit, a blank or the line end.
# Numbers such as "1." and "3.5" are untouched because a digit precedes the mark.
_PUNCT_RE = re.compile(f"(?<=[{CJKISH}])[,;:?!](?=[{CJKISH}0-9{BLANK}]|$)")
_PERIOD_RE = re.compile(f"(?<=[{IDEOGRAPH}])\\.(?=[{IDEOGRAPH}]|$)")
# Brackets enclosing CJK text where at least one side is half-width: "(三）" "(理论学习)".
_BRACKET_RE = re.compile(r"[(（]([^()（）\n]{1,40})[)）]")
_NEEDS_PUNCT_WORK_RE = re.compile(r"[,;:?!.()]")


def remove_stray_blanks(text: str, offsets: list[int]) -> tuple[str, list[int]]:
    """Delete blanks that sit between CJK characters; ``offsets`` follows the kept characters."""
    pieces: list[str] = []
    kept: list[int] = []
    last = 0
    for match in _STRAY_BLANK_RE.finditer(text):
        pieces.append(text[last : match.start()])
        kept.extend(offsets[last : match.start()])
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
