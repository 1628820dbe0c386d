"""Leftovers, slips and formulations: each rule with cases it must report and cases it must leave alone."""

from __future__ import annotations

import pytest
from checkkit import run_rule, texts

from mingjing.checks import CheckConfig
from mingjing.model import Severity

LEFTOVER_POSITIVE = [
    ("借势借力XX工作，研究不够透彻。", "XX"),
    ("请XXX同志批评指正。", "XXX"),
    ("20XX年以来个人笔记仅有X篇。", "XX"),
    ("今年X月份发生舆情。", "X"),
    ("按照**市委的通知要求。", "**"),
    ("走访群众××户。", "××"),
    ("在○○社区开展试点。", "○○"),
    ("对某某项目监督不到位。", "某某"),
    ("意见 X X 条。", "X X"),
    ("×市委的要求。", "×"),
]
LEFTOVER_NEGATIVE = [
    "为村民免费拍X光片，做X射线检查。",
    "采购了XXL码的工作服。",
    "二〇〇八年以来我一直在基层工作。",
    "某些干部存在特权思想，某单位反映强烈。",
    "设备型号为XX-2000。",
    "面积3×4米的展板。",
]


@pytest.mark.parametrize(("text", "token"), LEFTOVER_POSITIVE)
def test_placeholder_reported(text: str, token: str) -> None:
    assert token in texts("leftover.placeholder", text)


@pytest.mark.parametrize("text", LEFTOVER_NEGATIVE)
def test_placeholder_not_reported(text: str) -> None:
    assert texts("leftover.placeholder", text) == []


def test_markdown_bold_is_not_a_leftover() -> None:
    from mingjing.api import parse_text
    from mingjing.model import Document
    from mingjing.readers.text import document_from_text

    text = "我要**坚定理想信念**，并在**村开展走访，做好**工作。"
    report = parse_text(text)
    as_md = type(report)(
        **{**report.__dict__, "document": Document(document_from_text(text).paragraphs, format="md")}
    )
    found = texts("leftover.placeholder", as_md)
    assert found == ["**", "**"]  # the pair around 坚定理想信念 is emphasis; the other pair spans a comma


@pytest.mark.parametrize(
    ("text", "token"),
    [
        ("学用结合不够，（此处填写具体事例），群众满意度不高。", "（此处填写具体事例）"),
        ("对【】等新问题缺乏办法。", "【】"),
        ("本人姓名：______", "______"),
        ("问题（不少于3000字）如下。", "（不少于3000字）"),
    ],
)
def test_fill_in_reported(text: str, token: str) -> None:
    assert token in texts("leftover.fill-in", text)


@pytest.mark.parametrize(
    "text", ["落实（2023年）的要求。", "【理论学习】方面存在问题。", "《条例》（试行）已印发。"]
)
def test_fill_in_not_reported(text: str) -> None:
    assert texts("leftover.fill-in", text) == []


SLIP_CASES = [
    ("slip.repeated-word", "面对面对复杂的发展环境，我准备不足。", ["面对"]),
    ("slip.repeated-word", "要进一步进一步加强学习。", ["进一步"]),
    ("slip.repeated-word", "与群众面对面对接交流少。", []),
    ("slip.repeated-word", "一步一步减轻基层负担，研究研究再定。", []),
    ("slip.repeated-char", "这是我的的问题。", ["的"]),
    ("slip.repeated-char", "的的确确存在问题，最后不了了之，是是非非要分清。", []),
    ("slip.repeated-char", "为了了解情况，现在在抓落实，就是是否落实的问题。", []),
    ("slip.list-repeat", "在真学、真懂、真学、笃用上还需要下大力气。", ["真学"]),
    ("slip.list-repeat", "做到学原文、读原著、悟原理。", []),
    ("slip.list-repeat", "牢固树立“四个意识”“四个自信”“四个意识”。", ["“四个意识”"]),
    ("slip.double-punct", "发现问题。。随后整改，，效果明显。", ["。。", "，，"]),
    ("slip.double-punct", "他说……我们要——坚持到底。", []),
    ("slip.unbalanced", "对“干多干少一个样的办法意见较多。", ["“"]),
    ("slip.unbalanced", "学习《条例时只安排了通读。", ["《"]),
    ("slip.unbalanced", "落实“四个意识”和（具体）要求，学习《条例》。", []),
    ("slip.typo", "工作按步就班，再接再励。", ["按步就班", "再接再励"]),
    ("slip.typo", "工作按部就班，再接再厉，历久弥新。", []),
]


@pytest.mark.parametrize(("rule_id", "text", "expected"), SLIP_CASES)
def test_slip_rules(rule_id: str, text: str, expected: list[str]) -> None:
    assert texts(rule_id, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("行为违规逾矩,以及推进中的问题。", 1),
        ("专项检查,对个别科室发现不及时。", 1),
        ("完成率达到98.5%，比去年提高。", 0),
    ],
)
def test_halfwidth_punct_seen_through_normalisation(text: str, expected: int) -> None:
    found = run_rule("slip.halfwidth-punct", text)
    assert len(found) == expected
    assert all(f.text == "，" for f in found)  # the normalised text holds the full-width mark


def test_multi_paragraph_quotation_is_balanced() -> None:
    text = "他指出：“第一段话。\n“第二段话，继续说明。”\n结束。"
    assert texts("slip.unbalanced", text) == []


FORMULATION_CASES = [
    ("formulation.wrong", "对“四大危险”认识不深。", ["四大危险"]),
    ("formulation.wrong", "对“四种危险”“四大考验”认识不深。", []),
    ("formulation.wrong", "重点学习“十个明确”“十个坚持”“十三方面成就”。", ["十个坚持", "十三方面成就"]),
    ("formulation.wrong", "党的百年奋斗积累了“十个坚持”的宝贵历史经验。", []),
    ("formulation.wrong", "“十个明确”“十四个坚持”和“六个坚持”。", ["六个坚持"]),
    ("formulation.wrong", "认真落实“一岗两责”，执行中央八条规定。", ["一岗两责", "中央八条规定"]),
    ("formulation.wrong", "坚持以人为中心的发展思想。", ["以人为中心的发展思想"]),
    ("formulation.wrong", "坚持以人民为中心的发展思想，坚持以人为本。", []),
    ("formulation.wrong", "拥护以习近平为核心的党中央。", ["以习近平为核心的党中央"]),
    ("formulation.quoting", "坚定四个“自信”，增强四个“意识”。", ["四个“自信”", "四个“意识”"]),
    ("formulation.quoting", "坚定“四个自信”，做到“两个维护”。", []),
    ("formulation.outdated", "学习“八个明确”的内容。", ["八个明确"]),
    ("formulation.outdated", "有的材料仍沿用“八个明确”等过时表述。", []),
    ("formulation.truncated", "学习习近平新时代中国特色社会主义的重要性。", ["习近平新时代中国特色社会主义"]),
    ("formulation.truncated", "学习习近平新时代中国特色社会主义思想和习近平经济思想。", []),
    ("formulation.informal", "习总书记强调，要有担当。", ["习总书记"]),
    ("formulation.informal", "认真学习总书记重要讲话，学习习近平总书记的论述。", []),
]


@pytest.mark.parametrize(("rule_id", "text", "expected"), FORMULATION_CASES)
def test_formulation_rules(rule_id: str, text: str, expected: list[str]) -> None:
    assert texts(rule_id, text) == expected


def test_formulation_matches_traditional_text() -> None:
    assert texts("formulation.wrong", "對“四大危險”認識不深。") == ["四大危險"]


def test_context_dependent_form_is_only_a_hint() -> None:
    found = run_rule("formulation.wrong", "要把握好“六个坚持”的工作方法。")
    assert [f.severity for f in found] == [Severity.HINT]


def test_rule_respects_config_thresholds() -> None:
    cfg = CheckConfig(thresholds=(("proportion.min-problems", 10.0),))
    assert cfg.threshold("proportion.min-problems") == 10.0
