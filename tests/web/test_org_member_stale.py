"""A member row of the organisation page carries the row's revision (issue 14.5).

Saved from a page loaded before another admin changed that member, it is refused (409, a Chinese
sentence, the admin's choice shown again in the row) and nothing changes; a fresh row saves and bumps
the revision.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from mingjing_web.audit.models import AuditLog
from mingjing_web.orgs import services
from mingjing_web.orgs.models import Membership, Role, TeamRole
from mingjing_web.revisions import StaleError
from tests.web.conftest import Cast

pytestmark = pytest.mark.django_db


def _row_revision(html: str, membership: Any) -> int:
    """The hidden revision of the member row's form, as the page showed it."""
    action = reverse("member_update", args=[membership.pk])
    found = re.search(rf'action="{action}"[^>]*>.*?name="revision" value="(\d+)"', html, re.S)
    assert found is not None, "the member row carries its revision"
    return int(found.group(1))


def _row_html(html: str, membership: Any) -> str:
    found = re.search(rf'<tr[^>]*>\s*<th scope="row">{membership.display_name}.*?</tr>', html, re.S)
    assert found is not None
    return found.group(0)


def test_a_fresh_member_row_saves_and_bumps_the_revision(login: Any, cast: Cast) -> None:
    client = login(cast.admin)
    shown = _row_revision(client.get(reverse("organisation")).content.decode(), cast.member)
    response = client.post(
        reverse("member_update", args=[cast.member.pk]),
        {"revision": shown, "role": Role.REVIEWER, "team_role": TeamRole.MEMBER, "position": "副局长"},
    )
    assert response.status_code == 302
    saved = Membership.objects.get(pk=cast.member.pk)  # type: ignore[attr-defined]
    assert (saved.role, saved.position, saved.revision) == (Role.REVIEWER, "副局长", shown + 1)
    page = client.get(reverse("organisation")).content.decode()
    assert _row_revision(page, cast.member) == shown + 1


def test_a_stale_member_row_gets_409_keeps_the_choice_and_changes_nothing(login: Any, cast: Cast) -> None:
    client = login(cast.admin)
    shown = _row_revision(client.get(reverse("organisation")).content.decode(), cast.member)
    # Another admin changes the same member after the page was loaded.
    services.membership_update(
        membership=Membership.objects.get(pk=cast.member.pk),  # type: ignore[attr-defined]
        actor=cast.admin,  # type: ignore[arg-type]
        role=Role.REVIEWER,
        team_role=TeamRole.MEMBER,
        position="副局长",
        revision=shown,
    )
    audits = AuditLog.objects.count()
    response = client.post(
        reverse("member_update", args=[cast.member.pk]),
        {"revision": shown, "role": Role.MEMBER, "team_role": "", "position": "办公室主任甲乙"},
    )
    html = response.content.decode()
    assert response.status_code == 409
    assert "在您编辑期间，李慧的角色已被他人修改" in html and 'role="alert"' in html
    row = _row_html(html, cast.member)
    assert 'value="办公室主任甲乙"' in row  # the typed position is kept in its row
    assert '<option value="member" selected>成员</option>' in row
    assert '<option value="" selected>不在班子</option>' in row
    assert _row_revision(html, cast.member) == shown  # still based on what was shown: not silently fresh
    saved = Membership.objects.get(pk=cast.member.pk)  # type: ignore[attr-defined]
    assert (saved.role, saved.team_role, saved.position) == (Role.REVIEWER, TeamRole.MEMBER, "副局长")
    assert saved.revision == shown + 1
    assert AuditLog.objects.count() == audits


def test_the_service_refuses_a_stale_revision_before_any_other_rule(cast: Cast) -> None:
    member = Membership.objects.get(pk=cast.member.pk)  # type: ignore[attr-defined]
    current = member.revision
    with pytest.raises(StaleError, match="已被他人修改"):
        services.membership_update(
            membership=member,
            actor=cast.admin,  # type: ignore[arg-type]
            role=Role.MEMBER,
            team_role=TeamRole.HEAD,  # would also clash with the 主要负责人: the conflict is said first
            position="",
            revision=current - 1,
        )
    member.refresh_from_db()
    assert (member.team_role, member.revision) == (TeamRole.MEMBER, current)
