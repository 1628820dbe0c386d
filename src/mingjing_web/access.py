"""Who the signed-in user is in an organisation. The rights themselves live in ``mingjing_web.policy``.

Objects of another organisation are 404 (``membership_get``); selectors never filter by permission.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User
from django.http import Http404

from mingjing_web.memo import memo_remember, request_memo
from mingjing_web.orgs.models import Membership, Organisation

# The project uses Django's own User model (no AUTH_USER_MODEL), so request.user is one of these two.
AnyUser = User | AnonymousUser


def membership_get(*, user: AnyUser, organisation: Organisation | int) -> Membership:
    """The user's membership in ``organisation``; 404 when there is none (the object does not exist for them)."""
    org_id = organisation if isinstance(organisation, int) else organisation.pk
    if not user.is_authenticated or not getattr(user, "is_active", False):
        raise Http404
    membership = membership_find(user_id=user.pk, organisation_id=org_id)
    if membership is None:
        raise Http404
    return membership


@request_memo
def membership_find(*, user_id: int, organisation_id: int) -> Membership | None:
    """The user's membership in that organisation or None (no rights checked: see ``mingjing_web.policy``).

    One query per page view however many times the view, the navigation and the rights ask.
    """
    found = Membership.objects.select_related("organisation", "user").filter(
        user_id=user_id, organisation_id=organisation_id
    )
    return found.first()


@request_memo
def membership_current(*, user: AnyUser) -> Membership | None:
    """The membership the user works in (the first one; most users have exactly one)."""
    if not user.is_authenticated:
        return None
    found = Membership.objects.select_related("organisation", "user").filter(user=user).order_by("pk").first()
    if found is not None:
        # The same object answers membership_find for its organisation later in this page view.
        memo_remember(membership_find, found, user_id=user.pk, organisation_id=found.organisation_id)
    return found
