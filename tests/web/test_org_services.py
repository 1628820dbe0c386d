"""Organisations, meetings, opinions, library and the audit log."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from mingjing_web.audit.models import AuditLog
from mingjing_web.audit.selectors import audit_for_object, audit_list
from mingjing_web.errors import ServiceError
from mingjing_web.library import services as library
from mingjing_web.library.selectors import document_list
from mingjing_web.meetings import services as meetings
from mingjing_web.meetings.models import Opinion
from mingjing_web.meetings.selectors import meeting_list, opinion_list, opinion_texts
from mingjing_web.orgs import services as orgs
from mingjing_web.orgs.models import Role, TeamRole
from mingjing_web.orgs.selectors import membership_list, team_list
from tests.web.conftest import Cast, sample_text

pytestmark = pytest.mark.django_db


def test_team_list_puts_the_head_first_and_leaves_out_non_members(cast: Cast) -> None:
    assert list(team_list(organisation=cast.org)) == [cast.head, cast.member]
    assert membership_list(organisation=cast.org)[0] == cast.head
    assert cast.outsider not in membership_list(organisation=cast.org)


def test_organisation_update_is_audited(cast: Cast) -> None:
    orgs.organisation_update(
        organisation=cast.org, actor=cast.admin, name="青岚县农业农村局党组", level="县", region="甲省"
    )
    entry = audit_for_object(target=cast.org)[-1]
    assert (
        entry.action == "organisation.update" and entry.actor_name == "管理员甲" and "甲省" in entry.summary
    )


def test_the_last_admin_cannot_be_demoted(cast: Cast) -> None:
    with pytest.raises(ValueError, match="至少"):
        orgs.membership_update(
            membership=cast.admin, actor=cast.admin, role=Role.MEMBER, team_role="", position=""
        )
    orgs.membership_update(
        membership=cast.reviewer, actor=cast.admin, role=Role.ADMIN, team_role="", position=""
    )
    orgs.membership_update(
        membership=cast.admin, actor=cast.admin, role=Role.MEMBER, team_role=TeamRole.MEMBER, position=""
    )
    cast.admin.refresh_from_db()
    assert cast.admin.role == Role.MEMBER


def test_admin_adds_a_member_through_the_page(login: Any, cast: Cast) -> None:
    client = login(cast.admin)
    data = {
        "display_name": "孙丽",
        "username": "sunli",
        "password": "a-long-password",
        "role": "member",
        "team_role": "member",
    }
    response = client.post(reverse("member_create"), data)
    assert response.status_code == 302
    assert any(m.display_name == "孙丽" for m in team_list(organisation=cast.org))
    again = client.post(reverse("member_create"), data)
    assert again.status_code == 400 and "已被使用" in again.content.decode()


def test_meetings_are_scoped_to_their_unit(cast: Cast) -> None:
    assert meeting_list(organisation=cast.org) == [cast.meeting]
    created = meetings.meeting_create(
        actor=cast.admin, title="2024年度民主生活会", kind="民主生活会", year=2024
    )
    assert created.organisation == cast.org
    assert AuditLog.objects.filter(action="meeting.create", object_id=created.pk).exists()


def test_opinions_keep_no_trace_of_who_gave_them(cast: Cast) -> None:
    meetings.opinion_add(
        actor=cast.reviewer, meeting=cast.meeting, subject=cast.member, category="作风", text="调研少"
    )
    meetings.opinion_add(
        actor=cast.reviewer, meeting=cast.meeting, subject=None, category="学习", text="学习浅"
    )
    fields = {f.name for f in Opinion._meta.get_fields()}
    assert fields == {"id", "meeting", "subject", "category", "text"}
    assert set(opinion_texts(meeting=cast.meeting, subject=cast.member)) == {"调研少", "学习浅"}
    assert opinion_texts(meeting=cast.meeting, subject=cast.head) == ["学习浅"]
    entry = AuditLog.objects.filter(action="opinion.add").first()
    assert entry is not None and "调研少" not in entry.summary
    with pytest.raises(ValueError):
        meetings.opinion_add(
            actor=cast.reviewer, meeting=cast.meeting, subject=cast.outsider, category="作风", text="x"
        )
    assert len(opinion_list(meeting=cast.meeting)) == 2


def test_library_add_and_remove(cast: Cast) -> None:
    doc = library.document_add(
        actor=cast.admin,
        kind="template",
        title="通用范文",
        year=None,
        data=sample_text(2).encode(),
        filename="范文.txt",
    )
    assert doc.text and document_list(organisation=cast.org) == [doc]
    assert document_list(organisation=cast.other_org) == []
    with pytest.raises(ServiceError):
        library.document_add(
            actor=cast.reviewer, kind="template", title="x", year=None, data=b"x", filename="x.txt"
        )
    library.document_remove(actor=cast.admin, document=doc)
    assert document_list(organisation=cast.org) == []
    assert [e.action for e in audit_list(organisation=cast.org)][:2] == ["library.remove", "library.add"]


def test_audit_log_is_per_unit(cast: Cast) -> None:
    assert all(e.organisation_id == cast.org.pk for e in audit_list(organisation=cast.org))
    assert audit_list(organisation=cast.other_org)


def test_admin_creates_a_meeting_with_a_shipped_framework(login: Any, cast: Cast) -> None:
    from mingjing_web.frameworks.models import Framework

    client = login(cast.admin)
    page = client.get(reverse("meeting_create")).content.decode()
    shipped = Framework.objects.get(key="2023-theme-education")
    assert f'value="{shipped.current_id}"' in page
    data = {
        "title": "2024年度民主生活会",
        "kind": "民主生活会",
        "year": "2024",
        "framework_version": shipped.current_id,
    }
    response = client.post(reverse("meeting_create"), data)
    assert response.status_code == 302
    assert meeting_list(organisation=cast.org)[0].framework_version_id == shipped.current_id
    bad = client.post(reverse("meeting_create"), {**data, "title": "坏的", "framework_version": "999999"})
    assert bad.status_code == 400 and "坏的" not in [m.title for m in meeting_list(organisation=cast.org)]
