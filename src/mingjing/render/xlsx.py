"""The batch audit workbook: a summary row per report, every finding, and the files that could not be read."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.formatting.rule import CellIsRule
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
_HEADER_ALIGN = Alignment(horizontal="center", vertical="center", wrap_text=True)
_WRAP = Alignment(wrap_text=True, vertical="top")
_COLOURS = {
    "不达标": "F8CBAD",
    "需修改": "FFE699",
    "基本达标": "C6EFCE",
    Severity.ERROR.value: "F8CBAD",
    Severity.WARNING.value: "FFE699",
    Severity.HINT.value: "DDEBF7",
}


def _clean(value: Any) -> Any:
    """Strip characters Excel cannot store."""
    return ILLEGAL_CHARACTERS_RE.sub("", value) if isinstance(value, str) else value


class _Sheet:
    """A write-only sheet (fast for thousands of findings): styled header, frozen header row, column
    widths, autofilter, wrapped long-text columns and colour by value through conditional formatting
    (one rule per colour instead of a style on every cell)."""

    def __init__(
        self, wb: Any, title: str, columns: Sequence[tuple[str, float]], wrap: Iterable[int] = ()
    ) -> None:
        self.ws = wb.create_sheet(title)
        self.ws.freeze_panes = "A2"  # must be set before the first row is written
        self.width = len(columns)
        self.wrap = frozenset(wrap)
        for i, (_, width) in enumerate(columns, start=1):
            self.ws.column_dimensions[get_column_letter(i)].width = width
        self.ws.append([self._header(name) for name, _ in columns])
        self.rows = 1

    def _header(self, name: str) -> Any:
        cell = WriteOnlyCell(self.ws, value=name)
        cell.font, cell.fill, cell.alignment = _HEADER_FONT, _HEADER_FILL, _HEADER_ALIGN
        return cell

    def _cell(self, index: int, value: Any) -> Any:
        value = _clean(value)
        formula_like = isinstance(value, str) and value.startswith("=")
        if index not in self.wrap and not formula_like:
            return value
        cell = WriteOnlyCell(self.ws, value=value)
        if index in self.wrap:
            cell.alignment = _WRAP
        if formula_like:
            cell.data_type = "s"  # report text is never a formula
        return cell

    def add(self, values: Sequence[Any]) -> None:
        self.ws.append([self._cell(i, v) for i, v in enumerate(values)])
        self.rows += 1

    def finish(self, coloured: Iterable[int] = ()) -> None:
        last = get_column_letter(self.width)
        self.ws.auto_filter.ref = f"A1:{last}{self.rows}"
        for index in coloured:
            letter = get_column_letter(index + 1)
            for value, colour in _COLOURS.items():
                fill = PatternFill(start_color=colour, end_color=colour, fill_type="solid")
                rule = CellIsRule(operator="equal", formula=[f'"{value}"'], fill=fill)
                self.ws.conditional_formatting.add(f"{letter}2:{letter}{max(self.rows, 2)}", rule)


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


def _summary_sheet(wb: Any, entries: Sequence[AuditEntry], families: Sequence[str]) -> None:
    fixed = [("文件", 36.0), ("姓名", 10.0), ("判定", 10.0), ("得分", 8.0)]
    counts = [(family_label(f), 8.0) for f in families] + [(s.value, 7.0) for s in SEVERITIES]
    tops = [("问题1", 48.0), ("问题2", 48.0), ("问题3", 48.0)]
    sheet = _Sheet(
        wb, "汇总", fixed + counts + tops, wrap=range(len(fixed) + len(counts), len(fixed) + len(counts) + 3)
    )
    for entry in entries:
        review = entry.review
        if review is None:
            continue
        fam = family_counts(review.findings)
        sev = severity_counts(review.findings)
        top = top_findings(review.findings)
        row = [entry.file, person_name(review.report) or "", review.verdict, round(float(review.score), 1)]
        row += [fam.get(f, 0) for f in families] + [sev[s] for s in SEVERITIES]
        sheet.add(row + top + [""] * (3 - len(top)))
    sheet.finish(coloured=[2])


def _findings_sheet(wb: Any, entries: Sequence[AuditEntry]) -> None:
    columns = [
        ("文件", 36.0),
        ("部分", 16.0),
        ("规则", 26.0),
        ("类别", 12.0),
        ("严重程度", 9.0),
        ("说明", 60.0),
    ]
    columns += [("原文", 40.0), ("起", 7.0), ("止", 7.0), ("建议", 40.0)]
    sheet = _Sheet(wb, "问题明细", columns)
    for entry in entries:
        if entry.review is None:
            continue
        report = entry.review.report
        for f in sorted_findings(entry.review.findings):
            family = family_label(family_of(f))
            part = section_label(report, f.start)
            sheet.add(
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
                ]
            )
    sheet.finish(coloured=[4])


def _errors_sheet(wb: Any, entries: Sequence[AuditEntry]) -> None:
    sheet = _Sheet(wb, "无法读取", [("文件", 48.0), ("原因", 80.0)], wrap=[1])
    for entry in entries:
        if entry.error is not None:
            sheet.add([entry.file, entry.error])
    sheet.finish()


def write_audit_xlsx(entries: Sequence[AuditEntry], path: Path, *, families: Sequence[str] = ()) -> Path:
    """Write the workbook: 汇总 (one row per report), 问题明细 (every finding), 无法读取 (files that failed)."""
    wb = Workbook(write_only=True)
    _summary_sheet(wb, entries, families_of(entries, families))
    _findings_sheet(wb, entries)
    _errors_sheet(wb, entries)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(str(path))
    return path
