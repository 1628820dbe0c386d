"""A county above the shared cast: 青岚县委 → {农业农村局党组 (the cast's unit), 白鹤镇党委 (its sibling)}.

The cast's ``outsider``/``outsider_admin`` are then a *sibling* unit's users; ``county`` is the 组织部
user (上级审阅) of the county, ``far`` the 上级审阅 of another county, ``county_off`` a disabled one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from tests.web.conftest import PASSWORD, Cast, sample_text


@dataclass
class County:
    cast: Cast
    county_org: Any
    county: Any  # 组织部 user, role 上级审阅
    county_admin: Any  # the county's admin (not a reviewer of the units)
    far: Any  # 上级审阅 of another county
    county_off: Any  # disabled 上级审阅 of the county
    head_report: Any  # the cast unit's 主要负责人's report, submitted
    member_report: Any  # the cast unit's 班子成员's report, submitted


@pytest.fixture
def county(cast: Cast) -> County:
    return make_county(cast)


def make_county(cast: Cast) -> County:
    """Put the cast's unit and its sibling under a county, with the county's users and two submitted reports."""
    from mingjing_web.orgs.models import Organisation, OrgKind, Role
    from mingjing_web.orgs.services import membership_create, membership_set_active, organisation_create
    from mingjing_web.reports.services import report_submit, version_paste

    top = organisation_create(name="青岚县委", level="县", region="某省青岚县")
    top.kind = OrgKind.COMMITTEE
    top.save()
    Organisation.objects.filter(pk__in=[cast.org.pk, cast.other_org.pk]).update(parent=top)  # type: ignore[attr-defined]
    far_org = organisation_create(name="远山县委", level="县", region="某省远山县")

    def add(org: Any, username: str, name: str, role: str) -> Any:
        return membership_create(
            organisation=org, username=username, password=PASSWORD, display_name=name, role=role
        )

    supervisor = add(top, "t-county", "组织部王科长", Role.SUPERVISOR)
    county_admin = add(top, "t-county-admin", "县委管理员", Role.ADMIN)
    far = add(far_org, "t-far", "远山组织部", Role.SUPERVISOR)
    off = add(top, "t-county-off", "已停用审阅人", Role.SUPERVISOR)
    membership_set_active(membership=off, actor=county_admin, active=False)
    head = version_paste(meeting=cast.meeting, actor=cast.head, text=sample_text(0)).report
    head = report_submit(report=head, actor=cast.head)
    member = version_paste(meeting=cast.meeting, actor=cast.member, text=sample_text(1)).report
    member = report_submit(report=member, actor=cast.member)
    return County(cast, top, supervisor, county_admin, far, off, head, member)


@pytest.fixture
def run_jobs(settings: Any, django_capture_on_commit_callbacks: Any) -> Any:
    """``with run_jobs(): ...`` runs the block's after-commit work as the server does, with background
    jobs in-process: a job queued in the block (a cluster refresh) is finished when the block ends."""
    settings.MINGJING_JOBS_INLINE = True
    settings.MINGJING_BROKER_URL = ""

    def _run() -> Any:
        return django_capture_on_commit_callbacks(execute=True)

    return _run


def clusters_page(client: Any, run_jobs: Any) -> str:
    """The cross-unit page as seen once the refresh its visit queued (if any) has finished."""
    from django.urls import reverse

    url = reverse("county_cross_unit")
    with run_jobs():
        client.get(url)
    return str(client.get(url).content.decode())
