"""The cross-unit dashboard as an xlsx workbook (one row per subordinate unit's meeting)."""

from __future__ import annotations

import io
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Font

from mingjing_web.county.selectors import MeetingSummary

HEADERS = (
    "单位",
    "上级组织",
    "会议",
    "年度",
    "状态",
    "材料截止",
    "班子人数",
    "已提交",
    "已通过",
    "逾期未交",
    "不达标",
    "复制比偏高",
    "最高复制比",
    "薄弱方面",
    "主要负责人材料状态",
)


def dashboard_xlsx(rows: Sequence[MeetingSummary], *, title: str) -> bytes:
    """The workbook bytes; numbers stay numbers (ratios as percentages) so they can be sorted and summed."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "下级单位会议"
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append(list(HEADERS))
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for r in rows:
        m = r.meeting
        sheet.append(
            [
                r.unit.name,
                r.unit.parent.name if r.unit.parent else "",
                m.title,
                m.year,
                m.get_state_display(),
                m.submit_by.isoformat() if m.submit_by else "",
                r.total,
                r.submitted,
                r.approved,
                r.late,
                r.failing,
                r.copied,
                r.max_copy_ratio,
                r.thin_aspects,
                r.head_report.get_status_display() if r.head_report else "未上传",
            ]
        )
        sheet.cell(row=sheet.max_row, column=13).number_format = "0.0%"
    sheet.freeze_panes = "A3"
    for column, width in zip(
        "ABCDEFGHIJKLMNO", (24, 20, 30, 8, 10, 12, 10, 8, 8, 10, 8, 10, 10, 10, 18), strict=True
    ):
        sheet.column_dimensions[column].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
