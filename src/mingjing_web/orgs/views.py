"""The organisation page (admins): profile, members and their roles."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mingjing_web import policy
from mingjing_web.access import membership_current
from mingjing_web.orgs import services
from mingjing_web.orgs.forms import (
    MemberCreateForm,
    MemberRoleForm,
    OrganisationForm,
    PasswordResetForm,
    SubOrganisationForm,
)
from mingjing_web.orgs.models import Membership
from mingjing_web.orgs.selectors import membership_in_org, membership_list
from mingjing_web.revisions import StaleError


def _admin(request: HttpRequest) -> Membership:
    viewer = membership_current(user=request.user)
    if viewer is None:
        raise Http404
    policy.require(policy.can_admin_organisation(who=viewer))
    return viewer


@dataclass(frozen=True)
class KeptRow:
    """A member row refused as stale: what the admin chose (shown again in that row) and why."""

    membership_id: int
    role: str
    team_role: str
    position: str
    revision: int | None
    message: str


def _page(
    request: HttpRequest,
    viewer: Membership,
    profile: OrganisationForm,
    member: MemberCreateForm,
    status: int = 200,
    kept: KeptRow | None = None,
) -> HttpResponse:
    members = membership_list(organisation=viewer.organisation)
    for row in members:
        if kept is not None and row.pk == kept.membership_id:
            # In memory only (never saved): the row shows the input, still based on the revision it was.
            row.role, row.team_role, row.position = kept.role, kept.team_role, kept.position
            row.revision = kept.revision if kept.revision is not None else row.revision
    context = {
        "profile_form": profile,
        "member_form": member,
        "members": members,
        "viewer": viewer,
        "kept": kept,
    }
    return render(request, "orgs/organisation.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def organisation_edit(request: HttpRequest) -> HttpResponse:
    viewer = _admin(request)
    organisation = viewer.organisation
    form = OrganisationForm(
        request.POST or None,
        instance=organisation
        if request.method == "GET"
        else type(organisation).objects.get(pk=organisation.pk),
        initial={"revision": organisation.revision},
    )
    if request.method == "POST":
        if not form.is_valid():
            return _page(request, viewer, form, MemberCreateForm(), status=400)
        data = dict(form.cleaned_data)
        revision = data.pop("revision", None)
        try:
            services.organisation_update(organisation=organisation, actor=viewer, revision=revision, **data)
        except ValueError as err:
            form.add_error(None, str(err))  # the input stays in the form
            return _page(request, viewer, form, MemberCreateForm(), status=409)
        messages.success(request, "单位信息已保存。")
        return redirect("organisation")
    return _page(request, viewer, form, MemberCreateForm())


@login_required
@require_POST
def member_create(request: HttpRequest) -> HttpResponse:
    viewer = _admin(request)
    form = MemberCreateForm(request.POST)
    if not form.is_valid():
        return _page(request, viewer, OrganisationForm(instance=viewer.organisation), form, status=400)
    member = services.membership_create(organisation=viewer.organisation, actor=viewer, **form.cleaned_data)
    messages.success(request, f"已添加成员 {member.display_name}。")
    return redirect("organisation")


@login_required
@require_POST
def member_update(request: HttpRequest, membership_id: int) -> HttpResponse:
    viewer = _admin(request)
    member = membership_in_org(organisation=viewer.organisation, membership_id=membership_id)
    if member is None:
        raise Http404
    form = MemberRoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, "角色填写有误，请重新选择。")
        return redirect("organisation")
    try:
        services.membership_update(membership=member, actor=viewer, **form.cleaned_data)
    except StaleError as err:  # another admin saved this row meanwhile: nothing saved, the choice kept
        data = form.cleaned_data
        kept = KeptRow(
            member.pk, data["role"], data["team_role"], data["position"], data["revision"], err.message
        )
        profile = OrganisationForm(
            instance=viewer.organisation, initial={"revision": viewer.organisation.revision}
        )
        return _page(request, viewer, profile, MemberCreateForm(), status=409, kept=kept)
    except ValueError as err:
        messages.error(request, str(err))
        return redirect("organisation")
    messages.success(request, f"已更新 {member.display_name} 的角色。")
    return redirect("organisation")


@login_required
@require_POST
def member_active(request: HttpRequest, membership_id: int) -> HttpResponse:
    """Disable or re-enable a member's account (nothing is deleted)."""
    viewer = _admin(request)
    member = membership_in_org(organisation=viewer.organisation, membership_id=membership_id)
    if member is None:
        raise Http404
    active = request.POST.get("active") == "1"
    try:
        services.membership_set_active(membership=member, actor=viewer, active=active)
    except ValueError as err:
        messages.error(request, str(err))
        return redirect("organisation")
    messages.success(request, f"已{'启用' if active else '停用'} {member.display_name} 的账号。")
    return redirect("organisation")


@login_required
@require_POST
def member_password(request: HttpRequest, membership_id: int) -> HttpResponse:
    """An admin sets a new password for a member who forgot theirs."""
    viewer = _admin(request)
    member = membership_in_org(organisation=viewer.organisation, membership_id=membership_id)
    if member is None:
        raise Http404
    form = PasswordResetForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写新密码。")
        return redirect("organisation")
    try:
        services.password_reset(membership=member, actor=viewer, password=form.cleaned_data["password"])
    except ValueError as err:
        messages.error(request, f"密码未修改：{err}")
        return redirect("organisation")
    messages.success(request, f"已重置 {member.display_name} 的密码，请当面告知本人并提醒其登录后修改。")
    return redirect("organisation")


# -- the organisation tree (issue 12) ---------------------------------------------------------------------


def _tree_viewer(request: HttpRequest) -> Membership:
    viewer = membership_current(user=request.user)
    if viewer is None:
        raise Http404
    policy.require(policy.can_view_tree(who=viewer), message="只有本单位管理员和上级审阅人员可以查看组织树。")
    return viewer


def _tree_page(
    request: HttpRequest, viewer: Membership, form: SubOrganisationForm, status: int = 200
) -> HttpResponse:
    from mingjing_web.orgs.selectors import organisation_tree

    context = {
        "viewer": viewer,
        # Indentation as text: no inline styles under the content security policy.
        "tree": [
            ("\u3000" * depth + ("└ " if depth else ""), org)
            for depth, org in organisation_tree(root=viewer.organisation)
        ],
        "form": form,
        "can_create": policy.can_create_suborganisation(who=viewer),
    }
    return render(request, "orgs/tree.html", context, status=status)


@login_required
@require_GET
def organisation_tree_page(request: HttpRequest) -> HttpResponse:
    """The organisation tree below the viewer's unit, and (admins) the form for a new sub-unit."""
    viewer = _tree_viewer(request)
    return _tree_page(request, viewer, SubOrganisationForm(initial={"level": viewer.organisation.level}))


@login_required
@require_POST
def suborganisation_create(request: HttpRequest) -> HttpResponse:
    """Create a unit directly below the viewer's own, with its first admin."""
    viewer = _tree_viewer(request)
    policy.require(
        policy.can_create_suborganisation(who=viewer), message="只有本单位管理员可以创建下级组织。"
    )
    form = SubOrganisationForm(request.POST)
    if not form.is_valid():
        return _tree_page(request, viewer, form, status=400)
    try:
        child = services.organisation_create_child(
            parent=viewer.organisation, actor=viewer, **form.cleaned_data
        )
    except ValueError as err:
        form.add_error(None, str(err))
        return _tree_page(request, viewer, form, status=400)
    messages.success(request, f"已创建下级组织 {child.name}，请将管理员账号告知对方。")
    return redirect("organisation_tree")
