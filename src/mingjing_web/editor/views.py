"""Thin views of the editor: the page, the live save-and-review (htmx), structure changes, import,
links, versions with copy detection, submission and the official .docx."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import escape
from django.views.decorators.http import require_GET, require_POST

from mingjing_web import analysis, policy
from mingjing_web.access import membership_get
from mingjing_web.editor import fragments, live, selectors, services
from mingjing_web.editor.models import Draft
from mingjing_web.editor.structure import EditorDraft, item_labels, item_numbers
from mingjing_web.editor.structure import render as render_text
from mingjing_web.errors import ServiceError, UploadError
from mingjing_web.htmx import HtmxHttpRequest
from mingjing_web.meetings.selectors import meeting_framework_core_id, meeting_get
from mingjing_web.orgs.models import Membership

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _draft_access(request: HttpRequest, draft_id: int) -> tuple[Draft, Membership]:
    draft = selectors.draft_get(draft_id=draft_id)
    if draft is None:
        raise Http404
    viewer = membership_get(user=request.user, organisation=draft.meeting.organisation_id)
    policy.require(viewer.pk == draft.author_id, visible=viewer.pk == draft.author_id)
    return draft, viewer


def _fields(request: HttpRequest) -> dict[str, str]:
    # get() gives the last value of a key, as items() did; the editor's fields are single-valued.
    return {key: request.POST.get(key, "") for key in request.POST if key != "csrfmiddlewaretoken"}


def _review(
    draft: Draft, content: EditorDraft, *, quick: bool = False, full: bool = False
) -> tuple[live.LiveReview, selectors.AnswerPanel]:
    panel = selectors.answer_panel(draft=draft, structure=content)
    meeting = draft.meeting
    org = meeting.organisation
    from mingjing_web.ledger.selectors import carried_texts

    # What the writer linked to an item counts as answered; the rest is checked by the core's rules.
    linked_items = {entry.text for entry in panel.items if entry.answered}
    carried = [
        text for text in carried_texts(meeting=meeting, owner=draft.author) if text not in linked_items
    ]
    review = live.live_review(
        content,
        framework=meeting_framework_core_id(meeting=meeting),
        profile=analysis.org_profile(unit=org.name, level=org.level, region=org.region),
        opinions=panel.unanswered_opinions,
        carried=carried,
        session=(draft.pk, str(draft.created_at)) if quick else None,
        full=full,
    )
    return review, panel


def _context(draft: Draft, content: EditorDraft, **extra: Any) -> dict[str, Any]:
    review, panel = _review(draft, content)
    framework = meeting_framework_core_id(meeting=draft.meeting)
    links_by_item: dict[str, list[selectors.ToAnswer]] = {}
    for entry in panel.all():
        if entry.item_id:
            links_by_item.setdefault(entry.item_id, []).append(entry)
    locked_reason = services.draft_locked_reason(draft=draft)
    requirements = selectors.aspect_requirements(framework_id=framework, structure=content)
    prompts = selectors.prompts()
    return {
        "answer_groups": _answer_groups(panel),
        "reuse_boxes": _reuse_boxes(draft, content),
        "draft": draft,
        "meeting": draft.meeting,
        "content": content,
        "numbers": item_numbers(content),
        "labels": item_labels(content),
        "review": review,
        "boxes": live.boxes_of(content),
        "panel": panel,
        "links_by_item": links_by_item,
        "requirements": requirements,
        "requirement_blocks": _requirement_blocks(content, requirements),
        "prompts": prompts,
        "versions": selectors.draft_versions(draft=draft),
        "reuse": draft.reuse_json or {},
        "has_rectification": content.section("rectification") is not None,
        "editable": not locked_reason,
        "locked_reason": locked_reason,
        "items": list(content.items()),
        "latest_version": _latest_number(draft),
        **extra,
    }


def _requirement_blocks(
    content: EditorDraft, requirements: dict[str, list[str]]
) -> list[tuple[str, str, list[str]]]:
    """(group id, aspect heading, requirement texts) in the order of the aspects."""
    problems = content.section("problems")
    groups = problems.groups if problems else ()
    return [(g.id, g.name or g.aspect, requirements[g.id]) for g in groups if g.id in requirements]


def _answer_groups(panel: selectors.AnswerPanel) -> list[tuple[str, tuple[selectors.ToAnswer, ...], str]]:
    answers = selectors.prompts().get("answers", {})
    return [
        ("征求意见与谈心谈话", panel.opinions, answers.get("opinion", "")),
        ("上年度收到的批评意见", panel.criticisms, answers.get("criticism", "")),
        ("未完成的整改事项", panel.items, answers.get("ledger", "")),
    ]


def _reuse_boxes(draft: Draft, content: EditorDraft) -> dict[str, list[dict[str, Any]]]:
    """Copied passages of the last saved version beside their item (only while the text is unchanged)."""
    reuse = draft.reuse_json or {}
    rendered = render_text(content)
    if not reuse.get("passages") or reuse.get("text") != rendered.text:
        return {}
    boxes: dict[str, list[dict[str, Any]]] = {}
    for passage in reuse["passages"]:
        if passage.get("kind") != "copy":
            continue
        key = next(
            (k for k, (s, e) in rendered.spans.items() if s <= int(passage.get("start", -1)) < e), None
        )
        boxes.setdefault(live.box_for(key), []).append(passage)
    return boxes


def _latest_number(draft: Draft) -> int | None:
    from mingjing_web.reports.models import Report

    report = (
        Report.objects.filter(meeting=draft.meeting, author=draft.author).select_related("latest").first()
    )
    return report.latest.number if report is not None and report.latest is not None else None


@login_required
@require_GET
def editor_open(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """The member's own draft for the meeting (created on first visit, laid out by the framework)."""
    meeting = meeting_get(meeting_id=meeting_id)
    if meeting is None:
        raise Http404
    viewer = membership_get(user=request.user, organisation=meeting.organisation_id)
    existing = selectors.draft_for(meeting=meeting, author=viewer)
    if existing is None:
        allowed = policy.can_write_draft(who=viewer, meeting=meeting, author=viewer)
        policy.require(allowed, message="只有本次会议的班子成员本人可以在线撰写材料（会议须在进行中）。")
        try:
            existing = services.draft_open(meeting=meeting, actor=viewer)
        except ServiceError as err:
            messages.error(request, err.message)
            return redirect("meeting_mine", meeting_id=meeting.pk)
    return redirect("editor_page", draft_id=existing.pk)


@login_required
@require_GET
def editor_page(request: HttpRequest, draft_id: int) -> HttpResponse:
    draft, _viewer = _draft_access(request, draft_id)
    selectors.sources_forget(draft=draft)
    content = selectors.draft_structure(draft=draft)
    return render(request, "editor/page.html", _context(draft, content))


@login_required
@require_POST
def editor_live(request: HttpRequest, draft_id: int) -> HttpResponse:
    """A pause in typing: save the text and answer with every findings box (htmx out-of-band swaps).

    The answer panel is sent again only when the items it lists changed (a headline, an item emptied)."""
    draft, viewer = _draft_access(request, draft_id)
    before = item_labels(selectors.draft_structure(draft=draft))
    try:
        content = services.draft_autosave(draft=draft, actor=viewer, fields=_fields(request))
        review, panel = _review(draft, content, quick=True, full=request.POST.get("settle") == "1")
    except ServiceError as err:  # a closed meeting, a submitted report, a text over the size limit
        return HttpResponse(f'<p id="save-state" hx-swap-oob="true" class="error">{escape(err.message)}</p>')
    numbers = item_numbers(content)
    html = fragments.live_html(
        review=review,
        boxes=live.boxes_of(content),
        passages=_reuse_boxes(draft, content),
        numbers=numbers,
        item_ids=[item.id for _s, _g, item in content.items()],
        settle_url=reverse("editor_live", args=[draft.pk]) if review.quick else None,
    )
    labels = item_labels(content)
    if labels != before:
        context = {"draft": draft, "panel": panel, "labels": labels, "editable": True, "oob": True}
        context["answer_groups"] = _answer_groups(panel)
        html += render_to_string("editor/_answer.html", context, request=request)
    return HttpResponse(html)


@login_required
@require_POST
def editor_change(request: HttpRequest, draft_id: int) -> HttpResponse:
    draft, viewer = _draft_access(request, draft_id)
    op = request.POST.get("op", "")
    try:
        added = services.draft_change(draft=draft, actor=viewer, fields=_fields(request), op=op)
    except ServiceError as err:
        messages.error(request, err.message)
        return redirect("editor_page", draft_id=draft.pk)
    anchor = f"#ih-{added}" if added else ""
    return redirect(reverse("editor_page", args=[draft.pk]) + anchor)


@login_required
@require_POST
def editor_save(request: HttpRequest, draft_id: int) -> HttpResponse:
    draft, viewer = _draft_access(request, draft_id)
    try:
        version = services.draft_save_version(draft=draft, actor=viewer, fields=_fields(request))
    except (ServiceError, UploadError) as err:
        messages.error(request, err.message)
    else:
        messages.success(request, f"已保存为第 {version.number} 版，并完成查重。")
    return redirect(reverse("editor_page", args=[draft.pk]) + "#reuse")


@login_required
@require_POST
def editor_import(request: HttpRequest, draft_id: int) -> HttpResponse:
    draft, viewer = _draft_access(request, draft_id)
    if request.POST.get("latest"):
        try:
            services.draft_import_latest(draft=draft, actor=viewer)
        except (ServiceError, UploadError) as err:
            messages.error(request, err.message)
        else:
            messages.success(
                request, "已从最近上传的版本开始；未能归入各部分的文字放在“其他内容”中，请核对。"
            )
        return redirect("editor_page", draft_id=draft.pk)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, "请选择要导入的 .docx 或 .txt 文件。")
        return redirect("editor_page", draft_id=draft.pk)
    try:
        services.draft_import(draft=draft, actor=viewer, data=upload.read(), filename=upload.name or "")
    except (ServiceError, UploadError) as err:
        messages.error(request, err.message)
    else:
        messages.success(request, "已按材料的结构导入；未能归入各部分的文字放在“其他内容”中，请核对。")
    return redirect("editor_page", draft_id=draft.pk)


@login_required
@require_POST
def editor_link(request: HtmxHttpRequest, draft_id: int) -> HttpResponse:
    """Link an opinion (criticism, rectification item) to the item that answers it."""
    draft, viewer = _draft_access(request, draft_id)
    try:
        services.answer_link_set(
            draft=draft,
            actor=viewer,
            kind=request.POST.get("kind", ""),
            key=request.POST.get("key", ""),
            item_id=request.POST.get("item", ""),
        )
    except ServiceError as err:
        messages.error(request, err.message)
    if request.htmx:
        content = selectors.draft_structure(draft=draft)
        return render(request, "editor/_live.html", _context(draft, content))
    return redirect(reverse("editor_page", args=[draft.pk]) + "#answer")


@login_required
@require_POST
def editor_submit(request: HttpRequest, draft_id: int) -> HttpResponse:
    draft, viewer = _draft_access(request, draft_id)
    try:
        version = services.draft_submit(draft=draft, actor=viewer, fields=_fields(request))
    except (ServiceError, UploadError) as err:
        messages.error(request, err.message)
        return redirect("editor_page", draft_id=draft.pk)
    messages.success(request, f"已生成第 {version.number} 版并提交审核。")
    return redirect("report_detail", report_id=version.report_id)


def _docx_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=DOCX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


@login_required
@require_GET
def editor_export(request: HttpRequest, draft_id: int) -> HttpResponse:
    """The draft as an official document (GB/T 9704-2012 .docx)."""
    from mingjing.facade import report_docx_bytes

    draft, _viewer = _draft_access(request, draft_id)
    content = selectors.draft_structure(draft=draft)
    text = render_text(content).text
    if not text.strip():
        messages.error(request, "材料还没有内容，无法导出。")
        return redirect("editor_page", draft_id=draft.pk)
    report = analysis.parse_pasted(
        text, framework=meeting_framework_core_id(meeting=draft.meeting), name="editor"
    )
    data = report_docx_bytes(report, title=content.title.strip() or None)
    return _docx_response(data, f"{draft.author.display_name}-对照检查材料.docx")


@login_required
@require_GET
def version_official(request: HttpRequest, report_id: int, number: int) -> HttpResponse:
    """Any stored report version (uploaded or written here) as an official document."""
    from mingjing.facade import report_docx_bytes
    from mingjing_web.reports.models import ReportVersion
    from mingjing_web.reports.selectors import report_get

    report = report_get(report_id=report_id)
    if report is None:
        raise Http404
    viewer = membership_get(user=request.user, organisation=report.meeting.organisation_id)
    policy.require(policy.can_view_report(who=viewer, report=report), message="成员只能查看本人的材料。")
    version = ReportVersion.objects.filter(report=report, number=number).only("text").first()
    if version is None or not version.text.strip():
        raise Http404
    parsed = analysis.parse_pasted(
        version.text, framework=meeting_framework_core_id(meeting=report.meeting), name="v"
    )
    return _docx_response(
        report_docx_bytes(parsed), f"{report.author.display_name}-第{number}版-公文格式.docx"
    )
