"""The copy index maintained as reports arrive: no check rebuilds it, the tree sees across units."""

from __future__ import annotations

from typing import Any

import pytest

from mingjing.reuse.store import Database
from mingjing_web import corpus
from mingjing_web.meetings.services import meeting_create
from mingjing_web.orgs.models import Role, TeamRole
from mingjing_web.orgs.services import membership_create, organisation_create
from mingjing_web.reports.services import version_paste
from tests.web.conftest import Cast, sample_text

pytestmark = pytest.mark.django_db
WRITES = ("INSERT", "UPDATE", "DELETE", "CREATE TEMP", "TRUNCATE", "COPY")


@pytest.fixture
def writes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every write statement the corpus store runs (counted at the one place SQL goes through)."""
    seen: list[str] = []
    original = Database.execute

    def counting(self: Database, statement: str, params: Any = ()) -> list[Any]:
        if statement.lstrip().upper().startswith(WRITES):
            seen.append(statement)
        return original(self, statement, params)

    monkeypatch.setattr(Database, "execute", counting)
    original_many = Database.executemany

    def counting_many(self: Database, statement: str, rows: Any) -> None:
        seen.append(statement)
        original_many(self, statement, rows)

    monkeypatch.setattr(Database, "executemany", counting_many)
    return seen


@pytest.fixture
def paste(django_capture_on_commit_callbacks: Any) -> Any:
    """``version_paste`` with its after-commit work (the index update) run as in production."""

    def _paste(**kwargs: Any) -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            return version_paste(**kwargs)

    return _paste


def _owners(organisation: Any, scope: corpus.Scope = "unit") -> dict[str, str | None]:
    with corpus.corpus_open(organisation, scope) as c:
        return {i.owner or "": i.source for i in c.list()}


def test_a_saved_version_replaces_its_report_in_the_index(paste: Any, cast: Cast) -> None:
    first = paste(meeting=cast.meeting, actor=cast.member, text=sample_text(1))
    second = paste(meeting=cast.meeting, actor=cast.member, text=sample_text(2))
    owners = _owners(cast.org)
    assert owners == {f"report:{second.report_id}": f"report:{second.report_id}@{second.pk}"}
    assert first.report_id == second.report_id


def test_a_check_queries_the_index_without_writing_to_it(paste: Any, cast: Cast, writes: list[str]) -> None:
    paste(meeting=cast.meeting, actor=cast.member, text=sample_text(1))
    writes.clear()
    check = corpus.reuse_fn(meeting=cast.meeting, author=cast.head)
    for _ in range(3):
        found = check(sample_text(1))
        assert found["copy_ratio"] > 0.5
    assert writes == []


def test_a_drifted_index_is_repaired_by_the_next_check(paste: Any, cast: Cast) -> None:
    paste(meeting=cast.meeting, actor=cast.member, text=sample_text(1))
    with corpus.corpus_open(cast.org) as c:
        c.remove_owner(next(iter(_owners(cast.org))))
    found = corpus.reuse_fn(meeting=cast.meeting, author=cast.head)(sample_text(1))
    assert found["copy_ratio"] > 0.5 and len(_owners(cast.org)) == 1


def test_a_deleted_meeting_leaves_the_index(
    paste: Any, cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    paste(meeting=cast.meeting, actor=cast.member, text=sample_text(1))
    assert _owners(cast.org)
    with django_capture_on_commit_callbacks(execute=True):
        cast.meeting.delete()
    assert _owners(cast.org) == {}


def _unit(parent: Any, name: str, writer: str) -> tuple[Any, Any, Any]:
    org = organisation_create(name=name, level="乡镇", region="某省青岚县")
    org.parent = parent
    org.save()
    admin = membership_create(
        organisation=org, username=f"a-{writer}", password="x-password-1", display_name=f"{name}管理员", role=Role.ADMIN
    )  # fmt: skip
    member = membership_create(
        organisation=org, username=f"m-{writer}", password="x-password-1", display_name=writer,
        role=Role.MEMBER, team_role=TeamRole.MEMBER,
    )  # fmt: skip
    meeting = meeting_create(actor=admin, title=f"{name}2023年度民主生活会", kind="民主生活会", year=2023)
    return org, meeting, member


def test_one_template_in_two_units_is_a_cross_unit_cluster(paste: Any, cast: Cast) -> None:
    county = organisation_create(name="青岚县委组织部", level="县", region="某省青岚县")
    east, east_meeting, east_writer = _unit(county, "东坡镇党委", "王东")
    west, west_meeting, west_writer = _unit(county, "西岭乡党委", "赵西")
    _, _, lone_writer = _unit(county, "南湖街道党工委", "钱南")
    template = sample_text(3)
    a = paste(meeting=east_meeting, actor=east_writer, text=template)
    b = paste(meeting=west_meeting, actor=west_writer, text=template)
    # Each unit's own check never sees the other unit's report.
    assert a.copy_ratio == 0 and b.copy_ratio == 0
    assert set(_owners(county, "tree")) == {f"report:{a.report_id}", f"report:{b.report_id}"}
    clusters = corpus.cross_unit_clusters(organisation=county)
    assert len(clusters) == 1
    assert clusters[0].units == ("东坡镇党委", "西岭乡党委") and clusters[0].longest > 200
    assert {m.author for m in clusters[0].members} == {"王东", "赵西"}
    del east, west, lone_writer


def test_honest_reports_of_two_units_form_no_cluster(paste: Any, cast: Cast) -> None:
    county = organisation_create(name="白云县委组织部", level="县", region="某省白云县")
    _, east_meeting, east_writer = _unit(county, "东村镇党委", "孙东")
    _, west_meeting, west_writer = _unit(county, "西村乡党委", "周西")
    paste(meeting=east_meeting, actor=east_writer, text=sample_text(1))
    paste(meeting=west_meeting, actor=west_writer, text=sample_text(2))
    assert corpus.cross_unit_clusters(organisation=county) == []


def test_the_upper_level_page_lists_the_cluster_and_units_see_nothing_of_it(
    paste: Any, cast: Cast, login: Any, settings: Any
) -> None:
    from django.urls import reverse

    # The page shows the clusters the county.clusters job stored: run it in-process after each paste.
    settings.MINGJING_JOBS_INLINE, settings.MINGJING_BROKER_URL = True, ""

    county = organisation_create(name="青岚县委组织部", level="县", region="某省青岚县")
    reviewer = membership_create(
        organisation=county, username="c-rev", password="x-password-1", display_name="组织部审核人", role=Role.SUPERVISOR
    )  # fmt: skip
    _, east_meeting, east_writer = _unit(county, "东坡镇党委", "王东")
    _, west_meeting, west_writer = _unit(county, "西岭乡党委", "赵西")
    paste(meeting=east_meeting, actor=east_writer, text=sample_text(3))
    paste(meeting=west_meeting, actor=west_writer, text=sample_text(3))
    page = login(reviewer).get(reverse("county_cross_unit")).content.decode()
    assert "东坡镇党委" in page and "西岭乡党委" in page
    assert "王东" not in page and "赵西" not in page  # members' personal reports stay inside their units
    assert login(east_writer).get(reverse("county_cross_unit")).status_code in (403, 404)


def test_a_members_own_earlier_report_is_not_copying(paste: Any, cast: Cast) -> None:
    paste(meeting=cast.meeting, actor=cast.member, text=sample_text(3))
    next_year = meeting_create(
        actor=cast.admin, title="下一年度民主生活会", kind=cast.meeting.kind, year=cast.meeting.year + 1
    )
    own = corpus.reuse_fn(meeting=next_year, author=cast.member)(sample_text(3))
    colleague = corpus.reuse_fn(meeting=next_year, author=cast.head)(sample_text(3))
    assert own["copy_ratio"] < 0.05  # last year's report is the member's own, not a colleague's or a 范文
    assert colleague["copy_ratio"] > 0.5


def test_background_indexing_uses_one_thread_per_process(settings: Any) -> None:
    import threading

    settings.MINGJING_BACKGROUND_INDEXING = True
    names: list[str] = []
    for _ in range(5):
        corpus._later(lambda: names.append(threading.current_thread().name))
    corpus._indexer().submit(lambda: None).result(timeout=10)  # the queue is worked in order
    assert len(names) == 5 and len(set(names)) == 1 and names[0].startswith("mingjing-index")
