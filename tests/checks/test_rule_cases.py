"""Positive and negative cases for the rules whose other tests reach them only through ``check_report``.

Every rule of the catalogue needs at least one case where it fires and one where it stays silent, run through
``checkkit.run_rule`` (the session hook in tests/conftest.py checks this on a full run).
"""

from __future__ import annotations

import pytest
from checkkit import CLEAN, run_rule

ASPECT_2 = "（二）政治素质方面"
MEASURES = "三、整改措施"


def _replace(old: str, new: str, text: str = CLEAN) -> str:
    assert old in text
    return text.replace(old, new, 1)


POSITIVE = [
    ("structure.duplicate-aspect", _replace("（三）能力本领方面", "（三）政治素质方面")),
    (
        "structure.duplicate-item",
        _replace(
            "二是学用结合不紧。在推进零基预算改革时，我习惯按老办法测算，试点只覆盖了4个单位。",
            "二是学习不够系统。在推进零基预算改革时，我习惯按老办法测算，试点只覆盖了4个单位。",
        ),
    ),
    (
        "structure.empty-aspect",
        _replace(
            "（三）能力本领方面\n一是防范债务风险的本领不足。我对平台公司偿债安排掌握不清，二季度出现一笔临时筹资。\n"
            "二是数字化能力不足。预算一体化系统上线后，我没有及时组织培训，基层反映操作困难。\n",
            "（三）能力本领方面\n",
        ),
    ),
    (
        "structure.not-a-report",
        "关于做好全县秋季森林防火工作的通知\n各乡镇：请认真做好秋季森林防火工作，严防火灾发生。",
    ),
    (
        "proportion.min-length",
        "个人对照检查材料\n一、存在的问题\n一是学习不够。\n二、原因剖析\n理想信念有所弱化。\n三、整改措施\n每周学习4小时。\n",
    ),
    (
        "specificity.vague-item",
        _replace(
            "一是学习不够系统。今年我参加中心组学习9次，但个人自学多是临时翻阅，比如5月编制预算时才集中学习有关论述。",
            "一是学习不够系统。理论学习的自觉性和主动性还不够强，学习的系统性和深入性还有待提高。",
        ),
    ),
    (
        "leftover.ellipsis-gap",
        _replace("按照县委统一部署", "根据……关于召开专题民主生活会的通知要求，按照县委统一部署"),
    ),
    ("slip.mixed-bracket", _replace("比如5月编制预算时", "(具体）比如5月编制预算时")),
    ("slip.mixed-quotes", _replace("没有组织排查。", '没有组织排查，"一删了之"。')),
    ("slip.stray-space", _replace("没有组织排查", "没有 组织排查")),
    (
        "context.meeting-kind",
        _replace(
            "以上对照检查，请同志们批评指正。", "以上是我在这次组织生活会上的对照检查，请同志们批评指正。"
        ),
    ),
    (
        # none of 理想信念、宗旨意识、党性修养, and only one other subjective side (纪律规矩)
        "cause.missing-dimension",
        CLEAN[: CLEAN.index("（一）理想信念有所弱化")]
        + "（一）纪律意识不强。对采购监督的规定学得不细，认为小事不要紧。\n（二）学习抓得不紧。以业务学习代替理论学习。\n\n"
        + CLEAN[CLEAN.index("三、整改措施") :],
    ),
    (
        "measure.slogan",
        _replace(
            "（五）改进工作作风。每季度到乡镇财政所调研不少于3次，会议数量压减20%。",
            "（五）改进工作作风。进一步转变作风，不断提高服务水平。",
        ),
    ),
]

# CLEAN's causes part is a little under the 300-character convention; a fuller one is the negative case.
LONGER_CAUSES = _replace(
    "（四）担当精神有所不足。",
    "（四）纪律规矩意识有所松懈。对制度执行中的“小问题”习以为常，认为只要不出大事就行，对身边同志的苗头性问题"
    "提醒不及时，没有把严的基调一贯到底，也没有以身作则带头执行请示报告制度，在班子里没有起到示范作用。\n（五）担当精神有所不足。",
)
NEGATIVE = [
    (rule_id, LONGER_CAUSES if rule_id == "proportion.min-length" else CLEAN) for rule_id, _ in POSITIVE
]


@pytest.mark.parametrize(("rule_id", "text"), POSITIVE, ids=[r for r, _ in POSITIVE])
def test_rule_fires(rule_id: str, text: str) -> None:
    assert run_rule(rule_id, text), f"{rule_id} should report on this text"


@pytest.mark.parametrize(("rule_id", "text"), NEGATIVE, ids=[r for r, _ in NEGATIVE])
def test_rule_stays_silent_on_a_clean_report(rule_id: str, text: str) -> None:
    assert run_rule(rule_id, text) == []
