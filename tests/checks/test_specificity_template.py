"""specificity.template-report: a report that reads like a 范文, judged once for the whole report."""

from __future__ import annotations

from checkkit import CLEAN, run_rule

from mingjing.model import Severity

# A 范文 of our own writing: stock phrases only, no number, date, place or event of the writer's own.
TEMPLATE = """XX同志民主生活会对照检查材料

按照上级要求，本人认真学习，深入查找问题，现报告如下。

一、存在的问题
（一）理论学习方面。对理论学习的重要性认识不足，学习不够系统，往往满足于读读报纸、听听报告，理论联系实际不够，用党的创新理论指导实践、推动工作的能力有待进一步提高。
（二）政治素质方面。政治敏锐性和政治鉴别力不强，对错误思想和言论的危害性认识不足，同错误言行作斗争的勇气不够，政治站位不够高，大局意识有待增强。
（三）能力本领方面。能力本领与新时代的要求还有差距，创新意识不强，工作方法简单，有时存在畏难情绪，攻坚克难的勇气不足，本领恐慌问题依然存在。
（四）担当作为方面。担当意识不强，遇到矛盾有时绕着走，满足于过得去、差不多，开拓进取的精神不足，工作标准不高，求稳怕乱的思想依然存在。
（五）工作作风方面。调查研究不够深入，深入基层不够，联系群众不够紧密，有时存在形式主义、官僚主义的倾向，工作作风不够扎实，抓落实不够有力。
（六）廉洁自律方面。对自己要求不严，廉洁自律意识不强，在落实中央八项规定精神方面还需进一步加强，对身边人员教育管理不够严格。

二、原因剖析
（一）理想信念有所弱化。放松了世界观、人生观、价值观的改造。
（二）宗旨意识有所淡化。全心全意为人民服务的宗旨意识树立得不够牢固。
（三）党性修养有所放松。对党性修养的重要性认识不足。

三、整改措施
（一）加强理论学习，坚定理想信念，做到学思用贯通、知信行统一。
（二）强化宗旨意识，真心实意为群众办实事、解难题。
（三）加强党性锻炼，严守纪律规矩，树立良好形象。
"""


def test_template_is_one_report_level_error() -> None:
    (finding,) = run_rule("specificity.template-report", TEMPLATE)
    assert finding.severity is Severity.ERROR
    assert finding.text == "一、存在的问题" and "范文" in finding.message


def test_one_fact_makes_it_less_sure_a_warning() -> None:
    one_fact = TEMPLATE.replace("往往满足于读读报纸", "全年只读书2本，往往满足于读读报纸")
    found = run_rule("specificity.template-report", one_fact)
    assert [f.severity for f in found] == [Severity.WARNING] and "只有1处" in found[0].message
    two_facts = one_fact.replace("调查研究不够深入", "今年只到基层调研3次")
    assert run_rule("specificity.template-report", two_facts) == []


def test_a_specific_report_is_no_template() -> None:
    assert run_rule("specificity.template-report", CLEAN) == []


def test_a_short_note_is_left_to_the_proportion_rules() -> None:
    short = "个人对照检查材料\n一、存在的问题\n一是学习不够。\n二、原因剖析\n理想信念有所弱化。\n三、整改措施\n加强学习。\n"
    assert run_rule("specificity.template-report", short) == []


def test_team_report_gets_team_advice() -> None:
    team = TEMPLATE.replace("XX同志民主生活会对照检查材料", "县财政局党组领导班子民主生活会对照检查材料")
    team = team.replace("（一）理论学习方面。", "（一）理论学习方面\n一是学习不深。").replace(
        "（二）政治素质方面。", "（二）政治素质方面\n一是站位不高。"
    )
    advice = {f.suggestion for f in run_rule("specificity.vague-item", team)}
    assert advice and all("班子" in a and "本人" not in a for a in advice if a)
    personal = {
        f.suggestion for f in run_rule("specificity.vague-item", team.replace("党组领导班子", "副局长"))
    }
    assert all("本人" in a for a in personal if a)
