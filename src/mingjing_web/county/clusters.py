"""Writes of the stored cross-unit clusters (issue 12): mark them stale when the subtree's copy index
changes, queue a refresh (at most one pending per upper organisation), and run the refresh as a job.

The computation itself stays ``mingjing_web.corpus.cross_unit_clusters``; this module only decides when
it runs and keeps its result in :class:`~mingjing_web.county.models.CrossUnitResult`.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from mingjing_web import policy
from mingjing_web.county.models import CrossUnitResult
from mingjing_web.jobs import queue
from mingjing_web.jobs.models import Job, JobKind, JobState
from mingjing_web.orgs.models import Membership, Organisation, Role

if TYPE_CHECKING:
    from mingjing_web.corpus import CrossUnitCluster
    from mingjing_web.jobs.services import Progress

# A pending job this old never started or never finished: its process is gone (an in-process pool
# lost with a restart, a command that exited). Another refresh may then be queued.
LOST_QUEUED = dt.timedelta(minutes=10)
LOST_RUNNING = dt.timedelta(minutes=30)


def job_pending(job: Job | None, *, now: dt.datetime | None = None) -> bool:
    """The job will still run or finish (queued, running or retrying, and not lost)."""
    if job is None or job.finished:
        return False
    now = now or timezone.now()
    if job.state == JobState.QUEUED:
        return now - job.created_at < LOST_QUEUED
    return now - (job.started_at or job.created_at) < LOST_RUNNING


def _locked(organisation_id: int) -> CrossUnitResult:
    """The organisation's row, created on first use, locked until the transaction ends (PostgreSQL)."""
    CrossUnitResult.objects.get_or_create(organisation_id=organisation_id)
    return CrossUnitResult.objects.select_for_update().get(pk=organisation_id)


def _job_of(row: CrossUnitResult) -> Job | None:
    if row.job_id is None:
        return None
    return Job.objects.defer("output").filter(pk=row.job_id).first()


def _requester(organisation_id: int) -> Membership | None:
    """Whom an automatic refresh is recorded for: the organisation's first active 上级审阅 member.
    None when nobody there can see the page: the result is then only marked stale, and the first
    visit queues the refresh."""
    found = Membership.objects.filter(
        organisation_id=organisation_id, role=Role.SUPERVISOR, user__is_active=True
    )
    return found.order_by("pk").first()


def _ensure_refresh(row: CrossUnitResult, *, by: Membership | None) -> tuple[Job | None, bool]:
    """The pending refresh of ``row`` and whether it was queued now (None when nobody can see it)."""
    current = _job_of(row)
    if job_pending(current):
        return current, False
    by = by or _requester(row.pk)
    if by is None:
        return None, False
    job = Job.objects.create(
        kind=JobKind.CLUSTERS,
        organisation_id=row.pk,
        created_by=by,
        params={"organisation_id": row.pk},
        message="等待执行",
    )
    row.job = job
    row.save(update_fields=["job"])
    queue.submit_on_commit(job.pk)
    return job, True


def clusters_mark_stale(*, organisation: Organisation) -> Job | None:
    """The subtree's copy index changed: the stored clusters are behind. Queues a refresh unless one is
    already pending (a burst of uploads queues one job, not one per upload); returns the job queued now."""
    with transaction.atomic():
        row = _locked(organisation.pk)
        row.generation += 1  # under the row lock: no lost increment
        row.save(update_fields=["generation"])
        job, created = _ensure_refresh(row, by=None)
    return job if created else None


def clusters_refresh(*, organisation: Organisation, actor: Membership) -> Job | None:
    """Queue a refresh for the 上级审阅 page (first visit, a changed index, 重新计算) unless one is
    pending; returns the pending job."""
    allowed = policy.can_supervise(who=actor) and actor.organisation_id == organisation.pk
    policy.require(allowed, message="只有上级审阅人员可以重新计算跨单位雷同材料。")
    with transaction.atomic():
        job, _created = _ensure_refresh(_locked(organisation.pk), by=actor)
    return job


def cluster_json(cluster: CrossUnitCluster) -> dict[str, Any]:
    """One cluster as stored (names as computed; the page relabels them for its viewer)."""
    return {
        "longest": cluster.longest,
        "units": list(cluster.units),
        "members": [
            {
                "report_id": m.report_id,
                "organisation_id": m.organisation_id,
                "unit": m.unit,
                "author": m.author,
                "meeting": m.meeting,
            }
            for m in cluster.members
        ],
    }


def clusters_compute(*, job: Job, progress: Progress) -> int:
    """The job's body: compute the clusters of the job's organisation and store them; returns how many.

    When the index changed while it ran, another refresh is queued once this one is stored."""
    from mingjing_web.corpus import cross_unit_clusters, tree_index_state
    from mingjing_web.county.selectors import settings_data
    from mingjing_web.jobs.kinds import JobFailure

    organisation = Organisation.objects.filter(pk=job.organisation_id).first()
    if organisation is None:
        raise JobFailure("该组织已不存在。")
    progress.total(3)
    progress.step(0, "正在读取下级单位的材料索引", force=True)
    started = CrossUnitResult.objects.get_or_create(organisation=organisation)[0].generation
    state = tree_index_state(organisation=organisation)
    minimum = int(settings_data()["cluster_min_passage"])
    progress.step(1, "正在比对各单位的材料", force=True)
    found = [cluster_json(c) for c in cross_unit_clusters(organisation=organisation, min_passage=minimum)]
    progress.step(2, "正在保存结果", force=True)
    with transaction.atomic():
        row = _locked(organisation.pk)
        # A lost job finishing after a newer one must not overwrite the newer result.
        if row.computed_generation is None or started >= row.computed_generation:
            row.clusters = found
            row.min_passage = minimum
            row.computed_generation = started
            row.index_state = state
            row.documents = int(state.split(":", 1)[0])
            row.computed_at = timezone.now()
        if row.job_id == job.pk:
            row.job = None
        row.save()
        if row.generation != started:  # changes arrived while this ran
            _ensure_refresh(row, by=None)
    progress.save_result({"clusters": len(found), "generation": started, "index_state": state})
    progress.step(3, "已完成", force=True)
    return len(found)
