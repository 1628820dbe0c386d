"""The audit log page (admins)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from mingjing_web import policy
from mingjing_web.access import membership_current
from mingjing_web.audit.selectors import audit_list


@login_required
@require_GET
def audit_index(request: HttpRequest) -> HttpResponse:
    viewer = membership_current(user=request.user)
    if viewer is None:
        raise Http404
    policy.require(policy.can_admin_organisation(who=viewer))
    return render(request, "audit/list.html", {"entries": audit_list(organisation=viewer.organisation)})
