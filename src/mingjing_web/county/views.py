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
from mingjing_web.jobs.models import JobState
from mingjing_web.meetings.models import Meeting
from mingjing_web.meetings.timeline import meeting_timeline
from mingjing_web.orgs.models import Membership
from mingjing_web.reports.context import findings_view
from mingjing_web.reports.models import Report, ReviewComment
from mingjing_web.reports.selectors import report_revision
from mingjing_web.revisions import StaleError, posted_int


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
    """Reports of different units tied by long shared passages (one 范文 used across units).

    Shows the stored clusters at once; the ``county.clusters`` job computes them (queued when a
    subordinate unit's version is saved or removed). A first visit, or an index that changed unseen,
    queues that job; the page then polls (htmx) until it is done."""
    from mingjing_web.corpus import tree_index_state
    from mingjing_web.county.clusters import clusters_refresh, job_pending

    viewer = _supervisor(request)
    organisation = viewer.organisation
    result = selectors.cross_unit_result(organisation=organisation)
    job = result.job if result is not None else None
    pending = job if job_pending(job) else None
    failed = job if job is not None and job.state == JobState.FAILED else None
    minimum = int(selectors.settings_data()["cluster_min_passage"])
    behind = (
        result is None
        or not result.computed
        or result.behind
        or result.min_passage != minimum
        or result.index_state != tree_index_state(organisation=organisation)
    )
    # A failed refresh is not queued again by every visit (nor by every poll): "重新计算" or the
    # next change of the index does it.
    if behind and pending is None and failed is None:
        pending = clusters_refresh(organisation=organisation, actor=viewer)
    context = {
        "viewer": viewer,
        "result": result if result is not None and result.computed else None,
        "clusters": selectors.cross_unit_shown(viewer=viewer, result=result) if result else [],
        "job": pending,
        "failed": failed if pending is None else None,
        "behind": behind,
    }
    template = "county/_clusters.html" if request.headers.get("HX-Request") else "county/clusters.html"
    return render(request, template, context)


@login_required
@require_POST
def county_cross_unit_refresh(request: HttpRequest) -> HttpResponse:
    """重新计算: queue a refresh of the stored clusters now (one at a time)."""
    from mingjing_web.county.clusters import clusters_refresh

    viewer = _supervisor(request)
    result = selectors.cross_unit_result(organisation=viewer.organisation)
    before = result.job_id if result is not None else None
    job = clusters_refresh(organisation=viewer.organisation, actor=viewer)
    if job is not None and job.pk != before:
        messages.success(request, "已开始重新计算，完成后本页自动更新。")
    else:
        messages.info(request, "正在重新计算，完成后本页自动更新。")
    return redirect("county_cross_unit")


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
    return _report_page(request, report, viewer)


def _report_page(
    request: HttpRequest,
    report: Report,
    viewer: Membership,
    *,
    conflict: str = "",
    kept: str = "",
    status: int = 200,
) -> HttpResponse:
    """The report page; after a stale return (409) it says so and keeps the typed reason."""
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
        "revision": report_revision(report=report),
        "conflict": conflict,
        "kept": kept,
    }
    return render(request, "county/report.html", context, status=status)


def _act(request: HttpRequest, action: object, success: str) -> None:
    try:
        action()  # type: ignore[operator]
    except StaleError:
        raise
    except ServiceError as err:
        messages.error(request, str(err))
    else:
        messages.success(request, success)


@login_required
@require_POST
def county_report_return(request: HttpRequest, report_id: int) -> HttpResponse:
    report, viewer = _report_access(request, report_id)
    comment = request.POST.get("comment", "")
    version, revision = posted_int(request.POST, "version"), posted_int(request.POST, "revision")
    try:
        _act(
            request,
            lambda: services.report_return_upper(
                report=report, actor=viewer, comment=comment, version=version, revision=revision
            ),
            "已退回修改，并通知了材料本人。",
        )
    except StaleError as err:  # the unit decided or a new version came in: nothing changed, keep the reason
        fresh, _viewer = _report_access(request, report_id)
        return _report_page(request, fresh, viewer, conflict=err.message, kept=comment, status=409)
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
