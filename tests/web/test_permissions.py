"""The permission matrix: every view × every role. Other units' objects are 404, the wrong role 403.

A disabled account is signed out at its next request: every view sends it to the login page.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse

from mingjing_web.frameworks.models import Framework
from mingjing_web.frameworks.services import framework_copy, framework_sync_shipped
from mingjing_web.library.models import LibraryDocument
from mingjing_web.meetings.models import Opinion
from mingjing_web.meetings.services import meeting_member_add
from mingjing_web.orgs.services import membership_create, membership_set_active
from tests.web.conftest import PASSWORD, Cast, fresh, make_cast, upload_clean

pytestmark = pytest.mark.django_db

ROLES = ("admin", "reviewer", "head", "member", "outsider", "outsider_admin")
OK, REDIRECT = 200, 302


def _expect(**by_role: int) -> dict[str, int]:
    assert set(by_role) == set(ROLES)
    return by_role


Objects = dict[str, Any]
UrlFn = Callable[[Objects], str]

# Who may see a report: its author, the unit's reviewers/admins and the meeting's 主要负责人 (审阅把关);
# other units 404.
READ_REPORT = _expect(admin=OK, reviewer=OK, head=OK, member=OK, outsider=404, outsider_admin=404)
OVERSEE = _expect(admin=OK, reviewer=OK, head=OK, member=403, outsider=404, outsider_admin=404)
OPINIONS = _expect(admin=OK, reviewer=OK, head=403, member=403, outsider=404, outsider_admin=404)
MANAGE = _expect(admin=OK, reviewer=403, head=403, member=403, outsider=404, outsider_admin=404)
MANAGE_POST = {**MANAGE, "admin": REDIRECT}
ADMIN_ONLY = _expect(admin=OK, reviewer=403, head=403, member=403, outsider=403, outsider_admin=OK)
EVERYONE = _expect(admin=OK, reviewer=OK, head=OK, member=OK, outsider=OK, outsider_admin=OK)
OWN_UNIT = _expect(admin=OK, reviewer=OK, head=OK, member=OK, outsider=404, outsider_admin=404)
MEMBER_ADMIN = _expect(admin=REDIRECT, reviewer=403, head=403, member=403, outsider=403, outsider_admin=404)

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
    ("opinions", "get", lambda o: reverse("meeting_opinions", args=[o["meeting"].pk]), OPINIONS),
    (
        "opinion-delete",
        "post",
        lambda o: reverse("opinion_delete", args=[o["meeting"].pk, o["opinion"].pk]),
        _expect(admin=REDIRECT, reviewer=REDIRECT, head=403, member=403, outsider=404, outsider_admin=404),
    ),
    ("meeting-edit", "get", lambda o: reverse("meeting_edit", args=[o["meeting"].pk]), MANAGE),
    ("meeting-state", "post", lambda o: reverse("meeting_state", args=[o["meeting"].pk]), MANAGE_POST),
    ("meeting-members", "get", lambda o: reverse("meeting_members", args=[o["meeting"].pk]), MANAGE),
    (
        "meeting-member-remove",
        "post",
        lambda o: reverse("meeting_member_remove", args=[o["meeting"].pk, o["cast"].head.pk]),
        MANAGE_POST,
    ),
    (
        "upload-on-behalf",
        "get",
        lambda o: reverse("meeting_member_report", args=[o["meeting"].pk, o["cast"].head.pk]),
        _expect(admin=OK, reviewer=403, head=OK, member=403, outsider=404, outsider_admin=404),
    ),
    ("archived", "get", lambda o: reverse("meeting_archived"), EVERYONE),
    ("review-queue", "get", lambda o: reverse("review_queue"), EVERYONE),
    ("notifications", "get", lambda o: reverse("notifications"), EVERYONE),
    (
        "notification-read",
        "post",
        lambda o: reverse("notification_read", args=[0]),
        {role: REDIRECT for role in ROLES},
    ),
    ("password-change", "get", lambda o: reverse("password_change"), EVERYONE),
    ("member-disable", "post", lambda o: reverse("member_active", args=[o["cast"].member.pk]), MEMBER_ADMIN),
    (
        "member-password",
        "post",
        lambda o: reverse("member_password", args=[o["cast"].member.pk]),
        MEMBER_ADMIN,
    ),
    ("frameworks", "get", lambda o: reverse("frameworks"), EVERYONE),
    ("framework-shipped", "get", lambda o: reverse("framework_detail", args=[o["shipped"].pk]), EVERYONE),
    ("framework-own", "get", lambda o: reverse("framework_detail", args=[o["framework"].pk]), OWN_UNIT),
    ("framework-export", "get", lambda o: reverse("framework_export", args=[o["framework"].pk]), OWN_UNIT),
    ("framework-new", "get", lambda o: reverse("framework_create"), ADMIN_ONLY),
    ("framework-copy", "get", lambda o: reverse("framework_copy", args=[o["shipped"].pk]), ADMIN_ONLY),
    ("framework-edit", "get", lambda o: reverse("framework_edit", args=[o["framework"].pk]), MANAGE),
    (
        "framework-edit-shipped",
        "get",
        lambda o: reverse("framework_edit", args=[o["shipped"].pk]),
        _expect(admin=403, reviewer=403, head=403, member=403, outsider=403, outsider_admin=403),
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
    ("twins", "get", lambda o: reverse("report_twins", args=[o["report"].pk]), READ_REPORT),
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
        # an admin may send in a file the member handed over (recorded as such)
        _expect(admin=REDIRECT, reviewer=403, head=403, member=REDIRECT, outsider=404, outsider_admin=404),
    ),
    (
        "return",
        "post",
        lambda o: reverse("report_return", args=[o["report"].pk]),
        _expect(admin=403, reviewer=REDIRECT, head=REDIRECT, member=403, outsider=404, outsider_admin=404),
    ),
    (
        "approve",
        "post",
        lambda o: reverse("report_approve", args=[o["report"].pk]),
        _expect(admin=403, reviewer=REDIRECT, head=REDIRECT, member=403, outsider=404, outsider_admin=404),
    ),
    (
        "comment",
        "post",
        lambda o: reverse("comment_create", args=[o["report"].pk]),
        _expect(
            admin=403, reviewer=REDIRECT, head=REDIRECT, member=REDIRECT, outsider=404, outsider_admin=404
        ),
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


# Every test of this module works on one cast, report and set of objects built once (``shared_rows``),
# each in its own savepoint and with its own copies of them (``fresh``).
@pytest.fixture(scope="module")
def shared_objects(shared_rows: None) -> Objects:
    cast = make_cast()
    return build_objects(cast, upload_clean(cast))


@pytest.fixture
def objects(shared_objects: Objects, db: None) -> Objects:
    copies: Objects = fresh(shared_objects)
    return copies


def build_objects(cast: Cast, uploaded: Any) -> Objects:
    opinion = Opinion.objects.create(
        meeting=cast.meeting, subject=cast.member, category="作风", text="调研不够深入"
    )
    document = LibraryDocument.objects.create(
        organisation=cast.org, title="范文", filename="a.txt", text="范文正文"
    )
    framework_sync_shipped()
    shipped = Framework.objects.get(key="2023-theme-education")
    own = framework_copy(actor=cast.admin, source=shipped.current, year=2026, name="2026年度民主生活会")
    disabled = membership_create(
        organisation=cast.org,
        username="t-disabled",
        password=PASSWORD,
        display_name="已停用",
        team_role="member",
    )
    meeting_member_add(actor=cast.admin, meeting=cast.meeting, member=disabled)
    membership_set_active(membership=disabled, actor=cast.admin, active=False)
    return {
        "cast": cast,
        "meeting": cast.meeting,
        "report": uploaded,
        "opinion": opinion,
        "document": document,
        "shipped": shipped,
        "framework": own,
        "disabled": disabled,
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
def test_a_disabled_account_is_signed_out_everywhere(
    client: Any, objects: Objects, name: str, method: str, url: UrlFn, expected: Any
) -> None:
    client.force_login(objects["disabled"].user)  # a session from before it was disabled
    response = getattr(client, method)(url(objects))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login")), name


def test_a_disabled_account_cannot_log_in(client: Any, objects: Objects) -> None:
    assert not client.login(username="t-disabled", password=PASSWORD)
    assert client.login(username="t-member", password=PASSWORD)


@pytest.mark.parametrize(("name", "method", "url", "expected"), MATRIX, ids=[row[0] for row in MATRIX])
def test_anonymous_is_sent_to_login(
    client: Any, objects: Objects, name: str, method: str, url: UrlFn, expected: Any
) -> None:
    response = getattr(client, method)(url(objects))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_a_member_never_sees_a_colleagues_text(client: Any, objects: Objects) -> None:
    from mingjing_web.reports.services import version_paste
    from tests.web.conftest import sample_text

    cast = objects["cast"]
    heads = version_paste(meeting=cast.meeting, actor=cast.head, text=sample_text(0)).report
    client.force_login(cast.member.user)
    response = client.get(reverse("report_detail", args=[heads.pk]))
    assert response.status_code == 403
    assert heads.latest.text[:30].encode() not in response.content
