"""The county dashboard and its xlsx cost a constant number of queries, whatever the number of units and
meetings (issue 12), and the batched counts equal the per-meeting ones of the meeting page."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mingjing_web.county.selectors import meeting_summary, subtree_meetings
from mingjing_web.meetings.models import Meeting
from mingjing_web.orgs.models import Role, TeamRole
from tests.web.conftest import sample_text

pytestmark = pytest.mark.django_db
DASHBOARD_QUERIES = 16  # the bound for 2 units and for 12


def _add_units(top: Any, first: int, count: int) -> None:
    """``count`` units below ``top``, each with a meeting (a 主要负责人 and a 班子成员, one report
    handed in, one not) and an older meeting naming a shipped framework only by id."""
    from mingjing_web.meetings.services import meeting_create
    from mingjing_web.orgs.services import membership_create, organisation_create
    from mingjing_web.reports.services import report_submit, version_paste

    for i in range(first, first + count):
        org = organisation_create(name=f"第{i:02d}镇党委", level="乡镇", region="某省青岚县")
        org.parent = top
        org.save()

        def add(username: str, name: str, role: str, team_role: str = "", org: Any = org) -> Any:
            return membership_create(
                organisation=org,
                username=username,
                password="x-password-1",
                display_name=name,
                role=role,
                team_role=team_role,
            )

        admin = add(f"q{i}-admin", f"管理员{i}", Role.ADMIN)
        head = add(f"q{i}-head", f"书记{i}", Role.MEMBER, TeamRole.HEAD)
        add(f"q{i}-member", f"委员{i}", Role.MEMBER, TeamRole.MEMBER)
        meeting = meeting_create(
            actor=admin, title=f"第{i:02d}镇2023年度民主生活会", kind="民主生活会", year=2023
        )
        version = version_paste(meeting=meeting, actor=head, text=sample_text(i % 3))
        report_submit(report=version.report, actor=head)
        Meeting.objects.create(
            organisation=org, title=f"第{i:02d}镇2022年度民主生活会", year=2022, framework_id="2022-six-lead"
        )


def _queries(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_dashboard_and_xlsx_queries_do_not_grow_with_units(
    client: Any, county: Any, django_assert_max_num_queries: Any
) -> None:
    top = county.county_org
    # The same shapes as the units added below: an older meeting naming a framework only by id.
    Meeting.objects.create(
        organisation=county.cast.org, title="2022年度民主生活会", year=2022, framework_id="2022-six-lead"
    )
    client.force_login(county.county.user)
    dashboard, xlsx = reverse("county_dashboard"), reverse("county_xlsx")
    with django_assert_max_num_queries(DASHBOARD_QUERIES):  # the cast's 2 units
        page = client.get(dashboard).content.decode()
    assert "2/2" in page
    two = (_queries(client, dashboard), _queries(client, xlsx))

    _add_units(top, 1, 10)  # 12 units, 22 meetings
    with django_assert_max_num_queries(DASHBOARD_QUERIES):
        page = client.get(dashboard).content.decode()
    assert "第10镇2023年度民主生活会" in page and "第10镇2022年度民主生活会" in page
    with django_assert_max_num_queries(DASHBOARD_QUERIES):
        assert client.get(xlsx).status_code == 200
    assert (_queries(client, dashboard), _queries(client, xlsx)) == two


def test_batched_counts_equal_the_meeting_pages_counts(county: Any) -> None:
    _add_units(county.county_org, 1, 3)
    batched = subtree_meetings(root=county.county_org)
    assert len(batched) == 2 + 3 * 2
    for summary in batched:
        single = meeting_summary(meeting=Meeting.objects.get(pk=summary.meeting.pk))
        assert summary == single, summary.meeting.title
    heads = [s.head_report for s in batched if s.head_report is not None]
    assert len(heads) == 1 + 3 and all(r.status == "submitted" for r in heads)
