"""`mingjing demo` brings a county with two units; loading it again changes nothing."""

from __future__ import annotations

import pytest

from mingjing_web.county.selectors import subtree_meetings
from mingjing_web.demo import demo_load
from mingjing_web.orgs.models import Membership, Organisation, Role
from mingjing_web.reports.models import ReportVersion

pytestmark = pytest.mark.django_db


def test_demo_county_is_complete_and_idempotent() -> None:
    first = demo_load()
    county = Membership.objects.get(user__username="county")
    assert county.role == Role.SUPERVISOR
    units = {m.unit.name for m in subtree_meetings(root=county.organisation)}
    assert units == {first.organisation, "青岚县白鹤镇党委"}
    counts = (Organisation.objects.count(), Membership.objects.count(), ReportVersion.objects.count())
    demo_load()
    assert (Organisation.objects.count(), Membership.objects.count(), ReportVersion.objects.count()) == counts


def test_demo_county_keeps_a_unit_an_admin_moved() -> None:
    demo_load()
    bureau = Organisation.objects.get(memberships__user__username="admin")
    elsewhere = Organisation.objects.create(name="另一县委", level="县")
    Organisation.objects.filter(pk=bureau.pk).update(parent=elsewhere)
    demo_load()
    bureau.refresh_from_db()
    assert bureau.parent_id == elsewhere.pk
