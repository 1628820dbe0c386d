"""Creating, editing, closing and archiving meetings; their member snapshot; solicited opinions.

A meeting's 班子 is a snapshot (``MeetingMember``) taken when it is created and edited on the meeting
itself, so adding or removing someone in the organisation later never rewrites an earlier meeting.
A closed or archived meeting's members cannot change at all.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from mingjing_web import policy
from mingjing_web.audit.services import audit_record
from mingjing_web.errors import ServiceError
from mingjing_web.frameworks.models import FrameworkVersion
from mingjing_web.meetings.models import Meeting, MeetingMember, MeetingState, Opinion
from mingjing_web.orgs.models import Membership
from mingjing_web.orgs.selectors import team_list
from mingjing_web.revisions import revision_check

MIN_YEAR, MAX_YEAR = 2000, 2100


def meeting_problems(*, year: int, submit_by: dt.date | None, held_on: dt.date | None) -> dict[str, str]:
    """Every rule a meeting breaks, by form field, in Chinese (empty when it is fine)."""
    problems = {}
    if not isinstance(year, int) or not MIN_YEAR <= year <= MAX_YEAR:
        problems["year"] = "年度请填写四位数字，如 2026。"
    if submit_by is not None and held_on is not None and submit_by >= held_on:
        problems["submit_by"] = "材料提交截止日期应早于会议召开日期。"
    return problems


def meeting_validate(*, year: int, submit_by: dt.date | None, held_on: dt.date | None) -> None:
    """The rules every meeting keeps; a ServiceError (Chinese) names the first one broken."""
    problems = meeting_problems(year=year, submit_by=submit_by, held_on=held_on)
    if problems:
        raise ServiceError(next(iter(problems.values())))


def _require_admin(actor: Membership, meeting: Meeting | None = None) -> None:
    allowed = (
        policy.can_create_meeting(who=actor)
        if meeting is None
        else policy.can_manage_meeting(who=actor, meeting=meeting)
    )
    if not allowed:
        raise ServiceError("只有本单位管理员可以管理会议。")


def _seat(meeting: Meeting, member: Membership) -> MeetingMember:
    return MeetingMember.objects.create(
        meeting=meeting,
        membership=member,
        display_name=member.display_name,
        position=member.position,
        team_role=member.team_role or "member",
    )


def _audit(actor: Membership, meeting: Meeting, action: str, summary: str) -> None:
    audit_record(
        actor=actor, organisation=meeting.organisation, action=action, target=meeting, summary=summary
    )


@transaction.atomic
def meeting_create(
    *,
    actor: Membership,
    title: str,
    kind: str,
    year: int,
    framework_version: FrameworkVersion | None = None,
    framework_id: str = "",
    submit_by: dt.date | None = None,
    held_on: dt.date | None = None,
    check_templates: bool = True,
    check_peers: bool = True,
) -> Meeting:
    """A meeting of the actor's organisation with today's 班子 as its members (active accounts only)."""
    _require_admin(actor)
    meeting_validate(year=year, submit_by=submit_by, held_on=held_on)
    meeting = Meeting.objects.create(
        organisation=actor.organisation,
        title=title.strip(),
        kind=kind,
        year=year,
        framework_version=framework_version,
        framework_id=framework_id.strip(),
        submit_by=submit_by,
        held_on=held_on,
        check_templates=check_templates,
        check_peers=check_peers,
    )
    for member in team_list(organisation=actor.organisation).filter(user__is_active=True):
        _seat(meeting, member)
    _audit(
        actor, meeting, "meeting.create", f"创建会议：{meeting.title}（班子 {meeting.members.count()} 人）"
    )
    return meeting


def _locked(meeting: Meeting, revision: int | None) -> Meeting:
    locked = Meeting.objects.select_for_update().select_related("organisation").get(pk=meeting.pk)
    revision_check(
        shown=revision,
        current=locked.revision,
        message="在您编辑期间，会议信息已被他人修改。您的修改尚未保存，请核对后重新提交。",
    )
    return locked


@transaction.atomic
def meeting_update(
    *,
    actor: Membership,
    meeting: Meeting,
    revision: int,
    title: str,
    kind: str,
    year: int,
    framework_version: FrameworkVersion | None,
    submit_by: dt.date | None,
    held_on: dt.date | None,
    check_templates: bool,
    check_peers: bool,
    reported_on: dt.date | None = None,
    rectified_on: dt.date | None = None,
) -> Meeting:
    """Change a meeting; ``revision`` is the one the form showed (a stale form is refused, nothing lost)."""
    _require_admin(actor, meeting)
    meeting = _locked(meeting, revision)
    meeting_validate(year=year, submit_by=submit_by, held_on=held_on)
    changed = meeting.framework_version_id != (framework_version.pk if framework_version else None)
    if changed and meeting.reports.exclude(latest=None).exists():
        raise ServiceError("已有成员上传材料，不能再更换对照框架；如确需更换，请新建会议。")
    meeting.title, meeting.kind, meeting.year = title.strip(), kind, year
    meeting.framework_version = framework_version
    meeting.submit_by, meeting.held_on = submit_by, held_on
    meeting.check_templates, meeting.check_peers = check_templates, check_peers
    meeting.reported_on, meeting.rectified_on = reported_on, rectified_on
    meeting.revision += 1
    meeting.save()
    _audit(actor, meeting, "meeting.update", f"修改会议：{meeting.title}")
    return meeting


@transaction.atomic
def meeting_set_state(*, actor: Membership, meeting: Meeting, state: str) -> Meeting:
    """Close (召开后), archive, or reopen a meeting. Closing freezes its members and reports."""
    _require_admin(actor, meeting)
    meeting = _locked(meeting, None)
    if state not in MeetingState.values:
        raise ServiceError("未知的会议状态。")
    if state == meeting.state:
        return meeting
    meeting.state = state
    meeting.closed_at = timezone.now() if state != MeetingState.OPEN else None
    meeting.revision += 1
    meeting.save(update_fields=["state", "closed_at", "revision"])
    label = MeetingState(state).label
    _audit(actor, meeting, f"meeting.{state}", f"会议“{meeting.title}”状态改为：{label}")
    return meeting


def _require_open(meeting: Meeting) -> None:
    if not meeting.is_open:
        raise ServiceError("会议已召开或已归档，参会班子成员不能再修改。")


@transaction.atomic
def meeting_member_add(*, actor: Membership, meeting: Meeting, member: Membership) -> MeetingMember:
    """Add a member of the unit to this meeting's 班子 (only while it is open)."""
    _require_admin(actor, meeting)
    meeting = _locked(meeting, None)
    _require_open(meeting)
    if member.organisation_id != meeting.organisation_id:
        raise ServiceError("只能添加本单位的成员。")
    if not member.user.is_active:
        raise ServiceError("该账号已停用，不能加入会议。")
    if MeetingMember.objects.filter(meeting=meeting, membership=member).exists():
        raise ServiceError(f"{member.display_name} 已在本次会议的班子中。")
    if (
        member.team_role == "head"
        and MeetingMember.objects.filter(meeting=meeting, team_role="head").exists()
    ):
        raise ServiceError("本次会议已有主要负责人。")
    seat = _seat(meeting, member)
    _audit(actor, meeting, "meeting.member_add", f"会议“{meeting.title}”加入班子成员 {seat.display_name}")
    return seat


@transaction.atomic
def meeting_member_remove(*, actor: Membership, meeting: Meeting, seat: MeetingMember) -> None:
    """Take someone out of this meeting's 班子 (only while open, and only before they upload)."""
    _require_admin(actor, meeting)
    meeting = _locked(meeting, None)
    _require_open(meeting)
    if meeting.reports.filter(author_id=seat.membership_id).exclude(latest=None).exists():
        raise ServiceError(f"{seat.display_name} 已上传材料，不能移出本次会议。")
    seat.delete()
    _audit(actor, meeting, "meeting.member_remove", f"会议“{meeting.title}”移出班子成员 {seat.display_name}")


@transaction.atomic
def opinion_add(
    *, actor: Membership, meeting: Meeting, subject: Membership | None, category: str, text: str
) -> Opinion:
    """Record one solicited opinion. Nothing about who gave it is stored.

    The audit entry names neither the text nor the category, so its time cannot be tied to one opinion.
    """
    if subject is not None and subject.organisation_id != meeting.organisation_id:
        raise ValueError("意见针对的成员不属于本单位。")
    opinion = Opinion.objects.create(meeting=meeting, subject=subject, category=category, text=text.strip())
    audit_record(
        actor=actor,
        organisation=meeting.organisation,
        action="opinion.add",
        target=meeting,
        summary="录入征求意见 1 条",
    )
    return opinion


@transaction.atomic
def opinion_remove(*, actor: Membership, opinion: Opinion) -> None:
    meeting = opinion.meeting
    opinion.delete()
    audit_record(
        actor=actor,
        organisation=meeting.organisation,
        action="opinion.remove",
        target=meeting,
        summary="删除征求意见 1 条",
    )
