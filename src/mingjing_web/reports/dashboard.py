"""The meeting dashboard: every 班子 member's report at a glance, and where the whole 班子 is thin."""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from mingjing_web import analysis
from mingjing_web.meetings.models import Meeting, MeetingMember
from mingjing_web.meetings.selectors import meeting_framework, meeting_members
from mingjing_web.reports.models import Report, Status
from mingjing_web.reports.selectors import report_list

# An aspect is thin for the 班子 when the median member writes at most this many items on it …
THIN_ITEMS = 1
# … or this few characters.
THIN_CHARS = 200


@dataclass(frozen=True)
class Row:
    member: MeetingMember
    report: Report | None
    families: dict[str, int] = field(default_factory=dict)
    overdue: bool = False


@dataclass(frozen=True)
class StateCounts:
    """How many of the meeting's 班子 are in each state; every member is in exactly one."""

    total: int
    missing: int  # nothing uploaded
    draft: int  # uploaded, not submitted
    submitted: int  # submitted and waiting for a decision
    returned: int
    approved: int
    overdue: int  # past the deadline and not handed in (missing, draft or returned)


def is_overdue(*, meeting: Meeting, report: Report | None, today: dt.date | None = None) -> bool:
    """Past the meeting's deadline while the member still owes a submitted report."""
    if meeting.submit_by is None or not meeting.is_open:
        return False
    today = today or timezone.localdate()
    waiting = report is None or report.status in (Status.DRAFT, Status.RETURNED)
    return today > meeting.submit_by and waiting


def state_counts(rows: list[Row]) -> StateCounts:
    def count(status: str) -> int:
        return sum(1 for row in rows if row.report is not None and row.report.status == status)

    # A report row exists only once a version is saved, so "no report" is "nothing uploaded".
    return StateCounts(
        total=len(rows),
        missing=sum(1 for row in rows if row.report is None),
        draft=count(Status.DRAFT),
        submitted=count(Status.SUBMITTED),
        returned=count(Status.RETURNED),
        approved=count(Status.APPROVED),
        overdue=sum(1 for row in rows if row.overdue),
    )


@dataclass(frozen=True)
class AspectCoverage:
    name: str
    cells: list[tuple[str, int, int]]  # (member, items, characters)
    median_items: float
    median_chars: float
    missing: int
    thin: bool


def dashboard_rows(*, meeting: Meeting) -> list[Row]:
    """One row per member of the meeting's 班子 snapshot, with their report (None before the first upload)."""
    reports = {r.author_id: r for r in report_list(meeting=meeting)}
    today = timezone.localdate()
    rows = []
    for member in meeting_members(meeting=meeting):
        report = reports.get(member.membership_id)
        families = dict(report.latest.family_counts) if report and report.latest else {}
        overdue = is_overdue(meeting=meeting, report=report, today=today)
        rows.append(Row(member=member, report=report, families=families, overdue=overdue))
    return rows


def family_columns(rows: list[Row]) -> list[tuple[str, str]]:
    """The rule families that occur in any report, as (id, Chinese label), most frequent first."""
    from mingjing.facade import family_label

    totals: dict[str, int] = {}
    for row in rows:
        for family, count in row.families.items():
            totals[family] = totals.get(family, 0) + count
    return [(family, family_label(family)) for family in sorted(totals, key=lambda f: -totals[f])]


def _aspect_names(meeting: Meeting, stats: list[dict[str, Any]]) -> list[str]:
    """The framework's aspects in order, then any other aspect heading a member actually wrote.

    A generic framework or an unknown one has no fixed aspects: only what was written is listed
    (never a table of every shipped framework's aspects).
    """
    version = meeting_framework(meeting=meeting)
    if version is not None:
        names = [] if version.data.get("generic") else [str(a["name"]) for a in version.aspects]
    else:
        names = analysis.framework_aspects(meeting.framework_id or None)
    for entry in stats:
        names += [name for name in entry if name not in names]
    return names


def aspect_coverage(*, meeting: Meeting, rows: list[Row]) -> list[AspectCoverage]:
    """Per aspect: what each member wrote; ``thin`` marks aspects the whole 班子 treats lightly."""
    written = [
        (row.member.display_name, dict(row.report.latest.aspect_stats))
        for row in rows
        if row.report and row.report.latest
    ]
    if not written:
        return []
    result = []
    for name in _aspect_names(meeting, [stats for _, stats in written]):
        cells = [
            (who, stats.get(name, {}).get("items", 0), stats.get(name, {}).get("chars", 0))
            for who, stats in written
        ]
        items = statistics.median(cell[1] for cell in cells)
        chars = statistics.median(cell[2] for cell in cells)
        missing = sum(1 for cell in cells if cell[1] == 0 and cell[2] == 0)
        thin = items <= THIN_ITEMS or chars < THIN_CHARS
        result.append(AspectCoverage(name, cells, items, chars, missing, thin))
    return result


def findings_drilldown(*, meeting: Meeting, family: str | None) -> list[dict[str, Any]]:
    """Every finding of the meeting's latest versions (optionally one family), with its report."""
    from mingjing_web.reports.models import ReportVersion

    latest_ids = [r.latest_id for r in report_list(meeting=meeting) if r.latest_id]
    versions = (
        ReportVersion.objects.filter(pk__in=latest_ids)
        .select_related("report__author")
        .only("review_json", "number", "report__id", "report__author__display_name")
    )
    found = []
    for version in versions:
        for index, finding in enumerate(version.review_json.get("findings", [])):
            fam = str(finding.get("family") or str(finding.get("rule", "")).split(".", 1)[0])
            if family and fam != family:
                continue
            found.append(
                {
                    **finding,
                    "index": index,
                    "report_id": version.report.pk,
                    "member": version.report.author.display_name,
                }
            )
    return found
