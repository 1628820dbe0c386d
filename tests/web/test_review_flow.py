"""Review that flows: the queue, counts per state, the head reviewing, uploads on a member's behalf,
deadlines and 逾期, notifications (and e-mail when configured), the meeting timeline."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from mingjing_web.meetings.models import Meeting
from mingjing_web.meetings.timeline import meeting_timeline
from mingjing_web.notifications.models import Notification
from mingjing_web.notifications.selectors import unread_count
from mingjing_web.reports import services
from mingjing_web.reports.dashboard import dashboard_rows, state_counts
from mingjing_web.reports.selectors import review_queue
from tests.web.conftest import Cast, docx_bytes, sample_text

pytestmark = pytest.mark.django_db


def test_counts_per_state_count_each_member_once(cast: Cast, uploaded: Any) -> None:
    counts = state_counts(dashboard_rows(meeting=cast.meeting))
    assert (counts.total, counts.missing, counts.draft, counts.submitted) == (2, 1, 1, 0)
    services.report_submit(report=uploaded, actor=cast.member)
    services.report_return(report=uploaded, actor=cast.reviewer, comment="请补充事例。")
    counts = state_counts(dashboard_rows(meeting=cast.meeting))
    assert (counts.submitted, counts.returned, counts.approved) == (0, 1, 0)  # returned is not "submitted"


def test_the_queue_shows_what_waits_for_me(login: Any, cast: Cast, uploaded: Any) -> None:
    assert review_queue(viewer=cast.reviewer) == []
    services.report_submit(report=uploaded, actor=cast.member)
    assert review_queue(viewer=cast.reviewer) == [uploaded]
    assert review_queue(viewer=cast.head) == [uploaded]  # 审阅把关
    assert review_queue(viewer=cast.member) == [] and review_queue(viewer=cast.outsider) == []
    home = login(cast.reviewer).get(reverse("home")).content.decode()
    assert "待我审核" in home and "已提交待审 1" in home
    queue = login(cast.reviewer).get(reverse("review_queue")).content.decode()
    assert cast.member.display_name in queue


def test_returned_and_approved_reports_notify_the_author(settings: Any, cast: Cast, uploaded: Any) -> None:
    settings.MINGJING_EMAIL_NOTICES = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    cast.member.user.email = "lihui@example.org"
    cast.member.user.save()
    services.report_submit(report=uploaded, actor=cast.member)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("django.db.transaction.on_commit", lambda fn, *a, **k: fn())
        services.report_return(report=uploaded, actor=cast.head, comment="原因剖析不够深入。")
    notice = Notification.objects.get(recipient=cast.member)
    assert notice.kind == "returned" and "原因剖析不够深入" in notice.text
    assert unread_count(recipient=cast.member) == 1 and unread_count(recipient=cast.head) == 0
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["lihui@example.org"]


def test_no_mail_without_a_mail_server(settings: Any, cast: Cast, uploaded: Any) -> None:
    settings.MINGJING_EMAIL_NOTICES = False
    services.report_submit(report=uploaded, actor=cast.member)
    services.report_approve(report=uploaded, actor=cast.reviewer)
    assert Notification.objects.filter(recipient=cast.member, kind="approved").count() == 1
    assert mail.outbox == []


def test_the_bell_shows_unread_and_reading_clears_it(login: Any, cast: Cast, uploaded: Any) -> None:
    services.report_submit(report=uploaded, actor=cast.member)
    services.report_approve(report=uploaded, actor=cast.reviewer)
    client = login(cast.member)
    assert 'data-testid="unread">1<' in client.get(reverse("home")).content.decode()
    client.post(reverse("notification_read", args=[0]))
    assert 'data-testid="unread"' not in client.get(reverse("home")).content.decode()


def _past_deadline(meeting: Meeting) -> None:
    today = timezone.localdate()
    Meeting.objects.filter(pk=meeting.pk).update(
        submit_by=today - dt.timedelta(days=2), held_on=today + dt.timedelta(days=5)
    )
    meeting.refresh_from_db()


def test_overdue_members_are_flagged_and_told_once(login: Any, cast: Cast, uploaded: Any) -> None:
    _past_deadline(cast.meeting)
    rows = dashboard_rows(meeting=cast.meeting)
    assert [r.overdue for r in rows] == [True, True]  # nothing uploaded / a draft
    assert services.overdue_notify(meeting=cast.meeting) == 2
    assert services.overdue_notify(meeting=cast.meeting) == 0
    services.report_submit(report=uploaded, actor=cast.member)
    assert [r.overdue for r in dashboard_rows(meeting=cast.meeting)] == [True, False]
    page = login(cast.reviewer).get(reverse("meeting_dashboard", args=[cast.meeting.pk])).content.decode()
    assert "逾期 1" in page


def test_no_overdue_before_the_deadline(cast: Cast) -> None:
    Meeting.objects.filter(pk=cast.meeting.pk).update(submit_by=timezone.localdate() + dt.timedelta(days=1))
    cast.meeting.refresh_from_db()
    assert not any(r.overdue for r in dashboard_rows(meeting=cast.meeting))
    assert services.overdue_notify(meeting=cast.meeting) == 0


def test_an_admin_uploads_a_file_a_member_handed_in(login: Any, cast: Cast) -> None:
    client = login(cast.admin)
    page = client.get(reverse("meeting_member_report", args=[cast.meeting.pk, cast.head.pk]))
    assert page.status_code == 200 and "代 周明远 上传" in page.content.decode()
    upload = {"file": _file("周明远.docx", docx_bytes(sample_text(0))), "author": str(cast.head.pk)}
    response = client.post(reverse("version_create", args=[cast.meeting.pk]), upload)
    assert response.status_code == 302
    version = cast.head.reports.get().latest
    assert version.created_by == cast.admin and version.report.author == cast.head
    detail = client.get(response["Location"]).content.decode()
    assert "代为上传" in detail
    # a reviewer cannot do the same
    client = login(cast.reviewer)
    upload = {"file": _file("x.docx", docx_bytes(sample_text(0))), "author": str(cast.head.pk)}
    assert client.post(reverse("version_create", args=[cast.meeting.pk]), upload).status_code == 403


def _file(name: str, data: bytes) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data)


def test_the_timeline_says_what_is_done_and_what_is_late(cast: Cast, uploaded: Any) -> None:
    _past_deadline(cast.meeting)
    steps = {
        row.step.key: row.state
        for row in meeting_timeline(meeting=cast.meeting, reports_done=None, reports_note="")
    }
    assert list(steps) == ["plan", "opinions", "talks", "reports", "meeting", "rectification", "reported"]
    assert steps["plan"] == "done" and steps["reports"] == "late" and steps["meeting"] == "pending"
    today = timezone.localdate()
    rows = meeting_timeline(meeting=cast.meeting, reports_done=today, reports_note="2/2")
    assert {r.step.key: r.state for r in rows}["reports"] == "done"


def test_the_meeting_page_shows_the_timeline_the_framework_and_the_consult_block_guarded(
    login: Any, cast: Cast
) -> None:
    page = login(cast.reviewer).get(reverse("meeting_dashboard", args=[cast.meeting.pk])).content.decode()
    for step in ("会议方案", "征求意见", "谈心谈话", "对照检查材料", "召开会议", "整改落实", "会议情况上报"):
        assert step in page
