"""Generalisation round 4 (issue 8): one slip is one finding, confessions are not slips, word seams."""

from __future__ import annotations

from tests.checks.checkkit import CLEAN, texts


def _swap(old: str, new: str) -> str:
    assert old in CLEAN
    return CLEAN.replace(old, new, 1)


def test_repeated_paren_label_is_one_finding_not_two() -> None:
    text = _swap("（三）能力本领方面", "（二）能力本领方面")
    found = texts("structure.numbering", text)
    assert found == ["（二）"]  # the repeat; the (四) after it is in order again


def test_real_gap_after_a_repeat_is_still_reported() -> None:
    text = _swap("（三）能力本领方面", "（二）能力本领方面").replace(
        "（四）担当作为方面", "（五）担当作为方面", 1
    )
    text = text.replace("（五）工作作风方面", "（六）工作作风方面", 1).replace(
        "（六）廉洁自律方面", "（七）廉洁自律方面", 1
    )
    assert "（五）" in texts("structure.numbering", text)


def test_displaced_label_after_a_gap_is_the_same_slip() -> None:
    text = _swap("（四）担当作为方面", "（六）担当作为方面").replace(
        "（五）工作作风方面", "（七）工作作风方面", 1
    )
    text = text.replace("（六）廉洁自律方面", "（四）廉洁自律方面", 1)
    assert texts("structure.numbering", text) == ["（六）"]


def test_order_slip_without_a_gap_is_reported() -> None:
    text = _swap("（四）担当作为方面", "（二）担当作为方面")
    assert texts("structure.numbering", text) != []


def test_swapped_objects_of_two_formulas_are_one_finding() -> None:
    text = _swap(
        "一是学习不够系统。", "一是学习不够系统。我常说要坚决拥护“两个维护”、坚决做到“两个确立”，但落实不够。"
    )
    assert texts("formulation.wrong", text) == ["坚决拥护“两个维护”、坚决做到“两个确立”"]


def test_right_objects_of_two_formulas_are_not_flagged() -> None:
    text = _swap(
        "一是学习不够系统。", "一是学习不够系统。我常说要坚决拥护“两个确立”、坚决做到“两个维护”，但落实不够。"
    )
    assert texts("formulation.wrong", text) == []


def test_incomplete_list_confessed_in_its_paragraph_is_not_a_slip() -> None:
    item = "一是学习不够系统。对“四个意识”的理解不够全面，讲党课时讲要增强政治意识、大局意识、核心意识、服务意识，事后才发现表述不准确。"
    assert texts("formulation.wrong", _swap("一是学习不够系统。", item)) == []


def test_incomplete_list_without_confession_is_flagged() -> None:
    item = "一是学习不够系统。我要求党员增强政治意识、大局意识、核心意识、服务意识，做到令行禁止。"
    assert texts("formulation.wrong", _swap("一是学习不够系统。", item)) == [
        "政治意识、大局意识、核心意识、服务意识"
    ]


def test_party_organisation_meets_organisation_meeting_is_not_a_repeat() -> None:
    text = _swap("按照县委统一部署，", "按照县委关于召开基层党组织组织生活会的通知和统一部署，")
    assert texts("slip.repeated-word", text) == []


def test_a_real_repeated_word_is_still_flagged() -> None:
    text = _swap("按照县委统一部署，", "按照县委关于召开基层组织组织学习的通知和统一部署，")
    assert texts("slip.repeated-word", text) == ["组织"]


# -- self: others named after a lead-in, after a scene-setting clause, or inside the writer's organisation ----

_PERSONAL = CLEAN.replace("县财政局副局长主题教育专题", "县人民医院党委书记专题", 1)


def _item(old: str, new: str) -> str:
    assert old in _PERSONAL
    return _PERSONAL.replace(old, new, 1)


def test_others_after_a_lead_in_are_blamed() -> None:
    text = _item(
        "二是学用结合不紧。在推进零基预算改革时，我习惯按老办法测算，试点只覆盖了4个单位。",
        "二是推进不力。主要是部分科室负责人思想认识不到位，消极应付。",
    )
    assert texts("self.blames-others", text) == ["部分科室负责人思想认识不到位"]


def test_others_in_the_writers_organisation_are_blamed() -> None:
    text = _item(
        "二是学用结合不紧。在推进零基预算改革时，我习惯按老办法测算，试点只覆盖了4个单位。",
        "二是医院部分科室主任在耗材使用上把关不严，群众反映看病贵。",
    )
    assert texts("self.blames-others", text) == ["医院部分科室主任在耗材使用上把关不严"]


def test_others_after_a_scene_setting_clause_are_blamed() -> None:
    text = _item(
        "二是学用结合不紧。在推进零基预算改革时，我习惯按老办法测算，试点只覆盖了4个单位。",
        "二是落实不力。但在落实民生兜底部署上，局里一些班子成员政治站位不高，工作敷衍。",
    )
    assert texts("self.blames-others", text) != []


def test_writer_acting_on_others_after_a_lead_in_is_not_blame() -> None:
    text = _item(
        "二是学用结合不紧。在推进零基预算改革时，我习惯按老办法测算，试点只覆盖了4个单位。",
        "二是督促不够。主要是我对部分科室负责人提醒不及时，检查不经常。",
    )
    assert texts("self.blames-others", text) == []


def test_writer_in_a_scene_setting_clause_owns_the_item() -> None:
    text = _item(
        "二是学用结合不紧。在推进零基预算改革时，我习惯按老办法测算，试点只覆盖了4个单位。",
        "二是在推进改革中，我对医院部分科室主任的顾虑估计不足，动员不够。",
    )
    assert texts("self.blames-others", text) == []


def test_a_verdict_of_strictness_on_oneself_is_exoneration() -> None:
    text = _item(
        "一是学习不够系统。", "一是学习不够系统。我对自己的要求总体是严格的，需要改进的是自学时间偏少。"
    )
    assert texts("self.exoneration", text) != []


def test_admitting_lax_demands_on_oneself_is_not_exoneration() -> None:
    text = _item("一是学习不够系统。", "一是学习不够系统。我对自己的要求还不够严格，自学时间偏少。")
    assert texts("self.exoneration", text) == []


def test_eagerness_offered_as_the_failing_is_exoneration() -> None:
    text = _item("一是学习不够系统。", "一是学习不够系统。有时太想把工作干好，对同志批评过急。")
    assert texts("self.exoneration", text) != []


# -- context: the writer's "作为……" against the title; "我们X县" as one's own county ---------------------------

_DEPUTY = CLEAN.replace("县财政局副局长主题教育专题", "青山区财政局党组成员、副局长专题", 1)


def test_same_unit_at_another_level_is_inconsistent() -> None:
    text = _DEPUTY.replace(
        "一是学习不够系统。", "一是学习不够系统。作为县财政局分管预算的副局长，我学得不深。", 1
    )
    assert texts("context.self-inconsistent", text) == ["作为县财政局"]


def test_same_unit_at_its_own_level_is_consistent() -> None:
    text = _DEPUTY.replace(
        "一是学习不够系统。", "一是学习不够系统。作为区财政局分管预算的副局长，我学得不深。", 1
    )
    assert texts("context.self-inconsistent", text) == []


def test_another_unit_at_another_level_is_not_compared() -> None:
    text = _DEPUTY.replace(
        "一是学习不够系统。", "一是学习不够系统。作为市人大代表联络站的联系人，我走访不够。", 1
    )
    assert texts("context.self-inconsistent", text) == []


def test_a_deputy_post_the_title_does_not_give_is_inconsistent() -> None:
    text = CLEAN.replace("县财政局副局长主题教育专题", "市城投集团党委副书记专题", 1)
    text = text.replace("一是学习不够系统。", "一是学习不够系统。作为分管财务的副总经理，我把关不严。", 1)
    assert texts("context.self-inconsistent", text) == ["作为分管财务的副总经理"]


def test_the_deputy_post_of_the_title_is_consistent() -> None:
    text = _DEPUTY.replace("一是学习不够系统。", "一是学习不够系统。作为分管预算的副局长，我把关不严。", 1)
    assert texts("context.self-inconsistent", text) == []


def test_another_county_claimed_as_ours_is_inconsistent() -> None:
    text = CLEAN.replace("县财政局副局长主题教育专题", "青岚县财政局副局长专题", 1)
    text = text.replace("一是学习不够系统。", "一是学习不够系统。我们西平县的预算改革起步早，我没有跟上。", 1)
    assert texts("context.place-inconsistent", text) == ["西平县"]


def test_our_own_county_is_consistent() -> None:
    text = CLEAN.replace("县财政局副局长主题教育专题", "青岚县财政局副局长专题", 1)
    text = text.replace("一是学习不够系统。", "一是学习不够系统。我们青岚县的预算改革起步早，我没有跟上。", 1)
    assert texts("context.place-inconsistent", text) == []


# -- formulation: swapped verbs of two formulas; a plenary session named by the congress ------------------


def test_swapped_verbs_of_confidence_and_consciousness_are_one_finding() -> None:
    text = _swap(
        "一是学习不够系统。", "一是学习不够系统。我们常讲要增强“四个自信”、坚定“四个意识”，我做得不够。"
    )
    assert texts("formulation.wrong", text) == ["增强“四个自信”、坚定“四个意识”"]


def test_right_verbs_of_confidence_and_consciousness_are_not_flagged() -> None:
    text = _swap(
        "一是学习不够系统。", "一是学习不够系统。我们常讲要增强“四个意识”、坚定“四个自信”，我做得不够。"
    )
    assert texts("formulation.wrong", text) == []


def test_plenary_session_named_by_the_congress_is_wrong() -> None:
    text = _swap("一是学习不够系统。", "一是学习不够系统。对党的二十大四中全会精神学得不深。")
    assert texts("formulation.wrong", text) == ["二十大四中全会"]


def test_plenary_session_named_by_the_term_is_right() -> None:
    text = _swap("一是学习不够系统。", "一是学习不够系统。对党的二十届四中全会精神和党的二十大报告学得不深。")
    assert texts("formulation.wrong", text) == []


# -- era: a past campaign's own set of aspect headings --------------------------------------------------

_THREE_STRICT = (
    "县林业局局长2025年度民主生活会对照检查材料\n\n按照县委统一部署，我认真学习，现报告如下。\n\n一、存在的问题\n"
    "（一）严以修身方面\n理论学习有所放松，今年自学只有6次。\n（二）严以用权方面\n今年申报的2个项目程序不规范。\n"
    "（三）严以律己方面\n对亲属经商情况报告不及时。\n\n二、原因剖析\n理想信念有所弱化，宗旨意识有所淡化。\n\n"
    "三、整改措施\n每月自学不少于4次，年底前完成项目程序整改。\n"
)


def test_three_strict_headings_in_a_2025_report_are_an_old_template() -> None:
    found = texts("era.aspects", _THREE_STRICT)
    assert found and "严以修身" in found[0]


def test_three_strict_headings_in_a_2015_report_are_of_their_time() -> None:
    text = _THREE_STRICT.replace("2025年度", "2015年度")
    assert texts("era.aspects", text) == []


def test_the_2019_checklist_as_this_meetings_yardstick_is_an_old_theme() -> None:
    text = CLEAN.replace("对照六个方面查摆问题", "逐条对照“18个是否”查摆问题", 1).replace(
        "主题教育专题", "2025年度", 1
    )
    assert any("18个是否" in t for t in texts("era.campaign", text))


def test_the_meeting_without_the_2019_checklist_is_not_an_old_theme() -> None:
    text = CLEAN.replace("主题教育专题", "2025年度", 1)
    assert not any("18个是否" in t for t in texts("era.campaign", text))


# -- formulation: names of bodies renamed in the 2018 reform ---------------------------------------------

_Y2025 = CLEAN.replace("主题教育专题", "2025年度", 1)


def test_a_renamed_body_in_a_2025_report_is_outdated() -> None:
    text = _Y2025.replace("一是学习不够系统。", "一是学习不够系统。与县卫计委沟通不够。", 1)
    assert texts("formulation.outdated", text) == ["县卫计委"]


def test_the_former_body_named_as_such_is_history() -> None:
    text = _Y2025.replace("一是学习不够系统。", "一是学习不够系统。原县卫计委的档案移交不够及时。", 1)
    assert texts("formulation.outdated", text) == []


def test_a_renamed_body_in_a_report_of_unknown_year_is_not_flagged() -> None:
    text = CLEAN.replace("主题教育专题", "", 1).replace(
        "一是学习不够系统。", "一是学习不够系统。与县安监局沟通不够。", 1
    )
    assert texts("formulation.outdated", text) == []
