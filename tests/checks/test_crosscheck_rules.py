"""What the precision cross-check changed: each false-alarm class it found stays silent, each new rule reports what
it should, and the crosscheck split of the evaluation set loads and meets the precision targets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from checkkit import CLEAN, report_of, run_rule, texts
from click.testing import CliRunner

from mingjing.checks import CheckConfig, check_report
from mingjing.checks.evaluation import evaluate, load_cases
from mingjing.checks.rules.measure import is_concrete
from mingjing.checks.rules.specificity import item_scores
from mingjing.cli import main
from mingjing.model import Severity

ROOT = Path(__file__).resolve().parents[2]


def _cut(text: str, start: str, end: str) -> str:
    i, j = text.index(start), text.index(end)
    return text[:i] + text[j:]


# -- structure ---------------------------------------------------------------------------------------


def test_every_missing_aspect_is_reported_on_the_shared_anchor() -> None:
    text = _cut(CLEAN, "（三）能力本领方面", "（五）工作作风方面")
    review = check_report(report_of(text))
    missing = [f.message for f in review.findings if f.rule == "structure.missing-aspect"]
    assert (
        len(missing) == 2 and "能力本领" in missing[0] + missing[1] and "担当作为" in missing[0] + missing[1]
    )


def test_missing_causes_in_an_organisation_life_meeting_is_a_warning_and_not_blocking() -> None:
    text = _cut(CLEAN, "二、原因剖析", "三、整改措施").replace("民主生活会", "组织生活会")
    review = check_report(report_of(text))
    found = [f for f in review.findings if f.rule == "structure.missing-part"]
    assert [f.severity for f in found] == [Severity.WARNING]
    assert review.verdict != "不达标"
    # the same cut in a 民主生活会 report stays a blocking error
    strict = check_report(report_of(_cut(CLEAN, "二、原因剖析", "三、整改措施")))
    assert strict.verdict == "不达标"


def test_missing_aspect_is_a_hint_when_an_unnamed_heading_may_be_it() -> None:
    text = CLEAN.replace("（一）理论学习方面", "（一）对标对表的要求还有差距", 1)
    text = text.replace("（三）能力本领方面", "（三）与新时代的要求还不相适应", 1)
    found = run_rule("structure.missing-aspect", report_of(text, framework="2023-theme-education"))
    assert len(found) == 2 and all(f.severity is Severity.HINT for f in found)
    # one unnamed heading cannot stand for two missing aspects
    fewer = _cut(text, "（三）与新时代的要求还不相适应", "（四）担当作为方面")
    fewer = fewer.replace("（五）工作作风方面", "（五）廉洁自律方面", 1)
    found = run_rule("structure.missing-aspect", report_of(fewer, framework="2023-theme-education"))
    assert found and all(f.severity is Severity.WARNING for f in found)


def test_count_of_opinions_is_not_a_count_of_parts() -> None:
    opinions = "征集到意见建议9条，归纳为3个方面，均已在材料中作了回应。"
    text = CLEAN.replace("现报告如下。", f"{opinions}现报告如下。", 1)
    assert run_rule("structure.count-mismatch", text) == []
    claim = CLEAN.replace("现报告如下。", "现从以下五个方面报告如下。", 1)
    assert run_rule("structure.count-mismatch", claim)


def test_duplicate_sentence() -> None:
    sentence = "对分管领域的廉政风险点排查不够细致深入，日常提醒教育不经常"
    text = CLEAN.replace("我对政府采购的日常监督主要靠事后审计。", sentence + "。", 1)
    text = text.replace("预算一体化系统上线后，我没有及时组织培训，基层反映操作困难。", sentence + "。", 1)
    found = run_rule("structure.duplicate-sentence", text)
    assert len(found) == 1 and found[0].related
    assert run_rule("structure.duplicate-sentence", CLEAN) == []


# -- slips -------------------------------------------------------------------------------------------


def test_halfwidth_punctuation_throughout_is_one_finding() -> None:
    text = CLEAN.replace("，", ",")
    found = run_rule("slip.halfwidth-punct", text)
    assert len(found) == 1 and len(found[0].related) > 10 and "全文共" in found[0].message


def test_a_few_halfwidth_marks_are_reported_one_by_one() -> None:
    text = CLEAN.replace("，但个人自学", ",但个人自学", 1).replace("，多是听汇报", ", 多是听汇报", 1)
    assert len(run_rule("slip.halfwidth-punct", text)) == 2


@pytest.mark.parametrize("line", ["方面\t问题", "·\u00a02023年主题教育检视问题清单"])
def test_layout_blanks_are_not_stray_spaces(line: str) -> None:
    text = CLEAN.replace(
        "以上对照检查",
        line.replace("\u00a0", " ") + "材料汇编目录与说明文字，共计三十余字的一行内容\n以上对照检查",
        1,
    )
    assert texts("slip.stray-space", text) == []


# -- causes ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "reported"),
    [
        ("平时工作忙、任务重，学习时间少。", True),
        ("对存在的问题有时以工作忙、任务重来开脱。", False),
        ("常常以工作忙为由放松学习。", False),
    ],
)
def test_excuse_named_as_an_excuse_is_self_criticism(sentence: str, reported: bool) -> None:
    text = CLEAN.replace("（四）担当精神有所不足。", f"（四）担当作为不够。{sentence}", 1)
    found = [f for f in run_rule("cause.excuse", text) if "工作忙" in f.text]
    assert bool(found) is reported


def test_serving_the_people_counts_as_purpose() -> None:
    text = CLEAN.replace("（二）宗旨意识有所淡化。", "（二）为民服务的“初心”守得不够牢。", 1)
    text = text.replace("“为了谁”的问题没有时刻牢记", "对群众办事难体会不深", 1)
    assert not any("宗旨意识" in f.message for f in run_rule("cause.missing-dimension", text))


# -- specificity -------------------------------------------------------------------------------------

VAGUE = "二是学用结合不紧。学用结合的能力有待提高{}。"


@pytest.mark.parametrize(
    "evidence",
    [
        "，第一季度完成率排在全省后列",
        "，参学率只有七成左右",
        "，导致工程停工半个月",
        "，是审计部门指出后才引起重视的",
        "，直到县里通报才加快进度",
        "，曾经以约谈代替处罚",
        "，对条例只学了条文",
        "，在编制全县水网建设规划时体现不充分",
        "，处理意见被县里复议撤销",
    ],
)
def test_evidence_a_reviewer_accepts_makes_an_item_specific(evidence: str) -> None:
    base = CLEAN.replace(
        "二是学用结合不紧。在推进零基预算改革时，我习惯按老办法测算，试点只覆盖了4个单位。", VAGUE, 1
    )
    assert base != CLEAN
    scores = {s.anchor.start: s.score for s in item_scores(report_of(base.format("")))}
    lifted = {s.anchor.start: s.score for s in item_scores(report_of(base.format(evidence)))}
    assert min(scores.values()) < 1 <= sum(lifted.values()) - sum(scores.values()) + min(scores.values())


def test_organisation_is_not_the_writer() -> None:
    text = CLEAN.replace("我只要求删除", "我局只要求删除", 1)
    report = report_of(text)
    before = {s.anchor.start: s.evidence for s in item_scores(report_of(CLEAN))}
    after = {s.anchor.start: s.evidence for s in item_scores(report)}
    assert any("本人" in e for e in before.values()) and sum("本人" in e for e in after.values()) < sum(
        "本人" in e for e in before.values()
    )


def test_low_overall_needs_a_low_mean_as_well() -> None:
    # most items vague, but the others richly specific: not 套话连篇
    config = CheckConfig(thresholds=(("specificity.low-share", 0.1),))
    assert run_rule("specificity.low-overall", CLEAN, config) == []
    strict = CheckConfig(thresholds=(("specificity.low-share", 0.0), ("specificity.low-mean", 10.0)))
    assert run_rule("specificity.low-overall", CLEAN, strict)


def test_headline_echo() -> None:
    text = CLEAN.replace("一是学习不够系统。", "一是理论学习不够深刻。", 1)
    assert texts("specificity.headline-echo", text) == ["理论学习不够深刻。"]
    assert run_rule("specificity.headline-echo", CLEAN) == []
    # a stock headline is not an echo unless it is the aspect's whole name plus a shortfall
    stock = CLEAN.replace("一是学习不够系统。", "一是学习不够深入。", 1)
    assert run_rule("specificity.headline-echo", stock) == []


@pytest.mark.parametrize(
    ("old", "new", "reported"),
    [
        (
            "今年6月一篇不当文章在单位公众号转发，我只要求删除",
            "今年6月一篇不当文章在单位公众号转发，我们只要求删除",
            True,
        ),
        ("预算一体化系统上线后，我没有", "预算一体化系统上线后，我局没有", True),
        ("预算一体化系统上线后，我没有", "预算一体化系统上线后，我们处在变革时代，没有", False),
        ("基层反映负担较重", "基层反映这对我们的形象有影响", False),  # not at a clause start: not the subject
    ],
)
def test_org_subject(old: str, new: str, reported: bool) -> None:
    text = CLEAN.replace(old, new, 1)
    assert text != CLEAN
    assert bool(run_rule("specificity.org-subject", text)) is reported


def test_org_subject_is_not_checked_in_a_team_report() -> None:
    text = CLEAN.replace("县财政局副局长", "县财政局领导班子", 1).replace("我只要求删除", "我们只要求删除", 1)
    assert run_rule("specificity.org-subject", text) == []


# -- dates ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "reported"),
    [
        ("今年6月一篇", "2026年6月一篇", True),  # a 2023 meeting's problem in 2026
        ("3月底前完成一体化系统培训", "2022年3月底前完成一体化系统培训", True),  # a deadline already past
        ("今年6月一篇", "2024年1月一篇", False),  # the meeting is held early in the next year
        ("会议数量压减20%", "会议数量比2022年压减20%", False),  # a baseline, not a deadline
        ("今年6月一篇", "对到2035年的远景目标理解不深，今年6月一篇", False),
        ("今年6月一篇", "对2026年碳达峰目标认识不深，今年6月一篇", False),  # a target, not a dated event
    ],
)
def test_stale_date(old: str, new: str, reported: bool) -> None:
    text = CLEAN.replace("专题民主生活会", "2023年度主题教育专题民主生活会", 1).replace(old, new, 1)
    assert bool(run_rule("context.stale-date", text)) is reported


def test_no_meeting_year_no_date_check() -> None:
    assert run_rule("context.stale-date", CLEAN.replace("今年6月一篇", "2030年6月一篇", 1)) == []


# -- measures ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "measure",
    [
        "确因特殊情况请假的，事后一周内主动找支部补学",
        "工资变动当月主动向支部报告",
        "对一般性支出压减情况按季度开展检查",
        "2023年起将绩效评价结果与预算安排挂钩",
        "全镇性会议比上年减少三分之一",
        "挂钩项目比例提高到一半以上",
        "建立项目进度“周调度、月通报”制度",
        "配件采购一律执行比价和集体审批",
    ],
)
def test_concrete_measures(measure: str) -> None:
    assert is_concrete(measure)


@pytest.mark.parametrize("measure", ["进一步加强学习，不断提高能力", "严格遵守各项纪律规定，自觉接受监督"])
def test_slogans(measure: str) -> None:
    assert not is_concrete(measure)


def test_unnamed_aspect_heading_is_answered_by_its_words() -> None:
    text = CLEAN.replace("（一）理论学习方面", "（一）在学懂弄通做实上还有差距", 1)
    text = text.replace("（一）加强理论学习。", "（一）加强理论武装。", 1)
    unanswered = run_rule("measure.unanswered", text)
    assert not any("学懂弄通" in f.message for f in unanswered)


def test_meeting_words_answer_work_style() -> None:
    text = CLEAN.replace(
        "（五）改进工作作风。每季度到乡镇财政所调研不少于3次，会议数量压减20%。",
        "（五）严格控制会议数量，全局会议压减20%。",
        1,
    )
    assert not any("工作作风" in f.message for f in run_rule("measure.unanswered", text))


# -- leftovers -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule_id", "line"),
    [
        ("leftover.web-residue", "本站文章均来自网络或网友投稿，仅供学习参考，如有侵权请联系删除。"),
        ("leftover.web-residue", "文章来源于网络，如有侵权请联系本站删除。"),
        ("leftover.fill-in", "（注：素材仅供参考，使用时请结合本人实际修改。）"),
        ("leftover.editor-note", "注意：本材料仅供参考，请勿照搬。"),
        ("leftover.editor-note", "编者按：原因剖析是对照检查材料的难点。"),
        ("leftover.fill-in", "个人对照检查材料（分管领导适用）"),
    ],
)
def test_source_residue_is_reported_once(rule_id: str, line: str) -> None:
    report = report_of(CLEAN.replace("（五）工作作风方面", line + "\n（五）工作作风方面", 1))
    rules = ("leftover.web-residue", "leftover.editor-note", "leftover.fill-in")
    found = [f for r in rules for f in run_rule(r, report)]
    assert [f.rule for f in found] == [rule_id], "one note, one finding"


def test_clean_report_has_no_residue() -> None:
    for rule_id in ("leftover.web-residue", "leftover.editor-note"):
        assert run_rule(rule_id, CLEAN) == []


# -- the audit split -------------------------------------------------------------------------------------


def test_audit_split_refers_to_repository_files() -> None:
    for path in sorted((ROOT / "eval" / "crosscheck").glob("*.json")):
        data = json.loads(path.read_text("utf-8"))
        assert data["split"] == "crosscheck" and (ROOT / data["path"]).is_file(), path.name


def test_audit_split_meets_precision_targets() -> None:
    outcome = evaluate(load_cases(ROOT / "eval", splits={"crosscheck"}))
    assert outcome.cases == len(list((ROOT / "eval" / "crosscheck").glob("*.json")))
    severity = outcome.by_severity
    for name, target in (("错误", 0.9), ("警告", 0.8)):
        precision = severity[name].precision if name in severity else None
        assert precision is None or precision >= target, (name, outcome.false_pos)


def test_evaluate_command_offers_the_audit_split() -> None:
    result = CliRunner().invoke(
        main, ["evaluate", "--eval-dir", str(ROOT / "eval"), "--split", "crosscheck", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["cases"] >= 18
