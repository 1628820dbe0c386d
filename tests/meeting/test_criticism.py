from __future__ import annotations

import pytest

from mingjing.meeting import check_criticism


@pytest.mark.parametrize(
    ("text", "kind", "words"),
    [
        ("周明远同志工作太拼，经常加班到深夜，希望今后注意身体。", "praise", "工作太拼"),
        ("要劳逸结合，不要把自己累垮了。", "praise", "劳逸结合"),
        ("希望多来指导我们分管科室的工作。", "wish", "希望多来指导"),
    ],
)
def test_praise_and_wishes_are_flagged(text: str, kind: str, words: str) -> None:
    result = check_criticism(text)
    assert kind in result.kinds
    flag = next(f for f in result.flags if f.kind == kind)
    assert text[flag.start : flag.end] == words
    assert words in result.summary()


def test_a_label_without_any_fact_is_flagged() -> None:
    result = check_criticism("担当精神不够强，工作作风不够扎实。")
    assert result.kinds == ("no-fact",)
    assert not result.ok


@pytest.mark.parametrize(
    "text",
    [
        "今年3月推进零基预算改革时，你以部门有意见为由把试点压到4个单位，担当不够。",
        "比如在处理信访件时，你只批转不跟踪，有2件拖了两个多月。",
        "上半年你到乡镇调研只有两次，多是听汇报，没有进村入户。",
    ],
)
def test_a_criticism_with_facts_passes(text: str) -> None:
    result = check_criticism(text)
    assert result.ok, result.summary()


def test_empty_and_very_short_entries() -> None:
    assert check_criticism("  ").kinds == ("no-fact",)
    assert check_criticism("不够").kinds == ("no-fact",)


def test_offsets_point_into_the_text_as_given() -> None:
    text = "  工作太拼了"
    flag = check_criticism(text).flags[0]
    assert text[flag.start : flag.end] == "工作太拼"
