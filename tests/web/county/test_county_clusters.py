"""Cross-unit clusters as a stored, debounced background job (issue 12): the job computes what
``cross_unit_clusters`` computes, index changes mark the result stale and queue one job, and the page
shows what is stored without computing anything in the request."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from mingjing_web import corpus
from mingjing_web.county.clusters import cluster_json, clusters_mark_stale, clusters_refresh
from mingjing_web.county.models import CrossUnitResult
from mingjing_web.county.selectors import settings_data
from mingjing_web.jobs import queue
from mingjing_web.jobs.models import Job, JobKind, JobState
from mingjing_web.jobs.services import job_run
from mingjing_web.reports.services import version_paste
from tests.web.conftest import sample_text
from tests.web.county.conftest import clusters_page

pytestmark = pytest.mark.django_db
PAGE_QUERIES = 20  # the page's bound, whatever the number of clusters and units


def _jobs() -> list[Job]:
    return list(Job.objects.filter(kind=JobKind.CLUSTERS).order_by("pk"))


@pytest.fixture
def dispatched(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Jobs handed to the queue, kept queued (as while every worker is busy) so the test runs them."""
    seen: list[int] = []
    monkeypatch.setattr(queue, "dispatch", seen.append)
    return seen


@pytest.fixture
def writer(county: Any) -> Any:
    """A 班子成员 of 白鹤镇 with a meeting seat and nothing handed in yet (free to save versions)."""
    from mingjing_web.meetings.services import meeting_member_add
    from mingjing_web.orgs.services import membership_create

    member = membership_create(
        organisation=county.cast.other_org,
        username="t-bh-member",
        password="cast-password-123",
        display_name="白鹤委员",
        team_role="member",
    )
    meeting_member_add(actor=county.cast.outsider_admin, meeting=county.cast.other_meeting, member=member)
    return member


@pytest.fixture
def template_in_both(county: Any) -> Any:
    """白鹤镇's 主要负责人 handed in the text the cast unit's 主要负责人 handed in: one cluster."""
    from mingjing_web.meetings.services import meeting_member_add
    from mingjing_web.orgs.services import membership_create

    head_b = membership_create(
        organisation=county.cast.other_org,
        username="t-bh-head",
        password="cast-password-123",
        display_name="白鹤书记",
        team_role="head",
    )
    meeting_member_add(actor=county.cast.outsider_admin, meeting=county.cast.other_meeting, member=head_b)
    version_paste(meeting=county.cast.other_meeting, actor=head_b, text=sample_text(0))
    return head_b


def test_the_job_stores_what_cross_unit_clusters_computes_on_the_demo_county(run_jobs: Any) -> None:
    from mingjing_web.demo import demo_load
    from mingjing_web.orgs.models import Membership

    demo_load()
    supervisor = Membership.objects.get(user__username="county")
    county = supervisor.organisation
    with run_jobs():
        job = clusters_refresh(organisation=county, actor=supervisor)
    assert job is not None
    job.refresh_from_db()
    assert job.state == JobState.DONE and job.kind == JobKind.CLUSTERS
    minimum = int(settings_data()["cluster_min_passage"])
    expected = [cluster_json(c) for c in corpus.cross_unit_clusters(organisation=county, min_passage=minimum)]
    stored = CrossUnitResult.objects.get(pk=county.pk)
    assert stored.clusters == expected and expected  # the demo's one 范文 in two units
    assert any({"青岚县白鹤镇党委"} < set(c["units"]) for c in expected)
    assert stored.index_state == corpus.tree_index_state(organisation=county)
    assert stored.computed_at is not None and stored.job_id is None and not stored.behind


def test_saving_versions_marks_stale_and_queues_one_job(
    county: Any, writer: Any, dispatched: list[int], django_capture_on_commit_callbacks: Any
) -> None:
    meeting = county.cast.other_meeting
    for index in (1, 2, 3):  # a burst of uploads in a subordinate unit, each indexed after its commit
        with django_capture_on_commit_callbacks(execute=True):
            version_paste(meeting=meeting, actor=writer, text=sample_text(index))
    row = CrossUnitResult.objects.get(pk=county.county_org.pk)
    jobs = _jobs()
    assert row.generation == 3 and row.behind and not row.computed
    assert len(jobs) == 1 and dispatched == [jobs[0].pk] and row.job_id == jobs[0].pk
    assert jobs[0].organisation_id == county.county_org.pk and jobs[0].created_by_id == county.county.pk

    assert job_run(job_id=jobs[0].pk) is None
    row.refresh_from_db()
    assert row.computed and row.computed_generation == 3 and not row.behind and row.job_id is None
    assert Job.objects.get(pk=jobs[0].pk).state == JobState.DONE

    with django_capture_on_commit_callbacks(execute=True):  # the next change queues the next job
        version_paste(meeting=meeting, actor=writer, text=sample_text(0))
    assert len(_jobs()) == 2 and len(dispatched) == 2


def test_removing_a_report_marks_stale(
    county: Any, dispatched: list[int], django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        county.member_report.delete()
    row = CrossUnitResult.objects.get(pk=county.county_org.pk)
    assert row.generation == 1 and len(_jobs()) == 1 and len(dispatched) == 1


def test_a_change_while_the_job_runs_queues_one_follow_up(
    county: Any,
    dispatched: list[int],
    monkeypatch: pytest.MonkeyPatch,
    django_capture_on_commit_callbacks: Any,
) -> None:
    top = county.county_org
    with django_capture_on_commit_callbacks(execute=True):
        first = clusters_mark_stale(organisation=top)
    assert first is not None
    original = corpus.cross_unit_clusters

    def changed_meanwhile(**kwargs: Any) -> Any:
        assert clusters_mark_stale(organisation=top) is None  # the running job is the pending one
        return original(**kwargs)

    monkeypatch.setattr(corpus, "cross_unit_clusters", changed_meanwhile)
    with django_capture_on_commit_callbacks(execute=True):
        job_run(job_id=first.pk)
    row = CrossUnitResult.objects.get(pk=top.pk)
    jobs = _jobs()
    assert row.computed_generation == 1 and row.generation == 2 and row.behind
    assert len(jobs) == 2 and row.job_id == jobs[1].pk and jobs[1].state == JobState.QUEUED
    assert dispatched == [first.pk, jobs[1].pk]


def test_an_upper_organisation_without_a_reviewer_is_only_marked(county: Any, dispatched: list[int]) -> None:
    from mingjing_web.orgs.services import organisation_create

    lonely = organisation_create(name="无人审阅的县委", level="县", region="某省")
    assert clusters_mark_stale(organisation=lonely) is None
    assert CrossUnitResult.objects.get(pk=lonely.pk).generation == 1 and _jobs() == []


def test_first_visit_queues_the_job_and_shows_progress_then_the_clusters(
    client: Any, county: Any, template_in_both: Any, run_jobs: Any
) -> None:
    client.force_login(county.county.user)
    url = reverse("county_cross_unit")
    with run_jobs():
        first = client.get(url).content.decode()
    # Rendered before the job ran (it runs once the request has committed): progress, polling.
    assert 'data-testid="cluster-progress"' in first and "hx-get" in first and "正在计算" in first
    assert 'data-testid="cluster"' not in first
    assert [j.state for j in _jobs()] == [JobState.DONE]
    poll = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert 'id="cross-unit"' in poll
    assert "<html" not in poll and "hx-get" not in poll  # done: the fragment stops polling
    assert poll.count('data-testid="cluster"') == 1 and "更新于" in poll and "白鹤书记" in poll
    assert len(_jobs()) == 1  # nothing changed: no second job


def test_the_page_shows_stored_clusters_without_computing(
    client: Any,
    county: Any,
    template_in_both: Any,
    run_jobs: Any,
    monkeypatch: pytest.MonkeyPatch,
    django_assert_max_num_queries: Any,
) -> None:
    client.force_login(county.county.user)
    clusters_page(client, run_jobs)  # computed once by the job

    def never(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the page must not compute clusters nor open a corpus")

    monkeypatch.setattr(corpus, "cross_unit_clusters", never)
    monkeypatch.setattr(corpus, "corpus_open", never)
    with django_assert_max_num_queries(PAGE_QUERIES):
        page = client.get(reverse("county_cross_unit")).content.decode()
    assert page.count('data-testid="cluster"') == 1 and 'data-testid="cluster-updated"' in page
    assert county.cast.org.name in page and county.cast.other_org.name in page
    assert "hx-get" not in page and len(_jobs()) == 1


def test_a_new_version_shows_the_old_result_while_the_refresh_runs(
    client: Any, county: Any, template_in_both: Any, writer: Any, dispatched: list[int]
) -> None:
    client.force_login(county.county.user)
    clusters_refresh(organisation=county.county_org, actor=county.county)
    job_run(job_id=_jobs()[0].pk)
    version_paste(meeting=county.cast.other_meeting, actor=writer, text=sample_text(0))
    page = client.get(reverse("county_cross_unit")).content.decode()  # the index changed: refresh queued
    assert "正在重新计算" in page and "hx-get" in page and page.count('data-testid="cluster"') == 1
    assert len(_jobs()) == 2
    client.get(reverse("county_cross_unit"))  # a poll while it is pending queues nothing more
    assert len(_jobs()) == 2


def test_recompute_button_queues_at_most_one_job(
    client: Any, county: Any, dispatched: list[int], django_capture_on_commit_callbacks: Any
) -> None:
    client.force_login(county.county.user)
    url = reverse("county_cross_unit_refresh")
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(url, follow=True).content.decode()
    assert "已开始重新计算" in first
    with django_capture_on_commit_callbacks(execute=True):
        second = client.post(url, follow=True).content.decode()
    assert "正在重新计算，完成后本页自动更新" in second
    assert len(_jobs()) == 1 and len(dispatched) == 1


def test_a_failed_refresh_is_not_queued_again_by_visits(
    client: Any, county: Any, dispatched: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(**kwargs: Any) -> Any:
        raise RuntimeError("index unreadable")

    monkeypatch.setattr(corpus, "cross_unit_clusters", broken)
    monkeypatch.setattr(queue, "RETRY_DELAY_S", 0.0)
    client.force_login(county.county.user)
    client.get(reverse("county_cross_unit"))
    job = _jobs()[0]
    while job_run(job_id=job.pk) is not None:  # every attempt, as the in-process loop would
        pass
    assert Job.objects.get(pk=job.pk).state == JobState.FAILED
    page = client.get(reverse("county_cross_unit")).content.decode()
    assert "上次计算没有完成" in page and "重新计算" in page and "hx-get" not in page
    assert len(_jobs()) == 1
    client.post(reverse("county_cross_unit_refresh"))  # the button still can
    assert len(_jobs()) == 2


@pytest.mark.parametrize("who", ["admin", "reviewer", "head", "outsider_admin"])
def test_units_cannot_recompute(client: Any, county: Any, dispatched: list[int], who: str) -> None:
    client.force_login(county.cast.roles()[who].user)
    assert client.post(reverse("county_cross_unit_refresh")).status_code in (403, 404)
    assert _jobs() == []


def test_a_unit_moved_out_of_the_tree_leaves_the_shown_clusters(
    client: Any, county: Any, template_in_both: Any, run_jobs: Any
) -> None:
    from mingjing_web.orgs.models import Organisation
    from mingjing_web.orgs.services import organisation_create

    client.force_login(county.county.user)
    assert clusters_page(client, run_jobs).count('data-testid="cluster"') == 1
    elsewhere = organisation_create(name="另一县委", level="县", region="某省")
    Organisation.objects.filter(pk=county.cast.other_org.pk).update(parent=elsewhere)
    # Shown at once without the moved unit (its reports are no longer the viewer's to see)…
    page = client.get(reverse("county_cross_unit")).content.decode()
    assert 'data-testid="cluster"' not in page and county.cast.other_org.name not in page
    assert "正在重新计算" in page  # …and the changed index queued a refresh
