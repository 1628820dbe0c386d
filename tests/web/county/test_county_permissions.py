"""The permission matrix extended to the organisation tree (issue 12).

The new pages × every role of the shared cast, plus the county's 上级审阅 (``county``), another county's
(``far``), the county's admin, and a disabled 上级审阅. In the cast, ``outsider``/``outsider_admin``
belong to a *sibling* unit (both units sit below the county). And every existing page × the upper
level: through the unit's own pages the 上级审阅 sees no more than a sibling's reviewer does.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse

from tests.web.conftest import fresh
from tests.web.county.conftest import County, make_county
from tests.web.test_permissions import MATRIX, Objects, objects, shared_objects  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


# Every test of this module works on the objects of the permission matrix and a county above them, built
# once (``shared_rows``), each in its own savepoint and with its own copies of them (``fresh``).
@pytest.fixture(scope="module")
def shared_county(shared_objects: Objects) -> County:  # noqa: F811 (the fixture imported above)
    return make_county(shared_objects["cast"])


@pytest.fixture
def county(shared_county: County, db: None) -> County:
    copy: County = fresh(shared_county)
    return copy


ROLES = ("admin", "reviewer", "head", "member", "sibling", "sibling_admin", "county", "county_admin", "far")
OK, REDIRECT = 200, 302


def _who(county: Any, role: str) -> Any:
    cast = county.cast
    return {
        "admin": cast.admin,
        "reviewer": cast.reviewer,
        "head": cast.head,
        "member": cast.member,
        "sibling": cast.outsider,
        "sibling_admin": cast.outsider_admin,
        "county": county.county,
        "county_admin": county.county_admin,
        "far": county.far,
    }[role]


def _expect(**by_role: int) -> dict[str, int]:
    assert set(by_role) == set(ROLES)
    return by_role


# Cross-unit pages: only a 上级审阅 member (any 上级审阅 sees its own subtree; another county's sees none of ours).
SUPERVISE = _expect(
    admin=403,
    reviewer=403,
    head=403,
    member=403,
    sibling=403,
    sibling_admin=403,
    county=OK,
    county_admin=403,
    far=OK,
)
# One of our units' objects: visible from above only to our county's 上级审阅, 404 to anyone outside the unit.
UNIT_FROM_ABOVE = _expect(
    admin=404,
    reviewer=404,
    head=404,
    member=404,
    sibling=404,
    sibling_admin=404,
    county=OK,
    county_admin=404,
    far=404,
)
UNIT_FROM_ABOVE_POST = {**UNIT_FROM_ABOVE, "county": REDIRECT}

UrlFn = Callable[[Any], str]
NEW: list[tuple[str, str, UrlFn, dict[str, int]]] = [
    ("county-dashboard", "get", lambda c: reverse("county_dashboard"), SUPERVISE),
    ("county-xlsx", "get", lambda c: reverse("county_xlsx"), SUPERVISE),
    ("county-cross-unit", "get", lambda c: reverse("county_cross_unit"), SUPERVISE),
    ("county-meeting", "get", lambda c: reverse("county_meeting", args=[c.cast.meeting.pk]), UNIT_FROM_ABOVE),
    (
        "county-report-head",
        "get",
        lambda c: reverse("county_report", args=[c.head_report.pk]),
        UNIT_FROM_ABOVE,
    ),
    (
        "county-report-member",
        "get",
        lambda c: reverse("county_report", args=[c.member_report.pk]),
        {**UNIT_FROM_ABOVE, "county": 403},  # members' personal reports stay inside the unit
    ),
    (
        "county-return",
        "post",
        lambda c: reverse("county_report_return", args=[c.head_report.pk]),
        UNIT_FROM_ABOVE_POST,
    ),
    (
        "county-comment",
        "post",
        lambda c: reverse("county_report_comment", args=[c.head_report.pk]),
        UNIT_FROM_ABOVE_POST,
    ),
    (
        "org-tree",
        "get",
        lambda c: reverse("organisation_tree"),
        _expect(
            admin=OK,
            reviewer=403,
            head=403,
            member=403,
            sibling=403,
            sibling_admin=OK,
            county=OK,
            county_admin=OK,
            far=OK,
        ),
    ),
    (
        "org-tree-new",
        "post",
        lambda c: reverse("suborganisation_create"),
        # an empty form: 400 for an admin (the form is shown again), 403 for everyone else
        _expect(
            admin=400,
            reviewer=403,
            head=403,
            member=403,
            sibling=403,
            sibling_admin=400,
            county=403,
            county_admin=400,
            far=403,
        ),
    ),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "method", "url", "expected"), NEW, ids=[row[0] for row in NEW])
def test_new_pages_by_role(
    client: Any, county: Any, role: str, name: str, method: str, url: UrlFn, expected: dict[str, int]
) -> None:
    client.force_login(_who(county, role).user)
    data = {"comment": "请补充", "text": "请补充"} if method == "post" else {}
    response = getattr(client, method)(url(county), data)
    assert response.status_code == expected[role], f"{name} as {role}"


@pytest.mark.parametrize(("name", "method", "url", "expected"), NEW, ids=[row[0] for row in NEW])
def test_new_pages_sign_out_a_disabled_supervisor(
    client: Any, county: Any, name: str, method: str, url: UrlFn, expected: Any
) -> None:
    client.force_login(county.county_off.user)
    response = getattr(client, method)(url(county))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login")), name


@pytest.mark.parametrize(("name", "method", "url", "expected"), NEW, ids=[row[0] for row in NEW])
def test_new_pages_send_anonymous_to_login(
    client: Any, county: Any, name: str, method: str, url: UrlFn, expected: Any
) -> None:
    response = getattr(client, method)(url(county))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login")), name


# The existing pages: the 上级审阅 is an outsider to the unit there (a sibling's reviewer's answer),
# except the template library, which is for a unit's reviewers and admins.
_NOT_A_UNIT_REVIEWER = {"library": 403}


@pytest.mark.parametrize(("name", "method", "url", "expected"), MATRIX, ids=[row[0] for row in MATRIX])
def test_existing_pages_give_the_upper_level_nothing_more(
    client: Any,
    objects: Objects,  # noqa: F811 (the fixture imported above)
    county: Any,
    name: str,
    method: str,
    url: Any,
    expected: dict[str, int],
) -> None:
    client.force_login(county.county.user)
    data = {"role": "member", "team_role": "member", "position": ""} if name == "member-update" else {}
    response = getattr(client, method)(url(objects), data)
    assert response.status_code == _NOT_A_UNIT_REVIEWER.get(name, expected["outsider"]), name


def test_no_opinion_text_reaches_the_upper_level(client: Any, county: Any) -> None:
    from mingjing_web.meetings.models import Opinion

    Opinion.objects.create(
        meeting=county.cast.meeting, subject=county.cast.head, category="作风", text="调研走过场的意见原文"
    )
    client.force_login(county.county.user)
    for url in (
        reverse("county_meeting", args=[county.cast.meeting.pk]),
        reverse("county_report", args=[county.head_report.pk]),
        reverse("county_dashboard"),
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert "调研走过场的意见原文".encode() not in response.content, url
    assert client.get(reverse("meeting_opinions", args=[county.cast.meeting.pk])).status_code == 404


def test_a_sibling_never_sees_the_units_reports(client: Any, county: Any) -> None:
    text = max(county.head_report.latest.text.splitlines(), key=len)[:25].encode()
    for who in (county.cast.outsider, county.cast.outsider_admin):
        client.force_login(who.user)
        for url in (
            reverse("report_detail", args=[county.head_report.pk]),
            reverse("county_report", args=[county.head_report.pk]),
        ):
            response = client.get(url)
            assert response.status_code in (403, 404) and text not in response.content
