"""Helpers for the checks tests: run one rule on a text and see what it reports."""

from __future__ import annotations

import json
import os
from pathlib import Path

from mingjing.api import parse_text
from mingjing.checks import CheckConfig
from mingjing.checks.engine import run_rule as engine_run_rule
from mingjing.model import Finding, ParsedReport


def report_of(text: str, **kwargs: object) -> ParsedReport:
    return parse_text(text, **kwargs)  # type: ignore[arg-type]


def run_rule(rule_id: str, text: str | ParsedReport, config: CheckConfig | None = None) -> list[Finding]:
    report = report_of(text) if isinstance(text, str) else text
    found = engine_run_rule(rule_id, report, config or CheckConfig())
    record_case(rule_id, fired=bool(found))
    for finding in found:
        assert finding.text == report.text[finding.start : finding.end]
        assert finding.rule == rule_id
    return found


def texts(rule_id: str, text: str | ParsedReport, config: CheckConfig | None = None) -> list[str]:
    return [f.text for f in run_rule(rule_id, text, config)]


# A small well-formed report in the 2023 framework; tests splice defects into copies of it.
CLEAN = """县财政局副局长主题教育专题民主生活会对照检查材料

按照县委统一部署，我认真学习规定篇目，与班子成员谈心谈话12人次，对照六个方面查摆问题，现报告如下。

一、存在的问题
（一）理论学习方面
一是学习不够系统。今年我参加中心组学习9次，但个人自学多是临时翻阅，比如5月编制预算时才集中学习有关论述。
二是学用结合不紧。在推进零基预算改革时，我习惯按老办法测算，试点只覆盖了4个单位。
（二）政治素质方面
一是政治敏锐性不强。今年6月一篇不当文章在单位公众号转发，我只要求删除，没有组织排查。
二是落实“第一议题”制度走过场，有3次党组会只作表态，没有明确责任科室。
（三）能力本领方面
一是防范债务风险的本领不足。我对平台公司偿债安排掌握不清，二季度出现一笔临时筹资。
二是数字化能力不足。预算一体化系统上线后，我没有及时组织培训，基层反映操作困难。
（四）担当作为方面
一是推动改革有畏难情绪。我担心触动部门利益，绩效评价改革拖了半年。
二是服务项目不主动。有2个重点项目因资金拨付慢影响了进度。
（五）工作作风方面
一是调研不深入。今年我到乡镇财政所调研只有5次，多是听汇报。
二是会议偏多。局里今年召开会议38次，基层反映负担较重。
（六）廉洁自律方面
一是对采购环节监督不严。我对政府采购的日常监督主要靠事后审计。
二是对亲友请托报告不及时。有亲戚打听采购信息，我拒绝了但没有向组织报告。

二、原因剖析
（一）理想信念有所弱化。以业务学习代替理论学习，思想上的“总开关”没有拧紧，对习近平新时代中国特色社会主义思想学得不深。
（二）宗旨意识有所淡化。习惯于坐在机关看报表，对基层和群众的困难感受不深，“为了谁”的问题没有时刻牢记。
（三）党性修养有所放松。对纪律规矩的敬畏之心减弱，存在好人主义和侥幸心理，批评与自我批评不够。
（四）担当精神有所不足。遇到改革难题求稳怕乱，缺少攻坚克难的勇气和干事创业的进取精神。

三、整改措施
（一）加强理论学习。每周自学不少于4小时，年底前撰写2篇学习体会。
（二）强化政治担当。每季度研究一次意识形态工作，建立公众号信息审核制度。
（三）提升履职本领。每月听取一次债务风险汇报，3月底前完成一体化系统培训。
（四）攻坚改革难题。2024年6月底前出台绩效评价改革方案，资金拨付时限压缩到5个工作日。
（五）改进工作作风。每季度到乡镇财政所调研不少于3次，会议数量压减20%。
（六）严守廉洁底线。每半年对政府采购开展一次专项检查，亲友请托事项一律登记报告。

以上对照检查，请同志们批评指正。
"""


def record_case(rule_id: str, *, fired: bool) -> None:
    """Note that a test ran ``rule_id`` on a case where it fired (positive) or stayed silent (negative).

    The session hook in tests/conftest.py adds these up across xdist workers and, on a full run
    (``MINGJING_RULE_COVERAGE=1``), fails when a rule of the catalogue lacks a positive or a negative case.
    """
    folder = os.environ.get("MINGJING_RULE_CASES_DIR")
    if not folder:
        return
    with (Path(folder) / f"{os.getpid()}.jsonl").open("a", encoding="utf-8") as out:
        out.write(json.dumps({"rule": rule_id, "fired": fired}) + "\n")
