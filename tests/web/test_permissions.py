"""The permission matrix: every view × every role. Other units' objects are 404, the wrong role 403."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse

from mingjing_web.library.models import LibraryDocument
from mingjing_web.meetings.models import Opinion
from mingjing_web.reports.models import Report
from tests.web.conftest import Cast

pytestmark = pytest.mark.django_db

ROLES = ("admin", "reviewer", "head", "member", "outsider", "outsider_admin")
OK, REDIRECT = 200, 302


def _expect(**by_role: int) -> dict[str, int]:
    assert set(by_role) == set(ROLES)
    return by_role


Objects = dict[str, Any]
UrlFn = Callable[[Objects], str]

# Who may see a report: its author and the unit's reviewers/admins; colleagues 403, other units 404.
READ_REPORT = _expect(admin=OK, reviewer=OK, head=403, member=OK, outsider=404, outsider_admin=404)
OVERSEE = _expect(admin=OK, reviewer=OK, head=403, member=403, outsider=404, outsider_admin=404)
ADMIN_ONLY = _expect(admin=OK, reviewer=403, head=403, member=403, outsider=403, outsider_admin=OK)

MATRIX: list[tuple[str, str, UrlFn, dict[str, int]]] = [
    (
        "home",
        "get",
        lambda o: reverse("home"),
        _expect(admin=OK, reviewer=OK, head=OK, member=OK, outsider=OK, outsider_admin=OK),
    ),
    ("dashboard", "get", lambda o: reverse("meeting_dashboard", args=[o["meeting"].pk]), OVERSEE),
    ("drilldown", "get", lambda o: reverse("meeting_findings", args=[o["meeting"].pk]), OVERSEE),
    ("xlsx", "get", lambda o: reverse("meeting_xlsx", args=[o["meeting"].pk]), OVERSEE),
    ("opinions", "get", lambda o: reverse("meeting_opinions", args=[o["meeting"].pk]), OVERSEE),
    (
        "opinion-delete",
        "post",
        lambda o: reverse("opinion_delete", args=[o["meeting"].pk, o["opinion"].pk]),
        _expect(admin=REDIRECT, reviewer=REDIRECT, head=403, member=403, outsider=404, outsider_admin=404),
    ),
    (
        "mine",
        "get",
        lambda o: reverse("meeting_mine", args=[o["meeting"].pk]),
        _expect(admin=403, reviewer=403, head=OK, member=REDIRECT, outsider=404, outsider_admin=404),
    ),
    (
        "upload",
        "post",
        lambda o: reverse("version_create", args=[o["meeting"].pk]),
        _expect(admin=403, reviewer=403, head=400, member=400, outsider=404, outsider_admin=404),
    ),
    ("report", "get", lambda o: reverse("report_detail", args=[o["report"].pk]), READ_REPORT),
    ("version", "get", lambda o: reverse("report_version", args=[o["report"].pk, 1]), READ_REPORT),
    ("diff", "get", lambda o: reverse("report_diff", args=[o["report"].pk]) + "?a=1&b=1", READ_REPORT),
    (
        "original",
        "get",
        lambda o: reverse("version_download", args=[o["report"].pk, 1, "original"]),
        READ_REPORT,
    ),
    (
        "annotated",
        "get",
        lambda o: reverse("version_download", args=[o["report"].pk, 1, "docx"]),
        READ_REPORT,
    ),
    (
        "html-review",
        "get",
        lambda o: reverse("version_download", args=[o["report"].pk, 1, "html"]),
        READ_REPORT,
    ),
    (
        "submit",
        "post",
        lambda o: reverse("report_submit", args=[o["report"].pk]),
        _expect(admin=403, reviewer=403, head=403, member=REDIRECT, outsider=404, outsider_admin=404),
    ),
    (
        "return",
        "post",
        lambda o: reverse("report_return", args=[o["report"].pk]),
        _expect(admin=403, reviewer=REDIRECT, head=403, member=403, outsider=404, outsider_admin=404),
    ),
    (
        "approve",
        "post",
        lambda o: reverse("report_approve", args=[o["report"].pk]),
        _expect(admin=403, reviewer=REDIRECT, head=403, member=403, outsider=404, outsider_admin=404),
    ),
    (
        "comment",
        "post",
        lambda o: reverse("comment_create", args=[o["report"].pk]),
        _expect(admin=403, reviewer=REDIRECT, head=403, member=REDIRECT, outsider=404, outsider_admin=404),
    ),
    ("meeting-new", "get", lambda o: reverse("meeting_create"), ADMIN_ONLY),
    ("organisation", "get", lambda o: reverse("organisation"), ADMIN_ONLY),
    ("audit", "get", lambda o: reverse("audit"), ADMIN_ONLY),
    (
        "member-update",
        "post",
        lambda o: reverse("member_update", args=[o["cast"].member.pk]),
        _expect(admin=REDIRECT, reviewer=403, head=403, member=403, outsider=403, outsider_admin=404),
    ),
    (
        "library",
        "get",
        lambda o: reverse("library"),
        _expect(admin=OK, reviewer=OK, head=403, member=403, outsider=OK, outsider_admin=OK),
    ),
    (
        "library-delete",
        "post",
        lambda o: reverse("library_delete", args=[o["document"].pk]),
        _expect(admin=REDIRECT, reviewer=403, head=403, member=403, outsider=403, outsider_admin=404),
    ),
]


@pytest.fixture
def objects(cast: Cast, uploaded: Report) -> Objects:
    opinion = Opinion.objects.create(
        meeting=cast.meeting, subject=cast.member, category="作风", text="调研不够深入"
    )
    document = LibraryDocument.objects.create(
        organisation=cast.org, title="范文", filename="a.txt", text="范文正文"
    )
    return {
        "cast": cast,
        "meeting": cast.meeting,
        "report": uploaded,
        "opinion": opinion,
        "document": document,
    }


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "method", "url", "expected"), MATRIX, ids=[row[0] for row in MATRIX])
def test_permission_matrix(
    client: Any, objects: Objects, role: str, name: str, method: str, url: UrlFn, expected: dict[str, int]
) -> None:
    client.force_login(objects["cast"].roles()[role].user)
    data = {"role": "member", "team_role": "member", "position": ""} if name == "member-update" else {}
    response = getattr(client, method)(url(objects), data)
    assert response.status_code == expected[role], f"{name} as {role}"


@pytest.mark.parametrize(("name", "method", "url", "expected"), MATRIX, ids=[row[0] for row in MATRIX])
def test_anonymous_is_sent_to_login(
    client: Any, objects: Objects, name: str, method: str, url: UrlFn, expected: Any
) -> None:
    response = getattr(client, method)(url(objects))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_a_member_never_sees_a_colleagues_text(client: Any, objects: Objects) -> None:
    client.force_login(objects["cast"].head.user)
    response = client.get(reverse("report_detail", args=[objects["report"].pk]))
    assert response.status_code == 403
    assert objects["report"].latest.text[:30].encode() not in response.content
