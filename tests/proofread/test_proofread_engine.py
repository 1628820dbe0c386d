"""The proofreading engine: each kind of slip it must catch (with its correction) and text it must leave alone."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mingjing.model import Severity
from mingjing.proofread import RULES, ProofFinding, proofread_text


def _pairs(text: str, **kwargs: object) -> list[tuple[str, str, str]]:
    return [(f.rule, f.text, f.suggestion) for f in proofread_text(text, **kwargs)]  # type: ignore[arg-type]


POSITIVE = [
    # wrong characters of the same or similar sound or shape (curated list and context patterns)
    ("我们要克服自已的不足。", ("proofread.confusion", "自已", "自己")),
    ("工作中存在急燥情绪。", ("proofread.confusion", "急燥", "急躁")),
    ("对困难报有侥幸心理。", ("proofread.confusion", "报有", "抱有")),
    ("防止副面舆论的影响。", ("proofread.confusion", "副面", "负面")),
    ("坚决反对权利腐败。", ("proofread.confusion", "权利", "权力")),
    ("我们必需坚持党的领导。", ("proofread.confusion", "必需", "必须")),
    ("储备生活必须品。", ("proofread.confusion", "必须品", "必需品")),
    # statistical: a character forming no word where a same-sound one forms a common word
    ("我积极参架党组织活动。", ("proofread.confusion", "架", "加")),
    ("要解决环境污然问题。", ("proofread.confusion", "然", "染")),
    # scrambled, duplicated, dropped
    ("要不折不扣贯学习彻党中央决策部署。", ("proofread.scrambled", "贯学习彻", "学习贯彻")),
    ("在基层治理上还要大下大力气。", ("proofread.duplicated", "大", "")),
    ("坚持集体决策决策，防止个人说了算。", ("proofread.duplicated", "决策", "")),
    ("只有放思想，才能打开新局面。", ("proofread.dropped", "放思想", "解放思想")),
    ("习近平总书在会上强调。", ("proofread.dropped", "总书", "总书记")),
    # 的/地/得
    ("要认真的学习党章党规。", ("proofread.de", "的", "地")),
    ("对上级部署落实的不够扎实。", ("proofread.de", "的", "得")),
    # set phrases: a known wrong form, and one confusable character
    ("优良传统贯久弥新。", ("proofread.idiom", "贯久弥新", "历久弥新")),
    ("坚持实是求是。", ("proofread.idiom", "实是求是", "实事求是")),
    ("精神厉久弥新。", ("proofread.idiom", "厉", "历")),
    # names of theories and meetings
    ("深入学习新世代中国特色社会主义思想。", ("proofread.term", "世", "时")),
    ("坚持以人为中心的发展思想。", ("proofread.term", "人", "人民")),
]

NEGATIVE = [
    "深入学习贯彻习近平新时代中国特色社会主义思想，坚定拥护“两个确立”、坚决做到“两个维护”。",
    "对照理论学习、政治素质、能力本领、担当作为、工作作风、廉洁自律六个方面查摆问题。",
    "在全面从严治党上没有做到真管真严、敢管敢严、长管长严。",
    "以学铸魂、以学增智、以学正风、以学促干，推动主题教育走深走实。",
    "对分管部门和干部明责、履责、监责等方面要求不严。",
    "张建国同志分管的民政工作在全市考核中排名靠前。",
    "今年以来，我先后到石家庄、保定、邯郸等地调研十余次。",
    "这是来自已经退休的老同志的意见。",
    "要把理想信念的总开关拧得紧而又紧。",
    "面对面对接企业需求，帮助解决实际困难。",
    "深入学习贯彻党的二十届四中全会精神，落实四个方面的要求。",
    "缺少深入的调查研究，对情况掌握不够全面。",
    "在工作中要拿出行之有效的解决办法。",
    "要全面系统地学习党的创新理论。",
    "批评与自我批评开展得不够经常。",
    "以德报怨是一种胸怀。",
    "个人问题往往就不了了之了。",
    "",
]


@pytest.mark.parametrize(("text", "expected"), POSITIVE)
def test_slip_is_found_with_its_correction(text: str, expected: tuple[str, str, str]) -> None:
    assert expected in _pairs(text)


@pytest.mark.parametrize("text", NEGATIVE)
def test_clean_official_text_is_left_alone(text: str) -> None:
    assert _pairs(text) == []


def test_findings_point_at_their_exact_words_and_read_in_chinese() -> None:
    text = "一、存在问题\n我们要克服自已的急燥情绪，学习新世代中国特色社会主义思想。"
    findings = proofread_text(text)
    assert [f.start for f in findings] == sorted(f.start for f in findings)
    for finding in findings:
        assert isinstance(finding, ProofFinding)
        assert finding.text == text[finding.start : finding.end]
        assert finding.rule in RULES
        assert finding.severity in (Severity.ERROR, Severity.WARNING, Severity.HINT)
        assert "“" in finding.message and finding.message.endswith("。")
        assert set(finding.to_dict()) == {"rule", "severity", "message", "start", "end", "text", "suggestion"}
    assert findings[0].to_dict()["severity"] == "错误"


def test_quotations_get_no_statistical_guess_but_known_wrong_forms_still_count() -> None:
    inside = "他说：“要解决环境污然问题。”"
    assert _pairs(inside) == []
    assert ("proofread.confusion", "急燥", "急躁") in _pairs("他说：“不能急燥。”")


def test_whitelist_silences_a_term_of_the_organisation() -> None:
    text = "要解决环境污然问题。"
    assert _pairs(text)
    assert _pairs(text, whitelist=["环境污然"]) == []
    assert _pairs("坚决反对权利腐败。", whitelist=["权利腐败"]) == []


def test_traditional_text_is_read_through_its_simplified_shadow_with_the_same_offsets() -> None:
    text = "我們要克服自已的急燥情緒。"
    findings = proofread_text(text)
    assert [(f.text, f.suggestion) for f in findings] == [("自已", "自己"), ("急燥", "急躁")]
    assert all(f.text == text[f.start : f.end] for f in findings)
    # the dictionaries are simplified: a traditional text gets no statistical guess (瞭解 is right there)
    assert _pairs("要解決環境污然問題，瞭解情況。") == []
    assert ("proofread.confusion", "然", "染") in _pairs("要解决环境污然问题。")


def test_sensitive_level_makes_more_statistical_guesses() -> None:
    text = "这次署假小花去台北旅行，我门看了电影。"
    assert ("proofread.confusion", "门", "们") in _pairs(text, level="sensitive")
    assert len(_pairs(text, level="sensitive")) >= len(_pairs(text))
    with pytest.raises(ValueError):
        proofread_text(text, level="loud")


def test_concurrent_first_use_is_safe() -> None:
    texts = ["我们要克服自已的急燥情绪。"] * 8
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(proofread_text, texts))
    assert all(r == results[0] for r in results) and len(results[0]) == 2


_ALPHABET = "的地得了是在我们要自已己急燥躁报抱有副负面权利力必需须贯学习彻大下气决策放思想总书记认真落实“”《》、，。；\n ab1２"


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=60))
def test_any_text_gives_exact_sorted_non_overlapping_spans(text: str) -> None:
    findings = proofread_text(text)
    for finding in findings:
        assert 0 <= finding.start < finding.end <= len(text)
        assert finding.text == text[finding.start : finding.end]
    for first, second in pairwise(findings):
        assert first.end <= second.start
