"""Meeting pages: new, edit, close/archive, its 班子, the dashboard with timeline and drill-down, opinions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mingjing_web import policy
from mingjing_web.access import membership_current, membership_get
from mingjing_web.errors import ServiceError
from mingjing_web.htmx import HtmxHttpRequest
from mingjing_web.meetings import services
from mingjing_web.meetings.forms import MeetingForm, OpinionForm, SeatAddForm
from mingjing_web.meetings.models import Meeting, MeetingState, Opinion
from mingjing_web.meetings.selectors import (
    meeting_candidates,
    meeting_framework,
    meeting_get,
    meeting_list,
    meeting_members,
    meeting_seat,
    opinion_list,
)
from mingjing_web.meetings.timeline import meeting_timeline
from mingjing_web.orgs.models import Membership
from mingjing_web.reports import dashboard, downloads, similarity

Check = Callable[..., bool]


def meeting_access(
    request: HttpRequest, meeting_id: int, check: Check = policy.can_oversee_meeting
) -> tuple[Meeting, Membership]:
    """The meeting and the viewer: 404 outside its organisation, 403 when ``check`` says no."""
    meeting = meeting_get(meeting_id=meeting_id)
    if meeting is None:
        raise Http404
    viewer = membership_get(user=request.user, organisation=meeting.organisation_id)
    policy.require(check(who=viewer, meeting=meeting))
    return meeting, viewer


def _creator(request: HttpRequest) -> Membership:
    viewer = membership_current(user=request.user)
    if viewer is None:
        raise Http404
    policy.require(policy.can_create_meeting(who=viewer))
    return viewer


def _default_year() -> int:
    today = timezone.localdate()
    return today.year - 1 if today.month <= 3 else today.year  # a 年度 meeting is held early next year


@login_required
@require_http_methods(["GET", "POST"])
def meeting_create(request: HttpRequest) -> HttpResponse:
    viewer = _creator(request)
    from mingjing_web.frameworks.selectors import framework_for_year
    from mingjing_web.frameworks.services import framework_ensure_shipped

    framework_ensure_shipped()
    year = _default_year()
    initial = {
        "year": year,
        "framework_version": framework_for_year(
            organisation=viewer.organisation, year=year, kind="民主生活会"
        ),
    }
    form = MeetingForm(request.POST or None, organisation=viewer.organisation, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "revision"}
        try:
            meeting = services.meeting_create(actor=viewer, **data)
        except ServiceError as err:
            form.add_error(None, err.message)
        else:
            messages.success(request, f"已创建会议“{meeting.title}”，班子 {meeting.members.count()} 人。")
            return redirect("meeting_dashboard", meeting_id=meeting.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "meetings/form.html", {"form": form, "editing": False}, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_edit(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """Edit a meeting; a form opened before someone else's save is refused with the input kept."""
    meeting, viewer = meeting_access(request, meeting_id, policy.can_manage_meeting)
    form = MeetingForm(
        request.POST or None,
        instance=meeting if request.method == "GET" else Meeting.objects.get(pk=meeting.pk),
        organisation=meeting.organisation,
        editing=True,
        initial={"revision": meeting.revision},
    )
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "revision"}
        try:
            services.meeting_update(
                actor=viewer, meeting=meeting, revision=form.cleaned_data.get("revision") or 0, **data
            )
        except ServiceError as err:
            form.add_error(None, err.message)
        else:
            messages.success(request, "会议信息已保存。")
            return redirect("meeting_dashboard", meeting_id=meeting.pk)
    status = (
        409
        if request.method == "POST" and form.non_field_errors()
        else 400
        if request.method == "POST"
        else 200
    )
    context = {"form": form, "editing": True, "meeting": meeting}
    return render(request, "meetings/form.html", context, status=status)


@login_required
@require_POST
def meeting_state(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """Close (召开后, freezes its 班子 and reports), archive, or reopen."""
    meeting, viewer = meeting_access(request, meeting_id, policy.can_manage_meeting)
    state = request.POST.get("state", "")
    try:
        services.meeting_set_state(actor=viewer, meeting=meeting, state=state)
    except ServiceError as err:
        messages.error(request, err.message)
    else:
        messages.success(request, f"会议状态已改为：{MeetingState(state).label}。")
    return redirect("meeting_dashboard", meeting_id=meeting.pk)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_members_edit(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """The meeting's own 班子: add a member of the unit, or take one out (while it is open)."""
    meeting, viewer = meeting_access(request, meeting_id, policy.can_manage_meeting)
    form = SeatAddForm(request.POST or None, candidates=meeting_candidates(meeting=meeting))
    if request.method == "POST":
        if form.is_valid():
            try:
                seat = services.meeting_member_add(
                    actor=viewer, meeting=meeting, member=form.cleaned_data["membership"]
                )
            except ServiceError as err:
                messages.error(request, err.message)
            else:
                messages.success(request, f"已把 {seat.display_name} 加入本次会议。")
        else:
            messages.error(request, "请选择要加入的成员。")
        return redirect("meeting_members", meeting_id=meeting.pk)
    context = {"meeting": meeting, "seats": meeting_members(meeting=meeting), "form": form}
    return render(request, "meetings/members.html", context)


@login_required
@require_POST
def meeting_member_remove(request: HttpRequest, meeting_id: int, membership_id: int) -> HttpResponse:
    meeting, viewer = meeting_access(request, meeting_id, policy.can_manage_meeting)
    seat = meeting_seat(meeting=meeting, membership_id=membership_id)
    if seat is None:
        raise Http404
    try:
        services.meeting_member_remove(actor=viewer, meeting=meeting, seat=seat)
    except ServiceError as err:
        messages.error(request, err.message)
    else:
        messages.success(request, f"已把 {seat.display_name} 移出本次会议。")
    return redirect("meeting_members", meeting_id=meeting.pk)


def _reports_done(rows: list[dashboard.Row]) -> tuple[dt.date | None, str]:
    counts = dashboard.state_counts(rows)
    note = f"{counts.approved}/{counts.total} 人已通过"
    if counts.total and counts.approved == counts.total:
        decided = [r.report.decided_at for r in rows if r.report and r.report.decided_at]
        return (timezone.localtime(max(decided)).date() if decided else timezone.localdate()), note
    return None, note


@login_required
@require_GET
def meeting_dashboard(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """All reports with status, verdict, score, copy ratio and findings by family; timeline; heat map."""
    meeting, viewer = meeting_access(request, meeting_id)
    rows = dashboard.dashboard_rows(meeting=meeting)
    done, note = _reports_done(rows)
    context = {
        "meeting": meeting,
        "viewer": viewer,
        "rows": rows,
        "counts": dashboard.state_counts(rows),
        "framework": meeting_framework(meeting=meeting),
        "timeline": meeting_timeline(meeting=meeting, reports_done=done, reports_note=note),
        "families": dashboard.family_columns(rows),
        "aspects": dashboard.aspect_coverage(meeting=meeting, rows=rows),
        "similarity": similarity.similarity_view(meeting=meeting),
    }
    return render(request, "meetings/dashboard.html", context)


@login_required
@require_GET
def meeting_findings(request: HtmxHttpRequest, meeting_id: int) -> HttpResponse:
    """Drill-down: the findings of one rule family across the meeting (an htmx fragment or a page)."""
    meeting, _viewer = meeting_access(request, meeting_id)
    family = request.GET.get("family") or None
    from django.core.paginator import Paginator

    from mingjing.facade import family_label
    from mingjing_web.reports.context import FINDINGS_PAGE_SIZE

    findings = dashboard.findings_drilldown(meeting=meeting, family=family)
    # A meeting's reports may carry thousands of findings of one family: list them a page at a time.
    page = Paginator(findings, FINDINGS_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "meeting": meeting,
        "family": family or "",
        "family_name": family_label(family or ""),
        "findings": page.object_list,
        "page": page,
    }
    template = "meetings/_findings.html" if request.htmx else "meetings/findings.html"
    return render(request, template, context)


@login_required
@require_GET
def meeting_heatmap(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting, _viewer = meeting_access(request, meeting_id)
    png = similarity.heatmap_png(meeting=meeting)
    if not png:
        raise Http404
    response = HttpResponse(png, content_type="image/png")
    response["Cache-Control"] = "private, max-age=60"
    return response


@login_required
@require_GET
def meeting_xlsx(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting, _viewer = meeting_access(request, meeting_id)
    return downloads.meeting_xlsx_response(meeting=meeting)


@login_required
@require_GET
def meeting_archived(request: HttpRequest) -> HttpResponse:
    """The unit's archived meetings (they leave the home page)."""
    viewer = membership_current(user=request.user)
    if viewer is None:
        raise Http404
    meetings = meeting_list(organisation=viewer.organisation, archived=True)
    return render(request, "meetings/archived.html", {"meetings": meetings, "viewer": viewer})


@login_required
@require_http_methods(["GET", "POST"])
def meeting_opinions(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """Record the opinions solicited for the meeting (reviewers and admins)."""
    meeting, viewer = meeting_access(request, meeting_id, policy.can_manage_opinions)
    team = Membership.objects.filter(meeting_seats__meeting=meeting)
    form = OpinionForm(request.POST or None, team=team)
    if request.method == "POST" and form.is_valid():
        services.opinion_add(actor=viewer, meeting=meeting, **form.cleaned_data)
        messages.success(request, "已录入 1 条意见。")
        return redirect("meeting_opinions", meeting_id=meeting.pk)
    return render(
        request,
        "meetings/opinions.html",
        {"meeting": meeting, "form": form, "opinions": opinion_list(meeting=meeting)},
    )


@login_required
@require_POST
def opinion_delete(request: HttpRequest, meeting_id: int, opinion_id: int) -> HttpResponse:
    meeting, viewer = meeting_access(request, meeting_id, policy.can_manage_opinions)
    opinion = Opinion.objects.filter(meeting=meeting, pk=opinion_id).first()
    if opinion is None:
        raise Http404
    services.opinion_remove(actor=viewer, opinion=opinion)
    messages.success(request, "已删除 1 条意见。")
    return redirect("meeting_opinions", meeting_id=meeting.pk)
