"""Reading organisations and their members."""

from __future__ import annotations

from django.db.models import Case, IntegerField, QuerySet, Value, When

from mingjing_web.orgs.models import Membership, Organisation, TeamRole

_TEAM_ORDER = Case(
    When(team_role=TeamRole.HEAD, then=Value(0)),
    When(team_role=TeamRole.MEMBER, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)


def membership_list(*, organisation: Organisation) -> list[Membership]:
    """Everybody in the organisation: the 主要负责人 first, then the 班子, then the others."""
    found = Membership.objects.filter(organisation=organisation).select_related("user")
    return list(found.order_by(_TEAM_ORDER, "display_name"))


def team_list(*, organisation: Organisation) -> QuerySet[Membership]:
    """The 班子: the members who write a report for each meeting."""
    found = Membership.objects.filter(organisation=organisation).exclude(team_role=TeamRole.NONE)
    return found.order_by(_TEAM_ORDER, "display_name")


def membership_in_org(*, organisation: Organisation, membership_id: int) -> Membership | None:
    return Membership.objects.filter(organisation=organisation, pk=membership_id).first()
