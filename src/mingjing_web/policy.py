"""Who may see and do what with meetings, reports and frameworks: the one place these rights live.

Views, services and templates (``{% if report|can:"review" %}`` through ``mingjing_web.templatetags``)
all ask these functions. Each takes the signed-in ``user`` (or a ``Membership``) and the object, and
answers True/False; ``require`` turns a False into the right HTTP answer: objects of another
organisation do not exist for the asker (404), the wrong role is 403.

Rights (the 班子 of a meeting is its member snapshot, see ``MeetingMember``):
- a report: its author, the unit's reviewers and admins, and the meeting's 主要负责人 read it;
  reviewers and the 主要负责人 (not on their own report) return or approve it;
- uploading: the author for themself, an admin on a member's behalf, while the meeting is open;
- a meeting's overview: admins, reviewers and the meeting's 主要负责人; managing it: admins;
- frameworks: every member reads the shipped, shared and own unit's ones; admins create and copy,
  and edit their own unit's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.http import Http404

from mingjing_web.access import membership_find
from mingjing_web.memo import request_memo
from mingjing_web.orgs.models import Membership, Role, TeamRole

if TYPE_CHECKING:
    from mingjing_web.frameworks.models import Framework
    from mingjing_web.meetings.models import Meeting
    from mingjing_web.reports.models import Report

# The project uses Django's own User model (no AUTH_USER_MODEL), so request.user is one of these two.
AnyUser = User | AnonymousUser
Who = AnyUser | Membership | None


def membership_in(*, who: Who, organisation_id: int | None) -> Membership | None:
    """The asker's active membership in that organisation, or None (cached on the user per request)."""
    if who is None or organisation_id is None:
        return None
    if isinstance(who, Membership):
        return who if who.organisation_id == organisation_id and who.user.is_active else None
    if not who.is_authenticated or not getattr(who, "is_active", False):
        return None
    cache: dict[int, Membership | None] = who.__dict__.setdefault("_mj_memberships", {})
    if organisation_id not in cache:
        # One lookup per page view, shared with the view and the navigation (mingjing_web.memo).
        cache[organisation_id] = membership_find(user_id=who.pk, organisation_id=organisation_id)
    return cache[organisation_id]


def _meeting_role(membership: Membership, meeting: Meeting) -> str | None:
    """The member's team role in the meeting's snapshot (None when not in its 班子)."""
    cache: dict[int, str | None] = membership.__dict__.setdefault("_mj_meeting_roles", {})
    if meeting.pk not in cache:
        cache[meeting.pk] = _team_role(membership_id=membership.pk, meeting_id=meeting.pk)
    return cache[meeting.pk]


@request_memo
def _team_role(*, membership_id: int, meeting_id: int) -> str | None:
    # By ids, so that two objects for the same membership in one page view share one query.
    from mingjing_web.meetings.models import MeetingMember

    found = MeetingMember.objects.filter(meeting_id=meeting_id, membership_id=membership_id)
    row = found.only("team_role").first()
    return row.team_role if row else None


def is_meeting_head(*, who: Who, meeting: Meeting) -> bool:
    member = membership_in(who=who, organisation_id=meeting.organisation_id)
    return member is not None and _meeting_role(member, meeting) == TeamRole.HEAD


def is_meeting_writer(*, who: Who, meeting: Meeting) -> bool:
    """In the meeting's 班子 (writes a report for it)."""
    member = membership_in(who=who, organisation_id=meeting.organisation_id)
    return member is not None and _meeting_role(member, meeting) is not None


# -- meetings ---------------------------------------------------------------------------------------------


def can_see_meeting(*, who: Who, meeting: Meeting) -> bool:
    """Anyone of the unit sees that the meeting exists (the home page lists it)."""
    return membership_in(who=who, organisation_id=meeting.organisation_id) is not None


def can_oversee_meeting(*, who: Who, meeting: Meeting) -> bool:
    """The overview of every report (dashboard, drill-down, xlsx, timeline)."""
    member = membership_in(who=who, organisation_id=meeting.organisation_id)
    if member is None:
        return False
    return member.role in (Role.ADMIN, Role.REVIEWER) or is_meeting_head(who=member, meeting=meeting)


def can_manage_meeting(*, who: Who, meeting: Meeting) -> bool:
    """Edit, close, archive the meeting and its member list."""
    member = membership_in(who=who, organisation_id=meeting.organisation_id)
    return member is not None and member.role == Role.ADMIN


def can_manage_opinions(*, who: Who, meeting: Meeting) -> bool:
    member = membership_in(who=who, organisation_id=meeting.organisation_id)
    return member is not None and member.role in (Role.ADMIN, Role.REVIEWER)


def can_create_meeting(*, who: Who) -> bool:
    return isinstance(who, Membership) and who.role == Role.ADMIN and who.user.is_active


# -- reports ----------------------------------------------------------------------------------------------


def can_view_report(*, who: Who, report: Report) -> bool:
    member = membership_in(who=who, organisation_id=report.meeting.organisation_id)
    if member is None:
        return False
    if report.author_id == member.pk or member.role in (Role.ADMIN, Role.REVIEWER):
        return True
    return is_meeting_head(who=member, meeting=report.meeting)


def can_review_report(*, who: Who, report: Report) -> bool:
    """Return or approve (the state is the service's business): reviewers, and the 主要负责人 for others."""
    member = membership_in(who=who, organisation_id=report.meeting.organisation_id)
    if member is None or report.author_id == member.pk:
        return False
    return member.role == Role.REVIEWER or is_meeting_head(who=member, meeting=report.meeting)


def can_comment_report(*, who: Who, report: Report) -> bool:
    member = membership_in(who=who, organisation_id=report.meeting.organisation_id)
    if member is None:
        return False
    return report.author_id == member.pk or can_review_report(who=member, report=report)


def can_submit_report(*, who: Who, report: Report) -> bool:
    """The author, or an admin sending in a file the author handed over (recorded as such)."""
    member = membership_in(who=who, organisation_id=report.meeting.organisation_id)
    return member is not None and (report.author_id == member.pk or member.role == Role.ADMIN)


def can_upload_for(*, who: Who, meeting: Meeting, author: Membership) -> bool:
    """Upload a version of ``author``'s report: the author themself, or an admin on their behalf."""
    member = membership_in(who=who, organisation_id=meeting.organisation_id)
    if member is None or author.organisation_id != meeting.organisation_id:
        return False
    if not is_meeting_writer(who=author, meeting=meeting):
        return False
    return author.pk == member.pk or member.role == Role.ADMIN


# -- frameworks -------------------------------------------------------------------------------------------


def can_view_framework(*, who: Who, framework: Framework) -> bool:
    if framework.organisation_id is None:
        return isinstance(who, Membership) or bool(who and who.is_authenticated and who.is_active)
    return membership_in(who=who, organisation_id=framework.organisation_id) is not None


def can_edit_framework(*, who: Who, framework: Framework) -> bool:
    member = membership_in(who=who, organisation_id=framework.organisation_id)
    return member is not None and member.role == Role.ADMIN and framework.editable


def can_create_framework(*, who: Who) -> bool:
    return isinstance(who, Membership) and who.role == Role.ADMIN and who.user.is_active


# -- the organisation ---------------------------------------------------------------------------------------


def can_admin_organisation(*, who: Who) -> bool:
    """The unit's profile, members, accounts and audit log (the asker's own unit)."""
    return isinstance(who, Membership) and who.role == Role.ADMIN and who.user.is_active


def can_use_library(*, who: Who, write: bool = False) -> bool:
    """The template library: reviewers and admins read it, admins change it."""
    if not isinstance(who, Membership) or not who.user.is_active:
        return False
    return who.role == Role.ADMIN if write else who.role in (Role.ADMIN, Role.REVIEWER)


# -- the meeting record and the rectification ledger (issue 11) ---------------------------------------------


def can_record_meeting(*, who: Who, meeting: Meeting) -> bool:
    """Attendance, mutual criticism, the 督导组's remarks: the unit's admins and reviewers (the secretariat)."""
    member = membership_in(who=who, organisation_id=meeting.organisation_id)
    return member is not None and member.role in (Role.ADMIN, Role.REVIEWER)


def can_view_ledger(*, who: Who, meeting: Meeting) -> bool:
    """The record and the ledger: the meeting's 班子 and whoever oversees the meeting."""
    return is_meeting_writer(who=who, meeting=meeting) or can_oversee_meeting(who=who, meeting=meeting)


def can_manage_ledger(*, who: Who, meeting: Meeting) -> bool:
    """Generate and confirm items, assign owners and deadlines, close items: admins, reviewers, the 主要负责人."""
    return can_oversee_meeting(who=who, meeting=meeting)


def can_update_ledger_item(*, who: Who, item: Any) -> bool:
    """An item's owner reports progress on it; managers edit every item."""
    member = membership_in(who=who, organisation_id=item.meeting.organisation_id)
    if member is None:
        return False
    return item.owner_id == member.pk or can_manage_ledger(who=member, meeting=item.meeting)


def can_close_ledger_item(*, who: Who, item: Any) -> bool:
    """Closing (已完成/长期坚持) is for a manager who is not the item's owner."""
    member = membership_in(who=who, organisation_id=item.meeting.organisation_id)
    if member is None or item.owner_id == member.pk:
        return False
    return can_manage_ledger(who=member, meeting=item.meeting)


# -- the editor (issue 13) -------------------------------------------------------------------------------------


def can_write_draft(*, who: Who, meeting: Meeting, author: Membership) -> bool:
    """Write in the editor: only the author themself, a member of the meeting's 班子, while it is open
    (an admin uploads a handed-in file instead; nobody writes a report for someone else)."""
    member = membership_in(who=who, organisation_id=meeting.organisation_id)
    if member is None or member.pk != author.pk:
        return False
    return meeting.is_open and is_meeting_writer(who=member, meeting=meeting)


# -- the organisation tree and upper-level review (issue 12) ---------------------------------------------------
# A 上级审阅 (组织部/督导组) member of an organisation sees the units *strictly below* it: their meetings'
# timelines and counts, and the 主要负责人's report (which carries the 班子's report) to review, comment and
# return. Never a sibling's or a parent's, never another member's personal report, never opinions (an
# upper level learns no more about 征求意见 than the unit's admin, so it is simplest to show it nothing).


def organisation_ancestor_ids(*, organisation_id: int) -> list[int]:
    """The ids above ``organisation_id``, nearest first (a cycle in bad data stops the walk)."""
    from mingjing_web.orgs.models import Organisation

    out: list[int] = []
    current = Organisation.objects.filter(pk=organisation_id).values_list("parent_id", flat=True).first()
    while current is not None and current not in out and current != organisation_id:
        out.append(current)
        current = Organisation.objects.filter(pk=current).values_list("parent_id", flat=True).first()
    return out


def organisation_subtree_ids(*, organisation_id: int) -> list[int]:
    """``organisation_id`` and every organisation below it, breadth first."""
    from mingjing_web.orgs.models import Organisation

    found = [organisation_id]
    level = [organisation_id]
    while level:
        level = [
            pk
            for pk in Organisation.objects.filter(parent_id__in=level).values_list("pk", flat=True)
            if pk not in found
        ]
        found.extend(level)
    return found


def _active(who: Who) -> Membership | None:
    if isinstance(who, Membership) and who.user.is_active:
        return who
    return None


def supervisor_over(*, who: Who, organisation_id: int | None) -> Membership | None:
    """The asker's 上级审阅 membership in an organisation strictly above ``organisation_id``, or None."""
    if who is None or organisation_id is None:
        return None
    if isinstance(who, Membership):
        user: Any = who.user
    else:
        user = who
    if not user.is_authenticated or not getattr(user, "is_active", False):
        return None
    ancestors = organisation_ancestor_ids(organisation_id=organisation_id)
    if not ancestors:
        return None
    found = Membership.objects.select_related("organisation", "user").filter(
        user_id=user.pk, organisation_id__in=ancestors, role=Role.SUPERVISOR
    )
    return found.first()


def can_supervise(*, who: Who) -> bool:
    """The cross-unit pages (dashboard, xlsx, clusters): a 上级审阅 member, for its own subtree."""
    member = _active(who)
    return member is not None and member.role == Role.SUPERVISOR


def can_view_tree(*, who: Who) -> bool:
    """The organisation tree below one's unit: its admins and its 上级审阅 members."""
    member = _active(who)
    return member is not None and member.role in (Role.ADMIN, Role.SUPERVISOR)


def can_create_suborganisation(*, who: Who) -> bool:
    """An admin of a unit creates the units below it (with each one's first admin)."""
    member = _active(who)
    return member is not None and member.role == Role.ADMIN


def can_supervise_meeting(*, who: Who, meeting: Meeting) -> bool:
    """A subordinate unit's meeting: its timeline, counts and the 主要负责人's report."""
    return supervisor_over(who=who, organisation_id=meeting.organisation_id) is not None


def _author_is_head(report: Report) -> bool:
    from mingjing_web.meetings.models import MeetingMember

    row = MeetingMember.objects.filter(meeting_id=report.meeting_id, membership_id=report.author_id).first()
    return row is not None and row.team_role == TeamRole.HEAD


def can_supervise_report(*, who: Who, report: Report) -> bool:
    """Read, comment on and return a report from above: only the meeting's 主要负责人's report
    (the 班子's report is presented by the 主要负责人); other members' reports stay inside the unit."""
    if not can_supervise_meeting(who=who, meeting=report.meeting):
        return False
    return _author_is_head(report)


def can_supervise_opinions(*, who: Who, meeting: Meeting) -> bool:
    """Opinions (征求意见) never leave the unit, whatever the level."""
    return False


# -- turning an answer into an HTTP status ----------------------------------------------------------------


def require(allowed: bool, *, visible: bool = True, message: str = "您的角色无权进行此操作。") -> None:
    """404 when the object is not visible to the asker at all, 403 when visible but not allowed."""
    if not visible:
        raise Http404
    if not allowed:
        raise PermissionDenied(message)


def rights(*, who: Who, obj: Any) -> dict[str, bool]:
    """Every right on ``obj`` at once (for templates)."""
    from mingjing_web.meetings.models import Meeting
    from mingjing_web.reports.models import Report

    if isinstance(obj, Report):
        return {
            "view": can_view_report(who=who, report=obj),
            "review": can_review_report(who=who, report=obj),
            "comment": can_comment_report(who=who, report=obj),
            "submit": can_submit_report(who=who, report=obj),
        }
    if isinstance(obj, Meeting):
        return {
            "see": can_see_meeting(who=who, meeting=obj),
            "oversee": can_oversee_meeting(who=who, meeting=obj),
            "manage": can_manage_meeting(who=who, meeting=obj),
            "opinions": can_manage_opinions(who=who, meeting=obj),
            "write": is_meeting_writer(who=who, meeting=obj),
        }
    return {}
