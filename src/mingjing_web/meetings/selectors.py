"""Reading meetings and opinions."""

from __future__ import annotations

from django.db.models import Q

from mingjing_web.meetings.models import Meeting, Opinion
from mingjing_web.orgs.models import Membership, Organisation


def meeting_list(*, organisation: Organisation) -> list[Meeting]:
    return list(Meeting.objects.filter(organisation=organisation))


def meeting_get(*, meeting_id: int) -> Meeting | None:
    """A meeting by id, whatever its organisation (the view checks access)."""
    return Meeting.objects.select_related("organisation").filter(pk=meeting_id).first()


def opinion_list(*, meeting: Meeting, subject: Membership | None = None) -> list[Opinion]:
    """All opinions of a meeting, or those about ``subject`` plus those about the whole 班子."""
    found = Opinion.objects.filter(meeting=meeting).select_related("subject")
    if subject is not None:
        found = found.filter(Q(subject=subject) | Q(subject__isnull=True))
    return list(found)


def opinion_texts(*, meeting: Meeting, subject: Membership) -> list[str]:
    """The opinions a member's report should answer (for the opinions-answered rule)."""
    return [opinion.text for opinion in opinion_list(meeting=meeting, subject=subject)]
