"""Render list numbers the way Word draws them: 一、（一）、1.、①、a)、iv …

Only the number formats (``w:numFmt``) and ``w:lvlText`` templates are handled here; which counter
value a paragraph gets is worked out in :mod:`mingjing.readers.docx`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

CHINESE_DIGITS = "〇一二三四五六七八九"
_LEGAL_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_HEAVENLY_STEMS = "甲乙丙丁戊己庚辛壬癸"
_EARTHLY_BRANCHES = "子丑寅卯辰巳午未申酉戌亥"
_ROMAN = (
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
)
_PLACEHOLDER = re.compile(r"%([1-9])")


def chinese_counting(n: int) -> str:
    """Word's ``chineseCounting``: 一 … 十、十一 … 九十九; from 100 on, digit by digit (一〇〇)."""
    if n <= 0:
        return str(n)
    if n < 100:
        return _chinese_below_100(n)
    return "".join(CHINESE_DIGITS[int(d)] for d in str(n))


def chinese_counting_thousand(n: int, digits: str = CHINESE_DIGITS, units: str = "十百千") -> str:
    """Word's ``chineseCountingThousand``: fully grouped (一百〇一, 一千二百); 万 above 9999."""
    if n <= 0:
        return str(n)
    if n >= 10000:
        high, low = divmod(n, 10000)
        rest = chinese_counting_thousand(low, digits, units) if low else ""
        gap = digits[0] if 0 < low < 1000 else ""
        return chinese_counting_thousand(high, digits, units) + "万" + gap + rest
    if n < 100 and digits == CHINESE_DIGITS:
        return _chinese_below_100(n)
    return _grouped_below_10000(n, digits, units)


def _chinese_below_100(n: int) -> str:
    tens, ones = divmod(n, 10)
    if tens == 0:
        return CHINESE_DIGITS[ones]
    head = "" if tens == 1 else CHINESE_DIGITS[tens]
    return head + "十" + (CHINESE_DIGITS[ones] if ones else "")


def _grouped_below_10000(n: int, digits: str, units: str) -> str:
    parts: list[str] = []
    pending_zero = False
    for power, unit in ((1000, units[2]), (100, units[1]), (10, units[0]), (1, "")):
        digit = n // power % 10
        if digit == 0:
            pending_zero = bool(parts)
            continue
        if pending_zero:
            parts.append(digits[0])
            pending_zero = False
        parts.append(digits[digit] + unit)
    return "".join(parts)


def chinese_legal(n: int) -> str:
    """``chineseLegalSimplified``: 壹、贰 … 壹拾壹."""
    return chinese_counting_thousand(n, _LEGAL_DIGITS, "拾佰仟")


def circled(n: int) -> str:
    """``decimalEnclosedCircle``: ① … ⑳, ㉑ … ㊿; plain digits beyond 50 (as Word does)."""
    if 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    if 21 <= n <= 35:
        return chr(0x3251 + n - 21)
    if 36 <= n <= 50:
        return chr(0x32B1 + n - 36)
    return str(n)


def parenthesized(n: int) -> str:
    """``decimalEnclosedParen``: ⑴ … ⒇, then (21) …"""
    return chr(0x2474 + n - 1) if 1 <= n <= 20 else f"({n})"


def full_stop(n: int) -> str:
    """``decimalEnclosedFullstop``: ⒈ … ⒛, then 21."""
    return chr(0x2488 + n - 1) if 1 <= n <= 20 else f"{n}."


def letters(n: int, *, upper: bool = False) -> str:
    """Word's letter numbering repeats the letter after z: a … z, aa, bb …"""
    if n <= 0:
        return str(n)
    letter = chr(ord("A" if upper else "a") + (n - 1) % 26)
    return letter * ((n - 1) // 26 + 1)


def roman(n: int, *, upper: bool = True) -> str:
    if n <= 0 or n >= 4000:
        return str(n)
    out: list[str] = []
    for value, symbol in _ROMAN:
        count, n = divmod(n, value)
        out.append(symbol * count)
    text = "".join(out)
    return text if upper else text.lower()


def _cyclic(symbols: str) -> Callable[[int], str]:
    return lambda n: symbols[(n - 1) % len(symbols)] if n > 0 else str(n)


def _full_width(n: int) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in str(n))


FORMATTERS: dict[str, Callable[[int], str]] = {
    "decimal": str,
    "decimalZero": lambda n: f"{n:02d}",
    "decimalFullWidth": _full_width,
    "decimalFullWidth2": _full_width,
    "decimalHalfWidth": str,
    "chineseCounting": chinese_counting,
    "chineseCountingThousand": chinese_counting_thousand,
    "taiwaneseCounting": chinese_counting,
    "taiwaneseCountingThousand": chinese_counting_thousand,
    "japaneseCounting": chinese_counting_thousand,
    "chineseLegalSimplified": chinese_legal,
    "ideographDigital": lambda n: "".join(CHINESE_DIGITS[int(d)] for d in str(n)) if n >= 0 else str(n),
    "ideographTraditional": _cyclic(_HEAVENLY_STEMS),
    "ideographZodiac": _cyclic(_EARTHLY_BRANCHES),
    "decimalEnclosedCircle": circled,
    "decimalEnclosedCircleChinese": circled,
    "decimalEnclosedParen": parenthesized,
    "decimalEnclosedFullstop": full_stop,
    "lowerLetter": letters,
    "upperLetter": lambda n: letters(n, upper=True),
    "lowerRoman": lambda n: roman(n, upper=False),
    "upperRoman": roman,
    "none": lambda n: "",
}


def format_number(value: int, num_fmt: str) -> str:
    """One counter value in one ``w:numFmt``; unknown formats fall back to decimal (Word does too)."""
    return FORMATTERS.get(num_fmt, str)(value)


def render_label(template: str, values: Sequence[int], formats: Sequence[str]) -> str:
    """Fill a ``w:lvlText`` template such as ``"（%2）"`` or ``"%1.%2"``.

    ``values[i]`` and ``formats[i]`` are the counter and ``w:numFmt`` of level ``i``; a placeholder
    for a level that is not defined renders as nothing.
    """

    def fill(match: re.Match[str]) -> str:
        level = int(match.group(1)) - 1
        if level >= len(values) or level >= len(formats):
            return ""
        return format_number(values[level], formats[level])

    return _PLACEHOLDER.sub(fill, template)


def render_label_bounded(
    template: str, values: Sequence[int], formats: Sequence[str], *, max_length: int
) -> str | None:
    """:func:`render_label`, or None when the label would be longer than ``max_length``.

    Decided before a long number is built: letter numbering repeats the letter (27 → "aa"), so a
    counter of 2,600,000,000 would otherwise build a 100-million-character label.
    """
    if len(template) > max_length:
        return None
    for match in _PLACEHOLDER.finditer(template):
        level = int(match.group(1)) - 1
        known = level < len(values) and level < len(formats)
        if known and number_length(values[level], formats[level]) > max_length:
            return None
    label = render_label(template, values, formats)
    return None if len(label) > max_length else label


def number_length(value: int, num_fmt: str) -> int:
    """An upper bound of ``len(format_number(value, num_fmt))`` computed without building it."""
    if num_fmt in ("lowerLetter", "upperLetter") and value > 0:
        return (value - 1) // 26 + 1
    # Every other format writes at most a few characters per decimal digit (一千二百三十四万…).
    return 4 * len(str(abs(value))) + 2
