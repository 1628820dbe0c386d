"""The library page: reviewers and admins see it; admins add and remove documents."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from mingjing_web import policy
from mingjing_web.access import membership_current
from mingjing_web.errors import ServiceError
from mingjing_web.library import services
from mingjing_web.library.forms import LibraryUploadForm
from mingjing_web.library.selectors import document_get, document_list
from mingjing_web.orgs.models import Membership


def _viewer(request: HttpRequest, *, write: bool) -> Membership:
    viewer = membership_current(user=request.user)
    if viewer is None:
        raise Http404
    policy.require(policy.can_use_library(who=viewer, write=write))
    return viewer


@login_required
@require_http_methods(["GET", "POST"])
def library_index(request: HttpRequest) -> HttpResponse:
    viewer = _viewer(request, write=request.method != "GET")
    form = LibraryUploadForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid() and _add(request, viewer, form):
            return redirect("library")
        status = 400
    context = {"form": form, "documents": document_list(organisation=viewer.organisation), "viewer": viewer}
    return render(request, "library/list.html", context, status=status)


def _add(request: HttpRequest, viewer: Membership, form: LibraryUploadForm) -> bool:
    handle = form.cleaned_data["file"]
    try:
        doc = services.document_add(
            actor=viewer,
            kind=form.cleaned_data["kind"],
            title=form.cleaned_data["title"],
            year=form.cleaned_data["year"],
            data=handle.read(),
            filename=handle.name,
        )
    except ServiceError as err:
        form.add_error("file", err.message)
        return False
    messages.success(request, f"已加入范文库：{doc.title}。此后上传的材料都会与它比对。")
    return True


@login_required
@require_POST
def library_delete(request: HttpRequest, document_id: int) -> HttpResponse:
    viewer = _viewer(request, write=True)
    document = document_get(organisation=viewer.organisation, document_id=document_id)
    if document is None:
        raise Http404
    services.document_remove(actor=viewer, document=document)
    messages.success(request, f"已从范文库删除：{document.title}。")
    return redirect("library")
