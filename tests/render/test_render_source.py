"""Renderers quote 原文 as the author wrote it and show where it stands (行/列 or 段/字) and how many times."""

from __future__ import annotations

import zipfile
from pathlib import Path

from rich.console import Console

from mingjing.api import parse_text
from mingjing.checks.engine import check_report
from mingjing.checks.locate import locate_findings
from mingjing.model import Finding, ParsedReport, Review, Severity
from mingjing.render.docx_annotate import comment_text, write_annotated_docx
from mingjing.render.html import render_html
from mingjing.render.json_out import review_to_dict
from mingjing.render.terminal import print_review

TEXT = "张三同志对照检查材料\n一、存在问题\n(三)理论学习方面\n一是学习不够深入。\n"


def _review() -> tuple[ParsedReport, Review]:
    report = parse_text(TEXT)
    start = report.text.index("（三）")
    finding = Finding(
        "structure.bracket-mixed",
        Severity.WARNING,
        "括号一半全角、一半半角。",
        start,
        start + 3,
        "（三）",
        suggestion="改为“（三）”。",
        family="structure",
    )
    findings = locate_findings(report, [finding])
    return report, Review(report=report, findings=findings, score=97.0, verdict="基本达标")


def test_terminal_quotes_the_original_and_the_line_and_column() -> None:
    _, review = _review()
    console = Console(record=True, width=200)
    print_review(review, console)
    out = console.export_text()
    assert "「(三)」" in out and "行 3 列 1" in out


def test_html_quotes_the_original_with_its_place() -> None:
    _, review = _review()
    page = render_html(review)
    assert '<q class="quote">(三)</q>' in page and "行 3 列 1" in page


def test_json_has_source_original_and_count() -> None:
    _, review = _review()
    data = review_to_dict(review)
    assert data["schema_version"] == "2"
    (finding,) = data["findings"]
    assert finding["original"] == "(三)" and finding["text"] == "（三）" and finding["count"] == 1
    assert finding["source"]["line"] == 3 and finding["source"]["label"] == "行 3 列 1"
    start, end = finding["source"]["file_start"], finding["source"]["file_end"]
    assert TEXT[start:end] == "(三)"


def test_word_comment_names_the_original_when_it_differs() -> None:
    _, review = _review()
    (finding,) = review.findings
    assert "原文：「(三)」（行 3 列 1）" in comment_text(finding)


def test_a_dropped_web_line_is_shown_and_counted_runs_are_marked() -> None:
    text = "张三同志对照检查材料\n喜欢就复制下载吧\n一、存在问题\n一是自已学习不够。二是自已调研不深。\n"
    review = check_report(parse_text(text))
    data = review_to_dict(review)
    assert data["removed"][0]["text"] == "喜欢就复制下载吧"
    web = [f for f in data["findings"] if f["rule"] == "leftover.web-page"]
    assert web and web[0]["original"] == "喜欢就复制下载吧" and web[0]["source"]["line"] == 2
    console = Console(record=True, width=200)
    print_review(review, console)
    assert "「喜欢就复制下载吧」（行 2 列 1）" in console.export_text()


def test_word_comment_on_a_dropped_web_line_covers_that_line(tmp_path: Path) -> None:
    text = "张三同志对照检查材料\n喜欢就复制下载吧\n一、存在问题\n一是学习不够深入。\n"
    review = check_report(parse_text(text, name="r.txt"))
    annotated = write_annotated_docx(review, tmp_path / "out.docx")
    with zipfile.ZipFile(annotated.path) as package:
        body = package.read("word/document.xml").decode("utf-8")
    start = body.index("commentRangeStart")
    end = body.index("commentRangeEnd", start)
    assert "喜欢就复制下载吧" in body[start:end]


def test_a_run_of_identical_slips_is_shown_once_with_its_count() -> None:
    report = parse_text(
        "张三同志对照检查材料\n一、存在问题\n一是自已学习不够。二是自已调研不深。三是自已要求不严。\n"
    )
    starts = [i for i in range(len(report.text)) if report.text.startswith("自已", i)]
    slips = [
        Finding("slip.typo", Severity.ERROR, "“自已”疑为“自己”之误。", s, s + 2, "自已", family="slip")
        for s in starts
    ]
    review = Review(report=report, findings=locate_findings(report, slips), score=90.0, verdict="需修改")
    console = Console(record=True, width=200)
    print_review(review, console)
    out = console.export_text()
    assert out.count("疑为“自己”之误") == 1 and "×3" in out
    assert "共 3 处" in render_html(review)
    assert review_to_dict(review)["findings"][0]["count"] == 3
