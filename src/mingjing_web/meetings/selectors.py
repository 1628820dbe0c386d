"""Reading meetings, their member snapshot, their framework and opinions."""

from __future__ import annotations

from django.db.models import Q

from mingjing_web.frameworks.models import FrameworkVersion
from mingjing_web.meetings.models import Meeting, MeetingMember, MeetingState, Opinion
from mingjing_web.memo import request_memo
from mingjing_web.orgs.models import Membership, Organisation


def meeting_list(*, organisation: Organisation, archived: bool = False) -> list[Meeting]:
    """The unit's meetings: open and closed ones, or only the archived ones."""
    found = Meeting.objects.filter(organisation=organisation).select_related("framework_version__framework")
    if archived:
        return list(found.filter(state=MeetingState.ARCHIVED))
    return list(found.exclude(state=MeetingState.ARCHIVED))


def meeting_get(*, meeting_id: int) -> Meeting | None:
    """A meeting by id, whatever its organisation (the view checks access)."""
    related = ("organisation", "framework_version__framework")
    return Meeting.objects.select_related(*related).filter(pk=meeting_id).first()


@request_memo
def meeting_members(*, meeting: Meeting) -> list[MeetingMember]:
    """The meeting's 班子 snapshot: the 主要负责人 first, then by name."""
    found = MeetingMember.objects.filter(meeting=meeting).select_related("membership__user")
    return sorted(found, key=lambda m: (not m.is_head, m.display_name))


def meeting_seat(*, meeting: Meeting, membership_id: int) -> MeetingMember | None:
    return MeetingMember.objects.filter(meeting=meeting, membership_id=membership_id).first()


def meeting_candidates(*, meeting: Meeting) -> list[Membership]:
    """Active members of the unit not yet in the meeting's 班子 (to add)."""
    seated = MeetingMember.objects.filter(meeting=meeting).values("membership_id")
    found = Membership.objects.filter(organisation_id=meeting.organisation_id, user__is_active=True)
    return list(found.exclude(pk__in=seated).order_by("display_name"))


@request_memo
def meeting_framework(*, meeting: Meeting) -> FrameworkVersion | None:
    """The framework version the meeting keeps; for older meetings, the shipped one it named."""
    if meeting.framework_version_id:
        return meeting.framework_version
    if meeting.framework_id:
        return (
            FrameworkVersion.objects.filter(framework__key=meeting.framework_id)
            .select_related("framework")
            .order_by("-number")
            .first()
        )
    return None


def meeting_framework_core_id(*, meeting: Meeting) -> str | None:
    """What to pass to the core as the framework (None: detect from the headings)."""
    version = meeting.framework_version  # no query when the meeting names no version
    if version is not None:
        from mingjing_web.frameworks.services import framework_core_id

        return framework_core_id(version=version)
    return meeting.framework_id or None


def opinion_list(*, meeting: Meeting, subject: Membership | None = None) -> list[Opinion]:
    """All opinions of a meeting, or those about ``subject`` plus those about the whole 班子."""
    found = Opinion.objects.filter(meeting=meeting).select_related("subject")
    if subject is not None:
        found = found.filter(Q(subject=subject) | Q(subject__isnull=True))
    return list(found)


def opinion_texts(*, meeting: Meeting, subject: Membership) -> list[str]:
    """The opinions a member's report should answer (for the opinions-answered rule).

    Those entered here plus, when the consult app is installed, those it collected.
    """
    from django.apps import apps

    texts = [opinion.text for opinion in opinion_list(meeting=meeting, subject=subject)]
    if not apps.is_installed("mingjing_web.consult"):
        return texts
    try:
        from mingjing_web.consult.selectors import opinions_for_member
    except ImportError:
        return texts
    return texts + [t for t in opinions_for_member(member=subject, meeting=meeting) if t not in texts]
