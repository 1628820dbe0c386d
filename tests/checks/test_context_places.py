"""context.place-inconsistent: one writer, one place — checked without an organisation profile."""

from __future__ import annotations

import pytest
from checkkit import CLEAN, run_rule

from mingjing.checks.rules.context import _known_places

DISTRICT = CLEAN.replace(
    "县财政局副局长主题教育专题民主生活会对照检查材料",
    "主题教育专题民主生活会对照检查材料\n东城区财政局副局长　张某",
).replace("按照县委统一部署", "按照区委统一部署")
ITEM = "一是调研不深入。今年我到乡镇财政所调研只有5次，多是听汇报。"
needs_places = pytest.mark.skipif(not _known_places(), reason="pycorrector's place_name.txt is not installed")


def _swap(new: str, text: str = DISTRICT) -> str:
    assert ITEM in text
    return text.replace(ITEM, new, 1)


@needs_places
def test_another_county_as_ones_own() -> None:
    text = _swap("一是调研不深入。在起草西平县2023年度经济工作会议讲话时，所用基层情况多来自部门报送的材料。")
    (finding,) = run_rule("context.place-inconsistent", text)
    assert finding.text == "西平县" and "东城区" in finding.message


@needs_places
@pytest.mark.parametrize(
    "item",
    [
        ITEM,
        # learning from or visiting another place is no mismatch
        "一是调研不深入。今年我带队赴西平县学习预算绩效管理经验，回来后没有结合本区实际转化。",
        # one's own district named again
        "一是调研不深入。在起草东城区2023年度经济工作会议讲话时，所用基层情况多来自部门报送的材料。",
    ],
)
def test_own_or_visited_places_are_fine(item: str) -> None:
    assert run_rule("context.place-inconsistent", _swap(item)) == []


@needs_places
def test_another_city_in_a_city_units_report() -> None:
    city = DISTRICT.replace("东城区财政局副局长", "平江市财政局副局长").replace(
        "按照区委统一部署", "按照市委统一部署"
    )
    text = _swap("一是调研不深入。作为临川市财政局分管领导，我今年到乡镇财政所调研只有5次。", city)
    assert [f.text for f in run_rule("context.place-inconsistent", text)] == ["临川市"]
    partner = _swap("一是调研不深入。与临川市财政局合作开展绩效评价时，我今年到乡镇财政所调研只有5次。", city)
    assert run_rule("context.place-inconsistent", partner) == []


def test_county_words_in_a_district_report() -> None:
    text = _swap("一是调研不深入。县委部署的财源建设任务，我只是层层转发，今年到乡镇财政所调研只有5次。")
    (finding,) = run_rule("context.place-inconsistent", text)
    assert finding.text == "县委" and "区级单位" in finding.message


def test_no_place_in_the_title_means_nothing_to_compare() -> None:
    assert run_rule("context.place-inconsistent", CLEAN) == []


def test_a_county_office_speaking_as_a_town() -> None:
    office = DISTRICT.replace("东城区财政局副局长", "东城区委办公室副主任")
    text = _swap("一是统筹不足。今年我镇承担的高标准农田建设任务1.5万亩，我推进中统筹兼顾不够。", office)
    assert [f.text for f in run_rule("context.place-inconsistent", text)] == ["我镇"]
    # a town cadre may speak of the county above ("我县"): no finding
    town = CLEAN.replace("县财政局副局长", "青山镇人民政府副镇长")
    town = town.replace(ITEM, "一是调研不深入。我县今年推进高标准农田建设，我到村调研只有5次。", 1)
    assert run_rule("context.place-inconsistent", town) == []


# -- the convening committee, unlisted names, towns and streets (issue 8) -------------------------------

TOWN = CLEAN.replace(
    "县财政局副局长主题教育专题民主生活会对照检查材料", "龙潭镇党委副书记、镇长民主生活会对照检查材料"
).replace("按照县委统一部署", "根据青岚县委统一部署")


def _town(new: str, text: str = TOWN) -> str:
    assert ITEM in text
    return text.replace(ITEM, new, 1)


@needs_places
def test_the_convening_county_is_the_writers_own() -> None:
    text = _town("一是调研不深入。按照临川县委的部署要求，我今年到村调研只有5次。")
    (finding,) = run_rule("context.place-inconsistent", text)
    assert finding.text == "临川县" and "青岚县" in finding.message
    own = _town("一是调研不深入。按照青岚县委的部署要求，我今年到村调研只有5次。")
    assert run_rule("context.place-inconsistent", own) == []


def test_district_words_under_a_convening_county() -> None:
    text = _town("一是统筹不足。作为办公室负责人，我统筹做好区委常委会会议服务，督办跟踪不够。")
    (finding,) = run_rule("context.place-inconsistent", text)
    assert finding.text == "区委"


def test_unlisted_county_name_as_ones_own() -> None:
    county = DISTRICT.replace("东城区财政局副局长", "沙河县林业局局长").replace(
        "按照区委统一部署", "按照县委统一部署"
    )
    text = _swap("一是推进缓慢。今年青岚县国有林场森林抚育项目只完成计划的六成。", county)
    assert [f.text for f in run_rule("context.place-inconsistent", text)] == ["青岚县"]
    # a verb before 县 is no place name
    verb = _swap("一是推进缓慢。我满足于等县委部署，森林抚育项目只完成计划的六成。", county)
    assert run_rule("context.place-inconsistent", verb) == []


def test_town_words_in_a_street_report() -> None:
    street = CLEAN.replace(
        "县财政局副局长主题教育专题民主生活会对照检查材料",
        "梧桐街道党工委委员、办事处副主任民主生活会对照检查材料",
    )
    text = street.replace(ITEM, "一是满足于完成指标。作为镇党委委员，我分管全镇农业农村工作。", 1)
    (finding,) = run_rule("context.place-inconsistent", text)
    assert finding.text == "作为镇党委" and "街道" in finding.message
    own = street.replace(ITEM, "一是满足于完成指标。我分管全街道城市管理工作，到社区调研只有5次。", 1)
    assert run_rule("context.place-inconsistent", own) == []


def test_a_verb_before_the_county_committee_is_no_place() -> None:
    county = DISTRICT.replace("东城区财政局副局长", "沙河县林业局局长").replace(
        "按照区委统一部署", "按照县委统一部署"
    )
    text = _swap("一是程序不严。方案形成后，并报县委审定的环节有2次拖延，我督促不够。", county)
    assert run_rule("context.place-inconsistent", text) == []
