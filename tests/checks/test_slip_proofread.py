"""slip.proofread: the proofreader's findings inside ``mingjing check``, without the header, quotations and the
slips other rules already report."""

from __future__ import annotations

import pytest
from checkkit import CLEAN, run_rule

from mingjing.checks import CheckConfig
from mingjing.checks.config import OrgProfile
from mingjing.model import Severity

RULE = "slip.proofread"


def _replace(old: str, new: str, text: str = CLEAN) -> str:
    assert old in text
    return text.replace(old, new, 1)


POSITIVE = [
    (_replace("我习惯按老办法测算", "我习惯按老办法测算，急燥冒进"), "急燥", "急躁"),
    (
        _replace("对习近平新时代中国特色社会主义思想学得不深", "对新世代中国特色社会主义思想学得不深"),
        "世",
        "时",
    ),
    (_replace("我只要求删除，没有组织排查", "我只要求删除，落实的不够扎实"), "的", "得"),
    (_replace("我拒绝了但没有向组织报告", "我拒绝了但对自已要求不严"), "自已", "自己"),
]


@pytest.mark.parametrize(("text", "wrong", "right"), POSITIVE)
def test_slip_is_reported_with_its_correction(text: str, wrong: str, right: str) -> None:
    found = [(f.text, f.suggestion) for f in run_rule(RULE, text)]
    assert (wrong, right) in found


def test_clean_report_has_no_finding() -> None:
    assert run_rule(RULE, CLEAN) == []


def test_header_and_quotations_are_not_checked() -> None:
    header = _replace("县财政局副局长", "县财政局副局长急燥")
    assert run_rule(RULE, header) == []
    quoted = _replace("思想上的“总开关”没有拧紧", "思想上的“总开关急燥”没有拧紧")
    assert run_rule(RULE, quoted) == []


def test_what_slip_typo_reports_is_not_reported_twice() -> None:
    text = _replace("我习惯按老办法测算", "我习惯按老办法测算，贯久弥新")
    assert run_rule(RULE, text) == []
    assert [f.text for f in run_rule("slip.typo", text)] == ["贯久弥新"]


def test_findings_are_hints_until_measured_and_limit_is_a_parameter() -> None:
    text = _replace("我习惯按老办法测算", "我习惯按老办法测算，急燥冒进，落实的不够扎实")
    found = run_rule(RULE, text)
    assert len(found) == 2 and {f.severity for f in found} == {Severity.HINT}
    limited = run_rule(RULE, text, CheckConfig(thresholds=(("slip.proofread-max", 1),)))
    assert len(limited) == 1


def test_unit_name_of_the_organisation_is_never_flagged() -> None:
    text = _replace("我习惯按老办法测算", "我在环境污然治理办测算")
    assert [f.text for f in run_rule(RULE, text)] == ["然"]
    assert run_rule(RULE, text, CheckConfig(profile=OrgProfile(unit="环境污然治理办"))) == []
