"""The batch audit workbook: a summary row per report, every finding, and the files that could not be read."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from mingjing.model import Finding, Review, Severity
from mingjing.render.names import person_name
from mingjing.render.sections import (
    SEVERITIES,
    clip,
    family_counts,
    family_label,
    family_of,
    section_label,
    severity_counts,
    sorted_findings,
)


@dataclass(frozen=True)
class AuditEntry:
    """One file of an audit: its review, or the Chinese reason it could not be read or checked."""

    file: str  # as shown to the user (relative to the audited folder)
    review: Review | None = None
    error: str | None = None


_HEADER_FONT = Font(bold=True, color="FFFFFF")
_HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
_FILLS = {
    "不达标": PatternFill("solid", fgColor="F8CBAD"),
    "需修改": PatternFill("solid", fgColor="FFE699"),
    "基本达标": PatternFill("solid", fgColor="C6EFCE"),
    Severity.ERROR.value: PatternFill("solid", fgColor="F8CBAD"),
    Severity.WARNING.value: PatternFill("solid", fgColor="FFE699"),
    Severity.HINT.value: PatternFill("solid", fgColor="DDEBF7"),
}
_WRAP = Alignment(wrap_text=True, vertical="top")


def _clean(value: Any) -> Any:
    """Strip characters Excel cannot store."""
    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


def _append(ws: Any, values: Sequence[Any]) -> None:
    ws.append([_clean(v) for v in values])
    for cell in ws[ws.max_row]:
        if isinstance(cell.value, str) and cell.value.startswith("="):
            cell.data_type = "s"  # report text is never a formula


def _style_sheet(ws: Any, widths: Sequence[float], wrap_from: int | None = None) -> None:
    """Header styling, frozen header row, autofilter and column widths."""
    for cell in ws[1]:
        cell.font, cell.fill = _HEADER_FONT, _HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    if wrap_from is not None:
        for row in ws.iter_rows(min_row=2, min_col=wrap_from):
            for cell in row:
                cell.alignment = _WRAP


def _fill_column(ws: Any, column: int) -> None:
    for (cell,) in ws.iter_rows(min_row=2, min_col=column, max_col=column):
        fill = _FILLS.get(cell.value)
        if fill is not None:
            cell.fill = fill


def top_findings(findings: Iterable[Finding], n: int = 3) -> list[str]:
    """The ``n`` most serious findings (text order within a severity), one line each."""
    ranked = sorted(sorted_findings(findings), key=lambda f: -f.severity.rank)[:n]
    return [
        f"【{f.severity.value}】{f.message}" + (f"「{clip(f.text, 30)}」" if f.text else "") for f in ranked
    ]


def families_of(entries: Sequence[AuditEntry], known: Sequence[str] = ()) -> list[str]:
    """Rule families for the count columns: the known ones first, then any others found."""
    found = {family_of(f) for e in entries if e.review for f in e.review.findings}
    return [*known, *sorted(found - set(known))]


def _summary_sheet(ws: Any, entries: Sequence[AuditEntry], families: Sequence[str]) -> None:
    sev_names = [s.value for s in SEVERITIES]
    top = ["问题1", "问题2", "问题3"]
    _append(ws, ["文件", "姓名", "判定", "得分", *(family_label(f) for f in families), *sev_names, *top])
    for entry in entries:
        review = entry.review
        if review is None:
            continue
        fam = family_counts(review.findings)
        sev = severity_counts(review.findings)
        tops = top_findings(review.findings)
        row = [entry.file, person_name(review.report) or "", review.verdict, round(float(review.score), 1)]
        row += [fam.get(f, 0) for f in families] + [sev[s] for s in SEVERITIES]
        _append(ws, row + tops + [""] * (3 - len(tops)))
    fixed = [36, 10, 10, 8]
    _style_sheet(ws, fixed + [8] * (len(families) + 3) + [48] * 3, wrap_from=len(fixed) + len(families) + 4)
    _fill_column(ws, 3)


def _findings_sheet(ws: Any, entries: Sequence[AuditEntry]) -> None:
    _append(ws, ["文件", "部分", "规则", "类别", "严重程度", "说明", "原文", "起", "止", "建议"])
    for entry in entries:
        if entry.review is None:
            continue
        report = entry.review.report
        for f in sorted_findings(entry.review.findings):
            family = family_label(family_of(f))
            part = section_label(report, f.start)
            _append(
                ws,
                [
                    entry.file,
                    part,
                    f.rule,
                    family,
                    f.severity.value,
                    f.message,
                    f.text,
                    f.start,
                    f.end,
                    f.suggestion,
                ],
            )
    _style_sheet(ws, [36, 16, 26, 10, 9, 48, 40, 7, 7, 40], wrap_from=6)
    _fill_column(ws, 5)


def _errors_sheet(ws: Any, entries: Sequence[AuditEntry]) -> None:
    _append(ws, ["文件", "原因"])
    for entry in entries:
        if entry.error is not None:
            _append(ws, [entry.file, entry.error])
    _style_sheet(ws, [48, 80], wrap_from=2)


def write_audit_xlsx(entries: Sequence[AuditEntry], path: Path, *, families: Sequence[str] = ()) -> Path:
    """Write the workbook: 汇总 (one row per report), 问题明细 (every finding), 无法读取 (files that failed)."""
    wb = Workbook()
    summary = wb.active
    summary.title = "汇总"
    _summary_sheet(summary, entries, families_of(entries, families))
    _findings_sheet(wb.create_sheet("问题明细"), entries)
    _errors_sheet(wb.create_sheet("无法读取"), entries)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(str(path))
    return path
