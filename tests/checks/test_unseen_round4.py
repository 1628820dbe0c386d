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
    text = _swap("（三）能力本领方面", "（二）能力本领方面").replace("（四）担当作为方面", "（五）担当作为方面", 1)
    text = text.replace("（五）工作作风方面", "（六）工作作风方面", 1).replace("（六）廉洁自律方面", "（七）廉洁自律方面", 1)
    assert "（五）" in texts("structure.numbering", text)


def test_displaced_label_after_a_gap_is_the_same_slip() -> None:
    text = _swap("（四）担当作为方面", "（六）担当作为方面").replace("（五）工作作风方面", "（七）工作作风方面", 1)
    text = text.replace("（六）廉洁自律方面", "（四）廉洁自律方面", 1)
    assert texts("structure.numbering", text) == ["（六）"]


def test_order_slip_without_a_gap_is_reported() -> None:
    text = _swap("（四）担当作为方面", "（二）担当作为方面")
    assert texts("structure.numbering", text) != []


def test_swapped_objects_of_two_formulas_are_one_finding() -> None:
    text = _swap("一是学习不够系统。", "一是学习不够系统。我常说要坚决拥护“两个维护”、坚决做到“两个确立”，但落实不够。")
    assert texts("formulation.wrong", text) == ["坚决拥护“两个维护”、坚决做到“两个确立”"]


def test_right_objects_of_two_formulas_are_not_flagged() -> None:
    text = _swap("一是学习不够系统。", "一是学习不够系统。我常说要坚决拥护“两个确立”、坚决做到“两个维护”，但落实不够。")
    assert texts("formulation.wrong", text) == []


def test_incomplete_list_confessed_in_its_paragraph_is_not_a_slip() -> None:
    item = "一是学习不够系统。对“四个意识”的理解不够全面，讲党课时讲要增强政治意识、大局意识、核心意识、服务意识，事后才发现表述不准确。"
    assert texts("formulation.wrong", _swap("一是学习不够系统。", item)) == []


def test_incomplete_list_without_confession_is_flagged() -> None:
    item = "一是学习不够系统。我要求党员增强政治意识、大局意识、核心意识、服务意识，做到令行禁止。"
    assert texts("formulation.wrong", _swap("一是学习不够系统。", item)) == ["政治意识、大局意识、核心意识、服务意识"]


def test_party_organisation_meets_organisation_meeting_is_not_a_repeat() -> None:
    text = _swap("按照县委统一部署，", "按照县委关于召开基层党组织组织生活会的通知和统一部署，")
    assert texts("slip.repeated-word", text) == []


def test_a_real_repeated_word_is_still_flagged() -> None:
    text = _swap("按照县委统一部署，", "按照县委关于召开基层组织组织学习的通知和统一部署，")
    assert texts("slip.repeated-word", text) == ["组织"]
