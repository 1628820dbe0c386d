"""Where jobs run: Celery workers when MINGJING_BROKER_URL is set, else a thread pool in this process.

Celery (on the Redis or RabbitMQ already running) was chosen over a PostgreSQL-backed queue because
the embedded default is SQLite, where a database queue would have to poll a file shared by every web
process; docs/jobs.md gives the full reasoning. The task carries only the job id: the job's inputs and
progress live in the database, so any worker on any machine can run it and the page can follow it.
"""

from __future__ import annotations

import logging
from functools import cache
from typing import Any

from django.conf import settings
from django.db import connection, transaction

from mingjing_web.threads import LazyPool

log = logging.getLogger(__name__)
TASK_NAME = "mingjing.job.run"
RETRY_DELAY_S = 2.0  # first retry after this; doubles each attempt


def broker_url() -> str:
    return str(getattr(settings, "MINGJING_BROKER_URL", "") or "")


def queue_name() -> str:
    return str(getattr(settings, "MINGJING_QUEUE", "mingjing") or "mingjing")


@cache
def celery_app(url: str, queue: str) -> Any:
    """The Celery application for a broker and queue (one per pair, built on first use)."""
    from celery import Celery

    app = Celery("mingjing", broker=url, set_as_current=False)
    app.conf.update(
        task_default_queue=queue,
        task_acks_late=True,  # a worker that dies mid-job leaves the message for another worker
        task_reject_on_worker_lost=True,
        worker_prefetch_multiplier=1,  # long jobs: do not hoard messages other workers could run
        broker_connection_retry_on_startup=True,
        task_ignore_result=True,  # progress and results live in the Job row, not a result backend
        worker_hijack_root_logger=False,
    )

    app.task(name=TASK_NAME, bind=True, max_retries=None)(_task)
    return app


def _task(self: Any, job_id: int) -> None:
    """The one Celery task: run an attempt; on failure with attempts left, back on the queue."""
    from mingjing_web.jobs.services import job_run

    delay = job_run(job_id=job_id)
    if delay is not None:  # any worker may take the retry
        raise self.retry(countdown=delay)


def dispatch(job_id: int) -> None:
    """Hand a committed job to its runner (called from ``transaction.on_commit``)."""
    if getattr(settings, "MINGJING_JOBS_INLINE", False):
        _run_in_process(job_id)
        return
    url = broker_url()
    if url:
        celery_app(url, queue_name()).send_task(TASK_NAME, args=[job_id], queue=queue_name())
        return
    try:
        _pool().submit(_in_thread, job_id)
    except RuntimeError:
        # The interpreter is exiting (the pool refuses new work once its exit hook ran), typically a job
        # that queues another as it finishes: run it here rather than leave it queued with no runner.
        _run_logged(job_id)


_pool = LazyPool("mingjing-job", 2)  # the embedded default's jobs, in the server process


def _run_in_process(job_id: int) -> None:
    """Run with retries here (no broker): wait between attempts like a worker would."""
    import time

    from mingjing_web.jobs.services import job_run

    while True:
        delay = job_run(job_id=job_id)
        if delay is None:
            return
        time.sleep(delay)


def _run_logged(job_id: int) -> None:
    try:
        _run_in_process(job_id)
    except Exception:
        log.exception("job %s crashed", job_id)


def _in_thread(job_id: int) -> None:
    try:
        _run_logged(job_id)
    finally:
        connection.close()  # this thread's own connection


def submit_on_commit(job_id: int) -> None:
    transaction.on_commit(lambda: dispatch(job_id))
