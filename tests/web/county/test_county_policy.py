"""The organisation tree in policy: an upper level sees its subtree's units, never a sibling's."""

from __future__ import annotations

import pytest

from mingjing_web import policy
from mingjing_web.orgs.models import Organisation
from mingjing_web.orgs.services import organisation_create

pytestmark = pytest.mark.django_db


def test_supervisor_sees_units_below_and_not_its_own_or_another_county(county) -> None:  # type: ignore[no-untyped-def]
    cast = county.cast
    assert policy.supervisor_over(who=county.county.user, organisation_id=cast.org.pk) == county.county
    assert policy.supervisor_over(who=county.county, organisation_id=cast.other_org.pk) == county.county
    # its own organisation is not "below" it, and another county's supervisor has no say here
    assert policy.supervisor_over(who=county.county, organisation_id=county.county_org.pk) is None
    assert policy.supervisor_over(who=county.far, organisation_id=cast.org.pk) is None


def test_grandchildren_are_in_the_subtree(county) -> None:  # type: ignore[no-untyped-def]
    branch = organisation_create(name="农业农村局机关第一党支部", level="县")
    Organisation.objects.filter(pk=branch.pk).update(parent=county.cast.org)
    ids = policy.organisation_subtree_ids(organisation_id=county.county_org.pk)
    assert branch.pk in ids and county.cast.org.pk in ids and county.far.organisation_id not in ids
    assert policy.supervisor_over(who=county.county, organisation_id=branch.pk) == county.county
    assert policy.organisation_ancestor_ids(organisation_id=branch.pk) == [
        county.cast.org.pk,
        county.county_org.pk,
    ]


def test_a_cycle_in_bad_data_does_not_loop(county) -> None:  # type: ignore[no-untyped-def]
    Organisation.objects.filter(pk=county.county_org.pk).update(parent=county.cast.org)
    assert set(policy.organisation_ancestor_ids(organisation_id=county.cast.org.pk)) == {county.county_org.pk}
    assert len(policy.organisation_subtree_ids(organisation_id=county.county_org.pk)) == 3


def test_only_the_heads_report_goes_up(county) -> None:  # type: ignore[no-untyped-def]
    assert policy.can_supervise_report(who=county.county, report=county.head_report)
    assert not policy.can_supervise_report(who=county.county, report=county.member_report)
    assert not policy.can_supervise_report(who=county.far, report=county.head_report)


def test_unit_roles_and_admins_of_the_county_do_not_supervise(county) -> None:  # type: ignore[no-untyped-def]
    cast = county.cast
    for who in (
        cast.admin,
        cast.reviewer,
        cast.head,
        cast.outsider,
        cast.outsider_admin,
        county.county_admin,
    ):
        assert not policy.can_supervise_report(who=who, report=county.head_report), who
        assert not policy.can_supervise(who=who), who


def test_a_disabled_supervisor_sees_nothing(county) -> None:  # type: ignore[no-untyped-def]
    county.county_off.user.refresh_from_db()
    assert policy.supervisor_over(who=county.county_off, organisation_id=county.cast.org.pk) is None
    assert not policy.can_supervise(who=county.county_off)


def test_opinions_never_go_up(county) -> None:  # type: ignore[no-untyped-def]
    assert not policy.can_supervise_opinions(who=county.county, meeting=county.cast.meeting)
    assert not policy.can_manage_opinions(who=county.county, meeting=county.cast.meeting)
