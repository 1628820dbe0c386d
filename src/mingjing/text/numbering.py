"""Numbering labels as they are written in reports: 一、 （一） 一是 第一， 首先， 1. （1） ① ….

A :class:`Marker` is one label found at a given position of the (simplified) text. Families group the
labels that count in one sequence: "一是/二是" is one family, "（一）/（二）" another. Which family
plays which role (part, aspect, item, sub-item) is decided by the parser from context, not here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mingjing.text.chars import CLOSERS

_CN_DIGIT = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
CN_NUMERALS = "一二三四五六七八九十"

# Families. Kept as plain strings so they can appear in JSON and warnings.
DUN = "dun"  # 一、 一．
PAREN_CN = "paren-cn"  # （一） (一) ㈠
SHI = "shi"  # 一是 二是
YAO = "yao"  # 一要 二要
DI = "di"  # 第一， 第二、
DI_PART = "di-part"  # 第一部分
QI = "qi"  # 其一， 其二
SEQ = "seq"  # 首先 其次 再次 最后
ARABIC = "arabic"  # 1. 1、 1．
ARABIC_PAREN = "arabic-paren"  # （1） (1) 1） 1) ⑴
CIRCLED = "circled"  # ① ②
MISSING_SHI = "missing-shi"  # 是…… where 一是 was meant (only meaningful inside a 一是 sequence)

ITEM_ONLY_FAMILIES = frozenset({SHI, YAO, DI, QI, SEQ, CIRCLED, MISSING_SHI})
_SEQ_ORDINALS = {"首先": 1, "其次": 2, "再次": 3, "再者": 3, "最后": None}

_CN = f"[{CN_NUMERALS}]{{1,3}}"
_MARKER_SOURCE = (
    rf"(?P<paren_cn>[（(][ \t]*(?P<n_paren_cn>{_CN})[ \t]*[）)]|(?P<n_pcn_char>[㈠-㈩]))"
    rf"|(?P<arabic_paren>(?:[（(][ \t]*(?P<n_ap1>\d{{1,2}})[ \t]*[）)])|(?:(?P<n_ap2>\d{{1,2}})[ \t]*[）)])"
    r"|(?P<n_ap_char>[⑴-⒇]))"
    rf"|(?P<di_part>第(?P<n_di_part>{_CN})部分)"
    rf"|(?P<di>第(?P<n_di>{_CN})(?=[，,、：:．.]))"
    rf"|(?P<qi>其(?P<n_qi>[{CN_NUMERALS}]{{1,2}})(?=[，,、：:．.]))"
    r"|(?P<seq>首先|其次|再次|再者|最后)(?=[，,、：:])"
    rf"|(?P<shi>(?P<n_shi>{_CN})是)"
    rf"|(?P<yao>(?P<n_yao>{_CN})要(?![素求]))"
    rf"|(?P<dun>(?P<n_dun>{_CN})[ \t]*[、．.](?!\d))"
    r"|(?P<arabic>(?P<n_arabic>\d{1,2})[ \t]*(?:[、．]|\.(?!\d)))"
    r"|(?P<circled>[①-⑳])"
    r"|(?P<missing>是(?![的否不非])(?=[\u4e00-\u9fff“]))"
)
_SEPARATOR_RE = re.compile(r"[ \t，,、：:．.]*")
MARKER_RE = re.compile(_MARKER_SOURCE)
# Where an inline marker may start: after a sentence end (and any closing quotes / blanks).
_INLINE_CANDIDATE_RE = re.compile(
    rf"[。；：！？;:!?，,][{CLOSERS}]*[ \t]*(?=[（(①-⑳⑴-⒇㈠-㈩第其首再最是{CN_NUMERALS}0-9])"
)
# After a comma only explicit enumeration labels count ("……问题，一是……，二是……"): not "是"
# (a missing numeral), 首先/最后, "二、" or "2." (which are as likely to be part of the sentence).
_AFTER_COMMA_FAMILIES = frozenset({SHI, YAO, DI, QI, PAREN_CN, ARABIC_PAREN, CIRCLED})
_GROUP_FAMILY = (
    ("paren_cn", PAREN_CN),
    ("arabic_paren", ARABIC_PAREN),
    ("di_part", DI_PART),
    ("di", DI),
    ("qi", QI),
    ("seq", SEQ),
    ("shi", SHI),
    ("yao", YAO),
    ("dun", DUN),
    ("arabic", ARABIC),
    ("circled", CIRCLED),
    ("missing", MISSING_SHI),
)


@dataclass(frozen=True, slots=True)
class Marker:
    """A numbering label at ``start``; ``end`` is where the labelled content begins (after separators)."""

    family: str
    ordinal: int | None
    start: int
    label_end: int  # end of the label itself ("一是", "（一）", "1.")
    end: int  # end of label plus separators ("第一，" → after "，")
    inline: bool = False  # found after a sentence end rather than at a line start


def cn_to_int(numeral: str) -> int | None:
    """Value of a Chinese numeral up to 九十九 (一, 十, 十二, 二十, 二十三); None if malformed."""
    if not numeral:
        return None
    if "十" not in numeral:
        if len(numeral) != 1:
            return None
        return _CN_DIGIT.get(numeral)
    head, _, tail = numeral.partition("十")
    tens = 1 if head == "" else _CN_DIGIT.get(head)
    ones = 0 if tail == "" else _CN_DIGIT.get(tail)
    if tens is None or ones is None or len(head) > 1 or len(tail) > 1:
        return None
    return tens * 10 + ones


def _ordinal(match: re.Match[str], group: str) -> int | None:
    if group == "seq":
        return _SEQ_ORDINALS[match.group("seq")]
    if group == "circled":
        return ord(match.group("circled")) - ord("①") + 1
    if group == "missing":
        return None
    if group == "arabic_paren":
        if match.group("n_ap_char"):  # ⑴ … ⒇, one character
            return ord(match.group("n_ap_char")) - ord("⑴") + 1
        return int(match.group("n_ap1") or match.group("n_ap2"))
    if group == "paren_cn" and match.group("n_pcn_char"):  # ㈠ … ㈩, one character
        return ord(match.group("n_pcn_char")) - ord("㈠") + 1
    if group == "arabic":
        return int(match.group("n_arabic"))
    return cn_to_int(match.group(f"n_{group}"))


def marker_at(text: str, pos: int, *, inline: bool = False) -> Marker | None:
    """The marker starting exactly at ``pos`` of ``text`` (simplified text), if any."""
    match = MARKER_RE.match(text, pos)
    if match is None:
        return None
    group = match.lastgroup
    family = next((fam for name, fam in _GROUP_FAMILY if name == group), None)
    if group is None or family is None:
        return None
    ordinal = _ordinal(match, group)
    if ordinal is None and family not in (SEQ, MISSING_SHI):
        return None
    label_end = match.end()
    if family == MISSING_SHI:
        label_end = pos + 1
    end = _SEPARATOR_RE.match(text, label_end)
    content = end.end() if end is not None else label_end
    return Marker(family, ordinal, pos, label_end, content, inline)


def line_marker(text: str, start: int = 0) -> Marker | None:
    """The marker at the start of a line (``start`` is the line's first character)."""
    return marker_at(text, start)


def inline_markers(text: str, start: int, end: int, *, after_comma: bool = True) -> list[Marker]:
    """Markers inside ``text[start:end]`` that begin a sentence (after 。；：！？ and closing quotes),
    or that continue an enumeration after a comma (一是/第一/（一）/（1）/① families only)."""
    found: list[Marker] = []
    for candidate in _INLINE_CANDIDATE_RE.finditer(text, start, end):
        marker = marker_at(text, candidate.end(), inline=True)
        if marker is None or marker.end > end:
            continue
        if candidate.group()[0] in "，," and (not after_comma or marker.family not in _AFTER_COMMA_FAMILIES):
            continue
        found.append(marker)
    return found


def starts_with_marker(text: str) -> bool:
    """Whether a line starts with a numbering label (the missing-numeral form does not count)."""
    marker = marker_at(text, 0)
    return marker is not None and marker.family != MISSING_SHI
