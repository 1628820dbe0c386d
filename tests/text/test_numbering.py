"""Numbering labels: families, ordinals, inline positions."""

from __future__ import annotations

import pytest

from mingjing.text.numbering import (
    ARABIC,
    ARABIC_PAREN,
    CIRCLED,
    DI,
    DI_PART,
    DUN,
    MISSING_SHI,
    PAREN_CN,
    QI,
    SEQ,
    SHI,
    YAO,
    cn_to_int,
    inline_markers,
    marker_at,
)


@pytest.mark.parametrize(
    ("numeral", "value"),
    [
        ("一", 1),
        ("九", 9),
        ("十", 10),
        ("十一", 11),
        ("二十", 20),
        ("二十三", 23),
        ("九十九", 99),
        ("", None),
        ("一二", None),
    ],
)
def test_chinese_numerals(numeral: str, value: int | None) -> None:
    assert cn_to_int(numeral) == value


@pytest.mark.parametrize(
    ("text", "family", "ordinal", "label"),
    [
        ("一、存在问题", DUN, 1, "一、"),
        ("十二．其他", DUN, 12, "十二．"),
        ("（三）能力本领方面", PAREN_CN, 3, "（三）"),
        ("(三）能力本领方面", PAREN_CN, 3, "(三）"),
        ("㈡政治素质", PAREN_CN, 2, "㈡"),
        ("二是学用脱节", SHI, 2, "二是"),
        ("三要改进作风", YAO, 3, "三要"),
        ("第二，学用脱节", DI, 2, "第二"),
        ("第三部分 整改措施", DI_PART, 3, "第三部分"),
        ("其二，学用脱节", QI, 2, "其二"),
        ("其次，学用脱节", SEQ, 2, "其次"),
        ("最后，学用脱节", SEQ, None, "最后"),
        ("2.学用脱节", ARABIC, 2, "2."),
        ("２．学用脱节", ARABIC, 2, "２．"),
        ("12、学用脱节", ARABIC, 12, "12、"),
        ("（2）学用脱节", ARABIC_PAREN, 2, "（2）"),
        ("2）学用脱节", ARABIC_PAREN, 2, "2）"),
        ("⑵学用脱节", ARABIC_PAREN, 2, "⑵"),
        ("②学用脱节", CIRCLED, 2, "②"),
        ("是争创一流的境界还待提高", MISSING_SHI, None, "是"),
    ],
)
def test_markers(text: str, family: str, ordinal: int | None, label: str) -> None:
    marker = marker_at(text, 0)
    assert marker is not None
    assert (marker.family, marker.ordinal, text[marker.start : marker.label_end]) == (family, ordinal, label)


@pytest.mark.parametrize(
    "text",
    ["3.5倍", "2023年", "一年来", "第一时间", "是否", "是的", "一要素", "理论学习", "十分重要", "首先要学习"],
)
def test_not_markers(text: str) -> None:
    assert marker_at(text, 0) is None


def test_inline_markers_follow_sentence_ends_and_enumerating_commas() -> None:
    text = "问题如下：一是学习不深，二是运用不够。三是标准不高，2.5小时不够，是因为忙。"
    found = [(m.family, m.ordinal) for m in inline_markers(text, 0, len(text))]
    assert found == [(SHI, 1), (SHI, 2), (SHI, 3)]
    strict = [(m.family, m.ordinal) for m in inline_markers(text, 0, len(text), after_comma=False)]
    assert strict == [(SHI, 1), (SHI, 3)]
