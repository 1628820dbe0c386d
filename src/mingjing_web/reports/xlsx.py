"""The meeting's summary workbook: one row per member of the 班子 and one row per finding.

Numbers come from ``mingjing_web.numbers`` so the sheet says what the page says; rules are named by
their Chinese title (never a rule id or a character offset).
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from mingjing_web.analysis import COPY_SUGGESTION
from mingjing_web.meetings.models import Meeting
from mingjing_web.numbers import percent_text, score_value
from mingjing_web.reports.models import ReportVersion

if TYPE_CHECKING:
    from mingjing_web.reports.dashboard import Row

SUMMARY_HEADERS = ("姓名", "职务", "班子角色", "状态", "结论", "得分", "复制比", "问题数", "版本", "是否逾期")
FINDING_HEADERS = ("姓名", "版本", "严重程度", "问题类型", "类别", "所在部分", "说明", "原文摘录", "修改建议")


def rule_title(rule_id: str, family: str = "") -> str:
    """The rule's Chinese name from the catalogue (the family's name when the rule is unknown)."""
    from mingjing.facade import family_label, get_rule

    try:
        return str(get_rule(rule_id).info.title)
    except KeyError:
        return family_label(family or rule_id.split(".", 1)[0]) or "其他问题"


def _summary_row(row: Row) -> list[Any]:
    member, report = row.member, row.report
    base = [member.display_name, member.position, member.team_role_label]
    overdue = "逾期" if row.overdue else ""
    if report is None or report.latest is None:
        return [*base, "未上传", "", None, "", None, None, overdue]
    latest = report.latest
    return [
        *base,
        report.get_status_display(),
        latest.verdict,
        score_value(latest.score),
        percent_text(latest.copy_ratio),
        latest.finding_count,
        latest.number,
        overdue,
    ]


def _finding_rows(rows: list[Row]) -> list[list[Any]]:
    ids = {r.report.latest_id: r.member.display_name for r in rows if r.report and r.report.latest_id}
    versions = ReportVersion.objects.filter(pk__in=list(ids)).only(
        "pk", "number", "review_json", "reuse_json"
    )
    found: list[list[Any]] = []
    for version in sorted(versions, key=lambda v: list(ids).index(v.pk)):
        for finding in version.review_json.get("findings", []):
            family = str(finding.get("family") or str(finding.get("rule", "")).split(".", 1)[0])
            from mingjing.facade import family_label

            found.append(
                [
                    ids[version.pk],
                    version.number,
                    finding.get("severity", ""),
                    rule_title(str(finding.get("rule", "")), family),
                    family_label(family),
                    finding.get("section") or "",
                    finding.get("message", ""),
                    str(finding.get("text") or "")[:200],
                    finding.get("suggestion") or "",
                ]
            )
        for passage in version.reuse_json.get("passages", []):  # the copy check's passages (no sources named)
            if passage.get("kind") != "copy":
                continue
            chars = int(passage.get("end", 0)) - int(passage.get("start", 0))
            found.append(
                [
                    ids[version.pk],
                    version.number,
                    "警告",
                    "疑似复制",
                    "疑似复制",
                    "",
                    f"此段与其他材料雷同（{chars}字）。",
                    str(passage.get("text") or "")[:200],
                    COPY_SUGGESTION,
                ]
            )
    return found


def _sheet(book: Workbook, title: str, headers: tuple[str, ...], rows: list[list[Any]], first: bool) -> None:
    sheet = book.active if first else book.create_sheet()
    assert sheet is not None
    sheet.title = title
    sheet.append(list(headers))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    sheet.freeze_panes = "A2"
    for index, header in enumerate(headers, start=1):
        values = [len(str(header))] + [len(str(r[index - 1] or "")) for r in rows[:200]]
        sheet.column_dimensions[get_column_letter(index)].width = min(60, max(8, max(values) * 1.6 + 2))
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def meeting_workbook(*, meeting: Meeting, rows: list[Row]) -> bytes:
    """The workbook's bytes: sheet 汇总 (one row per member) and sheet 问题明细 (one row per finding)."""
    book = Workbook()
    _sheet(book, "汇总", SUMMARY_HEADERS, [_summary_row(row) for row in rows], first=True)
    _sheet(book, "问题明细", FINDING_HEADERS, _finding_rows(rows), first=False)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
