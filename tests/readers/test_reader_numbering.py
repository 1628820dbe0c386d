"""Label rendering: Chinese numerals, circled numbers, letters, roman numerals, templates."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mingjing.readers.numbering import (
    chinese_counting,
    chinese_counting_thousand,
    chinese_legal,
    circled,
    format_number,
    letters,
    render_label,
    roman,
)

_DIGITS = "〇一二三四五六七八九"


def _read_chinese(numeral: str) -> int:
    """An independent reader for numerals below 10 000 (十, 二十一, 一百〇一, 三千二百)."""
    total, digit = 0, 0
    for ch in numeral:
        if ch in _DIGITS:
            digit = _DIGITS.index(ch)
        else:
            unit = {"十": 10, "百": 100, "千": 1000}[ch]
            total += (digit or 1) * unit
            digit = 0
    return total + digit


@pytest.mark.parametrize(
    ("value", "text"), [(1, "一"), (10, "十"), (11, "十一"), (20, "二十"), (99, "九十九")]
)
def test_chinese_counting_below_100(value: int, text: str) -> None:
    assert chinese_counting(value) == text
    assert chinese_counting_thousand(value) == text


@given(st.integers(min_value=1, max_value=9999))
def test_chinese_counting_thousand_reads_back(value: int) -> None:
    assert _read_chinese(chinese_counting_thousand(value)) == value


def test_chinese_counting_goes_digit_by_digit_from_100() -> None:
    assert chinese_counting(100) == "一〇〇"
    assert chinese_counting(105) == "一〇五"


def test_ten_thousands_and_legal_numerals() -> None:
    assert chinese_counting_thousand(10001) == "一万〇一"
    assert chinese_legal(11) == "壹拾壹"
    assert chinese_legal(3) == "叁"


@pytest.mark.parametrize(
    ("value", "text"), [(1, "①"), (10, "⑩"), (20, "⑳"), (21, "㉑"), (35, "㉟"), (36, "㊱"), (50, "㊿")]
)
def test_circled(value: int, text: str) -> None:
    assert circled(value) == text


def test_circled_beyond_fifty_is_plain() -> None:
    assert circled(51) == "51"


def test_letters_repeat_after_z_like_word() -> None:
    assert [letters(n) for n in (1, 26, 27, 28, 53)] == ["a", "z", "aa", "bb", "aaa"]
    assert letters(3, upper=True) == "C"


@pytest.mark.parametrize(("value", "text"), [(1, "I"), (4, "IV"), (9, "IX"), (14, "XIV"), (1994, "MCMXCIV")])
def test_roman(value: int, text: str) -> None:
    assert roman(value) == text
    assert roman(value, upper=False) == text.lower()


def test_unknown_format_falls_back_to_decimal() -> None:
    assert format_number(7, "someFutureFormat") == "7"
    assert format_number(7, "decimalFullWidth") == "７"


def test_render_label_fills_each_level_with_its_own_format() -> None:
    formats = ["chineseCounting", "decimal", "lowerLetter"]
    assert render_label("%1、", [2, 1, 1], formats) == "二、"
    assert render_label("（%1）第%2.%3", [3, 4, 2], formats) == "（三）第4.b"
    assert render_label("%5", [1, 1], formats) == ""
