"""Who may see and do what. Objects of another organisation are 404; the wrong role is 403.

Views call these before anything else; selectors never filter by permission on their own.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from mingjing_web.orgs.models import Membership, Organisation, Role

AnyUser = AbstractBaseUser | AnonymousUser


def membership_get(*, user: AnyUser, organisation: Organisation | int) -> Membership:
    """The user's membership in ``organisation``; 404 when there is none (the object does not exist for them)."""
    org_id = organisation if isinstance(organisation, int) else organisation.pk
    if not user.is_authenticated:
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


def role_require(*, membership: Membership, roles: tuple[str, ...]) -> None:
    """403 unless the membership has one of ``roles``."""
    if membership.role not in roles:
        raise PermissionDenied("您的角色无权进行此操作。")


OVERSEERS = (Role.REVIEWER.value, Role.ADMIN.value)
REVIEWERS = (Role.REVIEWER.value,)
ADMINS = (Role.ADMIN.value,)
