"""The organisation page (admins): profile, members and their roles."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from mingjing_web.access import ADMINS, membership_current, role_require
from mingjing_web.orgs import services
from mingjing_web.orgs.forms import MemberCreateForm, MemberRoleForm, OrganisationForm
from mingjing_web.orgs.models import Membership
from mingjing_web.orgs.selectors import membership_in_org, membership_list


def _admin(request: HttpRequest) -> Membership:
    viewer = membership_current(user=request.user)
    if viewer is None:
        raise Http404
    role_require(membership=viewer, roles=ADMINS)
    return viewer


def _page(
    request: HttpRequest,
    viewer: Membership,
    profile: OrganisationForm,
    member: MemberCreateForm,
    status: int = 200,
) -> HttpResponse:
    members = membership_list(organisation=viewer.organisation)
    context = {"profile_form": profile, "member_form": member, "members": members, "viewer": viewer}
    return render(request, "orgs/organisation.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def organisation_edit(request: HttpRequest) -> HttpResponse:
    viewer = _admin(request)
    form = OrganisationForm(request.POST or None, instance=viewer.organisation)
    if request.method == "POST":
        if not form.is_valid():
            return _page(request, viewer, form, MemberCreateForm(), status=400)
        services.organisation_update(organisation=viewer.organisation, actor=viewer, **form.cleaned_data)
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
    except ValueError as err:
        messages.error(request, str(err))
        return redirect("organisation")
    messages.success(request, f"已更新 {member.display_name} 的角色。")
    return redirect("organisation")
