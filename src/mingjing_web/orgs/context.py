"""Template context: the signed-in user's membership and unread notifications (for the navigation)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from mingjing_web.access import membership_current
from mingjing_web.orgs.models import Membership

_UNSET = object()


def _current(request: HttpRequest) -> Membership | None:
    """The membership, looked up once per request (several templates of one page ask for it)."""
    found = request.__dict__.get("_mingjing_membership", _UNSET)
    if found is None or isinstance(found, Membership):
        return found
    current = membership_current(user=request.user)
    request.__dict__["_mingjing_membership"] = current
    return current


def membership(request: HttpRequest) -> dict[str, Any]:
    """The navigation's membership and unread count, each looked up once per request.

    Context processors run again for every template rendered with the request (an included block
    too), so the count is kept on the request like the membership.
    """
    cached = _current(request)
    unread = request.__dict__.get("_mingjing_unread")
    if unread is None:
        unread = 0
        if cached is not None:
            from mingjing_web.notifications.selectors import unread_count

            unread = unread_count(recipient=cached)
        request.__dict__["_mingjing_unread"] = unread
    return {"current_membership": cached, "unread_notices": unread}
