"""The notifications page behind the bell."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from mingjing_web.access import membership_current
from mingjing_web.notifications.selectors import notification_list
from mingjing_web.notifications.services import notifications_mark_read


@login_required
@require_GET
def notification_index(request: HttpRequest) -> HttpResponse:
    viewer = membership_current(user=request.user)
    if viewer is None:
        raise Http404
    return render(request, "notifications/list.html", {"notices": notification_list(recipient=viewer)})


@login_required
@require_POST
def notification_read(request: HttpRequest, notification_id: int) -> HttpResponse:
    """Mark one notice read (0 marks all) and follow its link when it has one of this site."""
    viewer = membership_current(user=request.user)
    if viewer is None:
        raise Http404
    notifications_mark_read(recipient=viewer, notification_id=notification_id or None)
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("notifications")
