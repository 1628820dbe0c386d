"""structure.incomplete: a text cut off mid-sentence gets one finding instead of a cascade."""

from __future__ import annotations

import pytest
from checkkit import CLEAN, report_of, run_rule

from mingjing.checks.engine import check_report

RULE = "structure.incomplete"
CUT_IN_PROBLEMS = CLEAN[
    : CLEAN.index("二是对亲友请托报告不及时。") + len("二是对亲友请托报告不及时。有亲戚打听采购")
]
CUT_AT_COMMA = CLEAN[: CLEAN.index("亲友请托事项一律登记报告。")] + "对亲友请托事项，"
CUT_IN_A_WORD = CLEAN[: CLEAN.index("每半年对政府采购")] + "每半年对照检查一次，坚持加强理论学"
CUT_AT_A_WORD_END = (
    CLEAN[: CLEAN.index("亲友请托事项一律登记报告。")] + "对亲友请托事项实行登记，每季度向组织报告"
)
PROBLEMS_ONLY = CLEAN[: CLEAN.index("二、原因剖析")].rstrip() + "\n三是对下属单位的监督检查还不够经常化"


@pytest.mark.parametrize(
    "text",
    [CUT_AT_COMMA, CUT_IN_A_WORD, CUT_AT_A_WORD_END, PROBLEMS_ONLY, CUT_IN_PROBLEMS],
    ids=[
        "dangling-comma",
        "cut-inside-a-word",
        "unlike-every-other-paragraph",
        "problems-only",
        "cut-in-problems",
    ],
)
def test_cut_off_text_gets_one_finding(text: str) -> None:
    (finding,) = run_rule(RULE, text)
    assert "中断" in finding.message
    assert report_of(text).text.rstrip().endswith(finding.text.rstrip())


@pytest.mark.parametrize(
    "text",
    [
        CLEAN,
        CLEAN.replace("\n以上对照检查，请同志们批评指正。\n", "\n"),  # ends with a measure's full stop
        CLEAN.replace("以上对照检查，请同志们批评指正。", "以上对照检查，请同志们批评指正"),  # closing line
        CLEAN + "\n张三\n2024年1月8日\n",  # signature and date
        CLEAN[: CLEAN.index("二、原因剖析")].rstrip() + "\n三是对下属单位的监督检查还不够经常化；",
        CLEAN.replace("\n以上对照检查，请同志们批评指正。\n", "\n三、整改措施落实\n"),  # a heading at the end
        # a finished sentence whose full stop was left out
        CLEAN[: CLEAN.index("（六）严守廉洁底线")]
        + "（六）严守廉洁底线。坚持把纪律挺在前面，为全县发展作出新的更大贡献",
        # a short last item without a full stop: too little to judge
        CLEAN[: CLEAN.index("（六）严守廉洁底线")] + "（六）严守廉洁底线，每半年自查一次",
    ],
    ids=[
        "clean",
        "no-closing",
        "closing-without-stop",
        "signature",
        "semicolon",
        "short-heading",
        "finished-words",
        "headline",
    ],
)
def test_finished_text_is_not_incomplete(text: str) -> None:
    assert run_rule(RULE, text) == []


def test_truncation_suppresses_the_cascade() -> None:
    review = check_report(report_of(CUT_IN_PROBLEMS))
    rules = [f.rule for f in review.findings]
    assert rules.count(RULE) == 1
    assert "structure.missing-part" not in rules
    assert not any(r.startswith("proportion.") for r in rules)
    (finding,) = [f for f in review.findings if f.rule == RULE]
    assert "原因剖析" in finding.message and "整改措施" in finding.message


def test_a_part_missing_before_the_cut_is_still_named() -> None:
    start = CLEAN.index("二、原因剖析")
    end = CLEAN.index("三、整改措施")
    text = (CLEAN[:start] + CLEAN[end:])[: -len("。\n\n以上对照检查，请同志们批评指正。\n")] + "，"
    (finding,) = run_rule(RULE, text)
    assert "截断处之前也没有“原因剖析”" in finding.message


def test_an_author_who_leaves_stops_out_everywhere_is_not_judged_by_the_habit() -> None:
    lines = [
        line[:-1] if line.endswith("。") and "，" in line else line for line in CUT_AT_A_WORD_END.split("\n")
    ]
    assert run_rule(RULE, "\n".join(lines)) == []
