"""era.*: a report written from another era's template or for another meeting (and honest old ones not)."""

from __future__ import annotations

import pytest
from checkkit import report_of, run_rule

from mingjing.model import Severity

# A short 2025 personal report in the five 带头 (our own writing).
R2025 = """2025年度民主生活会个人对照检查材料
县水务局副局长　张某

根据县委关于召开2025年度民主生活会的统一部署，我在会前认真学习了党的二十届四中全会精神，征求意见建议12条。现将个人对照检查情况报告如下。

一、存在的问题
（一）在带头强化政治忠诚、提高政治能力方面
一是学习转化不够。学习四中全会精神后，我在编制全县供水规划时只套用了旧思路，规划被县里退回修改1次。
（二）在带头固本培元、增强党性方面
一是组织生活参加不够。今年我以普通党员身份参加支部主题党日只有3次。
（三）在带头敬畏人民、敬畏组织、敬畏法纪方面
一是回应群众诉求慢。8月城南片区停水，我直到第二天才到现场。
（四）在带头干事创业、担当作为方面
一是怕担责任。管网改造遇到拆迁矛盾，我有畏难情绪，工期推迟2个月。
（五）在带头坚决扛起管党治党责任方面
一是一岗双责落实不到位。对分管股室干部日常监督偏软，全年只谈心谈话2次。

二、原因剖析
（一）理想信念有所松懈。以干代学，对理论学习的重要性认识不足。

三、整改措施
（一）每月开展1次专题学习，6月底前完成供水规划修改。
"""

# A 2022 report with the six 带头 of that year (shortened).
SIX_LEAD = """（一）在带头深刻领悟“两个确立”的决定性意义，增强“四个意识”、坚定“四个自信”、做到“两个维护”方面
一是学习转化不够。学习后我在编制全县供水规划时只套用了旧思路，规划被县里退回修改1次。
（二）在带头学习贯彻习近平新时代中国特色社会主义思想方面
一是组织生活参加不够。今年我以普通党员身份参加支部主题党日只有3次。
（三）在带头坚持和加强党的全面领导、坚决贯彻落实党中央决策部署方面
一是回应群众诉求慢。8月城南片区停水，我直到第二天才到现场。
（四）在带头践行以人民为中心的发展思想方面
一是怕担责任。管网改造遇到拆迁矛盾，我有畏难情绪，工期推迟2个月。
（五）在带头发扬斗争精神、防范化解重大风险方面
一是一岗双责落实不到位。对分管股室干部日常监督偏软，全年只谈心谈话2次。
（六）在带头落实全面从严治党政治责任方面
一是廉洁提醒不够。全年只开展廉政谈话1次。
"""
FIVE_LEAD = R2025[R2025.index("（一）在带头强化") : R2025.index("二、原因剖析")]


def _swap(old: str, new: str, text: str = R2025) -> str:
    assert old in text
    return text.replace(old, new, 1)


def _rules(text: str, rule_id: str) -> list[str]:
    return [f.text for f in run_rule(rule_id, text)]


POSITIVE = [
    (
        "era.theory-list",
        _swap(
            "我在会前认真学习了",
            "我坚持以马克思列宁主义、毛泽东思想、邓小平理论和“三个代表”重要思想为指导，在会前认真学习了",
        ),
        "“三个代表”重要思想",
    ),
    (
        "era.campaign",
        _swap(
            "现将个人对照检查情况报告如下。",
            "按照“三严三实”专题民主生活会的要求，现将个人对照检查情况报告如下。",
        ),
        "三严三实",
    ),
    (
        "era.campaign",
        _swap(
            "现将个人对照检查情况报告如下。",
            "当前正处在全面建成小康社会的决胜阶段。现将个人对照检查情况报告如下。",
        ),
        "决胜阶段",
    ),
    (
        "era.year-mismatch",
        _swap("现将个人对照检查", "结合本次2023年度民主生活会的要求，现将个人对照检查"),
        "2023",
    ),
    (
        "era.anachronism",
        R2025.replace("2025年度", "2023年度"),
        "四中全会",
    ),
    ("era.aspects", _swap(FIVE_LEAD, SIX_LEAD), "两个确立"),
    (
        "era.aspects",
        _swap(
            FIVE_LEAD,
            "（一）形式主义方面\n一是文山会海。今年我召开会议38次。\n（二）官僚主义方面\n一是调研少。只到基层5次。\n"
            "（三）享乐主义方面\n一是图安逸。有2次周末未值班。\n（四）奢靡之风方面\n一是公务接待超标1次。\n",
        ),
        "形式主义方面",
    ),
]

NEGATIVE = [
    # the full list of today's constitution
    (
        "era.theory-list",
        _swap(
            "我在会前认真学习了",
            "我坚持以马克思列宁主义、毛泽东思想、邓小平理论、“三个代表”重要思想、科学发展观、习近平新时代中国特色社会主义思想为指导，在会前认真学习了",
        ),
    ),
    # an honest report of 2006: the list of its own time
    (
        "era.theory-list",
        "2006年度民主生活会个人对照检查材料\n\n我坚持以邓小平理论和“三个代表”重要思想为指导，认真学习，查找问题。\n\n"
        "一、存在的问题\n一是学习不够。全年只读书2本。\n二、原因剖析\n一是放松学习。\n三、整改措施\n一是每月读书1本。\n",
    ),
    # campaigns named as history, or as results to consolidate
    (
        "era.campaign",
        _swap(
            "现将个人对照检查情况报告如下。",
            "从党的群众路线教育实践活动到“三严三实”专题教育，从“两学一做”学习教育到党史学习教育，我都认真参加。"
            "现将个人对照检查情况报告如下。",
        ),
    ),
    # the 2019 theme education is not the 2023 one
    (
        "era.campaign",
        "2019年度民主生活会个人对照检查材料\n\n按照“不忘初心、牢记使命”主题教育专题民主生活会的要求，现报告如下。\n\n"
        "一、存在的问题\n一是学习不够。全年只读书2本。\n二、原因剖析\n一是放松学习。\n三、整改措施\n一是每月读书1本。\n",
    ),
    # last year's framework named with last year's rectification
    (
        "era.campaign",
        _swap(
            "征求意见建议12条。", "2022年度民主生活会对照“六个带头”查摆的3个问题已整改，征求意见建议12条。"
        ),
    ),
    # an honest 2015 report on 三严三实
    (
        "era.campaign",
        R2025.replace("2025年度", "2015年度")
        .replace("本次", "")
        .replace("现将", "按照“三严三实”专题民主生活会的要求，现将"),
    ),
    # last year's meeting named on purpose (rectification report)
    (
        "era.year-mismatch",
        _swap("征求意见建议12条。", "对照2024年度民主生活会查摆的4个问题逐一整改，征求意见建议12条。"),
    ),
    ("era.anachronism", R2025),
    ("era.aspects", R2025),
    # no year stated: nothing to contradict
    ("era.aspects", _swap(FIVE_LEAD, SIX_LEAD).replace("2025年度", "")),
]


@pytest.mark.parametrize(
    ("rule_id", "text", "quote"), POSITIVE, ids=lambda v: v if isinstance(v, str) and "." in v else ""
)
def test_fires(rule_id: str, text: str, quote: str) -> None:
    found = _rules(text, rule_id)
    assert found and any(quote in f or f in quote for f in found), found


@pytest.mark.parametrize(
    ("rule_id", "text"), NEGATIVE, ids=lambda v: v if isinstance(v, str) and "." in v else ""
)
def test_silent(rule_id: str, text: str) -> None:
    assert _rules(text, rule_id) == []


def test_stated_year_makes_it_an_error() -> None:
    text = _swap("我在会前认真学习了", "我坚持以邓小平理论和“三个代表”重要思想为指导，在会前认真学习了")
    (finding,) = run_rule("era.theory-list", text)
    assert finding.severity is Severity.ERROR and "2025" in finding.message


def test_unknown_year_needs_a_contradiction_inside() -> None:
    old = "个人对照检查材料\n\n我坚持以邓小平理论和“三个代表”重要思想为指导，认真学习，查找问题。\n\n一、存在的问题\n一是学习不够。\n"
    assert run_rule("era.theory-list", old) == []
    modern = old.replace("认真学习，", "认真学习党的二十大精神，")
    (finding,) = run_rule("era.theory-list", modern)
    assert finding.severity is Severity.WARNING and "二十大" in finding.message


def test_configured_meeting_year_is_used() -> None:
    text = R2025.replace("2025年度民主生活会个人对照检查材料", "民主生活会个人对照检查材料").replace(
        "关于召开2025年度民主生活会", "关于召开2023年度民主生活会"
    )
    chosen = report_of(text, framework="2025-five-lead")
    assert [f.text for f in run_rule("era.year-mismatch", chosen)] == ["2023"]


# -- stale campaigns, every place of one, dated examples (issue 8) ----------------------------------------

STALE = [
    # a yardstick of 2005, as the writer's present frame
    ("结合近年来开展保持共产党员先进性教育活动的体会，", "先进性教育"),
    ("对照“两学一做”学习教育的要求和“四讲四有”合格党员标准，", "两学一做"),
    # "深化……成果" of a campaign ten years old is no follow-up: an old template
    ("持续深化“三严三实”专题教育成果，", "三严三实"),
]


@pytest.mark.parametrize(("phrase", "quote"), STALE)
def test_stale_campaign_is_an_error_wherever_used(phrase: str, quote: str) -> None:
    (finding,) = run_rule("era.campaign", _swap("我在会前认真学习了", f"{phrase}我在会前认真学习了"))
    assert quote in finding.text and finding.severity is Severity.ERROR


def test_every_place_of_one_campaign_is_one_finding() -> None:
    text = _swap("我在会前认真学习了", "结合“三严三实”专题教育，我在会前认真学习了")
    text = text.replace("三、整改措施\n", "三、整改措施\n（零）持续深化“三严三实”专题教育成果。\n", 1)
    (finding,) = run_rule("era.campaign", text)
    assert finding.count == 2 and len(finding.related) == 1
    assert "共2处" in finding.message


def test_heading_of_an_old_campaign_is_its_own() -> None:
    text = R2025.replace("一、存在的问题", "一、存在的“不严不实”问题", 1)
    (finding,) = run_rule("era.campaign", text)
    assert "不严不实" in finding.text


def test_old_wording_only_beside_an_old_theme() -> None:
    alone = _swap("我在会前认真学习了", "我认真学习了习近平总书记系列重要讲话，在会前认真学习了")
    assert run_rule("era.campaign", alone) == []
    beside = alone.replace("根据县委", "结合“两学一做”学习教育，根据县委", 1)
    report = report_of(beside)
    (finding,) = run_rule("era.campaign", report)
    assert any(report.text[s.start : s.end] == "系列重要讲话" for s in finding.related)


@pytest.mark.parametrize(
    "phrase",
    [
        # narrated history: "以来" "先后"
        "党的十八大以来，我先后参加了党的群众路线教育实践活动、“三严三实”专题教育和“两学一做”学习教育。",
        # a recent campaign to consolidate is the meeting's follow-up
        "巩固拓展党纪学习教育成果。",
        # a dated memory
        "2016年参加“两学一做”学习教育时，我写了5篇心得。",
        # a list that ends with recent campaigns is history, even with an old one in it
        "持续巩固拓展党史学习教育、主题教育、党纪学习教育成果。",
        # 纠治“四风” is current again (作风建设): only a framed theme or a heading counts
        "对照“四风”问题新表现查找不足，",
    ],
)
def test_history_and_recent_follow_up_are_not_themes(phrase: str) -> None:
    assert run_rule("era.campaign", _swap("我在会前认真学习了", f"{phrase}我在会前认真学习了")) == []


def test_year_of_phrase_dates_the_text() -> None:
    text = _swap("现将个人对照检查情况报告如下。", "今年是“十四五”开局之年。现将个人对照检查情况报告如下。")
    (finding,) = run_rule("era.campaign", text)
    assert "开局之年" in finding.text
    honest = R2025.replace("2025年度", "2021年度").replace(
        "现将个人对照检查情况报告如下。", "今年是“十四五”开局之年。现将个人对照检查情况报告如下。"
    )
    assert run_rule("era.campaign", honest) == []


def test_example_two_years_old_among_the_problems() -> None:
    text = _swap("8月城南片区停水", "2023年度城南片区停水")
    (finding,) = run_rule("era.year-mismatch", text)
    assert finding.text == "2023年度" and finding.severity is Severity.WARNING
    # last year is fine, and an old case that is still open says so
    assert run_rule("era.year-mismatch", _swap("8月城南片区停水", "2024年度城南片区停水")) == []
    still = _swap("8月城南片区停水", "2023年度审计指出的管网问题至今未整改，城南片区停水")
    assert run_rule("era.year-mismatch", still) == []
