"""Reading a higher organisation's subtree: units, their meetings and per-meeting counts.

Selectors never filter by permission: the views ask ``policy`` first. Only counts leave a unit here,
plus the 主要负责人's report (which carries the 班子's report); no member's personal report, no opinion.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from mingjing_web.meetings.models import Meeting, MeetingMember, MeetingState
from mingjing_web.orgs.models import Organisation, TeamRole
from mingjing_web.policy import organisation_subtree_ids
from mingjing_web.reports.dashboard import aspect_coverage, dashboard_rows, state_counts
from mingjing_web.reports.models import Report

_DATA = Path(__file__).parent / "data" / "county.toml"


@cache
def settings_data() -> dict[str, Any]:
    """The dashboard's thresholds (data/county.toml)."""
    with _DATA.open("rb") as handle:
        return tomllib.load(handle)


@dataclass(frozen=True)
class MeetingSummary:
    """One subordinate unit's meeting, as the upper level sees it: counts, never other members' texts."""

    meeting: Meeting
    unit: Organisation
    total: int  # members of the 班子 who write a report
    submitted: int  # handed in (submitted, returned after review, or approved)
    approved: int
    late: int  # past the deadline and not handed in
    failing: int  # latest version 不达标
    copied: int  # copy ratio at or above the threshold
    max_copy_ratio: float
    thin_aspects: int  # aspects the 班子 wrote markedly less about than usual
    head_report: Report | None  # the 主要负责人's report (with the 班子's), the one reviewed from above


def subordinate_units(*, root: Organisation) -> list[Organisation]:
    """Every organisation strictly below ``root``, by name."""
    ids = [pk for pk in organisation_subtree_ids(organisation_id=root.pk) if pk != root.pk]
    return list(Organisation.objects.filter(pk__in=ids).select_related("parent").order_by("name"))


def meeting_summary(*, meeting: Meeting) -> MeetingSummary:
    """Counts for one meeting (the rows of the cross-unit dashboard and its xlsx)."""
    rows = dashboard_rows(meeting=meeting)
    counts = state_counts(rows)
    threshold = float(settings_data()["copied_ratio"])
    latest = [r.report.latest for r in rows if r.report is not None and r.report.latest is not None]
    ratios = [v.copy_ratio for v in latest]
    head = next((r.report for r in rows if r.member.team_role == TeamRole.HEAD and r.report), None)
    return MeetingSummary(
        meeting=meeting,
        unit=meeting.organisation,
        total=counts.total,
        submitted=counts.submitted + counts.returned + counts.approved,
        approved=counts.approved,
        late=counts.overdue,
        failing=sum(1 for v in latest if v.verdict == "不达标"),
        copied=sum(1 for r in ratios if r >= threshold),
        max_copy_ratio=max(ratios, default=0.0),
        thin_aspects=sum(1 for a in aspect_coverage(meeting=meeting, rows=rows) if a.thin),
        head_report=head,
    )


def subtree_meetings(*, root: Organisation, include_archived: bool = False) -> list[MeetingSummary]:
    """The summaries of every subordinate unit's meetings, by unit then newest first."""
    units = subordinate_units(root=root)
    found = Meeting.objects.filter(organisation__in=units).select_related("organisation")
    if not include_archived:
        found = found.exclude(state=MeetingState.ARCHIVED)
    ordered = found.order_by("organisation__name", "-year", "-created_at")
    return [meeting_summary(meeting=m) for m in ordered]


def head_of(*, meeting: Meeting) -> MeetingMember | None:
    """The meeting's 主要负责人 in its member snapshot."""
    return MeetingMember.objects.filter(meeting=meeting, team_role=TeamRole.HEAD).first()
