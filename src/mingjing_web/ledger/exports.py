"""Downloads: the minutes and the reports upward as GB/T 9704 .docx, the three ledger lists as .xlsx."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from mingjing.facade import (
    Block,
    OfficialHeading,
    OfficialParagraph,
    OfficialTable,
    official_docx_bytes,
)
from mingjing_web.ledger import selectors
from mingjing_web.ledger.models import CLOSING_STATUSES, AttendanceStatus, GuestRole, LedgerItem, UpwardKind
from mingjing_web.meetings.models import Meeting

NUMBERS = "一二三四五六七八九十"


def _date(value: dt.date | dt.datetime | None) -> str:
    if value is None:
        return "（未填写）"
    return f"{value.year}年{value.month}月{value.day}日"


def _names(rows: Iterable[Any]) -> str:
    return "、".join(rows) or "无"


def _attendance_blocks(meeting: Meeting) -> list[Block]:
    rows = selectors.attendance_rows(meeting=meeting)
    summary = selectors.attendance_summary(meeting=meeting)
    came = [
        r.seat.display_name for r in rows if r.attendance and r.attendance.status == AttendanceStatus.PRESENT
    ]
    leave = [
        f"{r.seat.display_name}（{r.attendance.reason}）"
        for r in rows
        if r.attendance and r.attendance.status == AttendanceStatus.LEAVE
    ]
    guests = selectors.guest_list(meeting=meeting)
    supervisors = [
        f"{g.name}（{g.unit}）" if g.unit else g.name for g in guests if g.role == GuestRole.SUPERVISOR
    ]
    observers = [
        f"{g.name}（{g.unit}）" if g.unit else g.name for g in guests if g.role == GuestRole.OBSERVER
    ]
    blocks: list[Block] = [
        OfficialParagraph(
            f"应到 {summary.expected} 人，实到 {summary.present} 人，请假 {summary.leave} 人，缺席 {summary.absent} 人。"
        ),
        OfficialParagraph(f"出席：{_names(came)}。"),
        OfficialParagraph(f"请假：{_names(leave)}。"),
        OfficialParagraph(f"督导组：{_names(supervisors)}。列席：{_names(observers)}。"),
    ]
    if summary.warning:
        blocks.append(OfficialParagraph(f"注意：{summary.warning}"))
    return blocks


def minutes_docx(*, meeting: Meeting) -> bytes:
    """会议记录: facts, attendance, self-criticism in order, mutual criticism, the 督导组's remarks."""
    record = selectors.record_get(meeting=meeting)
    blocks: list[Block] = [OfficialHeading("一、会议基本情况")]
    if record is not None:
        blocks += [
            OfficialParagraph(
                f"时间：{_date(record.held_at or meeting.held_on)}。地点：{record.place or '（未填写）'}。"
            ),
            OfficialParagraph(
                f"主持人：{record.chair or '（未填写）'}。记录人：{record.recorder or '（未填写）'}。"
            ),
        ]
    blocks += _attendance_blocks(meeting)
    blocks.append(OfficialHeading("二、对照检查发言"))
    speakers = [
        r for r in selectors.attendance_rows(meeting=meeting) if r.attendance and r.attendance.speaking_order
    ]
    for row in speakers:
        version = row.attendance.spoke_from if row.attendance else None
        which = f"（依据对照检查材料第{version.number}版）" if version else ""
        blocks.append(OfficialParagraph(f"{row.attendance.speaking_order}. {row.seat.display_name}{which}"))  # type: ignore[union-attr]
    if not speakers:
        blocks.append(OfficialParagraph("（未登记发言顺序）"))
    blocks.append(OfficialHeading("三、相互批评"))
    for i, group in enumerate(selectors.criticisms_by_receiver(meeting=meeting)):
        if not group.items:
            continue
        label = NUMBERS[i] if i < len(NUMBERS) else str(i + 1)
        blocks.append(OfficialHeading(f"（{label}）对{group.receiver.display_name}同志", level=2))
        for c in group.items:
            blocks.append(OfficialParagraph(f"{c.giver.display_name}：{c.text}"))
    blocks.append(OfficialHeading("四、督导组点评"))
    blocks.append(
        OfficialParagraph(record.supervisor_remarks if record and record.supervisor_remarks else "（未填写）")
    )
    if record and record.closing_remarks:
        blocks += [OfficialHeading("五、总结讲话"), OfficialParagraph(record.closing_remarks)]
    return official_docx_bytes(
        f"{meeting.title}会议记录", blocks, subtitle=f"（{meeting.organisation.name}）"
    )


def _opinion_facts(meeting: Meeting) -> tuple[int, int, int]:
    """(opinions collected, merged, talks held), from the consult app when it is installed."""
    from django.apps import apps

    collected = merged = meeting.opinions.count()
    talks = 0
    if apps.is_installed("mingjing_web.consult"):
        try:
            from mingjing_web.consult.models import Talk
            from mingjing_web.consult.selectors import opinion_summary

            summary = opinion_summary(meeting=meeting)
            collected += summary.collected
            merged += summary.merged
            talks = Talk.objects.filter(meeting=meeting).count()
        except Exception:  # an older consult app: the report still goes out with what is known
            pass
    return collected, merged, talks


def _ledger_table(items: list[LedgerItem], *, with_status: bool) -> OfficialTable:
    header = ("序号", "问题", "整改措施", "责任人", "完成时限") + (("状态",) if with_status else ())
    rows = [header]
    for n, item in enumerate(items, 1):
        row = (str(n), item.problem, item.measure or "—", item.owner.display_name, _date(item.deadline))
        rows.append(row + ((item.get_status_display(),) if with_status else ()))
    return OfficialTable(rows=tuple(rows))


def upward_docx(*, meeting: Meeting, kind: str) -> bytes:
    """会后情况报告 or 整改落实情况报告 in official form."""
    items = [i for i in selectors.ledger_items(meeting=meeting) if not i.draft]
    org = meeting.organisation.name
    today = _date(dt.date.today())
    if kind == UpwardKind.MEETING:
        collected, merged, talks = _opinion_facts(meeting)
        criticisms = selectors.criticism_list(meeting=meeting)
        flagged = sum(1 for c in criticisms if c.flags)
        record = selectors.record_get(meeting=meeting)
        blocks: list[Block] = [
            OfficialParagraph(
                f"按照上级统一部署，{org}于{_date(meeting.held_on)}召开{meeting.title}。现将有关情况报告如下。"
            ),
            OfficialHeading("一、会议基本情况"),
            *_attendance_blocks(meeting),
            OfficialHeading("二、会前准备情况"),
            OfficialParagraph(
                f"会前共征求意见建议 {collected} 条，归纳整理为 {merged} 条，已反馈班子成员；开展谈心谈话 {talks} 人次。"
            ),
            OfficialHeading("三、查摆问题和开展批评情况"),
            OfficialParagraph(
                f"班子成员共查摆问题并形成整改事项 {len(items)} 项。相互批评意见 {len(criticisms)} 条"
                + (f"，其中 {flagged} 条内容空泛或以表扬代替批评，已提醒改进。" if flagged else "。")
            ),
        ]
        if record and record.supervisor_remarks:
            blocks += [
                OfficialHeading("（一）督导组点评意见", level=2),
                OfficialParagraph(record.supervisor_remarks),
            ]
        blocks += [OfficialHeading("四、整改方案"), _ledger_table(items, with_status=False)]
        title = f"关于召开{meeting.title}情况的报告"
    else:
        done = [i for i in items if i.status in CLOSING_STATUSES]
        open_items = [i for i in items if i.status not in CLOSING_STATUSES]
        blocks = [
            OfficialParagraph(
                f"{meeting.title}召开以来，{org}对照整改台账逐项推进整改。现将整改落实情况报告如下。"
            ),
            OfficialHeading("一、总体情况"),
            OfficialParagraph(
                f"整改台账共 {len(items)} 项，已完成（含长期坚持）{len(done)} 项，正在推进 {len(open_items)} 项。"
            ),
            OfficialHeading("二、整改事项落实情况"),
            _ledger_table(items, with_status=True),
            OfficialHeading("三、下一步打算"),
            OfficialParagraph(
                "对尚未完成的事项，明确时限、压实责任，持续推进，并带入下一年度民主生活会通报落实情况。"
                if open_items
                else "巩固整改成果，建立长效机制，防止问题反弹。"
            ),
        ]
        title = f"关于{meeting.title}整改落实情况的报告"
    return official_docx_bytes(title, blocks, issuer=org, date=today)


# -- the three lists -----------------------------------------------------------------------------------------

LISTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "problems": ("问题清单", ("序号", "问题", "来源", "责任人", "状态")),
    "tasks": ("任务清单", ("序号", "问题", "整改措施", "完成时限", "状态", "进展情况")),
    "owners": ("责任清单", ("责任人", "问题", "整改措施", "完成时限", "状态", "是否逾期")),
}


def list_rows(kind: str, items: list[LedgerItem]) -> list[list[Any]]:
    today = dt.date.today()
    if kind == "problems":
        return [
            [n, i.problem, i.get_source_display(), i.owner.display_name, i.get_status_display()]
            for n, i in enumerate(items, 1)
        ]
    if kind == "tasks":
        return [
            [n, i.problem, i.measure, i.deadline, i.get_status_display(), i.progress]
            for n, i in enumerate(items, 1)
        ]
    ordered = sorted(items, key=lambda i: (i.owner.display_name, i.deadline or dt.date.max))
    return [
        [
            i.owner.display_name,
            i.problem,
            i.measure,
            i.deadline,
            i.get_status_display(),
            "是" if selectors.item_is_overdue(i, today) else "",
        ]
        for i in ordered
    ]


def ledger_workbook(*, meeting: Meeting) -> bytes:
    """One workbook, one sheet per list (drafts excluded: the ledger as issued)."""
    items = [i for i in LedgerItem.objects.filter(meeting=meeting, draft=False).select_related("owner")]
    book = Workbook()
    first = True
    for kind, (title, headers) in LISTS.items():
        sheet = book.active if first else book.create_sheet()
        first = False
        sheet.title = title
        sheet.append(list(headers))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in list_rows(kind, items):
            sheet.append(row)
        for column, width in zip("ABCDEF", (10, 40, 40, 14, 10, 20), strict=False):
            sheet.column_dimensions[column].width = width
        wrap = Alignment(wrap_text=True, vertical="top")  # one object for every cell: openpyxl hashes each
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                cell.alignment = wrap
                if isinstance(cell.value, dt.date):
                    cell.number_format = "yyyy-mm-dd"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
