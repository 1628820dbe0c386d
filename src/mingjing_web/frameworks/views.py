"""Framework pages: the list, one framework with its versions, new, copy (e.g. last year's) and edit."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from mingjing_web import policy
from mingjing_web.access import membership_current
from mingjing_web.errors import ServiceError
from mingjing_web.frameworks import services
from mingjing_web.frameworks.data import framework_toml
from mingjing_web.frameworks.forms import AspectFormSet, FrameworkForm, framework_data, framework_initial
from mingjing_web.frameworks.models import Framework
from mingjing_web.frameworks.selectors import framework_get, framework_list, framework_versions
from mingjing_web.orgs.models import Membership


def _viewer(request: HttpRequest) -> Membership:
    viewer = membership_current(user=request.user)
    if viewer is None:
        raise Http404
    return viewer


def _framework(request: HttpRequest, framework_id: int) -> tuple[Framework, Membership]:
    """404 for a framework of another organisation (it does not exist for the viewer)."""
    viewer = _viewer(request)
    framework = framework_get(framework_id=framework_id)
    if framework is None or not policy.can_view_framework(who=viewer, framework=framework):
        raise Http404
    return framework, viewer


@login_required
@require_GET
def framework_index(request: HttpRequest) -> HttpResponse:
    viewer = _viewer(request)
    services.framework_ensure_shipped()
    context = {
        "frameworks": framework_list(organisation=viewer.organisation),
        "can_create": policy.can_create_framework(who=viewer),
    }
    return render(request, "frameworks/list.html", context)


@login_required
@require_GET
def framework_detail(request: HttpRequest, framework_id: int) -> HttpResponse:
    framework, viewer = _framework(request, framework_id)
    versions = framework_versions(framework=framework)
    number = request.GET.get("v", "")
    shown = next((v for v in versions if str(v.number) == number), framework.current)
    context = {
        "framework": framework,
        "version": shown,
        "versions": versions,
        "can_edit": policy.can_edit_framework(who=viewer, framework=framework),
        "can_copy": policy.can_create_framework(who=viewer),
        "meetings": shown.meetings.filter(organisation=viewer.organisation) if shown else [],
    }
    return render(request, "frameworks/detail.html", context)


@login_required
@require_GET
def framework_export(request: HttpRequest, framework_id: int) -> HttpResponse:
    """The current version as a framework file (TOML), for ``mingjing frameworks import`` elsewhere."""
    framework = _framework(request, framework_id)[0]
    if framework.current is None:
        raise Http404
    response = HttpResponse(
        framework_toml(framework.current.data), content_type="application/toml; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{framework.key}.toml"'
    return response


def _editor(request: HttpRequest, *, data: dict[str, Any], base_number: int) -> tuple[FrameworkForm, Any]:
    """The bound (POST) or initial (GET) framework form and aspect formset."""
    initial, aspects = framework_initial(data)
    initial["base_number"] = base_number
    form = FrameworkForm(request.POST or None, initial=initial)
    formset = AspectFormSet(request.POST or None, initial=aspects, prefix="aspects")
    return form, formset


def _render_editor(
    request: HttpRequest, form: FrameworkForm, formset: Any, title: str, status: int = 200, **extra: Any
) -> HttpResponse:
    context = {"form": form, "formset": formset, "title": title, **extra}
    return render(request, "frameworks/form.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def framework_create(request: HttpRequest) -> HttpResponse:
    """A new framework from scratch (admins)."""
    viewer = _viewer(request)
    policy.require(policy.can_create_framework(who=viewer))
    form, formset = _editor(request, data={}, base_number=0)
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        try:
            framework = services.framework_create(actor=viewer, data=framework_data(form, formset))
        except ServiceError as err:
            form.add_error(None, err.message)
        else:
            messages.success(request, f"已创建对照框架“{framework.name}”。")
            return redirect("framework_detail", framework_id=framework.pk)
    status = 400 if request.method == "POST" else 200
    return _render_editor(request, form, formset, "新建对照框架", status)


@login_required
@require_http_methods(["GET", "POST"])
def framework_copy(request: HttpRequest, framework_id: int) -> HttpResponse:
    """Copy a framework (e.g. last year's) into a new one for another year, then edit it (admins)."""
    framework, viewer = _framework(request, framework_id)
    policy.require(policy.can_create_framework(who=viewer))
    assert framework.current is not None
    source = framework.current
    data = {**source.data, "year": source.data.get("year", framework.year) + 1}
    data["name"] = str(data.get("name", "")).replace(str(framework.year), str(data["year"]), 1)
    form, formset = _editor(request, data=data, base_number=0)
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        edited = framework_data(form, formset, base=source.data)
        try:
            copy = services.framework_copy(
                actor=viewer, source=source, year=edited["year"], name=edited["name"], data=edited
            )
        except ServiceError as err:
            form.add_error(None, err.message)
        else:
            messages.success(request, f"已复制为“{copy.name}”。")
            return redirect("framework_detail", framework_id=copy.pk)
    status = 400 if request.method == "POST" else 200
    return _render_editor(request, form, formset, f"复制“{framework.name}”", status, source=framework)


@login_required
@require_http_methods(["GET", "POST"])
def framework_edit(request: HttpRequest, framework_id: int) -> HttpResponse:
    """Edit a unit's own framework; saving makes a new version (meetings keep theirs)."""
    framework, viewer = _framework(request, framework_id)
    policy.require(
        policy.can_edit_framework(who=viewer, framework=framework),
        message="随系统发布或共用的框架不能直接修改，请先复制一份。",
    )
    assert framework.current is not None
    current = framework.current
    form, formset = _editor(request, data=current.data, base_number=current.number)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid() and formset.is_valid():
            try:
                services.framework_update(
                    actor=viewer,
                    framework=framework,
                    data=framework_data(form, formset, base=current.data),
                    base_number=form.cleaned_data.get("base_number") or 0,
                    note=form.cleaned_data.get("note", ""),
                )
            except ServiceError as err:
                form.add_error(None, err.message)
                status = 409 if "编辑期间" in err.message else 400
            else:
                messages.success(request, "已保存为新版本；已建立的会议仍使用原来的版本。")
                return redirect("framework_detail", framework_id=framework.pk)
    return _render_editor(request, form, formset, f"修改“{framework.name}”", status, source=framework)
