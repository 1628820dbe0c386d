"""locate_findings: findings point at the source as written, and identical slips become one finding."""

from __future__ import annotations

import io

import pytest
from checkkit import report_of
from docx import Document as DocxDocument

from mingjing.checks.engine import check_report
from mingjing.checks.locate import SourceMap, locate_findings
from mingjing.model import Finding, ParsedReport, Severity
from mingjing.parse import parse_document
from mingjing.readers import document_from_bytes

TEXT = "张三同志对照检查材料\n\n一、存在问题\n（一）理论学习方面\n一是学习 不够, 深入(三)。\n"


def _finding(
    report: ParsedReport, start: int, end: int, *, rule: str = "slip.x", message: str = "m"
) -> Finding:
    family = rule.partition(".")[0]
    return Finding(rule, Severity.WARNING, message, start, end, report.text[start:end], family=family)


def test_original_keeps_half_width_marks_and_deleted_blanks() -> None:
    report = report_of(TEXT)
    start = report.text.index("学习不够")
    (found,) = locate_findings(report, [_finding(report, start, start + 5)])
    assert found.text == "学习不够，"
    assert found.original == "学习 不够,"
    assert found.source is not None
    assert (found.source.line, found.source.column) == (5, 3)
    assert found.source.label == "行 5 列 3"
    assert TEXT[found.source.file_start : found.source.file_end] == found.original


def test_mixed_bracket_quotes_what_the_author_typed() -> None:
    report = report_of(TEXT)
    start = report.text.index("（三）")
    (found,) = locate_findings(report, [_finding(report, start, start + 3)])
    assert found.text == "（三）" and found.original == "(三)"


def test_span_over_two_paragraphs_joins_them_with_a_line_break() -> None:
    report = report_of(TEXT)
    start = report.text.index("（一）")
    end = report.text.index("一是") + 2
    (found,) = locate_findings(report, [_finding(report, start, end)])
    assert found.original == "（一）理论学习方面\n一是"
    assert found.source is not None and found.source.end_paragraph == found.source.paragraph + 1


def test_pasted_table_cells_get_line_and_column() -> None:
    text = "标题\n方面\t问题\t措施\n理论学习\t学得不深\t每周学习\n"
    report = report_of(text)
    start = report.text.index("学得不深")
    location = SourceMap(report).span_location(start, start + 4)
    assert location is not None and location.file_start is not None
    assert text[location.file_start : location.file_start + 4] == "学得不深"
    assert (location.line, location.column) == (3, 6)


def _docx(*paragraphs: str) -> bytes:
    doc = DocxDocument()
    for paragraph in paragraphs:
        doc.add_paragraph(paragraph)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def test_docx_findings_get_paragraph_and_character() -> None:
    data = _docx("张三同志对照检查材料", "", "一、存在问题", "一是学习不够,深入。")
    report = parse_document(document_from_bytes(data, filename="r.docx"))
    start = report.text.index("不够")
    (found,) = locate_findings(report, [_finding(report, start, start + 3)])
    assert found.source is not None and found.source.line is None
    assert found.source.label == "第 4 段第 5 字"
    assert found.original == "不够,"


def test_identical_slips_become_one_finding_with_a_count() -> None:
    report = report_of("标题\n一是自已学习不够。二是自已调研不深。三是自已要求不严。\n")
    starts = [i for i in range(len(report.text)) if report.text.startswith("自已", i)]
    findings = [_finding(report, s, s + 2, message="“自已”疑为“自己”之误。") for s in starts]
    (found,) = locate_findings(report, findings)
    assert found.count == 3 and "共3处" in found.message
    assert [(s.start, s.end) for s in found.related] == [(s, s + 2) for s in starts[1:]]
    assert len(found.others) == 2


@pytest.mark.parametrize(
    ("rules", "messages"),
    [
        (("slip.x", "slip.y"), ("m", "m")),  # different rules
        (("slip.x", "slip.x"), ("m1", "m2")),  # different messages
        (("specificity.vague-item", "specificity.vague-item"), ("m", "m")),  # not a slip family
    ],
)
def test_different_findings_are_not_grouped(rules: tuple[str, str], messages: tuple[str, str]) -> None:
    report = report_of("标题\n一是自已学习不够。二是自已调研不深。\n")
    starts = [i for i in range(len(report.text)) if report.text.startswith("自已", i)]
    findings = [
        _finding(report, s, s + 2, rule=r, message=m) for s, r, m in zip(starts, rules, messages, strict=True)
    ]
    assert [f.count for f in locate_findings(report, findings)] == [1, 1]


def test_check_report_fills_the_source_of_every_finding() -> None:
    review = check_report(report_of(TEXT))
    assert review.findings
    assert all(f.source is not None and f.original is not None for f in review.findings)
