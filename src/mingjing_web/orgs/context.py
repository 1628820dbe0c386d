"""Template context: the signed-in user's membership and unread notifications (for the navigation)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from mingjing_web.access import membership_current


def membership(request: HttpRequest) -> dict[str, Any]:
    cached = getattr(request, "_mingjing_membership", False)
    if cached is False:
        cached = membership_current(user=request.user)
        request._mingjing_membership = cached  # type: ignore[attr-defined]
    unread = 0
    if cached is not None:
        from mingjing_web.notifications.selectors import unread_count

        unread = unread_count(recipient=cached)
    return {"current_membership": cached, "unread_notices": unread}
