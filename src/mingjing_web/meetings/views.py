"""Meeting pages: the list, a new meeting, the dashboard with its drill-down, opinions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mingjing_web.access import ADMINS, OVERSEERS, membership_get, role_require
from mingjing_web.meetings import services
from mingjing_web.meetings.forms import MeetingForm, OpinionForm
from mingjing_web.meetings.models import Meeting, Opinion
from mingjing_web.meetings.selectors import meeting_get, opinion_list
from mingjing_web.orgs.models import Membership
from mingjing_web.orgs.selectors import team_list
from mingjing_web.reports import dashboard, downloads, similarity
from mingjing_web.reports.selectors import report_list


def meeting_access(
    request: HttpRequest, meeting_id: int, roles: tuple[str, ...] | None = None
) -> tuple[Meeting, Membership]:
    """The meeting and the viewer: 404 outside its organisation, 403 without one of ``roles``."""
    meeting = meeting_get(meeting_id=meeting_id)
    if meeting is None:
        raise Http404
    viewer = membership_get(user=request.user, organisation=meeting.organisation_id)
    if roles is not None:
        role_require(membership=viewer, roles=roles)
    return meeting, viewer


@login_required
@require_http_methods(["GET", "POST"])
def meeting_create(request: HttpRequest) -> HttpResponse:
    from mingjing_web.access import membership_current

    viewer = membership_current(user=request.user)
    if viewer is None:
        raise Http404
    role_require(membership=viewer, roles=ADMINS)
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        meeting = services.meeting_create(actor=viewer, **form.cleaned_data)
        messages.success(request, f"已创建会议“{meeting.title}”。")
        return redirect("meeting_dashboard", meeting_id=meeting.pk)
    return render(request, "meetings/form.html", {"form": form})


@login_required
@require_GET
def meeting_dashboard(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """All reports with status, verdict, score, copy ratio and findings by family; heat map; thin aspects."""
    meeting, viewer = meeting_access(request, meeting_id, OVERSEERS)
    rows = dashboard.dashboard_rows(meeting=meeting)
    context = {
        "meeting": meeting,
        "viewer": viewer,
        "rows": rows,
        "families": dashboard.family_columns(rows),
        "aspects": dashboard.aspect_coverage(meeting=meeting, rows=rows),
        "similarity": similarity.similarity_view(meeting=meeting),
        "submitted": sum(1 for row in rows if row.report and row.report.status != "draft"),
    }
    return render(request, "meetings/dashboard.html", context)


@login_required
@require_GET
def meeting_findings(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """Drill-down: the findings of one rule family across the meeting (an htmx fragment or a page)."""
    meeting, _viewer = meeting_access(request, meeting_id, OVERSEERS)
    family = request.GET.get("family") or None
    from mingjing.render.sections import family_label

    findings = dashboard.findings_drilldown(meeting=meeting, family=family)
    context = {
        "meeting": meeting,
        "family": family,
        "family_name": family_label(family or ""),
        "findings": findings,
    }
    template = "meetings/_findings.html" if request.htmx else "meetings/findings.html"  # type: ignore[attr-defined]
    return render(request, template, context)


@login_required
@require_GET
def meeting_heatmap(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting, _viewer = meeting_access(request, meeting_id, OVERSEERS)
    png = similarity.heatmap_png(meeting=meeting)
    if not png:
        raise Http404
    response = HttpResponse(png, content_type="image/png")
    response["Cache-Control"] = "private, max-age=60"
    return response


@login_required
@require_GET
def meeting_xlsx(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting, _viewer = meeting_access(request, meeting_id, OVERSEERS)
    return downloads.meeting_xlsx_response(meeting=meeting, reports=report_list(meeting=meeting))


@login_required
@require_http_methods(["GET", "POST"])
def meeting_opinions(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """Record the opinions solicited for the meeting (reviewers and admins)."""
    meeting, viewer = meeting_access(request, meeting_id, OVERSEERS)
    team = team_list(organisation=meeting.organisation)
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
    meeting, viewer = meeting_access(request, meeting_id, OVERSEERS)
    opinion = Opinion.objects.filter(meeting=meeting, pk=opinion_id).first()
    if opinion is None:
        raise Http404
    services.opinion_remove(actor=viewer, opinion=opinion)
    messages.success(request, "已删除 1 条意见。")
    return redirect("meeting_opinions", meeting_id=meeting.pk)
