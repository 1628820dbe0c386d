"""Normalisation: clean-up, boilerplate, line merging, Word numbering labels and the character map."""

from __future__ import annotations

import pytest

from mingjing.model import Document, SourceParagraph
from mingjing.readers import document_from_text
from mingjing.text import INSERTED, normalise_document, to_simplified
from mingjing.text.boilerplate import is_boilerplate
from mingjing.text.cleanup import full_width_punctuation
from mingjing.text.merge import detect_wrap_width


def _text(raw: str) -> str:
    return normalise_document(document_from_text(raw)).text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("\u3000\u3000一是学习不深。\u00a0 ", "一是学习不深。"),
        ("理 论 学 习 方 面", "理论学习方面"),
        ("2023 年度，我 参加了 12 次学习。", "2023年度，我参加了12次学习。"),
        ("Party building 与 CPC", "Party building 与 CPC"),  # Latin keeps its spaces
        ("\n\n一、存在问题\n\n\n（一）理论学习方面\n", "一、存在问题\n（一）理论学习方面"),
    ],
)
def test_blanks(raw: str, expected: str) -> None:
    assert _text(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("学习不深,运用不够;标准不高:", "学习不深，运用不够；标准不高："),
        ("是什么?为什么!", "是什么？为什么！"),
        ("(三）能力本领方面", "（三）能力本领方面"),
        ("(一)理论学习方面", "（一）理论学习方面"),
        ("（2023年12月)", "（2023年12月）"),
        ("1.学习不深。（1）标准不高。(2)作风不实。", "1.学习不深。（1）标准不高。(2)作风不实。"),
        ("增长3.5%，完成1,000件", "增长3.5%，完成1,000件"),
        ("学习不深.运用不够.", "学习不深。运用不够。"),
        ("see www.example.com, ok", "see www.example.com, ok"),
    ],
)
def test_full_width_punctuation(raw: str, expected: str) -> None:
    assert full_width_punctuation(raw) == expected


@pytest.mark.parametrize(
    "line",
    [
        "来源：人民网  作者：张三",
        "发布时间：2023-12-01 14:22",
        "浏览次数：3268",
        "第 3 页 共 10 页",
        "- 3 -",
        "3/10",
        "版权所有 © XX范文网",
        "http://www.example.com/a/b.html",
        "【打印】 【关闭】",
        "上一篇：2023年度组织生活会发言提纲",
        "当前位置：首页 > 党建 > 材料",
        "XX文库",
        "第一范文网整理",
        "本文由XX整理发布，仅供参考",
        "点击下载完整版",
    ],
)
def test_boilerplate_lines(line: str) -> None:
    assert is_boilerplate(line)


@pytest.mark.parametrize(
    "line",
    [
        "一、存在问题",
        "（一）理论学习方面",
        "一是对新思想学习不够深入，全年只写了2篇心得体会。",
        "2024年1月8日",
        "XX县财政局党组书记、局长张XX",
        "以上是我的对照检查，请同志们批评指正。",
        "二是作风不实。有时以文件落实文件，来源于上级的要求层层加码。",
    ],
)
def test_report_lines_are_not_boilerplate(line: str) -> None:
    assert not is_boilerplate(line)


def test_dropped_lines_are_warned_about_and_located() -> None:
    norm = normalise_document(document_from_text("一、存在问题\n来源：XX网\n一是学习不深。"))
    assert norm.text == "一、存在问题\n一是学习不深。"
    (warning,) = norm.warnings
    assert warning.code == "text.dropped-line" and "来源：XX网" in warning.message
    assert warning.start == norm.text.index("一是")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # a line broken inside a sentence joins the next one
        (
            "一是对新思想中的立场观点方法把握不够系统，学习研究\n习近平新时代中国特色社会主义思想往往放在具体内容上。",
            "一是对新思想中的立场观点方法把握不够系统，学习研究习近平新时代中国特色社会主义思想往往放在具体内容上。",
        ),
        (
            "根据要求，我认真准备。\n对照理论学习、政治素质、能力本\n领、担当作为等方面查摆问题。",
            "根据要求，我认真准备。\n对照理论学习、政治素质、能力本领、担当作为等方面查摆问题。",
        ),
        # headings and lines followed by numbered lines stay apart
        (
            "一、存在问题\n（一）在理论学习方面\n一是学习不深。",
            "一、存在问题\n（一）在理论学习方面\n一是学习不深。",
        ),
        (
            "（二）带头严守政治纪律和政治规矩，维护党的团结统一方面\n作为班子成员，我存在以下问题。",
            "（二）带头严守政治纪律和政治规矩，维护党的团结统一方面\n作为班子成员，我存在以下问题。",
        ),
        # the title block never merges
        (
            "XX县委常委、宣传部部长\nXX同志对照检查材料\n（2024年1月）\n根据要求，现报告如下。",
            "XX县委常委、宣传部部长\nXX同志对照检查材料\n（2024年1月）\n根据要求，现报告如下。",
        ),
        # sentence ends never merge
        ("一是学习不深。\n二是运用不够。", "一是学习不深。\n二是运用不够。"),
    ],
)
def test_line_merging(raw: str, expected: str) -> None:
    assert _text(raw) == expected


def test_page_number_between_broken_lines_is_dropped_before_merging() -> None:
    raw = "根据要求，我认真查摆了问题。\n一是对党的创新理论满足于读原文、记笔记，学得不深\n第 1 页 共 3 页\n、悟得不透。"
    assert _text(raw).endswith("一是对党的创新理论满足于读原文、记笔记，学得不深、悟得不透。")


def test_wrap_width_of_hard_wrapped_text() -> None:
    lines = ["一二三四五六七八九十一二三四五六七八九十"] * 4 + ["短行。"]
    assert detect_wrap_width(lines) == 40
    assert detect_wrap_width(["一是学习不深。", "二是运用不够。", "（一）理论学习方面"]) is None


def test_char_map_points_back_to_source_paragraphs() -> None:
    paragraphs = (
        SourceParagraph(0, "  存在问题", numbering="一、"),
        SourceParagraph(1, "理 论 学 习,不深"),
        SourceParagraph(2, "第一行\n第二行。"),
    )
    norm = normalise_document(Document(paragraphs=paragraphs, format="docx"))
    assert norm.text == "一、存在问题\n理论学习，不深\n第一行\n第二行。"
    assert len(norm.char_paragraph) == len(norm.char_offset) == len(norm.text) == len(norm.match_text)
    assert norm.char_offset[:2] == [INSERTED, INSERTED]  # the Word label is not in the paragraph text
    assert (norm.char_paragraph[2], norm.char_offset[2]) == (0, 2)  # "存" after two spaces
    second = norm.text.index("论")
    assert (norm.char_paragraph[second], norm.char_offset[second]) == (1, 2)
    last = norm.text.index("第二行")
    assert (norm.char_paragraph[last], norm.char_offset[last]) == (2, 4)
    assert norm.lines[0].numbered and not norm.lines[1].numbered


def test_match_text_is_simplified_and_same_length() -> None:
    raw = "二、原因剖析\n一是理論學習不夠。對照黨章，發揮作用，於是後來乾淨"
    norm = normalise_document(document_from_text(raw))
    assert norm.text == raw  # the original characters stay
    assert norm.match_text == "二、原因剖析\n一是理论学习不够。对照党章，发挥作用，于是后来干净"
    assert len(to_simplified("𠀀異體字")) == len("𠀀異體字")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # title block: a separator between two words keeps one blank
        (
            "市监管局党组成员、副局长\u3000杨振华\n根据安排，现报告如下。",
            "市监管局党组成员、副局长\u3000杨振华",
        ),
        (
            "桂湖社区党支部\u3000党员\u3000刘春梅\n根据安排，现报告如下。",
            "桂湖社区党支部\u3000党员\u3000刘春梅",
        ),
        ("副局长   杨振华\n根据安排，现报告如下。", "副局长 杨振华"),
        ("副局长\u3000\u3000杨振华\n根据安排，现报告如下。", "副局长\u3000杨振华"),
        # letter-spaced titles, single spaces and numbered lines close up
        ("对\u3000照\u3000检\u3000查\u3000材\u3000料\n根据安排，现报告如下。", "对照检查材料"),
        ("2023年度 主题教育 对照检查材料\n根据安排，现报告如下。", "2023年度主题教育对照检查材料"),
        ("一、存在\u3000\u3000问题\n根据安排，现报告如下。", "一、存在问题"),
        # after the title block, blanks inside sentences always go
        ("根据安排，现报告如下。\n副局长\u3000杨振华", "副局长杨振华"),
        ("根据安排，现报告如下。\n我们要  加强学习。", "我们要加强学习。"),
    ],
)
def test_separators_in_title_block_lines(raw: str, expected: str) -> None:
    lines = _text(raw).split("\n")
    assert expected in lines


def test_a_kept_separator_maps_to_its_source_character() -> None:
    norm = normalise_document(document_from_text("副局长\u3000\u3000杨振华"))
    assert norm.text == "副局长\u3000杨振华"
    assert norm.char_offset == [0, 1, 2, 3, 5, 6, 7]
