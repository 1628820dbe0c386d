"""Frameworks in the database: the shipped set, copy and edit as versions, meetings keeping theirs,
and the core checking a report against a framework that exists only in the database."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from mingjing_web.errors import ServiceError
from mingjing_web.frameworks import services
from mingjing_web.frameworks.models import Framework
from mingjing_web.frameworks.selectors import framework_list
from mingjing_web.meetings.services import meeting_create
from mingjing_web.reports.services import version_paste
from tests.web.conftest import Cast

pytestmark = pytest.mark.django_db


def _shipped(key: str = "2023-theme-education") -> Framework:
    services.framework_sync_shipped()
    return Framework.objects.get(key=key)


def test_the_shipped_files_are_the_starting_set_and_sync_is_idempotent() -> None:
    first = services.framework_sync_shipped()
    assert first >= 5 and services.framework_sync_shipped() == 0
    shipped = Framework.objects.filter(shipped=True)
    assert all(f.current and f.current.number == 1 and not f.editable for f in shipped)


def test_copy_last_years_framework_and_edit_an_aspect_makes_versions(cast: Cast) -> None:
    source = _shipped().current
    assert source is not None
    copy = services.framework_copy(actor=cast.admin, source=source, year=2026, name="2026年度民主生活会")
    assert copy.editable and copy.organisation == cast.org and copy.copied_from == source
    assert copy.current.number == 1 and copy.current.data["year"] == 2026  # type: ignore[union-attr]
    data = dict(copy.current.data)  # type: ignore[union-attr]
    data["aspects"] = [{**data["aspects"][0], "name": "带头强化政治忠诚、提高政治能力"}, *data["aspects"][1:]]
    version = services.framework_update(actor=cast.admin, framework=copy, data=data, base_number=1)
    assert version.number == 2 and version.aspects[0]["name"] == "带头强化政治忠诚、提高政治能力"
    assert source.data["aspects"][0]["name"] == "理论学习"  # the shipped one is untouched


def test_a_stale_edit_is_refused_and_nothing_is_saved(cast: Cast) -> None:
    copy = services.framework_copy(actor=cast.admin, source=_shipped().current, year=2026, name="甲")  # type: ignore[arg-type]
    data = dict(copy.current.data)  # type: ignore[union-attr]
    services.framework_update(actor=cast.admin, framework=copy, data={**data, "name": "乙"}, base_number=1)
    with pytest.raises(ServiceError, match="编辑期间"):
        services.framework_update(
            actor=cast.admin, framework=copy, data={**data, "name": "丙"}, base_number=1
        )
    copy.refresh_from_db()
    assert copy.name == "乙" and copy.versions.count() == 2


def test_only_admins_of_the_unit_edit_and_shipped_ones_are_copied_not_edited(cast: Cast) -> None:
    shipped = _shipped()
    with pytest.raises(ServiceError):
        services.framework_update(
            actor=cast.admin, framework=shipped, data=shipped.current.data, base_number=1
        )  # type: ignore[union-attr]
    with pytest.raises(ServiceError):
        services.framework_copy(actor=cast.reviewer, source=shipped.current, year=2026, name="x")  # type: ignore[arg-type]
    own = services.framework_copy(actor=cast.admin, source=shipped.current, year=2026, name="本单位")  # type: ignore[arg-type]
    with pytest.raises(ServiceError):
        services.framework_update(
            actor=cast.outsider_admin,
            framework=own,
            data=own.current.data,
            base_number=1,  # type: ignore[union-attr]
        )
    assert own in framework_list(organisation=cast.org)
    assert own not in framework_list(organisation=cast.other_org)


def test_a_meeting_keeps_the_version_it_was_created_with(cast: Cast) -> None:
    copy = services.framework_copy(actor=cast.admin, source=_shipped().current, year=2026, name="2026")  # type: ignore[arg-type]
    first = copy.current
    meeting = meeting_create(
        actor=cast.admin, title="2026年度民主生活会", kind="民主生活会", year=2026, framework_version=first
    )
    data = {**first.data, "aspects": [{"name": "全新方面", "aliases": ["全新"]}]}  # type: ignore[union-attr]
    services.framework_update(actor=cast.admin, framework=copy, data=data, base_number=1)
    meeting.refresh_from_db()
    assert meeting.framework_version == first
    assert meeting.framework_version.aspects[0]["name"] == "理论学习"  # type: ignore[union-attr]


def test_reports_are_checked_against_a_framework_that_lives_only_in_the_database(cast: Cast) -> None:
    source = _shipped().current
    data = dict(source.data)  # type: ignore[union-attr]
    # Rename one aspect: only the database version knows this wording.
    data["aspects"] = [
        {"name": "带头学深悟透创新理论", "aliases": ["理论学习", "学习理论"]},
        *data["aspects"][1:],
    ]
    framework = services.framework_create(actor=cast.admin, data={**data, "year": 2026, "name": "2026测试"})
    meeting = meeting_create(
        actor=cast.admin, title="2026", kind="民主生活会", year=2026, framework_version=framework.current
    )
    text = (
        "对照检查材料\n一、存在问题\n（一）理论学习方面\n一是学习不够深入，去年只参加了3次集中学习，笔记很少。\n"
        "二、原因剖析\n一是理想信念不够坚定。\n三、整改措施\n一是加强学习，每月至少2次。"
    )
    version = version_paste(meeting=meeting, actor=cast.member, text=text)
    assert version.parse_json["framework"]["id"] == framework.current.core_id  # type: ignore[union-attr]
    assert "带头学深悟透创新理论" in version.aspect_stats


def test_framework_pages_create_copy_and_edit(login: Any, cast: Cast) -> None:
    client = login(cast.admin)
    shipped = _shipped()
    page = client.get(reverse("framework_copy", args=[shipped.pk]))
    assert page.status_code == 200 and "2024" in page.content.decode()  # the year moved on by one
    form = {
        "name": "2026年度民主生活会",
        "year": "2026",
        "kind": "民主生活会",
        "required_parts": ["存在问题", "原因剖析", "整改措施"],
        "norm_problems": "600",
        "requirements": "",
        "aspects-TOTAL_FORMS": "2",
        "aspects-INITIAL_FORMS": "0",
        "aspects-0-name": "带头强化政治忠诚、提高政治能力",
        "aspects-0-aliases": "政治忠诚\n强化政治忠诚、提高政治能力",
        "aspects-0-examples": "学习研讨发言照本宣科",
        "aspects-1-name": "",
    }
    response = client.post(reverse("framework_copy", args=[shipped.pk]), form)
    assert response.status_code == 302
    copy = Framework.objects.get(name="2026年度民主生活会")
    assert copy.current.aspects == [  # type: ignore[union-attr]
        {
            "name": "带头强化政治忠诚、提高政治能力",
            "aliases": ["政治忠诚", "强化政治忠诚、提高政治能力"],  # an alias may contain 、
            "examples": ["学习研讨发言照本宣科"],
        }
    ]
    assert copy.current.length_norms == {"problems": 600}  # type: ignore[union-attr]
    edit = {**form, "base_number": "1", "aspects-0-name": "带头强化政治忠诚"}
    assert client.post(reverse("framework_edit", args=[copy.pk]), edit).status_code == 302
    stale = client.post(reverse("framework_edit", args=[copy.pk]), {**edit, "aspects-0-name": "又改"})
    assert stale.status_code == 409 and "又改" in stale.content.decode()  # the input is kept
    bad = client.post(reverse("framework_create"), {**form, "year": "26"})
    assert bad.status_code == 400
    detail = client.get(reverse("framework_detail", args=[copy.pk])).content.decode()
    assert "第 2 版" in detail and "带头强化政治忠诚" in detail
