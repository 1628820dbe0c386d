"""The ledger's services: record, criticism, generation with spans, closing rules, history, carry-over."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from mingjing_web.errors import ServiceError
from mingjing_web.ledger import selectors, services
from mingjing_web.ledger.models import AttendanceStatus, ItemSource, ItemStatus, LedgerItem
from mingjing_web.meetings.models import MeetingMember
from tests.web.conftest import Cast

pytestmark = pytest.mark.django_db


def _seat(cast: Cast, who: Any) -> MeetingMember:
    return MeetingMember.objects.get(meeting=cast.meeting, membership=who)


def test_a_praise_criticism_is_flagged_and_a_factual_one_is_not(cast: Cast) -> None:
    head, member = _seat(cast, cast.head), _seat(cast, cast.member)
    praise = services.criticism_add(
        actor=cast.reviewer,
        meeting=cast.meeting,
        giver=member,
        receiver=head,
        text="周书记工作太拼，要注意身体。",
    )
    fact = services.criticism_add(
        actor=cast.reviewer,
        meeting=cast.meeting,
        giver=head,
        receiver=member,
        text="今年3月防汛检查时，你只听汇报没有到现场，2个隐患点拖了一个月才整改。",
    )
    assert [f["kind"] for f in praise.flags] == ["praise"]
    assert fact.flags == []


def test_criticism_rules(cast: Cast) -> None:
    head = _seat(cast, cast.head)
    with pytest.raises(ServiceError, match="同一人"):
        services.criticism_add(
            actor=cast.admin, meeting=cast.meeting, giver=head, receiver=head, text="今年3月……"
        )
    with pytest.raises(ServiceError, match="管理员或审核人"):
        services.criticism_add(
            actor=cast.member, meeting=cast.meeting, giver=head, receiver=_seat(cast, cast.member), text="x"
        )


def test_attendance_below_two_thirds_warns_and_leave_needs_a_reason(cast: Cast) -> None:
    head, member = _seat(cast, cast.head), _seat(cast, cast.member)
    with pytest.raises(ServiceError, match="请假事由"):
        services.attendance_save(
            actor=cast.admin,
            meeting=cast.meeting,
            rows=[
                services.AttendanceRow(head.pk, AttendanceStatus.LEAVE),
                services.AttendanceRow(member.pk, "present"),
            ],
        )
    services.attendance_save(
        actor=cast.admin,
        meeting=cast.meeting,
        rows=[
            services.AttendanceRow(head.pk, AttendanceStatus.LEAVE, reason="出差"),
            services.AttendanceRow(member.pk, AttendanceStatus.PRESENT, speaking_order=1),
        ],
    )
    summary = selectors.attendance_summary(meeting=cast.meeting)
    assert (summary.expected, summary.present, summary.leave) == (2, 1, 1)
    assert "三分之二" in summary.warning
    services.attendance_save(
        actor=cast.admin,
        meeting=cast.meeting,
        rows=[
            services.AttendanceRow(head.pk, "present", speaking_order=1),
            services.AttendanceRow(member.pk, "present", speaking_order=2),
        ],
    )
    assert selectors.attendance_summary(meeting=cast.meeting).warning == ""


def test_duplicate_speaking_order_is_refused(cast: Cast) -> None:
    rows = [
        services.AttendanceRow(_seat(cast, w).pk, "present", speaking_order=1)
        for w in (cast.head, cast.member)
    ]
    with pytest.raises(ServiceError, match="发言顺序"):
        services.attendance_save(actor=cast.admin, meeting=cast.meeting, rows=rows)


def test_the_version_spoken_from_must_be_the_speakers_own(cast: Cast, uploaded: Any) -> None:
    rows = [services.AttendanceRow(_seat(cast, cast.head).pk, "present", spoke_from_id=uploaded.latest_id)]
    with pytest.raises(ServiceError, match="不属于本人"):
        services.attendance_save(actor=cast.admin, meeting=cast.meeting, rows=rows)


def test_generation_links_every_item_to_the_exact_words(cast: Cast, approved: Any) -> None:
    created = services.ledger_generate(actor=cast.reviewer, meeting=cast.meeting)
    items = list(LedgerItem.objects.filter(meeting=cast.meeting))
    assert created == len(items) > 3
    version = approved.latest
    from_report = [i for i in items if i.source == ItemSource.REPORT]
    assert from_report and all(i.draft and i.owner_id == cast.member.pk for i in from_report)
    with_problem = [i for i in from_report if i.problem_start is not None]
    for item in with_problem:
        words = version.text[item.problem_start : item.problem_end]
        assert item.problem in words  # the headline is inside the item's span
    paired = [i for i in from_report if i.measure_start is not None and i.problem_start is not None]
    assert paired, "at least one problem is paired with a measure"
    for item in paired:
        assert version.text[item.measure_start : item.measure_end].strip() == item.measure
    # idempotent
    assert services.ledger_generate(actor=cast.reviewer, meeting=cast.meeting) == 0


def test_generation_needs_an_approved_report_and_the_right_role(cast: Cast, uploaded: Any) -> None:
    assert services.ledger_generate(actor=cast.reviewer, meeting=cast.meeting) == 0
    with pytest.raises(ServiceError):
        services.ledger_generate(actor=cast.member, meeting=cast.meeting)


def test_praise_does_not_become_an_item_but_a_real_criticism_does(cast: Cast, approved: Any) -> None:
    head, member = _seat(cast, cast.head), _seat(cast, cast.member)
    services.criticism_add(
        actor=cast.admin, meeting=cast.meeting, giver=head, receiver=member, text="希望多来指导我们工作。"
    )
    real = services.criticism_add(
        actor=cast.admin,
        meeting=cast.meeting,
        giver=head,
        receiver=member,
        text="上半年你分管的项目有3个拖期，没有及时调度。",
    )
    services.ledger_generate(actor=cast.admin, meeting=cast.meeting)
    from_criticism = LedgerItem.objects.filter(meeting=cast.meeting, source=ItemSource.CRITICISM)
    assert [i.source_criticism_id for i in from_criticism] == [real.pk]


def test_an_unanswered_opinion_becomes_an_item(cast: Cast, approved: Any) -> None:
    from mingjing_web.meetings.services import opinion_add

    opinion_add(
        actor=cast.admin,
        meeting=cast.meeting,
        subject=cast.member,
        category="作风",
        text="公务接待台账登记不及时不完整",
    )
    services.ledger_generate(actor=cast.admin, meeting=cast.meeting)
    items = LedgerItem.objects.filter(meeting=cast.meeting, source=ItemSource.OPINION)
    assert [i.problem for i in items] == ["公务接待台账登记不及时不完整"]


def test_the_owner_updates_but_cannot_close(cast: Cast, ledger: list[Any]) -> None:
    item = ledger[0]
    services.ledger_item_update(
        actor=cast.member,
        item=item,
        revision=item.revision,
        status=ItemStatus.IN_PROGRESS,
        progress="已制定方案",
        measure=item.measure,
    )
    item.refresh_from_db()
    assert item.status == ItemStatus.IN_PROGRESS
    change = item.history.filter(action="update").get()
    assert change.actor_id == cast.member.pk and change.changes["状态"] == ["待整改", "整改中"]
    with pytest.raises(ServiceError, match="销号"):
        services.ledger_item_update(
            actor=cast.member,
            item=item,
            revision=item.revision,
            status=ItemStatus.DONE,
            progress="",
            measure="",
        )
    services.evidence_add(actor=cast.member, item=item, text="已建立制度并执行两个月。")
    with pytest.raises(ServiceError, match="责任人不能"):
        services.ledger_item_close(actor=cast.member, item=item, revision=item.revision)


def test_closing_needs_evidence_and_another_person(cast: Cast, ledger: list[Any]) -> None:
    item = ledger[0]
    with pytest.raises(ServiceError, match="佐证材料"):
        services.ledger_item_close(actor=cast.reviewer, item=item, revision=item.revision)
    services.evidence_add(actor=cast.member, item=item, filename="制度.pdf", data=b"%PDF-1.4 evidence")
    item.refresh_from_db()
    services.ledger_item_close(actor=cast.reviewer, item=item, revision=item.revision, note="佐证齐全")
    item.refresh_from_db()
    assert item.status == ItemStatus.DONE and item.closed_by_id == cast.reviewer.pk
    actions = list(item.history.values_list("action", flat=True))
    assert actions[-3:] == ["confirm", "evidence", "close"]


def test_a_stale_revision_is_refused(cast: Cast, ledger: list[Any]) -> None:
    item = ledger[0]
    old = item.revision
    services.ledger_item_update(
        actor=cast.member, item=item, revision=old, status="in_progress", progress="a", measure="m"
    )
    with pytest.raises(ServiceError, match="已被他人修改"):
        services.ledger_item_update(
            actor=cast.reviewer, item=item, revision=old, status="pending", progress="b", measure="m"
        )


def test_a_draft_cannot_be_closed(cast: Cast, approved: Any) -> None:
    services.ledger_generate(actor=cast.reviewer, meeting=cast.meeting)
    item = LedgerItem.objects.filter(meeting=cast.meeting).first()
    assert item is not None
    services.evidence_add(actor=cast.member, item=item, text="说明")
    with pytest.raises(ServiceError, match="草稿"):
        services.ledger_item_close(actor=cast.reviewer, item=item, revision=item.revision)


def test_overdue_items_are_flagged_and_notified_once(cast: Cast, ledger: list[Any]) -> None:
    from mingjing_web.notifications.models import Notification

    item = ledger[0]
    LedgerItem.objects.filter(pk=item.pk).update(deadline=dt.date(2020, 1, 1))
    item.refresh_from_db()
    assert selectors.item_is_overdue(item)
    assert services.ledger_notify_overdue(meeting=cast.meeting) == 1
    assert services.ledger_notify_overdue(meeting=cast.meeting) == 0
    notice = Notification.objects.get(recipient=cast.member, dedupe_key__startswith="ledger-overdue-")
    assert "超过完成时限" in notice.text
    team, members = selectors.ledger_progress(meeting=cast.meeting)
    assert team.overdue == 1 and members[0].overdue == 1


def test_unfinished_items_carry_into_next_years_meeting_and_its_check(cast: Cast, ledger: list[Any]) -> None:
    from mingjing_web.meetings.services import meeting_create
    from mingjing_web.reports.services import version_paste
    from tests.web.conftest import sample_text

    done, open_item = ledger[0], ledger[1]
    services.evidence_add(actor=cast.member, item=done, text="已完成")
    done.refresh_from_db()
    services.ledger_item_close(actor=cast.reviewer, item=done, revision=done.revision)
    nxt = meeting_create(actor=cast.admin, title="2024年度民主生活会", kind="民主生活会", year=2024)
    carried = LedgerItem.objects.filter(meeting=nxt)
    assert carried.count() == len(ledger) - 1
    assert not carried.filter(carried_from=done).exists()
    assert carried.filter(carried_from=open_item, source=ItemSource.CARRIED, draft=False).exists()
    texts = selectors.carried_texts(meeting=nxt, owner=cast.member)
    assert open_item.problem in texts
    # a report that says nothing about them is flagged with the rule, naming the item
    version = version_paste(meeting=nxt, actor=cast.member, text=sample_text(2))
    carried_findings = [
        f for f in version.review_json["findings"] if f["rule"] == "measure.carried-unreported"
    ]
    assert carried_findings
    # creating yet another meeting does not carry the same item twice
    meeting_create(actor=cast.admin, title="2024年度组织生活会", kind="组织生活会", year=2024)
    assert LedgerItem.objects.filter(carried_from=open_item).count() == 1


def test_upward_reports_are_due_15_days_after_and_marked_when_sent(cast: Cast) -> None:
    cast.meeting.held_on = dt.date(2024, 1, 10)
    cast.meeting.save()
    rows = {r.kind: r for r in services.upward_ensure(meeting=cast.meeting)}
    assert rows["meeting"].due_on == dt.date(2024, 1, 25)
    with pytest.raises(ServiceError):
        services.upward_mark_sent(
            actor=cast.reviewer, meeting=cast.meeting, kind="meeting", sent_on=dt.date(2024, 1, 20)
        )
    row = services.upward_mark_sent(
        actor=cast.admin, meeting=cast.meeting, kind="meeting", sent_on=dt.date(2024, 1, 20)
    )
    assert row.sent_on == dt.date(2024, 1, 20)


def test_an_opinion_given_through_the_link_becomes_an_item_without_its_giver(
    cast: Cast, approved: Any
) -> None:
    from mingjing_web.consult.services import opinion_give, solicitation_open

    solicitation = solicitation_open(actor=cast.admin, meeting=cast.meeting)
    assert opinion_give(
        token=solicitation.token,
        subject_id=cast.member.pk,
        text="下基层调研少，群众反映的停车难问题迟迟没有回应",
    )
    services.ledger_generate(actor=cast.admin, meeting=cast.meeting)
    items = LedgerItem.objects.filter(meeting=cast.meeting, source=ItemSource.OPINION)
    assert [i.problem for i in items] == ["下基层调研少，群众反映的停车难问题迟迟没有回应"]
    assert items[0].owner_id == cast.member.pk and items[0].source_opinion_id is None
    assert services.ledger_generate(actor=cast.admin, meeting=cast.meeting) == 0  # idempotent
