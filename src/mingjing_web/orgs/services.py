"""Changes to organisations and memberships. Every change is audited."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction

from mingjing_web.audit.services import audit_record
from mingjing_web.orgs.models import Membership, Organisation, Role, TeamRole


@transaction.atomic
def organisation_create(*, name: str, level: str, region: str = "") -> Organisation:
    """A new organisation without members (the first admin is added with ``membership_create``)."""
    return Organisation.objects.create(name=name.strip(), level=level, region=region.strip())


@transaction.atomic
def organisation_update(
    *, organisation: Organisation, actor: Membership, name: str, level: str, region: str
) -> Organisation:
    """Change the profile the context-mismatch rule checks reports against."""
    before = {"name": organisation.name, "level": organisation.level, "region": organisation.region}
    organisation.name, organisation.level, organisation.region = name.strip(), level, region.strip()
    organisation.save(update_fields=["name", "level", "region"])
    audit_record(
        actor=actor,
        organisation=organisation,
        action="organisation.update",
        target=organisation,
        summary=f"修改单位信息：{organisation.name}（{organisation.level}，{organisation.region or '未填地区'}）",
        data={"before": before},
    )
    return organisation


@transaction.atomic
def membership_create(
    *,
    organisation: Organisation,
    username: str,
    password: str,
    display_name: str,
    role: str = Role.MEMBER,
    team_role: str = TeamRole.NONE,
    position: str = "",
    actor: Membership | None = None,
) -> Membership:
    """Create a login and its membership in ``organisation``."""
    user = get_user_model().objects.create_user(username=username.strip(), password=password)
    membership = Membership.objects.create(
        user=user,
        organisation=organisation,
        display_name=display_name.strip(),
        role=role,
        team_role=team_role,
        position=position.strip(),
    )
    audit_record(
        actor=actor,
        organisation=organisation,
        action="membership.create",
        target=membership,
        summary=f"添加成员 {membership.display_name}（{membership.get_role_display()}）",
    )
    return membership


@transaction.atomic
def membership_update(
    *, membership: Membership, actor: Membership, role: str, team_role: str, position: str
) -> Membership:
    """Change a member's roles; an organisation always keeps at least one admin."""
    if membership.role == Role.ADMIN and role != Role.ADMIN and _admin_count(membership.organisation) <= 1:
        raise ValueError("组织至少需要保留一名管理员。")
    membership.role, membership.team_role, membership.position = role, team_role, position.strip()
    membership.save(update_fields=["role", "team_role", "position"])
    audit_record(
        actor=actor,
        organisation=membership.organisation,
        action="membership.update",
        target=membership,
        summary=f"修改 {membership.display_name} 的角色：{membership.get_role_display()}，"
        f"{membership.get_team_role_display()}",
    )
    return membership


def _admin_count(organisation: Organisation) -> int:
    return Membership.objects.filter(organisation=organisation, role=Role.ADMIN).count()
