"""The upper level's pages: two units' meetings, counts, xlsx, the head's report, return, the tree."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from mingjing_web.orgs.models import Membership, Organisation, Role
from mingjing_web.reports.models import Status
from tests.web.county.conftest import clusters_page

pytestmark = pytest.mark.django_db


def test_dashboard_lists_both_units_meetings_with_counts(client: Any, county: Any) -> None:
    client.force_login(county.county.user)
    page = client.get(reverse("county_dashboard")).content.decode()
    assert county.cast.meeting.title in page and county.cast.other_meeting.title in page
    assert "2/2" in page  # both reports of the cast's meeting are handed in
    assert reverse("county_report", args=[county.head_report.pk]) in page
    assert reverse("county_report", args=[county.member_report.pk]) not in page


def test_another_countys_supervisor_sees_none_of_it(client: Any, county: Any) -> None:
    client.force_login(county.far.user)
    page = client.get(reverse("county_dashboard")).content.decode()
    assert county.cast.meeting.title not in page and "下级单位还没有会议" in page


def test_xlsx_has_one_row_per_meeting(client: Any, county: Any) -> None:
    client.force_login(county.county.user)
    response = client.get(reverse("county_xlsx"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert {r[2] for r in rows} == {county.cast.meeting.title, county.cast.other_meeting.title}
    ours = next(r for r in rows if r[2] == county.cast.meeting.title)
    assert ours[0] == county.cast.org.name and ours[6] == 2 and ours[7] == 2
    assert 0 <= ours[12] <= 1 and ours[14] == "已提交"
    assert sheet.cell(row=3, column=13).number_format == "0.0%"


def test_meeting_page_shows_timeline_and_the_heads_report(client: Any, county: Any) -> None:
    client.force_login(county.county.user)
    page = client.get(reverse("county_meeting", args=[county.cast.meeting.pk])).content.decode()
    assert "会议进程" in page and "征求意见" in page
    assert reverse("county_report", args=[county.head_report.pk]) in page


def test_return_from_the_report_page(client: Any, county: Any) -> None:
    client.force_login(county.county.user)
    url = reverse("county_report", args=[county.head_report.pk])
    line = max(county.head_report.latest.text.splitlines(), key=len)[:25]
    assert line in client.get(url).content.decode()
    response = client.post(
        reverse("county_report_return", args=[county.head_report.pk]), {"comment": "原因分析不深"}
    )
    assert response.status_code == 302
    county.head_report.refresh_from_db()
    assert county.head_report.status == Status.RETURNED
    # the unit sees the upper level's comment on its own report page
    client.force_login(county.cast.reviewer.user)
    assert (
        "原因分析不深" in client.get(reverse("report_detail", args=[county.head_report.pk])).content.decode()
    )


def test_an_empty_return_is_refused_in_chinese(client: Any, county: Any) -> None:
    client.force_login(county.county.user)
    response = client.post(
        reverse("county_report_return", args=[county.head_report.pk]), {"comment": ""}, follow=True
    )
    assert "写明需要修改的地方" in response.content.decode()
    county.head_report.refresh_from_db()
    assert county.head_report.status == Status.SUBMITTED


def test_an_admin_creates_a_sub_unit_and_sees_the_tree(client: Any, county: Any) -> None:
    client.force_login(county.cast.admin.user)
    data = {
        "name": "农业农村局机关党支部",
        "kind": "党支部",
        "level": "县",
        "region": "",
        "admin_display_name": "支部书记",
        "admin_username": "t-branch-admin",
        "admin_password": "a-long-password-42",
    }
    assert client.post(reverse("suborganisation_create"), data).status_code == 302
    child = Organisation.objects.get(name="农业农村局机关党支部")
    assert child.parent_id == county.cast.org.pk and child.kind == "党支部"
    assert Membership.objects.get(user__username="t-branch-admin").role == Role.ADMIN
    page = client.get(reverse("organisation_tree")).content.decode()
    assert (
        "农业农村局机关党支部" in page and county.cast.other_org.name not in page
    )  # no sibling in one's tree
    client.force_login(county.county.user)
    page = client.get(reverse("organisation_tree")).content.decode()
    assert "农业农村局机关党支部" in page and county.cast.other_org.name in page


def test_a_taken_username_is_one_chinese_sentence(client: Any, county: Any) -> None:
    client.force_login(county.cast.admin.user)
    data = {
        "name": "甲支部",
        "kind": "党支部",
        "level": "县",
        "admin_display_name": "甲",
        "admin_username": "t-member",
        "admin_password": "a-long-password-42",
    }
    response = client.post(reverse("suborganisation_create"), data)
    assert response.status_code == 400 and "该登录名已被使用" in response.content.decode()
    assert not Organisation.objects.filter(name="甲支部").exists()


def test_cross_unit_cluster_of_one_template(client: Any, county: Any, run_jobs: Any) -> None:
    """The same 范文 in two units shows as one cluster; a unit's own copy alone does not."""
    from mingjing_web.reports.services import version_paste
    from tests.web.conftest import sample_text

    other = county.cast.other_org
    from mingjing_web.orgs.services import membership_create

    head_b = membership_create(
        organisation=other,
        username="t-bh-head",
        password="cast-password-123",
        display_name="白鹤书记",
        team_role="head",
    )
    from mingjing_web.meetings.services import meeting_member_add

    meeting_member_add(actor=county.cast.outsider_admin, meeting=county.cast.other_meeting, member=head_b)
    client.force_login(county.county.user)
    assert 'data-testid="cluster"' not in clusters_page(client, run_jobs)
    version_paste(meeting=county.cast.other_meeting, actor=head_b, text=sample_text(0))
    client.force_login(county.county.user)
    page = clusters_page(client, run_jobs)
    assert page.count('data-testid="cluster"') >= 1
    assert county.cast.org.name in page and other.name in page
    assert "白鹤书记" in page  # a 主要负责人's report: named and linked
    assert county.cast.member.display_name not in page  # no cluster holds her report yet


def test_a_members_report_in_a_cluster_is_not_named(client: Any, county: Any, run_jobs: Any) -> None:
    from mingjing_web.meetings.services import meeting_member_add
    from mingjing_web.orgs.services import membership_create
    from mingjing_web.reports.services import version_paste
    from tests.web.conftest import sample_text

    writer = membership_create(
        organisation=county.cast.other_org,
        username="t-bh-member",
        password="cast-password-123",
        display_name="白鹤委员",
        team_role="member",
    )
    meeting_member_add(actor=county.cast.outsider_admin, meeting=county.cast.other_meeting, member=writer)
    version_paste(meeting=county.cast.other_meeting, actor=writer, text=sample_text(1))  # = 李慧's text
    client.force_login(county.county.user)
    page = clusters_page(client, run_jobs)
    assert page.count('data-testid="cluster"') == 1 and "班子成员" in page
    assert county.cast.member.display_name not in page and "白鹤委员" not in page
