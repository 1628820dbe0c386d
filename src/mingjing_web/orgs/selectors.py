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


def organisation_tree(*, root: Organisation) -> list[tuple[int, Organisation]]:
    """``root`` and everything below it, depth first, as (depth, organisation) for an indented list."""
    from mingjing_web.policy import organisation_subtree_ids

    ids = organisation_subtree_ids(organisation_id=root.pk)
    orgs = {o.pk: o for o in Organisation.objects.filter(pk__in=ids).order_by("name")}
    children: dict[int | None, list[Organisation]] = {}
    for org in orgs.values():
        children.setdefault(org.parent_id, []).append(org)
    out: list[tuple[int, Organisation]] = []

    def walk(org: Organisation, depth: int) -> None:
        out.append((depth, org))
        for child in children.get(org.pk, []):
            if child.pk != root.pk:
                walk(child, depth + 1)

    walk(orgs[root.pk], 0)
    return out
