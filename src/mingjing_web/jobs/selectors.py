"""Reads for background jobs."""

from __future__ import annotations

from mingjing_web.jobs.models import Job
from mingjing_web.orgs.models import Membership

LIGHT = ("output",)  # never load the output file for a list or a progress poll


def job_visible(*, job: Job, viewer: Membership) -> bool:
    """Its submitter, and the reviewers and admins of its organisation."""
    return job.organisation_id == viewer.organisation_id and (
        job.created_by_id == viewer.pk or viewer.can_oversee
    )


def job_get(*, job_id: int) -> Job | None:
    return Job.objects.select_related("meeting", "created_by").defer(*LIGHT).filter(pk=job_id).first()


def job_list(*, viewer: Membership, limit: int = 50) -> list[Job]:
    jobs = Job.objects.filter(organisation_id=viewer.organisation_id).defer(*LIGHT).select_related("meeting")
    if not viewer.can_oversee:
        jobs = jobs.filter(created_by=viewer)
    return list(jobs[:limit])


def job_files(*, job: Job) -> list[dict[str, str]]:
    """Per-file outcomes of an import, in the order processed."""
    rows = job.result.get("files", {}) if isinstance(job.result, dict) else {}
    return [dict(v) for _, v in sorted(rows.items(), key=lambda kv: int(kv[0].split(":", 1)[0]))]
