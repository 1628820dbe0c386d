"""上级审阅 pages: the subordinate units' meetings, the 主要负责人's report, cross-unit clusters, xlsx.

Access: the viewer's 上级审阅 membership in an organisation above the unit (``policy.supervisor_over``);
a unit outside the viewer's subtree (a sibling, a parent) does not exist for them (404).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from mingjing_web import policy
from mingjing_web.access import membership_current
from mingjing_web.county import selectors, services
from mingjing_web.county.xlsx import dashboard_xlsx
from mingjing_web.errors import ServiceError
from mingjing_web.meetings.models import Meeting
from mingjing_web.meetings.timeline import meeting_timeline
from mingjing_web.orgs.models import Membership
from mingjing_web.reports.context import findings_view
from mingjing_web.reports.models import Report, ReviewComment


def _supervisor(request: HttpRequest) -> Membership:
    viewer = membership_current(user=request.user)
    if viewer is None:
        raise Http404
    policy.require(policy.can_supervise(who=viewer), message="只有上级审阅人员可以查看下级单位的会议。")
    return viewer


def _meeting_access(request: HttpRequest, meeting_id: int) -> tuple[Meeting, Membership]:
    meeting = Meeting.objects.select_related("organisation").filter(pk=meeting_id).first()
    viewer = policy.supervisor_over(
        who=request.user, organisation_id=meeting.organisation_id if meeting else None
    )
    if meeting is None or viewer is None:
        raise Http404
    return meeting, viewer


def _report_access(request: HttpRequest, report_id: int) -> tuple[Report, Membership]:
    report = (
        Report.objects.select_related("meeting__organisation", "author", "latest")
        .filter(pk=report_id)
        .first()
    )
    organisation_id = report.meeting.organisation_id if report else None
    viewer = policy.supervisor_over(who=request.user, organisation_id=organisation_id)
    if report is None or viewer is None:
        raise Http404
    allowed = policy.can_supervise_report(who=viewer, report=report)
    policy.require(
        allowed, message="上级审阅只查看主要负责人的材料（含班子材料），其他成员的材料留在本单位。"
    )
    return report, viewer


@login_required
@require_GET
def county_dashboard(request: HttpRequest) -> HttpResponse:
    """Every subordinate unit's meetings with their counts (late, 不达标, copied, thin aspects)."""
    viewer = _supervisor(request)
    rows = selectors.subtree_meetings(root=viewer.organisation)
    units = selectors.subordinate_units(root=viewer.organisation)
    totals = {
        "units": len(units),
        "meetings": len(rows),
        "late": sum(r.late for r in rows),
        "failing": sum(r.failing for r in rows),
        "copied": sum(r.copied for r in rows),
        "thin": sum(r.thin_aspects for r in rows),
    }
    context = {"viewer": viewer, "rows": rows, "totals": totals, "units": units}
    return render(request, "county/dashboard.html", context)


@login_required
@require_GET
def county_xlsx(request: HttpRequest) -> HttpResponse:
    """The dashboard as an xlsx file."""
    viewer = _supervisor(request)
    rows = selectors.subtree_meetings(root=viewer.organisation)
    data = dashboard_xlsx(rows, title=f"{viewer.organisation.name} 下级单位会议情况")
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = 'attachment; filename="county-dashboard.xlsx"'
    return response


@login_required
@require_GET
def county_cross_unit(request: HttpRequest) -> HttpResponse:
    """Reports of different units tied by long shared passages (one 范文 used across units)."""
    from mingjing_web.corpus import cross_unit_clusters

    viewer = _supervisor(request)
    minimum = int(selectors.settings_data()["cluster_min_passage"])
    found = cross_unit_clusters(organisation=viewer.organisation, min_passage=minimum)
    ids = {m.report_id for cluster in found for m in cluster.members}
    reports = Report.objects.select_related("meeting").in_bulk(ids)
    # Whose personal report it is stays inside the unit; the 主要负责人's is reviewed from above.
    named = {pk for pk, r in reports.items() if policy.can_supervise_report(who=viewer, report=r)}
    clusters = [
        {
            "units": cluster.units,
            "longest": cluster.longest,
            "members": [
                {
                    "unit": m.unit,
                    "meeting": m.meeting,
                    "author": m.author if m.report_id in named else "班子成员",
                    "report_id": m.report_id if m.report_id in named else None,
                }
                for m in cluster.members
            ],
        }
        for cluster in found
    ]
    return render(request, "county/clusters.html", {"viewer": viewer, "clusters": clusters})


@login_required
@require_GET
def county_meeting(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """A subordinate unit's meeting: its timeline, counts and the 主要负责人's report."""
    meeting, viewer = _meeting_access(request, meeting_id)
    summary = selectors.meeting_summary(meeting=meeting)
    note = f"{summary.approved}/{summary.total} 人已通过"
    context = {
        "viewer": viewer,
        "meeting": meeting,
        "summary": summary,
        "timeline": meeting_timeline(meeting=meeting, reports_done=None, reports_note=note),
        "head": selectors.head_of(meeting=meeting),
    }
    return render(request, "county/meeting.html", context)


@login_required
@require_GET
def county_report(request: HttpRequest, report_id: int) -> HttpResponse:
    """The 主要负责人's report as the upper level reviews it: findings, text, comments, return."""
    report, viewer = _report_access(request, report_id)
    version = report.latest
    comments = (
        ReviewComment.objects.filter(report=report)
        .select_related("author__organisation", "version")
        .order_by("created_at")
    )
    context = {
        "viewer": viewer,
        "report": report,
        "meeting": report.meeting,
        "version": version,
        "findings": findings_view(version.review_json) if version else [],
        "comments": comments,
        "returnable": report.status in services.RETURNABLE and report.meeting.is_open,
    }
    return render(request, "county/report.html", context)


def _act(request: HttpRequest, action: object, success: str) -> None:
    try:
        action()  # type: ignore[operator]
    except ServiceError as err:
        messages.error(request, str(err))
    else:
        messages.success(request, success)


@login_required
@require_POST
def county_report_return(request: HttpRequest, report_id: int) -> HttpResponse:
    report, viewer = _report_access(request, report_id)
    comment = request.POST.get("comment", "")
    _act(
        request,
        lambda: services.report_return_upper(report=report, actor=viewer, comment=comment),
        "已退回修改，并通知了材料本人。",
    )
    return redirect("county_report", report_id=report.pk)


@login_required
@require_POST
def county_report_comment(request: HttpRequest, report_id: int) -> HttpResponse:
    report, viewer = _report_access(request, report_id)
    text = request.POST.get("text", "")
    _act(
        request, lambda: services.report_comment_upper(report=report, actor=viewer, text=text), "意见已保存。"
    )
    return redirect("county_report", report_id=report.pk)
