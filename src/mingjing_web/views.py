"""Site-wide pages: the home page (this unit's meetings, the review queue) and the error pages."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from mingjing_web import policy
from mingjing_web.access import membership_current
from mingjing_web.meetings.selectors import meeting_list
from mingjing_web.reports import dashboard
from mingjing_web.reports.models import Report
from mingjing_web.reports.selectors import review_queue
from mingjing_web.reports.services import overdue_notify


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The unit's open and closed meetings, each with the user's own report or the review progress."""
    viewer = membership_current(user=request.user)
    if viewer is None:
        return render(request, "home.html", {"meetings": [], "viewer": None})
    meetings = meeting_list(organisation=viewer.organisation)
    mine = {r.meeting_id: r for r in Report.objects.filter(author=viewer).only("id", "meeting_id", "status")}
    rows = []
    for meeting in meetings:
        overdue_notify(meeting=meeting)
        oversee = policy.can_oversee_meeting(who=viewer, meeting=meeting)
        counts = dashboard.state_counts(dashboard.dashboard_rows(meeting=meeting)) if oversee else None
        writer = policy.is_meeting_writer(who=viewer, meeting=meeting)
        report = mine.get(meeting.pk)
        rows.append(
            {
                "meeting": meeting,
                "mine": report,
                "writer": writer,
                "oversee": oversee,
                "opinions": policy.can_manage_opinions(who=viewer, meeting=meeting),
                "counts": counts,
                "overdue": writer and dashboard.is_overdue(meeting=meeting, report=report),
            }
        )
    context = {"rows": rows, "viewer": viewer, "queue": review_queue(viewer=viewer)}
    return render(request, "home.html", context)


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/403.html", status=403)


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/404.html", status=404)


def error_500(request: HttpRequest) -> HttpResponse:
    return render(request, "errors/500.html", status=500)
