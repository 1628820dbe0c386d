"""Structure, proportion, specificity, context, cause, measure and opinion rules on small whole reports."""

from __future__ import annotations

import pytest
from checkkit import CLEAN, report_of, run_rule, texts

from mingjing.checks import CheckConfig, OrgProfile, check_report
from mingjing.model import Severity


def _cut(text: str, start: str, end: str) -> str:
    """``text`` without the stretch from ``start`` up to (not including) ``end``."""
    i, j = text.index(start), text.index(end)
    return text[:i] + text[j:]


def test_clean_report_has_no_error_or_warning() -> None:
    review = check_report(report_of(CLEAN))
    assert [f for f in review.findings if f.severity is not Severity.HINT] == []
    assert review.verdict == "基本达标"


def test_missing_part() -> None:
    text = _cut(CLEAN, "二、原因剖析", "三、整改措施")
    assert [f.message for f in run_rule("structure.missing-part", text)] == ["未找到“原因剖析”部分。"]
    assert run_rule("structure.missing-part", CLEAN) == []


def test_missing_aspect() -> None:
    text = _cut(CLEAN, "（三）能力本领方面", "（四）担当作为方面")
    found = run_rule("structure.missing-aspect", text)
    assert len(found) == 1 and "能力本领" in found[0].message
    assert run_rule("structure.missing-aspect", CLEAN) == []


@pytest.mark.parametrize(
    ("old", "new", "rule_id", "token"),
    [
        ("二是学用结合不紧", "三是学用结合不紧", "structure.numbering", "三是"),
        ("二是落实“第一议题”", "一是落实“第一议题”", "structure.numbering", "一是"),
        ("一是防范债务", "是防范债务", "structure.missing-numeral", "是"),
        ("（四）担当作为方面", "(四）担当作为方面", "structure.bracket-mixed", "（四）"),
        ("（五）工作作风方面", "(五)工作作风方面", "structure.numbering-style", "（五）"),
        ("（五）改进工作作风", "（六）改进工作作风", "structure.numbering", "（六）"),
    ],
)
def test_numbering_rules(old: str, new: str, rule_id: str, token: str) -> None:
    text = CLEAN.replace(old, new, 1)
    assert text != CLEAN
    assert token in texts(rule_id, text)
    assert texts(rule_id, CLEAN) == []


def test_inline_sub_list_is_not_a_numbering_slip() -> None:
    text = CLEAN.replace("二是学用结合不紧。", "二是学用结合不紧，具体表现为：一是测算粗；二是试点少。", 1)
    assert texts("structure.numbering", text) == []


@pytest.mark.parametrize(
    ("claim", "reported"), [("从以下三个方面剖析：", True), ("从以下四个方面剖析：", False)]
)
def test_count_mismatch(claim: str, reported: bool) -> None:
    text = CLEAN.replace("二、原因剖析\n", f"二、原因剖析\n针对以上问题，{claim}\n", 1)
    assert bool(run_rule("structure.count-mismatch", text)) is reported


def test_duplicate_item() -> None:
    text = CLEAN.replace("二是会议偏多。", "二是对采购环节监督不严。", 1)
    found = run_rule("structure.duplicate-item", text)
    assert len(found) == 1 and found[0].text.startswith("对采购环节监督不严")
    assert found[0].related[0].start < found[0].start  # reported on the later copy


def test_core_share_and_praise() -> None:
    praise = "一年来，我取得了显著成效，各项工作完成得很好，群众满意度明显提高，受到上级表扬。" * 30
    text = CLEAN.replace("按照县委统一部署", praise + "按照县委统一部署", 1)
    assert run_rule("proportion.core-share", text)
    assert run_rule("proportion.praise-heavy", text)
    assert run_rule("proportion.core-share", CLEAN) == []
    assert run_rule("proportion.praise-heavy", CLEAN) == []


def test_min_length_thresholds_are_configurable() -> None:
    found = run_rule(
        "proportion.min-length", CLEAN, CheckConfig(thresholds=(("proportion.min-problems", 5000),))
    )
    assert [f.severity for f in found if "问题查摆" in f.message] == [Severity.WARNING]
    assert [f for f in run_rule("proportion.min-length", CLEAN) if "原因剖析" in f.message] == []
    longer = CheckConfig(thresholds=(("proportion.min-causes", 600),))
    short_causes = [f for f in run_rule("proportion.min-length", CLEAN, longer) if "原因剖析" in f.message]
    assert [f.severity for f in short_causes] == [Severity.HINT]


VAGUE = "一是理论学习不够深入。对党的创新理论学习不够系统全面，学习的深度和广度有待拓展。"


def test_vague_item_and_low_overall() -> None:
    text = CLEAN.replace(
        "一是学习不够系统。今年我参加中心组学习9次，但个人自学多是临时翻阅，比如5月编制预算时才集中学习有关论述。",
        VAGUE,
        1,
    )
    found = run_rule("specificity.vague-item", text)
    assert [f.text for f in found] == ["理论学习不够深入。"]
    assert "学习不够深入" in found[0].message
    assert run_rule("specificity.low-overall", text) == []


def test_low_overall_when_most_items_are_vague() -> None:
    body = "\n".join(f"{n}是工作作风不够扎实。服务意识不强，有待进一步提高。" for n in "一二三")
    text = f"对照检查材料\n一、存在的问题\n（一）工作作风方面\n{body}\n二、原因剖析\n理想信念不牢。\n三、整改措施\n每月学习一次。\n"
    assert run_rule("specificity.low-overall", text)


@pytest.mark.parametrize(
    ("profile", "text", "expected"),
    [
        (
            OrgProfile(level="乡镇"),
            "中央和国家机关首先是政治机关，我镇要落实。",
            ["中央和国家机关首先是政治机关"],
        ),
        (OrgProfile(level="乡镇"), "我县确定的任务中，我镇有两项没有完成。", []),
        (OrgProfile(level="县"), "我镇今年考核排名靠后。", ["我镇"]),
        (OrgProfile(), "中央和国家机关首先是政治机关，围绕市委中心工作。", ["中央和国家机关首先是政治机关"]),
        (OrgProfile(), "中央和国家机关首先是政治机关，我们要带头。", []),
    ],
)
def test_level_mismatch(profile: OrgProfile, text: str, expected: list[str]) -> None:
    assert texts("context.level-mismatch", text, CheckConfig(profile=profile)) == expected


def test_level_mismatch_severity_depends_on_profile() -> None:
    text = "中央和国家机关首先是政治机关，围绕市委中心工作。"
    assert run_rule("context.level-mismatch", text)[0].severity is Severity.HINT
    with_profile = CheckConfig(profile=OrgProfile(level="市"))
    assert run_rule("context.level-mismatch", text, with_profile)[0].severity is Severity.WARNING


@pytest.mark.parametrize(
    ("unit", "text", "expected"),
    [
        ("青山镇党委", "我局对村级三资管理监督不够。", ["我局"]),
        ("县教育局党组", "我局对学校食堂监督不够。", []),
        (None, "我局今年……我局要……本公司也要。", ["本公司"]),
        (None, "我办事拖拉，我校对稿件不细。", []),
    ],
)
def test_unit_mismatch(unit: str | None, text: str, expected: list[str]) -> None:
    assert texts("context.unit-mismatch", text, CheckConfig(profile=OrgProfile(unit=unit))) == expected


def test_place_mismatch_only_with_profile() -> None:
    text = "为常德经济社会发展作出贡献，去苏州考察学习。"
    assert texts("context.place-mismatch", text) == []
    assert texts("context.place-mismatch", text, CheckConfig(profile=OrgProfile(region="湖南省岳阳市"))) == [
        "常德"
    ]


def test_cause_excuse() -> None:
    excuse = "（三）顾不上。工作任务重，人手少，时间紧，顾不上学习。"
    text = CLEAN.replace(
        "（三）党性修养有所放松。对纪律规矩的敬畏之心减弱，存在好人主义和侥幸心理，批评与自我批评不够。",
        excuse,
        1,
    )
    found = run_rule("cause.excuse", text)
    # the finding covers the run of excuses, from the first to the last
    assert [(f.text, f.severity) for f in found] == [("工作任务重，人手少，时间紧", Severity.WARNING)]
    assert run_rule("cause.excuse", CLEAN) == []


def test_cause_without_subjective_side() -> None:
    start, end = CLEAN.index("（一）理想信念有所弱化"), CLEAN.index("三、整改措施")
    text = CLEAN[:start] + "一是工作任务重，加班多。二是客观条件有限，经费不足。\n\n" + CLEAN[end:]
    assert run_rule("cause.no-subjective", text)
    assert run_rule("cause.no-subjective", CLEAN) == []


def test_measures_slogans_and_unanswered() -> None:
    start, end = CLEAN.index("（一）加强理论学习"), CLEAN.index("以上对照检查")
    slogans = "（一）进一步加强理论学习，不断提高政治素质。\n（二）进一步改进工作作风，切实服务群众。\n\n"
    text = CLEAN[:start] + slogans + CLEAN[end:]
    assert run_rule("measure.no-concrete", text)
    unanswered = {f.message.split("”")[0].lstrip("“") for f in run_rule("measure.unanswered", text)}
    assert unanswered == {"能力本领", "担当作为", "廉洁自律"}
    assert run_rule("measure.no-concrete", CLEAN) == [] and run_rule("measure.unanswered", CLEAN) == []


def test_single_slogan_among_concrete_measures() -> None:
    text = CLEAN.replace(
        "（六）严守廉洁底线。每半年对政府采购开展一次专项检查，亲友请托事项一律登记报告。",
        "（六）严守廉洁底线。进一步增强廉洁自律意识。",
        1,
    )
    assert texts("measure.slogan", text) == ["严守廉洁底线。"]


@pytest.mark.parametrize(
    ("opinion", "answered"),
    [
        ("到乡镇财政所调研少，情况了解不够", True),
        ("资金拨付慢，影响重点项目进度", True),
        ("机关干部上班时间玩手机", False),
    ],
)
def test_opinions(opinion: str, answered: bool) -> None:
    found = run_rule("opinion.unanswered", CLEAN, CheckConfig(opinions=(opinion,)))
    assert (found == []) is answered


def test_opinions_passed_to_check_report_are_used() -> None:
    review = check_report(report_of(CLEAN), opinions=["机关干部上班时间玩手机"])
    assert [f.rule for f in review.findings if f.family == "opinion"] == ["opinion.unanswered"]
    assert dict(review.metrics)["opinions_answered_share"] == 0.0


COMBINED = (
    "一、存在的问题及原因分析\n（一）理论学习方面\n一是学习不系统。2023年只读了两本原著。\n"
    "原因分析：理想信念有所松懈，主观上放松了学习。\n"
    "二、整改措施\n一是每月读一本原著，年底前写出两篇体会，由支部检查。\n"
)


def test_causes_written_inside_the_problems_part_are_a_hint_not_a_missing_part() -> None:
    report = report_of(COMBINED)
    assert any(w.code == "part.combined" for w in report.warnings)
    found = run_rule("structure.missing-part", report)
    assert [f.severity for f in found] == [Severity.HINT]
    assert "合写" in found[0].message


def test_a_report_without_any_causes_still_misses_the_part() -> None:
    report = report_of(
        COMBINED.replace("及原因分析", "").replace("原因分析：理想信念有所松懈，主观上放松了学习。\n", "")
    )
    assert not any(w.code == "part.combined" for w in report.warnings)
    found = run_rule("structure.missing-part", report)
    assert [f.severity for f in found] == [Severity.ERROR]


def test_text_that_is_no_report_gets_one_clear_finding_and_fails() -> None:
    report = report_of("今天天气很好，我们去公园散步。\n晚上吃了火锅，味道不错。\n")
    review = check_report(report)
    structure = [f for f in review.findings if f.family == "structure"]
    assert [f.rule for f in structure] == ["structure.not-a-report"]
    assert review.verdict == "不达标"


def test_a_report_with_one_part_is_not_called_no_report() -> None:
    report = report_of("一、存在问题\n一是学习不够系统。2023年只读了两本原著。\n")
    assert run_rule("structure.not-a-report", report) == []
    assert {f.rule for f in run_rule("structure.missing-part", report)} == {"structure.missing-part"}
