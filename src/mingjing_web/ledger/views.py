"""Pages for the meeting record, the rectification ledger and the reports upward (thin: services do the work)."""

from __future__ import annotations

import dataclasses
import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mingjing_web import policy
from mingjing_web.access import membership_get
from mingjing_web.errors import ServiceError
from mingjing_web.ledger import exports, selectors, services
from mingjing_web.ledger.forms import (
    CloseForm,
    CriticismForm,
    EvidenceForm,
    GuestForm,
    ItemAddForm,
    ItemForm,
    RecordForm,
)
from mingjing_web.ledger.models import (
    Attendance,
    AttendanceStatus,
    Criticism,
    Evidence,
    Guest,
    ItemStatus,
    LedgerItem,
    UpwardKind,
)
from mingjing_web.meetings.models import Meeting
from mingjing_web.meetings.views import meeting_access
from mingjing_web.orgs.models import Membership
from mingjing_web.revisions import StaleError, posted_int

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _attachment(payload: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(payload, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response


# -- the record ----------------------------------------------------------------------------------------------


def _record_context(meeting: object, viewer: Membership, **extra: object) -> dict[str, object]:
    record = services.record_ensure(meeting=meeting)  # type: ignore[arg-type]
    context: dict[str, object] = {
        "meeting": meeting,
        "viewer": viewer,
        "record": record,
        "can_record": policy.can_record_meeting(who=viewer, meeting=meeting),  # type: ignore[arg-type]
        "rows": selectors.attendance_rows(meeting=meeting),  # type: ignore[arg-type]
        "summary": selectors.attendance_summary(meeting=meeting),  # type: ignore[arg-type]
        "guests": selectors.guest_list(meeting=meeting),  # type: ignore[arg-type]
        "groups": selectors.criticisms_by_receiver(meeting=meeting),  # type: ignore[arg-type]
        "statuses": AttendanceStatus.choices,
        "attendance_revision": record.attendance_revision,
        "record_form": RecordForm(
            initial={
                "revision": record.revision,
                "held_at": record.held_at,
                "place": record.place,
                "chair": record.chair,
                "recorder": record.recorder,
                "supervisor_remarks": record.supervisor_remarks,
                "closing_remarks": record.closing_remarks,
            }
        ),
        "guest_form": GuestForm(),
        "criticism_form": CriticismForm(meeting=meeting),  # type: ignore[arg-type]
    }
    context.update(extra)
    return context


@login_required
@require_http_methods(["GET", "POST"])
def record_page(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """The meeting as held: attendance, guests, self-criticism order, mutual criticism, remarks."""
    meeting, viewer = meeting_access(request, meeting_id, policy.can_view_ledger)
    if request.method == "GET":
        return render(request, "ledger/record.html", _record_context(meeting, viewer))
    policy.require(policy.can_record_meeting(who=viewer, meeting=meeting))
    form = RecordForm(request.POST)
    if form.is_valid():
        try:
            services.record_update(actor=viewer, meeting=meeting, **form.cleaned_data)
        except ServiceError as err:
            form.add_error(None, err.message)
        else:
            messages.success(request, "会议记录已保存。")
            return redirect("ledger_record", meeting_id=meeting.pk)
    status = 409 if form.non_field_errors() else 400
    return render(
        request, "ledger/record.html", _record_context(meeting, viewer, record_form=form), status=status
    )


def _int_or_none(value: str | None) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except ValueError:
        return None


def _as_posted(seat: selectors.SeatRow, posted: services.AttendanceRow) -> selectors.SeatRow:
    """A seat's row showing what was posted (an unsaved ``Attendance``), for a sheet shown again."""
    typed = Attendance(
        status=posted.status,
        reason=posted.reason,
        speaking_order=posted.speaking_order,
        spoke_from_id=posted.spoke_from_id,
    )
    return dataclasses.replace(seat, attendance=typed)


@login_required
@require_POST
def attendance_save(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting, viewer = meeting_access(request, meeting_id, policy.can_record_meeting)
    seats = selectors.attendance_rows(meeting=meeting)
    rows = []
    for row in seats:
        pk = row.seat.pk
        rows.append(
            services.AttendanceRow(
                seat_id=pk,
                status=request.POST.get(f"status_{pk}", ""),
                reason=request.POST.get(f"reason_{pk}", ""),
                speaking_order=_int_or_none(request.POST.get(f"order_{pk}")),
                spoke_from_id=_int_or_none(request.POST.get(f"version_{pk}")),
            )
        )
    revision = posted_int(request.POST, "revision")
    try:
        services.attendance_save(actor=viewer, meeting=meeting, rows=rows, revision=revision)
    except ServiceError as err:
        # Nothing was saved: the sheet is shown again as typed, still based on the revision it was.
        context = _record_context(
            meeting,
            viewer,
            attendance_error=err.message,
            rows=[_as_posted(seat, posted) for seat, posted in zip(seats, rows, strict=True)],
            attendance_revision=revision,
        )
        status = 409 if isinstance(err, StaleError) else 400
        return render(request, "ledger/record.html", context, status=status)
    summary = selectors.attendance_summary(meeting=meeting)
    if summary.warning:
        messages.warning(request, summary.warning)
    else:
        messages.success(request, f"出席情况已保存：应到 {summary.expected} 人，实到 {summary.present} 人。")
    return redirect("ledger_record", meeting_id=meeting.pk)


@login_required
@require_POST
def guest_add(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting, viewer = meeting_access(request, meeting_id, policy.can_record_meeting)
    form = GuestForm(request.POST)
    if form.is_valid():
        try:
            services.guest_add(actor=viewer, meeting=meeting, **form.cleaned_data)
        except ServiceError as err:
            form.add_error(None, err.message)
        else:
            return redirect("ledger_record", meeting_id=meeting.pk)
    return render(
        request, "ledger/record.html", _record_context(meeting, viewer, guest_form=form), status=400
    )


@login_required
@require_POST
def guest_delete(request: HttpRequest, meeting_id: int, guest_id: int) -> HttpResponse:
    meeting, viewer = meeting_access(request, meeting_id, policy.can_record_meeting)
    services.guest_remove(actor=viewer, guest=get_object_or_404(Guest, pk=guest_id, meeting=meeting))
    return redirect("ledger_record", meeting_id=meeting.pk)


@login_required
@require_POST
def criticism_add(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting, viewer = meeting_access(request, meeting_id, policy.can_record_meeting)
    form = CriticismForm(request.POST, meeting=meeting)
    if form.is_valid():
        try:
            criticism = services.criticism_add(actor=viewer, meeting=meeting, **form.cleaned_data)
        except ServiceError as err:
            form.add_error(None, err.message)
        else:
            if criticism.flags:
                messages.warning(request, f"已录入，但这条意见{criticism.flag_summary}。")
            else:
                messages.success(request, "已录入批评意见。")
            return redirect("ledger_record", meeting_id=meeting.pk)
    context = _record_context(meeting, viewer, criticism_form=form)
    return render(request, "ledger/record.html", context, status=400)


@login_required
@require_POST
def criticism_delete(request: HttpRequest, meeting_id: int, criticism_id: int) -> HttpResponse:
    meeting, viewer = meeting_access(request, meeting_id, policy.can_record_meeting)
    criticism = get_object_or_404(Criticism, pk=criticism_id, meeting=meeting)
    services.criticism_remove(actor=viewer, criticism=criticism)
    return redirect("ledger_record", meeting_id=meeting.pk)


@login_required
@require_GET
def minutes_download(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting, _viewer = meeting_access(request, meeting_id, policy.can_view_ledger)
    return _attachment(exports.minutes_docx(meeting=meeting), f"{meeting.title}-会议记录.docx", DOCX)


# -- the ledger ----------------------------------------------------------------------------------------------

PER_PAGE = 100  # a ledger of thousands of items stays fast: one page of rows at a time
LIST_KINDS = {"problems": "问题清单", "tasks": "任务清单", "owners": "责任清单"}


_NOTIFIED: dict[int, dt.date] = {}  # meeting id → the day this process last looked for overdue items


def _notify_overdue_daily(meeting: Meeting) -> None:
    """Look for newly overdue items at most once a day per meeting and process (not on every page view)."""
    today = timezone.localdate()
    if _NOTIFIED.get(meeting.pk) != today:
        services.ledger_notify_overdue(meeting=meeting, today=today)
        _NOTIFIED[meeting.pk] = today


@login_required
@require_GET
def ledger_index(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """The ledger as the three lists, with the team's and each member's progress."""
    meeting, viewer = meeting_access(request, meeting_id, policy.can_view_ledger)
    manage = policy.can_manage_ledger(who=viewer, meeting=meeting)
    if manage:
        _notify_overdue_daily(meeting)
    kind = request.GET.get("list", "problems")
    kind = kind if kind in LIST_KINDS else "problems"
    owner_id = _int_or_none(request.GET.get("owner"))
    status = request.GET.get("status") or None
    status = status if status in ItemStatus.values else None
    query = selectors.ledger_query(
        meeting=meeting, owner_id=owner_id, status=status, by_owner=kind == "owners"
    )
    page = Paginator(query, PER_PAGE).get_page(request.GET.get("page"))
    overview = selectors.ledger_overview(meeting=meeting)
    item_url = reverse("ledger_item", args=[0])
    context = {
        "meeting": meeting,
        "viewer": viewer,
        "manage": manage,
        "kind": kind,
        "kinds": LIST_KINDS,
        "kind_label": LIST_KINDS[kind],
        "rows": selectors.ledger_rows(page.object_list, item_url=item_url),
        "page": page,
        "team": overview.team,
        "members": overview.members,
        "counts": {"drafts": overview.drafts, "carried": overview.carried},
        "statuses": ItemStatus.choices,
        "status": status or "",
        "owner_id": owner_id,
        # The owner list is only built when asked for: most views of a long ledger never add an item.
        "add_form": ItemAddForm(meeting=meeting) if manage and request.GET.get("add") else None,
    }
    return render(request, "ledger/index.html", context)


@login_required
@require_POST
def ledger_generate(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting, viewer = meeting_access(request, meeting_id, policy.can_manage_ledger)
    try:
        created = services.ledger_generate(actor=viewer, meeting=meeting)
    except ServiceError as err:
        messages.error(request, err.message)
    else:
        if created:
            messages.success(
                request, f"已从已通过的材料、相互批评和未回应的意见生成 {created} 条草稿，请核对后确认。"
            )
        else:
            messages.info(request, "没有新的整改事项可生成（只有审核通过的材料会生成台账）。")
    return redirect("ledger_index", meeting_id=meeting.pk)


@login_required
@require_POST
def ledger_confirm(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting, viewer = meeting_access(request, meeting_id, policy.can_manage_ledger)
    count = services.ledger_confirm(actor=viewer, meeting=meeting)
    messages.success(request, f"已确认 {count} 条整改事项，责任人可以开始填报进展。")
    return redirect("ledger_index", meeting_id=meeting.pk)


@login_required
@require_POST
def ledger_add(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting, viewer = meeting_access(request, meeting_id, policy.can_manage_ledger)
    form = ItemAddForm(request.POST, meeting=meeting)
    if form.is_valid():
        try:
            item = services.ledger_item_add(actor=viewer, meeting=meeting, **form.cleaned_data)
        except ServiceError as err:
            messages.error(request, err.message)
        else:
            return redirect("ledger_item", item_id=item.pk)
    else:
        messages.error(request, "请填写责任人和问题。")
    return redirect("ledger_index", meeting_id=meeting.pk)


@login_required
@require_GET
def ledger_xlsx(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting, _viewer = meeting_access(request, meeting_id, policy.can_view_ledger)
    return _attachment(exports.ledger_workbook(meeting=meeting), f"{meeting.title}-整改台账.xlsx", XLSX)


def _item_access(request: HttpRequest, item_id: int) -> tuple[LedgerItem, Membership]:
    item = selectors.item_get(item_id=item_id)
    if item is None:
        raise Http404
    viewer = membership_get(user=request.user, organisation=item.meeting.organisation_id)
    policy.require(policy.can_view_ledger(who=viewer, meeting=item.meeting))
    return item, viewer


def _item_form(item: LedgerItem, manager: bool, data: object = None) -> ItemForm:
    initial = {
        "revision": item.revision,
        "problem": item.problem,
        "measure": item.measure,
        "owner": item.owner_id,
        "deadline": item.deadline,
        "status": item.status,
        "progress": item.progress,
    }
    return ItemForm(data, item=item, manager=manager, initial=initial)


def _item_page(
    request: HttpRequest, item: LedgerItem, viewer: Membership, status: int = 200, **extra: object
) -> HttpResponse:
    manager = policy.can_manage_ledger(who=viewer, meeting=item.meeting)
    context: dict[str, object] = {
        "item": item,
        "meeting": item.meeting,
        "viewer": viewer,
        "overdue": selectors.item_is_overdue(item),
        "words": selectors.item_source_words(item=item),
        "history": selectors.item_history(item=item),
        "evidence": selectors.item_evidence(item=item),
        "can_update": policy.can_update_ledger_item(who=viewer, item=item),
        "can_close": policy.can_close_ledger_item(who=viewer, item=item),
        "form": _item_form(item, manager),
        "evidence_form": EvidenceForm(),
        "close_form": CloseForm(initial={"revision": item.revision}),
    }
    context.update(extra)
    return render(request, "ledger/item.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def item_page(request: HttpRequest, item_id: int) -> HttpResponse:
    """One item: where its words came from, its evidence, its history; the owner updates it here."""
    item, viewer = _item_access(request, item_id)
    if request.method == "GET":
        return _item_page(request, item, viewer)
    policy.require(policy.can_update_ledger_item(who=viewer, item=item))
    manager = policy.can_manage_ledger(who=viewer, meeting=item.meeting)
    form = _item_form(item, manager, request.POST)
    if form.is_valid():
        data = dict(form.cleaned_data)
        revision = data.pop("revision")
        try:
            services.ledger_item_update(actor=viewer, item=item, revision=revision, **data)
        except ServiceError as err:
            form.add_error(None, err.message)
            status = 409 if isinstance(err, StaleError) else 400
            return _item_page(request, item, viewer, status=status, form=form)
        messages.success(request, "整改事项已保存。")
        return redirect("ledger_item", item_id=item.pk)
    return _item_page(request, item, viewer, status=400, form=form)


@login_required
@require_POST
def evidence_add(request: HttpRequest, item_id: int) -> HttpResponse:
    item, viewer = _item_access(request, item_id)
    policy.require(policy.can_update_ledger_item(who=viewer, item=item))
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data.get("file")
        try:
            services.evidence_add(
                actor=viewer,
                item=item,
                text=form.cleaned_data.get("text") or "",
                filename=upload.name if upload else "",
                data=upload.read() if upload else b"",
            )
        except ServiceError as err:
            form.add_error(None, err.message)
        else:
            messages.success(request, "佐证材料已上传。")
            return redirect("ledger_item", item_id=item.pk)
    return _item_page(request, item, viewer, status=400, evidence_form=form)


@login_required
@require_GET
def evidence_download(request: HttpRequest, item_id: int, evidence_id: int) -> HttpResponse:
    item, _viewer = _item_access(request, item_id)
    evidence = get_object_or_404(Evidence, pk=evidence_id, item=item)
    if not evidence.filename:
        raise Http404
    return _attachment(bytes(evidence.data), evidence.filename, "application/octet-stream")


@login_required
@require_POST
def item_close(request: HttpRequest, item_id: int) -> HttpResponse:
    """销号 by someone other than the owner, once there is evidence."""
    item, viewer = _item_access(request, item_id)
    policy.require(
        policy.can_close_ledger_item(who=viewer, item=item),
        message="只有责任人以外的台账管理人员（管理员、审核人、主要负责人）可以销号。",
    )
    form = CloseForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            services.ledger_item_close(actor=viewer, item=item, **form.cleaned_data)
        except ServiceError as err:
            form.add_error(None, err.message)
            status = 409 if isinstance(err, StaleError) else 400
        else:
            messages.success(request, "已销号。")
            return redirect("ledger_item", item_id=item.pk)
    return _item_page(request, item, viewer, status=status, close_form=form)


# -- reports upward --------------------------------------------------------------------------------------------


@login_required
@require_GET
def upward_page(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting, viewer = meeting_access(request, meeting_id, policy.can_oversee_meeting)
    rows = services.upward_ensure(meeting=meeting)
    today = timezone.localdate()
    context = {
        "meeting": meeting,
        "rows": [(r, bool(r.due_on and not r.sent_on and r.due_on < today)) for r in rows],
        "can_manage": policy.can_manage_meeting(who=viewer, meeting=meeting),
        "today": today,
    }
    return render(request, "ledger/upward.html", context)


@login_required
@require_GET
def upward_download(request: HttpRequest, meeting_id: int, kind: str) -> HttpResponse:
    meeting, _viewer = meeting_access(request, meeting_id, policy.can_oversee_meeting)
    if kind not in UpwardKind.values:
        raise Http404
    payload = exports.upward_docx(meeting=meeting, kind=kind)
    return _attachment(payload, f"{meeting.title}-{UpwardKind(kind).label}.docx", DOCX)


@login_required
@require_POST
def upward_sent(request: HttpRequest, meeting_id: int, kind: str) -> HttpResponse:
    meeting, viewer = meeting_access(request, meeting_id, policy.can_manage_meeting)
    sent = request.POST.get("sent") != "0"
    try:
        services.upward_mark_sent(
            actor=viewer, meeting=meeting, kind=kind, sent_on=timezone.localdate() if sent else None
        )
    except ServiceError as err:
        messages.error(request, err.message)
    else:
        messages.success(request, "已登记报送。" if sent else "已改为未报送。")
    return redirect("ledger_upward", meeting_id=meeting.pk)
