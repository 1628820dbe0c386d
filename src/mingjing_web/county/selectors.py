"""Reading a higher organisation's subtree: units, their meetings and per-meeting counts.

Selectors never filter by permission: the views ask ``policy`` first. Only counts leave a unit here,
plus the 主要负责人's report (which carries the 班子's report); no member's personal report, no opinion.
"""

from __future__ import annotations

import statistics
import tomllib
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from mingjing_web import analysis
from mingjing_web.county.models import CrossUnitResult
from mingjing_web.meetings.models import Meeting, MeetingMember, MeetingState
from mingjing_web.orgs.models import Membership, Organisation, TeamRole
from mingjing_web.policy import organisation_subtree_ids
from mingjing_web.reports.dashboard import (
    THIN_CHARS,
    THIN_ITEMS,
    Row,
    aspect_coverage,
    dashboard_rows,
    is_overdue,
    state_counts,
)
from mingjing_web.reports.models import Report
from mingjing_web.reports.selectors import HEAVY_FIELDS

if TYPE_CHECKING:
    from mingjing_web.frameworks.models import FrameworkVersion

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


def _summary(meeting: Meeting, rows: list[Row], thin_aspects: int) -> MeetingSummary:
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
        thin_aspects=thin_aspects,
        head_report=head,
    )


def meeting_summary(*, meeting: Meeting) -> MeetingSummary:
    """Counts for one meeting (the county's meeting page; the dashboard batches them: ``subtree_meetings``)."""
    rows = dashboard_rows(meeting=meeting)
    thin = sum(1 for a in aspect_coverage(meeting=meeting, rows=rows) if a.thin)
    return _summary(meeting, rows, thin)


def _thin_count(meeting: Meeting, rows: list[Row], version: FrameworkVersion | None) -> int:
    """``aspect_coverage``'s thin aspects with the framework version passed in (no query per meeting);
    a test keeps both equal on the same meetings."""
    written = [dict(r.report.latest.aspect_stats) for r in rows if r.report and r.report.latest]
    if not written:
        return 0
    if version is not None:
        names = [] if version.data.get("generic") else [str(a["name"]) for a in version.aspects]
    else:
        names = analysis.framework_aspects(meeting.framework_id or None)
    for stats in written:
        names += [name for name in stats if name not in names]
    thin = 0
    for name in names:
        items = statistics.median(stats.get(name, {}).get("items", 0) for stats in written)
        chars = statistics.median(stats.get(name, {}).get("chars", 0) for stats in written)
        if items <= THIN_ITEMS or chars < THIN_CHARS:
            thin += 1
    return thin


def _legacy_frameworks(meetings: list[Meeting]) -> dict[str, FrameworkVersion]:
    """The newest version of each shipped framework named only by id (older meetings), in one query."""
    from mingjing_web.frameworks.models import FrameworkVersion

    keys = {m.framework_id for m in meetings if not m.framework_version_id and m.framework_id}
    found: dict[str, FrameworkVersion] = {}
    if keys:
        versions = FrameworkVersion.objects.filter(framework__key__in=keys).select_related("framework")
        for version in versions.order_by("-number"):
            found.setdefault(version.framework.key, version)
    return found


def subtree_meetings(*, root: Organisation, include_archived: bool = False) -> list[MeetingSummary]:
    """The summaries of every subordinate unit's meetings, by unit then newest first.

    A constant number of queries whatever the number of units and meetings (the subtree walk costs
    one per level): meetings, their 班子 seats, their reports with the latest versions' figures, and
    the legacy frameworks, each fetched once for all meetings."""
    ids = [pk for pk in organisation_subtree_ids(organisation_id=root.pk) if pk != root.pk]
    found = Meeting.objects.filter(organisation_id__in=ids).select_related(
        "organisation__parent", "framework_version"
    )
    if not include_archived:
        found = found.exclude(state=MeetingState.ARCHIVED)
    meetings = list(found.order_by("organisation__name", "-year", "-created_at"))
    if not meetings:
        return []
    seats: dict[int, list[MeetingMember]] = defaultdict(list)
    for seat in MeetingMember.objects.filter(meeting__in=meetings):
        seats[seat.meeting_id].append(seat)
    heavy = tuple(f"latest__{name}" for name in HEAVY_FIELDS)
    reports = Report.objects.filter(meeting__in=meetings).select_related("latest").defer(*heavy)
    by_seat = {(r.meeting_id, r.author_id): r for r in reports}
    legacy = _legacy_frameworks(meetings)
    today = timezone.localdate()
    out = []
    for meeting in meetings:
        rows = []
        # The order of ``meeting_members``: the 主要负责人 first, then by name.
        for seat in sorted(seats[meeting.pk], key=lambda m: (not m.is_head, m.display_name)):
            report = by_seat.get((meeting.pk, seat.membership_id))
            if report is not None:
                report.meeting = meeting  # already loaded: no query when a page follows it
            overdue = is_overdue(meeting=meeting, report=report, today=today)
            rows.append(Row(member=seat, report=report, overdue=overdue))
        version = (
            meeting.framework_version if meeting.framework_version_id else legacy.get(meeting.framework_id)
        )
        out.append(_summary(meeting, rows, _thin_count(meeting, rows, version)))
    return out


def head_of(*, meeting: Meeting) -> MeetingMember | None:
    """The meeting's 主要负责人 in its member snapshot."""
    return MeetingMember.objects.filter(meeting=meeting, team_role=TeamRole.HEAD).first()


# -- cross-unit clusters (stored by the county.clusters job) ----------------------------------------------


def cross_unit_result(*, organisation: Organisation) -> CrossUnitResult | None:
    """The organisation's stored clusters with their pending refresh (one query; no job output)."""
    found = CrossUnitResult.objects.select_related("job").defer("job__output")
    return found.filter(pk=organisation.pk).first()


def cross_unit_shown(*, viewer: Membership, result: CrossUnitResult) -> list[dict[str, Any]]:
    """The stored clusters as the 上级审阅 ``viewer`` may see them, in a fixed number of queries.

    Names and titles are read afresh; a report deleted or a unit moved out of the viewer's subtree since
    the computation is left out (a cluster needs two units still). Whose personal report it is stays
    inside the unit: only a 主要负责人's report of a unit strictly below is named and linked (what
    ``policy.can_supervise_report`` allows), the others read "班子成员".
    """
    subtree = set(organisation_subtree_ids(organisation_id=viewer.organisation_id))
    below = subtree - {viewer.organisation_id}
    ids = {int(m["report_id"]) for c in result.clusters for m in c.get("members", [])}
    if not ids:
        return []
    rows = {
        r["id"]: r
        for r in Report.objects.filter(pk__in=ids, meeting__organisation_id__in=subtree).values(
            "id",
            "meeting_id",
            "author_id",
            "meeting__organisation_id",
            "meeting__organisation__name",
            "meeting__title",
            "author__display_name",
        )
    }
    heads = set(
        MeetingMember.objects.filter(
            meeting_id__in={r["meeting_id"] for r in rows.values()}, team_role=TeamRole.HEAD
        ).values_list("meeting_id", "membership_id")
    )
    named = {
        pk
        for pk, r in rows.items()
        if r["meeting__organisation_id"] in below and (r["meeting_id"], r["author_id"]) in heads
    }
    shown = []
    for cluster in result.clusters:
        members = []
        for m in cluster.get("members", []):
            row = rows.get(int(m["report_id"]))
            if row is None:
                continue
            members.append(
                {
                    "organisation_id": row["meeting__organisation_id"],
                    "unit": row["meeting__organisation__name"],
                    "meeting": row["meeting__title"],
                    "author": row["author__display_name"] if row["id"] in named else "班子成员",
                    "report_id": row["id"] if row["id"] in named else None,
                }
            )
        if len({m["organisation_id"] for m in members}) < 2:
            continue
        units = sorted({str(m["unit"]) for m in members})
        shown.append({"units": units, "longest": cluster.get("longest", 0), "members": members})
    return shown
