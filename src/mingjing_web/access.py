"""Who the signed-in user is in an organisation. The rights themselves live in ``mingjing_web.policy``.

Objects of another organisation are 404 (``membership_get``); selectors never filter by permission.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User
from django.http import Http404

from mingjing_web.orgs.models import Membership, Organisation

# The project uses Django's own User model (no AUTH_USER_MODEL), so request.user is one of these two.
AnyUser = User | AnonymousUser


def membership_get(*, user: AnyUser, organisation: Organisation | int) -> Membership:
    """The user's membership in ``organisation``; 404 when there is none (the object does not exist for them)."""
    org_id = organisation if isinstance(organisation, int) else organisation.pk
    if not user.is_authenticated or not getattr(user, "is_active", False):
        raise Http404
    found = Membership.objects.select_related("organisation", "user").filter(
        user=user, organisation_id=org_id
    )
    membership = found.first()
    if membership is None:
        raise Http404
    return membership


def membership_current(*, user: AnyUser) -> Membership | None:
    """The membership the user works in (the first one; most users have exactly one)."""
    if not user.is_authenticated:
        return None
    return Membership.objects.select_related("organisation").filter(user=user).order_by("pk").first()
