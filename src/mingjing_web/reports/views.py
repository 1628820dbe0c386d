"""Report pages. Thin: check access, call a service or selector, render."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from mingjing_web import policy
from mingjing_web.access import membership_get
from mingjing_web.errors import ServiceError
from mingjing_web.htmx import HtmxHttpRequest
from mingjing_web.meetings.models import Meeting
from mingjing_web.meetings.selectors import meeting_framework, meeting_get, opinion_list
from mingjing_web.numbers import score_text
from mingjing_web.orgs.models import Membership
from mingjing_web.reports import downloads, services
from mingjing_web.reports.context import FINDINGS_PAGE_PARAM, detail_context, permissions_for, twins_view
from mingjing_web.reports.dashboard import is_overdue
from mingjing_web.reports.diff import diff_html, source_text
from mingjing_web.reports.forms import CommentForm, DecisionForm, PasteForm, UploadForm
from mingjing_web.reports.models import Report, ReportVersion
from mingjing_web.reports.selectors import (
    comment_list,
    report_for_author,
    report_get,
    review_queue,
    version_file,
    version_get,
)
from mingjing_web.revisions import StaleError, posted_int


def report_access(request: HttpRequest, report_id: int) -> tuple[Report, Membership]:
    """The report and the viewer's membership: 404 outside the organisation, 403 without the right."""
    report = report_get(report_id=report_id)
    if report is None:
        raise Http404
    viewer = membership_get(user=request.user, organisation=report.meeting.organisation_id)
    policy.require(policy.can_view_report(who=viewer, report=report), message="成员只能查看本人的材料。")
    return report, viewer


def writer_access(
    request: HttpRequest, meeting_id: int, author_id: int | None = None
) -> tuple[Meeting, Membership, Membership]:
    """Meeting, viewer and whose report it is: the viewer's own, or (admins) a member's of the meeting."""
    meeting = meeting_get(meeting_id=meeting_id)
    if meeting is None:
        raise Http404
    viewer = membership_get(user=request.user, organisation=meeting.organisation_id)
    author = viewer
    if author_id is not None and author_id != viewer.pk:
        found = Membership.objects.filter(pk=author_id, organisation_id=meeting.organisation_id).first()
        if found is None:
            raise Http404
        author = found
    allowed = policy.can_upload_for(who=viewer, meeting=meeting, author=author)
    policy.require(allowed, message="只有本次会议的班子成员需要提交对照检查材料。")
    return meeting, viewer, author


def _page(
    request: HttpRequest,
    meeting: Meeting,
    viewer: Membership,
    report: Report | None,
    version: ReportVersion | None,
    *,
    status: int = 200,
    **extra: Any,
) -> HttpResponse:
    author = extra.pop("author", None) or (report.author if report else viewer)
    context: dict[str, Any] = (
        detail_context(report, version, viewer, findings_page_number=request.GET.get(FINDINGS_PAGE_PARAM, 1))
        if report is not None
        else {"can": None}
    )
    context.update(
        meeting=meeting,
        viewer=viewer,
        author=author,
        on_behalf=author.pk != viewer.pk,
        framework=meeting_framework(meeting=meeting),
        overdue=is_overdue(meeting=meeting, report=report),
        opinions=opinion_list(meeting=meeting, subject=author),
    )
    context.setdefault("upload_form", UploadForm(initial={"author": author.pk}))
    context.setdefault("paste_form", PasteForm())
    context.update({"comment_form": CommentForm(), "decision_form": DecisionForm(), **extra})
    return render(request, "reports/detail.html", context, status=status)


@login_required
@require_GET
def meeting_mine(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """The signed-in member's own report for a meeting (the upload page before the first version)."""
    meeting, viewer, _author = writer_access(request, meeting_id)
    report = report_for_author(meeting=meeting, author=viewer)
    if report is not None:
        return redirect("report_detail", report_id=report.pk)
    return _page(request, meeting, viewer, None, None)


@login_required
@require_GET
def meeting_member_report(request: HttpRequest, meeting_id: int, membership_id: int) -> HttpResponse:
    """An admin's page to upload a file a member handed in (the member's report once it exists)."""
    meeting, viewer, author = writer_access(request, meeting_id, membership_id)
    report = report_for_author(meeting=meeting, author=author)
    if report is not None:
        return redirect("report_detail", report_id=report.pk)
    return _page(request, meeting, viewer, None, None, author=author)


@login_required
@require_GET
def review_index(request: HttpRequest) -> HttpResponse:
    """ "待我审核": every submitted report the viewer may return or approve."""
    from mingjing_web.access import membership_current

    viewer = membership_current(user=request.user)
    if viewer is None:
        raise Http404
    return render(request, "reports/queue.html", {"reports": review_queue(viewer=viewer), "viewer": viewer})


@login_required
@require_GET
def report_detail(request: HttpRequest, report_id: int, number: int | None = None) -> HttpResponse:
    report, viewer = report_access(request, report_id)
    version = _version_or_404(report, number)
    return _page(request, report.meeting, viewer, report, version)


@login_required
@require_GET
def report_twins(request: HttpRequest, report_id: int) -> HttpResponse:
    """The report page's comparison with colleagues' reports, which the page polls (htmx) while the
    comparison of a new version is on its way (``similarity.report_twins``)."""
    report, viewer = report_access(request, report_id)
    twins, refreshing = twins_view(report, viewer)
    context = {"report": report, "twins": twins, "twins_refreshing": refreshing}
    return render(request, "reports/_twins.html", context)


def _version_or_404(report: Report, number: int | None) -> ReportVersion | None:
    if number is None:
        return version_get(report=report, number=report.latest.number) if report.latest else None
    version = version_get(report=report, number=number)
    if version is None:
        raise Http404
    return version


@login_required
@require_POST
def version_create(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """Upload a file or paste text as the next version (an admin may name the member it is for)."""
    raw_author = request.POST.get("author", "")
    author_id = int(raw_author) if raw_author.isdigit() else None
    meeting, viewer, author = writer_access(request, meeting_id, author_id)
    upload, paste = UploadForm(request.POST, request.FILES), PasteForm(request.POST)
    try:
        version = _create(meeting, viewer, author, upload, paste, request)
    except ServiceError as err:
        report = report_for_author(meeting=meeting, author=author)
        latest = _version_or_404(report, None) if report else None
        form = paste if "text" in request.POST else upload
        form.add_error(None, err.message)
        return _page(
            request,
            meeting,
            viewer,
            report,
            latest,
            upload_form=upload,
            paste_form=paste,
            author=author,
            status=400,
        )
    messages.success(
        request,
        f"第 {version.number} 版已保存并完成审阅：{version.verdict}，{score_text(version.score)} 分。",
    )
    return redirect("report_detail", report_id=version.report_id)


def _create(
    meeting: Meeting,
    viewer: Membership,
    author: Membership,
    upload: UploadForm,
    paste: PasteForm,
    request: HttpRequest,
) -> ReportVersion:
    if "file" in request.FILES:
        if not upload.is_valid():
            reasons = "".join(str(e) for e in upload.errors.get("file", [])) or "文件没有上传成功。"
            raise ServiceError(f"{reasons}请重新选择写好的对照检查材料（.docx 或 .txt）。")
        handle = upload.cleaned_data["file"]
        if handle.size > services.max_upload_bytes():  # checked before reading it into memory
            raise ServiceError(
                f"文件超过 {services.max_upload_bytes() // 1048576} MB，请删去图片等内容后再上传。"
            )
        return services.version_upload(
            meeting=meeting, actor=viewer, author=author, data=handle.read(), filename=handle.name
        )
    if paste.is_valid() and paste.cleaned_data["text"].strip():
        return services.version_paste(
            meeting=meeting, actor=viewer, author=author, text=paste.cleaned_data["text"]
        )
    raise ServiceError("请选择要上传的文件，或粘贴材料全文。")


@dataclass(frozen=True)
class Conflict:
    """A refused stale form: the message, and what the user typed when the form is no longer offered."""

    message: str
    kept: str = ""


def _conflict_page(
    request: HttpRequest, report_id: int, viewer: Membership, err: StaleError, **forms: Any
) -> HttpResponse:
    """The page as it is now (409), with the conflict said and the bound form keeping the input."""
    report = report_get(report_id=report_id)
    if report is None:
        raise Http404
    version = _version_or_404(report, None)
    can = permissions_for(report, viewer)
    decision = forms.get("decision_form")
    kept = ""
    if isinstance(decision, DecisionForm) and not can.decide:
        # The form is gone (someone decided already): show the typed text so that it is not lost.
        kept = str(decision.data.get("comment", ""))
    comment = forms.get("comment_form")
    if isinstance(comment, CommentForm) and not can.comment:
        kept = str(comment.data.get("text", ""))
    conflict = Conflict(message=err.message, kept=kept.strip())
    return _page(request, report.meeting, viewer, report, version, status=409, conflict=conflict, **forms)


def _based_on(data: Any) -> tuple[int | None, int | None]:
    """The version and the report state the page showed (hidden fields of every form that changes a report)."""
    return posted_int(data, "version"), posted_int(data, "revision")


@login_required
@require_POST
def report_submit(request: HttpRequest, report_id: int) -> HttpResponse:
    report, viewer = report_access(request, report_id)
    policy.require(policy.can_submit_report(who=viewer, report=report), message="只能提交本人的材料。")
    version, revision = _based_on(request.POST)
    try:
        _run(
            request,
            lambda: services.report_submit(report=report, actor=viewer, version=version, revision=revision),
            "材料已提交，等待审核。",
        )
    except StaleError as err:
        return _conflict_page(request, report.pk, viewer, err)
    return redirect("report_detail", report_id=report.pk)


@login_required
@require_POST
def report_decide(request: HttpRequest, report_id: int, decision: str) -> HttpResponse:
    """Return for revision or approve (reviewers only). A stale page gets 409 with the comment kept."""
    report, viewer = report_access(request, report_id)
    policy.require(
        policy.can_review_report(who=viewer, report=report), message="只有审核人和主要负责人可以审核材料。"
    )
    form = DecisionForm(request.POST)
    comment = form.cleaned_data["comment"] if form.is_valid() else str(form.data.get("comment", ""))
    version, revision = _based_on(request.POST)
    try:
        if decision == "return":
            _run(
                request,
                lambda: services.report_return(
                    report=report, actor=viewer, comment=comment, version=version, revision=revision
                ),
                "已退回修改。",
            )
        else:
            _run(
                request,
                lambda: services.report_approve(
                    report=report,
                    actor=viewer,
                    comment=comment,
                    copy_confirmed=request.POST.get("copy_confirmed") == "1",
                    version=version,
                    revision=revision,
                ),
                "已审核通过。",
            )
    except StaleError as err:
        return _conflict_page(request, report.pk, viewer, err, decision_form=form)
    return redirect("report_detail", report_id=report.pk)


def _run(request: HttpRequest, action: Any, success: str) -> bool:
    """Run a service: its success or its refusal becomes a message. A stale form is the caller's to answer."""
    try:
        action()
    except StaleError:
        raise
    except ServiceError as err:
        messages.error(request, err.message)
        return False
    messages.success(request, success)
    return True


@login_required
@require_POST
def comment_create(request: HtmxHttpRequest, report_id: int) -> HttpResponse:
    """Add a comment; htmx gets the refreshed comment list, a plain form post is redirected.

    A comment written on an older version (a new one came in meanwhile) is refused with the text kept:
    409, and for htmx the fragment saying so (role=alert); ``app.js`` has htmx swap 4xx fragments.
    """
    report, viewer = report_access(request, report_id)
    policy.require(policy.can_comment_report(who=viewer, report=report))
    form = CommentForm(request.POST)
    error = None
    stale: StaleError | None = None
    try:
        services.comment_add(
            report=report,
            actor=viewer,
            text=form.data.get("text", ""),
            version=posted_int(request.POST, "version"),
        )
        form = CommentForm()
    except StaleError as err:
        stale, error = err, err.message
    except ServiceError as err:
        error = err.message
    if request.htmx:
        context = {
            "report": report,
            "comments": comment_list(report=report),
            "comment_form": form,
            "comment_error": error,
            "can": permissions_for(report, viewer),
        }
        status = 409 if stale is not None else 400 if error else 200
        return render(request, "reports/_comments.html", context, status=status)
    if stale is not None:
        return _conflict_page(request, report.pk, viewer, stale, comment_form=form)
    if error:
        messages.error(request, error)
    return redirect("report_detail", report_id=report.pk)


@login_required
@require_GET
def report_diff(request: HtmxHttpRequest, report_id: int) -> HttpResponse:
    """The difference between two versions (query ``a`` and ``b``)."""
    report, _viewer = report_access(request, report_id)
    try:
        a, b = int(request.GET.get("a", "0")), int(request.GET.get("b", "0"))
    except ValueError:
        raise Http404 from None
    old, new = version_file(report=report, number=a), version_file(report=report, number=b)
    if old is None or new is None:
        raise Http404
    texts = [source_text(data=bytes(v.data), filename=v.filename, fallback=v.text) for v in (old, new)]
    context = {"report": report, "old": old, "new": new, "diff": diff_html(*texts)}
    template = "reports/_diff.html" if request.htmx else "reports/diff.html"
    return render(request, template, context)


@login_required
@require_GET
def version_download(request: HttpRequest, report_id: int, number: int, kind: str) -> HttpResponse:
    """The original file, the annotated .docx or the printable HTML review of one version."""
    report, viewer = report_access(request, report_id)
    version = version_file(report=report, number=number)
    if version is None:
        raise Http404
    return downloads.version_response(report=report, version=version, kind=kind, viewer=viewer)
