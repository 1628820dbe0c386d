"""context.aspect-misfit: a problem that does not belong to the aspect it stands under."""

from __future__ import annotations

import pytest
from checkkit import CLEAN, run_rule

INTEGRITY = "一是对采购环节监督不严。我对政府采购的日常监督主要靠事后审计。"
STUDY = (
    "一是学习不够系统。今年我参加中心组学习9次，但个人自学多是临时翻阅，比如5月编制预算时才集中学习有关论述。"
)


def _swap(old: str, new: str, text: str = CLEAN) -> str:
    assert old in text
    return text.replace(old, new, 1)


@pytest.mark.parametrize(
    ("sentence", "topic"),
    [
        ("一是对采购环节监督不严。此外，个人理论学习时间安排不够固定，学习笔记偶有断档。", "理论学习"),
        ("一是作风不实。今年城南管网改造项目推进缓慢，全年只完成计划任务的六成。", "项目推进"),
    ],
)
def test_problem_of_another_kind_under_integrity(sentence: str, topic: str) -> None:
    (finding,) = run_rule("context.aspect-misfit", _swap(INTEGRITY, sentence))
    assert topic in finding.message and "廉洁自律" in finding.message


@pytest.mark.parametrize(
    "text",
    [
        CLEAN,
        # study under its own aspect
        _swap(STUDY, "一是学习不够系统。个人理论学习时间安排不够固定，学习笔记偶有断档。"),
        # studying the discipline rules is an integrity matter
        _swap(
            INTEGRITY, "一是学习党纪不够系统。对《中国共产党纪律处分条例》自学不多，新修订的条款掌握不全。"
        ),
        # how a project is let is an integrity matter
        _swap(INTEGRITY, "一是把关不严。城南管网改造项目推进缓慢，我对施工单位资质审核把关不细。"),
    ],
)
def test_fitting_problems_are_fine(text: str) -> None:
    assert run_rule("context.aspect-misfit", text) == []
