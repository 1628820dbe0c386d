"""self.*: self-criticism, not criticism of others; no self-praise dressed as problems."""

from __future__ import annotations

import pytest
from checkkit import CLEAN, report_of, run_rule

from mingjing.checks.rules.self import is_team_report
from mingjing.checks.view import view_of

ITEM = "一是调研不深入。今年我到乡镇财政所调研只有5次，多是听汇报。"


def _swap(old: str, new: str, text: str = CLEAN) -> str:
    assert old in text
    return text.replace(old, new, 1)


def _team(text: str) -> str:
    return text.replace(
        "县财政局副局长主题教育专题民主生活会对照检查材料",
        "县财政局党组领导班子主题教育专题民主生活会对照检查材料",
    )


BLAMES = [
    "一是作风不实。局班子成员中，有的同志宗旨意识淡薄，接待群众态度生硬；个别同志下乡只是走马观花，群众意见较大。",
    "一是落实不力。部分乡镇财政所执行预算部署时按部就班，缺乏主动性。个别干部作风粗放，给我的工作带来很大被动。",
    "一是推诿扯皮。某副局长遇到矛盾绕着走，推诿扯皮，群众意见较大。",
    # the writer appears only as the one who did right
    "一是廉政教育不实。一些股室负责人认为廉政建设是纪检组的事，我多次在会上强调，但效果不明显。",
]
NOT_BLAMES = [
    ITEM,
    # the writer's own failing towards others
    "一是督促不够。对分管股室的个别干部迟到早退，我发现后只是提醒，没有严肃处理。",
    # others' opinion of the writer is self-criticism
    "一是调研不深入。个别同志反映我下基层少，今年我到乡镇调研只有5次。",
    # others mentioned in the middle of an item about oneself
    "一是学用结合不紧。组织机关学习形式比较单一，交流研讨不够充分，有的同志在研讨时照本宣科。",
]


@pytest.mark.parametrize("item", BLAMES)
def test_blames_others(item: str) -> None:
    found = run_rule("self.blames-others", _swap(ITEM, item))
    assert found and all("自我批评" in f.message for f in found)


@pytest.mark.parametrize("item", NOT_BLAMES)
def test_criticising_oneself_is_not_blaming(item: str) -> None:
    assert run_rule("self.blames-others", _swap(ITEM, item)) == []


def test_team_report_blames_subordinate_units_not_members() -> None:
    blame = "一是落实不力。部分下属单位执行预算部署时按部就班，缺乏主动性；个别股室作风粗放。"
    found = run_rule("self.blames-others", _team(_swap(ITEM, blame)))
    assert found and all("班子" in f.message for f in found)
    owned = "一是监管不力。班子对下属单位监管偏软，部分单位执行预算部署时按部就班。"
    assert run_rule("self.blames-others", _team(_swap(ITEM, owned))) == []


def test_team_report_is_recognised_by_its_title() -> None:
    team = report_of(_team(CLEAN))
    assert is_team_report(team, view_of(team))
    personal = report_of(CLEAN)
    assert not is_team_report(personal, view_of(personal))


EXONERATIONS = [
    ("总的来看，本人党性是坚强的，一年来总体上是不错的。", "先肯定自己"),
    ("如果说有差距，主要是对自己要求还不够高。", "如果有的话"),
    ("我既没有权力腐败，也没有以权谋私。", "没有违纪"),
    ("有时工作太投入，对下属要求太严。", "以优点充当问题"),
    ("对家庭照顾不够，参加体检、休假都比较少。", "以辛劳充当问题"),
    ("工作期间勤勤恳恳，兢兢业业。", "自我表扬"),
    ("本人下乡从不要求接待，与享乐主义不沾边。", "没有问题"),
]


@pytest.mark.parametrize(("sentence", "kind"), EXONERATIONS)
def test_exoneration(sentence: str, kind: str) -> None:
    (finding,) = run_rule("self.exoneration", _swap(ITEM, f"一是要求不严。{sentence}"))
    assert kind in finding.message


@pytest.mark.parametrize(
    "text",
    [
        CLEAN,
        # "既没有…也没有…" about one's own shortfalls is honest self-criticism
        _swap(ITEM, "一是调研不深入。我既没有深入基层，也没有带着问题去，全年只调研5次。"),
        # the declaration of 个人有关事项 outside the problems part is not a dodge
        CLEAN.replace("以上对照检查", "四、个人有关事项\n本人没有违纪违法问题。\n\n以上对照检查"),
    ],
)
def test_no_exoneration(text: str) -> None:
    assert run_rule("self.exoneration", text) == []


def test_one_finding_per_sentence() -> None:
    text = _swap(ITEM, "一是要求不严。总的来看，本人党性是坚强的，如果说有差距，就是有时工作太投入。")
    assert len(run_rule("self.exoneration", text)) == 1


# -- points inside one item, collectives, subordinates (issue 8) ------------------------------------------

SEGMENT_BLAMES = [
    # the writer owns the first point; the second point blames the team's members
    (
        "一是调研不深入。一是我到乡镇财政所调研只有5次。二是局班子个别同志存在“躺平”思想，"
        "分管工作推一下动一下，有的副局长对群众来访能推就推。",
        "局班子个别同志存在“躺平”思想",
    ),
    # "另外，……" opens a new point that is all about others
    (
        "一是调研不深入。我到乡镇财政所调研只有5次。另外，班子成员中，个别副局长对分管工作抓得不紧；"
        "有的班子成员对局属单位的管理放任自流。",
        "个别副局长对分管工作抓得不紧",
    ),
    # a collective before the quantifier: "局机关个别干部"
    (
        "一是作风不实。局机关个别干部上班迟到早退，部分同志把上级部署当作一般性工作。",
        "局机关个别干部上班迟到早退",
    ),
]


@pytest.mark.parametrize(("item", "quote"), SEGMENT_BLAMES)
def test_blaming_point_inside_an_owned_item(item: str, quote: str) -> None:
    (finding,) = run_rule("self.blames-others", _swap(ITEM, item))
    assert finding.text.startswith(quote)


SEGMENT_OWNED = [
    # the lead sentence owns the points that follow it
    "一是管理偏软。我对分管股室要求不严，主要表现在：一是个别干部上班迟到早退；二是部分同志对群众诉求敷衍应付。",
    # acting on others, not others as the subject
    "一是原则性不强。对机关个别干部迟到早退等问题，我碍于情面批评不够严肃。",
    # every point has the writer in it
    "一是调研不深入。一是我到乡镇调研只有5次。二是有的股室工作拖拉，我没有及时督促，群众办事要跑两趟。",
]


@pytest.mark.parametrize("item", SEGMENT_OWNED)
def test_owned_points_are_not_blaming(item: str) -> None:
    assert run_rule("self.blames-others", _swap(ITEM, item)) == []


def test_team_report_blames_a_subordinate_unit_named_without_quantifier() -> None:
    blame = "一是作风不够严实。局属不动产登记中心窗口服务态度生硬，群众办一次登记要跑好几趟。"
    (finding,) = run_rule("self.blames-others", _team(_swap(ITEM, blame)))
    assert finding.text.startswith("局属不动产登记中心")
    owned = "一是监管不力。局属不动产登记中心窗口服务态度生硬，班子督促检查不够，没有及时纠正。"
    assert run_rule("self.blames-others", _team(_swap(ITEM, owned))) == []


def test_one_finding_per_point() -> None:
    blame = "一是作风不实。有的同志宗旨意识淡薄；个别同志下社区走马观花；部分社区工作按部就班。"
    assert len(run_rule("self.blames-others", _swap(ITEM, blame))) == 1


MORE_EXONERATIONS = [
    ("自己手中既没有多大权力，也谈不上权力腐败。", "没有违纪"),
    ("班子成员对工作精益求精，有时对干部要求过严。", "以优点充当问题"),
    ("局里很多工作走在全省前列，但对外宣传推介不够。", "以成绩充当问题"),
]


@pytest.mark.parametrize(("sentence", "kind"), MORE_EXONERATIONS)
def test_more_exonerations(sentence: str, kind: str) -> None:
    (finding,) = run_rule("self.exoneration", _swap(ITEM, f"一是宣传总结不够。{sentence}"))
    assert kind in finding.message
    assert finding.text.startswith("宣传总结不够") or finding.text.startswith(sentence[:4])


def test_dodge_in_the_body_points_at_the_headline_it_dresses_up() -> None:
    (finding,) = run_rule(
        "self.exoneration", _swap(ITEM, "一是宣传总结不够。很多工作走在全省前列，但宣传不够。")
    )
    assert finding.text.startswith("宣传总结不够")


def test_praise_in_the_lead_in_of_the_problems_part() -> None:
    text = CLEAN.replace(
        "一、存在的问题\n", "一、存在的问题\n通过认真查摆，本人总体上是好的，但也存在一些不足。\n", 1
    )
    (finding,) = run_rule("self.exoneration", text)
    assert "总体上是好的" in finding.text


@pytest.mark.parametrize(
    "sentence",
    [
        # complacency about a ranking is a real shortfall
        "满足于走在全市前列，缺乏争先意识。",
        # "要求过低" is no virtue
        "对分管股室要求过低，问题发现不及时。",
    ],
)
def test_no_praise_in_honest_sentences(sentence: str) -> None:
    assert run_rule("self.exoneration", _swap(ITEM, f"一是标准不高。{sentence}")) == []


def test_subjectless_supervision_failing_owns_the_examples() -> None:
    owned = "一是对局属单位监管不到位。局属单位财务管理不规范，今年审计发现3个问题。"
    assert run_rule("self.blames-others", _swap(ITEM, owned)) == []
    blamed = "一是主体责任落实不到位。局属单位财务管理不规范，今年审计发现3个问题。"
    (finding,) = run_rule("self.blames-others", _swap(ITEM, blamed))
    assert finding.text.startswith("局属单位财务管理不规范")


def test_supervision_words_said_of_others_do_not_own() -> None:
    blamed = (
        "一是一岗双责落实不平衡。一些科室负责人认为廉政建设是纪检组的事，对本科室人员的教育管理失之于宽。"
    )
    assert len(run_rule("self.blames-others", _swap(ITEM, blamed))) == 1
