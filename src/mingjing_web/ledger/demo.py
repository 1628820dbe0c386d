"""The demo's finished meeting: last year's 民主生活会 taken through the whole cycle.

Reports approved, attendance and the order of speaking, the 督导组, mutual criticism (one of them
praise, which the check flags), the ledger generated and confirmed, items closed with evidence by
someone other than their owner, one overdue, both reports upward sent — and the unfinished items
carried into this year's meeting. Everything goes through the same services as in the browser.
The two reports are the sample past reports that ship with 明镜 (our own writing).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.db import transaction

from mingjing_web.ledger import services
from mingjing_web.ledger.models import ItemStatus, LedgerItem
from mingjing_web.meetings.models import Meeting, MeetingMember, MeetingState
from mingjing_web.orgs.models import Membership

TITLE = "2022年度民主生活会"
HELD_ON = dt.date(2023, 1, 16)

_CRITICISMS = [
    # (giver index, receiver index, text) into the 班子 list (0 is the 主要负责人)
    (3, 0, "周局长工作太拼，经常加班到深夜，希望今后注意身体、劳逸结合。"),
    (0, 3, "去年9月猕猴桃集中上市时，你分管的冷链项目还停在方案阶段，果农反映压价，你到现场只去了1次。"),
    (0, 4, "上半年你牵头的农资市场专项检查，对2家长期违规门店只下了整改通知，没有跟踪复查。"),
    (4, 3, "今年4次党组会研究项目资金，你的发言都是表态，没有提出具体意见。"),
    (1, 2, "希望多来指导我们分管的股室工作。"),
]


def _seat(meeting: Meeting, member: Membership) -> MeetingMember:
    return MeetingMember.objects.get(meeting=meeting, membership=member)


def _reports(meeting: Meeting, reviewer: Membership, members: list[Membership]) -> None:
    from mingjing.facade import template_entries
    from mingjing_web.reports import services as reports

    by_owner = {m.display_name: m for m in members}
    for entry in template_entries():
        owner = by_owner.get(entry.owner or "")
        if entry.kind != "past-report" or owner is None:
            continue
        version = reports.version_upload(
            meeting=meeting, actor=owner, data=entry.path.read_bytes(), filename=entry.path.name
        )
        reports.report_submit(report=version.report, actor=owner)
        reports.report_approve(report=version.report, actor=reviewer, comment="问题查摆具体，同意。")


def _record(meeting: Meeting, admin: Membership, members: list[Membership]) -> None:
    services.record_update(
        actor=admin,
        meeting=meeting,
        revision=services.record_ensure(meeting=meeting).revision,
        held_at=None,
        place="局机关三楼会议室",
        chair=members[0].display_name,
        recorder=admin.display_name,
        supervisor_remarks="会前准备扎实，征求意见全面；个人检视问题较具体。个别批评意见以表扬代替批评，要防止“你好我好”。",
        closing_remarks="会后逐条建立整改台账，明确责任人和时限，年底前对账销号。",
    )
    rows = []
    for order, member in enumerate(members, 1):
        seat = _seat(meeting, member)
        report = meeting.reports.filter(author=member).first()
        rows.append(
            services.AttendanceRow(
                seat.pk, "present", speaking_order=order, spoke_from_id=report.latest_id if report else None
            )
        )
    services.attendance_save(actor=admin, meeting=meeting, rows=rows)
    services.guest_add(actor=admin, meeting=meeting, role="supervisor", name="孙立新", unit="县委组织部")
    services.guest_add(
        actor=admin, meeting=meeting, role="observer", name="何敏", unit="县纪委监委派驻纪检组"
    )
    for giver, receiver, text in _CRITICISMS:
        if max(giver, receiver) < len(members):
            services.criticism_add(
                actor=admin,
                meeting=meeting,
                giver=_seat(meeting, members[giver]),
                receiver=_seat(meeting, members[receiver]),
                text=text,
            )


def _ledger(meeting: Meeting, admin: Membership, reviewer: Membership) -> None:
    services.ledger_generate(actor=reviewer, meeting=meeting)
    services.ledger_confirm(actor=reviewer, meeting=meeting)
    items = list(LedgerItem.objects.filter(meeting=meeting).order_by("id"))
    for n, item in enumerate(items):
        item.refresh_from_db()
        services.ledger_item_update(
            actor=admin,
            item=item,
            revision=item.revision,
            status=ItemStatus.IN_PROGRESS,
            progress="已制定工作方案，正在推进。",
            measure=item.measure,
            problem=item.problem,
            owner=item.owner,
            deadline=HELD_ON + dt.timedelta(days=150 if n % 3 else 320),
        )
        if n % 3 == 2:
            continue  # left open: carried into this year
        item.refresh_from_db()
        services.evidence_add(actor=item.owner, item=item, text="已按措施完成整改，相关制度和台账已归档。")
        item.refresh_from_db()
        closer = reviewer if item.owner_id != reviewer.pk else admin
        status = ItemStatus.ONGOING if n % 5 == 4 else ItemStatus.DONE
        services.ledger_item_close(
            actor=closer, item=item, revision=item.revision, status=status, note="佐证齐全。"
        )


@transaction.atomic
def demo_finished_meeting(
    *,
    admin: Membership,
    reviewer: Membership,
    members: list[Membership],
    current: Meeting,
    progress: Callable[[str], None] = lambda _m: None,
) -> Meeting | None:
    """Create last year's finished meeting once (None when it is already there)."""
    org = admin.organisation
    if Meeting.objects.filter(organisation=org, title=TITLE).exists():
        return None
    from mingjing_web.ledger.signals import carry_over_suspended

    with carry_over_suspended():
        meeting = Meeting.objects.create(
            organisation=org,
            title=TITLE,
            kind=current.kind,
            year=HELD_ON.year - 1,
            held_on=HELD_ON,
            submit_by=HELD_ON - dt.timedelta(days=8),
            # its reports are the library's past reports: comparing them with themselves says nothing
            check_templates=False,
            check_peers=False,
        )
    for member in members:
        MeetingMember.objects.create(
            meeting=meeting,
            membership=member,
            display_name=member.display_name,
            position=member.position,
            team_role=member.team_role or "member",
        )
    _reports(meeting, reviewer, members)
    _record(meeting, admin, members)
    _ledger(meeting, admin, reviewer)
    services.upward_ensure(meeting=meeting)
    services.upward_mark_sent(
        actor=admin, meeting=meeting, kind="meeting", sent_on=HELD_ON + dt.timedelta(days=12)
    )
    services.upward_mark_sent(
        actor=admin, meeting=meeting, kind="rectification", sent_on=HELD_ON + dt.timedelta(days=170)
    )
    Meeting.objects.filter(pk=meeting.pk).update(state=MeetingState.CLOSED)
    carried = services.ledger_carry_over(meeting=current)
    progress(f"{TITLE}：会议记录、整改台账 {meeting.ledger_items.count()} 项，{carried} 项带入本年度")
    return meeting
