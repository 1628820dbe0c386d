"""Pages of 征求意见 (the admin's overview, the anonymous link) and 谈心谈话 (records and coverage)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mingjing_web import policy
from mingjing_web.consult import classify, selectors, services
from mingjing_web.consult.forms import (
    AspectForm,
    ImportForm,
    PublicOpinionForm,
    TalkForm,
    TalkRulesForm,
    UnitForm,
    subject_of,
)
from mingjing_web.consult.importing import read_opinion_list
from mingjing_web.consult.models import Talk
from mingjing_web.consult.services import ConsultError
from mingjing_web.meetings.models import Meeting
from mingjing_web.meetings.selectors import meeting_get
from mingjing_web.orgs.models import Membership, Role
from mingjing_web.revisions import StaleError


def _meeting(request: HttpRequest, meeting_id: int) -> tuple[Meeting, Membership]:
    """The meeting and the viewer's active membership; 404 for anyone outside its organisation."""
    meeting = meeting_get(meeting_id=meeting_id)
    viewer = (
        policy.membership_in(who=request.user, organisation_id=meeting.organisation_id) if meeting else None
    )
    if meeting is None or viewer is None:
        raise Http404
    return meeting, viewer


def _rights(viewer: Membership, meeting: Meeting) -> dict[str, bool]:
    oversee = policy.can_oversee_meeting(who=viewer, meeting=meeting)
    writer = policy.is_meeting_writer(who=viewer, meeting=meeting)
    return {
        "view": oversee,
        "manage": viewer.role == Role.ADMIN,
        "edit": viewer.role in (Role.ADMIN, Role.REVIEWER),
        "talks": oversee or writer,
        "record": viewer.role == Role.ADMIN or writer,
    }


def _qr_svg(url: str) -> str:
    import segno

    return str(
        segno.make(url, error="m").svg_inline(scale=4, dark="#111", light="#fff", title="征求意见二维码")
    )


def _link(request: HttpRequest, token: str) -> str:
    return request.build_absolute_uri(reverse("consult_give", args=[token]))


# -- the overview ------------------------------------------------------------------------------------------


@login_required
@require_GET
def consult_overview(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """征求意见: the link and QR code, 收集 N 条、归纳 M 条, opinions by subject and aspect, who answered what."""
    meeting, viewer = _meeting(request, meeting_id)
    return _overview_page(request, meeting, viewer)


@dataclass(frozen=True)
class KeptAspect:
    """A classification refused as stale: the opinion, the aspect the user chose, the revision it was based on."""

    opinion_id: str
    aspect: str
    revision: int | None
    message: str


def _overview_page(
    request: HttpRequest,
    meeting: Meeting,
    viewer: Membership,
    *,
    status: int = 200,
    kept: KeptAspect | None = None,
) -> HttpResponse:
    can = _rights(viewer, meeting)
    policy.require(can["view"])
    solicitation = selectors.solicitation_current(meeting=meeting)
    link = _link(request, solicitation.token) if solicitation and solicitation.is_open else ""
    framework = selectors.meeting_core_framework(meeting=meeting)
    summary = selectors.opinion_summary(meeting=meeting)
    context: dict[str, Any] = {
        "meeting": meeting,
        "viewer": viewer,
        "can": can,
        "solicitation": solicitation,
        "link": link,
        "qr": mark_safe(_qr_svg(link)) if link else "",  # segno's own SVG, no user input in it
        "summary": summary,
        "days": selectors.solicitation_days(meeting=meeting),
        "answers": selectors.answer_matrix(meeting=meeting, groups=summary.groups),
        "framework": framework,
        "aspects": framework.aspects,
        "import_form": ImportForm(team=selectors.meeting_team(meeting=meeting)),
        "review_below": classify.settings().review_below,
        "kept": kept,
    }
    return render(request, "consult/overview.html", context, status=status)


@login_required
@require_GET
def consult_xlsx(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """征求意见汇总 as .xlsx (merged opinions by subject and aspect; nothing about the givers)."""
    from mingjing_web.consult.export import summary_xlsx

    meeting, viewer = _meeting(request, meeting_id)
    policy.require(_rights(viewer, meeting)["view"])
    data = summary_xlsx(title=meeting.title, summary=selectors.opinion_summary(meeting=meeting))
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = "attachment; filename*=UTF-8''opinions.xlsx"
    return response


@login_required
@require_POST
def solicitation_open(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting, viewer = _meeting(request, meeting_id)
    policy.require(_rights(viewer, meeting)["manage"])
    try:
        services.solicitation_open(actor=viewer, meeting=meeting)
    except ConsultError as err:
        messages.error(request, err.message)
    else:
        messages.success(request, "已开始征求意见：把链接或二维码发给征求对象即可，无需登录。")
    return redirect("consult_overview", meeting_id=meeting.pk)


@login_required
@require_POST
def solicitation_close(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting, viewer = _meeting(request, meeting_id)
    policy.require(_rights(viewer, meeting)["manage"])
    services.solicitation_close(actor=viewer, meeting=meeting)
    messages.success(request, "已结束征求意见，链接不再接收意见。")
    return redirect("consult_overview", meeting_id=meeting.pk)


@login_required
@require_POST
def opinion_import(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting, viewer = _meeting(request, meeting_id)
    policy.require(_rights(viewer, meeting)["edit"])
    team = selectors.meeting_team(meeting=meeting)
    form = ImportForm(request.POST, request.FILES, team=team)
    if not form.is_valid():
        messages.error(request, "请选择要导入的 .xlsx 或 .docx 文件。")
        return redirect("consult_overview", meeting_id=meeting.pk)
    upload = form.cleaned_data["file"]
    default = subject_of(form.cleaned_data["subject"], team)
    by_name = {m.display_name: m for m in team}
    try:
        rows = read_opinion_list(upload.read(), upload.name)
        items = [(text, by_name.get(name or "", default)) for text, name in rows]
        stored, skipped = services.opinion_import(actor=viewer, meeting=meeting, items=items)
    except ConsultError as err:
        messages.error(request, err.message)
    else:
        extra = f"，{skipped} 条与已有意见重复未再保存" if skipped else ""
        messages.success(request, f"已导入 {stored} 条意见{extra}。")
    return redirect("consult_overview", meeting_id=meeting.pk)


@login_required
@require_POST
def opinion_aspect(request: HttpRequest, meeting_id: int, opinion_id: str) -> HttpResponse:
    meeting, viewer = _meeting(request, meeting_id)
    policy.require(_rights(viewer, meeting)["edit"])
    opinion = selectors.opinion_get(meeting=meeting, opinion_id=opinion_id)
    if opinion is None:
        raise Http404
    framework = selectors.meeting_core_framework(meeting=meeting)
    form = AspectForm(request.POST, aspects=framework.aspects)
    try:
        if not form.is_valid():
            raise ConsultError("所选方面不属于本次会议的对照框架，请重新选择。")
        services.opinion_set_aspect(
            actor=viewer,
            opinion=opinion,
            aspect=form.cleaned_data["aspect"],
            revision=form.cleaned_data["revision"],
        )
    except StaleError as err:  # someone corrected it meanwhile: nothing saved, the choice shown again
        data = form.cleaned_data
        kept = KeptAspect(opinion.pk, data["aspect"], data["revision"], err.message)
        return _overview_page(request, meeting, viewer, status=409, kept=kept)
    except ConsultError as err:
        messages.error(request, err.message)
    else:
        messages.success(request, "已修改归类。")
    return redirect(f"{reverse('consult_overview', args=[meeting.pk])}#opinions")


@login_required
@require_POST
def opinion_delete(request: HttpRequest, meeting_id: int, opinion_id: str) -> HttpResponse:
    meeting, viewer = _meeting(request, meeting_id)
    policy.require(_rights(viewer, meeting)["edit"])
    opinion = selectors.opinion_get(meeting=meeting, opinion_id=opinion_id)
    if opinion is None:
        raise Http404
    services.opinion_remove(actor=viewer, opinion=opinion)
    messages.success(request, "已删除 1 条意见。")
    return redirect(f"{reverse('consult_overview', args=[meeting.pk])}#opinions")


# -- the anonymous link ------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def consult_give(request: HttpRequest, token: str) -> HttpResponse:
    """The page behind the link: no login, nothing about the visitor is read or kept.

    Only the link, the chosen subject and the text go to the service; the request itself does not.
    """
    solicitation = selectors.solicitation_by_token(token=token)
    if solicitation is None:
        raise Http404
    meeting = solicitation.meeting
    team = selectors.meeting_team(meeting=meeting)
    is_open = solicitation.is_open and getattr(meeting, "is_open", True)  # a closed meeting closes its link
    context: dict[str, Any] = {"meeting": meeting, "organisation": meeting.organisation, "open": is_open}
    if not is_open:
        return render(request, "consult/give.html", context, status=410)
    form = PublicOpinionForm(request.POST or None, team=team)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            subject = subject_of(form.cleaned_data["subject"], team)
            try:
                fresh = services.opinion_give(
                    token=token, subject_id=subject.pk if subject else None, text=form.cleaned_data["text"]
                )
            except ConsultError as err:
                form.add_error(None, err.message)
                status = 400
            else:
                context["thanks"] = (
                    "感谢您的意见，已收到。" if fresh else "内容相同的意见已经收到，无需重复提交。"
                )
                form = PublicOpinionForm(team=team)
        else:
            status = 400
    context["form"] = form
    return render(request, "consult/give.html", context, status=status)


# -- talks -------------------------------------------------------------------------------------------------


def _talk_form(meeting: Meeting, viewer: Membership, data: Any = None) -> TalkForm:
    team = selectors.meeting_team(meeting=meeting)
    members = team if viewer.role == Role.ADMIN else [m for m in team if m.pk == viewer.pk]
    return TalkForm(data, team=team, units=selectors.unit_list(meeting=meeting), members=members)


@login_required
@require_http_methods(["GET", "POST"])
def talk_index(request: HttpRequest, meeting_id: int) -> HttpResponse:
    """谈心谈话: the coverage matrix, what is missing, the records, and a form to add one."""
    meeting, viewer = _meeting(request, meeting_id)
    can = _rights(viewer, meeting)
    policy.require(can["talks"])
    form = _talk_form(meeting, viewer, request.POST or None)
    status = 200
    if request.method == "POST":
        policy.require(can["record"])
        if form.is_valid():
            try:
                _talk_save(meeting, viewer, form)
            except ConsultError as err:
                form.add_error(None, err.message)
                status = 400
            else:
                messages.success(request, "已记录 1 次谈心谈话。")
                return redirect("talk_index", meeting_id=meeting.pk)
        else:
            status = 400
    return _talks_page(request, meeting, viewer, status=status, form=form)


def _talks_page(
    request: HttpRequest,
    meeting: Meeting,
    viewer: Membership,
    *,
    status: int = 200,
    form: TalkForm | None = None,
    rules_form: TalkRulesForm | None = None,
) -> HttpResponse:
    team = selectors.meeting_team(meeting=meeting)
    if rules_form is None:
        rules = selectors.talk_rules(meeting=meeting)
        rules_form = TalkRulesForm(instance=rules, initial={"revision": rules.revision})
    context = {
        "meeting": meeting,
        "viewer": viewer,
        "can": _rights(viewer, meeting),
        "form": form if form is not None else _talk_form(meeting, viewer),
        "coverage": selectors.talk_coverage(meeting=meeting),
        "talks": selectors.talk_list(meeting=meeting),
        "rules_form": rules_form,
        "unit_form": UnitForm(team=team),
        "units": selectors.unit_list(meeting=meeting),
    }
    return render(request, "consult/talks.html", context, status=status)


def _talk_save(meeting: Meeting, viewer: Membership, form: TalkForm) -> Talk:
    team = {str(m.pk): m for m in selectors.meeting_team(meeting=meeting)}
    units = {f"u{u.pk}": u for u in selectors.unit_list(meeting=meeting)}
    member = team.get(form.cleaned_data["member"])
    choice = form.cleaned_data["partner"]
    partner = team.get(choice[1:]) if choice.startswith("m") else None
    unit = units.get(choice)
    if member is None:
        raise ConsultError("请选择谈话人。")
    data = form.cleaned_data
    return services.talk_record(
        actor=viewer,
        meeting=meeting,
        member=member,
        partner=partner,
        unit=unit,
        held_on=data["held_on"],
        topics=data["topics"],
        opinions_raised=data["opinions_raised"],
    )


@login_required
@require_POST
def talk_rules(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting, viewer = _meeting(request, meeting_id)
    policy.require(_rights(viewer, meeting)["manage"])
    form = TalkRulesForm(request.POST)
    form.is_valid()  # booleans: an unticked box is simply False
    data = form.cleaned_data
    try:
        services.talk_rules_set(
            actor=viewer,
            meeting=meeting,
            head_with_all=bool(data.get("head_with_all")),
            members_pairwise=bool(data.get("members_pairwise")),
            members_with_unit_heads=bool(data.get("members_with_unit_heads")),
            revision=data.get("revision"),
        )
    except StaleError as err:  # another admin saved the rules meanwhile: the ticks stay as chosen
        form.add_error(None, err.message)
        return _talks_page(request, meeting, viewer, status=409, rules_form=form)
    messages.success(request, "已保存谈心谈话要求。")
    return redirect("talk_index", meeting_id=meeting.pk)


@login_required
@require_POST
def unit_create(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting, viewer = _meeting(request, meeting_id)
    policy.require(_rights(viewer, meeting)["manage"])
    team = selectors.meeting_team(meeting=meeting)
    form = UnitForm(request.POST, team=team)
    try:
        if not form.is_valid():
            raise ConsultError("请填写分管领导、分管单位和单位负责人。")
        member = subject_of(form.cleaned_data["member"], team)
        if member is None:
            raise ConsultError("请选择分管领导。")
        services.unit_add(
            actor=viewer,
            meeting=meeting,
            member=member,
            unit_name=form.cleaned_data["unit_name"],
            head_name=form.cleaned_data["head_name"],
        )
    except ConsultError as err:
        messages.error(request, err.message)
    else:
        messages.success(request, "已添加分管单位。")
    return redirect("talk_index", meeting_id=meeting.pk)


@login_required
@require_POST
def talk_delete(request: HttpRequest, meeting_id: int, talk_id: int) -> HttpResponse:
    meeting, viewer = _meeting(request, meeting_id)
    policy.require(_rights(viewer, meeting)["record"])
    talk = Talk.objects.filter(meeting=meeting, pk=talk_id).first()
    if talk is None:
        raise Http404
    try:
        services.talk_remove(actor=viewer, talk=talk)
    except ConsultError as err:
        messages.error(request, err.message)
    else:
        messages.success(request, "已删除 1 条谈话记录。")
    return redirect("talk_index", meeting_id=meeting.pk)
