"""Reading reports, versions and comments. Lists never load file bytes or the big JSON columns."""

from __future__ import annotations

from django.db.models import QuerySet

from mingjing_web.meetings.models import Meeting
from mingjing_web.memo import request_memo
from mingjing_web.orgs.models import Membership
from mingjing_web.reports.models import Report, ReportVersion, ReviewComment
from mingjing_web.revisions import stamp

HEAVY_FIELDS = ("data", "text", "parse_json", "review_json", "reuse_json")
_LATEST_HEAVY = tuple(f"latest__{name}" for name in HEAVY_FIELDS)


def _reports() -> QuerySet[Report]:
    related = ("meeting__organisation", "author__user", "latest")
    return Report.objects.select_related(*related).defer(*_LATEST_HEAVY)


def report_get(*, report_id: int) -> Report | None:
    """A report by id, whatever its organisation (the view checks access)."""
    return _reports().filter(pk=report_id).first()


def report_revision(*, report: Report) -> int:
    """The report's state as a form carries it: every change (new version, submit, decision) saves the
    report and so moves ``updated_at``; comments do not (they change nothing a decision rests on)."""
    return stamp(report.updated_at)


def report_for_author(*, meeting: Meeting, author: Membership) -> Report | None:
    return _reports().filter(meeting=meeting, author=author).first()


@request_memo
def report_list(*, meeting: Meeting) -> list[Report]:
    """The meeting's reports with their latest version's summary figures."""
    return list(_reports().filter(meeting=meeting))


def version_list(*, report: Report) -> list[ReportVersion]:
    """Every version, oldest first, without the heavy columns."""
    return list(ReportVersion.objects.filter(report=report).defer(*HEAVY_FIELDS).order_by("number"))


def version_get(*, report: Report, number: int) -> ReportVersion | None:
    """One version with its text, review and copy check (not the file bytes nor the parse tree)."""
    return ReportVersion.objects.filter(report=report, number=number).defer("data", "parse_json").first()


def version_file(*, report: Report, number: int) -> ReportVersion | None:
    """One version with its original file bytes (for downloads)."""
    return ReportVersion.objects.filter(report=report, number=number).first()


def comment_list(*, report: Report) -> list[ReviewComment]:
    found = ReviewComment.objects.filter(report=report).select_related("author", "version")
    return list(found.defer(*(f"version__{name}" for name in HEAVY_FIELDS)))


def review_queue(*, viewer: Membership) -> list[Report]:
    """ "待我审核": submitted reports of open meetings the viewer may review, oldest submission first."""
    from mingjing_web import policy
    from mingjing_web.meetings.models import MeetingState

    found = _reports().filter(
        meeting__organisation_id=viewer.organisation_id,
        meeting__state=MeetingState.OPEN,
        status="submitted",
    )
    return [r for r in found.order_by("submitted_at", "pk") if policy.can_review_report(who=viewer, report=r)]
