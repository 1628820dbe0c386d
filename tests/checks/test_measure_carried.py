from __future__ import annotations

from mingjing.checks import CheckConfig, check_report
from tests.checks.checkkit import CLEAN, report_of, run_rule

RULE = "measure.carried-unreported"
CARRIED = "乡镇财政所调研次数少、多是听汇报，每季度到乡镇财政所蹲点调研不少于2次"
OTHER = "政府采购日常监督靠事后审计，建立采购环节事前提醒和季度抽查制度"


def _with_account(text: str) -> str:
    account = (
        "关于上年度整改落实情况：乡镇财政所调研次数少的问题，今年每季度到乡镇财政所蹲点调研2次，已整改。"
    )
    title, _, rest = text.partition("\n")
    return f"{title}\n\n{account}\n{rest}"


def test_a_carried_item_the_report_does_not_mention_is_reported() -> None:
    text = CLEAN.replace("今年我到乡镇财政所调研只有5次，多是听汇报。", "今年下基层次数不多。")
    found = run_rule(
        RULE, text, CheckConfig(carried=("河道整治项目资金拨付滞后，建立项目资金拨付月调度制度",))
    )
    assert len(found) == 1
    assert "河道整治项目资金拨付滞后" in found[0].message


def test_an_item_accounted_for_is_not_reported() -> None:
    found = run_rule(RULE, _with_account(CLEAN), CheckConfig(carried=(CARRIED,)))
    assert found == []


def test_only_the_missing_one_of_two_is_reported_and_anchored_on_the_account() -> None:
    report = report_of(_with_account(CLEAN))
    found = run_rule(RULE, report, CheckConfig(carried=(CARRIED, "公务用车使用登记不规范问题")))
    assert len(found) == 1
    assert "公务用车" in found[0].message
    assert "上年度整改落实情况" in found[0].text


def test_nothing_carried_nothing_reported() -> None:
    assert run_rule(RULE, CLEAN) == []


def test_check_report_passes_carried_items_to_the_rule() -> None:
    review = check_report(report_of(CLEAN), carried=["公务用车使用登记不规范问题"])
    assert any(f.rule == RULE for f in review.findings)
    assert not any(f.rule == RULE for f in check_report(report_of(CLEAN)).findings)
