"""Version diff and the findings a version fixed or introduced."""

from __future__ import annotations

from mingjing_web.reports.diff import diff_html, findings_delta


def test_diff_marks_changed_characters_and_folds_unchanged_paragraphs() -> None:
    old = "\n".join(["标题", "一、存在问题", "一是学习不够深入。", "甲", "乙", "丙", "丁", "结尾"])
    new = old.replace("学习不够深入", "学习不够系统")
    html = str(diff_html(old, new))
    assert "<del>深入</del>" in html
    assert "<ins>系统</ins>" in html
    assert "段未改动" in html


def test_identical_versions_say_so() -> None:
    assert "完全相同" in str(diff_html("甲\n乙", "甲\n乙"))


def test_a_rewritten_paragraph_is_shown_removed_and_added() -> None:
    html = str(diff_html("一是学习不够深入。", "一是今年自学仅12次，没有做笔记。"))
    assert "<del>一是学习不够深入。</del>" in html and "<ins>一是今年自学仅12次，没有做笔记。</ins>" in html


def test_added_and_removed_paragraphs() -> None:
    html = str(diff_html("甲\n乙", "甲\n乙\n全新的一段"))
    assert "<ins>全新的一段</ins>" in html


def test_findings_delta_matches_by_rule_and_text() -> None:
    old = [{"rule": "leftover.placeholder", "text": "XX"}, {"rule": "slip.repeat", "text": "面对面对"}]
    new = [
        {"rule": "leftover.placeholder", "text": "XX"},
        {"rule": "specificity.vague-item", "text": "学习不够"},
    ]
    delta = findings_delta(old, new)
    assert [f["rule"] for f in delta.fixed] == ["slip.repeat"]
    assert [f["rule"] for f in delta.introduced] == ["specificity.vague-item"]
    assert delta.kept == 1


def test_findings_delta_counts_repeats() -> None:
    old = [{"rule": "leftover.placeholder", "text": "XX"}] * 3
    new = [{"rule": "leftover.placeholder", "text": "XX"}]
    delta = findings_delta(old, new)
    assert len(delta.fixed) == 2 and delta.introduced == [] and delta.kept == 1
