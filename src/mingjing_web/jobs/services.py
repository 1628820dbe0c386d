"""Writes for background jobs: submit, run one attempt, record progress."""

from __future__ import annotations

import logging
import traceback
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from mingjing_web import policy
from mingjing_web.errors import ServiceError
from mingjing_web.jobs import queue
from mingjing_web.jobs.models import Job, JobFile, JobKind, JobState
from mingjing_web.meetings.models import Meeting
from mingjing_web.orgs.models import Membership

log = logging.getLogger(__name__)
MAX_FILES = 1000
MAX_TOTAL_BYTES = 500 * 1024 * 1024


class Progress:
    """Progress callback handed to a job kind; writes at most a few times a second."""

    def __init__(self, job: Job) -> None:
        self.job = job
        self._last = 0.0

    def total(self, total: int) -> None:
        Job.objects.filter(pk=self.job.pk).update(total=total)

    def step(self, done: int, message: str = "", *, force: bool = False) -> None:
        import time

        now = time.monotonic()
        if force or now - self._last > 0.3:
            self._last = now
            Job.objects.filter(pk=self.job.pk).update(done=done, message=message[:300])

    def save_result(self, result: dict[str, Any]) -> None:
        """Keep partial results, so that a retry skips what is done."""
        self.job.result = result
        Job.objects.filter(pk=self.job.pk).update(result=result)


def job_submit(
    *,
    kind: str,
    actor: Membership,
    meeting: Meeting | None = None,
    files: Sequence[tuple[str, bytes]] = (),
    params: dict[str, Any] | None = None,
    max_attempts: int = 3,
) -> Job:
    """Record a job with its input files and hand it to the queue once committed."""
    if kind not in JobKind.values:
        raise ServiceError("未知的任务类型。")
    if meeting is not None:
        policy.require(policy.can_manage_meeting(who=actor, meeting=meeting))
    elif not policy.can_admin_organisation(who=actor):
        policy.require(False)
    if len(files) > MAX_FILES:
        raise ServiceError(f"一次最多处理 {MAX_FILES} 个文件，请分批上传。")
    if sum(len(d) for _, d in files) > MAX_TOTAL_BYTES:
        raise ServiceError("上传的文件合计超过 500 MB，请分批上传。")
    with transaction.atomic():
        job = Job.objects.create(
            kind=kind,
            organisation_id=actor.organisation_id,
            meeting=meeting,
            created_by=actor,
            params=params or {},
            max_attempts=max_attempts,
            message="等待执行",
        )
        JobFile.objects.bulk_create(JobFile(job=job, name=n[:255], data=d) for n, d in files)
        queue.submit_on_commit(job.pk)
    return job


def _claim(job_id: int) -> Job | None:
    """Mark the job running (one attempt more); None when it is finished or gone."""
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.finished:
            return None
        job.state = JobState.RUNNING
        job.attempts = F("attempts") + 1
        job.started_at = job.started_at or timezone.now()
        job.save(update_fields=["state", "attempts", "started_at"])
    job.refresh_from_db()
    return job


def job_run(*, job_id: int) -> float | None:
    """Run one attempt. Returns None when the job is finished (done or failed for good), or the delay
    in seconds before the next attempt."""
    from mingjing_web.jobs.kinds import KINDS, JobFailure

    job = _claim(job_id)
    if job is None:
        return None
    try:
        output = KINDS[job.kind](job, Progress(job))
    except JobFailure as err:  # bad input: retrying cannot help
        _fail(job, err.message)
        return None
    except Exception as err:
        log.exception("job %s attempt %s failed", job.pk, job.attempts)
        if job.attempts < job.max_attempts:
            delay = float(queue.RETRY_DELAY_S * 2 ** (job.attempts - 1))
            Job.objects.filter(pk=job.pk).update(
                state=JobState.RETRYING,
                message=f"第 {job.attempts} 次执行出错，{delay:.0f} 秒后自动重试",
                error="".join(traceback.format_exception_only(err))[:2000],
            )
            return delay
        _fail(job, "任务多次重试后仍然出错，请稍后重新提交；如果反复出现，请联系管理员。")
        return None
    name, data = output if output is not None else ("", None)
    Job.objects.filter(pk=job.pk).update(
        state=JobState.DONE,
        done=F("total"),
        message="已完成",
        output=data,
        output_name=name,
        finished_at=timezone.now(),
    )
    return None


def _fail(job: Job, message: str) -> None:
    Job.objects.filter(pk=job.pk).update(
        state=JobState.FAILED, message=message[:300], finished_at=timezone.now()
    )
