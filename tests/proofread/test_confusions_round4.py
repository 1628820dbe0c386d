"""Curated confusion data added in generalisation round 4 (issue 8): each entry caught, its right form left alone."""

from __future__ import annotations

import pytest

from mingjing.proofread import proofread_text


def _found(text: str) -> list[tuple[str, str]]:
    return [(f.text, f.suggestion) for f in proofread_text(text)]


@pytest.mark.parametrize(
    ("text", "wrong", "right"),
    [
        ("对学校长远发展谋化不够。", "谋化", "谋划"),
        ("各项指标名列前矛。", "名列前矛", "名列前茅"),
        ("发展党员坚持宁缺勿滥。", "宁缺勿滥", "宁缺毋滥"),
        ("对群众诉求敷演应付。", "敷演应付", "敷衍应付"),
        ("项目长期阁置。", "阁置", "搁置"),
        ("思想上麻痹大义。", "麻痹大义", "麻痹大意"),
        ("把资金用在刀韧上。", "刀韧", "刀刃"),
        ("做为一名党员，我要求不严。", "做为", "作为"),
        ("开展反炸宣传进社区。", "反炸", "反诈"),
    ],
)
def test_curated_wrong_form_is_caught(text: str, wrong: str, right: str) -> None:
    assert (wrong, right) in _found(text)


@pytest.mark.parametrize(
    "text",
    [
        "对学校长远发展谋划不够。",
        "各项指标名列前茅。",
        "项目长期搁置。",
        "思想上麻痹大意。",
        "把资金用在刀刃上。",
        "作为一名党员，我要求不严。",
        "开展反诈宣传进社区。",
        "这件事做为难了他。",
    ],
)
def test_right_form_is_left_alone(text: str) -> None:
    assert _found(text) == []
