"""Creating and changing meetings and their solicited opinions."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from mingjing_web.audit.services import audit_record
from mingjing_web.meetings.models import Meeting, Opinion
from mingjing_web.orgs.models import Membership


@transaction.atomic
def meeting_create(
    *,
    actor: Membership,
    title: str,
    kind: str,
    year: int,
    framework_id: str = "",
    submit_by: dt.date | None = None,
    held_on: dt.date | None = None,
    check_templates: bool = True,
    check_peers: bool = True,
) -> Meeting:
    """A meeting of the actor's organisation; the 班子 can upload their reports at once."""
    meeting = Meeting.objects.create(
        organisation=actor.organisation,
        title=title.strip(),
        kind=kind,
        year=year,
        framework_id=framework_id.strip(),
        submit_by=submit_by,
        held_on=held_on,
        check_templates=check_templates,
        check_peers=check_peers,
    )
    audit_record(
        actor=actor,
        organisation=meeting.organisation,
        action="meeting.create",
        target=meeting,
        summary=f"创建会议：{meeting.title}",
    )
    return meeting


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
