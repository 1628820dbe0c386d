"""Changes to organisations and memberships. Every change is audited."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from mingjing_web.audit.services import audit_record
from mingjing_web.orgs.models import Membership, Organisation, Role, TeamRole
from mingjing_web.revisions import revision_check, stale_message

if TYPE_CHECKING:
    from django.contrib.auth.models import User


@transaction.atomic
def organisation_create(*, name: str, level: str, region: str = "") -> Organisation:
    """A new organisation without members (the first admin is added with ``membership_create``)."""
    return Organisation.objects.create(name=name.strip(), level=level, region=region.strip())


@transaction.atomic
def organisation_update(
    *,
    organisation: Organisation,
    actor: Membership,
    name: str,
    level: str,
    region: str,
    revision: int | None = None,
) -> Organisation:
    """Change the profile the context-mismatch rule checks reports against.

    ``revision`` is the one the form showed: if another admin saved since, nothing is saved.
    """
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if revision is not None and revision != organisation.revision:
        raise ValueError("在您编辑期间，单位信息已被其他管理员修改。您的修改尚未保存，请核对后重新提交。")
    before = {"name": organisation.name, "level": organisation.level, "region": organisation.region}
    organisation.name, organisation.level, organisation.region = name.strip(), level, region.strip()
    organisation.revision += 1
    organisation.save(update_fields=["name", "level", "region", "revision"])
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
    if team_role == TeamRole.HEAD:
        _require_no_other_head(organisation, None)
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
    *,
    membership: Membership,
    actor: Membership,
    role: str,
    team_role: str,
    position: str,
    revision: int | None = None,
) -> Membership:
    """Change a member's roles; an organisation always keeps at least one admin.

    ``revision`` is the one the member row showed: if another admin saved that row since, nothing is
    saved (``StaleError``). The row is locked first, so two saves of one row cannot interleave.
    """
    locked = Membership.objects.select_for_update().get(pk=membership.pk)
    revision_check(
        shown=revision, current=locked.revision, message=stale_message(f"{locked.display_name}的角色")
    )
    organisation = membership.organisation
    if locked.role == Role.ADMIN and role != Role.ADMIN and _admin_count(organisation) <= 1:
        raise ValueError("组织至少需要保留一名管理员。")
    if team_role == TeamRole.HEAD:
        _require_no_other_head(organisation, locked)
    locked.role, locked.team_role, locked.position = role, team_role, position.strip()
    locked.revision += 1
    locked.save(update_fields=["role", "team_role", "position", "revision"])
    # The caller's object follows the saved row (callers keep using it after the update).
    membership.role, membership.team_role, membership.position = role, team_role, locked.position
    membership.revision = locked.revision
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
    active = Membership.objects.filter(organisation=organisation, role=Role.ADMIN, user__is_active=True)
    return active.count()


def _require_no_other_head(organisation: Organisation, membership: Membership | None) -> None:
    """One 主要负责人 per organisation at a time: the old one must be changed first."""
    others = Membership.objects.filter(organisation=organisation, team_role=TeamRole.HEAD)
    if membership is not None:
        others = others.exclude(pk=membership.pk)
    other = others.first()
    if other is not None:
        raise ValueError(
            f"本单位的主要负责人已是 {other.display_name}，请先把其班子角色改为班子成员或不在班子。"
        )


@transaction.atomic
def membership_set_active(*, membership: Membership, actor: Membership, active: bool) -> Membership:
    """Disable (or re-enable) an account. A disabled account cannot log in; its reports stay.

    Nothing is deleted: past meetings keep their members and reports.
    """
    if membership.pk == actor.pk and not active:
        raise ValueError("不能停用自己的账号。")
    if not active and membership.role == Role.ADMIN and _admin_count(membership.organisation) <= 1:
        raise ValueError("组织至少需要保留一名在用的管理员。")
    user = membership.user
    user.is_active = active
    user.save(update_fields=["is_active"])
    audit_record(
        actor=actor,
        organisation=membership.organisation,
        action="membership.enable" if active else "membership.disable",
        target=membership,
        summary=f"{'启用' if active else '停用'} {membership.display_name} 的账号",
    )
    return membership


def _validated(password: str, user: User | None) -> str:
    try:
        validate_password(password, user=user)
    except ValidationError as err:
        raise ValueError("".join(err.messages)) from err
    return password


@transaction.atomic
def password_reset(*, membership: Membership, actor: Membership, password: str) -> None:
    """An admin sets a new password for a member (Django's password validators apply)."""
    user = membership.user
    user.set_password(_validated(password, user))
    user.save(update_fields=["password"])
    audit_record(
        actor=actor,
        organisation=membership.organisation,
        action="membership.password_reset",
        target=membership,
        summary=f"重置 {membership.display_name} 的密码",
    )


# -- the organisation tree (issue 12) ---------------------------------------------------------------------


@transaction.atomic
def organisation_create_child(
    *,
    parent: Organisation,
    actor: Membership,
    name: str,
    kind: str,
    level: str,
    region: str = "",
    admin_username: str,
    admin_password: str,
    admin_display_name: str,
) -> Organisation:
    """A unit below ``parent`` with its first admin (who then adds the unit's own members)."""
    from mingjing_web import policy

    if actor.organisation_id != parent.pk or not policy.can_create_suborganisation(who=actor):
        raise ValueError("只有本单位管理员可以创建下级组织。")
    if not name.strip():
        raise ValueError("请填写下级组织的名称。")
    if get_user_model().objects.filter(username=admin_username.strip()).exists():
        raise ValueError("该登录名已被使用，请换一个。")
    try:
        validate_password(admin_password)
    except ValidationError as err:
        raise ValueError("；".join(err.messages)) from err
    child = Organisation.objects.create(
        name=name.strip(), kind=kind, level=level, region=region.strip() or parent.region, parent=parent
    )
    membership_create(
        organisation=child,
        username=admin_username,
        password=admin_password,
        display_name=admin_display_name,
        role=Role.ADMIN,
        actor=actor,
    )
    audit_record(
        actor=actor,
        organisation=parent,
        action="organisation.create_child",
        target=child,
        summary=f"创建下级组织 {child.name}（{child.get_kind_display()}）",
    )
    return child
