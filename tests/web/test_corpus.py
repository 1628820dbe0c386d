"""The copy check in the web: sources are the unit's library and reports, never itself or another unit."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from mingjing_web import corpus
from mingjing_web.library.services import document_add
from mingjing_web.meetings.services import meeting_member_add
from mingjing_web.orgs.models import TeamRole
from mingjing_web.orgs.services import membership_create
from mingjing_web.reports.models import Report
from mingjing_web.reports.services import version_paste
from tests.web.conftest import Cast, sample_text

pytestmark = pytest.mark.django_db


def _copies(version: Any) -> list[dict[str, Any]]:
    return [p for p in version.reuse_json["passages"] if p["kind"] == "copy"]


def test_a_colleagues_copy_is_found_with_its_source(cast: Cast, uploaded: Report) -> None:
    copied = version_paste(meeting=cast.meeting, actor=cast.head, text=sample_text(1))
    assert copied.copy_ratio > 0.5
    assert {p["source_key"] for p in _copies(copied)} == {f"report:{uploaded.pk}"}


def test_a_new_version_is_not_a_copy_of_the_previous_one(cast: Cast, uploaded: Report) -> None:
    again = version_paste(meeting=cast.meeting, actor=cast.member, text=sample_text(1))
    assert again.copy_ratio == 0 and not _copies(again)


def test_another_units_reports_are_never_sources(cast: Cast, uploaded: Report) -> None:
    writer = membership_create(
        organisation=cast.other_org, username="t-other-writer", password="x-password-1", display_name="外单位成员",
        team_role=TeamRole.MEMBER,
    )  # fmt: skip
    meeting_member_add(actor=cast.outsider_admin, meeting=cast.other_meeting, member=writer)
    theirs = version_paste(meeting=cast.other_meeting, actor=writer, text=sample_text(1))
    assert not _copies(theirs)


def test_library_documents_are_sources_and_can_be_switched_off(cast: Cast) -> None:
    document_add(
        actor=cast.admin,
        kind="template",
        title="网上范文",
        year=None,
        data=sample_text(3).encode(),
        filename="范文.txt",
    )
    found = version_paste(meeting=cast.meeting, actor=cast.member, text=sample_text(3))
    assert found.copy_ratio > 0.5 and _copies(found)[0]["source_key"].startswith("library:")
    cast.meeting.check_templates = False
    cast.meeting.save()
    quiet = version_paste(meeting=cast.meeting, actor=cast.head, text=sample_text(3))
    assert {p["source_key"] for p in _copies(quiet)} == {f"report:{found.report_id}"}  # the colleague only


def test_corpus_heals_after_losing_its_file(cast: Cast, uploaded: Report) -> None:
    location = corpus.corpus_location(cast.org)
    if location.startswith("postgres"):
        pytest.skip("the file case only applies to the SQLite corpus")
    for suffix in ("", "-wal", "-shm"):
        Path(location + suffix).unlink(missing_ok=True)
    copied = version_paste(meeting=cast.meeting, actor=cast.head, text=sample_text(1))
    assert copied.copy_ratio > 0.5


def test_members_see_that_text_matches_a_colleague_but_not_whose(
    login: Any, cast: Cast, uploaded: Report
) -> None:
    copied = version_paste(meeting=cast.meeting, actor=cast.head, text=sample_text(1))
    member_page = login(cast.head).get(reverse("report_detail", args=[copied.report_id])).content.decode()
    assert "本单位其他同志的材料" in member_page and "李慧 ·" not in member_page
    reviewer_page = (
        login(cast.reviewer).get(reverse("report_detail", args=[copied.report_id])).content.decode()
    )
    assert "李慧 · 2023年度主题教育专题民主生活会" in reviewer_page
