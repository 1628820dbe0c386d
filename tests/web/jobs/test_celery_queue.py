"""Jobs through Celery on the real Redis of this machine (no mocks): a worker on its own queue runs
the job, retries a failing attempt through the broker, and the page sees the progress in the database."""

from __future__ import annotations

import time
import uuid
from typing import Any

import pytest
from django.db import OperationalError, connection
from django.test import override_settings

from mingjing_web.jobs import kinds, queue
from mingjing_web.jobs.models import Job, JobKind, JobState
from mingjing_web.jobs.services import job_submit
from tests.web.conftest import Cast, sample_text

REDIS = "redis://127.0.0.1:6379/0"
pytestmark = pytest.mark.django_db(transaction=True)


def _redis_up() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(REDIS, socket_connect_timeout=1).ping())
    except redis.exceptions.ConnectionError:
        return False


@pytest.fixture
def worker() -> Any:
    if not _redis_up():
        pytest.skip("Redis NOT REACHABLE at 127.0.0.1:6379 — Celery tests skipped")
    from celery.contrib.testing.worker import start_worker

    name = f"mj-test-{uuid.uuid4().hex[:10]}"  # a queue of this test's own
    app = queue.celery_app(REDIS, name)
    with (
        override_settings(MINGJING_BROKER_URL=REDIS, MINGJING_QUEUE=name, MINGJING_JOBS_INLINE=False),
        start_worker(app, queues=[name], pool="solo", perform_ping_check=False, shutdown_timeout=10),
    ):
        yield app


def _wait(job_id: int, seconds: float = 60) -> Job:
    if connection.vendor == "sqlite":
        # The worker runs in a thread of this process on the test's shared-cache in-memory SQLite, where
        # a read holds a table lock that makes the worker's write fail at once ("database table is
        # locked", seen failing a run on a loaded machine): this thread's reads take no such lock.
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA read_uncommitted = true")
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            job = Job.objects.get(pk=job_id)
        except OperationalError as err:
            # The worker runs in a thread of this process on the test's shared-cache in-memory SQLite,
            # which answers a read beside a write with "table is locked" at once (a database file waits).
            if "locked" not in str(err):
                raise
            time.sleep(0.1)
            continue
        if job.finished:
            return job
        time.sleep(0.2)
    raise AssertionError(f"job {job_id} did not finish in {seconds} s")


def test_a_worker_imports_the_files_of_a_meeting(cast: Cast, worker: Any) -> None:
    files = [("李慧-对照检查材料.txt", sample_text(1).encode())]
    job = job_submit(kind=JobKind.IMPORT, actor=cast.admin, meeting=cast.meeting, files=files)
    done = _wait(job.pk)
    assert (
        done.state == JobState.DONE and done.result["files"]["0:李慧-对照检查材料.txt"]["state"] == "imported"
    )


def test_a_failed_attempt_goes_back_through_the_broker(
    cast: Cast, worker: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[int] = []

    def flaky(job: Job, progress: Any) -> kinds.Output:
        seen.append(job.attempts)
        if job.attempts < 2:
            raise ConnectionError("database went away")
        return ("x.txt", b"done")

    monkeypatch.setitem(kinds.KINDS, JobKind.EXPORT, flaky)
    monkeypatch.setattr(queue, "RETRY_DELAY_S", 0.1)
    job = job_submit(kind=JobKind.EXPORT, actor=cast.admin, meeting=cast.meeting)
    done = _wait(job.pk)
    assert seen == [1, 2] and done.state == JobState.DONE and done.attempts == 2
