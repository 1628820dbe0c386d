"""Template context: the signed-in user's membership (for the navigation)."""

from __future__ import annotations

from django.http import HttpRequest

from mingjing_web.access import membership_current
from mingjing_web.orgs.models import Membership


def membership(request: HttpRequest) -> dict[str, Membership | None]:
    cached = getattr(request, "_mingjing_membership", False)
    if cached is False:
        cached = membership_current(user=request.user)
        request._mingjing_membership = cached  # type: ignore[attr-defined]
    return {"current_membership": cached}
