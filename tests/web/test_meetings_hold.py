"""Meetings that hold: validation, the member snapshot, close/archive, accounts, one 主要负责人, passwords."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from mingjing_web.errors import ServiceError
from mingjing_web.meetings import services
from mingjing_web.meetings.models import MeetingState
from mingjing_web.meetings.selectors import meeting_list, meeting_members
from mingjing_web.orgs import services as orgs
from mingjing_web.orgs.models import Role, TeamRole
from mingjing_web.reports.services import version_paste
from tests.web.conftest import PASSWORD, Cast, sample_text

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("year", "submit_by", "held_on", "message"),
    [
        (26, None, None, "四位数字"),
        (20260, None, None, "四位数字"),
        (2026, dt.date(2026, 2, 10), dt.date(2026, 2, 1), "早于"),
        (2026, dt.date(2026, 2, 1), dt.date(2026, 2, 1), "早于"),
    ],
)
def test_bad_meetings_are_refused(
    cast: Cast, year: int, submit_by: dt.date | None, held_on: dt.date | None, message: str
) -> None:
    with pytest.raises(ServiceError, match=message):
        services.meeting_create(
            actor=cast.admin, title="x", kind="民主生活会", year=year, submit_by=submit_by, held_on=held_on
        )


def test_a_good_meeting_is_accepted_with_todays_team_as_members(cast: Cast) -> None:
    meeting = services.meeting_create(
        actor=cast.admin,
        title="2025年度民主生活会",
        kind="民主生活会",
        year=2025,
        submit_by=dt.date(2026, 1, 20),
        held_on=dt.date(2026, 1, 28),
    )
    assert [m.membership for m in meeting_members(meeting=meeting)] == [cast.head, cast.member]


def test_the_form_says_what_is_wrong_in_chinese(login: Any, cast: Cast) -> None:
    client = login(cast.admin)
    data = {
        "title": "x",
        "kind": "民主生活会",
        "year": "26",
        "submit_by": "2026-02-10",
        "held_on": "2026-02-01",
    }
    response = client.post(reverse("meeting_create"), data)
    page = response.content.decode()
    assert response.status_code == 400 and "四位数字" in page
    response = client.post(reverse("meeting_create"), {**data, "year": "2025"})
    assert response.status_code == 400 and "早于会议召开日期" in response.content.decode()


def test_later_changes_to_the_team_never_rewrite_a_meeting(cast: Cast) -> None:
    newcomer = orgs.membership_create(
        organisation=cast.org,
        username="t-new",
        password=PASSWORD,
        display_name="新成员",
        team_role=TeamRole.MEMBER,
    )
    assert newcomer.pk not in [m.membership_id for m in meeting_members(meeting=cast.meeting)]
    orgs.membership_update(
        membership=cast.member, actor=cast.admin, role=Role.MEMBER, team_role="", position=""
    )
    assert cast.member.pk in [m.membership_id for m in meeting_members(meeting=cast.meeting)]
    services.meeting_member_add(actor=cast.admin, meeting=cast.meeting, member=newcomer)
    assert newcomer.pk in [m.membership_id for m in meeting_members(meeting=cast.meeting)]


def test_closing_freezes_members_and_reports(cast: Cast, uploaded: Any) -> None:
    services.meeting_set_state(actor=cast.admin, meeting=cast.meeting, state=MeetingState.CLOSED)
    cast.meeting.refresh_from_db()
    newcomer = orgs.membership_create(
        organisation=cast.org,
        username="t-late",
        password=PASSWORD,
        display_name="迟到",
        team_role=TeamRole.MEMBER,
    )
    with pytest.raises(ServiceError, match=r"冻结|不能再修改"):
        services.meeting_member_add(actor=cast.admin, meeting=cast.meeting, member=newcomer)
    seat = meeting_members(meeting=cast.meeting)[0]
    with pytest.raises(ServiceError):
        services.meeting_member_remove(actor=cast.admin, meeting=cast.meeting, seat=seat)
    with pytest.raises(ServiceError, match="不能再上传"):
        version_paste(meeting=cast.meeting, actor=cast.member, text=sample_text(1))
    assert len(meeting_members(meeting=cast.meeting)) == 2


def test_a_member_who_uploaded_cannot_be_taken_out(cast: Cast, uploaded: Any) -> None:
    seat = next(m for m in meeting_members(meeting=cast.meeting) if m.membership == cast.member)
    with pytest.raises(ServiceError, match="已上传"):
        services.meeting_member_remove(actor=cast.admin, meeting=cast.meeting, seat=seat)
    head = next(m for m in meeting_members(meeting=cast.meeting) if m.membership == cast.head)
    services.meeting_member_remove(actor=cast.admin, meeting=cast.meeting, seat=head)
    assert [m.membership for m in meeting_members(meeting=cast.meeting)] == [cast.member]


def test_archived_meetings_leave_the_home_page(login: Any, cast: Cast) -> None:
    services.meeting_set_state(actor=cast.admin, meeting=cast.meeting, state=MeetingState.ARCHIVED)
    assert cast.meeting not in meeting_list(organisation=cast.org)
    assert cast.meeting in meeting_list(organisation=cast.org, archived=True)
    client = login(cast.reviewer)
    assert cast.meeting.title not in client.get(reverse("home")).content.decode()
    assert cast.meeting.title in client.get(reverse("meeting_archived")).content.decode()


def test_a_stale_meeting_form_is_refused_and_keeps_the_input(login: Any, cast: Cast) -> None:
    client = login(cast.admin)
    data = {"title": "改名一", "kind": "民主生活会", "year": "2023", "revision": "1"}
    assert client.post(reverse("meeting_edit", args=[cast.meeting.pk]), data).status_code == 302
    stale = client.post(reverse("meeting_edit", args=[cast.meeting.pk]), {**data, "title": "改名二"})
    assert stale.status_code == 409 and "改名二" in stale.content.decode()
    cast.meeting.refresh_from_db()
    assert cast.meeting.title == "改名一"


def test_one_head_per_organisation(cast: Cast) -> None:
    with pytest.raises(ValueError, match="主要负责人已是"):
        orgs.membership_update(
            membership=cast.member, actor=cast.admin, role=Role.MEMBER, team_role=TeamRole.HEAD, position=""
        )
    with pytest.raises(ValueError, match="主要负责人已是"):
        orgs.membership_create(
            organisation=cast.org,
            username="t-h2",
            password=PASSWORD,
            display_name="二把",
            team_role=TeamRole.HEAD,
        )
    orgs.membership_update(
        membership=cast.head, actor=cast.admin, role=Role.MEMBER, team_role="member", position=""
    )
    orgs.membership_update(
        membership=cast.member, actor=cast.admin, role=Role.MEMBER, team_role=TeamRole.HEAD, position=""
    )


def test_a_disabled_account_keeps_its_reports_but_cannot_log_in(
    client: Any, cast: Cast, uploaded: Any
) -> None:
    orgs.membership_set_active(membership=cast.member, actor=cast.admin, active=False)
    assert not client.login(username="t-member", password=PASSWORD)
    uploaded.refresh_from_db()
    assert uploaded.latest is not None
    with pytest.raises(ValueError):
        orgs.membership_set_active(membership=cast.admin, actor=cast.admin, active=False)
    orgs.membership_set_active(membership=cast.member, actor=cast.admin, active=True)
    assert client.login(username="t-member", password=PASSWORD)


def test_users_change_their_password_with_the_validators_on(client: Any, cast: Cast) -> None:
    client.force_login(cast.member.user)
    url = reverse("password_change")
    weak = client.post(
        url, {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"}
    )
    assert weak.status_code == 200 and "密码" in weak.content.decode()
    strong = "qingshan-river-2026"
    done = client.post(url, {"old_password": PASSWORD, "new_password1": strong, "new_password2": strong})
    assert done.status_code == 302
    client.logout()
    assert client.login(username="t-member", password=strong)


def test_an_admin_resets_a_password(client: Any, cast: Cast) -> None:
    client.force_login(cast.admin.user)
    url = reverse("member_password", args=[cast.member.pk])
    client.post(url, {"password": "12345678"})
    assert client.login(username="t-member", password=PASSWORD)  # too weak: unchanged
    client.force_login(cast.admin.user)
    client.post(url, {"password": "new-river-stone-9"})
    assert client.login(username="t-member", password="new-river-stone-9")


def test_a_stale_unit_profile_form_does_not_revert_another_admins_change(login: Any, cast: Cast) -> None:
    client = login(cast.admin)
    data = {"name": "青岚县农业农村局党组", "level": "县", "region": "甲地", "revision": "1"}
    assert client.post(reverse("organisation"), data).status_code == 302
    stale = client.post(reverse("organisation"), {**data, "region": "乙地"})
    assert stale.status_code == 409 and "乙地" in stale.content.decode()
    cast.org.refresh_from_db()
    assert cast.org.region == "甲地"


def test_the_organisation_tree_exists_in_the_model(cast: Cast) -> None:
    county = orgs.organisation_create(name="青岚县委", level="县")
    cast.org.parent = county
    cast.org.save(update_fields=["parent"])
    assert list(county.children.all()) == [cast.org]


def test_the_meeting_page_offers_management_only_to_admins(login: Any, cast: Cast) -> None:
    url = reverse("meeting_dashboard", args=[cast.meeting.pk])
    admin_page = login(cast.admin).get(url).content.decode()
    head_page = login(cast.head).get(url).content.decode()
    assert "修改会议" in admin_page and "关闭会议" in admin_page
    assert "修改会议" not in head_page and "关闭会议" not in head_page and "代为上传" not in head_page


def test_the_audit_log_names_the_new_actions_in_chinese(login: Any, cast: Cast) -> None:
    services.meeting_set_state(actor=cast.admin, meeting=cast.meeting, state=MeetingState.CLOSED)
    orgs.membership_set_active(membership=cast.member, actor=cast.admin, active=False)
    page = login(cast.admin).get(reverse("audit")).content.decode()
    assert "关闭会议（已召开）" in page and "停用账号" in page
    assert "meeting.closed" not in page and "membership.disable" not in page
