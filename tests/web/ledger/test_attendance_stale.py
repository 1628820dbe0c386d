"""The attendance sheet carries the attendance revision it was based on (issue 14.5).

A sheet saved by someone else after the page was loaded refuses this one (409, the sheet shown again as
typed) and nothing changes; a fresh sheet saves and bumps the revision. The minutes form has its own
revision: saving one does not make the other stale.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from mingjing_web.audit.models import AuditLog
from mingjing_web.ledger import services
from mingjing_web.ledger.models import Attendance, AttendanceStatus, MeetingRecord
from mingjing_web.meetings.models import MeetingMember
from tests.web.conftest import Cast

pytestmark = pytest.mark.django_db


def _seat(cast: Cast, who: Any) -> MeetingMember:
    return MeetingMember.objects.get(meeting=cast.meeting, membership=who)


def _sheet_revision(html: str, cast: Cast) -> int:
    action = reverse("ledger_attendance", args=[cast.meeting.pk])  # type: ignore[attr-defined]
    found = re.search(rf'action="{action}"[^>]*>.*?name="revision" value="(\d+)"', html, re.S)
    assert found is not None, "the attendance sheet carries its revision"
    return int(found.group(1))


def _open(client: Any, cast: Cast) -> int:
    page = client.get(reverse("ledger_record", args=[cast.meeting.pk]))  # type: ignore[attr-defined]
    return _sheet_revision(page.content.decode(), cast)


def _everyone_present(cast: Cast, revision: int) -> None:
    head, member = _seat(cast, cast.head), _seat(cast, cast.member)
    services.attendance_save(
        actor=cast.admin,  # type: ignore[arg-type]
        meeting=cast.meeting,  # type: ignore[arg-type]
        rows=[
            services.AttendanceRow(head.pk, AttendanceStatus.PRESENT, speaking_order=1),
            services.AttendanceRow(member.pk, AttendanceStatus.PRESENT, speaking_order=2),
        ],
        revision=revision,
    )


def _statuses(cast: Cast) -> dict[int, tuple[str, str, int | None]]:
    return {
        a.seat_id: (a.status, a.reason, a.speaking_order)
        for a in Attendance.objects.filter(meeting=cast.meeting)
    }


def _attendance_revision(cast: Cast) -> int:
    return MeetingRecord.objects.get(meeting=cast.meeting).attendance_revision


def _post(client: Any, cast: Cast, revision: int, head: dict[str, str], member: dict[str, str]) -> Any:
    """Post the sheet; ``head`` and ``member`` are the fields of their rows (status, reason, order)."""
    data: dict[str, object] = {"revision": revision}
    for who, fields in ((cast.head, head), (cast.member, member)):
        seat = _seat(cast, who)
        data.update({f"{name}_{seat.pk}": value for name, value in fields.items()})
    return client.post(reverse("ledger_attendance", args=[cast.meeting.pk]), data)  # type: ignore[attr-defined]


def test_a_fresh_sheet_saves_and_bumps_the_revision(login: Any, cast: Cast) -> None:
    client = login(cast.reviewer)
    shown = _open(client, cast)
    head, member = _seat(cast, cast.head), _seat(cast, cast.member)
    response = _post(
        client, cast, shown, {"status": "present", "order": "1"}, {"status": "leave", "reason": "外出学习"}
    )
    assert response.status_code == 302
    assert _statuses(cast) == {head.pk: ("present", "", 1), member.pk: ("leave", "外出学习", None)}
    assert _attendance_revision(cast) == shown + 1
    assert _open(client, cast) == shown + 1


def test_a_stale_sheet_gets_409_keeps_the_input_and_changes_nothing(login: Any, cast: Cast) -> None:
    client = login(cast.reviewer)
    shown = _open(client, cast)
    _everyone_present(cast, shown)  # the admin saves the sheet after the reviewer's page was loaded
    before, audits = _statuses(cast), AuditLog.objects.count()
    head, member = _seat(cast, cast.head), _seat(cast, cast.member)
    response = _post(
        client,
        cast,
        shown,
        {"status": "leave", "reason": "赴省委党校学习甲乙"},
        {"status": "present", "order": "7"},
    )
    html = response.content.decode()
    assert response.status_code == 409
    assert "在您编辑期间，出席情况已被他人修改" in html and 'role="alert"' in html
    assert f'id="reason_{head.pk}" value="赴省委党校学习甲乙"' in html
    assert f'id="order_{member.pk}" value="7"' in html
    head_select = re.search(rf'id="status_{head.pk}">.*?</select>', html, re.S)
    assert head_select is not None and '<option value="leave" selected>' in head_select.group(0)
    assert _sheet_revision(html, cast) == shown  # still based on what was shown
    assert _statuses(cast) == before and _attendance_revision(cast) == shown + 1
    assert AuditLog.objects.count() == audits


def test_a_refused_sheet_keeps_the_input_too(login: Any, cast: Cast) -> None:
    """Bad input (leave without a reason) is a 400 with the sheet as typed, not as stored."""
    client = login(cast.reviewer)
    shown = _open(client, cast)
    member = _seat(cast, cast.member)
    response = _post(client, cast, shown, {"status": "leave"}, {"status": "present", "order": "5"})
    html = response.content.decode()
    assert response.status_code == 400 and "请填写请假事由" in html
    assert f'id="order_{member.pk}" value="5"' in html
    assert not Attendance.objects.filter(meeting=cast.meeting).exists()
    assert _attendance_revision(cast) == shown


def test_the_minutes_and_the_sheet_do_not_make_each_other_stale(login: Any, cast: Cast) -> None:
    client = login(cast.reviewer)
    shown = _open(client, cast)
    record = MeetingRecord.objects.get(meeting=cast.meeting)
    services.record_update(
        actor=cast.admin,  # type: ignore[arg-type]
        meeting=cast.meeting,  # type: ignore[arg-type]
        revision=record.revision,
        held_at=None,
        place="局机关三楼会议室",
        chair="",
        recorder="",
        supervisor_remarks="",
        closing_remarks="",
    )
    response = _post(client, cast, shown, {"status": "present"}, {"status": "present"})
    assert response.status_code == 302
    record.refresh_from_db()
    assert (record.place, record.revision, record.attendance_revision) == ("局机关三楼会议室", 2, shown + 1)
