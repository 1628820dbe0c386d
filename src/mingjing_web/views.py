"""Site-wide pages: the home page (this unit's meetings) and the error pages."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from mingjing_web.access import membership_current
from mingjing_web.meetings.selectors import meeting_list
from mingjing_web.reports.models import Report


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The meetings of the user's unit, each with the user's own report status or the review progress."""
    viewer = membership_current(user=request.user)
    if viewer is None:
        return render(request, "home.html", {"meetings": [], "viewer": None})
    meetings = meeting_list(organisation=viewer.organisation)
    mine = {r.meeting_id: r for r in Report.objects.filter(author=viewer).only("id", "meeting_id", "status")}
    rows = [(meeting, mine.get(meeting.pk)) for meeting in meetings]
    return render(request, "home.html", {"rows": rows, "viewer": viewer})


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/403.html", status=403)


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/404.html", status=404)


def error_500(request: HttpRequest) -> HttpResponse:
    return render(request, "errors/500.html", status=500)
