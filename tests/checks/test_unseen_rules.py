"""The older rule families on reports written by someone else (issue 8): what they must and must not report.

Each case is a general form of writing met on independent reports, not a copy of one of them.
"""

from __future__ import annotations

import pytest
from checkkit import CLEAN, run_rule, texts

from mingjing.checks import CheckConfig
from mingjing.checks.config import OrgProfile

CAUSES_START, MEASURES_START = CLEAN.index("（一）理想信念有所弱化"), CLEAN.index("三、整改措施")


def _causes(causes: str) -> str:
    return CLEAN[:CAUSES_START] + causes + "\n\n" + CLEAN[MEASURES_START:]


def _replace(old: str, new: str, text: str = CLEAN) -> str:
    assert old in text
    return text.replace(old, new, 1)


# -- proportion --------------------------------------------------------------------------------------------

ACHIEVEMENTS = (
    "一是推动改革有畏难情绪。2024年，我牵头推进预算绩效改革，全年完成评价项目126个，压减低效资金1.8亿元，"
    "绩效评价覆盖率达到96%，县局被评为全省财政绩效管理先进单位，相关做法被省财政厅推广。"
    "但对部门整体绩效评价，我担心触动部门利益，一直没有推开。"
)


def test_achievements_in_item() -> None:
    text = _replace("一是推动改革有畏难情绪。我担心触动部门利益，绩效评价改革拖了半年。", ACHIEVEMENTS)
    found = texts("proportion.achievements-in-item", text)
    assert len(found) == 1 and found[0].startswith("2024年，我牵头推进") and "但" not in found[0]
    assert run_rule("proportion.achievements-in-item", CLEAN) == []


def test_short_context_before_a_turn_is_not_praise() -> None:
    item = "一是学习不够系统。今年支部组织集中学习10次，我全部参加，但自学主要靠碎片化阅读，全年读完的原著只有1本。"
    text = _replace(
        "一是学习不够系统。今年我参加中心组学习9次，但个人自学多是临时翻阅，比如5月编制预算时才集中学习有关论述。",
        item,
    )
    assert run_rule("proportion.achievements-in-item", text) == []


def test_procedural_opening_is_not_praise() -> None:
    procedure = (
        "按照县委关于召开专题民主生活会的通知要求，我认真学习规定篇目，广泛征求意见，深入开展谈心谈话，" * 6
    )
    text = _replace("按照县委统一部署", procedure + "按照县委统一部署")
    assert run_rule("proportion.praise-heavy", text) == []
    praise = "一年来，我取得了显著成效，各项工作完成得很好，群众满意度明显提高，受到上级表扬。" * 8
    assert run_rule("proportion.praise-heavy", _replace("按照县委统一部署", praise + "\n按照县委统一部署"))


# -- causes ------------------------------------------------------------------------------------------------


def test_excuse_with_varied_wording() -> None:
    text = _causes(
        "（一）街道人手严重不足，我每天忙于处理突发事件。\n（二）理想信念有所弱化，放松了党性锻炼。"
    )
    assert texts("cause.excuse", text) == ["人手严重不足"]


def test_objective_side_named_as_such() -> None:
    text = _causes("（一）收费目录更新快，出现违规收费有一定的客观性。\n（二）理想信念有所弱化。")
    assert texts("cause.excuse", text) == ["客观性"]


def test_causes_reaching_discipline_and_drive_are_not_shallow() -> None:
    causes = (
        "一是学纪知纪有选择性，对组织纪律学得不全。\n二是担当精神不足，怕出问题被问责，把不出事当成最高标准。"
    )
    assert run_rule("cause.missing-dimension", _causes(causes)) == []
    assert run_rule("cause.missing-dimension", _causes("一是纪律意识不强，认为小事不要紧。"))


def test_reforming_ones_subjective_world_is_a_subjective_cause() -> None:
    assert run_rule("cause.no-subjective", _causes("主要是理论学习抓得不够紧，主观世界改造还需加强。")) == []


# -- measures ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("measure", "concrete"),
    [
        ("（六）严守廉洁底线。2025年寒假前组织班子成员对《条例》开展专题学习。", True),
        ("（六）严守廉洁底线。严格落实双重组织生活，2026年以普通党员身份参加支部组织生活不缺席。", True),
        ("（六）严守廉洁底线。节庆活动经费压减到5万元以内。", True),
        ("（六）严守廉洁底线。本次生活会上我将当面向分管的副局长提出意见。", True),
        ("（六）严守廉洁底线。对审批环节开展一次廉政风险点排查。", True),
        ("（六）严守廉洁底线。为实现2035年远景目标贡献力量。", False),
        ("（六）严守廉洁底线。进一步增强廉洁自律意识，做到警钟长鸣。", False),
    ],
)
def test_time_frames_make_a_measure_concrete(measure: str, concrete: bool) -> None:
    text = _replace(
        "（六）严守廉洁底线。每半年对政府采购开展一次专项检查，亲友请托事项一律登记报告。", measure
    )
    assert (texts("measure.slogan", text) == []) is concrete


def test_measure_answers_through_the_item_headline() -> None:
    # the aspect heading (严以修身) names no canonical aspect; its item speaks of 理论学习
    text = _replace("（一）理论学习方面", "（一）严以修身方面")
    text = _replace("一是学习不够系统。", "一是理论学习跟着任务走。", text)
    text = _replace(
        "（一）加强理论学习。每周自学不少于4小时", "（一）每月精读1篇重要讲话。每周自学不少于4小时", text
    )
    assert [f for f in run_rule("measure.unanswered", text) if "严以修身" in f.message] == []


def test_praise_dressed_as_a_problem_needs_no_measure() -> None:
    without = _replace("（六）严守廉洁底线。每半年对政府采购开展一次专项检查，亲友请托事项一律登记报告。", "")
    praise = "（六）廉洁自律方面\n一是总的来看，本人党性是坚强的，如果说有差距，主要是工作太投入，对家庭照顾不够。\n"
    start, end = without.index("（六）廉洁自律方面"), without.index("二、原因剖析")
    assert run_rule("measure.unanswered", without[:start] + praise + "\n" + without[end:]) == []


def test_unanswered_aspect_points_at_its_first_problem() -> None:
    text = _replace("（六）严守廉洁底线。每半年对政府采购开展一次专项检查，亲友请托事项一律登记报告。", "")
    found = run_rule("measure.unanswered", text)
    assert len(found) == 1 and found[0].text.startswith("（六）廉洁自律方面")
    assert found[0].text.endswith("一是对采购环节监督不严。")


# -- structure ---------------------------------------------------------------------------------------------


def test_labels_followed_by_a_year() -> None:
    measures = "三、整改措施\n1.2026年每月精读一篇原著。\n2.2026年3月底前完成调研报告。\n3.每季度到乡镇调研不少于3次。\n"
    text = CLEAN[:MEASURES_START] + measures + "\n以上对照检查，请同志们批评指正。\n"
    assert run_rule("structure.numbering", text) == []
    gap = text.replace("3.每季度", "4.每季度")
    assert texts("structure.numbering", gap) == ["4."]


def test_a_section_numbered_before_the_problems() -> None:
    text = _replace(
        "一、存在的问题",
        "一、2024年度民主生活会整改落实情况\n去年查摆的5个问题已整改完成4个。\n二、存在的问题",
    )
    text = _replace("二、原因剖析", "三、原因剖析", text)
    text = _replace("三、整改措施", "四、整改措施", text)
    assert run_rule("structure.numbering", text) == []


def test_total_of_quoted_examples_is_not_a_claim() -> None:
    opening = "会前已立行立改了“食堂供餐少”“自助机故障多”等7条。"
    text = _replace("现报告如下。", "现报告如下。" + opening)
    assert run_rule("structure.count-mismatch", text) == []
    claim = _replace("现报告如下。", "现从以下七个方面报告如下。")
    assert run_rule("structure.count-mismatch", claim)


# -- formulations ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "rule_id", "wrong"),
    [
        (
            "增强政治意识、大局意识、核心意识、责任意识。",
            "formulation.wrong",
            "政治意识、大局意识、核心意识、责任意识",
        ),
        ("坚定道路自信、理论自信、制度自信。", "formulation.wrong", "道路自信、理论自信、制度自信"),
        ("深刻领悟“两个维护”的决定性意义。", "formulation.wrong", "“两个维护”的决定性意义"),
        ("坚决做到“两个确立”。", "formulation.wrong", "坚决做到“两个确立”"),
        ("坚决维护“两个维护”。", "formulation.wrong", "坚决维护“两个维护”"),
        ("严格落实中央八项规定及其实施意见精神。", "formulation.wrong", "八项规定及其实施意见"),
        ("把马克思主义基本原理同中国传统文化相结合。", "formulation.wrong", "同中国传统文化相结合"),
        ("坚决反对形式主义、官僚主义、享乐主义和奢侈之风。", "formulation.wrong", "奢侈之风"),
        ("坚定“三个自信”。", "formulation.outdated", "“三个自信”"),
        (
            "增强政治意识、核心意识、大局意识、看齐意识。",
            "formulation.wrong",
            "政治意识、核心意识、大局意识、看齐意识",
        ),
        (
            "提高政治判断力、政治领悟力、政治鉴别力。",
            "formulation.wrong",
            "政治判断力、政治领悟力、政治鉴别力",
        ),
        (
            "围绕学思想、强党性、重实践、立新功的总要求。",
            "formulation.wrong",
            "学思想、强党性、重实践、立新功",
        ),
        ("做到学纪、知纪、明纪、用纪。", "formulation.wrong", "学纪、知纪、明纪、用纪"),
        ("参加中央八项规定学习教育。", "formulation.wrong", "中央八项规定学习教育"),
    ],
)
def test_official_enumerations(sentence: str, rule_id: str, wrong: str) -> None:
    assert texts(rule_id, _replace("现报告如下。", "现报告如下。" + sentence)) == [wrong]


def test_official_enumerations_written_right() -> None:
    right = (
        "深刻领悟“两个确立”的决定性意义，增强“四个意识”、坚定“四个自信”、做到“两个维护”，增强政治意识、"
        "大局意识、核心意识、看齐意识，坚定道路自信、理论自信、制度自信、文化自信，严格落实中央八项规定及其实施细则精神，"
        "把马克思主义基本原理同中国具体实际相结合、同中华优秀传统文化相结合，刹住奢侈之风。"
        "增强政治意识、大局意识、核心意识和看齐意识，提高政治判断力、政治领悟力、政治执行力，围绕学思想、强党性、"
        "重实践、建新功，以学铸魂、以学增智、以学正风、以学促干，做到学纪、知纪、明纪、守纪，参加深入贯彻中央八项规定"
        "精神学习教育。"
    )
    text = _replace("现报告如下。", "现报告如下。" + right)
    assert run_rule("formulation.wrong", text) == [] and run_rule("formulation.outdated", text) == []


def test_three_confidences_in_a_report_of_their_time() -> None:
    text = "2015年度三严三实专题民主生活会对照检查材料\n\n" + CLEAN.split("\n", 1)[1]
    text = _replace("现报告如下。", "现报告如下。坚定道路自信、理论自信、制度自信。", text)
    assert run_rule("formulation.wrong", text) == []


# -- context and leftovers ---------------------------------------------------------------------------------

HOSPITAL = CLEAN.replace(
    "县财政局副局长主题教育专题民主生活会对照检查材料", "平江市第二人民医院党委领导班子对照检查材料", 1
)


def test_another_units_team_in_the_problems() -> None:
    text = _replace(
        "一是推动改革有畏难情绪。", "一是老院区改造滞后。市中医院党委班子在推进改造中考虑不周。", HOSPITAL
    )
    assert texts("context.unit-mismatch", text) == ["市中医院党委班子"]
    profiled = CheckConfig(profile=OrgProfile(unit="平江市第二人民医院党委"))
    assert [f.severity.value for f in run_rule("context.unit-mismatch", text, profiled)] == ["警告"]


@pytest.mark.parametrize(
    "sentence",
    [
        "一是学习借鉴不够。市中医院党委班子推行的日间手术经验，我们没有及时学习。",
        "一是班子议事不规范。医院党委班子在研究大额支出时没有充分讨论。",
    ],
)
def test_own_team_or_dealing_with_another(sentence: str) -> None:
    text = _replace("一是推动改革有畏难情绪。", sentence, HOSPITAL)
    assert run_rule("context.unit-mismatch", text) == []


SIGNED = CLEAN.replace(
    "县财政局副局长主题教育专题民主生活会对照检查材料\n",
    "主题教育专题民主生活会对照检查材料\n县财政局副局长　李娜\n",
    1,
)


def test_signature_of_another_person() -> None:
    assert texts("leftover.other-person", SIGNED + "\n发言人：张建华\n") == ["发言人：张建华"]
    assert run_rule("leftover.other-person", SIGNED + "\n发言人：李娜\n") == []
    assert run_rule("leftover.other-person", CLEAN + "\n发言人：张建华\n") == []  # no writer in the title


OFFICE_DUTY = "一是服务保障不细。区委常委会议有时材料在会前发放不及时，造成个别事项会前酝酿不够充分。"
TOWN = CLEAN.replace("现报告如下。", "现报告如下。一年来全镇各项工作有序推进，全镇党员干部作风持续好转。", 1)


def test_office_duties_in_a_towns_report() -> None:
    text = _replace("一是调研不深入。", OFFICE_DUTY, TOWN)
    assert texts("context.level-mismatch", text) == ["区委常委会议有时材料在会前发放"]


@pytest.mark.parametrize(
    ("report", "sentence"),
    [
        (CLEAN, OFFICE_DUTY),  # not written as a town's
        (TOWN, "一是贯彻不力。对区委常委会议部署的项目推进不快。"),  # a town carries out the decisions
    ],
)
def test_office_duties_where_they_belong(report: str, sentence: str) -> None:
    assert run_rule("context.level-mismatch", _replace("一是调研不深入。", sentence, report)) == []
