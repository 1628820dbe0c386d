"""The audit workbook."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from render_helpers import finding_at, report_from_text, review_of

from mingjing.model import Review, Severity
from mingjing.render.xlsx import AuditEntry, top_findings, write_audit_xlsx


def _entries(sample_review: Review) -> list[AuditEntry]:
    report = report_from_text("姓名：李四\n=SUM(A1)这里有XX")
    other = review_of(
        report,
        [
            finding_at(report, "=SUM(A1)", rule="slip.formula"),
            finding_at(report, "XX", rule="leftover.placeholder", severity=Severity.ERROR),
        ],
        verdict="不达标",
        score=40,
    )
    return [
        AuditEntry("a/张三.txt", review=sample_review),
        AuditEntry("坏.docx", error="文件已损坏。"),
        AuditEntry("b.txt", review=other),
    ]


def test_one_row_per_report_with_counts(sample_review: Review, tmp_path: Path) -> None:
    entries = _entries(sample_review)
    path = write_audit_xlsx(entries, tmp_path / "汇总.xlsx", families=["structure", "leftover"])
    wb = load_workbook(path)
    summary = wb["汇总"]
    header = [c.value for c in summary[1]]
    rows = [dict(zip(header, (c.value for c in row), strict=True)) for row in summary.iter_rows(min_row=2)]
    reviews = [e for e in entries if e.review]
    assert [r["文件"] for r in rows] == [e.file for e in reviews]
    for row, entry in zip(rows, reviews, strict=True):
        assert entry.review is not None
        findings = entry.review.findings
        assert row["判定"] == entry.review.verdict
        for sev in Severity:
            assert row[sev.value] == sum(f.severity is sev for f in findings)
        assert row["模板残留"] == sum(f.family == "leftover" for f in findings)
        assert row["结构"] == 0
    assert rows[1]["姓名"] == "李四"
    assert rows[1]["问题1"].startswith("【错误】")
    assert (
        summary.freeze_panes == "A2"
        and summary.auto_filter.ref == f"A1:{summary.cell(1, len(header)).column_letter}3"
    )
    assert summary["A1"].font.bold and summary.column_dimensions["A"].width > 20
    coloured = {r.formula[0] for cf in summary.conditional_formatting for r in cf.rules}
    assert '"不达标"' in coloured


def test_findings_and_errors_sheets(sample_review: Review, tmp_path: Path) -> None:
    entries = _entries(sample_review)
    wb = load_workbook(write_audit_xlsx(entries, tmp_path / "x.xlsx"))
    details = list(wb["问题明细"].iter_rows(min_row=2, values_only=True))
    assert len(details) == sum(len(e.review.findings) for e in entries if e.review)
    cells = [row[6] for row in wb["问题明细"].iter_rows(min_row=2)]
    formula_like = [c for c in cells if c.value == "=SUM(A1)"]
    assert formula_like and all(c.data_type == "s" for c in formula_like)  # text, not a formula
    assert [row[:2] for row in wb["无法读取"].iter_rows(min_row=2, values_only=True)] == [
        ("坏.docx", "文件已损坏。")
    ]


def test_top_findings_are_the_most_serious(sample_review: Review) -> None:
    tops = top_findings(sample_review.findings)
    assert len(tops) == 3 and all(t.startswith("【错误】") for t in tops[:2])
