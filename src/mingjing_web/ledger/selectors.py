"""Reads for the meeting record, the ledger (its three lists and progress) and the reports upward."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from mingjing_web.ledger.models import (
    CLOSING_STATUSES,
    Attendance,
    AttendanceStatus,
    Criticism,
    Guest,
    ItemSource,
    ItemStatus,
    LedgerItem,
    MeetingRecord,
    UpwardReport,
)
from mingjing_web.meetings.models import Meeting, MeetingMember
from mingjing_web.meetings.selectors import meeting_members
from mingjing_web.orgs.models import Membership
from mingjing_web.reports.models import ReportVersion

CONTEXT_CHARS = 60


def record_get(*, meeting: Meeting) -> MeetingRecord | None:
    return MeetingRecord.objects.filter(meeting=meeting).first()


@dataclass
class SeatRow:
    seat: MeetingMember
    attendance: Attendance | None
    versions: list[ReportVersion]
    default_version_id: int | None


def attendance_rows(*, meeting: Meeting) -> list[SeatRow]:
    """Every seat of the snapshot with its attendance (if recorded) and the versions they could speak from."""
    seats = meeting_members(meeting=meeting)
    recorded = {a.seat_id: a for a in Attendance.objects.filter(meeting=meeting)}
    versions: dict[int, list[ReportVersion]] = {}
    for version in (
        ReportVersion.objects.filter(report__meeting=meeting)
        .select_related("report")
        .only("pk", "number", "report__author_id", "report__latest_id")
        .order_by("-number")
    ):
        versions.setdefault(version.report.author_id, []).append(version)
    rows = []
    for seat in seats:
        own = versions.get(seat.membership_id, [])
        latest = next((v.pk for v in own if v.pk == v.report.latest_id), None)
        rows.append(SeatRow(seat, recorded.get(seat.pk), own, latest))
    return sorted(
        rows,
        key=lambda r: (
            r.attendance is None or r.attendance.speaking_order is None,
            getattr(r.attendance, "speaking_order", 0) or 0,
        ),
    )


@dataclass(frozen=True)
class AttendanceSummary:
    expected: int
    present: int
    leave: int
    absent: int
    recorded: bool

    @property
    def quorum(self) -> bool:
        """At least two thirds of those who should attend came."""
        return self.present * 3 >= self.expected * 2

    @property
    def warning(self) -> str:
        if not self.recorded or self.quorum:
            return ""
        return f"应到 {self.expected} 人，实到 {self.present} 人，不足应到人数的三分之二，会议不应召开，请改期或补足人数。"


def attendance_summary(*, meeting: Meeting) -> AttendanceSummary:
    expected = MeetingMember.objects.filter(meeting=meeting).count()
    counts = dict(
        Attendance.objects.filter(meeting=meeting).values_list("status").annotate(n=Count("id")).order_by()
    )
    return AttendanceSummary(
        expected=expected,
        present=counts.get(AttendanceStatus.PRESENT, 0),
        leave=counts.get(AttendanceStatus.LEAVE, 0),
        absent=counts.get(AttendanceStatus.ABSENT, 0),
        recorded=bool(counts),
    )


def guest_list(*, meeting: Meeting) -> list[Guest]:
    return list(Guest.objects.filter(meeting=meeting))


def criticism_list(*, meeting: Meeting) -> list[Criticism]:
    return list(Criticism.objects.filter(meeting=meeting).select_related("giver", "receiver"))


@dataclass
class ReceivedCriticisms:
    receiver: MeetingMember
    items: list[Criticism] = field(default_factory=list)


def criticisms_by_receiver(*, meeting: Meeting) -> list[ReceivedCriticisms]:
    groups = {s.pk: ReceivedCriticisms(s) for s in meeting_members(meeting=meeting)}
    for criticism in criticism_list(meeting=meeting):
        groups.setdefault(criticism.receiver_id, ReceivedCriticisms(criticism.receiver)).items.append(
            criticism
        )
    return list(groups.values())


# -- the ledger ----------------------------------------------------------------------------------------------


def ledger_query(
    *, meeting: Meeting, owner_id: int | None = None, status: str | None = None, by_owner: bool = False
) -> Any:
    """The items of a meeting as a query (for paging): by owner and deadline for the 责任清单."""
    found = LedgerItem.objects.filter(meeting=meeting).select_related("owner").defer("progress")
    if owner_id is not None:
        found = found.filter(owner_id=owner_id)
    if status:
        found = found.filter(status=status)
    if by_owner:
        return found.order_by("owner__display_name", "deadline", "id")
    return found.order_by("id")


def ledger_items(
    *, meeting: Meeting, owner_id: int | None = None, status: str | None = None
) -> list[LedgerItem]:
    return list(ledger_query(meeting=meeting, owner_id=owner_id, status=status))


def item_is_overdue(item: LedgerItem, today: dt.date | None = None) -> bool:
    today = today or timezone.localdate()
    return bool(
        not item.draft and item.deadline and item.deadline < today and item.status not in CLOSING_STATUSES
    )


def item_get(*, item_id: int) -> LedgerItem | None:
    related = (
        "meeting__organisation",
        "owner",
        "closed_by",
        "source_version__report",
        "carried_from__meeting",
    )
    return LedgerItem.objects.select_related(*related).filter(pk=item_id).first()


@dataclass(frozen=True)
class SourceWords:
    """The exact words an item came from, with a little context either side."""

    label: str
    before: str
    words: str
    after: str


def item_source_words(*, item: LedgerItem) -> list[SourceWords]:
    version = item.source_version
    if version is None:
        return []
    text = ReportVersion.objects.filter(pk=version.pk).values_list("text", flat=True).first() or ""
    found = []
    for label, start, end in (
        ("问题", item.problem_start, item.problem_end),
        ("整改措施", item.measure_start, item.measure_end),
    ):
        if start is None or end is None:
            continue
        found.append(
            SourceWords(
                label,
                text[max(0, start - CONTEXT_CHARS) : start],
                text[start:end],
                text[end : end + CONTEXT_CHARS],
            )
        )
    return found


def item_history(*, item: LedgerItem) -> list[Any]:
    return list(item.history.select_related("actor"))


def item_evidence(*, item: LedgerItem) -> list[Any]:
    return list(item.evidence.select_related("added_by").defer("data"))


@dataclass(frozen=True)
class Progress:
    name: str
    owner_id: int | None
    total: int
    done: int
    in_progress: int
    overdue: int

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


@dataclass(frozen=True)
class LedgerOverview:
    team: Progress
    members: list[Progress]
    drafts: int
    carried: int


def ledger_overview(*, meeting: Meeting) -> LedgerOverview:
    """The team's and each owner's progress (drafts not counted), the drafts and carried items: one query."""
    today = timezone.localdate()
    issued = Q(draft=False)
    closed = issued & Q(status__in=CLOSING_STATUSES)
    late = issued & Q(deadline__lt=today) & ~Q(status__in=CLOSING_STATUSES)
    query = (
        LedgerItem.objects.filter(meeting=meeting)
        .values("owner_id", "owner__display_name")
        .annotate(
            total=Count("id", filter=issued),
            done=Count("id", filter=closed),
            in_progress=Count("id", filter=issued & Q(status=ItemStatus.IN_PROGRESS)),
            overdue=Count("id", filter=late),
            drafts=Count("id", filter=Q(draft=True)),
            carried=Count("id", filter=Q(source=ItemSource.CARRIED)),
        )
        .order_by("owner__display_name")
    )
    rows = list(query)
    members = [
        Progress(
            r["owner__display_name"], r["owner_id"], r["total"], r["done"], r["in_progress"], r["overdue"]
        )
        for r in rows
        if r["total"]
    ]
    team = Progress(
        "班子整体",
        None,
        sum(m.total for m in members),
        sum(m.done for m in members),
        sum(m.in_progress for m in members),
        sum(m.overdue for m in members),
    )
    return LedgerOverview(team, members, sum(r["drafts"] for r in rows), sum(r["carried"] for r in rows))


def ledger_progress(*, meeting: Meeting) -> tuple[Progress, list[Progress]]:
    overview = ledger_overview(meeting=meeting)
    return overview.team, overview.members


@dataclass(frozen=True)
class LedgerRow:
    """One row of a list page, prepared in Python (a 100-row page renders no filters per cell)."""

    pk: int
    url: str
    problem: str
    measure: str
    deadline: str
    source: str
    owner: str
    status: str
    status_label: str
    draft: bool
    late: bool


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def ledger_rows(items: Any, *, item_url: str) -> list[LedgerRow]:
    """``item_url`` has ``0`` where the id goes (reverse once, not per row)."""
    today = timezone.localdate()
    head, _, tail = item_url.rpartition("/0/")
    return [
        LedgerRow(
            pk=i.pk,
            url=f"{head}/{i.pk}/{tail}",
            problem=_short(i.problem, 60),
            measure=_short(i.measure, 80) if i.measure else "（待填写）",
            deadline=i.deadline.isoformat() if i.deadline else "未定",
            source=i.get_source_display(),
            owner=i.owner.display_name,
            status=i.status,
            status_label=i.get_status_display(),
            draft=i.draft,
            late=item_is_overdue(i, today),
        )
        for i in items
    ]


def carried_texts(*, meeting: Meeting, owner: Membership) -> list[str]:
    """What the owner's report for ``meeting`` must account for: the problems carried over into it."""
    found = LedgerItem.objects.filter(meeting=meeting, owner=owner, source=ItemSource.CARRIED)
    return list(found.order_by("id").values_list("problem", flat=True))


def upward_list(*, meeting: Meeting) -> list[UpwardReport]:
    return list(UpwardReport.objects.filter(meeting=meeting).select_related("sent_by").order_by("kind"))
