"""Examples: 比如/例如/譬如/如：/如， at a clause start, to the end of that sentence."""

from __future__ import annotations

import pytest

from mingjing.parse.examples import find_examples


def _examples(text: str) -> list[str]:
    return [text[span.start : span.end] for span in find_examples(text, text, 0, len(text))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("学习不深。比如，全年只写了2篇心得。其他都好。", ["比如，全年只写了2篇心得。"]),
        ("学习不深，例如对条例理解不准！", ["例如对条例理解不准！"]),
        ("落实不细，如：简报把关不严。", ["如：简报把关不严。"]),
        ("作用不强，如，改革力度不大。", ["如，改革力度不大。"]),
        ("学得不深。譬如说读原著少。", ["譬如说读原著少。"]),
        ("问题较多。举个例子，会风不严。", ["举个例子，会风不严。"]),
        ("比如几次大会有人迟到。比如有人拈轻怕重。", ["比如几次大会有人迟到。", "比如有人拈轻怕重。"]),
        ("说“如：……”的人不多。", []),
        ("不知如何是好，诸如此类。", []),
        ("比如：“十个明确”是什么？“十四个坚持”又是什么？", ["比如：“十个明确”是什么？"]),
        ("比如没有句号的例子\n下一行", ["比如没有句号的例子"]),
    ],
)
def test_example_spans(text: str, expected: list[str]) -> None:
    assert _examples(text) == expected
