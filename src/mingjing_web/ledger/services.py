"""Writes for the meeting record, mutual criticism, the rectification ledger and the reports upward.

Every change to a ledger item leaves an ``ItemHistory`` row (who, when, each field's old and new value).
Edits carry the item's ``revision`` as the form showed it: a form opened before someone else saved is
refused with a Chinese message and nothing is lost (the view keeps the input).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from mingjing.facade import Span, check_criticism, coverage, pair_measures
from mingjing_web import policy
from mingjing_web.audit.services import audit_record
from mingjing_web.errors import ServiceError
from mingjing_web.ledger import conf
from mingjing_web.ledger.models import (
    CLOSING_STATUSES,
    Attendance,
    AttendanceStatus,
    Criticism,
    Evidence,
    Guest,
    GuestRole,
    ItemHistory,
    ItemSource,
    ItemStatus,
    LedgerItem,
    MeetingRecord,
    UpwardKind,
    UpwardReport,
)
from mingjing_web.meetings.models import Meeting, MeetingMember, Opinion
from mingjing_web.orgs.models import Membership
from mingjing_web.reports.models import Report, ReportVersion, Status
from mingjing_web.revisions import revision_check, stale_message

STALE = stale_message("该事项")
MAX_EVIDENCE_BYTES = 20 * 1024 * 1024


def _require(allowed: bool, message: str) -> None:
    if not allowed:
        raise ServiceError(message)


def _audit(actor: Membership, meeting: Meeting, action: str, summary: str) -> None:
    audit_record(
        actor=actor, organisation=meeting.organisation, action=action, target=meeting, summary=summary
    )


# -- the record ----------------------------------------------------------------------------------------------


def record_ensure(*, meeting: Meeting) -> MeetingRecord:
    record, _ = MeetingRecord.objects.get_or_create(meeting=meeting)
    return record


@transaction.atomic
def record_update(
    *,
    actor: Membership,
    meeting: Meeting,
    revision: int,
    held_at: dt.datetime | None,
    place: str,
    chair: str,
    recorder: str,
    supervisor_remarks: str,
    closing_remarks: str,
) -> MeetingRecord:
    """Save the minutes' facts; a stale form (older ``revision``) is refused."""
    _require(
        policy.can_record_meeting(who=actor, meeting=meeting), "只有本单位管理员或审核人可以填写会议记录。"
    )
    record_ensure(meeting=meeting)
    record = MeetingRecord.objects.select_for_update().get(meeting=meeting)
    revision_check(
        shown=revision,
        current=record.revision,
        message="在您编辑期间，会议记录已被他人修改。您的修改尚未保存，请核对后重新提交。",
    )
    record.held_at, record.place, record.chair, record.recorder = (
        held_at,
        place.strip(),
        chair.strip(),
        recorder.strip(),
    )
    record.supervisor_remarks, record.closing_remarks = supervisor_remarks.strip(), closing_remarks.strip()
    record.revision += 1
    record.save()
    _audit(actor, meeting, "record.update", f"修改会议记录：{meeting.title}")
    return record


@dataclass(frozen=True)
class AttendanceRow:
    seat_id: int
    status: str
    reason: str = ""
    speaking_order: int | None = None
    spoke_from_id: int | None = None


@transaction.atomic
def attendance_save(
    *,
    actor: Membership,
    meeting: Meeting,
    rows: Sequence[AttendanceRow],
    revision: int | None = None,
) -> list[Attendance]:
    """Attendance of every seat at once: who came, leave with its reason, the order and version they spoke from.

    ``revision`` is the attendance revision the sheet showed (``MeetingRecord.attendance_revision``): the
    record row is locked, and a sheet saved by someone else meanwhile refuses this one (``StaleError``).
    """
    _require(
        policy.can_record_meeting(who=actor, meeting=meeting), "只有本单位管理员或审核人可以登记出席情况。"
    )
    record_ensure(meeting=meeting)
    record = MeetingRecord.objects.select_for_update().get(meeting=meeting)
    revision_check(shown=revision, current=record.attendance_revision, message=stale_message("出席情况"))
    seats = {s.pk: s for s in MeetingMember.objects.filter(meeting=meeting)}
    orders = [r.speaking_order for r in rows if r.speaking_order is not None]
    if len(orders) != len(set(orders)):
        raise ServiceError("发言顺序有重复，请为每人填写不同的序号。")
    saved = []
    for row in rows:
        seat = seats.get(row.seat_id)
        if seat is None:
            raise ServiceError("出席名单中有不属于本次会议班子的人员，请刷新页面后重试。")
        if row.status not in AttendanceStatus.values:
            raise ServiceError(f"请为 {seat.display_name} 选择出席、请假或缺席。")
        if row.status == AttendanceStatus.LEAVE and not row.reason.strip():
            raise ServiceError(f"{seat.display_name} 请假，请填写请假事由。")
        if row.status != AttendanceStatus.PRESENT and row.speaking_order is not None:
            raise ServiceError(f"{seat.display_name} 未出席，不能排发言顺序。")
        version = None
        if row.spoke_from_id is not None:
            version = ReportVersion.objects.filter(
                pk=row.spoke_from_id, report__meeting=meeting, report__author_id=seat.membership_id
            ).first()
            if version is None:
                raise ServiceError(f"{seat.display_name} 的发言材料版本不属于本人，请重新选择。")
        attendance, _ = Attendance.objects.update_or_create(
            meeting=meeting,
            seat=seat,
            defaults={
                "status": row.status,
                "reason": row.reason.strip() if row.status == AttendanceStatus.LEAVE else "",
                "speaking_order": row.speaking_order,
                "spoke_from": version if row.status == AttendanceStatus.PRESENT else None,
            },
        )
        saved.append(attendance)
    record.attendance_revision += 1
    record.save(update_fields=["attendance_revision"])
    _audit(actor, meeting, "record.attendance", f"登记出席情况：{len(saved)} 人")
    return saved


@transaction.atomic
def guest_add(*, actor: Membership, meeting: Meeting, role: str, name: str, unit: str = "") -> Guest:
    _require(
        policy.can_record_meeting(who=actor, meeting=meeting),
        "只有本单位管理员或审核人可以登记督导组和列席人员。",
    )
    if role not in GuestRole.values or not name.strip():
        raise ServiceError("请填写姓名并选择督导组或列席。")
    guest = Guest.objects.create(meeting=meeting, role=role, name=name.strip(), unit=unit.strip())
    _audit(actor, meeting, "record.guest", f"登记{guest.get_role_display()}人员 {guest.name}")
    return guest


@transaction.atomic
def guest_remove(*, actor: Membership, guest: Guest) -> None:
    _require(
        policy.can_record_meeting(who=actor, meeting=guest.meeting), "只有本单位管理员或审核人可以修改。"
    )
    guest.delete()


@transaction.atomic
def criticism_add(
    *, actor: Membership, meeting: Meeting, giver: MeetingMember, receiver: MeetingMember, text: str
) -> Criticism:
    """Record what one colleague said to another; the core flags praise, wishes and criticism without a fact."""
    _require(
        policy.can_record_meeting(who=actor, meeting=meeting), "只有本单位管理员或审核人可以录入批评意见。"
    )
    if giver.meeting_id != meeting.pk or receiver.meeting_id != meeting.pk:
        raise ServiceError("提出人和被批评人都应是本次会议的班子成员。")
    if giver.pk == receiver.pk:
        raise ServiceError("相互批评意见的提出人和被批评人不能是同一人；自我批评请见本人对照检查材料。")
    if not text.strip():
        raise ServiceError("请填写批评意见的内容。")
    result = check_criticism(text)
    flags = [{"kind": f.kind, "message": f.message} for f in result.flags]
    criticism = Criticism.objects.create(
        meeting=meeting, giver=giver, receiver=receiver, text=text.strip(), flags=flags
    )
    _audit(
        actor, meeting, "record.criticism", f"录入 {giver.display_name} 对 {receiver.display_name} 的批评意见"
    )
    return criticism


@transaction.atomic
def criticism_remove(*, actor: Membership, criticism: Criticism) -> None:
    _require(
        policy.can_record_meeting(who=actor, meeting=criticism.meeting), "只有本单位管理员或审核人可以修改。"
    )
    criticism.delete()


# -- the ledger ----------------------------------------------------------------------------------------------


def _field_value(item: LedgerItem, name: str) -> Any:
    """A field's value as the history shows it (names, labels, ISO dates: JSON-safe)."""
    value = getattr(item, name)
    if name == "status":
        return item.get_status_display()
    if isinstance(value, Membership):
        return value.display_name
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _label(name: str) -> str:
    field = LedgerItem._meta.get_field(name)
    # every logged field is a concrete model field, which has a verbose name (a reverse relation has none)
    return str(getattr(field, "verbose_name", name))


def _log(
    item: LedgerItem, actor: Membership | None, action: str, changes: dict[str, Any], note: str = ""
) -> None:
    ItemHistory.objects.create(item=item, actor=actor, action=action, changes=changes, note=note[:300])


def _create_item(actor: Membership | None, **fields: Any) -> LedgerItem:
    item = LedgerItem.objects.create(**fields)
    _log(item, actor, "create", {}, f"由{item.get_source_display()}生成")
    return item


def _parts_items(parse: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    """The numbered items of a part; for measures the innermost ones (一是… under （一）…), which are
    the concrete tasks a ledger line needs."""
    part = (parse.get("parts") or {}).get(kind) or {}
    items = [i for aspect in part.get("aspects") or [] for i in aspect.get("items") or []]
    items += part.get("items") or []
    if kind == "measures":
        items = [c for i in items for c in (i.get("children") or [i])]
    return items


def _span(item: dict[str, Any]) -> Span:
    return Span(int(item["start"]), int(item["end"]), str(item.get("text") or ""))


def _default_deadline(meeting: Meeting) -> dt.date:
    start = meeting.held_on or timezone.localdate()
    return start + dt.timedelta(days=conf.ledger_default_days())


def _measure_only(heads: dict[int, str], measure: Span | None) -> str:
    """A measure no problem took stands as its own task: named by its headline."""
    head = heads.get(measure.start, "") if measure else ""
    return f"落实整改措施：{head or (measure.text[:40] if measure else '')}"


def _report_drafts(actor: Membership, meeting: Meeting, version: ReportVersion, owner: Membership) -> int:
    text = version.text
    problem_items = _parts_items(version.parse_json, "problems")
    measure_items = _parts_items(version.parse_json, "measures")
    headlines = {int(i["start"]): str(i.get("headline") or i.get("text") or "") for i in problem_items}
    measure_heads = {int(i["start"]): str(i.get("headline") or "") for i in measure_items}
    problems = [_span(i) for i in problem_items]
    measures = [_span(i) for i in measure_items]
    created = 0
    for draft in pair_measures(problems, measures):
        p, m = draft.problem, draft.measure
        key = f"v{version.pk}:{p.start if p else '-'}-{p.end if p else '-'}:{m.start if m else '-'}"
        if LedgerItem.objects.filter(meeting=meeting, source_key=key).exists():
            continue
        _create_item(
            actor,
            meeting=meeting,
            owner=owner,
            problem=(headlines.get(p.start) or p.text) if p else _measure_only(measure_heads, m),
            measure=text[m.start : m.end].strip() if m else "",
            deadline=_default_deadline(meeting),
            source=ItemSource.REPORT,
            source_version=version,
            problem_start=p.start if p else None,
            problem_end=p.end if p else None,
            measure_start=m.start if m else None,
            measure_end=m.end if m else None,
            source_key=key,
        )
        created += 1
    return created


def _criticism_drafts(actor: Membership, meeting: Meeting) -> int:
    created = 0
    for criticism in Criticism.objects.filter(meeting=meeting).select_related("receiver__membership"):
        kinds = {f.get("kind") for f in criticism.flags}
        if kinds & {"praise", "wish"}:
            continue  # not a shortcoming: nothing to rectify
        key = f"c{criticism.pk}"
        if LedgerItem.objects.filter(meeting=meeting, source_key=key).exists():
            continue
        _create_item(
            actor,
            meeting=meeting,
            owner=criticism.receiver.membership,
            problem=criticism.text,
            deadline=_default_deadline(meeting),
            source=ItemSource.CRITICISM,
            source_criticism=criticism,
            source_key=key,
        )
        created += 1
    return created


def _opinion_drafts(actor: Membership, meeting: Meeting, approved: dict[int, ReportVersion]) -> int:
    """Opinions about a member (or, for the 班子 as a whole, its 主要负责人) their report does not answer."""
    from mingjing.facade import CheckConfig

    threshold = CheckConfig().threshold("opinion.overlap")
    head = MeetingMember.objects.filter(meeting=meeting, team_role="head").first()
    created = 0
    for opinion in Opinion.objects.filter(meeting=meeting):
        owner_id = opinion.subject_id or (head.membership_id if head else None)
        version = approved.get(owner_id) if owner_id else None
        if version is None or coverage(opinion.text, version.text) >= threshold:
            continue
        key = "o" + hashlib.sha1(f"{opinion.pk}:{owner_id}".encode()).hexdigest()[:16]
        if LedgerItem.objects.filter(meeting=meeting, source_key=key).exists():
            continue
        _create_item(
            actor,
            meeting=meeting,
            owner_id=owner_id,
            problem=opinion.text,
            deadline=_default_deadline(meeting),
            source=ItemSource.OPINION,
            source_opinion=opinion,
            source_key=key,
        )
        created += 1
    return created + _solicited_drafts(actor, meeting, approved, threshold)


def _solicited_drafts(
    actor: Membership, meeting: Meeting, approved: dict[int, ReportVersion], threshold: float
) -> int:
    """Opinions given through the 征求意见 link (the consult app, merged groups) that the addressee's approved
    report does not answer. Only the text is used: nothing about the givers exists to carry over."""
    from mingjing_web.consult.selectors import opinions_for_member

    created = 0
    members = {
        m.membership_id: m.membership
        for m in MeetingMember.objects.filter(meeting=meeting).select_related("membership")
    }
    for owner_id, version in approved.items():
        member = members.get(owner_id)
        if member is None:
            continue
        for text in opinions_for_member(member=member, meeting=meeting):
            if coverage(text, version.text) >= threshold:
                continue
            key = "c" + hashlib.sha1(f"{text}:{owner_id}".encode()).hexdigest()[:16]
            if LedgerItem.objects.filter(meeting=meeting, source_key=key).exists():
                continue
            _create_item(
                actor,
                meeting=meeting,
                owner_id=owner_id,
                problem=text,
                deadline=_default_deadline(meeting),
                source=ItemSource.OPINION,
                source_key=key,
            )
            created += 1
    return created


@transaction.atomic
def ledger_generate(*, actor: Membership, meeting: Meeting) -> int:
    """Draft items from the approved reports, the criticisms and the unanswered opinions (idempotent)."""
    _require(
        policy.can_manage_ledger(who=actor, meeting=meeting),
        "只有管理员、审核人或主要负责人可以生成整改台账。",
    )
    Meeting.objects.select_for_update().filter(pk=meeting.pk).first()  # one generation at a time
    approved: dict[int, ReportVersion] = {}
    created = 0
    reports = Report.objects.filter(meeting=meeting, status=Status.APPROVED).select_related(
        "latest", "author"
    )
    for report in reports:
        if report.latest is None:
            continue
        approved[report.author_id] = report.latest
        created += _report_drafts(actor, meeting, report.latest, report.author)
    created += _criticism_drafts(actor, meeting)
    created += _opinion_drafts(actor, meeting, approved)
    _audit(actor, meeting, "ledger.generate", f"生成整改台账草稿 {created} 条")
    return created


def _locked_item(item: LedgerItem, revision: int | None) -> LedgerItem:
    locked = LedgerItem.objects.select_for_update().select_related("meeting", "owner").get(pk=item.pk)
    revision_check(shown=revision, current=locked.revision, message=STALE)
    return locked


def _apply(
    item: LedgerItem, actor: Membership, action: str, values: dict[str, Any], note: str = ""
) -> LedgerItem:
    changes = {}
    for name, new in values.items():
        old_shown = _field_value(item, name)
        setattr(item, name, new)
        new_shown = _field_value(item, name)
        if old_shown != new_shown:
            changes[_label(name)] = [old_shown, new_shown]
    if not changes and not note:
        return item
    item.revision += 1
    item.save()
    _log(item, actor, action, changes, note)
    return item


@transaction.atomic
def ledger_item_update(
    *,
    actor: Membership,
    item: LedgerItem,
    revision: int,
    status: str,
    progress: str,
    measure: str,
    problem: str | None = None,
    owner: Membership | None = None,
    deadline: dt.date | None = None,
) -> LedgerItem:
    """The owner reports progress (measure, status short of closing, progress); managers also change
    the problem, owner and deadline. Closing goes through :func:`ledger_item_close`."""
    _require(policy.can_update_ledger_item(who=actor, item=item), "只有责任人或台账管理人员可以修改该事项。")
    item = _locked_item(item, revision)
    if status in CLOSING_STATUSES and status != item.status:
        raise ServiceError("销号（已完成/长期坚持）须上传佐证材料，并由责任人以外的台账管理人员办理。")
    if status not in ItemStatus.values:
        raise ServiceError("未知的整改状态。")
    values: dict[str, Any] = {"status": status, "progress": progress.strip(), "measure": measure.strip()}
    if policy.can_manage_ledger(who=actor, meeting=item.meeting):
        if problem is not None:
            if not problem.strip():
                raise ServiceError("问题不能为空。")
            values["problem"] = problem.strip()
        if owner is not None:
            if owner.organisation_id != item.meeting.organisation_id:
                raise ServiceError("责任人应是本单位成员。")
            values["owner"] = owner
        values["deadline"] = deadline
    return _apply(item, actor, "update", values)


@transaction.atomic
def ledger_confirm(*, actor: Membership, meeting: Meeting) -> int:
    """Turn every draft of the meeting into a confirmed item (the ledger is issued)."""
    _require(
        policy.can_manage_ledger(who=actor, meeting=meeting),
        "只有管理员、审核人或主要负责人可以确认整改台账。",
    )
    drafts = list(LedgerItem.objects.select_for_update().filter(meeting=meeting, draft=True))
    for item in drafts:
        item.draft = False
        item.revision += 1
        item.save(update_fields=["draft", "revision", "updated_at"])
        _log(item, actor, "confirm", {}, "台账已确认，不再是草稿")
    _audit(actor, meeting, "ledger.confirm", f"确认整改台账 {len(drafts)} 条")
    return len(drafts)


@transaction.atomic
def ledger_item_add(
    *,
    actor: Membership,
    meeting: Meeting,
    owner: Membership,
    problem: str,
    measure: str,
    deadline: dt.date | None,
) -> LedgerItem:
    _require(
        policy.can_manage_ledger(who=actor, meeting=meeting),
        "只有管理员、审核人或主要负责人可以添加整改事项。",
    )
    if owner.organisation_id != meeting.organisation_id:
        raise ServiceError("责任人应是本单位成员。")
    if not problem.strip():
        raise ServiceError("请填写问题。")
    return _create_item(
        actor,
        meeting=meeting,
        owner=owner,
        problem=problem.strip(),
        measure=measure.strip(),
        deadline=deadline,
    )


@transaction.atomic
def evidence_add(
    *, actor: Membership, item: LedgerItem, text: str = "", filename: str = "", data: bytes = b""
) -> Evidence:
    """A file, a written account, or both, as proof of the rectification."""
    _require(
        policy.can_update_ledger_item(who=actor, item=item), "只有责任人或台账管理人员可以上传佐证材料。"
    )
    if not text.strip() and not data:
        raise ServiceError("请上传佐证文件或填写书面说明。")
    if len(data) > MAX_EVIDENCE_BYTES:
        raise ServiceError("佐证文件超过 20 MB，请压缩或拆分后再上传。")
    evidence = Evidence.objects.create(
        item=item, text=text.strip(), filename=filename[:255] if data else "", data=data, added_by=actor
    )
    what = f"文件“{evidence.filename}”" if data else "书面说明"
    _log(item, actor, "evidence", {"佐证材料": ["", what]})
    return evidence


@transaction.atomic
def ledger_item_close(
    *, actor: Membership, item: LedgerItem, revision: int, status: str = ItemStatus.DONE, note: str = ""
) -> LedgerItem:
    """销号: only with evidence, and only by a manager who is not the item's owner."""
    if status not in CLOSING_STATUSES:
        raise ServiceError("销号状态应为已完成或长期坚持。")
    item = _locked_item(item, revision)
    if item.owner_id == actor.pk:
        raise ServiceError("责任人不能为本人的整改事项销号，请由台账管理人员审核后销号。")
    _require(policy.can_close_ledger_item(who=actor, item=item), "只有管理员、审核人或主要负责人可以销号。")
    if item.draft:
        raise ServiceError("台账尚未确认，草稿事项不能销号。")
    if not item.evidence.exists():
        raise ServiceError("该事项还没有佐证材料，请责任人先上传文件或填写书面说明，再办理销号。")
    values = {"status": status, "closed_by": actor, "closed_at": timezone.now()}
    item = _apply(item, actor, "close", values, note)
    return item


def _is_overdue(item: LedgerItem, today: dt.date) -> bool:
    return (
        not item.draft
        and item.deadline is not None
        and item.deadline < today
        and item.status not in CLOSING_STATUSES
    )


def ledger_notify_overdue(*, meeting: Meeting, today: dt.date | None = None) -> int:
    """Tell each owner once about each overdue item (and mark the item); returns how many were told."""
    from django.urls import reverse

    from mingjing_web.notifications.services import notify

    today = today or timezone.localdate()
    found = LedgerItem.objects.filter(
        meeting=meeting, draft=False, deadline__lt=today, overdue_notified_on__isnull=True
    ).exclude(status__in=CLOSING_STATUSES)
    told = 0
    for item in found.select_related("owner"):
        notify(
            recipient=item.owner,
            kind="overdue",
            text=f"整改事项“{item.problem[:40]}”已超过完成时限（{item.deadline:%Y年%m月%d日}），请尽快推进或申请延期。",
            url=reverse("ledger_item", args=[item.pk]),
            dedupe_key=f"ledger-overdue-{item.pk}",
        )
        LedgerItem.objects.filter(pk=item.pk).update(overdue_notified_on=today)
        _log(item, None, "overdue", {}, "已超期，已通知责任人")
        told += 1
    return told


def ledger_carry_over(*, meeting: Meeting) -> int:
    """Carry the unit's unfinished items of earlier meetings of the same kind into ``meeting``."""
    earlier = (
        LedgerItem.objects.filter(
            meeting__organisation_id=meeting.organisation_id,
            meeting__kind=meeting.kind,
            meeting__year__lt=meeting.year,
            draft=False,
        )
        .exclude(status=ItemStatus.DONE)
        .exclude(carried_into__isnull=False)
        .select_related("meeting")
    )
    carried = 0
    for old in earlier:
        new = _create_item(
            None,
            meeting=meeting,
            owner_id=old.owner_id,
            problem=old.problem,
            measure=old.measure,
            deadline=old.deadline,
            status=old.status,
            progress=old.progress,
            draft=False,
            source=ItemSource.CARRIED,
            carried_from=old,
            carried_origin=f"{old.meeting.title}（{old.meeting.year}年度）",
            source_key=f"carry{old.pk}",
        )
        _log(old, None, "carry", {}, f"未完成，带入“{meeting.title}”")
        _log(new, None, "carry", {}, f"由“{old.meeting.title}”带入")
        carried += 1
    return carried


# -- reports upward --------------------------------------------------------------------------------------------


def upward_ensure(*, meeting: Meeting) -> list[UpwardReport]:
    """Both reports of the meeting, with their due dates from the meeting's date and the settings."""
    base = meeting.held_on
    days = {
        UpwardKind.MEETING: conf.upward_due_days(),
        UpwardKind.RECTIFICATION: conf.rectification_report_days(),
    }
    rows = []
    for kind in UpwardKind:
        due = base + dt.timedelta(days=days[kind]) if base else None
        row, made = UpwardReport.objects.get_or_create(meeting=meeting, kind=kind, defaults={"due_on": due})
        if not made and row.sent_on is None and row.due_on != due:
            row.due_on = due  # the meeting's date moved
            row.save(update_fields=["due_on"])
        rows.append(row)
    return rows


@transaction.atomic
def upward_mark_sent(
    *, actor: Membership, meeting: Meeting, kind: str, sent_on: dt.date | None
) -> UpwardReport:
    """Mark a report upward as sent (or, with ``sent_on=None``, not sent after all)."""
    _require(policy.can_manage_meeting(who=actor, meeting=meeting), "只有本单位管理员可以登记报送情况。")
    if kind not in UpwardKind.values:
        raise ServiceError("未知的报告类型。")
    upward_ensure(meeting=meeting)
    row = UpwardReport.objects.select_for_update().get(meeting=meeting, kind=kind)
    row.sent_on, row.sent_by = sent_on, actor if sent_on else None
    row.save(update_fields=["sent_on", "sent_by"])
    label = UpwardKind(kind).label
    _audit(actor, meeting, "upward.sent", f"{label}{'已报送' if sent_on else '改为未报送'}")
    return row
