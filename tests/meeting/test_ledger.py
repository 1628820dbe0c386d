from __future__ import annotations

from mingjing.meeting.ledger import Span, coverage, pair_measures


def _span(text: str) -> Span:
    return Span(0, len(text), text)


def test_each_problem_gets_the_measure_that_answers_it() -> None:
    problems = [_span("调研不深入，到乡镇财政所调研只有5次"), _span("政府采购日常监督主要靠事后审计")]
    measures = [
        _span("加强采购监督，建立政府采购事前提醒和季度抽查制度"),
        _span("深入基层调研，每季度到乡镇财政所蹲点调研不少于2次"),
        _span("严格落实双重组织生活制度"),
    ]
    drafts = pair_measures(problems, measures)
    assert drafts[0].measure == measures[1]
    assert drafts[1].measure == measures[0]
    # the measure nobody took stands on its own
    assert drafts[2].problem is None and drafts[2].measure == measures[2]
    assert len(drafts) == 3


def test_a_problem_no_measure_answers_keeps_an_empty_measure() -> None:
    drafts = pair_measures([_span("对亲友请托报告不及时")], [_span("每周学习不少于2次理论文章")])
    assert drafts[0].measure is None
    assert drafts[1].problem is None


def test_coverage_is_per_paragraph() -> None:
    text = "第一段讲理论学习。\n第二段：乡镇财政所调研次数少的问题已整改，每季度蹲点调研2次。"
    assert coverage("乡镇财政所调研次数少", text) > 0.8
    assert coverage("公务用车登记不规范", text) < 0.2
