"""The written summary of the opinions (征求意见汇总) as .xlsx: merged opinions by subject and aspect.

No ids, no sources, no dates: the sheet is handed to the 班子, and nothing in it may point at a giver.
"""

from __future__ import annotations

import io

from mingjing_web.consult.selectors import Summary

HEADERS = ("针对", "方面", "意见（相近意见已合并）", "相近意见条数")


def summary_xlsx(*, title: str, summary: Summary) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.active
    sheet.title = "征求意见汇总"
    sheet.append([f"{title} 征求意见汇总：收集 {summary.collected} 条、归纳 {summary.merged} 条"])
    sheet["A1"].font = Font(bold=True)
    sheet.append(list(HEADERS))
    for group in summary.groups:
        sheet.append([group.subject_name, group.aspect or "未归类", group.text, group.size])
    for column, width in zip("ABCD", (14, 28, 70, 14), strict=True):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=3):
        row[2].alignment = Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
